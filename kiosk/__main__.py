"""``python -m kiosk --server … --token …``: the same as ``kezek kiosk``."""

from kiosk.cli import kiosk_command

kiosk_command(prog_name="kezek kiosk")
