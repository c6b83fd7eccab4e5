"""The board's speech as the organiser's dashboard sees it, from the speech process's reports."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from contract.devices import SpeechState

# What each kind of speech report says about the hall hearing its calls.
STATE_OF_REPORT = {
    "started": SpeechState.OK,
    "played": SpeechState.OK,
    "written": SpeechState.NO_AUDIO_DEVICE,  # nothing to play on: written to files instead
    "failed": SpeechState.FAILED,
}


def speech_at_start(speech_wanted: bool, speaking: bool) -> SpeechState:
    """Before anything is said: off on purpose, or wanted but no engine could start."""
    if not speech_wanted:
        return SpeechState.OFF
    return SpeechState.UNKNOWN if speaking else SpeechState.ENGINE_MISSING


class SpeechHealth(QObject):
    """Turns the speech process's reports (any thread) into states on the GUI thread."""

    changed = Signal(str)  # a SpeechState

    def on_report(self, report) -> None:
        state = STATE_OF_REPORT.get(report.kind)
        if state is not None:
            self.changed.emit(state.value)  # queued to the GUI thread by Qt
