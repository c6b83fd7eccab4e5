"""A committed event as the log holds it: sequence number, type and its JSON."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    seq: int
    type: str
    # The event encoded once, for the log and for every stream.
    data_json: str
