"""The checks that draw a division's eye to a value under review: far from the other offices' or
from the office's own earlier values, a rate over 100, a `latest` count going down."""

from __future__ import annotations

import statistics
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import Counting, EntryStatus, Indicator, Period, Result
from models.periods import PeriodInfo
from models.value_types import kind_of

# Modified z-score of Iglewicz and Hoaglin: |0.6745 (x - median) / MAD| > 3.5 flags an outlier.
# Robust against the very outliers it looks for, unlike mean and standard deviation.
MAD_THRESHOLD = 3.5


def robust_outlier(value: Decimal, others: list[Decimal]) -> bool:
    if len(others) < 4:
        return False
    values = [float(v) for v in others]
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values)
    if mad == 0:
        return float(value) != median and median != 0 and abs(float(value) - median) > abs(median)
    return abs(0.6745 * (float(value) - median) / mad) > MAD_THRESHOLD


FLAG_FAR_FROM_OTHERS = "far_from_others"
FLAG_FAR_FROM_OWN = "far_from_own"
FLAG_RATE_OVER_100 = "rate_over_100"
FLAG_DROP = "cumulative_down"


def previous_value(session: Session, indicator_id: int, office_id: int, info: PeriodInfo) -> Decimal | None:
    """The office's last value (not a draft) for the indicator before this period."""
    return session.scalar(
        select(Result.value)
        .join(Period, Result.period_id == Period.id)
        .where(
            Result.indicator_id == indicator_id,
            Result.unit_id == office_id,
            Period.month_start < info.month,
            Period.fiscal_year_id == info.fiscal_year.id,
            Result.status != EntryStatus.DRAFT.value,
        )
        .order_by(Period.month_start.desc())
        .limit(1)
    )


def flags_of(
    session: Session,
    indicator: Indicator,
    office_id: int,
    info: PeriodInfo,
    value: Decimal,
    before: Decimal | None,
) -> list[str]:
    flags = []
    kind = kind_of(indicator.value_type)  # its declaration says what is implausible
    if kind.implausible(value):  # a percentage over 100; ratios and changes may pass 100
        flags.append(FLAG_RATE_OVER_100)
    if (
        indicator.counting == Counting.LATEST.value
        and before is not None
        and value < before
        and kind.drop_doubted
    ):
        flags.append(FLAG_DROP)
    others = list(
        session.scalars(
            select(Result.value).where(
                Result.indicator_id == indicator.id,
                Result.period_id == info.period.id,
                Result.unit_id != office_id,
                Result.status != EntryStatus.DRAFT.value,
            )
        )
    )
    if robust_outlier(value, others):
        flags.append(FLAG_FAR_FROM_OTHERS)
    own = list(
        session.scalars(
            select(Result.value)
            .join(Period, Result.period_id == Period.id)
            .where(
                Result.indicator_id == indicator.id,
                Result.unit_id == office_id,
                Period.month_start < info.month,
                Result.status != EntryStatus.DRAFT.value,
            )
        )
    )
    if robust_outlier(value, own):
        flags.append(FLAG_FAR_FROM_OWN)
    return flags
