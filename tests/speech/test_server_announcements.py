"""The server renders a call's audio ahead only while a web board plays sound."""

from types import SimpleNamespace

from contract.enums import Language
from server.services.announcements import LISTENING_SECONDS, Announcements


class RecordingRenderer:
    def __init__(self):
        self.prepared, self.rendered = [], []

    def prepare(self, call) -> None:
        self.prepared.append(call.number)

    def render(self, call) -> bytes:
        self.rendered.append(call.number)
        return b"RIFF"

    def close(self) -> None:
        pass


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


def board_view(*likely: str):
    return SimpleNamespace(
        reception=SimpleNamespace(announce_languages=[Language.KK, Language.RU]),
        tiles=[SimpleNamespace(likely_next=number, desk=SimpleNamespace(name=str(n + 1)))
               for n, number in enumerate(likely)])


def announcements(clock: Clock) -> tuple[Announcements, RecordingRenderer]:
    renderer = RecordingRenderer()
    calls = SimpleNamespace(call=lambda seq: (SimpleNamespace(number="A001", recall=False), "1",
                                              [Language.KK, Language.RU]))
    return Announcements(calls, lambda languages: renderer, clock=clock), renderer


def test_with_only_qt_boards_nothing_is_rendered_ahead():
    service, renderer = announcements(Clock())
    service.prepare(board_view("A002", "B001"))
    assert renderer.prepared == []


def test_once_a_web_board_asks_for_audio_the_likely_next_are_rendered_ahead_once():
    clock = Clock()
    service, renderer = announcements(clock)
    assert service.audio(7) == b"RIFF" and renderer.rendered == ["A001"]
    service.prepare(board_view("A002", "B001"))
    service.prepare(board_view("A002", "B001"))
    assert renderer.prepared == ["A002", "B001"]


def test_a_web_board_silent_for_ten_minutes_is_no_longer_listened_for():
    clock = Clock()
    service, renderer = announcements(clock)
    service.audio(7)
    clock.now += LISTENING_SECONDS + 1
    service.prepare(board_view("A002"))
    assert renderer.prepared == []
