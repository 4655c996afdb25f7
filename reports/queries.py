"""Queries that turn the database into plain report rows for one period and one Scope.

A handful of grouped queries per report, never one per cell: the national case has thousands of
offices. Only values whose status is submitted or approved count; drafts are not reported yet and
returned values count as not reported.

Aggregating over offices: `sum` indicators add up; `latest` indicators (rates such as ร้อยละ)
show the average of the offices' latest values (and of the values reported in a month).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from models import calendar as cal
from models.entities import (
    Activity,
    Allocation,
    Assignment,
    Counting,
    Disbursement,
    EntryStatus,
    FiscalYear,
    Indicator,
    Period,
    Plan,
    ProblemReport,
    Project,
    ProjectSummary,
    Result,
    Unit,
    UnitKind,
)
from models.permissions import Scope

DONE = (EntryStatus.SUBMITTED.value, EntryStatus.APPROVED.value)
NO_PROBLEMS = "ไม่มี"  # what officers answer when there is nothing to report (models.reporting)


class ReportError(ValueError):
    """The report cannot be made (unknown period, unit ...); the message is for the user."""


def ratio(part: Decimal | None, whole: Decimal | None) -> float | None:
    """part / whole as a float for a percentage cell; None when either is missing or whole is 0."""
    if part is None or not whole:
        return None
    return float(part / whole)


@dataclass(frozen=True)
class Header:
    fiscal_year: int  # BE
    month: date  # the period (for quarterly: the quarter's last month)
    window: tuple[date, date]  # the days the report covers, both ends included
    scope_name: str  # '' for everything, else the office's or division's name
    quarter: int | None = None


@dataclass
class IndicatorRow:
    indicator_id: int
    code: str
    plan: str
    project_id: int
    project: str
    activity: str
    name: str
    unit: str
    counting: str
    owner: str
    target: Decimal | None
    value: Decimal | None  # reported in this period (quarterly: in the quarter)
    cumulative: Decimal | None
    months: list[Decimal | None]  # Oct..Sep, as reported per period
    offices: int = 0  # offices assigned in scope
    reported: int = 0  # offices with a counted value this period

    @property
    def percent(self) -> float | None:
        return ratio(self.cumulative, self.target)


@dataclass
class ProjectRow:
    project_id: int
    plan: str
    name: str
    allocated: Decimal
    disbursed: Decimal
    problems: str = ""
    solutions: str = ""
    outcome: str = ""

    @property
    def percent(self) -> float | None:
        return ratio(self.disbursed, self.allocated)


@dataclass
class OfficeIndicatorRow:
    office_code: str
    office: str
    indicator_id: int
    code: str
    name: str
    unit: str
    target: Decimal | None
    value: Decimal | None
    cumulative: Decimal | None

    @property
    def percent(self) -> float | None:
        return ratio(self.cumulative, self.target)


@dataclass
class StatusRow:
    office_code: str
    office: str
    division: str  # the divisions owning the office's indicators of the project (in scope), joined
    project: str
    total: int
    done: int
    approved: int
    returned: int
    late: int
    divisions: tuple[str, ...] = ()  # the same divisions, one code each

    @property
    def state(self) -> str:
        """missing | partial | returned | late | approved | submitted."""
        if self.returned:
            return "returned"
        if self.done == 0:
            return "missing"
        if self.done < self.total:
            return "partial"
        if self.late:
            return "late"
        if self.approved == self.total:
            return "approved"
        return "submitted"


@dataclass
class ReportData:
    header: Header
    indicators: list[IndicatorRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)
    by_office: list[OfficeIndicatorRow] = field(default_factory=list)
    status: list[StatusRow] = field(default_factory=list)

    @property
    def offices_reporting(self) -> tuple[int, int]:
        """(offices that sent everything, offices expected) from the status rows, or indicators."""
        per_office: dict[str, bool] = {}
        for row in self.status:
            complete = row.done == row.total and not row.returned
            per_office[row.office_code] = per_office.get(row.office_code, True) and complete
        return sum(per_office.values()), len(per_office)


# --- helpers ----------------------------------------------------------------------------------

def _period(session: Session, month: date) -> tuple[Period, FiscalYear]:
    period = session.scalar(select(Period).where(Period.month_start == month))
    if period is None:
        raise ReportError(f"ไม่มีรอบรายงาน {cal.thai_month(month)} ในระบบ")
    return period, period.fiscal_year


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _mean(values: list[Decimal]) -> Decimal | None:
    return (sum(values, Decimal(0)) / len(values)) if values else None


def scope_name(session: Session, scope: Scope) -> str:
    unit_id = scope.office_id or scope.owner_unit_id
    return session.get(Unit, unit_id).name if unit_id else ""


def _indicators(session: Session, fy: FiscalYear, scope: Scope):
    query = (
        select(Indicator, Activity.name, Project.id, Project.name, Plan.name, Unit.code)
        .join(Activity, Indicator.activity_id == Activity.id)
        .join(Project, Activity.project_id == Project.id)
        .join(Plan, Project.plan_id == Plan.id)
        .join(Unit, Indicator.owner_unit_id == Unit.id)
        .where(Indicator.fiscal_year_id == fy.id)
        .order_by(Plan.sort_order, Plan.id, Project.sort_order, Project.id, Activity.sort_order, Activity.id,
                  Indicator.sort_order, Indicator.code)
    )
    if scope.owner_unit_id is not None:
        query = query.where(Indicator.owner_unit_id == scope.owner_unit_id)
    if scope.office_id is not None:
        query = query.where(
            Indicator.id.in_(select(Assignment.indicator_id).where(Assignment.unit_id == scope.office_id))
        )
    return session.execute(query).all()


def _office_filter(column, scope: Scope):
    return column == scope.office_id if scope.office_id is not None else True


# --- the report data --------------------------------------------------------------------------

def load(session: Session, month: date, scope: Scope, *, quarter_months: list[date] | None = None,
         by_office: bool = True, status: bool = True, values: bool = True) -> ReportData:
    """Everything a report needs for the period starting ``month`` (cumulative up to it).

    ``quarter_months``: the values "this period" are the sums over these months instead.
    ``values=False``: only the status rows (the completeness report reads no values).
    """
    period, fy = _period(session, month)
    settings = cal.CalendarSettings.of(fy)
    if quarter_months:
        start = cal.window(_first_period_in(session, fy, quarter_months), settings)[0]
        win = (start, cal.window(month, settings)[1])
        quarter = cal.quarter_of(month)[1]
    else:
        win, quarter = cal.window(month, settings), None
    header = Header(fy.year_be, month, win, scope_name(session, scope), quarter)
    data = ReportData(header)

    rows = _indicators(session, fy, scope)
    if not rows:
        return data
    ind_ids = [r[0].id for r in rows]
    if not values:
        data.status = _status(session, scope, fy, period.id) if status else []
        return data
    fiscal_months = cal.fiscal_months(fy.year_be)
    periods = {p.id: p.month_start for p in session.scalars(
        select(Period).where(Period.fiscal_year_id == fy.id, Period.month_start <= month))}
    current_ids = {pid for pid, m in periods.items() if (m in quarter_months if quarter_months else m == month)}
    in_ids = _chunks(ind_ids)

    # Assignments in scope: the offices expected to report, and their targets.
    assigned: dict[int, list[tuple[int, Decimal | None]]] = defaultdict(list)
    for chunk in in_ids:
        for ind_id, unit_id, target in session.execute(
            select(Assignment.indicator_id, Assignment.unit_id, Assignment.target)
            .where(Assignment.indicator_id.in_(chunk), _office_filter(Assignment.unit_id, scope))
        ):
            assigned[ind_id].append((unit_id, target))

    # Counted values. The database adds up what it can: per indicator and month the totals and
    # counts, and per office the `sum` indicators' figures (this period, cumulative), so the
    # national case moves a few hundred thousand rows instead of every monthly value. The `latest`
    # indicators need each office's last value: theirs are streamed in (indicator, office, period)
    # order and folded as they come, keeping only the figures, never the whole history.
    month_index = {m: i for i, m in enumerate(fiscal_months)}
    counting = {r[0].id: r[0].counting for r in rows}
    current_months = {periods[p] for p in current_ids}
    figures: dict[int, list[tuple[int, Decimal | None, Decimal | None]]] = defaultdict(list)
    month_sum: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 12)
    month_n: dict[int, list[int]] = defaultdict(lambda: [0] * 12)

    def counted(*columns):
        return (select(*columns)
                .where(Result.period_id.in_(list(periods)), Result.status.in_(DONE),
                       _office_filter(Result.unit_id, scope)))

    for chunk in in_ids:
        for ind_id, period_id, total, n in session.execute(
            counted(Result.indicator_id, Result.period_id, func.sum(Result.value), func.count())
            .where(Result.indicator_id.in_(chunk)).group_by(Result.indicator_id, Result.period_id)
        ):
            index = month_index[periods[period_id]]
            month_sum[ind_id][index] += _dec(total)
            month_n[ind_id][index] += n

    sum_ids = [i for i in ind_ids if counting[i] == Counting.SUM.value]
    latest_ids = [i for i in ind_ids if counting[i] != Counting.SUM.value]
    now_value = func.sum(case((Result.period_id.in_(list(current_ids) or [0]), Result.value)))
    for chunk in _chunks(sum_ids) if sum_ids else []:
        for ind_id, unit_id, now, cumulative in session.execute(
            counted(Result.indicator_id, Result.unit_id, now_value, func.sum(Result.value))
            .where(Result.indicator_id.in_(chunk)).group_by(Result.indicator_id, Result.unit_id)
            .execution_options(yield_per=20_000)
        ):
            figures[ind_id].append((unit_id, _dec(now), _dec(cumulative)))

    def fold(ind_id: int, unit_id: int, values: list[tuple[date, Decimal]]) -> None:
        # values come in month order: the last one stands
        now = [v for m, v in values if m in current_months]
        figures[ind_id].append((unit_id, now[-1] if now else None, values[-1][1]))

    for chunk in _chunks(latest_ids) if latest_ids else []:
        key, values = None, []
        for ind_id, unit_id, month_start, value in session.execute(
            counted(Result.indicator_id, Result.unit_id, Period.month_start, Result.value)
            .join(Period, Result.period_id == Period.id)
            .where(Result.indicator_id.in_(chunk))
            .order_by(Result.indicator_id, Result.unit_id, Period.month_start)
            .execution_options(yield_per=20_000)
        ):
            if (ind_id, unit_id) != key:
                if key is not None:
                    fold(*key, values)
                key, values = (ind_id, unit_id), []
            values.append((month_start, value))
        if key is not None:
            fold(*key, values)

    offices = {u.id: u for u in session.scalars(select(Unit).where(Unit.kind == UnitKind.OFFICE.value))}
    for indicator, activity, project_id, project, plan, owner in rows:
        targets = assigned.get(indicator.id, [])
        is_sum = indicator.counting == Counting.SUM.value
        office_targets = [t for _, t in targets if t is not None]
        if is_sum and office_targets and (not scope.everything or indicator.target is None):
            target = sum(office_targets, Decimal(0))
        elif scope.office_id is not None and office_targets:
            target = office_targets[0]
        else:
            target = indicator.target if indicator.target is not None else (
                sum(office_targets, Decimal(0)) if office_targets else None)
        value_parts: list[Decimal] = []
        cum_parts: list[Decimal] = []
        office_target = dict(targets)
        for unit_id, now, cumulative in figures.get(indicator.id, []):
            if now is not None:
                value_parts.append(now)
            if cumulative is not None:
                cum_parts.append(cumulative)
            if by_office and unit_id in offices:
                office = offices[unit_id]
                data.by_office.append(OfficeIndicatorRow(
                    office.code, office.name, indicator.id, indicator.code, indicator.name,
                    indicator.unit_label, office_target.get(unit_id), now, cumulative))
        sums, counts = month_sum.get(indicator.id), month_n.get(indicator.id)
        if sums is None:
            months = [None] * 12
        elif is_sum:
            months = [sums[i] if counts[i] else None for i in range(12)]
        else:
            months = [sums[i] / counts[i] if counts[i] else None for i in range(12)]
        combine = (lambda xs: sum(xs, Decimal(0)) if xs else None) if is_sum else _mean
        data.indicators.append(IndicatorRow(
            indicator.id, indicator.code, plan, project_id, project, activity, indicator.name,
            indicator.unit_label, indicator.counting, owner, target, combine(value_parts), combine(cum_parts),
            months, len(targets), len(value_parts),
        ))
    order = {row.indicator_id: i for i, row in enumerate(data.indicators)}
    data.by_office.sort(key=lambda r: (order[r.indicator_id], r.office_code))

    project_ids = list(dict.fromkeys(r.project_id for r in data.indicators))
    data.projects = _projects(session, scope, project_ids, list(periods), period.id, rows)
    if status:
        data.status = _status(session, scope, fy, period.id)
    return data


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    """IN lists in chunks (SQLite allows a limited number of bound parameters)."""
    return [ids[i:i + size] for i in range(0, len(ids), size)] or [[]]


def _first_period_in(session: Session, fy: FiscalYear, months: list[date]) -> date:
    found = session.scalars(
        select(Period.month_start).where(Period.fiscal_year_id == fy.id, Period.month_start.in_(months))
        .order_by(Period.month_start)
    ).first()
    if found is None:
        raise ReportError("ไตรมาสนี้ไม่มีรอบรายงาน")
    return found


def _projects(session: Session, scope: Scope, project_ids: list[int], period_ids: list[int], period_id: int,
              rows) -> list[ProjectRow]:
    if not project_ids:
        return []
    names = {}
    for _ind, _act, pid, project, plan, _owner in rows:
        names.setdefault(pid, (plan, project))
    allocated = dict(session.execute(
        select(Allocation.project_id, func.sum(Allocation.amount))
        .where(Allocation.project_id.in_(project_ids), _office_filter(Allocation.unit_id, scope))
        .group_by(Allocation.project_id)
    ).all())
    disbursed = dict(session.execute(
        select(Disbursement.project_id, func.sum(Disbursement.amount))
        .where(Disbursement.project_id.in_(project_ids), Disbursement.period_id.in_(period_ids),
               Disbursement.status.in_(DONE), _office_filter(Disbursement.unit_id, scope))
        .group_by(Disbursement.project_id)
    ).all())
    summaries = {}
    if scope.office_id is None:
        summaries = {s.project_id: s for s in session.scalars(
            select(ProjectSummary).where(ProjectSummary.project_id.in_(project_ids),
                                         ProjectSummary.period_id == period_id))}
    texts: dict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for project_id, code, problems, solutions in session.execute(
        select(ProblemReport.project_id, Unit.code, ProblemReport.problems, ProblemReport.solutions)
        .join(Unit, ProblemReport.unit_id == Unit.id)
        .where(ProblemReport.project_id.in_(project_ids), ProblemReport.period_id == period_id,
               ProblemReport.status.in_(DONE), _office_filter(ProblemReport.unit_id, scope))
        .order_by(Unit.code)
    ):
        prefix = "" if scope.office_id is not None else f"{code}: "
        if problems and problems != NO_PROBLEMS:
            texts[project_id][0].append(prefix + problems)
        if solutions and solutions != NO_PROBLEMS:
            texts[project_id][1].append(prefix + solutions)
    out = []
    for pid in project_ids:
        plan, name = names[pid]
        summary = summaries.get(pid)
        problems, solutions = texts[pid]
        out.append(ProjectRow(
            pid, plan, name, Decimal(allocated.get(pid) or 0), Decimal(disbursed.get(pid) or 0),
            (summary.problems if summary and summary.problems else "\n".join(problems)),
            (summary.solutions if summary and summary.solutions else "\n".join(solutions)),
            (summary.outcome or "") if summary else "",
        ))
    return out


def _status(session: Session, scope: Scope, fy: FiscalYear, period_id: int) -> list[StatusRow]:
    """Office × project: how many items are expected and in which state they are.

    One definition whatever the scope, so that a division's file and the all-units file agree: a
    pair counts every item the office reports for the project (all its indicators there, the
    problems, the budget where it has an allocation). The pair belongs to each division owning
    one of those indicators; a division's scope keeps the pairs that belong to it.
    """
    # (office, project) -> [total, done, approved, returned, late]
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    owners: dict[tuple[int, int], set[int]] = defaultdict(set)
    for unit_id, project_id, owner_id, n in session.execute(
        select(Assignment.unit_id, Activity.project_id, Indicator.owner_unit_id, func.count())
        .join(Indicator, Assignment.indicator_id == Indicator.id)
        .join(Activity, Indicator.activity_id == Activity.id)
        .where(Indicator.fiscal_year_id == fy.id, _office_filter(Assignment.unit_id, scope))
        .group_by(Assignment.unit_id, Activity.project_id, Indicator.owner_unit_id)
    ):
        counts[(unit_id, project_id)][0] += n
        owners[(unit_id, project_id)].add(owner_id)
    if scope.owner_unit_id is not None:
        for key in [k for k in counts if scope.owner_unit_id not in owners[k]]:
            del counts[key]
        owners = defaultdict(set, {key: {scope.owner_unit_id} for key in counts})

    def tally(key: tuple[int, int], state: str, late: bool, n: int) -> None:
        if key not in counts:
            return
        row = counts[key]
        if state in DONE:
            row[1] += n
        if state == EntryStatus.APPROVED.value:
            row[2] += n
        if state == EntryStatus.RETURNED.value:
            row[3] += n
        if late and state in DONE:
            row[4] += n

    for unit_id, project_id, state, late, n in session.execute(
        select(Result.unit_id, Activity.project_id, Result.status, Result.late, func.count())
        .join(Indicator, Result.indicator_id == Indicator.id)
        .join(Activity, Indicator.activity_id == Activity.id)
        .join(Assignment, and_(Assignment.indicator_id == Result.indicator_id, Assignment.unit_id == Result.unit_id))
        .where(Indicator.fiscal_year_id == fy.id, Result.period_id == period_id,
               _office_filter(Result.unit_id, scope))
        .group_by(Result.unit_id, Activity.project_id, Result.status, Result.late)
    ):
        tally((unit_id, project_id), state, bool(late), n)

    projects = list(dict.fromkeys(p for _, p in counts))
    # Budget and problems are expected once per (office, project): budget only where allocated.
    allocations = set()
    for chunk in _chunks(projects):
        allocations |= {(u, p) for u, p in session.execute(
            select(Allocation.unit_id, Allocation.project_id)
            .where(Allocation.project_id.in_(chunk), _office_filter(Allocation.unit_id, scope)))}
    for key in list(counts):
        counts[key][0] += 1 + (1 if key in allocations else 0)
    for model, extra in ((Disbursement, True), (ProblemReport, False)):
        cond = [model.project_id.in_(projects or [0]), model.period_id == period_id,
                _office_filter(model.unit_id, scope)]
        if model is ProblemReport:
            cond.append(ProblemReport.problems.is_not(None))
        for unit_id, project_id, state, late, n in session.execute(
            select(model.unit_id, model.project_id, model.status, model.late, func.count())
            .where(*cond).group_by(model.unit_id, model.project_id, model.status, model.late)
        ):
            if extra and (unit_id, project_id) not in allocations:
                continue
            tally((unit_id, project_id), state, bool(late), n)

    units = {u.id: u for u in session.scalars(select(Unit))}
    project_rows = {p.id: p for p in session.scalars(select(Project).where(Project.id.in_(projects or [0])))}
    keys = sorted(counts, key=lambda k: (units[k[0]].code, project_rows[k[1]].sort_order, k[1]))
    rows = []
    for u, p in keys:
        divisions = tuple(sorted(units[o].code for o in owners[(u, p)]))
        rows.append(StatusRow(units[u].code, units[u].name, ", ".join(divisions), project_rows[p].name,
                              *counts[(u, p)], divisions=divisions))
    return rows
