"""/admin/officials: the officials list as it was handed over, previewed before saving;
then one official corrected at a time.

The preview page carries the uploaded file itself (base64, in the form that
saves it), so "save" writes exactly the file that was previewed, checked
again, and the server keeps nothing between the two steps. A list of a few
hundred rows is a few tens of kilobytes.
"""

import base64
import binascii

from flask import redirect, request, url_for

from common.i18n import CODES, message_key
from contract.requests import EditOfficial

from ...rules.errors import ImportFailed, OfficialChangeRefused, QueueError
from ...services.officials_texts import change_text, problem_text, refusal_text
from ..errors import status_for
from ..routing import services
from . import admin_web
from .door import AdminVisit, admin_page, page
from .forms import FormError, convert, refusal

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
NO_FILE = message_key("admin.officials.no_file")
TOO_BIG = message_key("admin.officials.too_big")
LABELS = {
    "name": message_key("admin.officials.name"),
    "position": message_key("admin.officials.position"),
    "department": message_key("admin.officials.department"),
    "desk": message_key("admin.desks.desk"),
    "prefix": message_key("admin.officials.prefix"),
    "languages": message_key("admin.reception.languages"),
}


def _list(visit: AdminVisit, status: int = 200, problems: list[str] | None = None):
    return page("admin/officials.html", visit, status, here="officials",
                queues=services().reads.queues().queues, problems=problems,
                saved=request.args.get("saved"), corrected=request.args.get("corrected"))


@admin_web.get("/officials")
@admin_page
def officials(visit: AdminVisit):
    return _list(visit)


def _show_preview(visit: AdminVisit, data: bytes, filename: str, status: int = 200):
    preview = services().officials.preview(data, filename)
    tr = visit.tr
    rows = [{"row": row.row, "official": row.official, "change": row.change.value,
             "text": change_text(tr, row)} for row in preview.rows]
    return page("admin/officials_preview.html", visit, status if preview.ok else 400,
                here="officials", preview=preview, rows=rows, filename=filename,
                problems=[problem_text(tr, problem) for problem in preview.problems],
                bad_rows={problem.row for problem in preview.problems if problem.row},
                file=base64.b64encode(data).decode() if preview.ok else "")


@admin_web.post("/officials/preview")
@admin_page
def preview_officials(visit: AdminVisit):
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _list(visit, 400, FormError([(NO_FILE, {})]).texts(visit.tr))
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        return _list(visit, 413, FormError([(TOO_BIG, {})]).texts(visit.tr))
    return _show_preview(visit, data, upload.filename)


@admin_web.post("/officials/apply")
@admin_page
def apply_officials(visit: AdminVisit):
    filename = request.form.get("filename", "")
    try:
        data = base64.b64decode(request.form.get("file", ""), validate=True)
    except (binascii.Error, ValueError):
        data = b""
    if not data or len(data) > MAX_UPLOAD_BYTES:
        return _list(visit, 400, FormError([(NO_FILE, {})]).texts(visit.tr))
    try:
        applied = services().officials.apply(data, filename)
    except ImportFailed:  # the day changed since the preview: show what is wrong now
        return _show_preview(visit, data, filename, 409)
    return redirect(url_for("admin_web.officials", saved=f"{applied.added}/{applied.updated}"),
                    code=303)


# -- one official -------------------------------------------------------------------
def _queue(queue_id: int):
    return next((queue for queue in services().reads.queues().queues if queue.id == queue_id), None)


def _edit_page(visit: AdminVisit, queue_id: int, status: int = 200,
               problems: list[str] | None = None, typed: dict | None = None):
    queue = _queue(queue_id)
    if queue is None:
        return _list(visit, 404, [visit.tr("admin.officials.gone")])
    official = queue.official
    shown = typed or {
        **{f"{part}_{code}": getattr(getattr(official, part), code)
           for part in ("name", "position", "department") for code in CODES},
        "desk": queue.desks[0].name if queue.desks else "", "prefix": queue.prefix,
        "languages": [language.value for language in queue.languages],
    }
    return page("admin/official_edit.html", visit, status, here="officials", queue=queue,
                form=shown, codes=CODES, problems=problems)


@admin_web.get("/officials/<int:queue_id>")
@admin_page
def edit_official(visit: AdminVisit, queue_id: int):
    return _edit_page(visit, queue_id)


@admin_web.post("/officials/<int:queue_id>")
@admin_page
def save_official(visit: AdminVisit, queue_id: int):
    form = request.form
    values = {part: {code: form.get(f"{part}_{code}", "").strip() or None for code in CODES}
              for part in ("name", "position", "department")}
    values = {part: {code: text for code, text in texts.items() if text is not None}
              for part, texts in values.items()}
    values |= {"desk": form.get("desk", "").strip() or None,
               "prefix": form.get("prefix", "").strip().upper() or None,
               "languages": [code for code in CODES if code in form.getlist("languages")] or None}
    typed = {name: form.get(name, "") for name in form} | {"languages": form.getlist("languages")}
    try:
        change = convert({k: v for k, v in values.items() if v not in (None, {})}, EditOfficial, LABELS)
        services().officials.edit(queue_id, change)
    except FormError as error:
        return _edit_page(visit, queue_id, 400, error.texts(visit.tr), typed)
    except OfficialChangeRefused as error:
        return _edit_page(visit, queue_id, 409, [refusal_text(visit.tr, error)], typed)
    except QueueError as error:
        return _edit_page(visit, queue_id, status_for(error),
                          refusal(error).texts(visit.tr), typed)
    return redirect(url_for("admin_web.officials", corrected=queue_id), code=303)
