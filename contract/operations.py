"""Every endpoint of API v1: path, method, who may call it, what it takes and answers.

The server registers its routes from this table (so a route, its roles and
its body's shape cannot disagree), the OpenAPI document is generated from
it, and tests check that the server serves exactly these operations.
"""

from dataclasses import dataclass

import msgspec

from . import days
from . import devices as dv
from . import follow_up as fu
from . import requests as rq
from . import views as v
from .enums import FollowUpStatus, Role, TicketAction
from .fields import Id, VisitorCode

PREFIX = "/api/v1"
ANY_ROLE = (Role.ADMIN, Role.OPERATOR, Role.KIOSK, Role.BOARD)
# Every path parameter and its type; ids are positive 64-bit integers.
PATH_PARAMETERS = {"desk_id": Id, "ticket_id": Id, "queue_id": Id, "code": VisitorCode,
                   "seq": Id, "appeal_id": Id, "link_id": Id, "token_id": Id}


@dataclass(frozen=True)
class Media:
    """An answer that is not JSON: its media type and what it is."""

    media_type: str
    description: str
    binary: bool = False
    schema: dict | None = None  # when not a plain string (JSON that is no Struct)


@dataclass(frozen=True)
class QueryParameter:
    name: str
    schema: dict
    description: str


@dataclass(frozen=True)
class Operation:
    name: str  # the operationId and the route's endpoint name
    method: str
    path: str  # OpenAPI template, e.g. /api/v1/desks/{desk_id}/call-next
    summary: str
    roles: tuple[Role, ...]  # empty: no token needed
    answers: dict[int, type | Media | None]  # status → Struct, other media, or no body
    body: type | None = None  # a contract.requests Struct
    body_required: bool = False
    errors: tuple[int, ...] = ()  # besides 401/403 (roles) and 400 (body)
    query: tuple[QueryParameter, ...] = ()
    headers: tuple[QueryParameter, ...] = ()
    description: str = ""
    streaming: bool = False  # an endless answer (the event stream)

    @property
    def idempotent(self) -> bool:
        """Accepts an idempotency key (body field or Idempotency-Key header)."""
        return self.body is not None and issubclass(self.body, rq.Idempotent)

    @property
    def path_parameters(self) -> list[str]:
        return [part[1:-1] for part in self.path.split("/") if part.startswith("{")]

    @property
    def statuses(self) -> list[int]:
        """Every status this operation may answer, success first."""
        refused = set(self.errors)
        if self.roles:
            refused |= {401, 403}
        if self.body is not None or self.query or self.headers:
            refused.add(400)
        if self.path_parameters:
            refused.add(404)
        return [*self.answers, *sorted(refused - set(self.answers))]


def _op(name, method, path, summary, roles, answers, **more) -> Operation:
    return Operation(name, method, PREFIX + path, summary, tuple(roles), answers, **more)


TICKET_ACTION_SUMMARIES = {
    TicketAction.RECALL: "Call the ticket again (the board repeats the announcement)",
    TicketAction.START: "The visitor has arrived at the desk",
    TicketAction.FINISH: "The visit is over",
    TicketAction.NO_SHOW: "The visitor did not come",
    TicketAction.RETURN: "Put the ticket back in its queue at its original place",
}
ADMIN, OPERATOR, KIOSK, BOARD = Role.ADMIN, Role.OPERATOR, Role.KIOSK, Role.BOARD
DEPARTMENT = Role.DEPARTMENT
LANG_QUERY = QueryParameter("lang", {"enum": ["kk", "ru", "en"], "default": "ru"},
                            "Language of the labels")

HEALTH = _op("health", "GET", "/health", "Liveness and version", (), {200: v.Health})
RECEPTION = _op("reception", "GET", "/reception", "The reception day", ANY_ROLE,
                {200: v.Reception})
RECEPTION_SETTINGS = _op("reception_settings", "PATCH", "/reception",
                         "Set the day's titles, venue, date, hours, languages, lists and "
                         "the address visitors' phones reach",
                         (ADMIN,), {200: v.Reception}, body=rq.ReceptionSettings,
                         body_required=True, errors=(409,))
OPEN_RECEPTION = _op("open_reception", "POST", "/reception/open", "Open the day", (ADMIN,),
                     {200: v.Reception}, body=rq.Idempotent)
CLOSE_RECEPTION = _op("close_reception", "POST", "/reception/close",
                      "Close the day (no new tickets)", (ADMIN,), {200: v.Reception},
                      body=rq.Idempotent)
DAYS = _op("days", "GET", "/days", "The days whose report can be read: this one and the archived",
           (ADMIN,), {200: days.DayList})
