"""The API's views of the day report (services/day_report.py): the JSON summary
and the flat appeal rows of the appeals CSV and XLSX downloads."""

from contract import views as v
from contract.enums import Outcome

from ..rules.day import Day
from ..rules.figures import Spread, in_minutes
from ..storage import Storage
from ..storage import queries as q
from .day_report import DayReport, day_report, read_day_report
from .engine import appeal_view


def _minutes(figures: Spread) -> v.Minutes:
    return v.Minutes(average=in_minutes(figures.mean), median=in_minutes(figures.median),
                     max=in_minutes(figures.max))


def summary(storage: Storage) -> v.ReportSummary:
    with storage.read() as tx:
        report = read_day_report(tx)
        day = Day.from_row(q.reception(tx))
        follow_up = [appeal_view(a, day) for a in q.appeals(tx)
                     if a["outcome"] == Outcome.UNDER_CONTROL]
    return summary_of(report, follow_up)


def summary_of(report: DayReport, follow_up: list[v.Appeal]) -> v.ReportSummary:
    totals = report.totals
    return v.ReportSummary(
        reception=v.ReportReception(title=report.title, date=report.date, status=report.status),
        totals=v.ReportTotals(
            visitors=totals.visitors, tickets=totals.tickets, seen=totals.seen,
            no_show=totals.no_show, appeals=totals.appeals, wait_minutes=_minutes(totals.wait),
        ),
        officials=[v.OfficialFigures(
            queue_id=o.queue_id, prefix=o.prefix, name=o.name, department=o.department,
            issued=o.issued, seen=o.seen, no_show=o.no_show, still_waiting=o.still_waiting,
            cancelled=o.cancelled, wait_minutes=_minutes(o.wait),
            service_minutes=_minutes(o.service),
        ) for o in report.officials],
        hourly_load=[v.HourLoad(hour=h.label, tickets=h.tickets) for h in report.hours],
        top_topics=[v.TopicCount(topic=t.code, label=t.label, appeals=t.appeals)
                    for t in report.top_topics],
        outcomes=report.outcomes,
        follow_up=follow_up,
    )


APPEAL_COLUMNS = [
    ("number", "Ticket"), ("official", "Official"), ("department", "Department"),
    ("topic", "Topic"), ("summary", "Summary"), ("outcome", "Outcome"),
    ("deadline", "Deadline"), ("responsible_department", "Responsible department"),
    ("citizen_name", "Citizen"), ("citizen_phone", "Phone"), ("recorded_at", "Recorded at"),
]


def appeal_rows(storage: Storage, language: str = "ru") -> list[dict]:
    """One flat row per appeal, for CSV and XLSX exports."""
    report = day_report(storage)
    departments = {o.queue_id: o.department for o in report.officials}
    return [{
        "number": entry.number,
        "official": entry.official.pick(language),
        "department": departments[entry.queue_id].pick(language),
        "topic": entry.topic_label.pick(language) if entry.topic_label else entry.topic,
        "summary": entry.summary,
        "outcome": entry.outcome.value,
        "deadline": entry.deadline or "",
        "responsible_department": entry.responsible_department or "",
        "citizen_name": entry.citizen_name or "",
        "citizen_phone": entry.citizen_phone or "",
        "recorded_at": entry.recorded_at,
    } for entry in report.appeals]
