"""Reporting periods: which month is open, due or closed, and how late an office is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from models import calendar as cal
from models.clock import to_bangkok
from models.entities import FiscalYear, Period, PeriodState, UnitKind


class PeriodClosed(Exception):
    """Raised when something tries to change a closed period."""


@dataclass
class PeriodInfo:
    period: Period
    fiscal_year: FiscalYear
    settings: cal.CalendarSettings

    @property
    def month(self) -> date:
        return self.period.month_start

    @property
    def window(self) -> tuple[date, date]:
        return cal.window(self.month, self.settings)

    def deadline(self, tier: cal.Tier = "office") -> date:
        return cal.deadline(self.month, tier, self.settings)

    @property
    def closed(self) -> bool:
        return self.period.state == PeriodState.CLOSED.value


def _fiscal_year(session: Session, year_be: int) -> FiscalYear | None:
    return session.scalar(select(FiscalYear).where(FiscalYear.year_be == year_be))


# Asked by every message of a report: a plain join (the fiscal year then sits in the session,
# so ``period.fiscal_year`` needs no query either).
_PERIOD_AND_YEAR = (
    select(Period, FiscalYear)
    .join(FiscalYear, Period.fiscal_year_id == FiscalYear.id)
    .where(Period.month_start == bindparam("month"))
)


def period_info(session: Session, month: date) -> PeriodInfo | None:
    found = session.execute(_PERIOD_AND_YEAR, {"month": month}).first()
    if found is None:
        return None
    period, fy = found
    return PeriodInfo(period, fy, cal.CalendarSettings.of(fy))


def current_month(session: Session, today: date) -> date:
    """The month being reported on ``today`` (Bangkok date), by the fiscal year's own settings; in
    October, September of the year just ended until its central deadline (models/calendar.py)."""
    year_be = cal.fiscal_year_of(today)
    fy = _fiscal_year(session, year_be)
    settings = cal.CalendarSettings.of(fy) if fy else cal.DEFAULT_SETTINGS
    ended = _fiscal_year(session, year_be - 1) if today.month in (10, 11) else None
    if ended is None:
        return cal.reporting_period_at(today, settings, year_end=False)
    return cal.reporting_period_at(today, settings, cal.CalendarSettings.of(ended))


def current_period(session: Session, today: date) -> PeriodInfo | None:
    """The period being reported on ``today`` (Bangkok date), if its fiscal year is imported."""
    return period_info(session, current_month(session, today))


def _started_periods(session: Session, today: date, state: PeriodState) -> list[PeriodInfo]:
    """The periods in ``state`` whose cycle has begun by ``today``, oldest first, from the current
    and the previous fiscal year (September may still be open in October)."""
    month = current_month(session, today)  # the next year need not be imported yet
    rows = session.execute(
        select(Period, FiscalYear)
        .join(FiscalYear, Period.fiscal_year_id == FiscalYear.id)
        .where(
            Period.month_start <= month,
            Period.state == state.value,
            FiscalYear.year_be >= cal.fiscal_year_of(month) - 1,
        )
        .order_by(Period.month_start)
    )
    return [PeriodInfo(period, fy, cal.CalendarSettings.of(fy)) for period, fy in rows]


def open_periods(session: Session, today: date) -> list[PeriodInfo]:
    """The open periods whose cycle has begun, oldest first: a period stays open until central
    closes it, whatever the date."""
    return _started_periods(session, today, PeriodState.OPEN)


def closed_periods(session: Session, today: date) -> list[PeriodInfo]:
    """The closed periods of the current and the previous fiscal year, latest first."""
    return _started_periods(session, today, PeriodState.CLOSED)[::-1]


def due_period(session: Session, today: date) -> PeriodInfo | None:
    """The period central and the divisions work on by default: the oldest open one (its central
    deadline passed first), or the period being reported when none is open."""
    periods = open_periods(session, today)
    return periods[0] if periods else current_period(session, today)


def days_late(info: PeriodInfo, today: date, tier: cal.Tier = "office") -> int:
    """How many days after the tier's deadline ``today`` is (0 when not late)."""
    return max((today - info.deadline(tier)).days, 0)


def reporting_tier(unit_kind: str) -> cal.Tier:
    """The deadline a reporting unit keeps: an office the offices' one; a division that reports its
    own work (a `กอง` in `เป้าหมายรายหน่วย`, #22) its own (`กำหนดส่งงานของกอง`, the 27th)."""
    return "division_report" if unit_kind == UnitKind.DIVISION.value else "office"


def today_of(now: datetime) -> date:
    return to_bangkok(now).date()