NEXT_DAY = _op("next_day", "POST", "/reception/next-day",
               "Start the next day: numbering afresh, settings, officials and devices kept",
               (ADMIN,), {200: v.Reception}, body=rq.NextDay, body_required=True,
               errors=(409, 503),
               description="409 unless the day is closed; the date must be later than the "
                           "day's. The day's archive is made again first if it changed since "
                           "the close (503 if it cannot be written). Its appeals for follow-up "
                           "stay in the register.")
QUEUES = _op("queues", "GET", "/queues", "Officials and services with waiting counts and ETA",
             ANY_ROLE, {200: v.QueueList})
SET_QUEUE_OPEN = _op("set_queue_open", "PATCH", "/queues/{queue_id}",
                     "Open or close a queue for new tickets", (ADMIN,), {200: v.Queue},
                     body=rq.SetQueueOpen, body_required=True)
EDIT_OFFICIAL = _op(
    "edit_official", "PATCH", "/queues/{queue_id}/official",
    "Correct one official: texts per language, desk, prefix, languages", (ADMIN,),
    {200: v.Queue}, body=rq.EditOfficial, body_required=True, errors=(409,),
    description="409 (official_change_refused) for a prefix that another official has or "
                "that today's tickets already carry, and for a desk that serves another "
                "official or a move while a visitor is called to this one.",
)
ISSUE_TICKETS = _op("issue_tickets", "POST", "/tickets",
                    "Issue tickets for one visitor (one per chosen official)", (KIOSK,),
                    {201: v.IssueResult}, body=rq.IssueTickets, body_required=True,
                    errors=(404, 409, 429),
                    description="429 (rate_limited) when a kiosk issues faster than any "
                                "visitor can; Retry-After says when to send it again.")
TICKET_DETAIL = _op("ticket_detail", "GET", "/tickets/{ticket_id}",
                    "A ticket with the visitor's other tickets and its appeal",
                    (OPERATOR, ADMIN), {200: v.TicketDetail})
CANCEL_TICKET = _op("cancel_ticket", "POST", "/tickets/{ticket_id}/cancel",
                    "Withdraw a waiting ticket (its print failed)", (KIOSK, ADMIN),
                    {200: v.TicketAnswer}, body=rq.CancelTicket, errors=(409,))
TRANSFER_TICKET = _op("ticket_transfer", "POST", "/tickets/{ticket_id}/transfer",
                      "Send the visitor to another official's queue at their original "
                      "arrival time", (OPERATOR,), {200: v.TicketAnswer},
                      body=rq.TransferTicket, body_required=True, errors=(409,))
TICKET_ACTIONS = {
    action: _op(f"ticket_{action.value.replace('-', '_')}", "POST",
                f"/tickets/{{ticket_id}}/{action.value}", summary, (OPERATOR,),
                {200: v.TicketAnswer}, body=rq.Idempotent, errors=(409,))
    for action, summary in TICKET_ACTION_SUMMARIES.items()
}
TICKET_ACTIONS[TicketAction.TRANSFER] = TRANSFER_TICKET
RECORD_APPEAL = _op("record_appeal", "POST", "/tickets/{ticket_id}/appeal",
                    "Record (or correct) the appeal of a received visitor", (OPERATOR,),
                    {201: v.AppealAnswer, 200: v.AppealAnswer}, body=rq.RecordAppeal,
                    body_required=True, errors=(409,),
                    description="201 when recorded, 200 when an earlier record was corrected.")
VISITOR = _op("visitor", "GET", "/visitors/{code}",
              "A visitor's tickets (public; the code is the secret)", (), {200: v.VisitorStatus})
DESKS = _op("desks", "GET", "/desks", "Every desk and its current ticket", ANY_ROLE,
            {200: v.DeskList})
DESK = _op("desk", "GET", "/desks/{desk_id}", "One desk", (OPERATOR, ADMIN), {200: v.Desk})
DESK_OVERVIEW = _op("desk_overview", "GET", "/desks/{desk_id}/overview",
                    "A desk's waiting line in call order and its figures for the day",
                    (OPERATOR, ADMIN), {200: v.DeskOverview})
DESK_SESSION = _op("desk_session", "POST", "/desks/{desk_id}/session",
                   "Log in at a desk with its PIN", (), {201: v.DeskSession},
                   body=rq.DeskLogin, body_required=True, errors=(401, 429),
                   description="429: the desk is locked after wrong PINs (desk_locked), or "
                               "this address tried too many logins (rate_limited).")
CALL_NEXT = _op("call_next", "POST", "/desks/{desk_id}/call-next",
                "Finish the current visit and call the next eligible ticket", (OPERATOR,),
                {200: v.CallResult, 204: None}, body=rq.Idempotent, errors=(409,),
                description="204 when nobody is eligible.")
