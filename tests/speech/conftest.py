"""Which speech engines this machine has; tests of a missing one skip and say what to install."""

import shutil
import subprocess

import pytest

from speech.engines import EspeakEngine, Pyttsx3Engine, RHVoiceEngine

INSTALL = {
    "RHVoice": "RHVoice with its Russian voices (Debian non-free: rhvoice rhvoice-russian; `make system-packages`)",
    "espeak-ng": "espeak-ng (apt install espeak-ng)",
    "pyttsx3": "pyttsx3 with espeak-ng's library (apt install libespeak-ng1) or SAPI5",
}


def speaking(engine, languages: tuple[str, ...], install: str):
    """``engine`` when it has a voice for each language here; otherwise the test skips."""
    missing = [language for language in languages if language not in engine.languages()]
    if missing:
        pytest.skip(f"{engine.name} has no {', '.join(missing)} voice here: install {INSTALL[install]}")
    return engine


@pytest.fixture(scope="session")
def rhvoice():
    return speaking(RHVoiceEngine(), ("ru",), "RHVoice")


@pytest.fixture(scope="session")
def espeak():
    return speaking(EspeakEngine(), ("kk", "ru"), "espeak-ng")


@pytest.fixture(scope="session")
def pyttsx3_engine():
    return speaking(Pyttsx3Engine(), ("kk", "ru"), "pyttsx3")


@pytest.fixture(scope="session")
def kk_ru_engines(rhvoice, espeak):
    """Kazakh by espeak-ng and Russian by RHVoice: what a hall PC speaks with."""
    return {"kk": espeak, "ru": rhvoice}


@pytest.fixture(scope="session")
def aplay_without_sound_card():
    """aplay installed on a machine with no sound card: the hall PC whose speakers are not plugged in.
    Elsewhere the test skips (with a card, it would be heard)."""
    aplay = shutil.which("aplay")
    if aplay is None:
        pytest.skip("aplay is not installed here (apt install alsa-utils)")
    listing = subprocess.run([aplay, "-l"], capture_output=True, text=True, timeout=10)
    if "no soundcards found" not in listing.stdout + listing.stderr:
        pytest.skip("this machine has a sound card")
    return aplay
