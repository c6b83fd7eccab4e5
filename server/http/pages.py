"""Server-rendered pages for people: the visitor's status page on their phone."""

from pathlib import Path

from flask import Blueprint, render_template, request

from common.i18n import CODES, LANGUAGE_NAMES

from ..rules.errors import NotFound
from .routing import services

web = Blueprint(
    "web", __name__, template_folder=str(Path(__file__).parent / "templates")
)


@web.get("/t/<code>")
def visitor_status(code: str):
    catalogue = services().catalogue
    language = request.args.get("lang")
    try:
        visitor = services().reads.visitor(code)
    except NotFound:
        language = language if language in CODES else "kk"
        return render_template("not_found.html", tr=catalogue.translator(language),
                               lang=language), 404
    if language not in CODES:
        language = visitor.language
    return render_template(
        "status.html", visitor=visitor, lang=language, tr=catalogue.translator(language),
        languages=LANGUAGE_NAMES,
    )
