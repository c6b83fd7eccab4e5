"""An app's copy of what the server knows, kept current: a snapshot, then events.

The kiosk (the day and the queues), an operator console (a desk's work) and
the hall board (the board) each show part of the server's state. They read a
snapshot over HTTP and then follow the event stream. :class:`LiveSync` does
the following and reading; the app says what its copy is with three callables:

- ``fetch()`` reads a snapshot over HTTP. It blocks, so it runs on a worker
  through ``run`` (a :data:`client.qt_bridge.Runner`);
- ``apply_snapshot(snapshot)`` puts a snapshot into the app's copy, on the GUI
  thread;
- ``apply_event(event)`` puts one :class:`client.events.ServerEvent` into it,
  on the GUI thread.

Rules kept here:
- an event that arrives while a snapshot is on its way is applied at once, and
  again, in order, on top of the snapshot when it comes: the snapshot may be
  older than the event. Events carry the new state of what changed, so
  applying one twice does no harm;
- a load that fails is retried every ``retry_interval_s`` until one works;
- the stream (re)connecting reloads everything: the server may have restarted;
- figures never freeze silently: when the stream has been down longer than
  ``stream_grace_s`` (the HTTP API may still answer), the copy is ``stale``
  and is refreshed over HTTP every ``stale_refresh_s`` until the stream is
  back. A refresh that fails changes nothing; a refresh answer older than the
  stream's return is dropped (its reload is newer);
- one load and one refresh on their way at a time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from client.events import ServerEvent
from client.qt_bridge import EventBridge, Runner
from client.timers import milliseconds, repeating, single_shot

log = logging.getLogger(__name__)

Snapshot = TypeVar("Snapshot")


@dataclass(frozen=True)
class LiveSettings:
    retry_interval_s: float = 2.0  # a failed load is tried again this often
    stream_grace_s: float = 5.0  # the stream down this long: the copy is stale
    stale_refresh_s: float = 15.0  # while stale, refresh it over HTTP this often


class LiveSync(QObject, Generic[Snapshot]):
    """Keeps an app's copy current: HTTP snapshot, live events, stale polling."""

    loaded = Signal()  # a load's snapshot, and the events that came meanwhile, are applied
    load_failed = Signal(object)  # the exception; another load follows by itself
    refreshed = Signal()  # a stale-time refresh's snapshot is applied
    stale_changed = Signal(bool)

    def __init__(
        self,
        fetch: Callable[[], Snapshot],
        apply_snapshot: Callable[[Snapshot], None],
        apply_event: Callable[[ServerEvent], None],
        run: Runner,
        settings: LiveSettings = LiveSettings(),
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._fetch = fetch
        self._apply_snapshot = apply_snapshot
        self._apply_event = apply_event
        self._run = run
        self.settings = settings
        self.connected = False  # the event stream, as last reported
        self.stale = False  # the stream is down: the copy may lag behind
        self._loading = False
        self._events_during_load: list[ServerEvent] = []
        self._refreshing = False
        self._refresh_round = 0  # answers of an older round are dropped
        self._stopped = False
        self._reload = single_shot(self, self.load)
        self._stream_grace = single_shot(self, self._on_stream_silent)
        self._stale_refresh = repeating(self, self._refresh)

    @property
    def loading(self) -> bool:
        return self._loading

    def follow(self, bridge: EventBridge) -> None:
        """Take the events and the connection state of ``bridge``."""
        bridge.event_received.connect(self.handle_event)
        bridge.connection_changed.connect(self.connection_changed)

    def start(self) -> None:
        """Load the first snapshot, and count the stream as down until it says otherwise.

        A stream refused from its first try (a 503, a proxy) never reports
        anything: the grace period starts now, so such a copy turns stale too.
        Starting again after ``stop`` (an official logging in again) works.
        """
        self._stopped = False
        self.load()
        if not self.connected:
            self.connection_changed(False)

    def stop(self) -> None:
        """Nothing starts any more: no reload, no refresh (the app is closing)."""
        self._stopped = True
        for timer in (self._reload, self._stream_grace, self._stale_refresh):
            timer.stop()

    # -- loading ------------------------------------------------------------------

    def load(self) -> None:
        """Fetch a snapshot (unless one is on its way); on failure try again later."""
        if self._loading or self._stopped:
            return
        self._loading = True
        self._events_during_load = []
        self._run(self._fetch, self._loaded, self._load_failed)

    def _loaded(self, snapshot: Snapshot) -> None:
        self._loading = False
        events, self._events_during_load = self._events_during_load, []
        self._apply_snapshot(snapshot)
        for event in events:
            self._apply_event(event)
        self.loaded.emit()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._events_during_load = []
        log.warning("cannot load the snapshot: %r", exc)
        self.load_failed.emit(exc)
        if not self._stopped:
            self._reload.start(milliseconds(self.settings.retry_interval_s))

    def handle_event(self, event: ServerEvent) -> None:
        """An event from the stream: applied now, and again on a snapshot on its way."""
        if self._loading:
            self._events_during_load.append(event)
        self._apply_event(event)

    # -- the stream's state and the stale-time refresh ------------------------------

    def connection_changed(self, connected: bool) -> None:
        """The stream connected (reload; live again) or dropped (the grace period starts)."""
        self.connected = connected
        if self._stopped:
            return
        if connected:
            self._stream_grace.stop()
            self._stale_refresh.stop()
            self._refresh_round += 1  # the reload brings newer figures than a refresh on its way
            self._set_stale(False)
            self.load()
        elif not self.stale and not self._stream_grace.isActive():
            self._stream_grace.start(milliseconds(self.settings.stream_grace_s))

    def _on_stream_silent(self) -> None:
        if self.connected:
            return
        log.warning("event stream down for %g s: refreshing the figures over HTTP", self.settings.stream_grace_s)
        self._set_stale(True)
        self._stale_refresh.start(milliseconds(self.settings.stale_refresh_s))
        self._refresh()

    def _refresh(self) -> None:
        if not self.stale or self._refreshing or self._loading or self._stopped:
            return  # a load on its way brings the same and more
        self._refreshing = True
        round_ = self._refresh_round
        self._run(self._fetch, lambda snapshot: self._refreshed(round_, snapshot), self._refresh_failed)

    def _refreshed(self, round_: int, snapshot: Snapshot) -> None:
        self._refreshing = False
        if round_ != self._refresh_round or not self.stale:
            return  # the stream came back meanwhile: its reload is newer
        self._apply_snapshot(snapshot)
        self.refreshed.emit()

    def _refresh_failed(self, exc: BaseException) -> None:
        self._refreshing = False
        log.warning("refreshing the figures failed (%r); they stay stale", exc)

    def _set_stale(self, stale: bool) -> None:
        if stale != self.stale:
            self.stale = stale
            self.stale_changed.emit(stale)
