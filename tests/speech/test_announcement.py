"""One announcement: the chime, then each language in order, as one WAV; the render-ahead cache."""

import pytest

from speech import audio
from speech.announcement import (SPEECH_PEAK, AnnouncementCache, Call, announcement_texts,
                                 render_announcement)
from speech.errors import NoEngine, UnspeakableText


def seconds_of(pcm: audio.Pcm, start: float, end: float) -> audio.Pcm:
    return audio.Pcm(pcm.rate, pcm.samples[int(start * pcm.rate):int(end * pcm.rate)])


def test_chime_then_kazakh_then_russian(kk_ru_engines):
    call = Call("A015", "3")
    wav = render_announcement(call, ["kk", "ru"], kk_ru_engines)
    kk = kk_ru_engines["kk"].synthesise(announcement_texts(call, ["kk"])[0][1], "kk")
    ru = kk_ru_engines["ru"].synthesise(announcement_texts(call, ["ru"])[0][1], "ru")
    chime = audio.duration_seconds(audio.chime())
    lengths = [chime, audio.duration_seconds(kk), audio.duration_seconds(ru)]
    expected = audio.LEAD_IN_SECONDS + sum(lengths) + 2 * audio.PAUSE_SECONDS
    assert audio.duration_seconds(wav) == pytest.approx(expected, abs=0.05)
    assert 4.0 <= audio.duration_seconds(wav) <= 15.0

    pcm = audio.decode(wav)
    chime_end = audio.LEAD_IN_SECONDS + chime
    kk_end = chime_end + audio.PAUSE_SECONDS + lengths[1]
    peak_of = lambda start, end: audio._peak(seconds_of(pcm, start, end).samples)  # noqa: E731
    assert 0.15 < peak_of(0, chime_end) < 0.4  # the chime, soft
    assert peak_of(chime_end, chime_end + audio.PAUSE_SECONDS) < 0.01  # a pause
    assert peak_of(chime_end + audio.PAUSE_SECONDS, kk_end) == pytest.approx(SPEECH_PEAK, abs=0.02)
    assert peak_of(kk_end + audio.PAUSE_SECONDS, pcm.seconds) == pytest.approx(SPEECH_PEAK, abs=0.02)


def test_the_order_of_languages_is_kept(kk_ru_engines):
    call = Call("B7", "12", recall=True)
    assert [language for language, _ in announcement_texts(call, ["ru", "kk"])] == ["ru", "kk"]
    kk_first = render_announcement(call, ["kk", "ru"], kk_ru_engines)
    ru_first = render_announcement(call, ["ru", "kk"], kk_ru_engines)
    assert audio.duration_seconds(kk_first) == pytest.approx(audio.duration_seconds(ru_first), abs=0.01)
    assert kk_first != ru_first


def test_a_language_without_an_engine_is_an_error_before_any_synthesis(kk_ru_engines):
    with pytest.raises(NoEngine, match="en"):
        render_announcement(Call("A1", "1"), ["kk", "en"], kk_ru_engines)


def test_an_unspeakable_number_fails_before_any_synthesis(kk_ru_engines):
    with pytest.raises(UnspeakableText):
        render_announcement(Call("A$1", "1"), ["kk", "ru"], kk_ru_engines)


def test_the_cache_returns_what_was_put_for_the_same_call_and_languages():
    cache = AnnouncementCache(4)
    call = Call("A015", "3")
    cache.put(call, ["kk", "ru"], b"kk-ru")
    assert cache.get(Call("A015", "3"), ("kk", "ru")) == b"kk-ru"
    assert cache.get(call, ["ru", "kk"]) is None  # another order is another announcement
    assert cache.get(Call("A015", "3", recall=True), ["kk", "ru"]) is None
    assert cache.get(Call("A015", "4"), ["kk", "ru"]) is None
    assert (call, ["kk", "ru"]) in cache


def test_the_cache_forgets_the_least_recently_used_first():
    cache = AnnouncementCache(3)
    calls = [Call(f"A{n}", "1") for n in range(4)]
    for call in calls[:3]:
        cache.put(call, ["kk"], call.number.encode())
    assert cache.get(calls[0], ["kk"]) == b"A0"  # used: now the most recent
    cache.put(calls[3], ["kk"], b"A3")
    assert len(cache) == 3
    assert cache.get(calls[1], ["kk"]) is None
    assert [cache.get(call, ["kk"]) for call in (calls[0], calls[2], calls[3])] == [b"A0", b"A2", b"A3"]


def test_a_cache_needs_room():
    with pytest.raises(ValueError):
        AnnouncementCache(0)
