"""A browser paired with a token kept in a cookie: the hall TV's board, a department's
page, the akim's register.

The person opens ``<page>?token=…`` once. The token is checked like any
bearer token, then kept in an HttpOnly cookie, so it leaves the address bar
(and the browser's history) and no script on the page ever sees it.
"""

from dataclasses import dataclass

from ..rules.errors import Forbidden, Unauthorized
from ..services.accounts import Accounts, Principal
from .routing import principal_of

# Paired once for the life of the token, not for a browser session.
COOKIE_MAX_AGE = 400 * 24 * 3600


@dataclass(frozen=True)
class CookiePairing:
    cookie: str
    roles: tuple

    def principal(self, accounts: Accounts, token: str | None) -> Principal | None:
        """Who holds ``token`` if it may open the page; None for no, a bad or a foreign token."""
        try:
            return principal_of(accounts, self.roles, token)
        except (Unauthorized, Forbidden):
            return None

    def remember(self, response, token: str) -> None:
        # Path "/" so that the API's paths receive it too. Not Secure: a venue's
        # LAN serves plain HTTP.
        response.set_cookie(self.cookie, token, max_age=COOKIE_MAX_AGE, path="/",
                            httponly=True, samesite="Strict")

    def forget(self, response) -> None:
        response.delete_cookie(self.cookie, path="/", httponly=True, samesite="Strict")
