"""Domain services for what offices report: their plan and items, drafts, saving and submission.

The periods are in `models.periods`, where an office stands in `models.office_status`. Handlers,
the scheduler and the report builders share these functions; none of them knows LINE.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum
from functools import partial
from typing import Any, Literal, Protocol, TypeVar

from sqlalchemy import Row, Select, bindparam, func, select
from sqlalchemy.orm import Session

from models import audit
from models import calendar as cal
from models.entities import (
    Activity,
    Allocation,
    Assignment,
    Counting,
    Disbursement,
    EntryStatus,
    Indicator,
    Period,
    ProblemReport,
    Project,
    Result,
    Unit,
    User,
)
from models.parsing import NO_PROBLEMS
from models.periods import PeriodClosed, PeriodInfo, today_of

# --- what an office reports -------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorItem:
    indicator: Indicator
    project: Project
    office_target: Decimal | None


@dataclass
class OfficePlan:
    """Everything one office reports in a fiscal year, in the order the plan lists it."""

    indicators: list[IndicatorItem]
    projects: list[Project]
    allocations: dict[int, Decimal] = field(default_factory=dict)


def office_assignments(unit_id: int, fiscal_year_id: int, *columns: Any) -> Select[Any]:
    """SELECT ``columns`` over the office's assignments of a fiscal year, in the plan's order."""
    return (
        select(*columns).select_from(Assignment)
        .join(Indicator, Assignment.indicator_id == Indicator.id)
        .join(Activity, Indicator.activity_id == Activity.id)
        .join(Project, Activity.project_id == Project.id)
        .where(Assignment.unit_id == unit_id, Indicator.fiscal_year_id == fiscal_year_id)
        .order_by(Project.sort_order, Project.id, Activity.sort_order, Indicator.sort_order, Indicator.code)
    )


def office_plan(session: Session, unit_id: int, fiscal_year_id: int) -> OfficePlan:
    rows = session.execute(office_assignments(unit_id, fiscal_year_id, Assignment, Indicator, Project)).all()
    items = [IndicatorItem(ind, proj, asg.target) for asg, ind, proj in rows]
    projects: list[Project] = []
    for item in items:
        if item.project not in projects:
            projects.append(item.project)
    allocations = dict(
        session.execute(
            select(Allocation.project_id, Allocation.amount).where(
                Allocation.unit_id == unit_id, Allocation.project_id.in_([p.id for p in projects] or [0])
            )
        ).all()
    )
    return OfficePlan(items, projects, allocations)


# --- the items of an office and their numbers -------------------------------------------------

# One item an office answers: ``[kind, id]``, a list as the conversation data keeps it (JSON).
PlanItem = list[Any]


def plan_items(indicator_ids: Iterable[int], project_ids: Iterable[int], allocated: Collection[int]) -> list[PlanItem]:
    """Every item an office answers in a period, as ``[kind, id]`` in the plan's order: its
    indicators ("ind"), then per project the disbursement ("disb", where the office has an
    allocation), the problems ("prob") and their solutions ("sol")."""
    items: list[PlanItem] = [["ind", indicator_id] for indicator_id in indicator_ids]
    for project_id in project_ids:
        if project_id in allocated:
            items.append(["disb", project_id])
        items.append(["prob", project_id])
        items.append(["sol", project_id])
    return items


def item_numbers(items: Iterable[Sequence[Any]]) -> dict[tuple[str, int], int]:
    """The number of each item on every screen (report, summary, correction, status, review,
    return notice): its place in the office's plan, ``items`` as ``plan_items`` gives them.
    Solutions share the number of their problems, so counts agree with the status."""
    numbers: dict[tuple[str, int], int] = {}
    current = 0
    for kind, item_id in items:
        if kind != "sol":
            current += 1
        numbers[(kind, item_id)] = current
    return numbers


def office_item_numbers(session: Session, unit_id: int, fiscal_year_id: int) -> dict[tuple[str, int], int]:
    """``item_numbers`` of an office's plan, read from the database (for screens of other users)."""
    plan = office_plan(session, unit_id, fiscal_year_id)
    return item_numbers(items_of(plan))


def items_of(plan: OfficePlan) -> list[PlanItem]:
    return plan_items([i.indicator.id for i in plan.indicators], [p.id for p in plan.projects], plan.allocations)


# --- reading values ---------------------------------------------------------------------------

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
    "ind": (Result, "indicator_id"), "disb": (Disbursement, "project_id"), "prob": (ProblemReport, "project_id"),
}


# What the dialogues and the status read of an entry: plain rows, cheaper than entities.
ENTRY_VALUES = {"ind": ("value",), "disb": ("amount",), "prob": ("problems", "solutions")}


