"""The reception day as the rules see it: its clock, its hours and its lists."""

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import msgspec

from contract.enums import Language, ReceptionStatus
from contract.views import Labelled, LocalText

_decode_text = msgspec.json.Decoder(LocalText).decode
_decode_labelled = msgspec.json.Decoder(list[Labelled]).decode
_decode_languages = msgspec.json.Decoder(list[Language]).decode


@dataclass(frozen=True)
class Day:
    title: LocalText
    venue: LocalText
    date: str
    opens_at: str
    closes_at: str
    timezone: str
    status: ReceptionStatus
    languages: list[Language]
    priority_max_in_row: int
    default_service_minutes: float
    public_url: str
    privileged_categories: list[Labelled]
    topics: list[Labelled]
    appeal_required: bool
    ticker: str
    announce_languages: list[Language]
    # A write stamps its events and answer with the same few moments: each is
    # turned into local time once (bounded: a day has many moments).
    _iso: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_row(cls, row) -> "Day":
        return cls(
            title=_decode_text(row["title"]),
            venue=_decode_text(row["venue"]) if row["venue"] else LocalText(kk="", ru="", en=""),
            date=row["date"],
            opens_at=row["opens_at"],
            closes_at=row["closes_at"],
            timezone=row["timezone"],
            status=ReceptionStatus(row["status"]),
            languages=_decode_languages(row["languages"]),
            priority_max_in_row=row["priority_max_in_row"],
            default_service_minutes=row["default_service_minutes"],
            public_url=row["public_url"].rstrip("/"),
            privileged_categories=_decode_labelled(row["privileged_categories"]),
            topics=_decode_labelled(row["topics"]),
            appeal_required=bool(row["appeal_required"]),
            ticker=row["ticker"],
            announce_languages=_decode_languages(row["announce_languages"]),
        )

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def iso(self, timestamp: float | None) -> str | None:
        if timestamp is None:
            return None
        text = self._iso.get(timestamp)
        if text is None:
            if len(self._iso) >= 4096:
                self._iso.clear()
            text = self._iso[timestamp] = datetime.fromtimestamp(
                timestamp, self.zone).isoformat(timespec="seconds")
        return text

    def _at(self, hhmm: str) -> float:
        clock = time.fromisoformat(hhmm)
        return datetime.combine(date.fromisoformat(self.date), clock, self.zone).timestamp()

    @property
    def closes_at_ts(self) -> float:
        return self._at(self.closes_at)

    @property
    def opens_at_ts(self) -> float:
        return self._at(self.opens_at)

    def local_day(self, timestamp: float) -> str:
        return datetime.fromtimestamp(timestamp, self.zone).date().isoformat()

    @property
    def privileged_codes(self) -> set[str]:
        return {c.code for c in self.privileged_categories}

    @property
    def topic_codes(self) -> set[str]:
        return {t.code for t in self.topics}

    def status_url(self, code: str) -> str:
        return f"{self.public_url}/t/{code}"
