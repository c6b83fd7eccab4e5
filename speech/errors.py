"""The speech layer's own errors; each edge (board, server, CLI) turns them into its language."""


class SpeechError(Exception):
    """Something the speech layer could not do; the message says what."""


class UnspeakableText(SpeechError, ValueError):
    """A ticket number or desk name that cannot be written out in words."""


class NoEngine(SpeechError):
    """No installed engine speaks a language that was asked for."""


class SynthesisError(SpeechError):
    """An engine failed or produced no audio."""


class PlaybackError(SpeechError):
    """The sound could not be played (no audio device, no player program)."""


class NoAudioDevice(PlaybackError):
    """The player is there but finds no device to play on (no sound card, a wrong device name)."""
