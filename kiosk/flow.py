"""The kiosk's view-model: what is on screen and what a tap does.

No widgets here, so tests drive the whole visitor journey with a stub API
client and a fake printer. Blocking calls (HTTP, printing) go through
``run(fn, on_done, on_error)`` (a client.qt_bridge.TaskRunner in the app);
results come back on the GUI thread and move the flow on.

The day and the queues are kept current by a client.live.LiveSync (snapshot,
events, stale polling: figures never freeze silently), and tickets are
issued through a client.retrying.RetryingCall.

Rules kept here:
- one idempotency key per confirmation: a double tap is ignored and a retry
  after a network failure resends the same key, so the server issues one
  set of tickets whatever happens;
- no ghost numbers: a ticket the printer did not print is either shown on
  screen with its QR (policy "show") or cancelled on the server (policy
  "cancel"), and the failure is logged for the organiser;
- nobody is stuck: every visitor screen returns to the start after an idle
  time, the confirmation screen after a shorter one;
- a stale-time refresh of the figures updates the tiles in place, and
  changes the screen only when more than the counts changed (the day's state,
  or a closed official left the selection); one that fails changes nothing a
  visitor sees. Nor does a failed load, once the kiosk has shown the day.
"""

from __future__ import annotations

import enum
import logging
import threading
from dataclasses import dataclass
from typing import Any, Protocol, Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from client.events import ServerEvent
from client.live import LiveSettings, LiveSync
from client.qt_bridge import Runner
from client.retrying import RetryingCall
from client.timers import milliseconds, single_shot
from common.i18n import Catalogue, message_key
from contract.events import QueueUpdated, ReceptionUpdated
from contract.views import IssueResult, Queue, Reception
from kiosk.printer import PrintFailed, TicketPrinter, build_slips

log = logging.getLogger(__name__)

DaySnapshot = tuple[Reception, list[Queue]]


class KioskApi(Protocol):
    """The part of client.http.ApiClient the kiosk uses."""

    def reception(self) -> Reception: ...
    def queues(self) -> list[Queue]: ...
    def issue_tickets(self, queue_ids: Sequence[int], language: str, privileged: str | None, idempotency_key: str) -> IssueResult: ...
    def cancel_ticket(self, ticket_id: int, reason: str, idempotency_key: str | None = None) -> Any: ...


class Screen(str, enum.Enum):
    LOADING = "loading"
    OFFLINE = "offline"  # no server at start-up; retries by itself
    NOT_OPEN = "not_open"  # reception planned
    CLOSED = "closed"  # reception over
    START = "start"
    OFFICIALS = "officials"
    PRIVILEGED = "privileged"
    CONFIRM = "confirm"
    ISSUING = "issuing"
    DONE = "done"
    ERROR = "error"


# Screens a visitor is in the middle of: the idle timeout sends them back.
VISITOR_SCREENS = {Screen.OFFICIALS, Screen.PRIVILEGED, Screen.CONFIRM, Screen.ERROR}

# The on-screen keyboard's letters in alphabetical order, not a typist's
# layout: most visitors look for a letter rather than type blind.
_RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
KEYBOARD_LETTERS = {
    # The 42 letters of the Kazakh Cyrillic alphabet, each extra letter after its base.
    "kk": "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ",
    "ru": _RUSSIAN,
    "en": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
}
SEARCH_MAX_LENGTH = 40  # longer than any name; keeps the box from overflowing


class PrintState(str, enum.Enum):
    PRINTING = "printing"
    PRINTED = "printed"
    SHOWN_ON_SCREEN = "shown_on_screen"  # printer failed; the screen is the ticket
    CANCELLED = "cancelled"  # printer failed; tickets cancelled on the server


@dataclass(frozen=True)
class FlowSettings:
    idle_timeout_s: float = 60.0
    done_timeout_s: float = 30.0
    retry_interval_s: float = 2.0
    print_failure_policy: str = "show"  # "show" | "cancel"
    stream_grace_s: float = 5.0  # stream down this long: the figures are stale
    stale_refresh_s: float = 15.0  # while stale, refresh the figures this often

    def live_settings(self) -> LiveSettings:
        return LiveSettings(retry_interval_s=self.retry_interval_s, stream_grace_s=self.stream_grace_s,
                            stale_refresh_s=self.stale_refresh_s)


