"""WAV helpers: decoding any PCM WAV, resampling, joining, the chime, levels."""

import io
import math
import wave

import pytest

from speech import audio
from speech.errors import SpeechError


def tone_wav(frequency: float, seconds: float, rate: int, channels: int = 1, width: int = 2,
             level: float = 0.5) -> bytes:
    """A sine tone as a WAV of the given format, the same on every channel."""
    frames = bytearray()
    for index in range(int(seconds * rate)):
        value = level * math.sin(2 * math.pi * frequency * index / rate)
        if width == 1:
            sample = bytes([128 + round(127 * value)])
        else:
            sample = round(value * (2 ** (8 * width - 1) - 1)).to_bytes(width, "little", signed=True)
        frames += sample * channels
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(bytes(frames))
    return buffer.getvalue()


def crossings(pcm: audio.Pcm) -> int:
    samples = pcm.samples
    return sum(1 for a, b in zip(samples, samples[1:]) if (a < 0) != (b < 0))


def wav_format(wav: bytes) -> tuple[int, int, int]:
    with wave.open(io.BytesIO(wav)) as reader:
        return reader.getnchannels(), reader.getsampwidth(), reader.getframerate()


@pytest.mark.parametrize("rate, channels, width", [
    (24000, 1, 2), (22050, 2, 2), (11025, 1, 1), (48000, 2, 3), (16000, 1, 4),
])
def test_any_pcm_wav_decodes_to_mono_16_bit_at_its_rate(rate, channels, width):
    pcm = audio.decode(tone_wav(440, 0.5, rate, channels, width))
    assert pcm.rate == rate
    assert pcm.seconds == pytest.approx(0.5, abs=0.001)
    assert audio._peak(pcm.samples) == pytest.approx(0.5, abs=0.02)
    assert crossings(pcm) == pytest.approx(440, abs=3)  # still a 440 Hz tone


def test_resampling_keeps_the_pitch_and_the_length():
    source = audio.decode(tone_wav(440, 1.0, 24000))
    out = audio.resampled(source, 22050)
    assert out.rate == 22050
    assert len(out.samples) == 22050
    assert crossings(out) == pytest.approx(crossings(source), abs=2)
    assert audio._peak(out.samples) == pytest.approx(0.5, abs=0.01)


def test_concatenate_joins_different_formats_into_one_mono_wav_with_pauses():
    parts = [tone_wav(440, 1.0, 24000), tone_wav(660, 0.5, 11025, channels=2, width=1),
             tone_wav(880, 0.25, 22050)]
    joined = audio.concatenate(parts, rate=22050)
    assert wav_format(joined) == (1, 2, 22050)
    expected = audio.LEAD_IN_SECONDS + 1.75 + 2 * audio.PAUSE_SECONDS
    assert audio.duration_seconds(joined) == pytest.approx(expected, abs=0.01)
    assert audio.peak(joined) == pytest.approx(0.5, abs=0.02)


def test_the_chime_is_two_soft_tones():
    chime = audio.chime()
    assert wav_format(chime) == (1, 2, audio.RATE)
    assert 1.0 <= audio.duration_seconds(chime) <= 2.0
    assert 0.15 <= audio.peak(chime) <= 0.4  # softer than speech, which is levelled to 0.8
    samples = audio.decode(chime).samples
    assert abs(samples[0]) < 100 and abs(samples[-1]) < 100  # rises from and fades to silence: no click
    first = audio.Pcm(audio.RATE, samples[:int(0.4 * audio.RATE)])
    assert crossings(first) / 0.4 / 2 == pytest.approx(659.25, rel=0.05)  # E5 first


def test_louder_to_levels_the_peak_and_leaves_silence_silent():
    quiet = tone_wav(440, 0.3, 22050, level=0.1)
    assert audio.peak(audio.louder_to(quiet, 0.8)) == pytest.approx(0.8, abs=0.01)
    silence = tone_wav(440, 0.3, 22050, level=0.0)
    assert audio.peak(audio.louder_to(silence, 0.8)) == 0.0


def test_duration_and_peak():
    wav = tone_wav(440, 0.75, 16000, level=0.25)
    assert audio.duration_seconds(wav) == pytest.approx(0.75)
    assert audio.peak(wav) == pytest.approx(0.25, abs=0.01)


@pytest.mark.parametrize("junk", [b"", b"RIFF1234WAVEjunk", b"not a wav at all"])
def test_what_is_not_a_wav_is_a_speech_error(junk):
    with pytest.raises(SpeechError):
        audio.decode(junk)
    with pytest.raises(SpeechError):
        audio.duration_seconds(junk)
