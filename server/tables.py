"""Reading an officials list from CSV or XLSX, as it was handed over."""

import csv
from pathlib import Path

from .rules.errors import ImportFailed


def read_table(path: str | Path) -> tuple[list, list[list]]:
    """Header and data rows of the first sheet (XLSX) or of a CSV file."""
    path = Path(path)
    if not path.exists():
        raise ImportFailed(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    raise ImportFailed(f"{path}: expected a .csv or .xlsx file")


def _read_csv(path: Path) -> tuple[list, list[list]]:
    raw = path.read_bytes()
    # Lists come from Excel on Windows as often as from anywhere else.
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFailed(f"{path}: not UTF-8 or Windows-1251 text")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(text.splitlines(), dialect))
    if not rows:
        raise ImportFailed(f"{path}: the file is empty")
    return rows[0], rows[1:]


def _read_xlsx(path: Path) -> tuple[list, list[list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many unrelated types for a bad file
        raise ImportFailed(f"{path}: not a readable XLSX file ({error})") from None
    try:
        rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not rows:
        raise ImportFailed(f"{path}: the first sheet is empty")
    return rows[0], rows[1:]
