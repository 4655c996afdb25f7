"""The counted values of a report: only values whose status is submitted or approved count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from models.entities import DONE_STATUSES, Counting, Period, Result
from models.permissions import Scope
from models.value_types import kind_of, rate_of


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
# #22: one office's counts behind a count rate: this period's numerator and denominator, and the
# cumulative ones (summed over months for `sum`, the last month's for `latest`).
Counts = tuple[Decimal, Decimal, Decimal, Decimal]
CountPair = tuple[Decimal, Decimal]  # Σ numerators, Σ denominators
# A rate from counts over offices: this period, cumulative, per month (%), and the months' sums.
CountTotals = tuple[Decimal | None, Decimal | None, list[Decimal | None], list[CountPair]]


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
    # #22: per rate-from-counts indicator, every office's counts (filled by ``figures``)
    office_counts: dict[int, dict[int, Counts]] = field(default_factory=dict)
    month_sums: dict[int, list[CountPair]] | None = None  # read once, when first asked

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

    def month_counts(self, ind_ids: list[int], fiscal_months: list[date]) -> dict[int, list[CountPair]]:
        """#22: per rate-from-counts indicator and fiscal month, Σ numerators and Σ denominators."""
        month_index = {m: i for i, m in enumerate(fiscal_months)}
        zero = Decimal(0)
        sums: dict[int, list[CountPair]] = defaultdict(lambda: [(zero, zero)] * 12)
        for chunk in chunks(ind_ids) if ind_ids else []:
            for ind_id, period_id, numerator, denominator in self.session.execute(
                self.query(
                    Result.indicator_id,
                    Result.period_id,
                    func.sum(Result.numerator),
                    func.sum(Result.denominator),
                )
                .where(Result.indicator_id.in_(chunk), Result.denominator > 0)
                .group_by(Result.indicator_id, Result.period_id)
            ):
                index = month_index[self.periods[period_id]]
                n, d = sums[ind_id][index]
                sums[ind_id][index] = (n + Decimal(numerator), d + Decimal(denominator))
        return sums

    def count_totals(self, ind_id: int, fiscal_months: list[date]) -> CountTotals | None:
        """#22: a rate from counts over the offices in scope: this period, cumulative and per month
        (each Σ numerators ÷ Σ denominators), and the months' sums; None for any other indicator."""
        if ind_id not in self.office_counts:
            return None
        if self.month_sums is None:
            self.month_sums = self.month_counts(list(self.office_counts), fiscal_months)
        now, cumulative = count_total(self.office_counts[ind_id])
        sums = self.month_sums.get(ind_id) or [(Decimal(0), Decimal(0))] * 12
        return now, cumulative, [rate_of(n, d) for n, d in sums], sums

    def counts(self, rows: Sequence[Any]) -> dict[int, dict[int, Counts]]:
        """#22: per count-rate indicator of `rows`, every office's counts (results without counts,
        typed before the indicator became a count rate, are left out)."""
        found: dict[int, dict[int, Counts]] = defaultdict(dict)
        ids = [r[0].id for r in rows if kind_of(r[0].value_type).counts]
        latest = {r[0].id for r in rows if r[0].counting != Counting.SUM.value}
        zero = Decimal(0)
        for chunk in chunks(ids) if ids else []:
            for ind_id, unit_id, month, numerator, denominator in self.session.execute(
                self.query(
                    Result.indicator_id,
                    Result.unit_id,
                    Period.month_start,
                    Result.numerator,
                    Result.denominator,
                )
                .join(Period, Result.period_id == Period.id)
                .where(Result.indicator_id.in_(chunk), Result.denominator > 0)
                .order_by(Result.indicator_id, Result.unit_id, Period.month_start)
            ):
                before = found[ind_id].get(unit_id, (zero, zero, zero, zero))
                counted = (numerator, denominator)
                if ind_id in latest:  # months come in order: the last one stands
                    now = counted if month in self.current else before[:2]
                    found[ind_id][unit_id] = (*now, *counted)
                    continue
                now = (
                    (before[0] + numerator, before[1] + denominator) if month in self.current else before[:2]
                )
                found[ind_id][unit_id] = (*now, before[2] + numerator, before[3] + denominator)
        return found

    def figures(self, rows: Sequence[Any]) -> dict[int, list[Figure]]:
        """Per indicator of `rows` (indicator first in each row), every office's figures (a count
        rate's from its counts: see ``count_figures``)."""
        figures: dict[int, list[Figure]] = defaultdict(list)
        self.office_counts = self.counts(rows)
        figures.update({ind_id: count_figures(found) for ind_id, found in self.office_counts.items()})
        rows = [r for r in rows if not kind_of(r[0].value_type).counts]
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


def count_figures(counts: dict[int, Counts]) -> list[Figure]:
    """Each office's figures of a count rate: the rates of its counts."""
    return [(unit_id, rate_of(n, d), rate_of(cn, cd)) for unit_id, (n, d, cn, cd) in counts.items()]


def count_total(counts: dict[int, Counts]) -> tuple[Decimal | None, Decimal | None]:
    """A count rate over offices: Σ numerators ÷ Σ denominators, this period and cumulative."""
    parts = list(counts.values())
    return (
        rate_of(sum((p[0] for p in parts), Decimal(0)), sum((p[1] for p in parts), Decimal(0))),
        rate_of(sum((p[2] for p in parts), Decimal(0)), sum((p[3] for p in parts), Decimal(0))),
    )
