"""A reception day played through the API minute by minute, and what its report must say.

The expected figures are worked out here by hand from the script's own clock
times (see the comments), not by the report's code: waits from joining a
queue to the first call there, service from "start" (or the call) to
"finish", counts for the queue a ticket was in when it happened.

Desks 1, 2 and 3 serve queues 1 (A), 2 (B) and 3 (C) of the sample day.
"""

from dataclasses import dataclass, field

from tests.api.support import Api

KAZAKH_SUMMARY = "Үйдің жылуы жоқ: ә, ғ, қ, ң, ө, ұ, ү, һ, і"
RUSSIAN_SUMMARY = "Прошу отремонтировать дорогу на улице Абая"


@dataclass
class Expected:
    """Minutes per official (by prefix) and the day's counts, from the script."""

    issued: dict[str, int]
    seen: dict[str, int]
    no_show: dict[str, int]
    transfers: dict[str, int]
    cancelled: dict[str, int]
    still_waiting: dict[str, int]
    waits: dict[str, list[float]]
    services: dict[str, list[float]]
    visitors: int
    hours: dict[str, tuple[int, int, int]]  # "10:00" → (arrivals, tickets, calls)
    topics: dict[str, int]
    outcomes: dict[str, int]
    register: list[str]  # ticket numbers of the appeals for follow-up, as recorded
    numbers: dict[str, int] = field(default_factory=dict)  # ticket number → id


class Script:
    def __init__(self, api: Api):
        self.api = api
        self.start = api.clock.now  # 10:00 on the reception day

    def at(self, clock: str) -> None:
        hours, minutes = map(int, clock.split(":"))
        target = self.start + ((hours - 10) * 60 + minutes) * 60
        assert target >= self.api.clock.now, f"the script goes back to {clock}"
        self.api.clock.advance(target - self.api.clock.now)

    def issue(self, *queue_ids: int) -> list[int]:
        return [t["id"] for t in self.api.issue(list(queue_ids), "kk")["tickets"]]

    def call(self, desk_id: int, expected_ticket: int) -> None:
        answer = self.api.call_next(desk_id)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        assert answer.get_json()["ticket"]["id"] == expected_ticket

    def act(self, desk_id: int, ticket_id: int, action: str, **body) -> None:
        answer = self.api.act(desk_id, ticket_id, action, json=body or None)
        assert answer.status_code in (200, 201), answer.get_data(as_text=True)


