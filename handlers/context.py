"""What a dialogue step is given: the session, the user, the moment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from handlers import texts as T
from handlers.messages import Text, Turn
from models import calendar as cal
from models.entities import User
from models.reporting import PeriodInfo, current_period, today_of


@dataclass
class Context:
    session: Session
    user: User
    now: datetime
    cache: dict = field(default_factory=dict)  # lives for one message only

    @property
    def today(self) -> date:
        return today_of(self.now)

    def period(self) -> PeriodInfo | None:
        return current_period(self.session, self.today)


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
