"""The OpenAPI 3.1 document, served at /api/openapi.json.

Tests check that every route is listed here and that real answers validate
against these schemas, so the document cannot drift from the server.
"""

from flask import Blueprint, current_app

openapi = Blueprint("openapi", __name__)

L10N = {"type": "object", "required": ["kk", "ru", "en"],
        "properties": {lang: {"type": "string"} for lang in ("kk", "ru", "en")}}
NULLABLE_STR = {"type": ["string", "null"]}
NULLABLE_INT = {"type": ["integer", "null"]}
DESK_REF = {"type": "object", "required": ["id", "name"],
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(name: str) -> dict:
    return {"oneOf": [_ref(name), {"type": "null"}]}


SCHEMAS = {
    "Error": {
        "type": "object", "required": ["error", "message"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                       "retry_after_seconds": {"type": "integer"}},
    },
    "Labelled": {
        "type": "object", "required": ["code", "label"],
        "properties": {"code": {"type": "string"}, "label": L10N},
    },
    "DeskRef": DESK_REF,
    "Reception": {
        "type": "object",
        "required": ["title", "date", "status", "languages", "opens_at", "closes_at",
                     "privileged_categories", "topics", "outcomes"],
        "properties": {
            "title": L10N, "venue": L10N, "date": {"type": "string", "format": "date"},
            "opens_at": {"type": "string"}, "closes_at": {"type": "string"},
            "timezone": {"type": "string"},
            "status": {"enum": ["planned", "open", "closed"]},
            "languages": {"type": "array", "items": {"enum": ["kk", "ru", "en"]}},
            "priority_max_in_row": {"type": "integer"},
            "privileged_categories": {"type": "array", "items": _ref("Labelled")},
            "topics": {"type": "array", "items": _ref("Labelled")},
            "outcomes": {"type": "array", "items": _ref("Labelled")},
        },
    },
    "Queue": {
        "type": "object",
        "required": ["id", "prefix", "official", "desk", "open", "waiting", "eta_minutes",
                     "likely_reached_before_close"],
        "properties": {
            "id": {"type": "integer"}, "prefix": {"type": "string"},
            "official": {"type": "object", "required": ["name", "position", "department"],
                         "properties": {"name": L10N, "position": L10N, "department": L10N}},
            "languages": {"type": "array", "items": {"type": "string"}},
            "desk": _nullable("DeskRef"),
            "desks": {"type": "array", "items": _ref("DeskRef")},
            "open": {"type": "boolean"}, "waiting": {"type": "integer"},
            "serving": {"type": "integer"}, "eta_minutes": {"type": "integer"},
            "likely_reached_before_close": {"type": "boolean"},
        },
    },
    "Ticket": {
        "type": "object",
        "required": ["id", "number", "queue_id", "status", "position", "eta_minutes",
                     "issued_at", "desk"],
        "properties": {
            "id": {"type": "integer"}, "number": {"type": "string"},
            "queue_id": {"type": "integer"}, "visitor_id": {"type": "integer"},
            "status": {"enum": ["waiting", "called", "serving", "done", "no_show", "cancelled"]},
            "with_other_official": {"type": "boolean"}, "privileged": NULLABLE_STR,
            "position": NULLABLE_INT, "people_ahead": NULLABLE_INT, "eta_minutes": NULLABLE_INT,
            "issued_at": {"type": "string"}, "called_at": NULLABLE_STR,
            "started_at": NULLABLE_STR, "finished_at": NULLABLE_STR,
            "desk": _nullable("DeskRef"), "recalls": {"type": "integer"},
            "transfers": {"type": "integer"}, "language": {"type": "string"},
            "queue": _ref("Queue"),
        },
    },
    "TicketAnswer": {"type": "object", "required": ["ticket"],
                     "properties": {"ticket": _ref("Ticket")}},
    "Desk": {
        "type": "object", "required": ["id", "name", "queue_ids", "paused", "current_ticket"],
        "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"},
            "queue_ids": {"type": "array", "items": {"type": "integer"}},
            "paused": {"type": "boolean"}, "has_pin": {"type": "boolean"},
            "logged_in": {"type": "boolean"},
            "current_ticket": _nullable("Ticket"),
        },
    },
    "Appeal": {
        "type": "object", "required": ["id", "ticket_id", "topic", "summary", "outcome"],
        "properties": {
            "id": {"type": "integer"}, "ticket_id": {"type": "integer"},
            "queue_id": {"type": "integer"}, "desk_id": NULLABLE_INT,
            "topic": {"type": "string"}, "summary": {"type": "string"},
            "outcome": {"enum": ["resolved", "explained", "under_control", "redirected"]},
            "deadline": NULLABLE_STR, "responsible_department": NULLABLE_STR,
            "citizen_name": NULLABLE_STR, "citizen_phone": NULLABLE_STR,
            "consent": {"type": "boolean"}, "created_at": {"type": "string"},
        },
    },
    "Call": {"type": "object", "required": ["desk", "ticket"],
             "properties": {"desk": _nullable("DeskRef"), "ticket": _ref("Ticket")}},
}

