"""What the bench does and for how long; ``quick()`` is the smoke-test size."""

from dataclasses import asdict, dataclass, replace


@dataclass(frozen=True)
class Params:
    kiosks: int = 20
    desks: int = 30
    # Streams open during the latency and throughput phases: one per kiosk
    # and one per desk console, as on a real day.
    subscribers: int = 50
    event_subscribers: int = 200     # call → event latency is measured across these
    held_subscribers: int = 500      # streams held while writes must still answer
    # Visitors' phones following their tickets (/visitors/<code>/events) in the
    # last phase, beside the first phase's streams; the held streams are closed.
    phone_subscribers: int = 500
    max_streams: int = 600           # the server's --max-streams
    # Processes reading the streams, apart from the one sending the writes, so
    # stream parsing never delays a write being timed.
    subscriber_processes: int = 2
    paced_seconds: float = 15.0      # latency phase (open loop, fixed rates)
    closed_seconds: float = 15.0     # throughput phase (closed loop, as fast as answers come)
    warmup_seconds: float = 2.0      # start of the closed loop left out of the rate
    event_seconds: float = 15.0
    held_seconds: float = 15.0
    phones_seconds: float = 15.0
    kiosk_interval: float = 1.0      # paced phases: one issue per kiosk per second
    desk_interval: float = 0.5       # paced phases: one call-next or finish per desk every 0.5 s
    backlog_cap: int = 260           # waiting tickets kept at most (20 per sample queue)
    render_repeats: int = 50
    announcements: int = 20          # calls voiced one at a time, half of them rendered ahead
    report_tickets: int = 3000       # the day whose report is timed (HTML, PDF)
    # The whole day at scale (bench/hall_day.py), on a fresh day and server of its own:
    day_tickets: int = 3000
    day_streams: int = 40            # the desks' consoles and the hall's boards...
    day_phones: int = 460            # ...and visitors' phones: 500 subscribers
    day_crowd: int = 300             # visitors at the door at opening, half with their phones
    day_no_show_share: float = 0.05
    day_real_hours: float = 9.0      # a public service hall's opening hours
    day_limit_seconds: float = 300.0
    seed: int = 2026

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Params":
        return cls(**data)

    @property
    def expected_seconds(self) -> float:
        return (self.paced_seconds + self.closed_seconds + self.event_seconds
                + self.held_seconds + self.phones_seconds)


def quick() -> Params:
    """A few seconds and a handful of streams: proves the machinery, not the targets."""
    return replace(
        Params(), kiosks=3, desks=4, subscribers=3, event_subscribers=5, held_subscribers=8,
        phone_subscribers=6, max_streams=20, paced_seconds=1.5, closed_seconds=2.0,
        warmup_seconds=0.5, event_seconds=1.5, held_seconds=1.5, phones_seconds=1.5, kiosk_interval=0.3, desk_interval=0.2,
        backlog_cap=40, render_repeats=3, announcements=4, report_tickets=200,
        day_tickets=120, day_streams=4, day_phones=4, day_crowd=6, day_limit_seconds=60.0,
    )
