"""The layered settings loader: defaults < file [table] < environment < options."""

from dataclasses import dataclass

import pytest

from common.settings import NonNegativeInt, Port, PositiveFloat, SettingsError, load_settings


@dataclass(frozen=True)
class Example:
    name: str = "hall"
    port: Port = 8080
    workers: NonNegativeInt = 1
    timeout_seconds: PositiveFloat = 5.0
    verbose: bool = False


def load(file=None, env=None, **options) -> Example:
    return load_settings(Example, table="example", env_prefix="EX_", file=file, env=env or {},
                         options=options, option_flags={"workers": "--cores"})


def write(tmp_path, text: str):
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_nothing_given_is_the_defaults():
    assert load() == Example()


def test_each_layer_beats_the_one_before(tmp_path):
    file = write(tmp_path, '[example]\nname = "file"\nport = 1\nworkers = 2\n')
    env = {"EX_PORT": "3", "EX_WORKERS": "4", "EX_VERBOSE": "true", "OTHER_NAME": "ignored"}
    settings = load(file, env, workers=6, name=None)
    assert settings == Example(name="file", port=3, workers=6, timeout_seconds=5.0, verbose=True)


def test_environment_text_becomes_typed_values():
    settings = load(env={"EX_TIMEOUT_SECONDS": "2.5", "EX_VERBOSE": "0", "EX_NAME": "12"})
    assert (settings.timeout_seconds, settings.verbose, settings.name) == (2.5, False, "12")


def test_the_file_is_typed_whole_numbers_may_stand_for_text_and_floats(tmp_path):
    settings = load(write(tmp_path, "[example]\nname = 2468\ntimeout_seconds = 3\n"))
    assert (settings.name, settings.timeout_seconds) == ("2468", 3.0)


def test_other_tables_belong_to_other_parts(tmp_path):
    file = write(tmp_path, '[server]\nport = 1\n[kiosk]\ntoken = "t"\n')
    assert load(file) == Example()


@pytest.mark.parametrize("kwargs, message", [
    ({"env": {"EX_PORT": "eighty"}},
     "setting 'port' from environment variable EX_PORT: expected `int`, got `str` ('eighty')"),
    ({"env": {"EX_PORT": "70000"}},
     "setting 'port' from environment variable EX_PORT: expected `int` <= 65535 ('70000')"),
    ({"workers": -1}, "setting 'workers' from option --cores: expected `int` >= 0 (-1)"),
    ({"timeout_seconds": 0}, "setting 'timeout_seconds' from option --timeout-seconds: expected `float` > 0.0 (0)"),
    ({"colour": "red"}, "unknown setting(s): colour"),
])
def test_a_bad_environment_variable_or_option_is_named(kwargs, message):
    with pytest.raises(SettingsError) as raised:
        load(**kwargs)
    assert str(raised.value) == message


@pytest.mark.parametrize("text, message, setting", [
    ("[example]\nport = true\n", "[example]: expected `int`, got `bool` (True)", "port"),
    ('[example]\nport = "8080"\n', "[example]: expected `int`, got `str` ('8080')", "port"),
    ('[example]\ncolour = "red"\n', "[example]: unknown setting 'colour'", "colour"),
    ('port = 1\n[example]\nname = "x"\n', ": port must be under [example]", "port"),
    ("[example\n", ": not valid TOML", None),
])
def test_a_bad_file_is_named_with_the_setting(tmp_path, text, message, setting):
    file = write(tmp_path, text)
    with pytest.raises(SettingsError) as raised:
        load(file)
    assert str(file) in str(raised.value) and message in str(raised.value)
    assert raised.value.setting == setting


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(SettingsError, match="no such file"):
        load(tmp_path / "none.toml")