def office_entries(session: Session, unit_id: int, period_id: int, key: str) -> dict[int, Row[Any]]:
    """What an office entered for a period in one table, by indicator or project id; ``key`` is
    the dialogue item kind: "ind" (results), "disb" (disbursements) or "prob" (problem texts).
    Rows carry ``id``, ``status`` and the values; ``_entity`` turns one into the entity to change."""
    column = ENTRY_MODELS[key][1]
    rows = session.execute(_ENTRIES[key], {"unit_id": unit_id, "period_id": period_id})
    return {getattr(row, column): row for row in rows}


def _entries_statement(key: str) -> Select[Any]:
    model, column = ENTRY_MODELS[key]
    columns = [model.id, getattr(model, column), model.status, *(getattr(model, c) for c in ENTRY_VALUES[key])]
    return select(*columns).where(model.unit_id == bindparam("unit_id"), model.period_id == bindparam("period_id"))


_ENTRIES = {key: _entries_statement(key) for key in ENTRY_MODELS}  # built once: every message asks


def _entity(session: Session, model: type[E], entry: E | Row[Any] | None) -> E | None:
    """The entity of an entry that may have been read as a plain row (by ``office_entries``)."""
    if entry is None or isinstance(entry, model):
        return entry
    return session.get(model, entry.id)


# The periods of a fiscal year before one month. Built once with bound parameters (built per call,
# SQLAlchemy would copy the subquery's columns each time).
_EARLIER = (select(Period.id).where(Period.fiscal_year_id == bindparam("fiscal_year_id"),
                                    Period.month_start < bindparam("month")).scalar_subquery())


# An office's earlier values, for every item at once: a message asks for an answer and the next
# question, the review for every indicator. Only values an office has submitted (or that were
# approved or returned) count.
_EARLIER_RESULTS = (
    select(Result.indicator_id, Result.value).join(Period, Result.period_id == Period.id)
    .where(Result.unit_id == bindparam("unit_id"), Result.period_id.in_(_EARLIER),
           Result.status != EntryStatus.DRAFT.value)
    .order_by(Period.month_start))
_EARLIER_DISBURSED = (
    select(Disbursement.project_id, func.sum(Disbursement.amount))
    .where(Disbursement.unit_id == bindparam("unit_id"), Disbursement.period_id.in_(_EARLIER),
           Disbursement.status != EntryStatus.DRAFT.value)
    .group_by(Disbursement.project_id))


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


def cumulative_with(indicator: Indicator, before: Decimal | None, value: Decimal | None) -> Decimal | None:
    if value is None:
        return before
    if indicator.counting == Counting.SUM.value:
        return (before or Decimal(0)) + value
    return value


# --- writing values ---------------------------------------------------------------------------

def _ensure_open(info: PeriodInfo) -> None:
    if info.closed:
        raise PeriodClosed(cal.period_code(info.month))


def _keep_or_draft(entry: Entry, user: User, now: datetime) -> None:
    """A returned item that is answered again becomes a draft; a submitted one stays submitted."""
    if entry.status == EntryStatus.RETURNED.value:
        entry.status = EntryStatus.DRAFT.value
    elif entry.status == EntryStatus.APPROVED.value:
        entry.status = EntryStatus.SUBMITTED.value
    entry.entered_by_id = user.id
    entry.entered_at = now


def _audit_entry(session: Session, user: User, info: PeriodInfo, entry: Entry, name: str, field: str,
                 old: object, new: object, old_status: str | None, now: datetime, via: str,
                 *more: tuple[str, object, object]) -> None:
    """The value's change, the status's change and ``more`` (field, old, new): one statement."""
    change = partial(audit.change, user=user, now=now, entity=name, unit_id=entry.unit_id, period_id=info.period.id,
                     entity_id=entry.id, via=via)
    audit.write(session, change(field=field, old=old, new=new),
                change(field="status", old=old_status, new=entry.status),
                *(change(field=f, old=o, new=n) for f, o, n in more))


class _Lookup(Enum):
    UNKNOWN = "unknown"


UNKNOWN = _Lookup.UNKNOWN  # "look the existing entry up"; callers that already hold it pass it (or None)
Unknown = Literal[_Lookup.UNKNOWN]


