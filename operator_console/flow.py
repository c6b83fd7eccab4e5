"""The operator console's view-model: what an official sees at the desk and what each click does.

No widgets here, so tests drive a whole day at the desk with a real server
or a stub. Blocking work (HTTP, the outbox's SQLite file) goes through
``run(fn, on_done, on_error)``; results come back on the GUI thread.

Rules kept here:
- one desk action at a time, each sent with an idempotency key and resent
  with the same key until the server answers (client.retrying): a click
  repeated by a retry never acts twice;
- the visit in front of the official is shown from the action's own answer,
  at once; the line, the figures and the visitor's other tickets follow from
  the server;
- a visit ends with its appeal card, or with an explicit "no appeal" where
  the organiser allows it (``Reception.appeal_required``): "finish" and
  "call next" with a visitor at the desk open the card first;
- no appeal is ever lost: a saved card goes into the durable outbox first
  and is sent from there, now or whenever the server is back;
- the server unreachable: what needs it is disabled, the screen says so, and
  the console catches up by itself (client.live);
- a token the server no longer takes (expired, revoked) returns to the PIN.
"""

from __future__ import annotations

import enum
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from client.events import ServerEvent
from client.http import ApiClient, ApiError, worth_resending
from client.live import LiveSettings, LiveSync
from client.qt_bridge import Runner
from client.retrying import RetryingCall, new_idempotency_key
from client.timers import milliseconds, single_shot
from common.i18n import Catalogue, message_key
from contract import events as ev
from contract import views as v
from contract.enums import AT_DESK, TicketStatus
from operator_console.card import AppealCard
from operator_console.outbox import Card, Outbox, deliver

log = logging.getLogger(__name__)

# The day, and the visit counter (``DeskFlow._visits``) when it was asked for.
DaySnapshot = tuple[v.Reception, list[v.Queue], v.DeskOverview, int]


class Screen(str, enum.Enum):
    LOGIN = "login"
    MAIN = "main"


class Then(str, enum.Enum):
    """What follows once the appeal card is saved or declined."""

    FINISH = "finish"
    CALL_NEXT = "call_next"


@dataclass(frozen=True)
class FlowSettings:
    retry_interval_s: float = 2.0
    stream_grace_s: float = 5.0
    stale_refresh_s: float = 15.0
    outbox_retry_s: float = 10.0  # the outbox is tried again this often while cards wait

    def live_settings(self) -> LiveSettings:
        return LiveSettings(self.retry_interval_s, self.stream_grace_s, self.stale_refresh_s)


# An API refusal → what the official reads (and what to do about it).
REFUSALS = {
    "wrong_state": message_key("console.error.wrong_state"),
    "desk_paused": message_key("console.error.paused"),
    "reception_closed": message_key("console.error.reception_closed"),
    "not_served_here": message_key("console.error.not_here"),
    "not_found": message_key("console.error.not_found"),
    "invalid_input": message_key("console.error.invalid"),
}


