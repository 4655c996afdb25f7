"""The counted values of a report: only values whose status is submitted or approved count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from models.entities import DONE_STATUSES, Counting, Period, Result
from models.permissions import Scope


def dec(value: Decimal | int | float | str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    """IN lists in chunks (SQLite allows a limited number of bound parameters)."""
    return [ids[i : i + size] for i in range(0, len(ids), size)] or [[]]


def office_filter(column: Any, scope: Scope) -> Any:
    """`column` is the office in scope (or anything when the scope is not one office)."""
    if scope.area is not None:
        return column.in_(sorted(scope.area) or [0])
    return column == scope.office_id if scope.office_id is not None else True


# One office's figures for an indicator: (office id, value this period, cumulative value).
Figure = tuple[int, Decimal | None, Decimal | None]
MonthTotals = tuple[list[Decimal], list[int]]  # per fiscal month (Oct..Sep): the total and the count


@dataclass
class Counted:
    """The counted values of the periods up to the report's month, in scope.

    The database adds up what it can: per indicator and month the totals and counts, and per
    office the `sum` indicators' figures (this period, cumulative), so the national case moves a
    few hundred thousand rows instead of every monthly value. The `latest` indicators need each
    office's last value: theirs are streamed in (indicator, office, period) order and folded as
    they come, keeping only the figures, never the whole history.
    """

    session: Session
    scope: Scope
    periods: dict[int, date]  # period id → month, up to the report's month
    current: set[date]  # the months "this period" stands for

    def query(self, *columns: Any) -> Select[Any]:
        """SELECT `columns` of the counted values (done, in scope, in the periods so far)."""
        return select(*columns).where(
            Result.period_id.in_(list(self.periods)),
            Result.status.in_(DONE_STATUSES),
            office_filter(Result.unit_id, self.scope),
        )

    def month_totals(self, ind_ids: list[int], fiscal_months: list[date]) -> dict[int, MonthTotals]:
        month_index = {m: i for i, m in enumerate(fiscal_months)}
        totals: dict[int, MonthTotals] = defaultdict(lambda: ([Decimal(0)] * 12, [0] * 12))
        for chunk in chunks(ind_ids):
            for ind_id, period_id, total, n in self.session.execute(
                self.query(Result.indicator_id, Result.period_id, func.sum(Result.value), func.count())
                .where(Result.indicator_id.in_(chunk))
                .group_by(Result.indicator_id, Result.period_id)
            ):
                index = month_index[self.periods[period_id]]
                totals[ind_id][0][index] += Decimal(total)
                totals[ind_id][1][index] += n
        return totals

    def figures(self, rows: Sequence[Any]) -> dict[int, list[Figure]]:
        """Per indicator of `rows` (indicator first in each row), every office's figures."""
        figures: dict[int, list[Figure]] = defaultdict(list)
        sum_ids = [r[0].id for r in rows if r[0].counting == Counting.SUM.value]
        latest_ids = [r[0].id for r in rows if r[0].counting != Counting.SUM.value]
        for chunk in chunks(sum_ids) if sum_ids else []:
            self._sum_figures(chunk, figures)
        for chunk in chunks(latest_ids) if latest_ids else []:
            self._latest_figures(chunk, figures)
        return figures

    def _sum_figures(self, chunk: list[int], figures: dict[int, list[Figure]]) -> None:
        current_ids = [pid for pid, m in self.periods.items() if m in self.current]
        now_value = func.sum(case((Result.period_id.in_(current_ids or [0]), Result.value)))
        for ind_id, unit_id, now, cumulative in self.session.execute(
            self.query(Result.indicator_id, Result.unit_id, now_value, func.sum(Result.value))
            .where(Result.indicator_id.in_(chunk))
            .group_by(Result.indicator_id, Result.unit_id)
            .execution_options(yield_per=20_000)
        ):
            figures[ind_id].append((unit_id, dec(now), dec(cumulative)))

    def _latest_figures(self, chunk: list[int], figures: dict[int, list[Figure]]) -> None:
        key: tuple[int, int] | None = None
        values: list[tuple[date, Decimal]] = []
        for ind_id, unit_id, month_start, value in self.session.execute(
            self.query(Result.indicator_id, Result.unit_id, Period.month_start, Result.value)
            .join(Period, Result.period_id == Period.id)
            .where(Result.indicator_id.in_(chunk))
            .order_by(Result.indicator_id, Result.unit_id, Period.month_start)
            .execution_options(yield_per=20_000)
        ):
            if (ind_id, unit_id) != key:
                if key is not None:
                    self._fold(figures, *key, values)
                key, values = (ind_id, unit_id), []
            values.append((month_start, value))
        if key is not None:
            self._fold(figures, *key, values)

    def _fold(
        self, figures: dict[int, list[Figure]], ind_id: int, unit_id: int, values: list[tuple[date, Decimal]]
    ) -> None:
        # values come in month order: the last one stands
        now = [v for m, v in values if m in self.current]
        figures[ind_id].append((unit_id, now[-1] if now else None, values[-1][1]))
