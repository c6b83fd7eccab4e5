"""The akim's report of a busy day: how long its HTML and its PDF take.

A day of ``tickets`` tickets is played through the engine itself (no HTTP,
a clock moved by hand), the way a hall runs it: visitors take one or two
tickets, officials call, receive and record an appeal card for every visit,
some visitors do not come, some are sent on to another official and a few
tickets are withdrawn. Then the report is read from the file and written,
as ``kezek report`` would: HTML (target ≤ 2 s) and PDF (target ≤ 10 s).
"""

import random
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import msgspec

from common.i18n import Catalogue
from contract.enums import TicketAction
from contract.requests import CancelTicket, IssueTickets, RecordAppeal
from server.dayfile import load_day_config, sample_config_path
from server.reporting import ReportMaker
from server.services.day_report import day_report
from server.services.engine import Engine
from server.services.setup import apply_officials, create_reception
from server.services.unit_of_work import UnitOfWork
from server.services.views import outcome_labels
from server.storage import Storage

from .report import Figure

HTML_TARGET_SECONDS = 2.0
PDF_TARGET_SECONDS = 10.0
SUMMARIES = [
    "Подъезд жылу берілмейді, батареялар суық", "Прошу отремонтировать дорогу на улице Абая",
    "Ауладағы балалар алаңын жөндеу керек", "Нет холодной воды третий день",
    "Көше шамдары жанбайды", "Вопрос о постановке в очередь на жильё",
]


class _Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


def build_day(db_path: Path, tickets: int, seed: int = 2026,
              under_control: float = 0.3) -> dict:
    """Play a day of ``tickets`` tickets into a new file; returns what was done."""
    config, officials = load_day_config(sample_config_path())
    config["status"] = "open"
    zone = ZoneInfo(config["timezone"])
    opens = datetime.fromisoformat(f"{config['date']}T{config['opens_at']}").replace(tzinfo=zone)
    clock = _Clock(opens.timestamp())
    storage = Storage(db_path, clock=clock)
    try:
        uow = UnitOfWork(storage)
        create_reception(uow, config)
        apply_officials(uow, officials)
        topics = [topic["code"] for topic in config["topics"]]
        engine = Engine(uow, outcome_labels(Catalogue.load()))
        with storage.read() as tx:
            desks = {row["desk_id"]: row["queue_id"]
                     for row in tx.all("SELECT desk_id, queue_id FROM desk_queues")}
        return _play(engine, clock, desks, topics, tickets, random.Random(seed), under_control)
    finally:
        storage.close()


def _play(engine: Engine, clock: _Clock, desks: dict, topics: list, tickets: int,
          rng: random.Random, under_control: float) -> dict:
    queue_ids = sorted(set(desks.values()))
    issued = appeals = 0
    at_desk: dict[int, tuple[int, float]] = {}  # desk → (ticket, when it leaves)
    while issued < tickets or at_desk:
        clock.now += rng.uniform(1.0, 6.0)
        if issued < tickets:
            wanted = rng.sample(queue_ids, 2 if rng.random() < 0.15 else 1)[: tickets - issued]
            request = msgspec.convert({"queue_ids": wanted, "language": rng.choice(["kk", "ru"])},
                                      IssueTickets)
            answer = engine.issue_tickets(request, None, "bench")
            issued += len(wanted)
            if rng.random() < 0.01:
                engine.cancel_ticket(answer.body.tickets[0].id, CancelTicket())
        for desk_id, queue_id in desks.items():
            current = at_desk.get(desk_id)
            if current is not None and current[1] > clock.now:
                continue
            if current is not None:
                appeals += _leave(engine, (desk_id, queue_id, current[0]), topics, queue_ids,
                                  rng, under_control)
            called = engine.call_next(desk_id, None).body
            if called is None:
                at_desk.pop(desk_id, None)
            else:
                at_desk[desk_id] = (called.ticket.id, clock.now + rng.uniform(40, 110))
    return {"tickets": issued, "appeals": appeals}


def _leave(engine: Engine, visit: tuple[int, int, int], topics: list, queue_ids: list,
           rng: random.Random, under_control_share: float) -> int:
    """End a visit as officials do: mostly an appeal card, sometimes a no-show or a transfer."""
    desk_id, queue_id, ticket_id = visit
    roll = rng.random()
    if roll < 0.05:
        engine.ticket_action(ticket_id, desk_id, TicketAction.NO_SHOW, None)
        return 0
    if roll < 0.08:
        target = rng.choice([q for q in queue_ids if q != queue_id])
        engine.ticket_action(ticket_id, desk_id, TicketAction.TRANSFER, None, target_queue=target)
        return 0
    under_control = rng.random() < under_control_share
    body = {"topic": rng.choice(topics), "summary": rng.choice(SUMMARIES),
            "outcome": "under_control" if under_control else rng.choice(["resolved", "explained"])}
    if under_control:
        body |= {"deadline": "2026-12-30", "responsible_department": "Тұрғын үй бөлімі"}
    if rng.random() < 0.5:
        body |= {"citizen_name": "Әсел Нұрланқызы", "citizen_phone": "+7 701 123 45 67",
                 "consent": True}
    engine.record_appeal(ticket_id, desk_id, msgspec.convert(body, RecordAppeal), None)
    return 1


def measure_report(tickets: int = 3000, language: str = "kk", under_control: float = 0.3) -> dict:
    """Seconds to read the report from the file and write it as HTML, then as PDF.

    ``under_control``: the share of visits whose appeal is taken under control,
    so listed in the report's register (1.0 for the longest register).
    """
    with tempfile.TemporaryDirectory(prefix="kezek-report-bench-") as tmp:
        db_path = Path(tmp) / "day.db"
        started = time.perf_counter()
        played = build_day(db_path, tickets, under_control=under_control)
        build_seconds = time.perf_counter() - started
        import weasyprint  # noqa: F401 - loaded once by a running server; not the report's time

        maker = ReportMaker(Catalogue.load())
        storage = Storage(db_path)
        try:
            started = time.perf_counter()
            report = day_report(storage)
            html = maker.make(report, "html", language)
            html_seconds = time.perf_counter() - started
            started = time.perf_counter()
            pdf = maker.make(day_report(storage), "pdf", language)
            pdf_seconds = time.perf_counter() - started
        finally:
            storage.close()
    return {
        **played, "counted": report.totals.tickets, "register": len(report.register),
        "language": language, "build_seconds": round(build_seconds, 2),
        "html_seconds": round(html_seconds, 3), "html_bytes": len(html),
        "pdf_seconds": round(pdf_seconds, 3), "pdf_bytes": len(pdf),
    }


def report_figures(result: dict) -> list[Figure]:
    note = (f"{result['tickets']} tickets, {result['appeals']} appeals, "
            f"{result['register']} of them in the register")
    return [
        Figure("report_html_seconds", result["html_seconds"], "s", "<=", HTML_TARGET_SECONDS, note),
        Figure("report_pdf_seconds", result["pdf_seconds"], "s", "<=", PDF_TARGET_SECONDS,
               f"{note}; {result['pdf_bytes']} bytes"),
    ]
