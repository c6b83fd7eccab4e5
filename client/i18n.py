"""Every UI string of the Kezek apps in Kazakh, Russian and English.

There is no global ``_``: the kiosk switches language for every visitor, so a
:class:`Translator` is made for a language and passed to whoever draws text.
Keys are grouped by app ("kiosk.…", later "console.…", "board.…") plus
"common.…" shared by all. tests/client/test_client_i18n.py checks that every
key has a non-empty text in all three languages with the same placeholders.
"""

from __future__ import annotations

from client.models import LANGUAGES

# The name of each language written in that language, for language buttons.
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

CATALOG: dict[str, dict[str, str]] = {
    # -- common -----------------------------------------------------------
    "common.back": {"kk": "Артқа", "ru": "Назад", "en": "Back"},
    "common.start_over": {"kk": "Басынан бастау", "ru": "Начать сначала", "en": "Start over"},
    "common.cancel": {"kk": "Болдырмау", "ru": "Отмена", "en": "Cancel"},
    "common.desk": {"kk": "Үстел: {desk}", "ru": "Стол: {desk}", "en": "Desk: {desk}"},
    "common.minutes": {"kk": "{minutes} мин", "ru": "{minutes} мин", "en": "{minutes} min"},
    "common.hours": {"kk": "{hours} сағ", "ru": "{hours} ч", "en": "{hours} h"},
    "common.hours_minutes": {
        "kk": "{hours} сағ {minutes} мин",
        "ru": "{hours} ч {minutes} мин",
        "en": "{hours} h {minutes} min",
    },
    "common.offline": {
        "kk": "Сервермен байланыс жоқ. Қайта қосылып жатырмыз…",
        "ru": "Нет связи с сервером. Переподключаемся…",
        "en": "No connection to the server. Reconnecting…",
    },
    # -- kiosk: start -------------------------------------------------------
    "kiosk.start.welcome": {
        "kk": "Қош келдіңіз!",
        "ru": "Добро пожаловать!",
        "en": "Welcome!",
    },
    "kiosk.start.choose_language": {
        "kk": "Тілді таңдаңыз",
        "ru": "Выберите язык",
        "en": "Choose your language",
    },
    # -- kiosk: officials ---------------------------------------------------
    "kiosk.officials.title": {
        "kk": "Қабылдауына барғыңыз келетін лауазымды тұлғаны таңдаңыз",
        "ru": "Выберите, к кому вы хотите на приём",
        "en": "Choose whom you would like to see",
    },
    "kiosk.officials.hint": {
        "kk": "Бірнеше адамды таңдауға болады",
        "ru": "Можно выбрать нескольких",
        "en": "You may choose several",
    },
    "kiosk.officials.search": {
        "kk": "Аты-жөні, лауазымы немесе бөлімі бойынша іздеу",
        "ru": "Поиск по имени, должности или отделу",
        "en": "Search by name, position or department",
    },
    "kiosk.officials.nothing_found": {
        "kk": "Ештеңе табылмады",
        "ru": "Ничего не найдено",
        "en": "Nothing found",
    },
    "kiosk.officials.waiting": {
        "kk": "Кезекте: {count} адам",
        "ru": "В очереди: {count} чел.",
        "en": "Waiting: {count}",
    },
    "kiosk.officials.no_queue": {
        "kk": "Кезек жоқ",
        "ru": "Очереди нет",
        "en": "No queue",
    },
    "kiosk.officials.eta": {
        "kk": "Күту: ≈ {eta}",
        "ru": "Ожидание: ≈ {eta}",
        "en": "Wait: ≈ {eta}",
    },
    "kiosk.officials.closed": {
        "kk": "Қазір қабылдамайды",
        "ru": "Сейчас не принимает",
        "en": "Not receiving now",
    },
    "kiosk.officials.selected": {
        "kk": "Таңдалды: {count}",
        "ru": "Выбрано: {count}",
        "en": "Selected: {count}",
    },
    "kiosk.officials.next": {"kk": "Әрі қарай", "ru": "Далее", "en": "Next"},
    # Shown while the live updates are down and the figures come by polling.
    "kiosk.officials.stale": {
        "kk": "Кезек туралы мәліметтер кешігіп жаңартылуы мүмкін",
        "ru": "Данные об очереди могут обновляться с задержкой",
        "en": "Queue information may update with a delay",
    },
    # -- kiosk: the on-screen keyboard of the search ----------------------
    "kiosk.keyboard.search": {"kk": "Іздеу", "ru": "Поиск", "en": "Search"},
    "kiosk.keyboard.space": {"kk": "Бос орын", "ru": "Пробел", "en": "Space"},
    "kiosk.keyboard.clear": {"kk": "Тазалау", "ru": "Очистить", "en": "Clear"},
    "kiosk.keyboard.close": {"kk": "Жабу", "ru": "Закрыть", "en": "Close"},
    # -- kiosk: privileged category ------------------------------------------
    "kiosk.privileged.title": {
        "kk": "Сіз жеңілдігі бар санаттағы азаматсыз ба?",
        "ru": "Вы относитесь к льготной категории?",
        "en": "Do you belong to a priority category?",
    },
    "kiosk.privileged.hint": {
        "kk": "Бұл санаттағы азаматтар бірінші кезекте қабылданады. Қызметкер растайтын құжат сұрауы мүмкін.",
        "ru": "Граждан этих категорий принимают в первую очередь. Сотрудник может попросить подтверждающий документ.",
        "en": "People in these categories are seen first. Staff may ask for a supporting document.",
    },
    "kiosk.privileged.none": {
        "kk": "Жоқ, жатпаймын",
        "ru": "Нет, не отношусь",
        "en": "No, I do not",
    },
    # -- kiosk: confirm -----------------------------------------------------
    "kiosk.confirm.title": {
        "kk": "Таңдауыңызды тексеріңіз",
        "ru": "Проверьте ваш выбор",
        "en": "Please check your choice",
    },
    "kiosk.confirm.privileged": {
        "kk": "Жеңілдік санаты: {label}",
        "ru": "Льготная категория: {label}",
        "en": "Priority category: {label}",
    },
    "kiosk.confirm.may_not_be_reached": {
        "kk": "Назар аударыңыз: қабылдау аяқталғанға дейін кезегіңіз жетпеуі мүмкін.",
        "ru": "Внимание: до конца приёма ваша очередь может не подойти.",
        "en": "Please note: your turn may not come before the reception ends.",
    },
    "kiosk.confirm.get_ticket": {
        "kk": "Талон алу",
        "ru": "Получить талон",
        "en": "Get my ticket",
    },
    "kiosk.confirm.get_tickets": {
        "kk": "Талондарды алу ({count})",
        "ru": "Получить талоны ({count})",
        "en": "Get my tickets ({count})",
    },
    # -- kiosk: issuing -----------------------------------------------------
    "kiosk.issuing.wait": {
        "kk": "Талоныңыз дайындалып жатыр…",
        "ru": "Готовим ваш талон…",
        "en": "Preparing your ticket…",
    },
    "kiosk.issuing.retrying": {
        "kk": "Сервермен байланыс үзілді. Қайта қосылып жатырмыз — таңдауыңыз сақталды, күте тұрыңыз.",
        "ru": "Связь с сервером прервалась. Переподключаемся — ваш выбор сохранён, пожалуйста, подождите.",
        "en": "The connection to the server was lost. Reconnecting — your choice is kept, please wait.",
    },
    # -- kiosk: done --------------------------------------------------------
    "kiosk.done.title_one": {
        "kk": "Талоныңыз дайын",
        "ru": "Ваш талон",
        "en": "Your ticket",
    },
    "kiosk.done.title_many": {
        "kk": "Талондарыңыз дайын",
        "ru": "Ваши талоны",
        "en": "Your tickets",
    },
    "kiosk.done.people_ahead": {
        "kk": "Алдыңызда: {count} адам",
        "ru": "Перед вами: {count} чел.",
        "en": "People ahead: {count}",
    },
    "kiosk.done.take_ticket": {
        "kk": "Талонды алыңыз. Нөміріңіз таблода шығып, хабарланғанда көрсетілген үстелге барыңыз.",
        "ru": "Возьмите талон. Когда ваш номер появится на табло и прозвучит объявление, подойдите к указанному столу.",
        "en": "Take your ticket. When your number is shown on the board and announced, go to the desk shown.",
    },
    "kiosk.done.several": {
        "kk": "Бір лауазымды тұлғаның қабылдауында болғаныңызда, басқа кезектердегі орныңыз сақталады.",
        "ru": "Пока вы на приёме у одного должностного лица, ваше место в других очередях сохраняется.",
        "en": "While one official is seeing you, your place in the other queues is kept.",
    },
    "kiosk.done.first_in_line": {
        "kk": "Сіз кезекте біріншісіз",
        "ru": "Вы первый в очереди",
        "en": "You are first in line",
    },
    "kiosk.done.qr": {
        "kk": "Кезегіңізді телефоннан бақылау үшін QR-кодты сканерлеңіз",
        "ru": "Отсканируйте QR-код, чтобы следить за очередью с телефона",
        "en": "Scan the QR code to follow your turn on your phone",
    },
    "kiosk.done.print_failed": {
        "kk": "Принтер талонды басып шығара алмады. Нөміріңізді жазып алыңыз немесе QR-кодты суретке түсіріңіз — талоныңыз жарамды.",
        "ru": "Принтер не смог напечатать талон. Запишите номер или сфотографируйте QR-код — талон действителен.",
        "en": "The printer could not print your ticket. Write down the number or take a photo of the QR code — your ticket is valid.",
    },
    "kiosk.done.print_cancelled": {
        "kk": "Принтер талонды басып шығара алмады, сондықтан талон жойылды. Ұйымдастырушыға жүгініңіз.",
        "ru": "Принтер не смог напечатать талон, поэтому он отменён. Обратитесь к организатору.",
        "en": "The printer could not print your ticket, so it was cancelled. Please ask the organiser.",
    },
    "kiosk.done.printing": {
        "kk": "Талон басып шығарылып жатыр…",
        "ru": "Печатаем талон…",
        "en": "Printing your ticket…",
    },
    "kiosk.done.finish": {"kk": "Дайын", "ru": "Готово", "en": "Done"},
    # -- kiosk: reception state and errors ----------------------------------
    "kiosk.reception.planned": {
        "kk": "Қабылдау әлі басталған жоқ",
        "ru": "Приём ещё не начался",
        "en": "The reception has not started yet",
    },
    "kiosk.reception.opens_at": {
        "kk": "Басталу уақыты: {time}",
        "ru": "Начало приёма: {time}",
        "en": "Starts at {time}",
    },
    "kiosk.reception.closed": {
        "kk": "Қабылдау аяқталды",
        "ru": "Приём завершён",
        "en": "The reception is over",
    },
    "kiosk.reception.thanks": {
        "kk": "Келгеніңізге рахмет!",
        "ru": "Спасибо, что пришли!",
        "en": "Thank you for coming!",
    },
    "kiosk.error.title": {
        "kk": "Талон беру мүмкін болмады",
        "ru": "Не удалось выдать талон",
        "en": "The ticket could not be issued",
    },
    "kiosk.error.generic": {
        "kk": "Қайталап көріңіз немесе ұйымдастырушыға жүгініңіз.",
        "ru": "Попробуйте ещё раз или обратитесь к организатору.",
        "en": "Please try again or ask the organiser.",
    },
    "kiosk.error.reception_closed": {
        "kk": "Қабылдау жабық, талон берілмейді.",
        "ru": "Приём закрыт, талоны не выдаются.",
        "en": "The reception is closed; no tickets are issued.",
    },
    "kiosk.error.queue_closed": {
        "kk": "Таңдалған лауазымды тұлға қазір қабылдамайды. Басқасын таңдаңыз.",
        "ru": "Выбранное должностное лицо сейчас не принимает. Выберите другое.",
        "en": "The official you chose is not receiving now. Please choose another.",
    },
    # -- kiosk: organiser ---------------------------------------------------
    "kiosk.organiser.banner": {
        "kk": "Ұйымдастырушыға: {problem}",
        "ru": "Организатору: {problem}",
        "en": "For the organiser: {problem}",
    },
    "kiosk.printer.offline": {
        "kk": "принтер қосылмаған",
        "ru": "принтер не подключён",
        "en": "the printer is offline",
    },
    "kiosk.printer.out_of_paper": {
        "kk": "принтерде қағаз бітті",
        "ru": "в принтере закончилась бумага",
        "en": "the printer is out of paper",
    },
    "kiosk.printer.cover_open": {
        "kk": "принтердің қақпағы ашық",
        "ru": "открыта крышка принтера",
        "en": "the printer cover is open",
    },
    "kiosk.printer.timeout": {
        "kk": "принтер жауап бермейді",
        "ru": "принтер не отвечает",
        "en": "the printer does not respond",
    },
    "kiosk.printer.not_configured": {
        "kk": "принтер бапталмаған",
        "ru": "принтер не настроен",
        "en": "no printer is configured",
    },
    "kiosk.printer.failed": {
        "kk": "принтер істемей тұр",
        "ru": "принтер неисправен",
        "en": "the printer is not working",
    },
    "kiosk.pin.title": {
        "kk": "Ұйымдастырушының PIN-коды",
        "ru": "PIN-код организатора",
        "en": "Organiser PIN",
    },
    "kiosk.pin.wrong": {
        "kk": "PIN-код қате",
        "ru": "Неверный PIN-код",
        "en": "Wrong PIN",
    },
    "kiosk.pin.clear": {"kk": "Өшіру", "ru": "Стереть", "en": "Clear"},
    "kiosk.pin.exit": {
        "kk": "Киосктан шығу",
        "ru": "Выйти из киоска",
        "en": "Exit the kiosk",
    },
}


class Translator:
    """The texts of one language. ``t("key", name=value)`` or ``t.eta(minutes)``."""

    def __init__(self, language: str, catalog: dict[str, dict[str, str]] = CATALOG):
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
        self.language = language
        self._catalog = catalog

    def __call__(self, key: str, **params) -> str:
        text = self._catalog[key][self.language]
        return text.format(**params) if params else text

    def has(self, key: str) -> bool:
        return key in self._catalog

    def duration(self, minutes: int | None) -> str:
        """``25 мин`` or ``1 сағ 20 мин``; empty when unknown."""
        if minutes is None:
            return ""
        minutes = max(0, int(round(minutes)))
        if minutes < 60:
            return self("common.minutes", minutes=minutes)
        hours, minutes = divmod(minutes, 60)
        if minutes == 0:
            return self("common.hours", hours=hours)
        return self("common.hours_minutes", hours=hours, minutes=minutes)
