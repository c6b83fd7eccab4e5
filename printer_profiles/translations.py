"""Fixed labels printed on a ticket, in every language the kiosk offers.

Placeholders in braces are filled by ``label()``; every language must use
the same placeholders (a test checks it). Kazakh text is written with the
real Kazakh letters: the printing code guarantees they never become '?'.
"""

LANGUAGES = ("kk", "ru", "en")

LABELS: dict[str, dict[str, str]] = {
    "desk": {
        "kk": "Үстел: {desk}",
        "ru": "Стол: {desk}",
        "en": "Desk: {desk}",
    },
    "people_ahead": {
        "kk": "Алдыңызда: {count} адам",
        "ru": "Перед вами: {count} чел.",
        "en": "People ahead: {count}",
    },
    "eta": {
        "kk": "Шамамен күту: ~{minutes} мин",
        "ru": "Ожидание: ~{minutes} мин",
        "en": "Estimated wait ~{minutes} min",
    },
    "follow_phone": {
        "kk": "Кезегіңізді телефоннан қадағалаңыз",
        "ru": "Следите за очередью на телефоне",
        "en": "Follow your turn on your phone",
    },
    "issued": {
        "kk": "Берілді: {time}",
        "ru": "Выдан: {time}",
        "en": "Issued: {time}",
    },
    "priority": {
        "kk": "Басым кезек: {category}",
        "ru": "Приоритет: {category}",
        "en": "Priority: {category}",
    },
    "may_not_be_reached": {
        "kk": "Назар аударыңыз: қабылдау аяқталғанша кезегіңіз жетпеуі мүмкін",
        "ru": "Внимание: приём может закончиться до вашей очереди",
        "en": "Note: your turn may not come before the reception ends",
    },
}


def label(key: str, language: str, **values: object) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {', '.join(LANGUAGES)}")
    return LABELS[key][language].format(**values)
