"""The status rows of a report (the completeness file and the status sheet): per office and
project, how many items are expected and in which state they are."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from models.entities import (
    DONE_STATUSES,
    Activity,
    Allocation,
    Assignment,
    Disbursement,
    EntryStatus,
    FiscalYear,
    Indicator,
    ProblemReport,
    Project,
    Result,
    Unit,
)
from models.permissions import Scope
from reports.counted import chunks, office_filter
from reports.rows import StatusRow

# (office, project) -> [total, done, approved, returned, late]
Counts = dict[tuple[int, int], list[int]]
# (office, project) -> the divisions owning its indicators
Owners = dict[tuple[int, int], set[int]]


def status_rows(session: Session, scope: Scope, fy: FiscalYear, period_id: int) -> list[StatusRow]:
    """Office × project: how many items are expected and in which state they are.

    One definition whatever the scope, so that a division's file and the all-units file agree: a
    pair counts every item the office reports for the project (all its indicators there, the
    problems, the budget where it has an allocation). The pair belongs to each division owning
    one of those indicators; a division's scope keeps the pairs that belong to it (with all their
    owners, so that the per-division sheet shows a shared pair once, as shared, in both files).
    """
    counts, owners = _expected(session, scope, fy)
    _count_results(session, scope, fy, period_id, counts)
    projects = _count_budget_and_problems(session, scope, period_id, counts)
    return _rows(session, counts, owners, projects)


def _expected(session: Session, scope: Scope, fy: FiscalYear) -> tuple[Counts, Owners]:
    """The pairs in scope with the number of indicators each reports, and who owns them."""
    counts: Counts = defaultdict(lambda: [0, 0, 0, 0, 0])
    owners: Owners = defaultdict(set)
    for unit_id, project_id, owner_id, n in session.execute(
        select(Assignment.unit_id, Activity.project_id, Indicator.owner_unit_id, func.count())
        .join(Indicator, Assignment.indicator_id == Indicator.id)
        .join(Activity, Indicator.activity_id == Activity.id)
        .where(Indicator.fiscal_year_id == fy.id, office_filter(Assignment.unit_id, scope))
        .group_by(Assignment.unit_id, Activity.project_id, Indicator.owner_unit_id)
    ):
        counts[(unit_id, project_id)][0] += n
        owners[(unit_id, project_id)].add(owner_id)
    if scope.owner_unit_id is not None:  # a shared pair keeps all its owners (counted once, as shared)
        for key in [k for k in counts if scope.owner_unit_id not in owners[k]]:
            del counts[key]
    return counts, owners


def _count_results(session: Session, scope: Scope, fy: FiscalYear, period_id: int, counts: Counts) -> None:
    """Count the period's results of assigned indicators into their pairs."""
    for unit_id, project_id, state, late, n in session.execute(
        select(Result.unit_id, Activity.project_id, Result.status, Result.late, func.count())
        .join(Indicator, Result.indicator_id == Indicator.id)
        .join(Activity, Indicator.activity_id == Activity.id)
        .join(
            Assignment,
            and_(Assignment.indicator_id == Result.indicator_id, Assignment.unit_id == Result.unit_id),
        )
        .where(
            Indicator.fiscal_year_id == fy.id,
            Result.period_id == period_id,
            office_filter(Result.unit_id, scope),
        )
        .group_by(Result.unit_id, Activity.project_id, Result.status, Result.late)
    ):
        _tally(counts, (unit_id, project_id), state, bool(late), n)


def _rows(session: Session, counts: Counts, owners: Owners, projects: list[int]) -> list[StatusRow]:
    """The pairs as rows, by office code and the plan's project order."""
    units = {u.id: u for u in session.scalars(select(Unit))}
    project_rows = {p.id: p for p in session.scalars(select(Project).where(Project.id.in_(projects or [0])))}
    keys = sorted(counts, key=lambda k: (units[k[0]].code, project_rows[k[1]].sort_order, k[1]))
    rows = []
    for u, p in keys:
        divisions = tuple(sorted(units[o].code for o in owners[(u, p)]))
        total, done, approved, returned, late_items = counts[(u, p)]
        parent = units.get(units[u].parent_id or 0)
        rows.append(
            StatusRow(
                units[u].code,
                units[u].name,
                ", ".join(divisions),
                project_rows[p].name,
                total,
                done,
                approved,
                returned,
                late_items,
                divisions=divisions,
                parent=f"{parent.code} {parent.name}" if parent is not None else "",
            )
        )
    return rows


def _tally(
    counts: dict[tuple[int, int], list[int]], key: tuple[int, int], state: str, late: bool, n: int
) -> None:
    """Count `n` items of (office, project) `key` in `state` into its [total, done, approved, returned, late]."""
    if key not in counts:
        return
    row = counts[key]
    if state in DONE_STATUSES:
        row[1] += n
    if state == EntryStatus.APPROVED.value:
        row[2] += n
    if state == EntryStatus.RETURNED.value:
        row[3] += n
    if late and state in DONE_STATUSES:
        row[4] += n


def _count_budget_and_problems(
    session: Session, scope: Scope, period_id: int, counts: dict[tuple[int, int], list[int]]
) -> list[int]:
    """Budget and problems are expected once per (office, project): budget only where allocated.
    Returns the projects of the pairs."""
    projects = list(dict.fromkeys(p for _, p in counts))
    allocations = set()
    for chunk in chunks(projects):
        allocations |= {
            (u, p)
            for u, p in session.execute(
                select(Allocation.unit_id, Allocation.project_id).where(
                    Allocation.project_id.in_(chunk), office_filter(Allocation.unit_id, scope)
                )
            )
        }
    for key in list(counts):
        counts[key][0] += 1 + (1 if key in allocations else 0)
    for model, extra in ((Disbursement, True), (ProblemReport, False)):
        cond = [
            model.project_id.in_(projects or [0]),
            model.period_id == period_id,
            office_filter(model.unit_id, scope),
        ]
        if model is ProblemReport:
            cond.append(ProblemReport.problems.is_not(None))
        for unit_id, project_id, state, late, n in session.execute(
            select(model.unit_id, model.project_id, model.status, model.late, func.count())
            .where(*cond)
            .group_by(model.unit_id, model.project_id, model.status, model.late)
        ):
            if extra and (unit_id, project_id) not in allocations:
                continue
            _tally(counts, (unit_id, project_id), state, bool(late), n)
    return projects
