"""The printer adapter over printer_profiles: real rendering, no hardware."""

from __future__ import annotations

import socket

import pytest

from contract.views import IssueResult, Queue, Reception
from kiosk.printer import NoPrinter, PrintFailed, ProfilePrinter, build_slips, open_printer
from kiosk_stubs import queue_json, reception_json, ticket_json

ISSUED = {
    "visitor": {"code": "v1", "status_url": "http://10.0.0.1:8080/t/v1"},
    "tickets": [
        ticket_json(1, "A007", 1, people_ahead=6, position=7, eta_minutes=48),
        ticket_json(2, "B003", 2, people_ahead=2, position=3, eta_minutes=16),
    ],
    "warnings": [{"queue_id": 2, "code": "may_not_be_reached"}],
}


def slips(language="kk", privileged="pregnant"):
    queues = {q["id"]: Queue.from_json(q) for q in (queue_json(0), queue_json(1))}
    return build_slips(Reception.from_json(reception_json()), queues, IssueResult.from_json(ISSUED),
                       privileged, language)


def profile_file(tmp_path, connection: str) -> str:
    path = tmp_path / "test-printer.toml"
    path.write_text(
        'name = "test"\ndescription = "test"\nescpos_profile = "TM-T20II"\npaper_width_mm = 80\n'
        'paper_dots = 576\ncutter = "partial"\nkazakh_text = true\nqr_module_dots = 6\n'
        '[code_pages]\nkz1048 = 53\ncp1252 = 16\n' + connection,
        encoding="utf-8",
    )
    return str(path)


def test_slips_carry_everything_in_the_visitors_language():
    first, second = slips("kk")
    assert first.number == "A007" and first.official_name == "Серік Ахметов"
    assert first.position == "Облыс әкімі" and first.desk_name == "1"
    assert first.privileged_label == "Жүкті әйел" and first.issued_at == "10:15"
    assert first.status_url == second.status_url == "http://10.0.0.1:8080/t/v1"
    assert (first.may_not_be_reached, second.may_not_be_reached) == (False, True)
    assert slips("en", privileged=None)[0].privileged_label == ""


def test_virtual_printer_writes_every_slip(tmp_path, catalogue):
    folder = tmp_path / "printed"
    printer = ProfilePrinter(profile_file(tmp_path, f'[connection]\nkind = "virtual"\nfolder = "{folder}"\n'))
    printer.print(slips("kk"), catalogue.translator("kk"))
    assert len(list(folder.glob("*.bin"))) == 2
    assert len(list(folder.glob("*.png"))) == 2


def test_offline_network_printer_fails_fast_with_a_code(tmp_path, catalogue):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    printer = ProfilePrinter(profile_file(tmp_path, f'[connection]\nkind = "network"\nhost = "127.0.0.1"\nport = {port}\n'),
                             timeout=1.0)
    with pytest.raises(PrintFailed) as caught:
        printer.print(slips("ru"), catalogue.translator("ru"))
    assert caught.value.code == "offline"
    assert caught.value.printed == 0


def test_no_printer_means_not_configured(catalogue):
    assert isinstance(open_printer("none"), NoPrinter)
    with pytest.raises(PrintFailed) as caught:
        NoPrinter().print(slips(), catalogue.translator("kk"))
    assert caught.value.code == "not_configured"


def test_unknown_profile_is_refused_at_start_up():
    with pytest.raises(ValueError, match="unknown printer profile"):
        open_printer("no-such-printer")
