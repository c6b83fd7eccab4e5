"""Server-rendered pages for people: the visitor's status page on their phone."""

from pathlib import Path

from flask import Blueprint, render_template, request

from ..rules.errors import NotFound
from .routing import services

web = Blueprint(
    "web", __name__, template_folder=str(Path(__file__).parent / "templates")
)

STATUS_TEXT = {
    "kk": {
        "title": "Менің кезегім", "waiting": "Күтуде", "called": "Шақырылды — үстелге барыңыз",
        "serving": "Қабылдауда", "done": "Аяқталды", "no_show": "Келмеді",
        "cancelled": "Жойылды", "ahead": "Алдыңызда", "people": "адам",
        "eta": "Шамамен күту", "minutes": "мин", "desk": "Үстел",
        "busy": "Сіз қазір басқа лауазымды тұлғаның қабылдауындасыз; кезегіңіз сақталады",
        "refresh": "Бет өздігінен жаңарады", "not_found": "Билет табылмады",
    },
    "ru": {
        "title": "Моя очередь", "waiting": "Ожидает", "called": "Вызван — подойдите к столу",
        "serving": "На приёме", "done": "Завершено", "no_show": "Не явился",
        "cancelled": "Отменён", "ahead": "Перед вами", "people": "чел.",
        "eta": "Ожидание примерно", "minutes": "мин", "desk": "Стол",
        "busy": "Вы сейчас на приёме у другого должностного лица; ваше место сохранено",
        "refresh": "Страница обновляется сама", "not_found": "Билет не найден",
    },
    "en": {
        "title": "My turn", "waiting": "Waiting", "called": "Called — please go to the desk",
        "serving": "Being received", "done": "Finished", "no_show": "Did not come",
        "cancelled": "Cancelled", "ahead": "Ahead of you", "people": "people",
        "eta": "Estimated wait", "minutes": "min", "desk": "Desk",
        "busy": "You are with another official now; your place is kept",
        "refresh": "This page refreshes by itself", "not_found": "Ticket not found",
    },
}


@web.get("/t/<code>")
def visitor_status(code: str):
    language = request.args.get("lang")
    try:
        visitor = services().reads.visitor(code)
    except NotFound:
        language = language if language in STATUS_TEXT else "kk"
        return render_template("not_found.html", text=STATUS_TEXT[language],
                               lang=language), 404
    if language not in STATUS_TEXT:
        language = visitor.language
    return render_template(
        "status.html", visitor=visitor, lang=language, text=STATUS_TEXT[language],
        languages=list(STATUS_TEXT),
    )
