"""The report's tables in one language: the same rows for the page, the PDF,
the XLSX sheets and the CSV sections, so no format can say something else.

Cells hold plain values (text, counts, minutes to one decimal, None for
"no figure"); each format writes them its own way.
"""

from dataclasses import dataclass

from common.i18n import Translator, message_key
from contract.enums import Outcome
from contract.views import LocalText, clock

from ..rules.figures import Spread, in_minutes
from ..services.day_report import AppealEntry, DayReport, OfficialDay

TEXT, COUNT, MINUTES = "text", "count", "minutes"

# (catalogue key, kind) of each table's columns
OFFICIAL_COLUMNS = [
    (message_key("report.col.official"), TEXT), (message_key("report.col.issued"), COUNT),
    (message_key("report.col.seen"), COUNT), (message_key("report.col.no_show"), COUNT),
    (message_key("report.col.transfers"), COUNT), (message_key("report.col.cancelled"), COUNT),
    (message_key("report.col.still_waiting"), COUNT),
    (message_key("report.col.wait_median"), MINUTES), (message_key("report.col.wait_p90"), MINUTES),
    (message_key("report.col.wait_max"), MINUTES),
    (message_key("report.col.service_median"), MINUTES),
    (message_key("report.col.service_p90"), MINUTES),
    (message_key("report.col.service_max"), MINUTES),
]
HOUR_COLUMNS = [
    (message_key("report.col.hour"), TEXT), (message_key("report.col.arrivals"), COUNT),
    (message_key("report.col.issued"), COUNT), (message_key("report.col.calls"), COUNT),
]
TOPIC_COLUMNS = [
    (message_key("report.col.rank"), COUNT), (message_key("report.col.topic"), TEXT),
    (message_key("report.col.appeals"), COUNT),
]
OUTCOME_COLUMNS = [(message_key("report.col.outcome"), TEXT),
                   (message_key("report.col.appeals"), COUNT)]
REGISTER_COLUMNS = [
    (message_key("report.col.ticket"), TEXT), (message_key("report.col.recorded_at"), TEXT),
    (message_key("report.col.official"), TEXT), (message_key("report.col.topic"), TEXT),
    (message_key("report.col.outcome"), TEXT), (message_key("report.col.deadline"), TEXT),
    (message_key("report.col.department"), TEXT), (message_key("report.col.contact"), TEXT),
    (message_key("report.col.summary"), TEXT),
]
DAY_COLUMNS = [("", TEXT), ("", TEXT)]  # label, value: no header row

# (section title, sheet name) of each table
DAY = (message_key("report.totals"), message_key("report.sheet.day"))
OFFICIALS = (message_key("report.officials"), message_key("report.sheet.officials"))
HOURS = (message_key("report.hours"), message_key("report.sheet.hours"))
TOPICS = (message_key("report.topics"), message_key("report.sheet.topics"))
OUTCOMES = (message_key("report.outcomes"), message_key("report.sheet.outcomes"))
REGISTER = (message_key("report.register"), message_key("report.sheet.register"))


@dataclass(frozen=True, slots=True)
class Table:
    title: str  # its section heading and CSV title
    sheet: str  # its XLSX tab: at most 31 characters
    headers: list[str]
    kinds: list[str]
    rows: list[list]
    footer: list | None = None  # a totals row


@dataclass(frozen=True, slots=True)
class ReportTables:
    day: Table
    officials: Table
    hours: Table
    topics: Table
    outcomes: Table
    register: Table

    def all(self) -> list[Table]:
        return [self.day, self.officials, self.hours, self.topics, self.outcomes, self.register]


def _table(tr: Translator, keys: tuple[str, str], columns: list, rows: list,
           footer=None) -> Table:
    title, sheet = keys
    return Table(title=tr(title), sheet=tr(sheet), headers=[tr(key) if key else "" for key, _ in columns],
                 kinds=[kind for _, kind in columns], rows=rows, footer=footer)


def _spread_cells(figures: Spread) -> list:
    return [in_minutes(figures.median), in_minutes(figures.p90), in_minutes(figures.max)]


