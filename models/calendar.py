"""The fiscal calendar: fiscal years, reporting periods, windows, quarters, deadlines, Thai dates.

A Thai fiscal year runs 1 Oct – 30 Sep and is named by the Buddhist Era (BE) year in which it
ends: FY2570 = 1 Oct 2569 – 30 Sep 2570 BE = 1 Oct 2026 – 30 Sep 2027.

A *period* is one reporting month, written as the first day of that month. Results are counted
up to the cut-off day; the first reporting month of a year folds in the months before it, so in
FY2570 with first month December the first report covers 1 Oct – 20 Dec 2569.

September is the last month of the year: its results run to 30 September, so its deadlines
fall in October (setting ``september_deadline_day``, the offices' day in October, default 5;
divisions and central follow with the same gaps as in the other months: 7 and 10 October), each
moved onto a working day. The year end has its own dates (seed 001): the annual report within
45 days after 30 September, each project's year-end book within 30 days (``year_end_deadlines``).

Every function here is pure: dates in, dates out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal, Protocol

from babel.dates import format_date

from models.workdays import first_working_day_after, first_working_day_on_or_after

BE_OFFSET = 543
LOCALE = "th"
# "division_report": a division reporting its own work as a unit (#22; its own deadline, the 27th).
Tier = Literal["office", "division", "central", "division_report"]


class HasCalendarSettings(Protocol):
    """A FiscalYear row, or anything with the same attributes."""

    @property
    def cutoff_day(self) -> int: ...
    @property
    def office_deadline_day(self) -> int: ...
    @property
    def division_deadline_day(self) -> int: ...
    @property
    def central_deadline_day(self) -> int: ...
    @property
    def first_report_month(self) -> int: ...
    @property
    def division_report_day(self) -> int: ...
    @property
    def september_deadline_day(self) -> int: ...


@dataclass(frozen=True)
class CalendarSettings:
    cutoff_day: int = 20
    office_deadline_day: int = 20
    division_deadline_day: int = 22
    central_deadline_day: int = 25
    first_report_month: int = 12
    division_report_day: int = 27
    september_deadline_day: int = 5  # the offices' deadline for September, a day of October
    annual_report_days: int = 45  # the year's report: within this many days after 30 September
    year_end_book_days: int = 30  # each project's year-end book: within this many days

    @classmethod
    def of(cls, fiscal_year: HasCalendarSettings) -> CalendarSettings:
        """Settings of a FiscalYear row (or anything with the same attributes)."""
        return cls(
            cutoff_day=fiscal_year.cutoff_day,
            office_deadline_day=fiscal_year.office_deadline_day,
            division_deadline_day=fiscal_year.division_deadline_day,
            central_deadline_day=fiscal_year.central_deadline_day,
            first_report_month=fiscal_year.first_report_month,
            division_report_day=fiscal_year.division_report_day,
            september_deadline_day=fiscal_year.september_deadline_day,
        )

    def deadline_day(self, tier: Tier) -> int:
        return {
            "office": self.office_deadline_day,
            "division": self.division_deadline_day,
            "central": self.central_deadline_day,
            "division_report": self.division_report_day,
        }[tier]


DEFAULT_SETTINGS = CalendarSettings()


# --- years and months -------------------------------------------------------------------------


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def fiscal_year_of(day: date) -> int:
    """The BE fiscal year a date belongs to."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(year_be: int) -> tuple[date, date]:
    end_ce = ce_year(year_be)
    return date(end_ce - 1, 10, 1), date(end_ce, 9, 30)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def fiscal_months(year_be: int) -> list[date]:
    """The twelve months of a fiscal year, October first."""
    start, _ = fiscal_year_bounds(year_be)
    return [add_months(start, i) for i in range(12)]


def _fiscal_index(month: int) -> int:
    """Position of a calendar month inside a fiscal year: October = 0 … September = 11."""
    return (month - 10) % 12


def periods_of(year_be: int, settings: CalendarSettings = DEFAULT_SETTINGS) -> list[date]:
    """The reporting periods of a fiscal year: the first reporting month through September."""
    first = _fiscal_index(settings.first_report_month)
    return fiscal_months(year_be)[first:]


def period_of_month(day: date, settings: CalendarSettings = DEFAULT_SETTINGS) -> date:
    """The period a calendar month is reported in (months before the first one fold into it)."""
    year_be = fiscal_year_of(day)
    periods = periods_of(year_be, settings)
    month = month_start(day)
    return month if month >= periods[0] else periods[0]


def reporting_period_at(
    day: date,
    settings: CalendarSettings = DEFAULT_SETTINGS,
    ending: CalendarSettings | None = None,
    *,
    year_end: bool = True,
) -> date:
    """The period being reported on a given day: the earliest whose central deadline has not passed.

    A month's cycle ends on the central deadline (the 25th by default): until then offices report
    (late after their own deadline), divisions review and central consolidates that month; from the
    day after, everyone works on the next month. September's deadlines are in October: all of
    September works on September, and so does October up to September's central deadline, by
    ``ending``, the settings of the year that ended on 30 September (default: ``settings``);
    ``year_end=False`` when that year is not known.
    """
    month = month_start(day)
    if month.month == 9:
        return month
    if year_end and month.month in (10, 11):
        september = date(day.year, 9, 1)
        if day <= deadline(september, "central", ending or settings):
            return september
    if day.day > settings.central_deadline_day:
        month = add_months(month, 1)
    return period_of_month(month, settings)


