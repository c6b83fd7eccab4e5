"""``python -m display_board --server … --token …``: the same as ``kezek board``."""

from display_board.cli import board_command

board_command(prog_name="kezek board")