def _save_value(session: Session, user: User, info: PeriodInfo, model: type[E], column: str, item_id: int,
                field: str, value: Decimal, now: datetime, via: str, existing: E | Row[Any] | None | Unknown) -> E:
    """Create or change the office's draft of one value (a result or a disbursement), audited."""
    _ensure_open(info)
    if existing is UNKNOWN:
        found = session.scalar(select(model).where(
            getattr(model, column) == item_id, model.unit_id == user.unit_id, model.period_id == info.period.id))
        entry = _entity(session, model, found)
    else:
        entry = _entity(session, model, existing)
    old, old_status = (getattr(entry, field), entry.status) if entry else (None, None)
    if entry is None:
        entry = model(**{column: item_id, field: value}, unit_id=user.unit_id, period_id=info.period.id,
                      status=EntryStatus.DRAFT.value, entered_by_id=user.id, entered_at=now)
        session.add(entry)
    else:
        setattr(entry, field, value)
        _keep_or_draft(entry, user, now)
    session.flush()
    _audit_entry(session, user, info, entry, ENTITY_NAMES[model], field, old, value, old_status, now, via)
    return entry


def save_result(session: Session, user: User, info: PeriodInfo, indicator_id: int, value: Decimal,
                now: datetime, via: str = "chat", existing: Result | Row[Any] | None | Unknown = UNKNOWN) -> Result:
    return _save_value(session, user, info, Result, "indicator_id", indicator_id, "value", value, now, via, existing)


def save_disbursement(session: Session, user: User, info: PeriodInfo, project_id: int, amount: Decimal,
                      now: datetime, via: str = "chat",
                      existing: Disbursement | Row[Any] | None | Unknown = UNKNOWN) -> Disbursement:
    return _save_value(session, user, info, Disbursement, "project_id", project_id, "amount", amount, now, via, existing)


def save_problem_text(
    session: Session, user: User, info: PeriodInfo, project_id: int, now: datetime,
    *, problems: str | None = None, solutions: str | None = None, via: str = "chat",
    existing: ProblemReport | Row[Any] | None | Unknown = UNKNOWN,
) -> ProblemReport:
    _ensure_open(info)
    if existing is UNKNOWN:
        existing = get_problem(session, project_id, user.unit_id, info.period.id)
    entry = _entity(session, ProblemReport, existing)
    before = (entry.problems, entry.solutions, entry.status) if entry else (None, None, None)
    if entry is None:
        entry = ProblemReport(
            project_id=project_id, unit_id=user.unit_id, period_id=info.period.id,
            status=EntryStatus.DRAFT.value, entered_by_id=user.id, entered_at=now,
        )
        session.add(entry)
    else:
        _keep_or_draft(entry, user, now)
    if problems is not None:
        entry.problems = problems
        if problems == NO_PROBLEMS:
            entry.solutions = NO_PROBLEMS
    if solutions is not None:
        entry.solutions = solutions
    session.flush()
    _audit_entry(session, user, info, entry, "problem", "problems", before[0], entry.problems, before[2], now, via,
                 ("solutions", before[1], entry.solutions))
    return entry


ENTITY_NAMES: dict[EntryModel, str] = {Result: "result", Disbursement: "disbursement", ProblemReport: "problem"}


@dataclass(frozen=True)
class Submission:
    count: int
    late: bool


def submit(session: Session, user: User, info: PeriodInfo, now: datetime) -> Submission:
    """Submit every draft of the user's office for the period. Idempotent: nothing left, nothing done."""
    _ensure_open(info)
    late = today_of(now) > info.deadline("office")
    count = (_submit_drafts(session, Result, user, info, now, late)  # one table after the other
             + _submit_drafts(session, Disbursement, user, info, now, late)
             + _submit_drafts(session, ProblemReport, user, info, now, late))
    session.flush()
    return Submission(count, late)


def _submit_drafts(session: Session, model: type[E], user: User, info: PeriodInfo, now: datetime, late: bool) -> int:
    """Submit the office's drafts in one table; returns how many."""
    drafts = session.scalars(
        select(model)
        .where(model.unit_id == user.unit_id, model.period_id == info.period.id,
               model.status == EntryStatus.DRAFT.value)
        .with_for_update()
    ).all()
    count = 0
    for entry in drafts:
        if isinstance(entry, ProblemReport) and not entry.problems:
            continue
        entry.status = EntryStatus.SUBMITTED.value
        entry.submitted_by_id = user.id
        entry.submitted_at = now
        entry.late = late
        count += 1
        audit.record(session, user=user, now=now, entity=ENTITY_NAMES[model], field="status",
                     old=EntryStatus.DRAFT.value, new=entry.status, unit_id=entry.unit_id,
                     period_id=info.period.id, entity_id=entry.id)
    return count


def units_by_code(session: Session) -> dict[str, Unit]:
    return {u.code: u for u in session.scalars(select(Unit))}