def previous_period(period: date, settings: CalendarSettings = DEFAULT_SETTINGS) -> date | None:
    """The period before this one in the same fiscal year, or None for the first."""
    periods = periods_of(fiscal_year_of(period), settings)
    index = periods.index(period)
    return periods[index - 1] if index > 0 else None


def window(period: date, settings: CalendarSettings = DEFAULT_SETTINGS) -> tuple[date, date]:
    """The days whose results a period covers, both ends included. The last period of a fiscal
    year runs to the year's last day (30 Sep), so every day of the year is in exactly one window."""
    year_start = fiscal_year_bounds(fiscal_year_of(period))[0]
    before = previous_period(period, settings)
    start = year_start if before is None else _cutoff(before, settings) + timedelta(days=1)
    return start, _cutoff(period, settings)


def _cutoff(period: date, settings: CalendarSettings) -> date:
    """The last day a period's window covers: its cut-off day, or 30 Sep for September."""
    year_end = fiscal_year_bounds(fiscal_year_of(period))[1]
    return year_end if month_start(year_end) == period else period.replace(day=settings.cutoff_day)


def deadline(period: date, tier: Tier, settings: CalendarSettings = DEFAULT_SETTINGS) -> date:
    if period.month == 9:
        return september_deadlines(period.year, settings)[tier]
    return period.replace(day=settings.deadline_day(tier))


@lru_cache(maxsize=256)
def september_deadlines(ce_year: int, settings: CalendarSettings) -> dict[Tier, date]:
    """September's deadlines, in October: the offices' on ``september_deadline_day``, divisions and
    central after it with the gaps of the other months (20 → 22 → 25: 5 → 7 → 10 October), each on
    the first working day on or after it (weekends and Thai public holidays), in that order; a
    division's own work keeps its gap as well."""
    office = date(ce_year, 10, settings.september_deadline_day)
    to_division = max(settings.division_deadline_day - settings.office_deadline_day, 0)
    to_central = max(settings.central_deadline_day - settings.office_deadline_day, to_division)
    out: dict[Tier, date] = {"office": first_working_day_on_or_after(office)}
    out["division"] = first_working_day_on_or_after(office + timedelta(days=to_division))
    out["central"] = first_working_day_on_or_after(office + timedelta(days=to_central))
    if to_division and out["division"] <= out["office"]:
        out["division"] = first_working_day_after(out["office"])
    if to_central > to_division and out["central"] <= out["division"]:
        out["central"] = first_working_day_after(out["division"])
    # A division's own work (#22) keeps its gap too: 20 → 27 gives 5 → 12 October.
    to_own = max(settings.division_report_day - settings.office_deadline_day, 0)
    out["division_report"] = first_working_day_on_or_after(office + timedelta(days=to_own))
    return out


YearEndKind = Literal["annual_report", "year_end_book"]


def year_end_deadlines(
    year_be: int, settings: CalendarSettings = DEFAULT_SETTINGS
) -> dict[YearEndKind, date]:
    """The year end's own deadlines (seed 001), counted in days after 30 September: the annual
    report (45 days: 14 November) and each project's year-end book (30 days: 30 October). The
    calendar knows them; what is asked for and reminded of them comes with the annual report."""
    year_end = fiscal_year_bounds(year_be)[1]
    return {
        "annual_report": year_end + timedelta(days=settings.annual_report_days),
        "year_end_book": year_end + timedelta(days=settings.year_end_book_days),
    }


# --- quarters ---------------------------------------------------------------------------------


def quarter_of(day: date) -> tuple[int, int]:
    """(BE fiscal year, quarter 1..4). Q1 = Oct–Dec."""
    return fiscal_year_of(day), _fiscal_index(day.month) // 3 + 1


def quarter_months(year_be: int, quarter: int) -> list[date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1..4")
    return fiscal_months(year_be)[(quarter - 1) * 3 : quarter * 3]


# --- period codes (models.parsing reads them) ------------------------------------------------


def period_code(period: date) -> str:
    """date(2026, 12, 1) → '2569-12'."""
    return f"{be_year(period.year)}-{period.month:02d}"


# --- Thai formatting (Babel for the names, our own BE year) -----------------------------------
# Pure and cached: a reminder pass formats the same few dates for 20,000 messages.


@lru_cache(maxsize=4096)
def thai_month(day: date) -> str:
    """'ธันวาคม 2569'."""
    return f"{format_date(day, 'MMMM', locale=LOCALE)} {be_year(day.year)}"


@lru_cache(maxsize=4096)
def thai_month_short(day: date) -> str:
    """'ธ.ค. 2569'."""
    return f"{format_date(day, 'MMM', locale=LOCALE)} {be_year(day.year)}"


@lru_cache(maxsize=4096)
def thai_date(day: date) -> str:
    """'20 ธันวาคม 2569'."""
    return f"{format_date(day, 'd MMMM', locale=LOCALE)} {be_year(day.year)}"


@lru_cache(maxsize=4096)
def thai_date_short(day: date) -> str:
    """'20 ธ.ค. 2569'."""
    return f"{format_date(day, 'd MMM', locale=LOCALE)} {be_year(day.year)}"


@lru_cache(maxsize=4096)
def thai_range(start: date, end: date) -> str:
    """'1 ต.ค. – 20 ธ.ค. 2569' (the first year is left out when both ends share it)."""
    if start.year == end.year:
        return f"{format_date(start, 'd MMM', locale=LOCALE)} – {thai_date_short(end)}"
    return f"{thai_date_short(start)} – {thai_date_short(end)}"
