"""Kiosk settings from a TOML file and the command line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kiosk.cli import kiosk_command
from kiosk.settings import SettingsError, load_settings


def write(tmp_path, text: str):
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_then_command_line(tmp_path):
    config = write(tmp_path, '[kiosk]\nserver = "http://10.0.0.2:8080"\ntoken = "t"\norganiser_pin = "2468"\n'
                             'orientation = "portrait"\nidle_timeout_seconds = 45\nprint_failure = "cancel"\n')
    settings = load_settings(config, orientation="landscape", token=None)
    assert settings.server == "http://10.0.0.2:8080" and settings.token == "t"
    assert settings.orientation == "landscape"  # the command line wins
    flow = settings.flow_settings()
    assert flow.idle_timeout_s == 45 and flow.print_failure_policy == "cancel"


def test_stale_figures_settings(tmp_path):
    defaults = load_settings(token="t", windowed=True).flow_settings()
    assert (defaults.stream_grace_s, defaults.stale_refresh_s) == (5.0, 15.0)
    config = write(tmp_path, '[kiosk]\ntoken = "t"\nwindowed = true\nstream_grace_seconds = 8\n'
                             'stale_refresh_seconds = 20\n')
    flow = load_settings(config).flow_settings()
    assert (flow.stream_grace_s, flow.stale_refresh_s) == (8.0, 20.0)
    with pytest.raises(SettingsError, match="stale_refresh_seconds"):
        load_settings(token="t", windowed=True, stale_refresh_seconds=0)


@pytest.mark.parametrize("text, problem", [
    ('[kiosk]\ntoken = "t"\n', "organiser_pin"),
    ('[kiosk]\norganiser_pin = "1"\n', "token"),
    ('[kiosk]\ntoken = "t"\norganiser_pin = "1"\norientation = "sideways"\n', "orientation"),
    ('[kiosk]\ntoken = "t"\norganiser_pin = "1"\ncolour = "red"\n', "colour"),
    ('[kiosk]\ntoken = "t"\norganiser_pin = "1"\nidle_timeout_seconds = "soon"\n', "idle_timeout_seconds"),
    ('[kiosk\n', "not valid TOML"),
])
def test_bad_settings_are_named(tmp_path, text, problem):
    with pytest.raises(SettingsError, match=problem):
        load_settings(write(tmp_path, text))


def test_windowed_kiosk_needs_no_pin():
    assert load_settings(token="t", windowed=True).organiser_pin == ""


def test_cli_reports_a_bad_setting_in_one_line():
    result = CliRunner().invoke(kiosk_command, ["--server", "http://127.0.0.1:1", "--windowed"])
    assert result.exit_code == 2
    assert "token" in result.output
