"""``kezek announce``: one announcement to a WAV file (and the speakers), to test the hall's sound."""

from __future__ import annotations

from pathlib import Path

import click

from .announcement import Call, announcement_texts, render_announcement
from .audio import duration_seconds
from .engines import choose_engines, installed_engines
from .errors import PlaybackError, SpeechError
from .players import default_player
from .words import LANGUAGES

DEFAULT_LANGUAGES = ("kk", "ru")


@click.command("announce")
@click.option("--number", required=True, help="The ticket number, e.g. A015.")
@click.option("--desk", required=True, help="The desk's name, e.g. 3.")
@click.option("--language", "languages", multiple=True, type=click.Choice(LANGUAGES),
              help="A language to speak, in order; repeat it for several (default: kk, then ru).")
@click.option("--recall", is_flag=True, help="Announce it as a repeated call.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the WAV here.")
@click.option("--play", is_flag=True, help="Play it on this machine's speakers.")
@click.option("--rhvoice-voice", default="aleksandr-hq", show_default=True,
              help="RHVoice's Russian voice, where RHVoice is installed.")
def announce_command(number, desk, languages, recall, out, play, rhvoice_voice):
    """Render one announcement (chime, then the call in each language) and print the words spoken.

    Organisers test the hall's speakers with it:
    kezek announce --number A015 --desk 3 --play
    """
    if out is None and not play:
        raise click.UsageError("give --out FILE, --play, or both")
    languages = list(languages or DEFAULT_LANGUAGES)
    call = Call(number, desk, recall)
    try:
        texts = announcement_texts(call, languages)
        engines = choose_engines(languages, installed_engines(rhvoice_voice))
        wav = render_announcement(call, languages, engines)
        for language, text in texts:
            click.echo(f"{language} [{engines[language].name}]: {text}")
        if out is not None:
            out.write_bytes(wav)
            click.echo(f"{out}: {duration_seconds(wav):.1f} s")
        if play:
            default_player().play(wav)
    except PlaybackError as error:
        instead = f"the announcement is in {out}" if out is not None else \
            "use --out FILE to write the announcement instead"
        raise click.ClickException(f"{error}; {instead}") from None
    except SpeechError as error:
        raise click.ClickException(str(error)) from None


if __name__ == "__main__":
    announce_command()
