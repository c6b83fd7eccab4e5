"""Helpers for the API tests: the test-client wrapper, database dumps, OpenAPI checks."""

import re
import sqlite3
from pathlib import Path

from server import __version__
from contract.openapi import document
from server.app import Services, create_app
from server.config import load_config
from tests.live import DEMO_PIN, DEPARTMENT, copy_db, seed_sample_day

ADMIN_USER = "organiser"
ADMIN_PASSWORD = "Сарыарқа-2026"

# Tables whose rows a refused request must leave exactly as they were.
STATE_TABLES = (
    "reception", "queues", "desks", "desk_queues", "counters", "visitors", "tickets",
    "appeals", "events", "tokens", "admins", "idempotency", "appeal_answers", "days", "register",
)


def dump_db(path, exclude=(), desk_columns_ignored=(), admin_columns_ignored=()) -> dict:
    """Every row of every state table, for before/after comparisons."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        out = {}
        for table in STATE_TABLES:
            if table in exclude:
                continue
            rows = [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
            ignored = {"desks": desk_columns_ignored, "admins": admin_columns_ignored}
            for row in rows:
                for column in ignored.get(table, ()):
                    row.pop(column, None)
            out[table] = rows
        return out
    finally:
        conn.close()


# -- OpenAPI validation ---------------------------------------------------

OPENAPI = document(__version__)


def roles_of(operation: dict) -> list[str]:
    """The roles an operation's ``security`` allows (one bearer scheme per role)."""
    return [name for requirement in operation["security"] for name in requirement]


