"""The report's tables as an XLSX workbook (one sheet each) and as one CSV file."""

import csv
import io

from .tables import COUNT, ReportTables, Table

COLUMN_WIDTHS = {"text": 24, "count": 12, "minutes": 14}
WIDE_TEXT = 60  # the register's summary


def _rows(table: Table) -> list[list]:
    """Header (unless it has none), rows, and the totals row."""
    head = [table.headers] if any(table.headers) else []
    return [*head, *table.rows, *([table.footer] if table.footer else [])]


def csv_bytes(tables: ReportTables) -> bytes:
    """Each table under its title, a blank line between; UTF-8 with a byte order
    mark, so that Excel on Windows opens Kazakh and Russian text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for index, table in enumerate(tables.all()):
        if index:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerows([["" if value is None else value for value in row]
                          for row in _rows(table)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(tables: ReportTables) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def cell(value):
        # A summary typed with a control character must not stop the whole workbook.
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    def as_text(row) -> None:
        # openpyxl stores a text starting with "=" as a formula: a citizen's words must
        # never run in the akim's spreadsheet.
        for written in row:
            if isinstance(written.value, str) and written.value.startswith("="):
                written.data_type = "s"

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables.all():
        sheet = workbook.create_sheet(table.sheet[:31])
        for row in _rows(table):
            sheet.append([cell(value) for value in row])
            as_text(sheet[sheet.max_row])
        if any(table.headers):
            sheet.freeze_panes = "A2"
            for header in sheet[1]:
                header.font = Font(bold=True)
        if table.footer:
            for total in sheet[sheet.max_row]:
                total.font = Font(bold=True)
        for index, kind in enumerate(table.kinds, start=1):
            width = COLUMN_WIDTHS.get(kind, 16)
            longest = max((len(str(row[index - 1])) for row in table.rows if row[index - 1]),
                          default=0)
            sheet.column_dimensions[get_column_letter(index)].width = min(
                WIDE_TEXT, max(width, longest + 2)) if kind != COUNT else width
    _hourly_chart(workbook[tables.hours.sheet[:31]], tables.hours, BarChart, Reference)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _hourly_chart(sheet, table: Table, bar_chart, reference) -> None:
    """Excel's own bar chart of arrivals and calls beside the hourly table."""
    last = len(table.rows) + 1
    chart = bar_chart()
    chart.title = table.title
    chart.y_axis.title = None
    for column in (2, 4):  # arrivals, calls
        chart.add_data(reference(sheet, min_col=column, min_row=1, max_row=last),
                       titles_from_data=True)
    chart.set_categories(reference(sheet, min_col=1, min_row=2, max_row=last))
    chart.width, chart.height = 22, 9
    sheet.add_chart(chart, "F2")
