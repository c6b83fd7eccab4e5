import dataclasses
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from printer_profiles.loader import ProfileError, list_profiles, load_profile

REPO = Path(__file__).resolve().parents[2]

GOOD = """\
name = "site-printer"
escpos_profile = "TM-T20II"
paper_width_mm = 80
paper_dots = 576
cutter = "partial"
kazakh_text = true
qr_module_dots = 6

[code_pages]
kz1048 = 53

[connection]
kind = "network"
host = "10.0.0.5"
port = 9100
"""


def test_shipped_profiles_are_listed():
    assert {"epson-tm-t20ii", "xprinter-58", "generic-80-raster", "virtual"} <= set(list_profiles())


@pytest.mark.parametrize("name", list_profiles())
def test_every_shipped_profile_loads(name):
    profile = load_profile(name)
    assert profile.name == name
    assert profile.paper_dots % 8 == 0


def test_epson_profile_has_kazakh_code_page():
    profile = load_profile("epson-tm-t20ii")
    assert (profile.paper_width_mm, profile.paper_dots) == (80, 576)
    assert ("kz1048", 53) in profile.code_pages  # RK1048 = ESC t 53 on TM-T20II
    assert profile.kazakh_text
    assert profile.connection.kind == "usb" and profile.connection.vendor_id == 0x04B8


def test_escpos_capabilities_agree_on_rk1048_page():
    from escpos.capabilities import CAPABILITIES

    assert CAPABILITIES["profiles"]["TM-T20II"]["codePages"]["53"] == "RK1048"


def test_xprinter_sends_kazakh_as_raster():
    profile = load_profile("xprinter-58")
    assert (profile.paper_width_mm, profile.paper_dots) == (58, 384)
    assert not profile.kazakh_text
    assert profile.cutter == "none"


def test_generic_profile_is_raster_only():
    assert load_profile("generic-80-raster").raster_only


def test_virtual_profile_models_the_epson_text_path():
    virtual, epson = load_profile("virtual"), load_profile("epson-tm-t20ii")
    assert virtual.connection.kind == "virtual"
    assert virtual.code_pages == epson.code_pages and virtual.paper_dots == epson.paper_dots


def test_profile_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        load_profile("virtual").paper_dots = 1  # type: ignore[misc]


def test_load_by_path(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(GOOD)
    profile = load_profile(path)
    assert profile.connection.host == "10.0.0.5" and profile.status_query


def test_unknown_profile_names_the_known_ones():
    with pytest.raises(ProfileError, match="known: .*virtual"):
        load_profile("no-such-printer")


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ProfileError, match="absent.toml"):
        load_profile(tmp_path / "absent.toml")


BROKEN = [
    ("paper_dots", GOOD.replace("paper_dots = 576\n", "")),
    ("paper_dots", GOOD.replace("paper_dots = 576", "paper_dots = 580")),
    ("paper_dots", GOOD.replace("paper_dots = 576", 'paper_dots = "576"')),
    ("paper_width_mm", GOOD.replace("paper_width_mm = 80", "paper_width_mm = true")),
    ("cutter", GOOD.replace('cutter = "partial"', 'cutter = "sometimes"')),
    ("escpos_profile", GOOD.replace('"TM-T20II"', '"TM-NOPE"')),
    ("code_pages.klingon", GOOD.replace("kz1048 = 53", "kz1048 = 53\nklingon = 7")),
    ("code_pages.kz1048", GOOD.replace("kz1048 = 53", "kz1048 = 300")),
    ("code_pages.utf-8", GOOD.replace("kz1048 = 53", "kz1048 = 53\nutf-8 = 1")),
    ("kazakh_text", GOOD.replace("kz1048 = 53", "cp866 = 17")),
    ("qr_module_dots", GOOD.replace("qr_module_dots = 6", "qr_module_dots = 40")),
    ("papr_dots", GOOD.replace("cutter", "papr_dots = 1\ncutter", 1)),
    ("connection.kind", GOOD.replace('kind = "network"', 'kind = "bluetooth"')),
    ("connection.host", GOOD.replace('host = "10.0.0.5"\n', "")),
    ("connection.host", GOOD.replace('host = "10.0.0.5"', 'host = " "')),
    ("connection.port", GOOD.replace("port = 9100", 'port = "9100"')),
    ("connection.port", GOOD.replace("port = 9100", "port = 70000")),
    ("connection.device", GOOD.replace("port = 9100", 'device = "/dev/usb/lp0"')),
    ("connection.vendor_id", GOOD.replace('kind = "network"\nhost = "10.0.0.5"\nport = 9100', 'kind = "usb"\nproduct_id = 1')),
    ("status_query", GOOD.replace('kind = "network"\nhost = "10.0.0.5"\nport = 9100', 'kind = "file"\ndevice = "/dev/usb/lp0"').replace("cutter", "status_query = true\ncutter")),
    ("connection", GOOD[: GOOD.index("[connection]")]),
]


@pytest.mark.parametrize(("field", "content"), BROKEN, ids=[f"{i}-{field}" for i, (field, _) in enumerate(BROKEN)])
def test_loader_error_names_file_and_field(tmp_path, field, content):
    path = tmp_path / "broken-printer.toml"
    path.write_text(content)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    message = str(caught.value)
    assert "broken-printer.toml" in message
    assert f"field '{field}'" in message
    assert caught.value.field == field


def test_invalid_toml_names_the_file(tmp_path):
    path = tmp_path / "garbled.toml"
    path.write_text("paper_dots = = 3\n")
    with pytest.raises(ProfileError, match="garbled.toml: not valid TOML"):
        load_profile(path)


def test_import_loads_nothing():
    # Profiles and python-escpos (which writes a capabilities pickle) load on use only.
    code = textwrap.dedent(
        """
        import sys
        import printer_profiles, printer_profiles.loader as loader
        assert "escpos" not in sys.modules, "escpos imported at import time"
        assert loader._load_file.cache_info().currsize == 0
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "ok", result.stderr
