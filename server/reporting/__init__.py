"""The akim's report in every format, all drawn from one DayReport.

HTML is the source: the web page shows it, and the PDF is that same HTML
laid out for paper. XLSX and CSV carry the same tables (tables.py).
"""

from dataclasses import dataclass

from common.i18n import Catalogue

from ..services.day_report import DayReport
from .html import HtmlReport, PageLinks
from .pdf import pdf_bytes
from .spreadsheets import csv_bytes, xlsx_bytes


@dataclass(frozen=True, slots=True)
class ReportFormat:
    extension: str
    media_type: str


FORMATS = {
    "html": ReportFormat("html", "text/html; charset=utf-8"),
    "pdf": ReportFormat("pdf", "application/pdf"),
    "xlsx": ReportFormat(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ReportFormat("csv", "text/csv; charset=utf-8"),
}


def file_name(report: DayReport, fmt: str, language: str) -> str:
    return f"kezek-report-{report.date}-{language}.{FORMATS[fmt].extension}"


class ReportMaker:
    """Writes a report in a format and a language; one per app (the template compiles once)."""

    def __init__(self, catalogue: Catalogue):
        self.html = HtmlReport(catalogue)

    def page(self, report: DayReport, language: str, links: PageLinks | None = None) -> str:
        return self.html.render(report, language, links)

    def make(self, report: DayReport, fmt: str, language: str) -> bytes:
        if fmt == "html":
            return self.page(report, language).encode("utf-8")
        if fmt == "pdf":
            return pdf_bytes(self.html, report, language)
        tables = self.html.tables(report, language)
        if fmt == "xlsx":
            return xlsx_bytes(tables)
        if fmt == "csv":
            return csv_bytes(tables)
        raise ValueError(f"unknown report format {fmt!r}")
