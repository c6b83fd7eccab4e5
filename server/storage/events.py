"""A committed event as the log holds it: sequence number, type and its JSON."""

from dataclasses import dataclass

import orjson


def encode_body(body: dict) -> str:
    """An event's data as stored in the log and sent on the streams: compact UTF-8 JSON."""
    return orjson.dumps(body).decode()


@dataclass(frozen=True)
class Event:
    seq: int
    type: str
    body: dict  # includes seq, type and at; what clients receive as data
    # The body encoded once, for the log and for every stream.
    data_json: str = ""

    def __post_init__(self):
        if not self.data_json:
            object.__setattr__(self, "data_json", encode_body(self.body))
