"""Real WAVs from each installed engine, and the choice of the best engine per language."""

import logging

import pytest
from pyttsx3.voice import Voice

from speech import audio
from speech.engines import (Engine, EspeakEngine, Pyttsx3Engine, RHVoiceEngine, _voice_per_language,
                            choose_engines)
from speech.errors import NoEngine
from speech.words import spoken_call

SILENT_BELOW = 0.05  # a peak under 5% of full scale is no announcement a hall hears


def assert_sane_call(wav: bytes):
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    assert 1.0 <= audio.duration_seconds(wav) <= 10.0
    assert audio.peak(wav) > SILENT_BELOW


def test_rhvoice_speaks_russian(rhvoice):
    assert_sane_call(rhvoice.synthesise(spoken_call("A015", "3", "ru"), "ru"))


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_espeak_ng_speaks_kazakh_and_russian(espeak, language):
    assert_sane_call(espeak.synthesise(spoken_call("A015", "3", language), language))


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_pyttsx3_speaks_kazakh_and_russian(pyttsx3_engine, language):
    assert_sane_call(pyttsx3_engine.synthesise(spoken_call("A015", "3", language), language))


def test_a_longer_text_makes_a_longer_wav(espeak):
    short = espeak.synthesise("бір", "kk")
    long = espeak.synthesise(spoken_call("A015", "3", "kk"), "kk")
    assert audio.duration_seconds(short) < audio.duration_seconds(long)


def test_every_engine_is_an_engine():
    for engine in (RHVoiceEngine(), EspeakEngine(), Pyttsx3Engine()):
        assert isinstance(engine, Engine)


def test_a_missing_program_or_voice_speaks_nothing():
    assert RHVoiceEngine(program="kezek-no-such-program").languages() == set()
    assert RHVoiceEngine({"ru": "no-such-voice"}).languages() == set()
    assert EspeakEngine(program="kezek-no-such-program").languages() == set()
    with pytest.raises(NoEngine):
        EspeakEngine(program="kezek-no-such-program").synthesise("сәлем", "kk")


def test_an_engine_asked_for_a_language_it_lacks_says_so(rhvoice):
    with pytest.raises(NoEngine):
        rhvoice.synthesise("сәлем", "kk")


def test_the_best_engine_per_language_is_chosen_and_logged_once(kk_ru_engines, caplog):
    espeak, rhvoice = kk_ru_engines["kk"], kk_ru_engines["ru"]
    caplog.set_level(logging.INFO, logger="kezek.speech")
    chosen = choose_engines(["kk", "ru", "en"], available=[rhvoice, espeak, Pyttsx3Engine()])
    assert chosen == {"kk": espeak, "ru": rhvoice, "en": espeak}
    choices = [record.getMessage() for record in caplog.records if record.name == "kezek.speech"]
    assert choices == [f"speech engines: kk → espeak-ng, ru → {rhvoice.name}, en → espeak-ng"]


def test_russian_falls_back_to_espeak_ng_without_rhvoice(espeak):
    chosen = choose_engines(["kk", "ru"], available=[RHVoiceEngine(program="kezek-no-such-program"), espeak])
    assert chosen == {"kk": espeak, "ru": espeak}


def test_a_language_no_engine_speaks_is_left_out_with_a_warning(rhvoice, caplog):
    caplog.set_level(logging.INFO, logger="kezek.speech")
    assert choose_engines(["kk", "ru"], available=[rhvoice]) == {"ru": rhvoice}
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert warnings == ["speech: no engine speaks kk; those announcements are left out"]


def test_pyttsx3_prefers_an_rhvoice_sapi_voice_for_russian():
    # As SAPI5 lists voices on Windows: language tags from the LCID, registry ids.
    voices = [
        Voice("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech\\Voices\\Tokens\\TTS_MS_RU-RU_IRINA_11.0",
              "Microsoft Irina Desktop - Russian", ["ru_RU"]),
        Voice("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech\\Voices\\Tokens\\Aleksandr-hq",
              "Aleksandr-hq", ["ru_RU"]),
        Voice("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech\\Voices\\Tokens\\TTS_MS_EN-US_ZIRA_11.0",
              "Microsoft Zira Desktop - English (United States)", ["en_US"]),
    ]
    chosen = _voice_per_language(voices, {"ru": "aleksandr"})
    assert chosen["ru"].endswith("Aleksandr-hq")
    assert chosen["en"].endswith("ZIRA_11.0")


def test_pyttsx3_prefers_the_voice_named_exactly_as_the_language():
    voices = [Voice("gmw/en-029", "English (Caribbean)", ["en-029"]),
              Voice("gmw/en", "English (Great Britain)", ["en-gb"]),
              Voice("trk/kk", "Kazakh", ["kk"])]
    assert _voice_per_language(voices, {}) == {"en": "gmw/en", "kk": "trk/kk"}