IDEMPOTENCY = {"idempotency_key": {"type": "string", "maxLength": 200}}


def _body(properties: dict, required: list[str] = (), extra=True) -> dict:
    schema = {"type": "object", "properties": {**properties, **(IDEMPOTENCY if extra else {})},
              "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return {"required": bool(required),
            "content": {"application/json": {"schema": schema}}}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _op(summary: str, roles, ok: dict, *, body=None, errors=(400, 401, 403, 404, 409),
        extra_responses=None) -> dict:
    operation = {"summary": summary, "x-roles": list(roles) if roles else [],
                 "responses": {**ok, **(extra_responses or {})}}
    if roles:
        operation["security"] = [{"bearer": []}]
    for status in errors:
        operation["responses"].setdefault(str(status), {"$ref": "#/components/responses/Error"})
    if body:
        operation["requestBody"] = body
    return operation


def _obj(required: list[str], **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


TICKET_LIST = {"type": "array", "items": _ref("Ticket")}
ANY = ["admin", "operator", "kiosk", "board"]
OPERATOR = ["operator"]
TICKET_ACTIONS = {
    "recall": "Call the ticket again (the board repeats the announcement)",
    "start": "The visitor has arrived at the desk",
    "finish": "The visit is over",
    "no-show": "The visitor did not come",
    "return": "Put the ticket back in its queue at its original place",
}

PATHS = {
    "/api/v1/health": {"get": _op("Liveness and version", None, {"200": _json(
        _obj(["status", "version"], status={"type": "string"}, version={"type": "string"}))},
        errors=())},
    "/api/v1/reception": {"get": _op("The reception day", ANY, {"200": _json(_ref("Reception"))})},
    "/api/v1/reception/open": {"post": _op("Open the day", ["admin"],
                                           {"200": _json(_ref("Reception"))})},
    "/api/v1/reception/close": {"post": _op("Close the day (no new tickets)", ["admin"],
                                            {"200": _json(_ref("Reception"))})},
    "/api/v1/queues": {"get": _op("Officials and services with waiting counts and ETA", ANY,
                                  {"200": _json(_obj(["queues"], queues={
                                      "type": "array", "items": _ref("Queue")}))})},
    "/api/v1/queues/{queue_id}": {"patch": _op(
        "Open or close a queue for new tickets", ["admin"], {"200": _json(_ref("Queue"))},
        body=_body({"open": {"type": "boolean"}}, ["open"], extra=False))},
    "/api/v1/tickets": {"post": _op(
        "Issue tickets for one visitor (one per chosen official)", ["kiosk"],
        {"201": _json(_obj(
            ["visitor", "tickets", "warnings"],
            visitor=_obj(["code", "status_url"], code={"type": "string"},
                         status_url={"type": "string"}),
            tickets=TICKET_LIST,
            warnings={"type": "array", "items": _obj(
                ["queue_id", "code"], queue_id={"type": "integer"}, code={"type": "string"})},
        ), "Issued")},
        body=_body({
            "queue_ids": {"type": "array", "items": {"type": "integer"}, "minItems": 1},
            "language": {"enum": ["kk", "ru", "en"]},
            "privileged": NULLABLE_STR,
        }, ["queue_ids", "language"]))},
    "/api/v1/tickets/{ticket_id}": {"get": _op(
        "A ticket with the visitor's other tickets and its appeal", ["operator", "admin"],
        {"200": _json(_obj(["ticket", "visitor_tickets", "appeal"], ticket=_ref("Ticket"),
                           visitor_tickets=TICKET_LIST, appeal=_nullable("Appeal")))})},
    "/api/v1/tickets/{ticket_id}/cancel": {"post": _op(
        "Withdraw a waiting ticket (its print failed)", ["kiosk", "admin"],
        {"200": _json(_ref("TicketAnswer"))},
        body=_body({"reason": {"type": "string"}}))},
    "/api/v1/tickets/{ticket_id}/transfer": {"post": _op(
        "Send the visitor to another official's queue at their original arrival time",
        OPERATOR, {"200": _json(_ref("TicketAnswer"))},
        body=_body({"queue_id": {"type": "integer"}}, ["queue_id"]))},
    "/api/v1/tickets/{ticket_id}/appeal": {"post": _op(
        "Record (or correct) the appeal of a received visitor", OPERATOR,
        {"201": _json(_obj(["appeal"], appeal=_ref("Appeal")), "Recorded"),
         "200": _json(_obj(["appeal"], appeal=_ref("Appeal")), "Corrected")},
        body=_body({
            "topic": {"type": "string"}, "summary": {"type": "string"},
            "outcome": {"enum": ["resolved", "explained", "under_control", "redirected"]},
            "deadline": {"type": ["string", "null"], "format": "date"},
            "responsible_department": NULLABLE_STR,
            "citizen_name": NULLABLE_STR, "citizen_phone": NULLABLE_STR,
            "consent": {"type": "boolean"},
        }, ["topic", "summary", "outcome"]))},
    "/api/v1/visitors/{code}": {"get": _op(
        "A visitor's tickets (public; the code is the secret)", None,
        {"200": _json(_obj(["code", "language", "tickets"], code={"type": "string"},
                           language={"type": "string"}, privileged=NULLABLE_STR,
                           reception=_ref("Reception"), tickets=TICKET_LIST))},
        errors=(404,))},
    "/api/v1/desks": {"get": _op("Every desk and its current ticket", ANY, {"200": _json(
        _obj(["desks"], desks={"type": "array", "items": _ref("Desk")}))})},
    "/api/v1/desks/{desk_id}": {"get": _op("One desk", ["operator", "admin"],
                                           {"200": _json(_ref("Desk"))})},
    "/api/v1/desks/{desk_id}/session": {"post": _op(
        "Log in at a desk with its PIN", None,
        {"201": _json(_obj(["token", "desk", "expires_at"], token={"type": "string"},
                           desk=_obj(["id", "name", "queue_ids"], id={"type": "integer"},
                                     name={"type": "string"},
                                     queue_ids={"type": "array", "items": {"type": "integer"}}),
                           expires_at={"type": "string"}), "Logged in")},
        body=_body({"pin": {"type": "string"}}, ["pin"], extra=False),
        errors=(400, 401, 404, 423))},
    "/api/v1/desks/{desk_id}/call-next": {"post": _op(
        "Finish the current visit and call the next eligible ticket", OPERATOR,
        {"200": _json(_obj(["ticket", "visitor_tickets", "reason"], ticket=_ref("Ticket"),
                           visitor_tickets=TICKET_LIST, reason={"type": "string"})),
         "204": {"description": "Nobody is eligible"}},
        body=_body({}))},
    "/api/v1/desks/{desk_id}/pause": {"post": _op("Pause the desk", OPERATOR, {"200": _json(
        _obj(["desk"], desk=_ref("Desk")))})},
    "/api/v1/desks/{desk_id}/resume": {"post": _op("Resume the desk", OPERATOR, {"200": _json(
        _obj(["desk"], desk=_ref("Desk")))})},
    "/api/v1/board": {"get": _op("Snapshot for the hall board", ["board", "admin"], {"200": _json(
        _obj(["reception", "current", "history", "queues", "last_event_id"],
             reception=_ref("Reception"),
             current={"type": "array", "items": _ref("Call")},
             history={"type": "array", "items": _ref("Call")},
             queues={"type": "array", "items": _ref("Queue")},
             last_event_id={"type": "integer"}))})},
    "/api/v1/events": {"get": _op(
        "Server-Sent Events; id = sequence number; resume with Last-Event-ID",
        ["board", "operator", "kiosk", "admin"],
        {"200": {"description": "An endless text/event-stream",
                 "content": {"text/event-stream": {"schema": {"type": "string"}}}}},
        errors=(400, 401, 403, 503))},
    "/api/v1/admin/session": {"post": _op(
        "Organiser login", None,
        {"201": _json(_obj(["token", "expires_at"], token={"type": "string"},
                           expires_at={"type": "string"}), "Logged in")},
        body=_body({"user": {"type": "string"}, "password": {"type": "string"}},
                   ["user", "password"], extra=False), errors=(400, 401, 423))},
    "/api/v1/reports/summary": {"get": _op("The day's figures", ["admin"], {"200": _json(
        _obj(["totals", "officials", "hourly_load", "top_topics", "follow_up"],
             totals={"type": "object"}, officials={"type": "array"},
             hourly_load={"type": "array"}, top_topics={"type": "array"},
             follow_up={"type": "array", "items": _ref("Appeal")}))})},
    "/api/v1/reports/appeals.csv": {"get": _op("The appeals as CSV", ["admin"], {"200": {
        "description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}})},
    "/api/v1/reports/appeals.xlsx": {"get": _op("The appeals as XLSX", ["admin"], {"200": {
        "description": "XLSX", "content": {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                "schema": {"type": "string", "format": "binary"}}}}})},
    "/api/openapi.json": {"get": _op("This document", None, {"200": _json({"type": "object"})},
                                     errors=())},
}

for _action, _summary in TICKET_ACTIONS.items():
    PATHS[f"/api/v1/tickets/{{ticket_id}}/{_action}"] = {"post": _op(
        _summary, OPERATOR, {"200": _json(_ref("TicketAnswer"))}, body=_body({}))}


def document(version: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Kezek API", "version": version,
                 "description": "On-site electronic queue. See docs/api.md."},
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "responses": {"Error": _json(_ref("Error"), "Error")},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


@openapi.get("/openapi.json")
def openapi_json():
    return document(current_app.config["KEZEK_VERSION"])
