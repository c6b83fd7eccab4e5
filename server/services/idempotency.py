"""A write that a client may repeat: run once per idempotency key, the first answer again after.

The engine's writes (kiosk, desks) and the register's answers use it alike.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import msgspec

from ..rules.errors import IdempotencyConflict
from ..storage import queries as q
from .unit_of_work import UnitOfWork, Work

CREATED, CHANGED, NOTHING = "created", "changed", "nothing"


@dataclass(frozen=True, slots=True)
class Result:
    """What a write did: its answer, and whether it created something new.

    ``body`` is None when there was nothing to do (no one to call), or the
    JSON of the first answer when an idempotent repeat returns it again.
    """

    body: msgspec.Struct | bytes | None
    created: bool = False

    @property
    def outcome(self) -> str:
        return CREATED if self.created else NOTHING if self.body is None else CHANGED


def fingerprint(*parts) -> str:
    return hashlib.sha256(msgspec.json.encode(parts, order="deterministic")).hexdigest()


def without_key(request: msgspec.Struct) -> msgspec.Struct:
    return msgspec.structs.replace(request, idempotency_key=None)


def ids_only(body: msgspec.Struct) -> dict:
    """AppealAnswer(appeal=Appeal(id=7, …)) → {"appeal": {"id": 7}}: what replay needs, no more."""
    return {name: {"id": getattr(body, name).id} for name in body.__struct_fields__}


def run_once(
    uow: UnitOfWork, scope: str, key: str | None, print_: str,
    action: Callable[[Work], Result],
    replay: Callable[[Work, bytes, bool], Result] | None = None,
) -> Result:
    """Run ``action`` once per key; a repeat gets the first result back.

    ``print_`` is the request's fingerprint: the same key with another
    request is refused. With ``replay``, the stored answer keeps only ids
    (``replay`` builds the answer again from them): an answer that carries
    personal data must not be copied into the idempotency table.
    """
    with uow.write() as work:
        if key:
            prior = q.idempotent_answer(work.tx, scope, key)
            if prior is not None:
                if prior["fingerprint"] != print_:
                    raise IdempotencyConflict(
                        "this idempotency key was already used for a different request")
                created = prior["outcome"] == CREATED
                if prior["outcome"] == NOTHING:
                    return Result(None)
                body = prior["body"].encode()
                return Result(body, created) if replay is None else replay(work, body, created)
        result = action(work)
        if key:
            stored = result.body if replay is None else ids_only(result.body)
            q.remember_answer(work.tx, scope, key, print_, result.outcome,
                              msgspec.json.encode(stored).decode())
        return result
