"""WAV in, WAV out, with the standard library only.

Engines give WAVs of their own rates (RHVoice 24 kHz, espeak-ng 22.05 kHz,
SAPI5 whatever its voice has); an announcement is one mono 16-bit WAV at one
rate, so every part is decoded to mono 16-bit samples, resampled by linear
interpolation (``audioop`` is deprecated and gone in Python 3.13; speech has
little above 8 kHz, so linear is enough) and joined with short pauses.
"""

from __future__ import annotations

import io
import math
import sys
import wave
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .errors import SpeechError

RATE = 22050
FULL_SCALE = 32767
PAUSE_SECONDS = 0.35  # between the chime and each language
LEAD_IN_SECONDS = 0.1  # some sound cards swallow the first moments after waking


@dataclass(frozen=True)
class Pcm:
    """Mono signed 16-bit samples at ``rate``."""

    rate: int
    samples: array

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


def decode(wav: bytes) -> Pcm:
    """Any uncompressed PCM WAV (8/16/24/32-bit, any channels) as mono 16-bit samples."""
    try:
        with wave.open(io.BytesIO(wav)) as reader:
            channels, width, rate = reader.getnchannels(), reader.getsampwidth(), reader.getframerate()
            frames = reader.readframes(reader.getnframes())
    except (wave.Error, EOFError) as error:
        raise SpeechError(f"not a PCM WAV: {error}") from None
    return Pcm(rate, _mono(_samples_16(frames, width), channels))


def encode(pcm: Pcm) -> bytes:
    samples = pcm.samples
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(pcm.rate)
        writer.writeframes(samples.tobytes())
    return buffer.getvalue()


def duration_seconds(wav: bytes) -> float:
    try:
        with wave.open(io.BytesIO(wav)) as reader:
            return reader.getnframes() / reader.getframerate()
    except (wave.Error, EOFError) as error:
        raise SpeechError(f"not a PCM WAV: {error}") from None


def peak(wav: bytes) -> float:
    """The loudest sample, 0.0 (silence) to 1.0 (full scale)."""
    return _peak(decode(wav).samples)


def concatenate(wavs: Iterable[bytes], rate: int = RATE, pause_seconds: float = PAUSE_SECONDS) -> bytes:
    """The WAVs one after another as one mono 16-bit WAV at ``rate``, a pause between each."""
    joined = array("h", _silence(LEAD_IN_SECONDS, rate))
    pause = _silence(pause_seconds, rate)
    for index, wav in enumerate(wavs):
        if index:
            joined.extend(pause)
        joined.extend(resampled(decode(wav), rate).samples)
    return encode(Pcm(rate, joined))


def resampled(pcm: Pcm, rate: int) -> Pcm:
    if pcm.rate == rate or not pcm.samples:
        return Pcm(rate, pcm.samples)
    source = pcm.samples
    step = pcm.rate / rate
    count = int(len(source) * rate / pcm.rate)
    padded = source + source[-1:]  # the last sample's right neighbour is itself
    return Pcm(rate, array("h", [
        int(padded[left] + (padded[left + 1] - padded[left]) * (position - left))
        for position, left in ((index * step, int(index * step)) for index in range(count))
    ]))


def louder_to(wav: bytes, target_peak: float) -> bytes:
    """``wav`` scaled so its loudest sample is ``target_peak`` of full scale (silence stays silent).

    Engines speak at different levels; evened out, Kazakh and Russian sound equally loud.
    """
    pcm = decode(wav)
    current = _peak(pcm.samples)
    if current == 0:
        return encode(pcm)
    factor = min(target_peak, 1.0) / current  # never past full scale, so no clipping
    return encode(Pcm(pcm.rate, array("h", [int(sample * factor) for sample in pcm.samples])))


@lru_cache(maxsize=4)
def chime(rate: int = RATE) -> bytes:
    """A soft two-tone "ding-dong" (E5 then C5), about 1.4 s, made here so no sound file ships."""
    tones = ((0.0, 659.25), (0.45, 523.25))  # (start in seconds, frequency in Hz)
    ring_seconds, volume = 0.95, 0.3
    ring = int(ring_seconds * rate)
    envelope = [_bell_envelope(offset / rate, ring_seconds) for offset in range(ring)]
    mixed = [0.0] * (int(tones[-1][0] * rate) + ring)
    for start_seconds, frequency in tones:
        start, step = int(start_seconds * rate), 2 * math.pi * frequency / rate
        for offset in range(ring):
            # the fundamental and a quieter octave: a bell, not a beep
            tone = math.sin(step * offset) + 0.25 * math.sin(2 * step * offset)
            mixed[start + offset] += volume / 1.25 * envelope[offset] * tone
    return encode(Pcm(rate, array("h", [round(FULL_SCALE * value) for value in mixed])))


def _bell_envelope(t: float, length: float) -> float:
    """Struck and fading: a 20 ms rise (no click), an exponential decay, a 150 ms fade to silence."""
    rise = min(1.0, t / 0.02)
    fade = min(1.0, (length - t) / 0.15)
    return rise * max(0.0, fade) * math.exp(-4.0 * t)


def _samples_16(frames: bytes, width: int) -> array:
    if width == 2:
        samples = array("h", frames)
        if sys.byteorder == "big":
            samples.byteswap()
        return samples
    if width == 1:  # 8-bit WAV is unsigned
        return array("h", ((byte - 128) << 8 for byte in frames))
    if width in (3, 4):
        return array("h", (int.from_bytes(frames[i:i + width], "little", signed=True) >> (8 * width - 16)
                           for i in range(0, len(frames), width)))
    raise SpeechError(f"unsupported WAV sample width: {width} bytes")


def _mono(samples: array, channels: int) -> array:
    if channels == 1:
        return samples
    lanes = [samples[channel::channels] for channel in range(channels)]
    return array("h", (sum(frame) // channels for frame in zip(*lanes)))


def _silence(seconds: float, rate: int) -> array:
    return array("h", bytes(2 * int(seconds * rate)))


def _peak(samples: array) -> float:
    if not samples:
        return 0.0
    return min(1.0, max(max(samples), -min(samples)) / FULL_SCALE)
