"""Printer faults against a fake network printer on 127.0.0.1."""

import os
import socket
import stat
import time

import pytest

from printer_profiles.connections import open_printer
from printer_profiles.decode import decode_escpos
from printer_profiles.errors import (
    CoverOpen,
    OutOfPaper,
    PrinterError,
    PrinterNotConfigured,
    PrinterOffline,
    PrinterTimeout,
)
from printer_profiles.loader import load_profile
from printer_profiles.printing import check_printer, print_slips
from printer_profiles.render import render_slips

from printing_helpers import (
    COVER_OPEN,
    GARBAGE,
    HANG_UP,
    JAMMED,
    NEVER,
    NO_PAPER,
    ONLINE,
    PAPER_LOW,
    code_page_map,
    make_slip,
    with_connection,
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_error_codes_are_stable():
    expected = {PrinterOffline: "offline", OutOfPaper: "out_of_paper", CoverOpen: "cover_open",
                PrinterTimeout: "timeout", PrinterNotConfigured: "not_configured"}
    for cls, code in expected.items():
        assert issubclass(cls, PrinterError)
        assert cls("x").code == code


def test_online_printer_gets_the_tickets(fake_printer, network_profile, translator):
    printer = fake_printer(ONLINE)
    profile = network_profile(printer.port)
    slips = [make_slip("ru", number="A001"), make_slip("ru", number="A002")]
    report = print_slips(profile, slips, translator("ru"), timeout=2.0)
    assert report.printed == 2 and report.status.checked and not report.paper_low
    assert printer.connections_done.wait(2)
    expected = b"".join(r.escpos for r in render_slips(slips, profile, translator("ru")))
    assert printer.queries[:2] == [1, 4]
    assert bytes(printer.received).endswith(expected)
    status_bytes = bytes(printer.received[: len(printer.received) - len(expected)])
    assert status_bytes == b"\x10\x04\x01\x10\x04\x04"
    decoded = decode_escpos(bytes(printer.received), code_page_map(profile))
    assert len(decoded.cuts) == 2 and decoded.status_queries == [1, 4]


def test_paper_near_end_still_prints_and_says_so(fake_printer, network_profile, translator):
    printer = fake_printer(PAPER_LOW)
    report = print_slips(network_profile(printer.port), [make_slip("en")], translator("en"), timeout=2.0)
    assert report.printed == 1 and report.paper_low


@pytest.mark.parametrize(
    ("replies", "error", "code"),
    [
        (NO_PAPER, OutOfPaper, "out_of_paper"),
        (COVER_OPEN, CoverOpen, "cover_open"),
        (JAMMED, PrinterOffline, "offline"),
        (GARBAGE, PrinterOffline, "offline"),
        (HANG_UP, PrinterOffline, "offline"),
    ],
)
def test_faults_raise_typed_errors_and_print_nothing(fake_printer, network_profile, replies, error, code, translator):
    printer = fake_printer(replies)
    with pytest.raises(error) as caught:
        print_slips(network_profile(printer.port), [make_slip("kk")], translator("kk"), timeout=2.0)
    assert caught.value.code == code and caught.value.printed == 0
    time.sleep(0.1)
    assert b"\x1d\x56" not in printer.received  # no ticket (no cut) was sent


def test_paper_out_reported_by_the_paper_sensor_alone(fake_printer, network_profile):
    printer = fake_printer({1: 0x16, 2: 0x12, 4: 0x72})
    with pytest.raises(OutOfPaper):
        check_printer(network_profile(printer.port), timeout=2.0)


@pytest.mark.parametrize("timeout", [1.0, 3.0])
def test_silent_printer_times_out_within_the_timeout(fake_printer, network_profile, timeout, translator):
    printer = fake_printer(NEVER)
    start = time.monotonic()
    with pytest.raises(PrinterTimeout) as caught:
        print_slips(network_profile(printer.port), [make_slip("kk")], translator("kk"), timeout=timeout)
    elapsed = time.monotonic() - start
    assert timeout * 0.9 <= elapsed <= timeout + 0.5
    assert caught.value.code == "timeout"
    assert printer.queries == [1]


def test_nothing_listening_is_offline_quickly(network_profile, translator):
    start = time.monotonic()
    with pytest.raises(PrinterOffline, match="cannot connect"):
        print_slips(network_profile(free_port()), [make_slip("kk")], translator("kk"), timeout=2.0)
    assert time.monotonic() - start < 2.5


def test_check_printer_reports_online(fake_printer, network_profile):
    printer = fake_printer(ONLINE)
    status = check_printer(network_profile(printer.port), timeout=2.0)
    assert status.checked and status.online and not status.paper_low


def test_virtual_printer_is_always_online_and_writes_files(tmp_path, translator):
    profile = with_connection(load_profile("virtual"), kind="virtual", folder=str(tmp_path / "out"))
    slips = [make_slip("kk", number="A001"), make_slip("kk", number="A002")]
    report = print_slips(profile, slips, translator("kk"))
    assert report.printed == 2 and report.status.checked
    bins = sorted(p for p in report.files if p.suffix == ".bin")
    pngs = sorted(p for p in report.files if p.suffix == ".png")
    assert len(bins) == 2 and len(pngs) == 2 and all(p.exists() for p in report.files)
    rendered = render_slips(slips, profile, translator("kk"))
    assert sorted(p.read_bytes() for p in bins) == sorted(r.escpos for r in rendered)
    assert any("A001" in p.name for p in bins)


def test_unwritable_virtual_folder_is_not_configured(tmp_path, translator):
    blocker = tmp_path / "file"
    blocker.write_text("")
    profile = with_connection(load_profile("virtual"), kind="virtual", folder=str(blocker / "sub"))
    with pytest.raises(PrinterNotConfigured):
        print_slips(profile, [make_slip("kk")], translator("kk"))


def test_windows_connection_off_windows_is_a_clear_error(translator):
    profile = with_connection(load_profile("epson-tm-t20ii"), kind="windows", printer_name="EPSON TM-T20II Receipt")
    with pytest.raises(PrinterNotConfigured, match="only on Windows"):
        print_slips(profile, [make_slip("kk")], translator("kk"))


def test_cups_without_lp_is_a_clear_error(monkeypatch, translator):
    monkeypatch.setattr("shutil.which", lambda name: None)
    profile = with_connection(load_profile("epson-tm-t20ii"), kind="cups", printer_name="kiosk")
    with pytest.raises(PrinterNotConfigured, match="'lp' command"):
        print_slips(profile, [make_slip("kk")], translator("kk"))


def fake_lp(tmp_path, exit_code=0):
    """An `lp` on PATH that stores its arguments and the job it was given."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "lp"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> "{tmp_path}/args"\n'
        f'cat >> "{tmp_path}/job"\n'
        + (f'echo "lp: The printer or class does not exist." >&2\nexit {exit_code}\n' if exit_code else "")
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def test_cups_sends_raw_jobs_through_lp(tmp_path, monkeypatch, translator):
    monkeypatch.setenv("PATH", f"{fake_lp(tmp_path)}{os.pathsep}{os.environ['PATH']}")
    profile = with_connection(load_profile("epson-tm-t20ii"), kind="cups", printer_name="kiosk")
    slips = [make_slip("en", number="A001"), make_slip("en", number="A002")]
    report = print_slips(profile, slips, translator("en"))
    assert report.printed == 2 and not report.status.checked
    assert (tmp_path / "job").read_bytes() == b"".join(r.escpos for r in render_slips(slips, profile, translator("en")))
    assert (tmp_path / "args").read_text().splitlines()[0].startswith("-d kiosk -o raw")


def test_cups_refusal_is_offline(tmp_path, monkeypatch, translator):
    monkeypatch.setenv("PATH", f"{fake_lp(tmp_path, exit_code=1)}{os.pathsep}{os.environ['PATH']}")
    profile = with_connection(load_profile("epson-tm-t20ii"), kind="cups", printer_name="nope")
    with pytest.raises(PrinterOffline, match="does not exist") as caught:
        print_slips(profile, [make_slip("kk")], translator("kk"))
    assert caught.value.printed == 0


def test_missing_pyusb_is_a_clear_error(monkeypatch, translator):
    from escpos.printer import usb as escpos_usb

    monkeypatch.setattr(escpos_usb, "is_usable", lambda: False)
    with pytest.raises(PrinterNotConfigured, match="pyusb"):
        print_slips("epson-tm-t20ii", [make_slip("kk")], translator("kk"))


def test_missing_pyserial_is_a_clear_error(monkeypatch, translator):
    from escpos.printer import serial as escpos_serial

    monkeypatch.setattr(escpos_serial, "is_usable", lambda: False)
    profile = with_connection(load_profile("epson-tm-t20ii"), kind="serial", device="/dev/ttyS9", baudrate=9600)
    with pytest.raises(PrinterNotConfigured, match="pyserial"):
        print_slips(profile, [make_slip("kk")], translator("kk"))


def test_missing_serial_port_is_offline(translator):
    profile = with_connection(load_profile("epson-tm-t20ii"), kind="serial", device="/dev/kezek-no-such-tty", baudrate=9600)
    with pytest.raises(PrinterOffline, match="kezek-no-such-tty"):
        print_slips(profile, [make_slip("kk")], translator("kk"))


def test_file_device_gets_the_bytes(tmp_path, translator):
    device = tmp_path / "lp0"
    profile = with_connection(load_profile("generic-80-raster"), kind="file", device=str(device))
    report = print_slips(profile, [make_slip("kk")], translator("kk"))
    assert report.printed == 1 and not report.status.checked
    assert device.read_bytes() == render_slips([make_slip("kk")], profile, translator("kk"))[0].escpos


def test_missing_file_device_is_offline(tmp_path, translator):
    profile = with_connection(load_profile("generic-80-raster"), kind="file", device=str(tmp_path / "no" / "lp0"))
    with pytest.raises(PrinterOffline, match="cannot open the printer device"):
        print_slips(profile, [make_slip("kk")], translator("kk"))


def test_unknown_profile_is_not_configured(translator):
    with pytest.raises(PrinterNotConfigured, match="unknown printer profile"):
        print_slips("no-such-printer", [make_slip("kk")], translator("kk"))


def test_open_printer_is_a_context_manager(tmp_path):
    profile = with_connection(load_profile("virtual"), kind="virtual", folder=str(tmp_path))
    with open_printer(profile) as connection:
        assert connection.kind == "virtual"