class DeskFlow(QObject):
    changed = Signal()  # the screen or anything on it
    visit_changed = Signal()  # the ticket at the desk: the big number follows at once
    overview_changed = Signal()  # the line, the figures, the desk's state
    outbox_changed = Signal()
    session_started = Signal(str)  # the desk's token: the app opens the event stream with it
    session_ended = Signal()  # the token is no longer taken: the app closes the stream

    def __init__(
        self,
        api: ApiClient,
        desk_id: int,
        run: Runner,
        catalogue: Catalogue,
        outbox: Outbox,
        settings: FlowSettings = FlowSettings(),
        language: str = "kk",
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._anonymous = api
        self.api: ApiClient | None = None  # the desk's own client, once logged in
        self.desk_id = desk_id
        self._run = run
        self.catalogue = catalogue
        self.tr = catalogue.translator(language)
        self.outbox = outbox
        self.settings = settings

        self.screen = Screen.LOGIN
        self.logging_in = False
        self.desk_name = str(desk_id)
        self.message: tuple[str, dict] | None = None  # (catalogue key, params) under the buttons
        self.reception: v.Reception | None = None
        self.queues: dict[int, v.Queue] = {}
        self.overview: v.DeskOverview | None = None
        self.current: v.Ticket | None = None
        self.others: list[v.Ticket] = []  # the current visitor's other tickets
        self.appeal_done: set[int] = set()  # tickets whose card is saved (or declined)
        self.card: AppealCard | None = None
        self.card_then: Then | None = None
        self.card_problems: list[str] = []
        self.outbox_waiting = 0
        self.refused_cards: list[Card] = []  # the server refused them: the official decides
        self.online = False

        self.live = LiveSync(self._fetch, self._apply_snapshot, self._apply_event, run,
                             settings.live_settings(), parent=self)
        self.live.loaded.connect(self._went_online)
        self.live.load_failed.connect(self._trouble)
        self.live.stale_changed.connect(self._stale_changed)
        self.live.refreshed.connect(self._went_online)  # the server answers, stream or not
        self._action = RetryingCall(run, settings.retry_interval_s, parent=self)
        self._action.succeeded.connect(self._action_done)
        self._action.failed.connect(self._action_refused)
        self._action.retry_scheduled.connect(self._action_unanswered)
        self._action_name = ""
        self._refreshing = self._refresh_again = False
        self._visits = 0  # desk actions answered: an overview asked for before the last is older
        self._delivering = self._deliver_again = False
        self._deliver_later = single_shot(self, self.deliver_outbox)

    # -- what the screen shows ---------------------------------------------------------

    @property
    def language(self) -> str:
        return self.tr.language

    def set_language(self, language: str) -> None:
        self.tr = self.catalogue.translator(language)
        self.changed.emit()

    @property
    def busy(self) -> str:
        """The desk action on its way ("" when none): its button shows it, the others wait."""
        return self._action_name if self._action.busy else ""

    @property
    def paused(self) -> bool:
        return bool(self.overview and self.overview.desk.paused)

    def can(self, action: str) -> bool:
        """Whether a button is enabled now. Everything needs the server but the
        appeal card, which an official can fill and save while it is away."""
        if self.screen is not Screen.MAIN or self.busy or self.card:
            return False
        at_desk = self.current is not None and self.current.status in AT_DESK
        called = at_desk and self.current.status == TicketStatus.CALLED
        allowed = {
            "call_next": not self.paused,
            "recall": called, "start": called, "no_show": called,
            "finish": at_desk, "transfer": at_desk, "return": at_desk,
            "pause": not self.paused, "resume": self.paused,
        }[action]
        card_first = action in ("finish", "call_next") and self._visit_needs_card()
        return allowed and (self.online or card_first)

    @property
    def appeal_required(self) -> bool:
        return self.reception is None or self.reception.appeal_required

    def official_of(self, queue_id: int) -> str:
        queue = self.queues.get(queue_id)
        return queue.name(self.language) if queue else ""

    def other_lines(self) -> list[str]:
        """The current visitor's other tickets, as a sentence each."""
        lines = []
        for ticket in self.others:
            official = self.official_of(ticket.queue_id)
            if ticket.status == TicketStatus.WAITING:
                lines.append(self.tr.plural("console.other.waiting", ticket.people_ahead or 0,
                                            number=ticket.number, official=official))
            elif ticket.status in AT_DESK:
                lines.append(self.tr("console.other.with_official", number=ticket.number,
                                     official=official))
            elif ticket.status == TicketStatus.DONE:
                lines.append(self.tr("console.other.done", number=ticket.number,
                                     official=official))
        return lines

    # -- logging in --------------------------------------------------------------------

    def login(self, pin: str) -> None:
        if self.logging_in or not pin:
            return
        self.logging_in = True
        self._say(None)
        self._run(lambda: self._anonymous.desk_session(self.desk_id, pin),
                  self._logged_in, self._login_failed)

    def _logged_in(self, session: v.DeskSession) -> None:
        self.logging_in = False
        self.api = self._anonymous.with_token(session.token)
        self.desk_name = session.desk.name
        self.screen = Screen.MAIN
        log.info("desk %s logged in", self.desk_name)
        self.changed.emit()
        self.session_started.emit(session.token)
        self.live.start()
        self.deliver_outbox()

    def _login_failed(self, exc: BaseException) -> None:
        self.logging_in = False
        code = getattr(exc, "code", "")
        if code == "desk_locked":
            seconds = (getattr(exc, "body", {}) or {}).get("retry_after_seconds", 60)
            self._say(message_key("console.login.locked"), minutes=max(1, math.ceil(seconds / 60)))
        elif code == "unauthorized":
            self._say(message_key("console.login.wrong_pin"))
        elif code == "not_found":
            self._say(message_key("console.login.no_such_desk"), desk=self.desk_id)
        else:
            self._say(message_key("console.error.unreachable"))

    def _session_ended(self) -> None:
        """The server no longer takes this desk's token: back to the PIN."""
        self.live.stop()
        self._action.cancel()
        self.close_session_client()
        self.screen = Screen.LOGIN
        self.online = False
        self.session_ended.emit()
        self._say(message_key("console.login.session_ended"))

    # -- the live copy ----------------------------------------------------------------

    def _fetch(self) -> DaySnapshot:
        api, asked_at = self.api, self._visits
        return api.reception(), api.queues(), api.desk_overview(self.desk_id), asked_at

    def _apply_snapshot(self, snapshot: DaySnapshot) -> None:
        reception, queues, overview, asked_at = snapshot
        self.reception = reception
        self.queues = {q.id: q for q in queues}
        self._apply_overview(overview, asked_at)

    def _apply_overview(self, overview: v.DeskOverview, asked_at: int) -> None:
        """The desk, its line and figures, unless an action was answered after this overview
        was asked for: it would show the desk as it was before (the visit flickering back,
        a pause undone); the refresh that every action asks for brings the desk as it is."""
        if asked_at != self._visits:
            return
        self.overview = overview
        at_desk = overview.desk.current_ticket
        if at_desk is not None and (self.current is None or self.current.id != at_desk.id):
            self._show_visit(at_desk, None)  # after a restart, or called from elsewhere
        elif at_desk is None and self.current is not None and self.current.status in AT_DESK:
            self._show_visit(None, [])  # the visit ended elsewhere (another window, the server)
        self.overview_changed.emit()

    def _apply_event(self, event: ServerEvent) -> None:
        payload = event.payload
        if isinstance(payload, ev.ReceptionUpdated):
            self.reception = payload.reception
            self.changed.emit()
        elif isinstance(payload, ev.QueueUpdated):
            self.queues[payload.queue.id] = payload.queue
            if payload.queue.id in self._my_queues():
                self.refresh()
        elif isinstance(payload, ev.DeskUpdated) and payload.desk.id == self.desk_id:
            self.refresh()
        elif isinstance(payload, ev.TicketEvent):
            ticket = payload.ticket
            # Only events of the same call: the stream may bring the ticket's issue (or an
            # earlier call) after the action's own answer, and a visit must not flicker back
            # to "waiting". A visit ended elsewhere comes with the desk's overview.
            if (self.current is not None and ticket.id == self.current.id
                    and ticket.called_at == self.current.called_at):
                self.current = ticket
                self.visit_changed.emit()
                self.changed.emit()  # which buttons apply follows the ticket's state
            if any(t.id == ticket.id for t in self.others):
                self.others = [ticket if t.id == ticket.id else t for t in self.others]
                self.changed.emit()

    def _my_queues(self) -> set[int]:
        return set(self.overview.desk.queue_ids) if self.overview else set()

    def refresh(self) -> None:
        """The line and the figures again; several asks while one is on its way make one more."""
        if self.api is None:
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        api, asked_at = self.api, self._visits
        self._run(lambda: api.desk_overview(self.desk_id),
                  lambda overview: self._refreshed(overview, asked_at), self._refresh_failed)

    def _refreshed(self, overview: v.DeskOverview, asked_at: int) -> None:
        self._refreshing = False
        if self.screen is Screen.MAIN:
            self._apply_overview(overview, asked_at)
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    def _refresh_failed(self, exc: BaseException) -> None:
        self._refreshing = self._refresh_again = False
        self._trouble(exc)

    def _went_online(self) -> None:
        if not self.online:
            self.online = True
            if self.message and self.message[0] == "console.error.unreachable":
                self._say(None)
            self.deliver_outbox()
        self.changed.emit()

    def _stale_changed(self, stale: bool) -> None:
        """The stream went quiet: ask the server once, so that a server gone away shows as offline
        (disabling what needs it) rather than as figures that may lag."""
        if stale:
            self.refresh()
        self.changed.emit()

    def _trouble(self, exc: BaseException) -> None:
        """A request failed: a lost token ends the session; no answer means offline."""
        if isinstance(exc, ApiError) and exc.status == 401 and self.screen is Screen.MAIN:
            self._session_ended()
        elif worth_resending(exc):
            self.online = False
            self._say(message_key("console.error.unreachable"))

    # -- desk actions -------------------------------------------------------------------

    def call_next(self) -> None:
        self._card_first(Then.CALL_NEXT, self._send_call_next)

    def _send_call_next(self) -> None:
        self._send("call_next", lambda api, key: api.call_next(self.desk_id, key))

    def recall(self) -> None:
        self._ticket_action("recall", lambda api, t, key: api.recall(t, key))

    def start(self) -> None:
        self._ticket_action("start", lambda api, t, key: api.start(t, key))

    def no_show(self) -> None:
        self._ticket_action("no_show", lambda api, t, key: api.no_show(t, key))

    def return_ticket(self) -> None:
        self._ticket_action("return", lambda api, t, key: api.return_ticket(t, key))

    def finish(self) -> None:
        self._card_first(Then.FINISH, self._send_finish)

    def _card_first(self, then: Then, send: Callable[[], None]) -> None:
        """Finish and call next: the visit at the desk gets its appeal card first."""
        if not self.can(then.value):
            return
        if self._visit_needs_card():
            self._open_card(then)
        else:
            send()

    def _send_finish(self) -> None:
        ticket_id = self.current.id
        self._send("finish", lambda api, key: api.finish(ticket_id, key))

    def transfer(self, queue_id: int, note: str = "") -> None:
        note = note.strip() or None
        self._ticket_action("transfer", lambda api, t, key: api.transfer(t, queue_id, note, key))

    def pause(self) -> None:
        if self.can("pause"):
            self._send("pause", lambda api, key: api.pause(self.desk_id, key))

    def resume(self) -> None:
        if self.can("resume"):
            self._send("resume", lambda api, key: api.resume(self.desk_id, key))

    def transfer_targets(self, search: str = "") -> list[v.Queue]:
        """The officials a visitor can be sent to, those matching ``search`` first in order."""
        mine = self._my_queues()
        return [q for q in self.queues.values()
                if q.id not in mine and q.matches(search, self.language)]

    def _ticket_action(self, name: str, request: Callable[[ApiClient, int, str], Any]) -> None:
        if not self.can(name):
            return
        ticket_id = self.current.id
        self._send(name, lambda api, key: request(api, ticket_id, key))

    def _send(self, name: str, request: Callable[[ApiClient, str], Any]) -> None:
        api = self.api
        self._action_name = name
        self._say(None)
        self._action.start(lambda key: request(api, key))
        self.changed.emit()

    def _action_done(self, answer: Any) -> None:
        name, self._action_name = self._action_name, ""
        self._visits += 1
        if name == "call_next":
            if answer is None:
                self._show_visit(None, [])
                self._say(message_key("console.message.nobody_waiting"))
            else:
                self._show_visit(answer.ticket, answer.visitor_tickets)
        elif name in ("pause", "resume"):
            pass  # the overview below brings the desk's new state
        elif answer.status in AT_DESK:
            self.current = answer
            self.visit_changed.emit()
        else:  # finished, no-show, transferred or returned: the desk is free
            self._show_visit(None, [])
        self.online = True
        self.changed.emit()
        self.refresh()

    def _action_refused(self, exc: BaseException) -> None:
        self._action_name = ""
        if isinstance(exc, ApiError) and exc.status in (401, 403) and exc.code != "not_served_here":
            self._session_ended()
            return
        self._say(REFUSALS.get(getattr(exc, "code", ""), message_key("console.error.generic")))
        self.refresh()  # a refusal likely means this screen is behind the server

    def _action_unanswered(self, exc: BaseException) -> None:
        self.online = False
        self._say(message_key("console.error.retrying"))

    def _show_visit(self, ticket: v.Ticket | None, others: list[v.Ticket] | None) -> None:
        """A new visitor at the desk (or none); ``others`` None: ask the server for them."""
        self.current = ticket
        self.others = list(others or [])
        self.visit_changed.emit()
        if ticket is not None and others is None and self.api is not None:
            api = self.api
            self._run(lambda: api.ticket(ticket.id), self._detail_loaded, self._trouble)

    def _detail_loaded(self, detail: v.TicketDetail) -> None:
        if self.current is None or detail.ticket.id != self.current.id:
            return
        self.others = detail.visitor_tickets
        if detail.appeal is not None:
            self.appeal_done.add(detail.ticket.id)
        self.changed.emit()

    # -- the appeal card ----------------------------------------------------------------

    def _visit_needs_card(self) -> bool:
        ticket = self.current
        return ticket is not None and ticket.status in AT_DESK and ticket.id not in self.appeal_done

    def _open_card(self, then: Then) -> None:
        self.card = AppealCard(self.current.id, self.current.number)
        self.card_then = then
        self.card_problems = []
        self.changed.emit()

    def edit_card(self, **changes) -> None:
        """The official typed or tapped something on the card."""
        if self.card is not None:
            self.card = self.card.with_(**changes)
            self.card_problems = []
            self.changed.emit()

    def topics(self, search: str = "") -> list[v.Labelled]:
        topics = list(self.reception.topics) if self.reception else []
        needle = search.strip().casefold()
        return [t for t in topics if needle in t.text(self.language).casefold()] if needle else topics

    def save_card(self) -> None:
        """Into the outbox (durable), then on with the visit; sent to the server from there."""
        card = self.card
        if card is None:
            return
        topics = {t.code for t in self.reception.topics} if self.reception else set()
        self.card_problems = card.problems(topics)
        if self.card_problems:
            self.changed.emit()
            return
        key = new_idempotency_key()
        self._run(lambda: self.outbox.put(card.ticket_id, card.number, card.body(), key),
                  lambda _: self._card_stored(card), self._card_not_stored)

    def _card_stored(self, card: AppealCard) -> None:
        self.appeal_done.add(card.ticket_id)
        self._close_card_and_go_on()
        self.deliver_outbox()

    def _card_not_stored(self, exc: BaseException) -> None:
        log.exception("the appeal card could not be written to the outbox", exc_info=exc)
        self._say(message_key("console.error.outbox"))

    def no_appeal(self) -> None:
        """The visit ends without a card, where the organiser allows it."""
        if self.card is None or self.appeal_required:
            return
        self.appeal_done.add(self.card.ticket_id)
        self._close_card_and_go_on()

    def cancel_card(self) -> None:
        self.card = self.card_then = None
        self.changed.emit()

    def _close_card_and_go_on(self) -> None:
        """The visit goes on as the official asked; with the server away the
        click is kept and resent until it answers (client.retrying)."""
        then = self.card_then
        self.card = self.card_then = None
        self.changed.emit()
        if self.api is None or self.busy or self.current is None:
            return
        if then is Then.FINISH:
            self._send_finish()
        elif then is Then.CALL_NEXT:
            self._send_call_next()

    # -- the outbox ---------------------------------------------------------------------

    def deliver_outbox(self) -> None:
        """Send the waiting cards (each with its own key) on a worker; again later if the server is away."""
        if self.api is None:
            return
        if self._delivering:
            self._deliver_again = True  # a card retried or discarded meanwhile: the list must follow
            return
        self._delivering = True
        api = self.api

        def send(card) -> None:
            api.record_appeal(card.ticket_id, card.body, card.key)

        def deliver_all():
            carded = {card.ticket_id for card in self.outbox.waiting()}
            return deliver(self.outbox, send), self.outbox.refused(), carded

        self._run(deliver_all, self._delivered, self._delivery_failed)

    def _delivered(self, answer) -> None:
        report, refused, carded = answer
        self._delivering = False
        # A card in the outbox (sent now, refused or still waiting) is a card
        # saved: its visit does not ask for one again, even after a restart.
        self.appeal_done |= carded | {card.ticket_id for card in refused}
        self.outbox_waiting, self.refused_cards = report.waiting, refused
        self.outbox_changed.emit()
        if report.stopped_by is not None:
            self._trouble(report.stopped_by)  # a 401 sends the official back to the PIN
        if self._deliver_again:
            self._deliver_again = False
            self.deliver_outbox()
        elif report.waiting and self.api is not None:
            self._deliver_later.start(milliseconds(self.settings.outbox_retry_s))

    def retry_card(self, key: str) -> None:
        """Send a refused card again (after the reason is dealt with, e.g. the day reopened)."""
        self._run(lambda: self.outbox.retry(key), lambda _: self.deliver_outbox(),
                  self._delivery_failed)

    def discard_card(self, key: str) -> None:
        """The official decides a refused card is not to be sent (only ever explicitly)."""
        self._run(lambda: self.outbox.discard(key), lambda _: self.deliver_outbox(),
                  self._delivery_failed)

    def _delivery_failed(self, exc: BaseException) -> None:
        self._delivering = False
        log.exception("delivering the outbox failed", exc_info=exc)
        self._deliver_later.start(milliseconds(self.settings.outbox_retry_s))

    # -- the rest -----------------------------------------------------------------------

    def _say(self, key: str | None, **params) -> None:
        self.message = (key, params) if key else None
        self.changed.emit()

    def shutdown(self) -> None:
        """Nothing new starts once the console begins to close."""
        self.live.stop()
        self._action.cancel()
        self._deliver_later.stop()

    def close_session_client(self) -> None:
        """Close the desk's own HTTP client (a request still on its way fails harmlessly)."""
        if self.api is not None:
            self.api.close()
            self.api = None
