"""A stub API and fake printers for the kiosk's unit and widget tests.

The stub keeps the one server rule the kiosk relies on: a repeated
idempotency key returns the first answer and issues nothing new.
"""

from __future__ import annotations

import itertools

from client.http import ApiError, ServerUnreachable
from client.models import IssueResult, Queue, Reception
from kiosk.printer import PrintFailed


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
        "opens_at": "2026-11-23T09:00:00+05:00",
        "closes_at": "2026-11-23T13:30:00+05:00",
        "status": status,
        "languages": ["kk", "ru", "en"],
        "privileged_categories": privileged if categories else [],
        "timezone": "Asia/Almaty",
    }


class StubApi:
    """An in-memory kiosk API with idempotent ticket issue."""

    def __init__(self, queues: list[dict] | None = None, reception: dict | None = None):
        self.reception_data = reception or reception_json()
        self.queue_data = queues if queues is not None else [queue_json(i) for i in range(len(OFFICIALS))]
        self.issued: dict[str, IssueResult] = {}
        self.issue_calls: list[dict] = []
        self.cancelled: list[tuple[int, str]] = []
        self.reception_calls = 0  # every GET of the day, answered or not
        self.queue_calls = 0  # every GET of the queues, answered or not
        self.unreachable = False
        self.lose_answers = 0  # issue, then pretend the answer was lost
        self.refuse_with: ApiError | None = None
        self._ids = itertools.count(100)
        self._numbers = {q["id"]: itertools.count(1) for q in self.queue_data}

    def reception(self) -> Reception:
        self.reception_calls += 1
        if self.unreachable:
            raise ServerUnreachable("stub is down")
        return Reception.from_json(self.reception_data)

    def queues(self) -> list[Queue]:
        self.queue_calls += 1
        if self.unreachable:
            raise ServerUnreachable("stub is down")
        return [Queue.from_json(q) for q in self.queue_data]

    def issue_tickets(self, queue_ids, language, privileged, idempotency_key) -> IssueResult:
        self.issue_calls.append({"queue_ids": list(queue_ids), "language": language,
                                 "privileged": privileged, "key": idempotency_key})
        if self.unreachable:
            raise ServerUnreachable("stub is down")
        if self.refuse_with is not None:
            raise self.refuse_with
        if idempotency_key not in self.issued:
            self.issued[idempotency_key] = self._issue(queue_ids)
        if self.lose_answers:
            self.lose_answers -= 1
            raise ServerUnreachable("answer lost")
        return self.issued[idempotency_key]

    def _issue(self, queue_ids) -> IssueResult:
        code = f"visitor{len(self.issued) + 1}"
        tickets = []
        for queue_id in queue_ids:
            queue = next(q for q in self.queue_data if q["id"] == queue_id)
            tickets.append({
                "id": next(self._ids), "number": f"{queue['prefix']}{next(self._numbers[queue_id]):03d}",
                "queue_id": queue_id, "status": "waiting", "position": queue["waiting"] + 1,
                "people_ahead": queue["waiting"], "eta_minutes": queue["eta_minutes"],
                "issued_at": "2026-11-23T10:15:02+05:00",
            })
        warnings = [{"queue_id": q["id"], "code": "may_not_be_reached"}
                    for q in self.queue_data if q["id"] in queue_ids and not q["likely_reached_before_close"]]
        return IssueResult.from_json({
            "visitor": {"code": code, "status_url": f"http://127.0.0.1:8080/t/{code}"},
            "tickets": tickets, "warnings": warnings,
        })

    def cancel_ticket(self, ticket_id, reason, idempotency_key=None):
        if self.unreachable:
            raise ServerUnreachable("stub is down")
        self.cancelled.append((ticket_id, reason))

    @property
    def all_tickets(self):
        return [t for result in self.issued.values() for t in result.tickets]


class FakePrinter:
    def __init__(self, fail_with: str | None = None, printed_before_failure: int = 0):
        self.fail_with = fail_with
        self.printed_before_failure = printed_before_failure
        self.jobs: list[list] = []
        self.languages: list[str] = []  # the language each job's labels were printed in

    def print(self, slips, tr) -> None:
        slips = list(slips)
        self.jobs.append(slips)
        self.languages.append(tr.language)
        if self.fail_with:
            raise PrintFailed(self.fail_with, "fake printer", self.printed_before_failure)
