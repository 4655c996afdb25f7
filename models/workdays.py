"""Working days: not a weekend, not a Thai public/government holiday, not an extra holiday.

Pure functions: the extra holidays (rows of the ``holiday`` table) are passed in as a set. The
fiscal calendar (models/calendar.py) moves September's deadlines onto working days with these,
without the extra holidays; the reminder rules (scheduler/rules.py) count the extra holidays too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

MAX_SEARCH_DAYS = 60  # no stretch of non-working days is ever this long


@lru_cache(maxsize=32)
def thai_holidays(year: int) -> frozenset[date]:
    """Thai public and government holidays of a calendar (CE) year, from the `holidays` package."""
    calendar = holidays.country_holidays("TH", categories=("public", "government"), years=year)
    return frozenset(calendar.keys())


def thai_holiday_names(year: int) -> dict[date, str]:
    calendar = holidays.country_holidays("TH", categories=("public", "government"), years=year)
    return dict(calendar.items())


def is_working_day(day: date, extra: Iterable[date] = frozenset()) -> bool:
    if day.weekday() >= 5:
        return False
    if day in thai_holidays(day.year):
        return False
    return day not in set(extra)


def last_working_day_on_or_before(day: date, extra: Iterable[date] = frozenset()) -> date:
    extra = frozenset(extra)
    for back in range(MAX_SEARCH_DAYS):
        candidate = day - timedelta(days=back)
        if is_working_day(candidate, extra):
            return candidate
    raise ValueError(f"no working day within {MAX_SEARCH_DAYS} days before {day}")


def first_working_day_on_or_after(day: date, extra: Iterable[date] = frozenset()) -> date:
    return day if is_working_day(day, extra) else first_working_day_after(day, extra)


def first_working_day_after(day: date, extra: Iterable[date] = frozenset()) -> date:
    extra = frozenset(extra)
    for ahead in range(1, MAX_SEARCH_DAYS):
        candidate = day + timedelta(days=ahead)
        if is_working_day(candidate, extra):
            return candidate
    raise ValueError(f"no working day within {MAX_SEARCH_DAYS} days after {day}")


def working_days_before(deadline: date, n: int, extra: Iterable[date] = frozenset()) -> date:
    """The working day ``n`` working days before ``deadline`` (which need not be a working day)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    extra = frozenset(extra)
    day, found = deadline, 0
    for _ in range(MAX_SEARCH_DAYS * 2):
        day -= timedelta(days=1)
        if is_working_day(day, extra):
            found += 1
            if found == n:
                return day
    raise ValueError(f"not {n} working days within reach before {deadline}")
