"""`kezek announce`: one announcement to a file, the words it speaks and who spoke them."""

import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from speech import audio
from speech.cli import announce_command

ROOT = Path(__file__).resolve().parents[2]


def test_announce_writes_the_wav_and_prints_each_language_with_its_engine(tmp_path, kk_ru_engines):
    out = tmp_path / "a.wav"
    result = CliRunner().invoke(announce_command, ["--number", "A015", "--desk", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "kk [espeak-ng]: А он бес нөмірлі талон, үшінші үстелге келіңіз",
        f"ru [{kk_ru_engines['ru'].name}]: Талон А пятнадцать, пройдите к столу номер три",
    ]
    wav = out.read_bytes()
    assert 4.0 <= audio.duration_seconds(wav) <= 15.0 and audio.peak(wav) > 0.05
    assert result.output.splitlines()[2] == f"{out}: {audio.duration_seconds(wav):.1f} s"


def test_announce_speaks_the_languages_given_in_their_order(tmp_path, kk_ru_engines):
    out = tmp_path / "b.wav"
    result = CliRunner().invoke(announce_command, ["--number", "F7", "--desk", "12", "--recall",
                                                   "--language", "ru", "--language", "en", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        f"ru [{kk_ru_engines['ru'].name}]: Повторно: талон эф семь, пройдите к столу номер двенадцать",
        "en [espeak-ng]: Once again: ticket ef seven, please go to desk twelve",
    ]


def test_announce_needs_somewhere_to_put_the_sound():
    result = CliRunner().invoke(announce_command, ["--number", "A015", "--desk", "3"])
    assert result.exit_code == 2 and "give --out FILE, --play, or both" in result.output


def test_announce_says_what_it_cannot_say(tmp_path):
    result = CliRunner().invoke(announce_command, ["--number", "A$5", "--desk", "3", "--out", str(tmp_path / "c.wav")])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: cannot say '$' in the ticket number 'A$5'"
    assert not (tmp_path / "c.wav").exists()


def announce_with_programs(tmp_path: Path, programs: tuple[str, ...], *options: str) -> subprocess.CompletedProcess:
    """`kezek announce` with only ``programs`` on PATH, as on a hall PC with those installed."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in programs:
        (folder / name).symlink_to(shutil.which(name))
    return subprocess.run([sys.executable, "-m", "speech.cli", "--number", "A1", "--desk", "1", *options],
                          cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={"PATH": str(folder), "PYTHONPATH": str(ROOT)})


SPEECH_PROGRAMS = ("espeak-ng", "RHVoice-test")
WORDS_A1 = ["kk [espeak-ng]: А бір нөмірлі талон, бірінші үстелге келіңіз",
            "ru [{ru}]: Талон А один, пройдите к столу номер один"]


def test_announce_without_a_sound_player_fails_with_one_line_after_the_words(tmp_path, kk_ru_engines):
    result = announce_with_programs(tmp_path, SPEECH_PROGRAMS, "--play")  # no alsa-utils on this PC
    assert result.returncode == 1
    assert result.stdout.splitlines() == [line.format(ru=kk_ru_engines["ru"].name) for line in WORDS_A1]
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: aplay is not installed (package alsa-utils); use --out FILE to write the announcement instead")


def test_announce_with_aplay_but_no_sound_card_fails_with_one_line(tmp_path, kk_ru_engines, aplay_without_sound_card):
    result = announce_with_programs(tmp_path, (*SPEECH_PROGRAMS, "aplay"), "--play")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [line.format(ru=kk_ru_engines["ru"].name) for line in WORDS_A1]
    assert result.stderr.strip().splitlines() == [
        "Error: no audio device: aplay cannot open the default device: no sound card found; "
        "use --out FILE to write the announcement instead"]


def test_announce_to_a_file_and_speakers_without_a_sound_card_keeps_the_file(tmp_path, kk_ru_engines,
                                                                           aplay_without_sound_card):
    out = tmp_path / "a1.wav"
    result = announce_with_programs(tmp_path, (*SPEECH_PROGRAMS, "aplay"), "--play", "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: no audio device: aplay cannot open the default device: no sound card found; "
        f"the announcement is in {out}"]
    assert 4.0 <= audio.duration_seconds(out.read_bytes()) <= 15.0


def test_kezek_announce_runs_as_the_organiser_types_it(tmp_path):
    """Through the installed `kezek` command, as an organiser tests the speakers."""
    import subprocess
    import sys
    from pathlib import Path

    kezek = Path(sys.executable).with_name("kezek")
    out = tmp_path / "a.wav"
    run = subprocess.run([str(kezek), "announce", "--number", "A015", "--desk", "3",
                          "--language", "ru", "--out", str(out)],
                         capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "пятнадцать" in run.stdout and "три" in run.stdout
    assert out.read_bytes()[:4] == b"RIFF"