PAUSE_DESK = _op("pause_desk", "POST", "/desks/{desk_id}/pause", "Pause the desk",
                 (OPERATOR,), {200: v.DeskAnswer}, body=rq.Idempotent)
RESUME_DESK = _op("resume_desk", "POST", "/desks/{desk_id}/resume", "Resume the desk",
                  (OPERATOR,), {200: v.DeskAnswer}, body=rq.Idempotent)
BOARD_SNAPSHOT = _op("board", "GET", "/board", "Snapshot for the hall board", (BOARD, ADMIN),
                     {200: v.Board})
BOARD_SETTINGS = _op("board_settings", "PATCH", "/board",
                     "Set the boards' ticker line and the languages calls are spoken in",
                     (ADMIN,), {200: v.Reception}, body=rq.BoardSettings, body_required=True)
BOARD_STREAM = _op(
    "board_stream", "GET", "/board/events",
    "The board's content, live: sent whole on connect and after every change", (BOARD, ADMIN),
    {200: Media("text/event-stream", "An endless stream of `board` events; each data line is "
                "the whole Board, its id the last event sequence number it includes")},
    errors=(503,), streaming=True,
    query=(QueryParameter("token", {"type": "string"},
                          "The bearer token, for browsers' EventSource"),),
    description="A browser paired at /board may instead send its board cookie.",
)
BOARD_AUDIO = _op(
    "board_audio", "GET", "/board/announcements/{seq}",
    "The spoken announcement of a call (chime, then each announce language)", (BOARD, ADMIN),
    {200: Media("audio/wav", "WAV, 16-bit mono", binary=True)}, errors=(404, 503),
    query=(QueryParameter("token", {"type": "string"},
                          "The bearer token, for a browser's audio element"),),
    description="seq is a BoardCall's seq. 503 when no speech engine is installed.",
)
VISITOR_EVENTS = _op(
    "visitor_events", "GET", "/visitors/{code}/events",
    "One visitor's tickets, live (public; the code is the secret)", (),
    {200: Media("text/event-stream", "An endless stream of `visitor` events; each data line "
                "is the whole VisitorStatus, sent on connect and after every change")},
    errors=(404, 503), streaming=True,
)
EVENTS = _op(
    "events", "GET", "/events",
    "Server-Sent Events; id = sequence number; resume with Last-Event-ID", ANY_ROLE,
    {200: Media("text/event-stream", "An endless stream; each data line is one of the "
                "Event* schemas, by its type")},
    errors=(503,), streaming=True,
    query=(QueryParameter("last_event_id", {"type": "integer", "minimum": 0},
                          "Resume after this sequence number (as Last-Event-ID)"),
           QueryParameter("token", {"type": "string"},
                          "The bearer token, for browsers' EventSource")),
    headers=(QueryParameter("Last-Event-ID", {"type": "string", "pattern": "^[0-9]+$"},
                            "Resume after this sequence number"),),
)
ADMIN_SESSION = _op("admin_session", "POST", "/admin/session", "Organiser login", (),
                    {201: v.AdminSession}, body=rq.AdminLogin, body_required=True,
                    errors=(401, 429),
                    description="429: the user name is locked after wrong passwords "
                                "(login_locked), or this address tried too many logins "
                                "(rate_limited).")
REPORT_SUMMARY = _op("report_summary", "GET", "/reports/summary", "The day's figures",
                     (ADMIN,), {200: v.ReportSummary})
APPEALS_CSV = _op("appeals_csv", "GET", "/reports/appeals.csv", "The appeals as CSV", (ADMIN,),
                  {200: Media("text/csv", "CSV, UTF-8 with a byte order mark")},
                  query=(LANG_QUERY,))
APPEALS_XLSX = _op("appeals_xlsx", "GET", "/reports/appeals.xlsx", "The appeals as XLSX",
                   (ADMIN,), {200: Media(
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       "XLSX workbook", binary=True)},
                   query=(LANG_QUERY,))

# -- the appeals register, after the day ---------------------------------------
FOLLOW_UP = _op(
    "follow_up", "GET", "/follow-up", "Appeals under control, each open, answered or overdue",
    (ADMIN, DEPARTMENT), {200: fu.FollowUpList},
    query=(QueryParameter("status", {"enum": [s.value for s in FollowUpStatus]},
                          "Only the appeals in this status"),
           QueryParameter("department", msgspec.json.schema(rq.DepartmentName),
                          "Only this department's appeals (spaces and letter case aside)")),
    description="A department's token sees its own department's appeals only; naming "
                "another department is a 403. Overdue: not answered and the deadline has "
                "passed, by today's date at the reception.",
)
FOLLOW_UP_FIGURES = _op(
    "follow_up_figures", "GET", "/follow-up/figures",
    "The akim's figure: appeals under control answered on time, late, still open, overdue",
    (ADMIN,), {200: fu.FollowUpFigures})
