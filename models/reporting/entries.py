"""Reading what offices entered: drafts and submitted values of a period, and the earlier
periods' values (cumulative results, disbursed so far)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from sqlalchemy import Row, Select, bindparam, func, select
from sqlalchemy.orm import Session

from models.entities import (
    AuditLog,
    Counting,
    Disbursement,
    EntryStatus,
    Period,
    ProblemReport,
    Result,
)
from models.periods import PeriodInfo


def get_problem(session: Session, project_id: int, unit_id: int, period_id: int) -> ProblemReport | None:
    return session.scalar(
        select(ProblemReport).where(
            ProblemReport.project_id == project_id,
            ProblemReport.unit_id == unit_id,
            ProblemReport.period_id == period_id,
        )
    )


Entry = Result | Disbursement | ProblemReport
EntryModel = type[Result] | type[Disbursement] | type[ProblemReport]
E = TypeVar("E", Result, Disbursement, ProblemReport)
ENTRY_MODELS: dict[str, tuple[EntryModel, str]] = {
    "ind": (Result, "indicator_id"),
    "disb": (Disbursement, "project_id"),
    "prob": (ProblemReport, "project_id"),
}


# What the dialogues and the status read of an entry: plain rows, cheaper than entities.
ENTRY_VALUES = {
    "ind": ("value", "numerator", "denominator"),
    "disb": ("amount",),
    "prob": ("problems", "solutions"),
}


def office_entries(session: Session, unit_id: int, period_id: int, key: str) -> dict[int, Row[Any]]:
    """What an office entered for a period in one table, by indicator or project id; ``key`` is
    the dialogue item kind: "ind" (results), "disb" (disbursements) or "prob" (problem texts).
    Rows carry ``id``, ``status``, ``review_note``, ``submitted_at`` and the values; ``entity_of`` turns one into the entity to change."""
    column = ENTRY_MODELS[key][1]
    rows = session.execute(ENTRIES_[key], {"unit_id": unit_id, "period_id": period_id})
    return {getattr(row, column): row for row in rows}


def _entries_statement(key: str) -> Select[Any]:
    model, column = ENTRY_MODELS[key]
    columns = [
        model.id,
        getattr(model, column),
        model.status,
        model.review_note,  # why the division returned it (สถานะ shows it)
        model.submitted_at,  # sent at least once: a resubmission shows what changed since
        *(getattr(model, c) for c in ENTRY_VALUES[key]),
    ]
    return select(*columns).where(
        model.unit_id == bindparam("unit_id"), model.period_id == bindparam("period_id")
    )


ENTRIES_ = {key: _entries_statement(key) for key in ENTRY_MODELS}  # built once: every message asks


def entity_of(session: Session, model: type[E], entry: E | Row[Any] | None) -> E | None:
    """The entity of an entry that may have been read as a plain row (by ``office_entries``)."""
    if entry is None or isinstance(entry, model):
        return entry
    return session.get(model, entry.id)


# The periods of a fiscal year before one month. Built once with bound parameters (built per call,
# SQLAlchemy would copy the subquery's columns each time).
_EARLIER = (
    select(Period.id)
    .where(Period.fiscal_year_id == bindparam("fiscal_year_id"), Period.month_start < bindparam("month"))
    .scalar_subquery()
)


# An office's earlier values, for every item at once: a message asks for an answer and the next
# question, the review for every indicator. Only values an office has submitted (or that were
# approved or returned) count.
_EARLIER_RESULTS = (
    select(Result.indicator_id, Result.value)
    .join(Period, Result.period_id == Period.id)
    .where(
        Result.unit_id == bindparam("unit_id"),
        Result.period_id.in_(_EARLIER),
        Result.status != EntryStatus.DRAFT.value,
    )
    .order_by(Period.month_start)
)
_EARLIER_DISBURSED = (
    select(Disbursement.project_id, func.sum(Disbursement.amount))
    .where(
        Disbursement.unit_id == bindparam("unit_id"),
        Disbursement.period_id.in_(_EARLIER),
        Disbursement.status != EntryStatus.DRAFT.value,
    )
    .group_by(Disbursement.project_id)
)


class HasCounting(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def counting(self) -> str: ...


@dataclass(frozen=True)
class EarlierResults:
    """An office's results of the periods before one, by indicator id."""

    totals: dict[int, Decimal]  # the sum of the earlier values
    last: dict[int, Decimal]  # the value of the latest earlier period

    def cumulative(self, indicator: HasCounting) -> Decimal | None:
        """The indicator's result up to the previous period (sum: total; latest: last value).
        ``indicator``: anything with ``id`` and ``counting`` (an Indicator, or the cached facts)."""
        if indicator.counting == Counting.SUM.value:
            return self.totals.get(indicator.id)
        return self.last.get(indicator.id)


def earlier_results(session: Session, unit_id: int, info: PeriodInfo) -> EarlierResults:
    totals: dict[int, Decimal] = {}
    last: dict[int, Decimal] = {}
    params = {"unit_id": unit_id, "fiscal_year_id": info.fiscal_year.id, "month": info.month}
    for indicator_id, value in session.execute(_EARLIER_RESULTS, params):
        totals[indicator_id] = totals.get(indicator_id, Decimal(0)) + value
        last[indicator_id] = value  # oldest first: the latest period's value stays
    return EarlierResults(totals, last)


def earlier_disbursed(session: Session, unit_id: int, info: PeriodInfo) -> dict[int, Decimal]:
    """An office's disbursements of the periods before one, summed by project id."""
    params = {"unit_id": unit_id, "fiscal_year_id": info.fiscal_year.id, "month": info.month}
    return {project_id: Decimal(total) for project_id, total in session.execute(_EARLIER_DISBURSED, params)}


ENTITY_NAMES: dict[EntryModel, str] = {
    Result: "result",
    Disbursement: "disbursement",
    ProblemReport: "problem",
}


# What an office sent, as the audit recorded it: each entry's fields at its latest sending.
_SENT_TRAIL = (
    select(AuditLog.entity, AuditLog.entity_id, AuditLog.field, AuditLog.new_value)
    .where(
        AuditLog.unit_id == bindparam("unit_id"),
        AuditLog.period_id == bindparam("period_id"),
        AuditLog.entity.in_(list(ENTITY_NAMES.values())),
    )
    .order_by(AuditLog.id)
)


def sent_values(
    session: Session, unit_id: int, period_id: int
) -> dict[tuple[str, int], dict[str, str | None]]:
    """The values each of an office's entries had when it was last sent to the division, keyed by
    (entity name of ENTITY_NAMES, entry id), as the audit's text ("12.5"); entries never sent are
    absent. A resubmission shows these as the old values."""
    current: dict[tuple[str, int], dict[str, str | None]] = {}
    sent: dict[tuple[str, int], dict[str, str | None]] = {}
    params = {"unit_id": unit_id, "period_id": period_id}
    for entity, entity_id, field, new in session.execute(_SENT_TRAIL, params):
        if entity_id is None:
            continue
        fields = current.setdefault((entity, entity_id), {})
        fields[field] = new
        if field == "status" and new == EntryStatus.SUBMITTED.value:
            sent[(entity, entity_id)] = dict(fields)
    return sent
