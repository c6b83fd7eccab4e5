"""`kezek serve` settings: defaults < --config FILE [server] < KEZEK_* < options.

The layers are checked through the real command in a child process: the port
that answers /api/v1/health is the one the winning layer named.
"""

import dataclasses
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from common.settings import SettingsError
from server.config import ServerConfig, load_config
from server.process import answers_health, free_port
from tests.live import seed_sample_day

ROOT = Path(__file__).resolve().parents[2]


def kezek_serve(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KEZEK_")}
    return subprocess.Popen([sys.executable, "-m", "server.cli", "serve", *args], cwd=ROOT,
                            env={**clean, **(env or {})}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def ports_that_answer(process: subprocess.Popen, ports: list[int]) -> list[int]:
    """Which of ``ports`` answer /api/v1/health once the server is up; then stop it."""
    deadline = time.monotonic() + 20
    try:
        while time.monotonic() < deadline:
            answering = [port for port in ports if answers_health(f"http://127.0.0.1:{port}")]
            if answering:
                return answering
            if process.poll() is not None:
                raise AssertionError(f"kezek serve exited: {process.stderr.read()}")
            time.sleep(0.05)
        raise AssertionError(f"none of {ports} answered")
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()


@pytest.fixture
def day(tmp_path):
    db_path = tmp_path / "day.db"
    seed_sample_day(db_path)
    return db_path


@pytest.fixture
def ports():
    return {layer: free_port() for layer in ("file", "environment", "option")}


def test_the_file_names_the_database_and_the_port(day, ports, tmp_path):
    config = tmp_path / "kezek.toml"
    config.write_text(f'[server]\ndb_path = "{day.as_posix()}"\nport = {ports["file"]}\n'
                      '[kiosk]\ntoken = "not the server\'s business"\n', encoding="utf-8")
    assert ports_that_answer(kezek_serve("--config", str(config)), list(ports.values())) == [ports["file"]]


def test_the_environment_beats_the_file(day, ports, tmp_path):
    config = tmp_path / "kezek.toml"
    config.write_text(f'[server]\nport = {ports["file"]}\n', encoding="utf-8")
    process = kezek_serve("--config", str(config),
                          env={"KEZEK_PORT": str(ports["environment"]), "KEZEK_DB_PATH": str(day)})
    assert ports_that_answer(process, list(ports.values())) == [ports["environment"]]


def test_an_option_beats_the_environment_and_the_file(day, ports, tmp_path):
    config = tmp_path / "kezek.toml"
    config.write_text(f'[server]\nport = {ports["file"]}\n', encoding="utf-8")
    process = kezek_serve("--config", str(config), "--db", str(day), "--port", str(ports["option"]),
                          env={"KEZEK_PORT": str(ports["environment"])})
    assert ports_that_answer(process, list(ports.values())) == [ports["option"]]


@pytest.mark.parametrize("args, env, named", [
    ((), {"KEZEK_PORT": "eighty"}, "setting 'port' from environment variable KEZEK_PORT"),
    (("--port", "70000"), {}, "setting 'port' from option --port"),
    (("--max-streams", "0"), {}, "setting 'max_streams' from option --max-streams"),
    (("--config", "CONFIG"), {}, "[server]: unknown setting 'colour'"),
])
def test_a_bad_value_is_one_line_naming_the_setting_and_its_source(day, tmp_path, args, env, named):
    config = tmp_path / "bad.toml"
    config.write_text('[server]\ncolour = "red"\n', encoding="utf-8")
    args = tuple(str(config) if arg == "CONFIG" else arg for arg in args)
    process = kezek_serve("--db", str(day), *args, env=env)
    _, error = process.communicate(timeout=30)
    assert process.returncode == 1
    assert len(error.strip().splitlines()) == 1, error
    assert error.startswith("Error: ") and named in error


def test_a_missing_database_is_one_line(tmp_path):
    process = kezek_serve("--db", str(tmp_path / "none.db"))
    _, error = process.communicate(timeout=30)
    assert process.returncode == 1 and error.strip().endswith("create it with `kezek init`")


def test_config_layers_file_environment_and_options(tmp_path):
    file = tmp_path / "kezek.toml"
    file.write_text('[server]\nport = 9000\nmax_streams = 50\n')
    config = load_config(file, env={"KEZEK_PORT": "9100"}, db_path="x.db")
    assert (config.port, config.max_streams, config.db_path) == (9100, 50, "x.db")
    assert config.waitress_threads == 50 + config.request_threads
    assert load_config(env={}) == ServerConfig()
    with pytest.raises(SettingsError, match="KEZEK_PORT"):
        load_config(env={"KEZEK_PORT": "eighty"})
    with pytest.raises(SettingsError, match="option --db"):
        load_config(env={}, db_path=3.5)


def test_the_readme_example_names_every_server_setting_and_loads(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Server settings", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    file = tmp_path / "kezek.toml"
    file.write_text(example, encoding="utf-8")
    config = load_config(file, env={})
    assert config.host == "0.0.0.0" and config.db_path == "day.db"
    documented = {line.split("=")[0].strip() for line in example.splitlines()[1:]}
    assert documented == set(dataclasses.asdict(ServerConfig()))
