"""Working days (the pure functions live in models/workdays.py: the fiscal calendar needs them
for September's deadlines in October; the reminder rules use them from here)."""

from models.workdays import (
    MAX_SEARCH_DAYS,
    first_working_day_after,
    first_working_day_on_or_after,
    is_working_day,
    last_working_day_on_or_before,
    thai_holiday_names,
    thai_holidays,
    working_days_before,
)

__all__ = [
    "MAX_SEARCH_DAYS",
    "first_working_day_after",
    "first_working_day_on_or_after",
    "is_working_day",
    "last_working_day_on_or_before",
    "thai_holiday_names",
    "thai_holidays",
    "working_days_before",
]