class KioskFlow(QObject):
    changed = Signal()  # the screen or anything on it changed
    queues_changed = Signal()  # live counts only: tiles update in place
    organiser_alert_changed = Signal()
    printer_state_changed = Signal(str)  # after every print: "ok" or a PrintFailed code
    figures_stale_changed = Signal()

    def __init__(
        self,
        api: KioskApi,
        printer: TicketPrinter,
        run: Runner,
        catalogue: Catalogue,
        settings: FlowSettings = FlowSettings(),
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        if settings.print_failure_policy not in ("show", "cancel"):
            raise ValueError(f"print_failure_policy must be 'show' or 'cancel', not {settings.print_failure_policy!r}")
        self._api = api
        self._printer = printer
        self._run = run
        self.catalogue = catalogue
        self.settings = settings

        self.screen = Screen.LOADING
        self.reception: Reception | None = None
        self.queues: dict[int, Queue] = {}
        self.tr = catalogue.translator("kk")
        self.selection: list[int] = []
        self.privileged: str | None = None
        self.search = ""
        self.keyboard_open = False
        self.result: IssueResult | None = None
        self.print_state: PrintState | None = None
        self.error_key: str | None = None
        self.organiser_alert: str | None = None  # a printer problem code
        self._print_lock = threading.Lock()  # one printer: one job at a time
        self._shown_before_snapshot: tuple[Reception | None, list[int]] = (None, [])

        self.live = LiveSync(self._fetch_day, self._apply_snapshot, self._apply_event, run,
                             settings.live_settings(), parent=self)
        self.live.loaded.connect(self._loaded)
        self.live.load_failed.connect(self._load_failed)
        self.live.refreshed.connect(self._figures_refreshed)
        self.live.stale_changed.connect(self._stale_changed)
        self._issuing = RetryingCall(run, settings.retry_interval_s, parent=self)
        self._issuing.succeeded.connect(self._issued)
        self._issuing.retry_scheduled.connect(self._issue_retrying)
        self._issuing.failed.connect(self._issue_refused)

        self._idle = single_shot(self, self._on_idle)
        self._done = single_shot(self, self._on_done_timeout)

    # -- derived state for the screens ----------------------------------------

    @property
    def language(self) -> str:
        return self.tr.language

    @property
    def figures_stale(self) -> bool:
        """The event stream is down: the counts may lag behind."""
        return self.live.stale

    @property
    def idempotency_key(self) -> str | None:
        """The key of this visitor's tickets, once they confirmed."""
        return self._issuing.key

    @property
    def retrying(self) -> bool:
        """Issuing got no answer yet: the same request goes again."""
        return self._issuing.retrying

    def visible_queues(self) -> list[Queue]:
        """The queues matching the search text, in the server's order."""
        return [q for q in self.queues.values() if q.matches(self.search, self.language)]

    def keyboard_letters(self) -> str:
        """The letter keys of the on-screen keyboard in the visitor's language."""
        return KEYBOARD_LETTERS[self.language]

    def queues_by_department(self) -> list[tuple[str, list[Queue]]]:
        groups: dict[str, list[Queue]] = {}
        for queue in self.visible_queues():
            groups.setdefault(queue.department(self.language), []).append(queue)
        return list(groups.items())

    def selected_queues(self) -> list[Queue]:
        return [self.queues[i] for i in self.selection if i in self.queues]

    def late_queues(self) -> list[Queue]:
        """Selected queues whose official will probably not reach a new ticket."""
        return [q for q in self.selected_queues() if not q.likely_reached_before_close]

    @property
    def has_privileged_step(self) -> bool:
        return bool(self.reception and self.reception.privileged_categories)

    # -- start-up and live updates ----------------------------------------------

    def load(self) -> None:
        """Fetch the day and the queues; on failure show "offline" and retry."""
        self.live.load()

    def handle_event(self, event: ServerEvent) -> None:
        """A server event: live counts and the reception's state."""
        self.live.handle_event(event)

    def connection_changed(self, connected: bool) -> None:
        """The event stream connected (everything reloads) or dropped (stale after a grace period)."""
        self.live.connection_changed(connected)

    def _fetch_day(self) -> DaySnapshot:
        return self._api.reception(), self._api.queues()

    def _loaded(self) -> None:
        self.queues_changed.emit()
        self.changed.emit()

    def _load_failed(self, exc: BaseException) -> None:
        if self.screen in (Screen.LOADING, Screen.OFFLINE):
            self._go(Screen.OFFLINE)

    def _apply_event(self, event: ServerEvent) -> None:
        payload = event.payload
        if isinstance(payload, QueueUpdated):
            queue = payload.queue
            self.queues[queue.id] = queue
            if not queue.open:
                self._drop_closed_from_selection()
            self.queues_changed.emit()
        elif isinstance(payload, ReceptionUpdated):
            self._apply_reception(payload.reception)
            self.changed.emit()
        elif event.type == "reception.updated":
            self.load()  # a reception event this kiosk cannot read: ask for the day

    def _apply_snapshot(self, snapshot: DaySnapshot) -> None:
        reception, queues = snapshot
        self._shown_before_snapshot = (self.reception, list(self.selection))
        self.queues = {q.id: q for q in queues}
        self._drop_closed_from_selection()
        self._apply_reception(reception)

    def _stale_changed(self, _stale: bool) -> None:
        self.figures_stale_changed.emit()

    def _figures_refreshed(self) -> None:
        self.queues_changed.emit()
        if (self.reception, self.selection) != self._shown_before_snapshot:
            self.changed.emit()  # more than counts: the day's state, or a closed official left the selection

    def _apply_reception(self, reception: Reception) -> None:
        self.reception = reception
        home = self._home()
        if home is Screen.START:
            if self.screen in (Screen.LOADING, Screen.OFFLINE, Screen.NOT_OPEN, Screen.CLOSED):
                self._go(Screen.START)
        elif self.screen not in (Screen.ISSUING, Screen.DONE):
            # A visitor mid-way is told the truth rather than failing at "issue";
            # one who already has tickets keeps them on screen until done.
            self._reset_visitor()
            self._go(home)

    def _home(self) -> Screen:
        """Where a visitor starts: the language choice, or why there is none."""
        if self.reception is None:
            return Screen.OFFLINE if self.screen is Screen.OFFLINE else Screen.LOADING
        return {"planned": Screen.NOT_OPEN, "closed": Screen.CLOSED}.get(self.reception.status, Screen.START)

    # -- the visitor's taps ----------------------------------------------------

    def touch(self) -> None:
        """Any touch on the screen: the visitor is still there."""
        if self.screen in VISITOR_SCREENS:
            self._idle.start(milliseconds(self.settings.idle_timeout_s))

    def choose_language(self, language: str) -> None:
        if self.screen is not Screen.START:
            return
        self._reset_visitor()
        self.tr = self.catalogue.translator(language)
        self._go(Screen.OFFICIALS)

    # The on-screen keyboard of the search box: every key is a touch.

    def open_keyboard(self) -> None:
        if self.screen is not Screen.OFFICIALS:
            return
        self.touch()
        if not self.keyboard_open:
            self.keyboard_open = True
            self.changed.emit()

    def close_keyboard(self) -> None:
        self.touch()
        if self.keyboard_open:
            self.keyboard_open = False
            self.changed.emit()

    def type_search(self, char: str) -> None:
        """A letter key or the space bar; anything the keyboard does not offer is ignored."""
        self.touch()
        if self.screen is not Screen.OFFICIALS or len(self.search) >= SEARCH_MAX_LENGTH:
            return
        if char == " ":
            if not self.search or self.search.endswith(" "):
                return  # a space would only stop the search from matching
        elif len(char) != 1 or char.upper() not in self.keyboard_letters():
            return
        self.set_search(self.search + char.upper())

    def erase_search(self) -> None:
        """Backspace: the last character."""
        self.touch()
        if self.search:
            self.set_search(self.search[:-1])

    def clear_search(self) -> None:
        self.touch()
        if self.search:
            self.set_search("")

    def set_search(self, text: str) -> None:
        """The search text as the keys leave it (they count the touch themselves)."""
        self.search = text
        self.changed.emit()

    def toggle(self, queue_id: int) -> None:
        queue = self.queues.get(queue_id)
        if self.screen is not Screen.OFFICIALS or queue is None or not queue.open:
            return
        if queue_id in self.selection:
            self.selection.remove(queue_id)
        else:
            self.selection.append(queue_id)
        self.touch()
        self.changed.emit()

    def next(self) -> None:
        """From the officials to the privileged question (if any) or confirm."""
        if self.screen is not Screen.OFFICIALS or not self.selection:
            return
        self._go(Screen.PRIVILEGED if self.has_privileged_step else Screen.CONFIRM)

    def choose_privileged(self, code: str | None) -> None:
        if self.screen is not Screen.PRIVILEGED:
            return
        self.privileged = code
        self._go(Screen.CONFIRM)

    def back(self) -> None:
        if self.screen is Screen.CONFIRM:
            self._go(Screen.PRIVILEGED if self.has_privileged_step else Screen.OFFICIALS)
        elif self.screen is Screen.PRIVILEGED:
            self._go(Screen.OFFICIALS)
        elif self.screen is Screen.OFFICIALS:
            self.start_over()
        elif self.screen is Screen.ERROR:
            self._go(Screen.OFFICIALS)

    def start_over(self) -> None:
        if self.screen is Screen.ISSUING:
            return  # tickets may already exist on the server: see it through
        self._reset_visitor()
        self._go(self._home())

    def confirm(self) -> None:
        """Issue the tickets. Taps after the first one do nothing."""
        if self.screen is not Screen.CONFIRM or not self.selection:
            return
        selection, language, privileged = list(self.selection), self.language, self.privileged
        self._go(Screen.ISSUING)
        self._issuing.start(lambda key: self._api.issue_tickets(selection, language, privileged, key))

    def finish(self) -> None:
        """The visitor taps "Done" (or the confirmation times out).

        Not while the tickets are printing: if the printer then fails, the
        visitor must still be here to see their numbers on screen.
        """
        if self.screen is Screen.DONE and self.print_state is not PrintState.PRINTING:
            self.start_over()

    # -- issuing --------------------------------------------------------------------

    def _issue_retrying(self, exc: BaseException) -> None:
        # The request may or may not have reached the server: the same key
        # goes again until it answers; the server replays the first answer.
        log.warning("issuing tickets failed (%r); retrying with the same key", exc)
        self.changed.emit()

    def _issue_refused(self, exc: BaseException) -> None:
        log.warning("the server refused to issue tickets: %r", exc)
        self.error_key = _error_key(exc)
        self._go(Screen.ERROR)
        self.load()  # the refusal likely means our picture of the day is stale

    def _issued(self, result: IssueResult) -> None:
        self.result = result
        self.print_state = PrintState.PRINTING
        numbers = ", ".join(t.number for t in result.tickets)
        log.info("issued tickets %s (visitor language %s)", numbers, self.language)
        self._go(Screen.DONE)
        reception, queues, privileged, tr = self.reception, dict(self.queues), self.privileged, self.tr
        # Slips are built in the worker too: whatever goes wrong there is a
        # print failure handled by the "no ghost numbers" rule, not a crash.
        def print_tickets():
            slips = build_slips(reception, queues, result, privileged, tr.language)
            with self._print_lock:
                self._printer.print(slips, tr)

        self._run(
            print_tickets,
            lambda _: self._printed(result),
            lambda exc: self._print_failed(result, exc),
        )

    # -- printing ------------------------------------------------------------------

    def print_aside(self, slips, tr) -> None:
        """Print slips that are no visitor's (the organiser's test ticket) between the
        visitors' jobs. Blocking: call it from a worker."""
        with self._print_lock:
            self._printer.print(slips, tr)

    def _printed(self, result: IssueResult) -> None:
        self.printer_state_changed.emit("ok")
        if self.organiser_alert is not None:
            log.info("printer works again")
            self.organiser_alert = None
            self.organiser_alert_changed.emit()
        if self.result is result:
            self.print_state = PrintState.PRINTED
            self.changed.emit()

    def _print_failed(self, result: IssueResult, exc: BaseException) -> None:
        failure = exc if isinstance(exc, PrintFailed) else PrintFailed("failed", repr(exc))
        unprinted = result.tickets[failure.printed:]
        numbers = ", ".join(t.number for t in unprinted)
        log.error(
            "ORGANISER: printer problem '%s' (%s); tickets not printed: %s",
            failure.code, failure.message, numbers,
        )
        self.organiser_alert = failure.code
        self.organiser_alert_changed.emit()
        self.printer_state_changed.emit(failure.code)
        if self.settings.print_failure_policy == "cancel" or self.result is not result:
            # Cancel when told to, and always when nobody is left to see the
            # numbers on screen.
            self._cancel_unprinted(result, unprinted)
            return
        log.warning("tickets %s shown on screen with the visitor's QR instead", numbers)
        self._show_unprinted(result)

    def _show_unprinted(self, result: IssueResult) -> None:
        if self.result is result:
            self.print_state = PrintState.SHOWN_ON_SCREEN
            self.changed.emit()
            # Leave time to write the numbers down or photograph the QR.
            self._done.start(milliseconds(self.settings.done_timeout_s * 2))

    def _cancel_unprinted(self, result: IssueResult, unprinted) -> None:
        def cancel_all():
            for ticket in unprinted:
                self._api.cancel_ticket(ticket.id, "print_failed", idempotency_key=f"print-failed-{ticket.id}")

        def cancelled(_):
            log.warning("tickets %s cancelled: not printed", ", ".join(t.number for t in unprinted))
            if self.result is result:
                self.print_state = PrintState.CANCELLED
                self.changed.emit()

        def not_cancelled(exc):
            # Cannot cancel: then the screen must be the ticket, never a ghost.
            log.error("could not cancel unprinted tickets (%r); showing them on screen", exc)
            self._show_unprinted(result)

        self._run(cancel_all, cancelled, not_cancelled)

    # -- timers and screen changes ---------------------------------------------------

    def _on_idle(self) -> None:
        if self.screen in VISITOR_SCREENS:
            log.info("visitor idle on %s; back to start", self.screen.value)
            self.start_over()

    def _on_done_timeout(self) -> None:
        if self.screen is Screen.DONE and self.print_state is PrintState.PRINTING:
            self._done.start(1000)  # a slow printer: wait for its verdict
        elif self.screen is Screen.DONE:
            self.start_over()

    def shutdown(self) -> None:
        """Stop every timer: nothing starts after the kiosk begins to close."""
        self.live.stop()
        self._issuing.cancel()
        for timer in self.findChildren(QTimer):
            timer.stop()

    def _go(self, screen: Screen) -> None:
        self.screen = screen
        if screen is not Screen.OFFICIALS:
            self.keyboard_open = False  # back from "confirm": the tiles, not the keys
        self._idle.stop()
        self._done.stop()
        if screen in VISITOR_SCREENS:
            self._idle.start(milliseconds(self.settings.idle_timeout_s))
        elif screen is Screen.DONE:
            self._done.start(milliseconds(self.settings.done_timeout_s))
        self.changed.emit()

    def _reset_visitor(self) -> None:
        self.selection = []
        self.privileged = None
        self.search = ""
        self.keyboard_open = False
        self._issuing.cancel()
        self.result = None
        self.print_state = None
        self.error_key = None

    def _drop_closed_from_selection(self) -> None:
        if self.screen in (Screen.ISSUING, Screen.DONE):
            return
        self.selection = [i for i in self.selection if i in self.queues and self.queues[i].open]
        if not self.selection and self.screen in (Screen.PRIVILEGED, Screen.CONFIRM):
            self._go(Screen.OFFICIALS)


def _error_key(exc: BaseException) -> str:
    """The translation key that explains a refusal to the visitor."""
    code = getattr(exc, "code", "")
    if code == "reception_closed":
        return message_key("kiosk.error.reception_closed")
    if code == "rate_limited":  # this kiosk issued more in a minute than visitors can take
        return message_key("kiosk.error.rate_limited")
    if code in ("wrong_state", "not_found", "invalid_input"):
        return message_key("kiosk.error.queue_closed")
    return message_key("kiosk.error.generic")
