"""Random JSON at the write endpoints: never a 500, and a refusal changes nothing."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.support import dump_db, expect_error

scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=False) | st.text(max_size=12))
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=10)
FIELDS = ["queue_ids", "language", "privileged", "idempotency_key", "queue_id", "pin", "open",
          "topic", "summary", "outcome", "deadline", "responsible_department", "citizen_name",
          "citizen_phone", "consent", "reason", "user", "password"]
# bodies shaped like the real ones, with values of any type
bodies = json_values | st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=5) | \
    st.fixed_dictionaries({"queue_ids": st.lists(scalars, max_size=3),
                           "language": st.sampled_from(["kk", "ru", "en", "xx"])})

ENDPOINTS = [
    ("POST", "/tickets", "kiosk"),
    ("POST", "/tickets/{called}/transfer", 1),
    ("POST", "/tickets/{called}/appeal", 1),
    ("POST", "/tickets/{called}/recall", 1),
    ("POST", "/tickets/{waiting}/cancel", "kiosk"),
    ("POST", "/desks/2/session", None),
    ("POST", "/admin/session", None),
    ("PATCH", "/queues/3", "admin"),
    ("POST", "/desks/2/call-next", 2),
    ("POST", "/desks/2/pause", 2),
]


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(endpoint=st.sampled_from(ENDPOINTS), body=bodies)
def test_random_bodies_never_break_the_server(api, endpoint, body):
    method, path, who = endpoint
    if not hasattr(api, "_fuzz_ids"):
        waiting = api.issue([1])["tickets"][0]["id"]
        called = api.issue([1])["tickets"][0]["id"]
        api.call_next(1)  # calls the first: swap so that "called" is at desk 1
        waiting, called = called, waiting
        api._fuzz_ids = {"called": called, "waiting": waiting}
        for desk_id in (1, 2):
            api.operator(desk_id)
    url = path.format(**api._fuzz_ids)
    kwargs = {"data": json.dumps(body), "content_type": "application/json"}
    if isinstance(who, int):
        kwargs["token"] = api.operator(who)
        role = None
    else:
        role = who
    before = dump_db(api.db_path, exclude=("tokens",), desk_columns_ignored=(
        "failed_pins", "locked_until"))
    answer = api.request(method, url, role, **kwargs)
    assert answer.status_code < 500, (url, body, answer.get_data(as_text=True))
    if answer.status_code >= 400:
        expect_error(answer, answer.status_code, answer.get_json()["error"])
        after = dump_db(api.db_path, exclude=("tokens",), desk_columns_ignored=(
            "failed_pins", "locked_until"))
        assert after == before, (url, body)
