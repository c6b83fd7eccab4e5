"""The akim's end-of-day figures, computed from the day's tickets and appeals."""

from collections import Counter, defaultdict
from datetime import datetime
from statistics import mean, median

from contract import views as v
from contract.enums import Outcome, TicketStatus

from ..rules.day import Day
from ..storage import Storage
from ..storage import queries as q
from .engine import appeal_view
from .views import localized

TOP_TOPICS = 5


def _minutes(values: list[float]) -> v.Minutes:
    if not values:
        return v.Minutes(average=None, median=None, max=None)
    return v.Minutes(
        average=round(mean(values) / 60, 1),
        median=round(median(values) / 60, 1),
        max=round(max(values) / 60, 1),
    )


def summary(storage: Storage) -> v.ReportSummary:
    with storage.read() as tx:
        day = Day.from_row(q.reception(tx))
        queues = q.queues(tx)
        tickets = tx.all("SELECT * FROM tickets ORDER BY id")
        appeals = q.appeals(tx)
    per_queue: dict[int, list] = defaultdict(list)
    for ticket in tickets:
        per_queue[ticket["queue_id"]].append(ticket)
    officials = []
    for row in queues:
        own = per_queue.get(row["id"], [])
        waits = [t["called_at"] - t["issued_at"] for t in own if t["called_at"]]
        services = [
            t["finished_at"] - (t["started_at"] or t["called_at"])
            for t in own if t["status"] == TicketStatus.DONE and t["called_at"]
        ]
        statuses = Counter(t["status"] for t in own)
        officials.append(v.OfficialFigures(
            queue_id=row["id"],
            prefix=row["prefix"],
            name=localized(row["name"]),
            department=localized(row["department"]),
            issued=len(own),
            seen=statuses[TicketStatus.DONE],
            no_show=statuses[TicketStatus.NO_SHOW],
            still_waiting=statuses[TicketStatus.WAITING],
            cancelled=statuses[TicketStatus.CANCELLED],
            wait_minutes=_minutes(waits),
            service_minutes=_minutes(services),
        ))
    hourly = Counter(
        datetime.fromtimestamp(t["issued_at"], day.zone).strftime("%H:00") for t in tickets
    )
    topics = {t.code: t.label for t in day.topics}
    topic_counts = Counter(a["topic"] for a in appeals)
    visitors = len({t["visitor_id"] for t in tickets})
    return v.ReportSummary(
        reception=v.ReportReception(title=day.title, date=day.date, status=day.status),
        totals=v.ReportTotals(
            visitors=visitors,
            tickets=len(tickets),
            seen=sum(o.seen for o in officials),
            no_show=sum(o.no_show for o in officials),
            appeals=len(appeals),
            wait_minutes=_minutes(
                [t["called_at"] - t["issued_at"] for t in tickets if t["called_at"]]),
        ),
        officials=officials,
        hourly_load=[v.HourLoad(hour=h, tickets=n) for h, n in sorted(hourly.items())],
        top_topics=[
            v.TopicCount(topic=code, label=topics.get(code), appeals=n)
            for code, n in topic_counts.most_common(TOP_TOPICS)
        ],
        outcomes={Outcome(o): n for o, n in Counter(a["outcome"] for a in appeals).items()},
        follow_up=[
            appeal_view(a, day) for a in appeals if a["outcome"] == Outcome.UNDER_CONTROL
        ],
    )


APPEAL_COLUMNS = [
    ("number", "Ticket"), ("official", "Official"), ("department", "Department"),
    ("topic", "Topic"), ("summary", "Summary"), ("outcome", "Outcome"),
    ("deadline", "Deadline"), ("responsible_department", "Responsible department"),
    ("citizen_name", "Citizen"), ("citizen_phone", "Phone"), ("recorded_at", "Recorded at"),
]


def appeal_rows(storage: Storage, language: str = "ru") -> list[dict]:
    """One flat row per appeal, for CSV and XLSX exports."""
    with storage.read() as tx:
        day = Day.from_row(q.reception(tx))
        rows = tx.all(
            "SELECT a.*, t.number, qu.name AS official, qu.department AS department"
            " FROM appeals a JOIN tickets t ON t.id = a.ticket_id"
            " JOIN queues qu ON qu.id = a.queue_id ORDER BY a.created_at, a.id"
        )
    topics = {t.code: t.label for t in day.topics}
    result = []
    for row in rows:
        result.append({
            "number": row["number"],
            "official": localized(row["official"]).pick(language),
            "department": localized(row["department"]).pick(language),
            "topic": topics[row["topic"]].pick(language) if row["topic"] in topics
            else row["topic"],
            "summary": row["summary"],
            "outcome": row["outcome"],
            "deadline": row["deadline"] or "",
            "responsible_department": row["responsible_department"] or "",
            "citizen_name": row["citizen_name"] or "" if row["consent"] else "",
            "citizen_phone": row["citizen_phone"] or "" if row["consent"] else "",
            "recorded_at": day.iso(row["created_at"]),
        })
    return result
