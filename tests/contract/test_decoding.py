"""Request bodies decoded against the contract: readable refusals, never a crash."""

import json

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract import requests as rq
from contract.decoding import InvalidBody, decode
from contract.operations import OPERATIONS

SHAPES = sorted({op.body for op in OPERATIONS if op.body is not None}, key=lambda s: s.__name__)


@pytest.mark.parametrize("shape, body, message", [
    (rq.IssueTickets, {"queue_ids": [1], "language": "xx"}, "language must be one of kk, ru, en"),
    (rq.IssueTickets, {"queue_ids": [], "language": "kk"}, "queue_ids must not be empty"),
    (rq.IssueTickets, {"queue_ids": list(range(1, 12)), "language": "kk"},
     "at most 10 tickets per visit"),
    (rq.IssueTickets, {"queue_ids": ["a"], "language": "kk"}, "queue_ids[0] must be an integer"),
    (rq.IssueTickets, {"queue_ids": [0], "language": "kk"}, "queue_ids[0] is out of range"),
    (rq.IssueTickets, {"queue_ids": [2**70], "language": "kk"}, "queue_ids[0] is out of range"),
    (rq.IssueTickets, {"queue_ids": [1.5], "language": "kk"}, "queue_ids[0] must be an integer"),
    (rq.IssueTickets, {"language": "kk"}, "queue_ids is required"),
    (rq.IssueTickets, {"queue_ids": [1], "language": "kk", "x": 1}, "unknown field(s): x"),
    (rq.IssueTickets, [1], "request body must be a JSON object"),
    (rq.IssueTickets, {"queue_ids": [1], "language": "kk", "idempotency_key": " \f"},
     "idempotency_key must not be empty"),
    (rq.RecordAppeal, {"topic": "x", "summary": "s", "outcome": "resolved",
                       "citizen_phone": "call me"}, "citizen_phone is not a phone number"),
    (rq.RecordAppeal, {"topic": "x", "summary": "s", "outcome": "resolved",
                       "deadline": "tomorrow"}, "deadline must be a date like 2026-12-01"),
    (rq.RecordAppeal, {"topic": "x", "summary": "a" * 4001, "outcome": "resolved"},
     "summary is longer than 4000 characters"),
    (rq.SetQueueOpen, {"open": "yes"}, "open must be true or false"),
    (rq.DeskLogin, {"pin": ""}, "pin must not be empty"),
    (rq.Idempotent, {"a\nb`c": 1}, "unknown field(s): a\nb`c"),
])
def test_a_refusal_says_what_is_wrong_in_the_api_s_words(shape, body, message):
    with pytest.raises(InvalidBody) as refused:
        decode(json.dumps(body).encode(), shape)
    assert refused.value.message == message


def test_a_whole_number_written_as_a_float_is_an_integer():
    """JSON Schema, and so the OpenAPI document, counts 735.0 as the integer 735."""
    issued = decode(b'{"queue_ids": [735.0], "language": "kk"}', rq.IssueTickets)
    assert issued.queue_ids == [735]


def test_malformed_json_is_a_refusal_too():
    for raw in (b"{", b"\xff\xfe", b'{"queue_ids": [1,]}', b"NaN"):
        with pytest.raises(InvalidBody, match="not valid JSON"):
            decode(raw, rq.IssueTickets)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=400)
@given(shape=st.sampled_from(SHAPES), body=json_values)
def test_any_json_is_decoded_or_refused_with_a_message(shape, body):
    try:
        decoded = decode(json.dumps(body).encode(), shape)
    except InvalidBody as refused:
        assert refused.message and "\n" not in refused.message.split(":", 1)[0]
    else:
        assert isinstance(decoded, msgspec.Struct)


def test_blank_means_the_same_to_the_document_the_server_and_a_generator():
    """Only the six spaces named in the pattern make a text blank: Python counts
    \\x1c-\\x1f as \\s too, test-data generators do not, and schemathesis once
    sent "\\x1f" as a valid key the server refused."""
    from contract.fields import trimmed

    key = decode(b'{"queue_ids": [1], "language": "kk", "idempotency_key": "\\u001f"}',
                 rq.IssueTickets).idempotency_key
    assert key == "\x1f"
    assert trimmed(" \t\x1f\r\n") == "\x1f"
    with pytest.raises(InvalidBody, match="must not be empty"):
        decode(b'{"queue_ids": [1], "language": "kk", "idempotency_key": " \\t\\u000b"}',
               rq.IssueTickets)
