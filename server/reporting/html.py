"""The report as one HTML page: the source of the page at /reports and of the PDF."""

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from common.i18n import Catalogue, message_key

from ..services.day_report import DayReport
from .chart import ARRIVALS_COLOUR, CALLS_COLOUR, hourly_chart
from .tables import ReportTables, register_line, report_tables

TEMPLATES = Path(__file__).with_name("templates")
# The figures on the cards at the top, in order: (catalogue key, totals field).
CARDS = (
    (message_key("report.col.visitors"), "visitors"), (message_key("report.col.issued"), "tickets"),
    (message_key("report.col.seen"), "seen"), (message_key("report.col.no_show"), "no_show"),
    (message_key("report.col.transfers"), "transfers"), (message_key("report.col.cancelled"), "cancelled"),
    (message_key("report.col.appeals"), "appeals"),
)
DECIMAL_COMMA = {"kk", "ru"}
ALL_APPEALS = "/api/v1/reports/appeals.xlsx"  # every appeal, settled at the desk or not


@dataclass(frozen=True)
class PageLinks:
    """Where the page's language and download links lead (the web page only)."""

    languages: list[tuple[str, str, str]] = field(default_factory=list)  # code, name, href
    downloads: list[tuple[str, str]] = field(default_factory=list)  # name, href


def cell_text(value, language: str) -> str:
    """A table cell as the page prints it: minutes with the language's decimal mark."""
    if value is None:
        return "—"
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text.replace(".", ",") if language in DECIMAL_COMMA else text
    return str(value)


class HtmlReport:
    """Renders reports in any language; the template is compiled once per instance."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self._env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                                undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

    def tables(self, report: DayReport, language: str) -> ReportTables:
        return report_tables(report, self.catalogue.translator(language))

    def render(self, report: DayReport, language: str, links: PageLinks | None = None,
               font_css: str = "") -> str:
        tr = self.catalogue.translator(language)
        tables = report_tables(report, tr)
        return self._env.get_template("report.html").render(
            report=report, lang=language, tr=tr, tables=tables, links=links,
            font_css=Markup(font_css),
            cell=lambda value: cell_text(value, language),
            cards=[(key, getattr(report.totals, name)) for key, name in CARDS],
            chart=hourly_chart(report.hours, tr("report.hours")),
            colours={"arrivals": ARRIVALS_COLOUR, "calls": CALLS_COLOUR},
            register_lines=[register_line(row, tables.register.headers)
                            for row in tables.register.rows],
            ALL_APPEALS=ALL_APPEALS,
            register_classes=[entry.outcome.value for entry in report.register],
        )
