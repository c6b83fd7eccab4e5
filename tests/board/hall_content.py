"""Real :class:`contract.views.Board` contents for the board's tests, as the server sends them.

Each is built from the JSON shape and converted with msgspec, so a content
that the contract would refuse cannot be built here either.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec

from contract.views import Board, BoardCall, BoardTile

NOW = datetime.fromisoformat("2026-12-01T10:00:00+05:00")
PREFIXES = "ABCDEFGHJKLMNPRSTUVWXYZ"
# Officials of a hall, some with long names and positions: what a tile must elide.
OFFICIALS = [
    ("Серік Ахметов", "Серик Ахметов"),
    ("Айгүл Нұрланова", "Айгуль Нурланова"),
    ("Марат Есенов", "Марат Есенов"),
    ("Гүлнар Сейітова", "Гульнар Сеитова"),
    ("Жанқожа Мұхаммедқалиұлы Әбдірахманов", "Жанкожа Мухаммедкалиевич Абдрахманов"),
    ("Әсел Төлеуқызы", "Асель Толеуовна"),
    ("Ерлан Қуанышбеков", "Ерлан Куанышбеков"),
    ("Өмірзақ Үмбетәлиев", "Омирзак Умбеталиев"),
]
TITLE = {
    "kk": "Сарыарқа облысы әкімінің азаматтарды көшпелі қабылдауы",
    "ru": "Выездной приём граждан акимом Сарыаркинской области",
    "en": "Outreach reception of citizens by the akim of Saryarka region",
}


def moment(seconds_from_now: float = 0.0, now: datetime = NOW) -> str:
    return (now + timedelta(seconds=seconds_from_now)).isoformat()


def text(kk: str, ru: str, en: str | None = None) -> dict:
    return {"kk": kk, "ru": ru, "en": en or ru}


def reception(ticker: str = "", announce_languages=("kk", "ru")) -> dict:
    return {
        "title": TITLE, "venue": text("Мәдениет үйі", "Дом культуры", "House of Culture"),
        "date": "2026-12-01", "opens_at": "09:00", "closes_at": "13:30", "timezone": "Asia/Almaty",
        "status": "open", "languages": ["kk", "ru", "en"], "priority_max_in_row": 2,
        "privileged_categories": [], "topics": [], "outcomes": [], "appeal_required": True,
        "ticker": ticker, "announce_languages": list(announce_languages),
        "public_url": "http://192.168.1.10:8080",
    }


def number(desk: int, count: int) -> str:
    return f"{PREFIXES[(desk - 1) % len(PREFIXES)]}{count:03d}"


def call(seq: int, desk: int, count: int = 1, age: float = 0.0, recall: bool = False,
         desk_name: str | None = None, now: datetime = NOW) -> dict:
    """A call of ticket ``number(desk, count)`` to ``desk``, ``age`` seconds before ``now``."""
    return {"seq": seq, "at": moment(-age, now), "ticket_id": desk * 1000 + count,
            "number": number(desk, count), "queue_id": desk, "desk": {"id": desk, "name": desk_name or str(desk)},
            "recall": recall, "audio": f"/api/v1/board/announcements/{seq}"}


def queue(desk: int, waiting: int = 0) -> dict:
    kk, ru = OFFICIALS[(desk - 1) % len(OFFICIALS)]
    return {"id": desk, "prefix": PREFIXES[(desk - 1) % len(PREFIXES)], "waiting": waiting,
            "official": {"name": text(kk, ru), "position": text("Басқарма басшысы", "Руководитель управления"),
                         "department": text("Басқарма", "Управление")}}


def tile(desk: int, called: dict | None = None, *, highlighted: bool = False, waiting: int = 0,
         open_: bool = True, paused: bool = False, serving: bool = False, likely_next: str | None = None,
         desk_name: str | None = None) -> dict:
    return {"desk": {"id": desk, "name": desk_name or str(desk)}, "queues": [queue(desk, waiting)],
            "open": open_ and not paused, "paused": paused, "call": called, "serving": serving,
            "highlighted": highlighted, "waiting": waiting, "likely_next": likely_next}


def board(tiles: list[dict], *, calls: list[dict] = (), newest: dict | None = None, announce: list[dict] = (),
          now: datetime = NOW, ticker: str = "", last_event_id: int = 1, highlight_seconds: int = 60,
          announce_seconds: int = 60, announce_languages=("kk", "ru")) -> Board:
    """A content: ``calls`` newest first are the history."""
    return msgspec.convert({
        "reception": reception(ticker, announce_languages), "now": now.isoformat(),
        "highlight_seconds": highlight_seconds, "tiles": tiles, "newest": newest, "history": list(calls),
        "announce": list(announce), "announce_seconds": announce_seconds, "queues": [],
        "last_event_id": last_event_id,
    }, Board)


def busy_hall(desks: int, now: datetime = NOW, ticker: str = "") -> Board:
    """``desks`` desks of a busy morning: calls and visits, a pause, a closed desk, one call just made.

    The newest call is to desk 2 (highlighted); the history holds every desk's call, newest first.
    """
    tiles, calls = [], []
    for desk in range(1, desks + 1):
        seq = desk * 3
        if desk == 3:
            tiles.append(tile(desk, paused=True, waiting=4))
        elif desk == desks and desks > 4:
            tiles.append(tile(desk, open_=False, waiting=0))
        elif desk == 4:
            tiles.append(tile(desk, waiting=0))
        else:
            made = call(seq, desk, count=10 + desk, age=400 - desk * 10, now=now)
            tiles.append(tile(desk, made, serving=desk != 2, waiting=desk % 7 + (12 if desk == 1 else 0),
                              likely_next=number(desk, 11 + desk)))
            calls.append(made)
    newest = call(900, 2, count=13, age=5, now=now)
    tiles[1] = tile(2, newest, highlighted=True, waiting=3, likely_next=number(2, 14))
    calls = [newest] + sorted(calls, key=lambda c: c["seq"], reverse=True)[:11]
    return board(tiles, calls=calls, newest=newest, announce=[newest], now=now, ticker=ticker,
                 last_event_id=900)


def as_event_data(content: Board) -> dict:
    """The JSON of a board stream message, decoded as the event reader decodes it."""
    return msgspec.to_builtins(content)


__all__ = ["Board", "BoardCall", "BoardTile", "NOW", "board", "busy_hall", "call", "moment", "tile", "number",
           "as_event_data"]
