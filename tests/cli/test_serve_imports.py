"""`kezek serve` loads no Qt and no printer library; the other parts' commands load on demand."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from server.process import free_port
from tests.live import seed_sample_day

ROOT = Path(__file__).resolve().parents[2]
# What the server must not need: the kiosk extra's libraries and the desktop parts.
NOT_FOR_THE_SERVER = {"PySide6", "shiboken6", "escpos", "usb", "serial", "PIL", "qrcode", "httpx",
                      "kiosk", "client", "printer_profiles", "operator_console", "display_board"}


def python(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, **kwargs)


def loaded(modules: list[str]) -> set[str]:
    return {name.split(".")[0] for name in modules} & NOT_FOR_THE_SERVER


def test_a_serving_server_has_imported_no_qt_and_no_printer_library(tmp_path):
    db_path = tmp_path / "day.db"
    seed_sample_day(db_path)
    result = python("-m", "tests.cli.serve_probe", str(db_path), str(free_port()))
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout.splitlines()[-1])
    assert "waitress" in modules and "flask" in modules  # it really served
    assert loaded(modules) == set()


def test_help_lists_every_command_without_loading_qt():
    script = ("import json, sys\nfrom server.cli import main\n"
              "main(['--help'], prog_name='kezek', standalone_mode=False)\n"
              "print(json.dumps(sorted(sys.modules)))")
    result = python("-c", script)
    assert result.returncode == 0, result.stderr
    *help_lines, modules = result.stdout.splitlines()
    listed = {line.split()[0] for line in help_lines if line.startswith("  ")}
    assert {"serve", "init", "kiosk", "operator", "board", "print-test"} <= listed
    # their click commands only
    assert loaded(json.loads(modules)) <= {"kiosk", "printer_profiles", "operator_console", "display_board"}


@pytest.mark.parametrize("command, extra", [("kiosk", "kiosk"), ("board", "board")])
def test_a_command_whose_extra_is_missing_names_the_extra(command, extra):
    # None in sys.modules makes `import PySide6` fail as on a PC without the extra.
    script = ("import sys\nsys.modules['PySide6'] = None\nfrom server.cli import run\n"
              f"sys.argv = ['kezek', '{command}', '--token', 't', '--windowed']\nrun()")
    result = python("-c", script)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: kezek {command} needs the '{extra}' extra (PySide6 is not installed): "
        f"pip install 'kezek[{extra}]'"]
