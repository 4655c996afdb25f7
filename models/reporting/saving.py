"""Saving an office's answers as drafts, audited: results, disbursements, problems and solutions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from functools import partial
from typing import Any, Literal, TypeVar

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from models import audit
from models import calendar as cal
from models.entities import (
    Disbursement,
    EntryStatus,
    ProblemReport,
    Result,
    User,
)
from models.parsing import NO_PROBLEMS
from models.periods import PeriodClosed, PeriodInfo
from models.reporting.entries import ENTITY_NAMES, E, Entry, entity_of, get_problem

# --- writing values ---------------------------------------------------------------------------


def ensure_open(info: PeriodInfo) -> None:
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


def _audit_entry(
    session: Session,
    user: User,
    info: PeriodInfo,
    entry: Entry,
    name: str,
    field: str,
    old: object,
    new: object,
    old_status: str | None,
    now: datetime,
    via: str,
    *more: tuple[str, object, object],
) -> None:
    """The value's change, the status's change and ``more`` (field, old, new): one statement."""
    change = partial(
        audit.change,
        user=user,
        now=now,
        entity=name,
        unit_id=entry.unit_id,
        period_id=info.period.id,
        entity_id=entry.id,
        via=via,
    )
    audit.write(
        session,
        change(field=field, old=old, new=new),
        change(field="status", old=old_status, new=entry.status),
        *(change(field=f, old=o, new=n) for f, o, n in more),
    )


class _Lookup(Enum):
    UNKNOWN = "unknown"


UNKNOWN = _Lookup.UNKNOWN  # "look the existing entry up"; callers that already hold it pass it (or None)
Unknown = Literal[_Lookup.UNKNOWN]


def _save_value(
    session: Session,
    user: User,
    info: PeriodInfo,
    model: type[E],
    column: str,
    item_id: int,
    field: str,
    value: Decimal,
    now: datetime,
    via: str,
    existing: E | Row[Any] | None | Unknown,
    unit_id: int,
) -> E:
    """Create or change the office's draft of one value (a result or a disbursement), audited."""
    ensure_open(info)
    if existing is UNKNOWN:
        found = session.scalar(
            select(model).where(
                getattr(model, column) == item_id,
                model.unit_id == unit_id,
                model.period_id == info.period.id,
            )
        )
        entry = entity_of(session, model, found)
    else:
        entry = entity_of(session, model, existing)
    old, old_status = (getattr(entry, field), entry.status) if entry else (None, None)
    if entry is None:
        entry = model(
            **{column: item_id, field: value},
            unit_id=unit_id,
            period_id=info.period.id,
            status=EntryStatus.DRAFT.value,
            entered_by_id=user.id,
            entered_at=now,
        )
        session.add(entry)
    else:
        setattr(entry, field, value)
        _keep_or_draft(entry, user, now)
    session.flush()
    _audit_entry(session, user, info, entry, ENTITY_NAMES[model], field, old, value, old_status, now, via)
    return entry


V = TypeVar("V", Result, Disbursement)
# The item column and the value column of each table an office types numbers into.
_VALUE_COLUMNS: dict[type[Result] | type[Disbursement], tuple[str, str]] = {
    Result: ("indicator_id", "value"),
    Disbursement: ("project_id", "amount"),
}


def save_value(
    session: Session,
    user: User,
    info: PeriodInfo,
    model: type[V],
    item_id: int,
    value: Decimal,
    now: datetime,
    *,
    existing: V | Row[Any] | None | Unknown = UNKNOWN,
    for_unit: int | None = None,
) -> V:
    """The office's draft of one result (``model`` Result, per indicator) or disbursement
    (Disbursement, per project), created or changed, audited as typed in chat. ``for_unit``: the
    unit the user enters it for (`รายงานแทน`, #22); the audit keeps the user's own unit too."""
    column, field = _VALUE_COLUMNS[model]
    unit_id = for_unit if for_unit is not None else user.unit_id
    return _save_value(
        session, user, info, model, column, item_id, field, value, now, "chat", existing, unit_id
    )


def save_problem_text(
    session: Session,
    user: User,
    info: PeriodInfo,
    project_id: int,
    now: datetime,
    *,
    problems: str | None = None,
    solutions: str | None = None,
    via: str = "chat",
    existing: ProblemReport | Row[Any] | None | Unknown = UNKNOWN,
    for_unit: int | None = None,
) -> ProblemReport:
    ensure_open(info)
    unit_id = for_unit if for_unit is not None else user.unit_id
    if existing is UNKNOWN:
        existing = get_problem(session, project_id, unit_id, info.period.id)
    entry = entity_of(session, ProblemReport, existing)
    before = (entry.problems, entry.solutions, entry.status) if entry else (None, None, None)
    if entry is None:
        entry = ProblemReport(
            project_id=project_id,
            unit_id=unit_id,
            period_id=info.period.id,
            status=EntryStatus.DRAFT.value,
            entered_by_id=user.id,
            entered_at=now,
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
    _audit_entry(
        session,
        user,
        info,
        entry,
        "problem",
        "problems",
        before[0],
        entry.problems,
        before[2],
        now,
        via,
        ("solutions", before[1], entry.solutions),
    )
    return entry


def save_counts(
    session: Session,
    user: User,
    info: PeriodInfo,
    entry: Result,
    counts: tuple[Decimal, Decimal],
    now: datetime,
) -> Result:
    """#22: the two counts behind a `count_rate` result just saved (its value is their rate), audited."""
    old = (entry.numerator, entry.denominator)
    entry.numerator, entry.denominator = counts
    session.flush()
    change = partial(
        audit.change,
        user=user,
        now=now,
        entity=ENTITY_NAMES[Result],
        unit_id=entry.unit_id,
        period_id=info.period.id,
        entity_id=entry.id,
        via="chat",
    )
    audit.write(
        session,
        *(
            change(field=name, old=before, new=after)
            for name, before, after in zip(("numerator", "denominator"), old, counts, strict=True)
            if before != after
        ),
    )
    return entry
