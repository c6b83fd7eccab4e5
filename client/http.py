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
import msgspec

from contract import devices as dv
from contract import views as v

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


def worth_resending(exc: BaseException) -> bool:
    """No answer, or the server failed midway: the same request may still succeed."""
    return isinstance(exc, ServerUnreachable) or (isinstance(exc, ApiError) and exc.status >= 500)


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

    @property
    def board_events_url(self) -> str:
        """The board's content, whole, live (read with ``EventStream(resume=False)``)."""
        return self.root + "/board/events"

    # -- transport ---------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        authorised: bool = True,
        shape: type | None = None,
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
        return _answer(response, shape)

    def _get(self, path: str, shape: type, authorised: bool = True) -> Any:
        return self._request("GET", path, authorised=authorised, shape=shape)

    def _post(self, path: str, shape: type, body: Mapping | None = None,
              key: str | None = None) -> Any:
        return self._request("POST", path, body if body is not None else {}, key, shape=shape)

    # -- public and any-token reads ----------------------------------------

    def health(self) -> v.Health:
        return self._get("/health", v.Health, authorised=False)

    def reception(self) -> v.Reception:
        return self._get("/reception", v.Reception)

    def queues(self) -> list[v.Queue]:
        return self._get("/queues", v.QueueList).queues

    def desks(self) -> list[v.Desk]:
        return self._get("/desks", v.DeskList).desks

    def visitor(self, code: str) -> v.VisitorStatus:
        return self._get(f"/visitors/{code}", v.VisitorStatus, authorised=False)

    def board(self) -> v.Board:
        return self._get("/board", v.Board)

    # -- kiosk --------------------------------------------------------------

    def issue_tickets(
        self,
        queue_ids: Sequence[int],
        language: str,
        privileged: str | None,
        idempotency_key: str,
    ) -> v.IssueResult:
        body = {
            "queue_ids": list(queue_ids),
            "language": language,
            "privileged": privileged,
            "idempotency_key": idempotency_key,
        }
        return self._post("/tickets", v.IssueResult, body, idempotency_key)

    def cancel_ticket(self, ticket_id: int, reason: str,
                      idempotency_key: str | None = None) -> v.Ticket:
        answer = self._post(f"/tickets/{ticket_id}/cancel", v.TicketAnswer, {"reason": reason},
                            idempotency_key)
        return answer.ticket

    # -- kiosk and board ----------------------------------------------------

    def report_device_status(self, status: dv.DeviceStatus) -> dv.DeviceStatusAnswer:
        """Tell the server how this device's printer or speech is (kiosk and board tokens)."""
        return self._post("/devices/status", dv.DeviceStatusAnswer, msgspec.to_builtins(status))

    # -- desk operator ------------------------------------------------------

    def desk_session(self, desk_id: int, pin: str) -> v.DeskSession:
        """A desk's operator token; use :meth:`with_token` with ``.token``."""
        return self._request("POST", f"/desks/{desk_id}/session", {"pin": pin},
                             authorised=False, shape=v.DeskSession)

    def desk(self, desk_id: int) -> v.Desk:
        return self._get(f"/desks/{desk_id}", v.Desk)

    def desk_overview(self, desk_id: int) -> v.DeskOverview:
        """The desk, its waiting line in call order, and its figures for the day."""
        return self._get(f"/desks/{desk_id}/overview", v.DeskOverview)

    def call_next(self, desk_id: int, idempotency_key: str | None = None) -> v.CallResult | None:
        """The called ticket, or None when nobody is eligible (204)."""
        return self._post(f"/desks/{desk_id}/call-next", v.CallResult, None, idempotency_key)

    def ticket(self, ticket_id: int) -> v.TicketDetail:
        return self._get(f"/tickets/{ticket_id}", v.TicketDetail)

    def _ticket_action(self, ticket_id: int, action: str, body=None, key=None) -> v.Ticket:
        return self._post(f"/tickets/{ticket_id}/{action}", v.TicketAnswer, body, key).ticket

    def recall(self, ticket_id: int, idempotency_key: str | None = None) -> v.Ticket:
        return self._ticket_action(ticket_id, "recall", key=idempotency_key)

    def start(self, ticket_id: int, idempotency_key: str | None = None) -> v.Ticket:
        return self._ticket_action(ticket_id, "start", key=idempotency_key)

    def finish(self, ticket_id: int, idempotency_key: str | None = None) -> v.Ticket:
        return self._ticket_action(ticket_id, "finish", key=idempotency_key)

    def no_show(self, ticket_id: int, idempotency_key: str | None = None) -> v.Ticket:
        return self._ticket_action(ticket_id, "no-show", key=idempotency_key)

    def transfer(self, ticket_id: int, queue_id: int, note: str | None = None,
                 idempotency_key: str | None = None) -> v.Ticket:
        body = {"queue_id": queue_id, "note": note}
        return self._ticket_action(ticket_id, "transfer", body, idempotency_key)

    def return_ticket(self, ticket_id: int, idempotency_key: str | None = None) -> v.Ticket:
        return self._ticket_action(ticket_id, "return", key=idempotency_key)

    def pause(self, desk_id: int, idempotency_key: str | None = None) -> v.Desk:
        return self._post(f"/desks/{desk_id}/pause", v.DeskAnswer, None, idempotency_key).desk

    def resume(self, desk_id: int, idempotency_key: str | None = None) -> v.Desk:
        return self._post(f"/desks/{desk_id}/resume", v.DeskAnswer, None, idempotency_key).desk

    def record_appeal(self, ticket_id: int, appeal: Mapping[str, Any],
                      idempotency_key: str | None = None) -> v.Appeal:
        return self._post(f"/tickets/{ticket_id}/appeal", v.AppealAnswer, appeal,
                          idempotency_key).appeal

    # -- organiser ----------------------------------------------------------

    def admin_session(self, user: str, password: str) -> v.AdminSession:
        body = {"user": user, "password": password}
        return self._request("POST", "/admin/session", body, authorised=False,
                             shape=v.AdminSession)

    def open_reception(self) -> v.Reception:
        return self._post("/reception/open", v.Reception)

    def close_reception(self) -> v.Reception:
        return self._post("/reception/close", v.Reception)

    def set_queue_open(self, queue_id: int, is_open: bool) -> v.Queue:
        return self._request("PATCH", f"/queues/{queue_id}", {"open": is_open}, shape=v.Queue)

    def report_summary(self) -> v.ReportSummary:
        return self._get("/reports/summary", v.ReportSummary)

    def devices(self) -> dv.DeviceList:
        return self._get("/devices", dv.DeviceList)

    def order_test_print(self, token_id: int) -> dv.PrintTestAnswer:
        return self._post(f"/devices/{token_id}/test-print", dv.PrintTestAnswer)

    def dashboard(self) -> dv.Dashboard:
        return self._get("/dashboard", dv.Dashboard)

    @property
    def dashboard_events_url(self) -> str:
        """The dashboard, whole, live (read with ``EventStream(resume=False)``)."""
        return self.root + "/dashboard/events"


def _answer(response: httpx.Response, shape: type | None) -> Any:
    """A success decoded as ``shape`` (None for 204), an ApiError otherwise."""
    if response.status_code == 204:
        return None
    if response.is_success:
        if shape is None:
            return response.json() if response.content else None
        try:
            return msgspec.json.decode(response.content, type=shape)
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            # Not what the contract promises: a proxy's page, or another server.
            raise ApiError(response.status_code, "unexpected_answer", str(exc)) from exc
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = None
    if isinstance(body, dict) and "error" in body:
        raise ApiError(response.status_code, str(body["error"]), str(body.get("message", "")), body)
    # Not our server's error format (a proxy, a crash page): keep the status.
    code = "server_error" if response.status_code >= 500 else "http_error"
    raise ApiError(response.status_code, code, response.text[:200])
