"""The one clock of the app.

Code takes ``now`` as a parameter; the edges (webhook, CLI, scheduler) ask this module for it.
``TIDTAM_NOW`` (an ISO datetime) makes the whole app act as if it were that moment.
Everything is stored in UTC and shown in Asia/Bangkok.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")


def parse_moment(text: str) -> datetime:
    """Parse an ISO date or datetime; a naive value is taken as Bangkok time. Returns UTC."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        value = value.replace(tzinfo=BANGKOK)
    return value.astimezone(UTC)


class Clock:
    """Returns the current moment in UTC, or a fixed moment when one is configured."""

    def __init__(self, fixed: str | datetime | None = None):
        if isinstance(fixed, str):
            fixed = parse_moment(fixed) if fixed.strip() else None
        self._fixed = fixed.astimezone(UTC) if fixed is not None else None
        self._started = datetime.now(UTC)

    @property
    def fixed(self) -> datetime | None:
        return self._fixed

    def now(self) -> datetime:
        if self._fixed is None:
            return datetime.now(UTC)
        # A fixed clock still moves forward, so that timestamps stay ordered in a demo.
        return self._fixed + (datetime.now(UTC) - self._started)


def to_bangkok(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BANGKOK)