def play(api: Api) -> Expected:
    day = Script(api)
    t1, = day.issue(1)                                    # 10:00 V1 → A
    day.at("10:02")
    t2a, t2b = day.issue(1, 2)                            # V2 → A and B
    day.at("10:05")
    t3, = day.issue(2)                                    # V3 → B
    day.at("10:08")
    t4, = day.issue(3)                                    # V4 → C
    day.at("10:10")
    day.call(1, t1)                                       # A waits 10 (10:00 → 10:10)
    day.at("10:11")
    day.act(1, t1, "start")
    day.at("10:12")
    day.call(2, t2b)                                      # B waits 10 (10:02 → 10:12)
    day.at("10:13")
    day.act(2, t2b, "return")                             # late: back to its place
    day.at("10:15")
    day.call(2, t2b)                                      # called again: no second wait
    day.act(2, t2b, "start")
    day.at("10:16")
    day.call(3, t4)                                       # C waits 8 (10:08 → 10:16)
    day.at("10:17")
    day.act(3, t4, "transfer", queue_id=1)                # C → A; counts as C's transfer
    day.at("10:19")
    day.act(1, t1, "appeal", topic="heating", summary=KAZAKH_SUMMARY, outcome="resolved")
    day.act(1, t1, "finish")                              # A service 8 (10:11 → 10:19)
    day.call(1, t4)                                       # A waits 2 (10:17 → 10:19); V2 is at B
    day.at("10:20")
    day.act(1, t4, "start")
    day.act(2, t2b, "appeal", topic="water", summary=RUSSIAN_SUMMARY, outcome="explained")
    day.act(2, t2b, "finish")                             # B service 5 (10:15 → 10:20)
    day.at("10:21")
    day.act(2, t2b, "appeal", topic="heating", summary=RUSSIAN_SUMMARY, outcome="redirected",
            responsible_department="Облыстық энергетика басқармасы")  # corrected
    day.call(2, t3)                                       # B waits 16 (10:05 → 10:21)
    day.at("10:24")
    day.act(2, t3, "no-show")
    day.at("10:25")
    t5, = day.issue(3)                                    # V5 → C
    day.at("10:26")
    day.act(1, t4, "appeal", topic="roads", summary=RUSSIAN_SUMMARY, outcome="under_control",
            deadline="2026-12-20", responsible_department="Жол басқармасы",
            citizen_name="Әсел Нұрланқызы", citizen_phone="+7 701 123 45 67", consent=True)
    day.act(1, t4, "finish")                              # A service 6 (10:20 → 10:26)
    day.call(1, t2a)                                      # A waits 24 (10:02 → 10:26)
    day.at("10:30")
    day.act(1, t2a, "appeal", topic="heating", summary=KAZAKH_SUMMARY, outcome="under_control",
            deadline="2026-12-25", responsible_department="Тұрғын үй бөлімі")
    day.act(1, t2a, "finish")                             # never started: A service 4 (call → finish)
    day.at("10:31")
    t6, = day.issue(1)                                    # V6 → A, its print failed
    day.at("10:32")
    assert api.post(f"/tickets/{t6}/cancel", "kiosk", json={}).status_code == 200
    day.at("11:05")
    t7, = day.issue(3)                                    # V7 → C, still waiting at the end
    day.at("11:06")
    day.call(3, t5)                                       # C waits 41 (10:25 → 11:06)
    day.at("11:07")
    day.act(3, t5, "recall")
    day.at("11:08")
    day.act(3, t5, "start")
    day.at("11:20")
    day.act(3, t5, "appeal", topic="health", summary=KAZAKH_SUMMARY, outcome="explained")
    day.act(3, t5, "finish")                              # C service 12 (11:08 → 11:20)
    day.at("11:30")
    assert api.post("/reception/close", "admin").status_code == 200
    numbers = {api.ticket(t)["number"]: t for t in (t1, t2a, t2b, t3, t4, t5, t6, t7)}
    by_id = {ticket_id: number for number, ticket_id in numbers.items()}
    return Expected(
        issued={"A": 3, "B": 2, "C": 3},                  # A: t1 t2a t6; B: t2b t3; C: t4 t5 t7
        seen={"A": 3, "B": 1, "C": 1},                    # A: t1 t4 t2a; B: t2b; C: t5
        no_show={"A": 0, "B": 1, "C": 0},
        transfers={"A": 0, "B": 0, "C": 1},
        cancelled={"A": 1, "B": 0, "C": 0},
        still_waiting={"A": 0, "B": 0, "C": 1},
        waits={"A": [10, 2, 24], "B": [10, 16], "C": [8, 41]},
        services={"A": [8, 6, 4], "B": [5], "C": [12]},
        visitors=7,
        # 10:xx: V1–V6 took t1 t2a t2b t3 t4 t5 t6; calls t1 t2b t2b t4 t4(A) t3 t2a.
        # 11:xx: V7 took t7; call t5 (a recall is not a call).
        hours={"09:00": (0, 0, 0), "10:00": (6, 7, 7), "11:00": (1, 1, 1),
               "12:00": (0, 0, 0), "13:00": (0, 0, 0)},
        topics={"heating": 3, "roads": 1, "health": 1},  # t1, t2b (corrected), t2a; t4; t5
        outcomes={"resolved": 1, "explained": 1, "under_control": 2, "redirected": 1},
        register=[by_id[t2b], by_id[t4], by_id[t2a]],    # recorded at 10:20, 10:26, 10:30
        numbers=numbers,
    )
