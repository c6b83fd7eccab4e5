"""JSON of the API's answers as the server sends them, complete per the contract.

Stubs and client tests build their answers here, so a test's server says
exactly what a real one would (every required field, real shapes).
"""

from __future__ import annotations

from client.events import ServerEvent

TITLE = {
    "kk": "Сарыарқа облысы әкімінің азаматтарды көшпелі қабылдауы",
    "ru": "Выездной приём граждан акимом Сарыаркинской области",
    "en": "Outreach reception of citizens by the akim of Saryarka region",
}

OFFICIALS = [
    ("A", "Серік Ахметов", "Serik Akhmetov", "Облыс әкімі", "Аким области", "Akim of the region",
     "Облыс әкімінің аппараты", "Аппарат акима области", "Office of the regional akim"),
    ("B", "Айгүл Нұрланова", "Aigul Nurlanova", "Басқарма басшысы", "Руководитель управления", "Head of department",
     "Энергетика және тұрғын үй-коммуналдық шаруашылығы басқармасы",
     "Управление энергетики и жилищно-коммунального хозяйства", "Department of energy, housing and utilities"),
    ("C", "Марат Есенов", "Marat Yessenov", "Басқарма басшысы", "Руководитель управления", "Head of department",
     "Жолаушылар көлігі және автомобиль жолдары басқармасы",
     "Управление пассажирского транспорта и автомобильных дорог", "Department of passenger transport and roads"),
    ("D", "Гүлнар Сейітова", "Gulnar Seitova", "Басқарма басшысы", "Руководитель управления", "Head of department",
     "Денсаулық сақтау басқармасы", "Управление здравоохранения", "Health department"),
    ("E", "Ерлан Жұмабаев", "Yerlan Zhumabayev", "Басқарма басшысы", "Руководитель управления", "Head of department",
     "Білім басқармасы", "Управление образования", "Education department"),
    ("F", "Динара Әбілова", "Dinara Abilova", "Басқарма басшысы", "Руководитель управления", "Head of department",
     "Жұмыспен қамтуды үйлестіру және әлеуметтік бағдарламалар басқармасы",
     "Управление координации занятости и социальных программ", "Department of employment and social programmes"),
    ("G", "Бауыржан Оспанов", "Bauyrzhan Ospanov", "Басқарма басшысы", "Руководитель управления", "Head of department",
     "Жер қатынастары басқармасы", "Управление земельных отношений", "Land relations department"),
]


def queue_json(index: int, waiting: int = 3, open_: bool = True, likely: bool = True) -> dict:
    prefix, name_kk, name_en, pos_kk, pos_ru, pos_en, dep_kk, dep_ru, dep_en = OFFICIALS[index]
    return {
        "id": index + 1,
        "prefix": prefix,
        "official": {
            "name": {"kk": name_kk, "ru": name_kk, "en": name_en},
            "position": {"kk": pos_kk, "ru": pos_ru, "en": pos_en},
            "department": {"kk": dep_kk, "ru": dep_ru, "en": dep_en},
        },
        "languages": ["kk", "ru"],
        "desk": {"id": index + 1, "name": str(index + 1)},
        "desks": [{"id": index + 1, "name": str(index + 1)}],
        "open": open_,
        "waiting": waiting,
        "serving": 1,
        "eta_minutes": waiting * 8,
        "likely_reached_before_close": likely,
    }


def reception_json(status: str = "open", categories: bool = True) -> dict:
    privileged = [
        {"code": "veteran", "label": {"kk": "Соғыс ардагері", "ru": "Ветеран войны", "en": "War veteran"}},
        {"code": "disability", "label": {"kk": "Мүгедектігі бар адам", "ru": "Человек с инвалидностью", "en": "Person with a disability"}},
        {"code": "pregnant", "label": {"kk": "Жүкті әйел", "ru": "Беременная женщина", "en": "Pregnant woman"}},
        {"code": "elderly", "label": {"kk": "Қарт адам (70+)", "ru": "Пожилой человек (70+)", "en": "Elderly person (70+)"}},
    ]
    return {
        "title": TITLE,
        "venue": {"kk": "Мәдениет үйі", "ru": "Дом культуры", "en": "House of Culture"},
        "date": "2026-11-23",
        "opens_at": "09:00",
        "closes_at": "13:30",
        "status": status,
        "languages": ["kk", "ru", "en"],
        "priority_max_in_row": 2,
        "privileged_categories": privileged if categories else [],
        "topics": [{"code": "roads", "label": {"kk": "Жолдар", "ru": "Дороги", "en": "Roads"}}],
        "outcomes": [{"code": "explained", "label": {"kk": "Түсіндірілді", "ru": "Дано разъяснение",
                                                     "en": "Explained"}}],
        "timezone": "Asia/Almaty",
        "appeal_required": True,
        "ticker": "",
        "announce_languages": ["kk", "ru"],
        "public_url": "http://192.168.1.10:8080",
    }


def ticket_json(id: int, number: str, queue_id: int, **fields) -> dict:
    """A waiting ticket as the API sends it; ``fields`` override any of it."""
    return {
        "id": id, "number": number, "queue_id": queue_id, "visitor_id": 1, "status": "waiting",
        "with_other_official": False, "privileged": None, "position": 1, "people_ahead": 0,
        "eta_minutes": 0, "issued_at": "2026-11-23T10:15:02+05:00", "called_at": None,
        "started_at": None, "finished_at": None, "desk": None, "recalls": 0, "transfers": 0,
        "transfer_note": None, "language": "kk", **fields,
    }


def event(seq: int, event_type: str, **payload) -> ServerEvent:
    """A live event as the stream delivers it."""
    return ServerEvent(str(seq), event_type,
                       {"seq": seq, "type": event_type, "at": "2026-11-23T10:15:02+05:00", **payload})


def desk_json(desk_id: int, paused: bool = False, current_ticket: dict | None = None) -> dict:
    return {"id": desk_id, "name": str(desk_id), "queue_ids": [desk_id], "paused": paused,
            "has_pin": True, "logged_in": True, "current_ticket": current_ticket}


def appeal_json(appeal_id: int, ticket_id: int, **fields) -> dict:
    return {"id": appeal_id, "ticket_id": ticket_id, "queue_id": 1, "desk_id": 1,
            "topic": "roads", "summary": "Аула жолы бұзылған", "outcome": "explained",
            "deadline": None, "responsible_department": None, "citizen_name": None,
            "citizen_phone": None, "consent": False, "created_at": "2026-11-23T10:40:00+05:00",
            **fields}
