"""aplay's failures come out as one line a hall's organiser can act on, never ALSA's dozen."""

import shutil

import pytest

from speech import audio
from speech.errors import NoAudioDevice, PlaybackError
from speech.players import AplayPlayer

def a_wav() -> bytes:
    return audio.chime()


def test_aplay_missing_says_which_package_to_install():
    with pytest.raises(PlaybackError, match=r"^kezek-no-such-aplay is not installed \(package alsa-utils\)$"):
        AplayPlayer("kezek-no-such-aplay").play(a_wav())


def test_aplay_without_a_sound_card_says_so_in_one_line(aplay_without_sound_card):
    with pytest.raises(NoAudioDevice) as raised:
        AplayPlayer().play(a_wav())
    assert str(raised.value) == "no audio device: aplay cannot open the default device: no sound card found"


def test_aplay_given_a_device_that_does_not_exist_says_so_in_one_line():
    if shutil.which("aplay") is None:
        pytest.skip("aplay is not installed here (apt install alsa-utils)")
    with pytest.raises(NoAudioDevice) as raised:
        AplayPlayer(device="kezek_no_such_device").play(a_wav())
    assert str(raised.value) == "no audio device: aplay cannot open kezek_no_such_device: No such file or directory"


def test_any_other_failure_of_the_player_is_its_own_last_line(tmp_path):
    program = tmp_path / "aplay"
    program.write_text("#!/bin/sh\ncat >/dev/null\n"
                       "echo 'ALSA lib pcm.c:8526:(snd_pcm_recover) underrun occurred' >&2\n"
                       "echo 'aplay: pcm_write:2146: write error: Input/output error' >&2\nexit 1\n")
    program.chmod(0o755)
    with pytest.raises(PlaybackError) as raised:
        AplayPlayer(str(program)).play(a_wav())
    assert type(raised.value) is PlaybackError
    assert str(raised.value) == "aplay: write error: Input/output error"
