"""Synchronous HTTP client of the Kezek API (docs/api.md).

It blocks, so the apps call it from worker threads (client.qt_bridge), never
from the GUI thread. Every server error ``{"error", "message"}`` becomes an
:class:`ApiError`; a server that cannot be reached becomes
:class:`ServerUnreachable`, so callers decide between "retry" and "tell the
person" on the exception type alone.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import httpx

from client.models import (
    CallResult,
    IssueResult,
    Queue,
    Reception,
    Ticket,
    VisitorStatus,
)

API_PREFIX = "/api/v1"


class ClientError(Exception):
    """Base of the errors this client raises."""


class ServerUnreachable(ClientError):
    """No answer: connection refused, reset or timed out. Safe to retry."""


class ApiError(ClientError):
    """The server answered with an error."""

    def __init__(self, status: int, code: str, message: str, body: Mapping | None = None):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.body = dict(body or {})


def api_root(base_url: str) -> str:
    """``http://host:port`` or ``…/api/v1`` → ``http://host:port/api/v1``."""
    root = base_url.rstrip("/")
    return root if root.endswith(API_PREFIX) else root + API_PREFIX


class ApiClient:
    """One API client per credential (kiosk, board, desk operator, admin)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ):
        self.base_url = base_url
        self.root = api_root(base_url)
        self.token = token
        self.timeout = timeout
        self._transport = transport
        self._http = httpx.Client(timeout=timeout, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "ApiClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def with_token(self, token: str) -> "ApiClient":
        """A new client for the same server with another credential."""
        return ApiClient(self.base_url, token, self.timeout, self._transport)

    @property
    def events_url(self) -> str:
        return self.root + "/events"

    # -- transport ---------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        authorised: bool = True,
    ) -> Any:
        headers = {"Accept": "application/json"}
        if authorised and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        try:
            response = self._http.request(
                method, self.root + path, json=body, headers=headers
            )
        except httpx.TransportError as exc:
            raise ServerUnreachable(f"{method} {path}: {exc!r}") from exc
        return _answer(response)

    def _get(self, path: str, authorised: bool = True) -> Any:
        return self._request("GET", path, authorised=authorised)

    def _post(self, path: str, body: Mapping | None = None, key: str | None = None) -> Any:
        return self._request("POST", path, body if body is not None else {}, key)

    # -- public and any-token reads ----------------------------------------

    def health(self) -> dict:
        return self._get("/health", authorised=False)

    def reception(self) -> Reception:
        return Reception.from_json(self._get("/reception"))

    def queues(self) -> list[Queue]:
        return [Queue.from_json(q) for q in self._get("/queues")["queues"]]

    def desks(self) -> list[dict]:
        return self._get("/desks")["desks"]

    def visitor(self, code: str) -> VisitorStatus:
        return VisitorStatus.from_json(self._get(f"/visitors/{code}", authorised=False))

    def board(self) -> dict:
        return self._get("/board")

    # -- kiosk --------------------------------------------------------------

    def issue_tickets(
        self,
        queue_ids: Sequence[int],
        language: str,
        privileged: str | None,
        idempotency_key: str,
    ) -> IssueResult:
        body = {
            "queue_ids": list(queue_ids),
            "language": language,
            "privileged": privileged,
            "idempotency_key": idempotency_key,
        }
        return IssueResult.from_json(self._post("/tickets", body, idempotency_key))

    def cancel_ticket(self, ticket_id: int, reason: str, idempotency_key: str | None = None) -> Ticket:
        answer = self._post(f"/tickets/{ticket_id}/cancel", {"reason": reason}, idempotency_key)
        return Ticket.from_json(answer["ticket"])

    # -- desk operator ------------------------------------------------------

    def desk_session(self, desk_id: int, pin: str) -> dict:
        """``{token, desk, expires_at}``; use :meth:`with_token` with the token."""
        return self._request("POST", f"/desks/{desk_id}/session", {"pin": pin}, authorised=False)

    def call_next(self, desk_id: int, idempotency_key: str | None = None) -> CallResult | None:
        """The called ticket, or None when nobody is eligible (204)."""
        answer = self._post(f"/desks/{desk_id}/call-next", None, idempotency_key)
        return CallResult.from_json(answer) if answer else None

    def ticket(self, ticket_id: int) -> dict:
        return self._get(f"/tickets/{ticket_id}")

    def _ticket_action(self, ticket_id: int, action: str, body=None, key=None) -> Ticket:
        return Ticket.from_json(self._post(f"/tickets/{ticket_id}/{action}", body, key)["ticket"])

    def recall(self, ticket_id: int, idempotency_key: str | None = None) -> Ticket:
        return self._ticket_action(ticket_id, "recall", key=idempotency_key)

    def start(self, ticket_id: int, idempotency_key: str | None = None) -> Ticket:
        return self._ticket_action(ticket_id, "start", key=idempotency_key)

    def finish(self, ticket_id: int, idempotency_key: str | None = None) -> Ticket:
        return self._ticket_action(ticket_id, "finish", key=idempotency_key)

    def no_show(self, ticket_id: int, idempotency_key: str | None = None) -> Ticket:
        return self._ticket_action(ticket_id, "no-show", key=idempotency_key)

    def transfer(self, ticket_id: int, queue_id: int, idempotency_key: str | None = None) -> Ticket:
        return self._ticket_action(ticket_id, "transfer", {"queue_id": queue_id}, idempotency_key)

    def return_ticket(self, ticket_id: int, idempotency_key: str | None = None) -> Ticket:
        return self._ticket_action(ticket_id, "return", key=idempotency_key)

    def pause(self, desk_id: int) -> dict:
        return self._post(f"/desks/{desk_id}/pause")["desk"]

    def resume(self, desk_id: int) -> dict:
        return self._post(f"/desks/{desk_id}/resume")["desk"]

    def record_appeal(self, ticket_id: int, appeal: Mapping[str, Any], idempotency_key: str | None = None) -> dict:
        return self._post(f"/tickets/{ticket_id}/appeal", appeal, idempotency_key)["appeal"]

    # -- organiser ----------------------------------------------------------

    def admin_session(self, user: str, password: str) -> str:
        body = {"user": user, "password": password}
        return self._request("POST", "/admin/session", body, authorised=False)["token"]

    def open_reception(self) -> Reception:
        return Reception.from_json(self._post("/reception/open"))

    def close_reception(self) -> Reception:
        return Reception.from_json(self._post("/reception/close"))

    def set_queue_open(self, queue_id: int, is_open: bool) -> Queue:
        return Queue.from_json(self._request("PATCH", f"/queues/{queue_id}", {"open": is_open}))

    def report_summary(self) -> dict:
        return self._get("/reports/summary")


def _answer(response: httpx.Response) -> Any:
    """The JSON body of a success, None for 204, an ApiError otherwise."""
    if response.status_code == 204:
        return None
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = None
    if response.is_success:
        return body
    if isinstance(body, dict) and "error" in body:
        raise ApiError(response.status_code, str(body["error"]), str(body.get("message", "")), body)
    # Not our server's error format (a proxy, a crash page): keep the status.
    code = "server_error" if response.status_code >= 500 else "http_error"
    raise ApiError(response.status_code, code, response.text[:200])
