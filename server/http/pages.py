"""Server-rendered pages for people: the visitor's phone page and the hall's web board.

Both are painted here and kept live by a small script in the page (the
event streams of contract.operations VISITOR_EVENTS and BOARD_STREAM).
"""

from pathlib import Path

from flask import Blueprint, make_response, redirect, render_template, request, url_for

from common.i18n import CODES, LANGUAGE_NAMES

from ..rules.errors import NotFound
from . import board_pairing as pairing
from .page_texts import board_texts, status_page_texts
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
    tr = catalogue.translator(language)
    return render_template(
        "status.html", visitor=visitor, lang=language, tr=tr, languages=LANGUAGE_NAMES,
        texts=status_page_texts(tr),
    )


@web.get("/board")
def board():
    """The hall board; ``?token=`` pairs this browser, then the cookie keeps it paired."""
    svc = services()
    token = request.args.get("token")
    language = request.args.get("lang")
    language = language if language in CODES else ""
    if token is not None:
        if pairing.board_principal(svc.accounts, token) is None:
            return _pairing_page(bad_token=True)
        paired = redirect(url_for("web.board", **({"lang": language} if language else {})),
                          code=303)
        pairing.remember(paired, token)
        return paired
    if pairing.board_principal(svc.accounts, request.cookies.get(pairing.BOARD_COOKIE)) is None:
        return _pairing_page(bad_token=pairing.BOARD_COOKIE in request.cookies)
    return render_template("board.html", texts=board_texts(svc.catalogue),
                           fixed_language=language, sound_translators=_every_language())


def _pairing_page(bad_token: bool):
    """How to pair, in every language (nobody chooses one on a TV); a stale cookie is dropped."""
    page = render_template(
        "board_pairing.html", translators=_every_language(),
        bad_token=bad_token, board_url=url_for("web.board", _external=True),
    )
    response = make_response(page, 401)
    if pairing.BOARD_COOKIE in request.cookies:
        pairing.forget(response)
    return response


def _every_language() -> list:
    catalogue = services().catalogue
    return [catalogue.translator(code) for code in CODES]