def request_schema(operation: dict) -> dict:
    """The request body's schema, its reference followed."""
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    return OPENAPI["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]


def flask_path_to_openapi(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def response_schema(path: str, method: str, status: int, content_type: str = "application/json"):
    operation = OPENAPI["paths"][path][method.lower()]
    response = operation["responses"].get(str(status))
    assert response is not None, f"{method.upper()} {path}: status {status} is not documented"
    if "$ref" in response:
        name = response["$ref"].rsplit("/", 1)[-1]
        response = OPENAPI["components"]["responses"][name]
    content = response.get("content")
    if content is None:
        return None
    assert content_type in content, f"{method} {path} {status}: {content_type} not documented"
    return content[content_type]["schema"]


def validate_schema(instance, schema) -> None:
    from jsonschema import Draft202012Validator, FormatChecker

    # Inline the components so that "#/components/..." refs resolve.
    full = {**schema, "components": OPENAPI["components"]}
    validator = Draft202012Validator(full, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "\n".join(
        f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def check_openapi(response, path: str, method: str) -> None:
    """The answer's status is documented for this operation and its body fits the schema."""
    status = response.status_code
    ctype = (response.headers.get("Content-Type") or "").split(";")[0].strip()
    if status == 204:
        response_schema(path, method, status)
        assert not response.get_data()
        return
    schema = response_schema(path, method, status, ctype)
    if ctype == "application/json":
        validate_schema(response.get_json(), schema)


# -- the app fixture -----------------------------------------------------

class Api:
    """A Flask test client with the day's credentials and some shortcuts."""

    prefix = "/api/v1"

    def __init__(self, app, db_path: Path, tokens: dict, pins: dict, clock):
        self.app = app
        self.client = app.test_client()
        self.db_path = db_path
        self.tokens = dict(tokens)
        self.pins = dict(pins)
        self.clock = clock
        self._operators: dict[int, str] = {}

    @property
    def services(self) -> Services:
        return self.app.extensions["kezek"]

    def _headers(self, role=None, token=None, headers=None) -> dict:
        out = dict(headers or {})
        token = token or (self.tokens[role] if role else None)
        if token is not None:
            out["Authorization"] = f"Bearer {token}"
        return out

    def request(self, method, path, role=None, token=None, headers=None, **kwargs):
        url = path if path.startswith("/api/") or path.startswith("/t/") else self.prefix + path
        return self.client.open(url, method=method,
                                headers=self._headers(role, token, headers), **kwargs)

    def get(self, path, role=None, **kwargs):
        return self.request("GET", path, role, **kwargs)

    def post(self, path, role=None, **kwargs):
        return self.request("POST", path, role, **kwargs)

    def patch(self, path, role=None, **kwargs):
        return self.request("PATCH", path, role, **kwargs)

    # -- shortcuts ------------------------------------------------------
    def operator(self, desk_id: int) -> str:
        """An operator token for the desk, logged in through the API (cached)."""
        if desk_id not in self._operators:
            answer = self.post(f"/desks/{desk_id}/session", json={"pin": self.pins[desk_id]})
            assert answer.status_code == 201, answer.get_json()
            self._operators[desk_id] = answer.get_json()["token"]
        return self._operators[desk_id]

    def desk(self, method, desk_id, path, **kwargs):
        """A request with the operator token of ``desk_id``."""
        return self.request(method, path, token=self.operator(desk_id), **kwargs)

    def issue(self, queue_ids, language="ru", status=201, **extra) -> dict:
        body = {"queue_ids": list(queue_ids), "language": language, **extra}
        answer = self.post("/tickets", "kiosk", json=body)
        assert answer.status_code == status, answer.get_json()
        return answer.get_json()

    def call_next(self, desk_id, **kwargs):
        return self.desk("POST", desk_id, f"/desks/{desk_id}/call-next", **kwargs)

    def act(self, desk_id, ticket_id, action, **kwargs):
        return self.desk("POST", desk_id, f"/tickets/{ticket_id}/{action}", **kwargs)

    def ticket(self, ticket_id) -> dict:
        answer = self.get(f"/tickets/{ticket_id}", "admin")
        assert answer.status_code == 200
        return answer.get_json()["ticket"]

    def dump(self, **kwargs) -> dict:
        return dump_db(self.db_path, **kwargs)

    def db(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.db_path)
        conn.row_factory = sqlite3.Row
        return conn


def day_clock(db_path: Path):
    """A FakeClock at 10:00 on the reception day stored in the file.

    Taken from the file rather than from "today", so that a run crossing
    midnight in Almaty (19:00 UTC) does not put the clock on another day.
    """
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.conftest import FakeClock

    conn = sqlite3.connect(db_path)
    try:
        date, zone = conn.execute("SELECT date, timezone FROM reception").fetchone()
    finally:
        conn.close()
    start = datetime.fromisoformat(f"{date}T10:00:00").replace(tzinfo=ZoneInfo(zone))
    return FakeClock(start.timestamp())


def make_app(db_path: Path, clock, **settings):
    config = load_config(db_path=str(db_path), env={}, keepalive_seconds=0.2, **settings)
    app = create_app(config, clock=clock)
    app.testing = True
    return app


def expect_error(response, status: int, code: str) -> dict:
    """A JSON ``{error, message}`` answer with this status and code."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == "application/json", response.mimetype
    body = response.get_json()
    assert isinstance(body, dict)
    assert body.get("error") == code, body
    assert isinstance(body.get("message"), str) and body["message"], body
    validate_schema(body, {"$ref": "#/components/schemas/Error"})
    return body


def assert_unchanged(api: Api, call, **dump_kwargs):
    """Run ``call()`` and check that no row of the state tables changed."""
    before = api.dump(**dump_kwargs)
    response = call()
    after = api.dump(**dump_kwargs)
    for table in before:
        assert before[table] == after[table], f"table {table} changed"
    return response


# -- live server with extra desks --------------------------------------

def seed_live_day(db_path: Path, template: tuple | None = None,
                  extra_desks_for_queue: dict | None = None) -> dict:
    """The sample day (a copy of ``template`` if given) plus extra desks with the
    demo PIN serving the given queues."""
    if template is None:
        seeded = seed_sample_day(db_path)
    else:
        copy_db(template[0], db_path)
        seeded = {"tokens": dict(template[1]["tokens"]), "pins": dict(template[1]["pins"])}
    if extra_desks_for_queue:
        conn = sqlite3.connect(db_path)
        try:
            # every sample desk has the demo PIN: reuse its hash (scrypt is slow)
            pin_hash = conn.execute("SELECT pin_hash FROM desks WHERE id = 1").fetchone()[0]
            assert pin_hash
            for queue_id, count in extra_desks_for_queue.items():
                for n in range(count):
                    desk_id = conn.execute("INSERT INTO desks (name, pin_hash) VALUES (?, ?)",
                                           (f"{queue_id}-{n + 2}", pin_hash)).lastrowid
                    conn.execute("INSERT INTO desk_queues (desk_id, queue_id) VALUES (?, ?)",
                                 (desk_id, queue_id))
                    seeded["pins"][desk_id] = DEMO_PIN
            conn.commit()
        finally:
            conn.close()
    return seeded




# -- Server-Sent Events ----------------------------------------------------

def parse_sse_frames(text: str) -> tuple[list[dict], str]:
    """Complete frames in ``text`` (events only, comments dropped) and the rest."""
    import json

    events = []
    while "\n\n" in text:
        frame, text = text.split("\n\n", 1)
        fields: dict = {}
        for line in frame.split("\n"):
            if not line or line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            fields[name] = value[1:] if value.startswith(" ") else value
        if "data" in fields:  # the board and visitor streams' messages may carry no id
            events.append({"id": int(fields["id"]) if "id" in fields else None,
                           "event": fields.get("event"), "data": json.loads(fields["data"])})
    return events, text


def read_sse(response, count: int, timeout: float = 5.0) -> list[dict]:
    """Read ``count`` events from a streaming test-client response, then close it."""
    import time

    deadline = time.monotonic() + timeout
    buffer, events = "", []
    try:
        for chunk in response.response:
            buffer += chunk.decode() if isinstance(chunk, bytes) else chunk
            fresh, buffer = parse_sse_frames(buffer)
            events.extend(fresh)
            if len(events) >= count or time.monotonic() > deadline:
                break
    finally:
        response.close()
    return events


# -- appeals under control ---------------------------------------------------

def reception_date(api: Api):
    """The reception's date as the file holds it (the sample day is "today")."""
    from datetime import date

    return date.fromisoformat(api.get("/reception", "admin").get_json()["date"])


def days_after(api: Api, days: int) -> str:
    """The reception's date plus ``days``, as a deadline is written."""
    from datetime import timedelta

    return (reception_date(api) + timedelta(days=days)).isoformat()


def under_control(api: Api, desk_id: int = 1, department: str = DEPARTMENT, days: int = 14,
                  summary: str = "Подъезд не отапливается с ноября", **extra) -> dict:
    """A visitor received at ``desk_id`` (which serves the queue of the same id) whose
    appeal is taken under control for ``department``, due ``days`` after the reception."""
    ticket_id = api.issue([desk_id])["tickets"][0]["id"]
    assert api.call_next(desk_id).get_json()["ticket"]["id"] == ticket_id
    answer = api.act(desk_id, ticket_id, "appeal", json={
        "topic": "heating", "summary": summary, "outcome": "under_control",
        "deadline": days_after(api, days), "responsible_department": department, **extra})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["appeal"]
