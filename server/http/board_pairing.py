"""Pairing a hall TV's browser with the board: a board token kept in a cookie.

The organiser opens ``/board?token=…`` once on the TV. The token is checked
like any bearer token, then kept in an HttpOnly cookie, so it leaves the
address bar (and the browser's history) and the page's script never sees
it; the board's event stream and its announcements accept that cookie.
"""

from contract import operations as ops

from ..rules.errors import Forbidden, Unauthorized
from ..services.accounts import Accounts, Principal
from .feed_streams import BOARD_COOKIE  # the stream reads the cookie this page sets
from .routing import principal_of

BOARD_ROLES = ops.BOARD_STREAM.roles
# A TV is paired once for the life of its board token, not for a browser session.
COOKIE_MAX_AGE = 400 * 24 * 3600


def board_principal(accounts: Accounts, token: str | None) -> Principal | None:
    """Who holds ``token`` if it may show the board; None for no, a bad or a foreign token."""
    try:
        return principal_of(accounts, BOARD_ROLES, token)
    except (Unauthorized, Forbidden):
        return None


def remember(response, token: str) -> None:
    # Path "/" so that /api/v1/board/... receives it too. Not Secure: a venue's
    # LAN serves plain HTTP.
    response.set_cookie(BOARD_COOKIE, token, max_age=COOKIE_MAX_AGE, path="/",
                        httponly=True, samesite="Strict")


def forget(response) -> None:
    response.delete_cookie(BOARD_COOKIE, path="/", httponly=True, samesite="Strict")
