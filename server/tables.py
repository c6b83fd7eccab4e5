"""Reading an officials list from CSV or XLSX, as it was handed over.

The rows come back as they are in the file, header and all: which row is the
header is for the rules to find (hand-made sheets often carry a title above it).
"""

import csv
import io
import zipfile
from pathlib import Path

from .rules.list_problems import Problem, Reason, list_failed

CSV_SUFFIXES = (".csv", ".txt")


def read_file(path: str | Path) -> list[list]:
    """Every row of the first sheet (XLSX) or of a CSV file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        raise list_failed([Problem.of(Reason.UNREADABLE, file=path.name)]) from None
    return read_rows(data, path.name)


def read_rows(data: bytes, filename: str) -> list[list]:
    """Every row of an uploaded list; the file name's ending says CSV or XLSX."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(data, filename)
    elif suffix in CSV_SUFFIXES:
        rows = _csv_rows(data)
    else:
        raise list_failed([Problem.of(Reason.NOT_A_TABLE, file=filename, formats=".xlsx, .csv")])
    if not any(any(_filled(cell) for cell in row) for row in rows):
        raise list_failed([Problem.of(Reason.EMPTY_FILE, file=filename)])
    return rows


def _filled(cell) -> bool:
    # A CSV of separators alone may come back as one cell of them.
    return cell is not None and str(cell).strip(" \t;,") != ""


def _csv_rows(data: bytes) -> list[list]:
    # Lists come from Excel on Windows as often as from anywhere else.
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise list_failed([Problem.of(Reason.ENCODING)])
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text, newline=""), dialect))


def _xlsx_rows(data: bytes, filename: str) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        # openpyxl raises these for a file that is no workbook or a damaged one
        raise list_failed([Problem.of(Reason.UNREADABLE, file=filename)]) from None
    try:
        if not workbook.worksheets:
            return []
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
