"""The board's announcer: the speech package's worker process, or silence.

``speech.worker.SpeechWorker`` renders and plays announcements in a process of
its own (engines hang or drop utterances when reused from threads). A change
of the organiser's ``announce_languages`` is handed to it as it comes. It is
started on the first announcement, from the announcer's own thread
(display_board.announcer.InBackground), never from the GUI thread.

With ``speech = false``, or where the speech package cannot start, the board
shows the calls and says nothing; the reason is logged once.
"""

from __future__ import annotations

import logging

from display_board.announcer import Announcement, Announcer, Silent
from display_board.settings import BoardSettings

log = logging.getLogger(__name__)


def open_announcer(settings: BoardSettings, on_report=None) -> Announcer:
    if not settings.speech:
        log.info("speech is off: the board shows the calls and says nothing")
        return Silent()
    try:
        from speech.announcement import Call
        from speech.worker import SpeechWorker
    except ImportError as exc:
        log.warning("speech is not available (%s): the board shows the calls and says nothing", exc)
        return Silent()
    return SpeechAnnouncer(SpeechWorker, Call, settings.out_dir or None, on_report)


class SpeechAnnouncer:
    """Announcements to a speech worker; ``on_report`` hears what it did (the bench
    times "audio ready" with it)."""

    def __init__(self, worker_type, call_type, out_dir: str | None, on_report=None):
        self._worker_type = worker_type
        self._call_type = call_type
        self._out_dir = out_dir
        self._on_report = on_report
        self._worker = None
        self._languages: tuple[str, ...] = ()

    def prepare(self, announcement: Announcement) -> None:
        self._worker_for(announcement).prepare(self._call(announcement))

    def announce(self, announcement: Announcement) -> None:
        self._worker_for(announcement).announce(self._call(announcement))

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    def _call(self, announcement: Announcement):
        return self._call_type(announcement.number, announcement.desk, announcement.recall)

    def _worker_for(self, announcement: Announcement):
        if self._worker is None:
            self._languages = announcement.languages
            self._worker = self._worker_type(languages=list(announcement.languages),
                                             out_dir=self._out_dir, on_report=self._on_report)
            self._worker.start()
            log.info("speech started in %s", ", ".join(self._languages))
        elif announcement.languages != self._languages:
            self._languages = announcement.languages
            self._worker.set_languages(list(announcement.languages))
            log.info("speech now in %s", ", ".join(self._languages))
        return self._worker
