"""The organiser's endpoints: open and close the day, start the next one, queues, reports."""

import csv
import io

from flask import Blueprint, Response, request

from contract import operations as ops
from contract.enums import LANGUAGES, ReceptionStatus

from ..rules.errors import InvalidInput
from ..services.reports import APPEAL_COLUMNS, appeal_rows, summary
from .routing import route, services

organiser = Blueprint("organiser", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@route(organiser, ops.RECEPTION_SETTINGS)
def reception_settings(body):
    return services().engine.set_reception_settings(body)


@route(organiser, ops.OPEN_RECEPTION)
def open_reception(body, key):
    return services().engine.set_reception_status(ReceptionStatus.OPEN)


@route(organiser, ops.CLOSE_RECEPTION)
def close_reception(body, key):
    return services().engine.set_reception_status(ReceptionStatus.CLOSED)


@route(organiser, ops.DAYS)
def days():
    return services().days.days()


@route(organiser, ops.NEXT_DAY)
def next_day(body, key):
    return services().days.next_day(body, key)


@route(organiser, ops.SET_QUEUE_OPEN)
def set_queue_open(queue_id: int, body):
    return services().engine.set_queue_open(queue_id, body.open)


@route(organiser, ops.EDIT_OFFICIAL)
def edit_official(queue_id: int, body):
    return services().officials.edit(queue_id, body)


@route(organiser, ops.BOARD_SETTINGS)
def board_settings(body):
    return services().engine.set_board_settings(body)


@route(organiser, ops.REPORT_SUMMARY)
def report_summary():
    return summary(services().storage)


def _language() -> str:
    language = request.args.get("lang", "ru")
    if language not in LANGUAGES:
        raise InvalidInput(f"lang must be one of {', '.join(LANGUAGES)}")
    return language


@route(organiser, ops.APPEALS_CSV)
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


@route(organiser, ops.APPEALS_XLSX)
def appeals_xlsx():
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(value):
        # XLSX cannot hold control characters; a summary typed with one must
        # not stop the whole register from downloading.
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    rows = appeal_rows(services().storage, _language())
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Appeals"
    sheet.append([title for _, title in APPEAL_COLUMNS])
    for row in rows:
        sheet.append([cell(row[key]) for key, _ in APPEAL_COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return Response(out.getvalue(), mimetype=XLSX,
                    headers={"Content-Disposition": "attachment; filename=appeals.xlsx"})
