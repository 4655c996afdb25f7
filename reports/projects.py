"""The project rows of a report: budget allocated and disbursed, and the problems and solutions
(a division's summary where it wrote one, else the offices' own texts)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.entities import DONE_STATUSES, Allocation, Disbursement, ProblemReport, ProjectSummary, Unit
from models.parsing import NO_PROBLEMS
from models.permissions import Scope
from reports import labels as L
from reports.counted import office_filter
from reports.rows import IndicatorLine, ProjectRow

# Per project: the offices' problems and their solutions.
Texts = dict[int, tuple[list[str], list[str]]]


def project_rows(
    session: Session,
    scope: Scope,
    project_ids: list[int],
    period_ids: list[int],
    period_id: int,
    rows: Sequence[IndicatorLine],
) -> list[ProjectRow]:
    """One row per project, in ``project_ids`` order; ``rows`` are the report's indicator lines
    (their project id, project name and plan name give the names)."""
    if not project_ids:
        return []
    names: dict[int, tuple[str, str]] = {}
    for _ind, _act, pid, project, plan, _owner in rows:
        names.setdefault(pid, (plan, project))
    allocated, disbursed = _budget(session, scope, project_ids, period_ids)
    summaries = _summaries(session, project_ids, period_id) if scope.office_id is None else {}
    texts = _office_texts(session, scope, project_ids, period_id)
    out = []
    for pid in project_ids:
        plan, name = names[pid]
        summary = summaries.get(pid)
        office_problems, office_solutions = texts[pid]
        out.append(
            ProjectRow(
                pid,
                plan,
                name,
                Decimal(allocated.get(pid) or 0),
                Decimal(disbursed.get(pid) or 0),
                (summary.problems if summary and summary.problems else "\n".join(office_problems)),
                (summary.solutions if summary and summary.solutions else "\n".join(office_solutions)),
                (summary.outcome or "") if summary else "",
            )
        )
    return out


def _budget(
    session: Session, scope: Scope, project_ids: list[int], period_ids: list[int]
) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """Per project: the amount allocated to the offices in scope, and what they disbursed so far."""
    allocated = dict(
        session.execute(
            select(Allocation.project_id, func.sum(Allocation.amount))
            .where(Allocation.project_id.in_(project_ids), office_filter(Allocation.unit_id, scope))
            .group_by(Allocation.project_id)
        ).all()
    )
    disbursed = dict(
        session.execute(
            select(Disbursement.project_id, func.sum(Disbursement.amount))
            .where(
                Disbursement.project_id.in_(project_ids),
                Disbursement.period_id.in_(period_ids),
                Disbursement.status.in_(DONE_STATUSES),
                office_filter(Disbursement.unit_id, scope),
            )
            .group_by(Disbursement.project_id)
        ).all()
    )
    return allocated, disbursed


def _summaries(session: Session, project_ids: list[int], period_id: int) -> dict[int, ProjectSummary]:
    """The divisions' project summaries of the period (not shown in one office's report)."""
    return {
        s.project_id: s
        for s in session.scalars(
            select(ProjectSummary).where(
                ProjectSummary.project_id.in_(project_ids), ProjectSummary.period_id == period_id
            )
        )
    }


def _office_texts(session: Session, scope: Scope, project_ids: list[int], period_id: int) -> Texts:
    """The offices' problems and solutions by project, each prefixed with the office's name unless
    the scope is one office; "ไม่มี" is left out."""
    texts: Texts = defaultdict(lambda: ([], []))
    for project_id, office, problems, solutions in session.execute(
        select(ProblemReport.project_id, Unit.name, ProblemReport.problems, ProblemReport.solutions)
        .join(Unit, ProblemReport.unit_id == Unit.id)
        .where(
            ProblemReport.project_id.in_(project_ids),
            ProblemReport.period_id == period_id,
            ProblemReport.status.in_(DONE_STATUSES),
            office_filter(ProblemReport.unit_id, scope),
        )
        .order_by(Unit.code)
    ):
        for text, kept in ((problems, texts[project_id][0]), (solutions, texts[project_id][1])):
            if text and text != NO_PROBLEMS:
                kept.append(
                    text if scope.office_id is not None else L.OFFICE_TEXT.format(office=office, text=text)
                )
    return texts
