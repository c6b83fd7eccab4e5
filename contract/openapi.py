"""The OpenAPI 3.1 document, generated from the operations and their Structs.

Schemas come from msgspec, so every type, limit and required field is the
one the server checks when it decodes a request. What depends on the day
(the codes of its topics and privileged categories) is filled in from the
vocabularies the server passes, so the served document lists exactly the
codes the server accepts that day.
"""

import msgspec

from . import events, requests, views
from .enums import Role
from .fields import IdempotencyKey
from .operations import OPERATIONS, PATH_PARAMETERS, Media, Operation

REF = "#/components/schemas/{name}"
VOCABULARY = "x-kezek-vocabulary"
ERROR_TEXT = {
    400: "Bad input: malformed JSON, a wrong type, an unknown field or value",
    401: "No valid token (missing, wrong, expired or revoked), or wrong credentials",
    403: "The token's role, desk or department may not do this",
    404: "No such desk, ticket, queue, visitor, appeal under control or link",
    409: "Not in this state: the day is closed, the desk is paused, the ticket has moved on,"
         " the appeal is already answered, or the idempotency key was used for another"
         " request",
    429: "Too many wrong PINs or passwords, or too many requests from this kiosk or address:"
         " refused for the given seconds (Retry-After)",
    503: "Not available now: every event-stream slot is taken (retry after the given"
         " seconds), no speech engine is installed, or the day's archive cannot be written",
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again",
                               "schema": {"type": "integer", "minimum": 0}}}


def document(version: str, vocabularies: dict[str, list[str]] | None = None) -> dict:
    """The whole document; ``vocabularies`` maps a day list's name to its codes."""
    schemas = _schemas()
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "Kezek API", "version": version,
                 "description": "On-site electronic queue for reception days. See docs/api.md."},
        "paths": _paths(),
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                role.value: {"type": "http", "scheme": "bearer",
                             "description": f"A token of the {role.value} role"}
                for role in Role
            },
        },
    }
    if vocabularies is not None:
        _fill_vocabularies(doc, vocabularies)
    return doc


def _shapes() -> list[type]:
    found: list[type] = [views.Error, *events.EVENTS]
    for op in OPERATIONS:
        if op.body is not None:
            found.append(op.body)
        found += [shape for shape in op.answers.values() if isinstance(shape, type)]
    return list(dict.fromkeys(found))


def _schemas() -> dict:
    shapes = _shapes()
    _, components = msgspec.json.schema_components(shapes, ref_template=REF)
    for shape in _request_shapes():  # nested ones too (a label's text inside a list)
        if shape.schema_rules and shape.__name__ in components:
            components[shape.__name__].update(shape.schema_rules)
    return components


def _request_shapes() -> list[type]:
    found, todo = [], [requests.Request]
    while todo:
        shape = todo.pop()
        found.append(shape)
        todo += shape.__subclasses__()
    return found


def _ref(shape: type) -> dict:
    return {"$ref": REF.format(name=shape.__name__)}


def _parameter_schema(annotated) -> dict:
    (schema,), _ = msgspec.json.schema_components([annotated], ref_template=REF)
    return schema


def _paths() -> dict:
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return paths


def _operation(op: Operation) -> dict:
    spec: dict = {"operationId": op.name, "summary": op.summary,
                  "security": [{role.value: []} for role in op.roles]}
    if op.description:
        spec["description"] = op.description
    parameters = [
        {"name": name, "in": "path", "required": True,
         "schema": _parameter_schema(PATH_PARAMETERS[name])}
        for name in op.path_parameters
    ]
    parameters += [{"name": q.name, "in": "query", "required": False, "schema": q.schema,
                    "description": q.description} for q in op.query]
    parameters += [{"name": h.name, "in": "header", "required": False, "schema": h.schema,
                    "description": h.description} for h in op.headers]
    if op.idempotent:
        parameters.append({
            "name": "Idempotency-Key", "in": "header", "required": False,
            "description": "The same as the body's idempotency_key; the header wins",
            "schema": _parameter_schema(IdempotencyKey),
        })
    if parameters:
        spec["parameters"] = parameters
    if op.body is not None:
        spec["requestBody"] = {"required": op.body_required,
                               "content": {"application/json": {"schema": _ref(op.body)}}}
    spec["responses"] = {str(status): _response(op, status) for status in op.statuses}
    return spec


def _response(op: Operation, status: int) -> dict:
    if status in op.answers:
        shape = op.answers[status]
        if shape is None:
            return {"description": "No content"}
        if isinstance(shape, Media):
            schema = shape.schema or {"type": "string",
                                      **({"format": "binary"} if shape.binary else {})}
            return {"description": shape.description,
                    "content": {shape.media_type: {"schema": schema}}}
        own_doc = shape.__dict__.get("__doc__") or shape.__name__
        return {"description": own_doc.strip().splitlines()[0],
                "content": {"application/json": {"schema": _ref(shape)}}}
    answer = {"description": ERROR_TEXT[status],
              "content": {"application/json": {"schema": _ref(views.Error)}}}
    if status in (429, 503):
        answer["headers"] = RETRY_AFTER
    return answer


def _fill_vocabularies(node, vocabularies: dict[str, list[str]]) -> None:
    """Put the day's codes as ``enum`` wherever a schema names one of its lists."""
    if isinstance(node, dict):
        name = node.get(VOCABULARY)
        if name in vocabularies:
            node["enum"] = list(vocabularies[name])
        for value in node.values():
            _fill_vocabularies(value, vocabularies)
    elif isinstance(node, list):
        for value in node:
            _fill_vocabularies(value, vocabularies)
