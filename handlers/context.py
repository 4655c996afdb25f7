"""What a dialogue step is given: the session, the user, the moment, and the runtime's services."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import texts as T
from handlers.messages import Text, Turn
from handlers.numbers import parse_choice
from models import calendar as cal
from models import office_status, parsing
from models import periods as svc
from models.downloads import FileStore
from models.entities import Unit, User
from models.periods import PeriodInfo, current_period, today_of


@dataclass(frozen=True)
class Services:
    """What the runtime gives every step, built once from the config (bot/runtime.py): the store
    behind download links, and how many office × indicator pairs a report may have to be built
    within the reply window (None: handlers/report_request.py's INLINE_LIMIT)."""

    files: FileStore
    report_inline_pairs: int | None = None


@dataclass
class Context:
    session: Session
    user: User
    now: datetime
    services: Services
    cache: dict[Hashable, Any] = field(default_factory=dict)  # lives for one message only
    # #22: the unit reported for on its behalf (`รายงานแทน`); None: the user's own unit.
    acting_unit_id: int | None = None

    @property
    def today(self) -> date:
        return today_of(self.now)

    @property
    def unit_id(self) -> int:
        """The unit whose values the submission dialogue reads and writes."""
        return self.acting_unit_id if self.acting_unit_id is not None else self.user.unit_id

    @property
    def tier(self) -> cal.Tier:
        """The deadline of that unit: an office's, or a division's own work (#22)."""
        key = ("tier", self.unit_id)
        if key not in self.cache:
            unit = self.session.get(Unit, self.unit_id)
            self.cache[key] = svc.reporting_tier(unit.kind if unit is not None else "")
        tier: cal.Tier = self.cache[key]
        return tier

    def period(self) -> PeriodInfo | None:
        """The period being reported by the calendar (the current window)."""
        return current_period(self.session, self.today)

    def stored_period(self, month: str) -> PeriodInfo | None:
        """The period a dialogue keeps in its data (ISO month), looked up once per message."""
        key = f"period:{month}"
        if key not in self.cache:
            self.cache[key] = svc.period_info(self.session, date.fromisoformat(month))
        info: PeriodInfo | None = self.cache[key]
        return info

    def open_periods(self) -> list[PeriodInfo]:
        """Open periods whose cycle has begun, oldest first (a period stays open until closed)."""
        if "open_periods" not in self.cache:
            self.cache["open_periods"] = svc.open_periods(self.session, self.today)
        periods: list[PeriodInfo] = self.cache["open_periods"]
        return periods

    def due_period(self) -> PeriodInfo | None:
        """What central and divisions act on by default: the oldest open period."""
        periods = self.open_periods()
        return periods[0] if periods else self.period()

    def office_period(self) -> PeriodInfo | None:
        """What an officer works on: an older open period with items still owed, else the current."""
        return office_status.office_period(self.session, self.unit_id, self.today)

    def chosen_office(self, text: str, office_ids: list[int]) -> int | None:
        """The office among ``office_ids`` that ``text`` picks: its number in that list or its code."""
        choice = parse_choice(text)
        if choice is not None and 1 <= choice <= len(office_ids):
            return office_ids[choice - 1]
        unit = self.session.scalar(select(Unit).where(Unit.code == text))
        return unit.id if unit is not None and unit.id in office_ids else None

    def chosen_period(self, text: str, periods: list[PeriodInfo]) -> PeriodInfo | None:
        """The period among ``periods`` that ``text`` names ('ธ.ค. 2569', 'ธันวาคม 2569'), if any."""
        try:
            month = parsing.parse_thai_month(text)
        except ValueError:
            return None
        return next((info for info in periods if info.month == month), None)


def month_buttons(periods: list[PeriodInfo], but: PeriodInfo | None = None) -> list[str]:
    """Quick-reply labels for other periods the user may switch to ('ธ.ค. 2569')."""
    return [cal.thai_month_short(info.month) for info in periods if but is None or info.month != but.month]


def late_line(info: PeriodInfo, today: date, tier: cal.Tier = "office") -> str | None:
    """'ค้างส่ง รอบเดือนธันวาคม 2569 · เลยกำหนดมา 8 วัน' when the office deadline has passed."""
    days = svc.days_late(info, today, tier)
    return T.LATE_PERIOD.format(month=cal.thai_month(info.month), n=days) if days else None


def refusal(info: PeriodInfo | None) -> Turn | None:
    """The answer when there is no open period to change (none imported, or closed); else None."""
    if info is None:
        return Turn([Text(T.NO_PERIOD)])
    if info.closed:
        return Turn([Text(T.PERIOD_CLOSED.format(month=cal.thai_month(info.month)))])
    return None


def period_line(info: PeriodInfo) -> str:
    return T.PERIOD_LINE.format(month=cal.thai_month(info.month), window=cal.thai_range(*info.window))


def deadline_text(due: date, today: date) -> str:
    """'ส่งภายใน 20 ธันวาคม 2569 (เหลือ 5 วัน)', or due today, or so many days late."""
    days = (due - today).days
    if days > 0:
        left = T.DAYS_LEFT.format(n=days)
    elif days == 0:
        left = T.DUE_TODAY
    else:
        left = T.DAYS_LATE.format(n=-days)
    return T.DEADLINE_LINE.format(deadline=cal.thai_date(due), days=left)


def deadline_line(info: PeriodInfo, today: date, tier: cal.Tier = "office") -> str:
    return deadline_text(info.deadline(tier), today)
