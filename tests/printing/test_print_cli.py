from pathlib import Path

from click.testing import CliRunner
from PIL import Image
from pyzbar import pyzbar

from printer_profiles.codepages import KAZAKH_LETTERS, KAZAKH_LOWER, KAZAKH_UPPER
from printer_profiles.cli import print_test_command
from printer_profiles.decode import decode_escpos
from printer_profiles.loader import load_profile
from printer_profiles.testslip import TEST_QR_URL, print_test

from printing_helpers import ONLINE, code_page_map

NETWORK_PROFILE = """\
name = "hall-printer"
escpos_profile = "TM-T20II"
paper_width_mm = 80
paper_dots = 576
cutter = "full"
kazakh_text = true
qr_module_dots = 6
[code_pages]
kz1048 = 53
[connection]
kind = "network"
host = "127.0.0.1"
port = {port}
"""


def write_network_profile(tmp_path: Path, port: int) -> Path:
    path = tmp_path / "hall-printer.toml"
    path.write_text(NETWORK_PROFILE.format(port=port))
    return path


def test_print_test_on_the_virtual_printer_writes_bin_and_png(tmp_path):
    result = CliRunner().invoke(print_test_command, ["--profile", "virtual", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    bins, pngs = list(tmp_path.glob("*.bin")), list(tmp_path.glob("*.png"))
    assert len(bins) == 1 and len(pngs) == 1
    profile = load_profile("virtual")
    decoded = decode_escpos(bins[0].read_bytes(), code_page_map(profile))
    printed = "\n".join(t.text for t in decoded.texts)
    assert " ".join(KAZAKH_LOWER) in printed
    assert " ".join(KAZAKH_UPPER) in printed
    assert "Profile: virtual" in printed and "kz1048=ESC t 53" in printed
    assert "Тексеру / Проверка / Test" in printed
    assert "?" not in printed
    assert [s.data.decode() for s in pyzbar.decode(Image.open(pngs[0]).convert("L"))] == [TEST_QR_URL]


def test_print_test_defaults_to_the_printed_folder(tmp_path, monkeypatch, catalogue):
    monkeypatch.chdir(tmp_path)
    files = print_test("virtual", catalogue)
    assert {p.suffix for p in files} == {".bin", ".png"}
    assert all((tmp_path / "printed" / p.name).exists() for p in files)


def test_print_test_on_a_raster_profile_draws_kazakh(tmp_path, catalogue):
    # xprinter-58 is USB; via a file device its bytes can be inspected here.
    profile_path = tmp_path / "xp.toml"
    source = Path(load_profile("xprinter-58").source).read_text()
    device = tmp_path / "lp0"
    profile_path.write_text(source.split("[connection]")[0] + f'[connection]\nkind = "file"\ndevice = "{device}"\n')
    files = print_test(str(profile_path), catalogue, tmp_path / "copies")
    decoded = decode_escpos(device.read_bytes(), {0: "cp437", 17: "cp866"})
    assert not any(ch in t.text for t in decoded.texts for ch in KAZAKH_LETTERS)
    assert decoded.rasters and len(files) == 2


def test_print_test_on_a_network_printer_keeps_a_copy(tmp_path, fake_printer, catalogue):
    printer = fake_printer(ONLINE)
    files = print_test(str(write_network_profile(tmp_path, printer.port)), catalogue, tmp_path / "copy")
    assert printer.connections_done.wait(2)
    copy = next(p for p in files if p.suffix == ".bin")
    assert bytes(printer.received).endswith(copy.read_bytes())


def test_unknown_profile_is_one_readable_line():
    result = CliRunner().invoke(print_test_command, ["--profile", "no-such-printer"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and "unknown printer profile" in lines[0]


def test_offline_printer_is_one_readable_line(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = CliRunner().invoke(print_test_command, ["--profile", str(write_network_profile(tmp_path, port))])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "[offline]" in lines[0], result.output
