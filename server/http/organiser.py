"""The organiser's endpoints: open and close the day, queues, reports."""

import csv
import io

from flask import Blueprint, Response, request

from ..rules.errors import InvalidInput
from ..services.reports import APPEAL_COLUMNS, appeal_rows, summary
from ..rules.validation import LANGUAGES, reject_unknown, require_dict
from .auth import answer, json_body, require, services

organiser = Blueprint("organiser", __name__)


@organiser.post("/reception/open")
@require("admin")
def open_reception():
    reject_unknown(require_dict(json_body()), {"idempotency_key"})
    return answer(services().engine.set_reception_status("open"))


@organiser.post("/reception/close")
@require("admin")
def close_reception():
    reject_unknown(require_dict(json_body()), {"idempotency_key"})
    return answer(services().engine.set_reception_status("closed"))


@organiser.patch("/queues/<int:queue_id>")
@require("admin")
def patch_queue(queue_id: int):
    return answer(services().engine.set_queue_open(queue_id, json_body()))


@organiser.get("/reports/summary")
@require("admin")
def report_summary():
    return summary(services().storage)


def _language() -> str:
    language = request.args.get("lang", "ru")
    if language not in LANGUAGES:
        raise InvalidInput(f"lang must be one of {', '.join(LANGUAGES)}")
    return language


@organiser.get("/reports/appeals.csv")
@require("admin")
def appeals_csv():
    rows = appeal_rows(services().storage, _language())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title for _, title in APPEAL_COLUMNS])
    for row in rows:
        writer.writerow([row[key] for key, _ in APPEAL_COLUMNS])
    # The BOM makes Excel on Windows open Cyrillic text correctly.
    return Response(
        "\ufeff" + out.getvalue(), mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=appeals.csv"},
    )


@organiser.get("/reports/appeals.xlsx")
@require("admin")
def appeals_xlsx():
    from openpyxl import Workbook

    rows = appeal_rows(services().storage, _language())
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Appeals"
    sheet.append([title for _, title in APPEAL_COLUMNS])
    for row in rows:
        sheet.append([row[key] for key, _ in APPEAL_COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return Response(
        out.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": "attachment; filename=appeals.xlsx"},
    )
