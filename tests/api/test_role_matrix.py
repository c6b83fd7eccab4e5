"""Every operation of the served OpenAPI document against every role and none.

The pairs come from the document the server serves, which is generated from
contract.operations, so a new endpoint is checked without touching this file.
Each request is one the server refuses after its role check and before any
work (a malformed body, an id that does not exist, the operator's own desk),
so nothing changes and the answer says only whether the caller got past the
door: 401 without a token, 403 for a role the operation does not list, and
neither for a role it lists (or for anyone, where no token is needed).
"""

import re

from contract.operations import OPERATIONS
from tests.api.support import dump_db, expect_error, roles_of

ROLES = ("kiosk", "board", "operator", "admin", "department")
OWN_DESK = 1  # the operator's token is this desk's
MISSING_ID = "999999"


def _concrete(path: str) -> str:
    """The path with the operator's own desk and ids that do not exist."""
    path = path.replace("{desk_id}", str(OWN_DESK)).replace("{code}", "no-such-visitor")
    return re.sub(r"\{\w+\}", MISSING_ID, path)


def _request(api, method: str, operation: dict, url: str, token: str | None):
    if "requestBody" in operation:
        # Decoded after the role check: refused as bad input, so no work is done.
        return api.request(method, url, token=token, data=b"{", content_type="application/json")
    answer = api.request(method, url, token=token, buffered=False)
    answer.close()  # an event stream answers 200 and would never end
    return answer


def test_every_operation_answers_every_role_and_none_as_its_roles_say(api):
    document = api.get("/api/openapi.json").get_json()
    served = {(method.upper(), path): operation
              for path, methods in document["paths"].items()
              for method, operation in methods.items()}
    assert set(served) == {(op.method, op.path) for op in OPERATIONS}
    tokens = {**api.tokens, "operator": api.operator(OWN_DESK)}
    assert set(tokens) == set(ROLES)
    before = dump_db(api.db_path)
    pairs = 0
    for (method, path), operation in served.items():
        allowed = roles_of(operation)
        url = _concrete(path)
        for role in (None, *ROLES):
            answer = _request(api, method, operation, url, tokens.get(role))
            seen = (method, path, role, answer.status_code)
            if allowed and role is None:
                expect_error(answer, 401, "unauthorized")
            elif allowed and role not in allowed:
                expect_error(answer, 403, "forbidden")
            else:
                assert answer.status_code not in (401, 403), seen
                assert answer.status_code < 500, seen
            pairs += 1
    assert pairs == len(OPERATIONS) * (1 + len(ROLES))
    assert dump_db(api.db_path) == before
