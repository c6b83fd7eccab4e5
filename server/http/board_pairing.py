"""Pairing a hall TV's browser with the board: a board token kept in a cookie.

The organiser opens ``/board?token=…`` once on the TV (pairing.py); the
board's event stream and its announcements accept that cookie.
"""

from contract import operations as ops

from .feed_streams import BOARD_COOKIE  # the stream reads the cookie this page sets
from .pairing import CookiePairing

BOARD = CookiePairing(BOARD_COOKIE, ops.BOARD_STREAM.roles)
board_principal = BOARD.principal
remember = BOARD.remember
forget = BOARD.forget