def _official_row(official: OfficialDay, language: str) -> list:
    return [
        f"{official.prefix} · {official.name.pick(language)}", official.issued, official.seen,
        official.no_show, official.transfers, official.cancelled, official.still_waiting,
        *_spread_cells(official.wait), *_spread_cells(official.service),
    ]


def _label(text: LocalText | None, fallback: str, language: str) -> str:
    return text.pick(language) if text is not None else fallback


def contact(entry: AppealEntry, tr: Translator) -> str:
    """The citizen's name and phone where they consented; says so where they did not."""
    if not entry.consented:
        return tr("report.no_consent")
    return ", ".join(part for part in (entry.citizen_name, entry.citizen_phone) if part)


def _register_row(entry: AppealEntry, tr: Translator) -> list:
    language = tr.language
    return [
        entry.number, clock(entry.recorded_at), entry.official.pick(language),
        _label(entry.topic_label, entry.topic, language), tr(f"outcome.{entry.outcome.value}"),
        entry.deadline or "", entry.responsible_department or "", contact(entry, tr),
        entry.summary,
    ]


def register_line(row: list, headers: list[str]) -> str:
    """A register row as one line of text, for the page and the PDF.

    One plain line per appeal, not a table row: WeasyPrint lays out a
    thousand-row table in tens of seconds, a thousand lines in about two.
    """
    number, recorded, official, topic, outcome, deadline, department, citizen, summary = row
    settled = ", ".join(part for part in (
        outcome, f"{headers[5]}: {deadline}" if deadline else "", department) if part)
    return (f"{number} · {recorded} · {official} · {topic} — {settled}"
            f" · {headers[7]}: {citizen or '—'} — «{summary}»")


def _day_rows(report: DayReport, tr: Translator) -> list[list]:
    language, totals = tr.language, report.totals
    return [
        [tr("report.col.reception"), report.title.pick(language)],
        [tr("report.col.venue"), report.venue.pick(language)],
        [tr("report.col.date"), tr("report.when", date=report.date, opens_at=report.opens_at,
                                   closes_at=report.closes_at)],
        [tr("report.col.visitors"), totals.visitors], [tr("report.col.issued"), totals.tickets],
        [tr("report.col.seen"), totals.seen], [tr("report.col.no_show"), totals.no_show],
        [tr("report.col.transfers"), totals.transfers],
        [tr("report.col.cancelled"), totals.cancelled],
        [tr("report.col.still_waiting"), totals.still_waiting],
        [tr("report.col.appeals"), totals.appeals],
        [tr("report.col.wait_median"), in_minutes(totals.wait.median)],
        [tr("report.col.wait_p90"), in_minutes(totals.wait.p90)],
        [tr("report.col.service_median"), in_minutes(totals.service.median)],
        ["", tr("report.made_at", at=report.made_at, seq=report.last_seq)],
    ]


def report_tables(report: DayReport, tr: Translator) -> ReportTables:
    language, totals = tr.language, report.totals
    return ReportTables(
        day=_table(tr, DAY, DAY_COLUMNS, _day_rows(report, tr)),
        officials=_table(
            tr, OFFICIALS, OFFICIAL_COLUMNS,
            [_official_row(o, language) for o in report.officials],
            footer=[tr("report.total"), totals.tickets, totals.seen, totals.no_show,
                    totals.transfers, totals.cancelled, totals.still_waiting,
                    *_spread_cells(totals.wait), *_spread_cells(totals.service)]),
        hours=_table(tr, HOURS, HOUR_COLUMNS,
                     [[h.label, h.arrivals, h.tickets, h.calls] for h in report.hours]),
        topics=_table(tr, TOPICS, TOPIC_COLUMNS, [
            [rank, _label(t.label, t.code, language), t.appeals]
            for rank, t in enumerate(report.top_topics, start=1)]),
        outcomes=_table(tr, OUTCOMES, OUTCOME_COLUMNS, [
            [tr(f"outcome.{outcome.value}"), report.outcomes.get(outcome, 0)]
            for outcome in Outcome]),
        register=_table(tr, REGISTER, REGISTER_COLUMNS,
                        [_register_row(e, tr) for e in report.register]),
    )
