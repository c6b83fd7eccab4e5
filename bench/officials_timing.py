"""Importing a 200-row officials list: the preview, then saving it, as CSV and as XLSX.

The list is written the way organisers hand it over (Kazakh and Russian
headers, texts per language, a numbering column nobody asked for) onto the
sample day, so that a few rows update officials the day has and the rest add
new ones at new desks. Each format is timed on its own copy of the day:
reading and checking the file for the preview, then reading, checking again
and saving it with its events. Target: both together ≤ 1 s.
"""

import io
import shutil
import tempfile
import time
from pathlib import Path

from server.dayfile import load_day_config, sample_config_path
from server.rules.import_preview import Change
from server.services.officials import Officials
from server.services.setup import apply_officials, create_reception
from server.services.unit_of_work import UnitOfWork
from server.storage import Storage

from .report import Figure

TARGET_SECONDS = 1.0
HEADER = ["№", "Аты-жөні", "ФИО (англ)", "Лауазымы (каз)", "Должность (рус)", "Position (en)",
          "Мекеме (каз)", "Ведомство (рус)", "Үстел", "Префикс", "Тілдер"]
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def officials_rows(count: int) -> list[list]:
    """The header and ``count`` officials with prefixes A…Z, then AA, AB, …"""
    prefixes = [*_LETTERS, *(a + b for a in _LETTERS for b in _LETTERS)]
    rows = [HEADER]
    for number in range(1, count + 1):
        rows.append([
            number, f"Қызметкер Әбдіханұлы {number}", f"Official Abdikhanuly {number}",
            "Басқарма басшысы", "Руководитель управления", "Head of department",
            f"Тұрғын үй-коммуналдық шаруашылық басқармасы № {number}",
            f"Управление жилищно-коммунального хозяйства № {number}",
            str(number), prefixes[number - 1], "қазақша, орысша" if number % 3 else "каз, рус, англ",
        ])
    return rows


def as_csv(rows: list[list]) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sample_day(db_path: Path) -> None:
    config, officials = load_day_config(sample_config_path())
    storage = Storage(db_path)
    try:
        uow = UnitOfWork(storage)
        create_reception(uow, config)
        apply_officials(uow, officials)
    finally:
        storage.close()


def _time_import(db_path: Path, data: bytes, filename: str) -> dict:
    storage = Storage(db_path)
    try:
        officials = Officials(UnitOfWork(storage))
        started = time.perf_counter()
        preview = officials.preview(data, filename)
        preview_seconds = time.perf_counter() - started
        if not preview.ok:
            raise RuntimeError(f"the bench's own list has problems: {preview.problems[:3]}")
        started = time.perf_counter()
        applied = officials.apply(data, filename)
        apply_seconds = time.perf_counter() - started
    finally:
        storage.close()
    return {"rows": len(preview.rows), "new": preview.count(Change.NEW),
            "updated": applied.updated, "new_desks": len(preview.new_desks),
            "preview_seconds": round(preview_seconds, 3), "apply_seconds": round(apply_seconds, 3),
            "seconds": round(preview_seconds + apply_seconds, 3), "bytes": len(data)}


def measure_officials_import(count: int = 200) -> dict:
    rows = officials_rows(count)
    files = {"csv": as_csv(rows), "xlsx": as_xlsx(rows)}
    with tempfile.TemporaryDirectory(prefix="kezek-officials-bench-") as tmp:
        template = Path(tmp) / "template.db"
        _sample_day(template)
        results = {}
        for kind, data in files.items():
            db_path = Path(tmp) / f"{kind}.db"
            shutil.copyfile(template, db_path)
            results[kind] = _time_import(db_path, data, f"officials.{kind}")
    return results


def officials_figures(result: dict) -> list[Figure]:
    figures = []
    for kind, timing in result.items():
        note = (f"{timing['rows']} rows: preview {timing['preview_seconds']:g} s + save "
                f"{timing['apply_seconds']:g} s; {timing['new']} new, {timing['updated']} "
                f"updated, {timing['new_desks']} desks created")
        figures.append(Figure(f"officials_import_{kind}_seconds", timing["seconds"], "s", "<=",
                              TARGET_SECONDS, note))
    return figures