ANSWER_APPEAL = _op(
    "answer_appeal", "POST", "/follow-up/{appeal_id}/answer",
    "Answer an appeal under control (once)", (DEPARTMENT, ADMIN), {201: fu.FollowUpAnswer},
    body=rq.AnswerAppeal, body_required=True, errors=(409,),
    description="409 once the appeal is answered: an answer is not corrected. A department "
                "answers its own appeals only (403 for another's).",
)
DEPARTMENT_LINKS = _op("department_links", "GET", "/departments/links",
                       "The departments' links, revoked ones too", (ADMIN,),
                       {200: fu.DepartmentLinkList})
CREATE_DEPARTMENT_LINK = _op(
    "create_department_link", "POST", "/departments/links",
    "Make a department's secret link to its appeals under control", (ADMIN,),
    {201: fu.NewDepartmentLink}, body=rq.CreateDepartmentLink, body_required=True,
    description="The token is in the answer once; the server keeps only its hash.",
)
REVOKE_DEPARTMENT_LINK = _op("revoke_department_link", "POST",
                             "/departments/links/{link_id}/revoke",
                             "Revoke a department's link", (ADMIN,), {200: fu.DepartmentLink})

# -- devices' health and the organiser's live dashboard -------------------------
DEVICE_STATUS = _op(
    "device_status", "POST", "/devices/status",
    "A kiosk's printer or a board's speech, as the device knows it", (KIOSK, BOARD),
    {200: dv.DeviceStatusAnswer}, body=dv.DeviceStatus,
    description="Sent on every change and at least every report_every_seconds; the server "
                "keeps the latest report of each device in memory (a restart forgets it). "
                "A kiosk names a test print it was ordered (a device.test_print event) "
                "once it has printed it or failed to.",
)
DEVICES = _op("devices", "GET", "/devices",
              "Paired kiosks and boards with their latest reports", (ADMIN,),
              {200: dv.DeviceList})
DEVICE_TEST_PRINT = _op(
    "device_test_print", "POST", "/devices/{token_id}/test-print",
    "Have a kiosk print a test ticket (no queue number is used)", (ADMIN,),
    {201: dv.PrintTestAnswer}, errors=(409,),
    description="The kiosk learns of it from its event stream (a device.test_print event "
                "naming it) and reports the result in its next status. 409 for a board.",
)
DASHBOARD = _op("dashboard", "GET", "/dashboard",
                "The organiser's live picture: queues, waits, desks, device alerts", (ADMIN,),
                {200: dv.Dashboard})
DASHBOARD_STREAM = _op(
    "dashboard_stream", "GET", "/dashboard/events",
    "The dashboard, live: sent whole on connect and after every change", (ADMIN,),
    {200: Media("text/event-stream", "An endless stream of `dashboard` events; each data "
                "line is the whole Dashboard, its id the last event sequence number it includes")},
    errors=(503,), streaming=True,
    description="The web admin's browser may instead send its kezek_admin cookie.",
)
DEVICE_OPERATIONS = (DEVICE_STATUS, DEVICES, DEVICE_TEST_PRINT, DASHBOARD, DASHBOARD_STREAM)

OPENAPI = Operation("openapi", "GET", "/api/openapi.json", "This document", (), {
    200: Media("application/json", "The OpenAPI 3.1 document", schema={"type": "object"})})

OPERATIONS: tuple[Operation, ...] = (
    HEALTH, RECEPTION, RECEPTION_SETTINGS, OPEN_RECEPTION, CLOSE_RECEPTION, DAYS, NEXT_DAY,
    QUEUES, SET_QUEUE_OPEN, EDIT_OFFICIAL, ISSUE_TICKETS, TICKET_DETAIL, CANCEL_TICKET,
    *TICKET_ACTIONS.values(), RECORD_APPEAL, VISITOR, DESKS, DESK, DESK_OVERVIEW, DESK_SESSION,
    CALL_NEXT, PAUSE_DESK, RESUME_DESK, BOARD_SNAPSHOT,
    BOARD_SETTINGS, BOARD_STREAM, BOARD_AUDIO, VISITOR_EVENTS, EVENTS,
    ADMIN_SESSION, REPORT_SUMMARY, APPEALS_CSV, APPEALS_XLSX, FOLLOW_UP, FOLLOW_UP_FIGURES,
    ANSWER_APPEAL, DEPARTMENT_LINKS, CREATE_DEPARTMENT_LINK, REVOKE_DEPARTMENT_LINK,
    *DEVICE_OPERATIONS, OPENAPI,
)
