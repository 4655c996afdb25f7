"""#15: the flat export of a period's data, one row per office × indicator × month (and per office ×
project × month for the budget), as CSV and xlsx for the Budget Bureau's and NESDC's systems and any
BI tool.

Counted like every report: only submitted and approved values. `result` is the office's value of
that month, `cumulative` its figure up to that month (added up for `sum` indicators, the latest
value for `latest` ones), so the rows of the report's month add up (or average) to ตป.๑'s figures.
`plan` is the office's planned cumulative value from `แผนรายเดือน` (empty where the plan is given
for the whole indicator only, or not at all). Budget rows leave the indicator empty: `result` is
the amount disbursed that month, `cumulative` what was disbursed so far, `plan` the spending plan.
A rate from counts (#22) also has the counts behind `cumulative` (`numerator`, `denominator`):
their sums over offices divide to ตป.๑'s total.

Each row also says where the month's value stands in review (#25: `สถานะการตรวจ`, in Thai: approved,
waiting, returned or a draft; a returned value or a draft is not counted, so its `result` is empty)
and who entered it (the user's name, or "บันทึกแทนโดย name (unit code)" when a user of another unit
entered it on the office's behalf); both empty for a month with nothing entered.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import astuple, dataclass, field, fields
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from models import calendar as cal
from models.entities import (
    DONE_STATUSES,
    Allocation,
    Assignment,
    Disbursement,
    FiscalYear,
    IndicatorPlan,
    Period,
    Result,
    SpendingPlan,
    Unit,
    User,
)
from models.on_behalf import who
from models.org import REPORTING_KINDS
from models.permissions import Scope
from models.value_types import VALUE_TYPE_WORDS, kind_of, rate_of
from reports import labels as L
from reports.counted import chunks, office_filter
from reports.measure import fractional
from reports.plans import steps
from reports.queries import report_indicators
from reports.rows import IndicatorLine, ReportData
from reports.workbook import DEFAULT_META, Col, Meta, ReportBook, Sheet, title_lines

TYPE_WORDS = {value_type.value: word for word, value_type in VALUE_TYPE_WORDS.items()}
AMOUNT_WORD = "บาท"


@dataclass(frozen=True)
class ExportRow:
    unit_code: str
    unit: str
    province: str
    project: str
    indicator_code: str  # '' on a budget row
    indicator: str
    value_type: str
    unit_label: str
    month: str  # period code, e.g. 2570-01
    plan: Decimal | None
    result: Decimal | None
    cumulative: Decimal | None
    target: Decimal | None
    disbursed: Decimal | None
    allocation: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    status: str = ""  # the month's entry in review, in Thai (L.EXPORT_STATES); '' when none
    entered_by: str = ""  # who entered it; '' when nothing was entered


HEADERS = dict(zip([f.name for f in fields(ExportRow)], L.EXPORT_HEADERS, strict=True))


@dataclass
class _Context:
    """What every row of the export shares: the months, the offices and the scope."""

    periods: dict[int, date]  # the year's periods up to the report's month
    months: list[date]
    fiscal: list[date]
    offices: dict[int, Unit]
    scope: Scope


@dataclass
class _Facts:
    """Per (indicator or project, office): the annual figure, the values by month, the plan points."""

    fixed: dict[tuple[int, int], Decimal | None] = field(default_factory=dict)  # target or allocation
    units: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    values: dict[tuple[int, int], dict[date, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    plans: dict[tuple[int, int], dict[date, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    counts: dict[tuple[int, int], dict[date, tuple[Decimal, Decimal]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    # every entry (counted or not): its status and the id of the user who entered it
    entries: dict[tuple[int, int], dict[date, tuple[str, int | None]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    names: dict[int, User] = field(default_factory=dict)  # the users who entered them

    def entry(self, key: tuple[int, int], month: date) -> tuple[str, str]:
        """The review status and who entered the value of ``month``, as the export shows them."""
        found = self.entries.get(key, {}).get(month)
        if found is None:
            return "", ""
        status, user_id = found
        user = self.names.get(user_id) if user_id is not None else None
        if user is None:
            entered = ""
        elif user.unit_id != key[1]:
            entered = L.EXPORT_ON_BEHALF.format(who=who(user))
        else:
            entered = user.display_name or user.line_user_id
        return L.EXPORT_STATES.get(status, status), entered

    def load_names(self, session: Session) -> None:
        ids = sorted({u for months in self.entries.values() for _, u in months.values() if u is not None})
        for chunk in chunks(ids):
            query = select(User).where(User.id.in_(chunk)).options(joinedload(User.unit))
            self.names.update((user.id, user) for user in session.scalars(query))

    def plan_by_month(
        self, key: tuple[int, int], fiscal: list[date], counting: str
    ) -> dict[date, Decimal | None]:
        points = self.plans.get(key)
        return dict(zip(fiscal, steps(points, fiscal, counting), strict=True)) if points else {}

    def offices_of(self, item: int, ctx: _Context) -> list[Unit]:
        found = [ctx.offices[u] for u in self.units.get(item, ()) if u in ctx.offices]
        return sorted(found, key=lambda unit: unit.code)


def export_rows(
    session: Session, fy: FiscalYear, month: date, scope: Scope, lines: Iterable[IndicatorLine]
) -> list[ExportRow]:
    """The rows of every month of the fiscal year up to ``month`` for the indicators ``lines``
    (the report's indicators, in their order) and their projects, in scope."""
    lines = list(lines)
    periods = {
        p.id: p.month_start
        for p in session.scalars(
            select(Period)
            .where(Period.fiscal_year_id == fy.id, Period.month_start <= month)
            .order_by(Period.month_start)
        )
    }
    offices = {u.id: u for u in session.scalars(select(Unit).where(Unit.kind.in_(REPORTING_KINDS)))}
    ctx = _Context(periods, sorted(periods.values()), cal.fiscal_months(fy.year_be), offices, scope)
    return _indicator_rows(session, ctx, lines) + _budget_rows(session, ctx, lines)


def _indicator_facts(session: Session, ctx: _Context, ind_ids: list[int]) -> _Facts:
    facts = _Facts()
    for chunk in chunks(ind_ids):
        for ind_id, unit_id, target in session.execute(
            select(Assignment.indicator_id, Assignment.unit_id, Assignment.target).where(
                Assignment.indicator_id.in_(chunk), office_filter(Assignment.unit_id, ctx.scope)
            )
        ):
            facts.fixed[(ind_id, unit_id)] = target
            facts.units[ind_id].add(unit_id)
        for ind_id, unit_id, period_id, value, numerator, denominator, status, by in session.execute(
            select(
                Result.indicator_id,
                Result.unit_id,
                Result.period_id,
                Result.value,
                Result.numerator,
                Result.denominator,
                Result.status,
                Result.entered_by_id,
            ).where(
                Result.indicator_id.in_(chunk),
                Result.period_id.in_(list(ctx.periods) or [0]),
                office_filter(Result.unit_id, ctx.scope),
            )
        ):
            facts.entries[(ind_id, unit_id)][ctx.periods[period_id]] = (status, by)
            if status not in DONE_STATUSES:
                continue
            facts.values[(ind_id, unit_id)][ctx.periods[period_id]] = Decimal(value)
            facts.units[ind_id].add(unit_id)
            if numerator is not None and denominator:
                facts.counts[(ind_id, unit_id)][ctx.periods[period_id]] = (
                    Decimal(numerator),
                    Decimal(denominator),
                )
        plan = IndicatorPlan
        for ind_id, plan_unit, plan_month, planned in session.execute(
            select(plan.indicator_id, plan.unit_id, plan.month_start, plan.cumulative).where(
                plan.indicator_id.in_(chunk), plan.unit_id.is_not(None)
            )
        ):
            if plan_unit is not None:
                facts.plans[(ind_id, plan_unit)][plan_month] = Decimal(planned)
    facts.load_names(session)
    return facts


def _indicator_rows(session: Session, ctx: _Context, lines: list[IndicatorLine]) -> list[ExportRow]:
    facts = _indicator_facts(session, ctx, [line[0].id for line in lines])
    out: list[ExportRow] = []
    for indicator, _activity, _pid, project, _plan, _owner in lines:
        is_sum = indicator.counting == "sum"
        for office in facts.offices_of(indicator.id, ctx):
            key = (indicator.id, office.id)
            reported = facts.values.get(key, {})
            plan_by_month = facts.plan_by_month(key, ctx.fiscal, indicator.counting)
            running: Decimal | None = None
            counted = facts.counts.get(key, {}) if kind_of(indicator.value_type).counts else None
            counts: tuple[Decimal, Decimal] | None = None
            for m in ctx.months:
                value = reported.get(m)
                if value is not None:
                    running = (running or Decimal(0)) + value if is_sum else value
                if counted is not None and (now := counted.get(m)) is not None:
                    counts = (counts[0] + now[0], counts[1] + now[1]) if is_sum and counts else now
                    running = rate_of(*counts)
                status, entered = facts.entry(key, m)
                numerator, denominator = counts or (None, None)
                row = ExportRow(
                    office.code,
                    office.name,
                    office.province_code or "",
                    project,
                    indicator.code,
                    indicator.name,
                    TYPE_WORDS.get(indicator.value_type, indicator.value_type),
                    indicator.unit_label,
                    cal.period_code(m),
                    plan_by_month.get(m),
                    value,
                    running,
                    facts.fixed.get(key),
                    None,
                    None,
                    numerator,
                    denominator,
                    status,
                    entered,
                )
                out.append(row)
    return out


def _budget_facts(session: Session, ctx: _Context, project_ids: list[int]) -> _Facts:
    facts = _Facts()
    for pid, unit_id, amount in session.execute(
        select(Allocation.project_id, Allocation.unit_id, Allocation.amount).where(
            Allocation.project_id.in_(project_ids), office_filter(Allocation.unit_id, ctx.scope)
        )
    ):
        facts.fixed[(pid, unit_id)] = Decimal(amount)
        facts.units[pid].add(unit_id)
    paid = Disbursement
    for pid, unit_id, period_id, amount, status, by in session.execute(
        select(
            paid.project_id, paid.unit_id, paid.period_id, paid.amount, paid.status, paid.entered_by_id
        ).where(
            paid.project_id.in_(project_ids),
            paid.period_id.in_(list(ctx.periods) or [0]),
            office_filter(paid.unit_id, ctx.scope),
        )
    ):
        facts.entries[(pid, unit_id)][ctx.periods[period_id]] = (status, by)
        if status not in DONE_STATUSES:
            continue
        facts.values[(pid, unit_id)][ctx.periods[period_id]] = Decimal(amount)
        facts.units[pid].add(unit_id)
    plan = SpendingPlan
    for pid, plan_unit, plan_month, planned in session.execute(
        select(plan.project_id, plan.unit_id, plan.month_start, plan.cumulative).where(
            plan.project_id.in_(project_ids), plan.unit_id.is_not(None)
        )
    ):
        if plan_unit is not None:
            facts.plans[(pid, plan_unit)][plan_month] = Decimal(planned)
    facts.load_names(session)
    return facts


def _budget_rows(session: Session, ctx: _Context, lines: list[IndicatorLine]) -> list[ExportRow]:
    names = {line[2]: line[3] for line in lines}
    facts = _budget_facts(session, ctx, list(names))
    out: list[ExportRow] = []
    for pid, name in names.items():
        for office in facts.offices_of(pid, ctx):
            key = (pid, office.id)
            plan_by_month = facts.plan_by_month(key, ctx.fiscal, "sum")
            so_far = Decimal(0)
            for m in ctx.months:
                amount = facts.values.get(key, {}).get(m)
                so_far += amount or 0
                out.append(
                    ExportRow(
                        office.code,
                        office.name,
                        office.province_code or "",
                        name,
                        "",
                        "",
                        AMOUNT_WORD,
                        AMOUNT_WORD,
                        cal.period_code(m),
                        plan_by_month.get(m),
                        None,
                        so_far,
                        None,
                        amount,
                        facts.fixed.get(key),
                        None,
                        None,
                        *facts.entry(key, m),
                    )
                )
    return out


# --- the files (pure: rows in, bytes or a workbook out) -------------------------------------------


def export_csv(rows: Iterable[ExportRow]) -> bytes:
    """UTF-8 with a BOM (Excel opens Thai CSV correctly only with one), one header line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS.values())
    for row in rows:
        writer.writerow([_csv_cell(v) for v in astuple(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: object) -> object:
    """Numbers without trailing zeros (1250, 2.75), nothing for no value."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


COLUMNS = [
    Col(L.EXPORT_HEADERS[0]),
    Col(L.EXPORT_HEADERS[1], width=30),
    Col(L.EXPORT_HEADERS[2]),
    Col(L.EXPORT_HEADERS[3], width=36),
    Col(L.EXPORT_HEADERS[4]),
    Col(L.EXPORT_HEADERS[5], width=50),
    Col(L.EXPORT_HEADERS[6], width=18),  # "ร้อยละจากจำนวน" whole
    Col(L.EXPORT_HEADERS[7]),
    Col(L.EXPORT_HEADERS[8]),
    *[Col(header, "num") for header in L.EXPORT_HEADERS[9:17]],
    Col(L.EXPORT_HEADERS[17], width=16),
    Col(L.EXPORT_HEADERS[18], width=36),
]


def _typed(rows: list[ExportRow]) -> list[Col]:
    """COLUMNS with one number format per numeric column (#25): two decimals when any value has them."""
    dec = fractional((astuple(row) for row in rows), range(9, 17))
    return [
        Col(c.header, "dec" if i in dec else "int", c.width) if 9 <= i < 17 else c
        for i, c in enumerate(COLUMNS)
    ]


def build_export(data: ReportData, meta: Meta = DEFAULT_META) -> Workbook:
    """The flat rows as one sheet (a table a BI tool reads: one header row under the titles)."""
    book = ReportBook()
    sheet = Sheet(book, L.SHEET_EXPORT, title_lines("export", data, meta), _typed(data.export), title_cols=2)
    for row in data.export:
        sheet.row(list(astuple(row)))
    return book


def load_export(session: Session, month: date, scope: Scope, data: ReportData) -> None:
    """Fill ``data.export`` for the report's indicators (queries.load ran first)."""
    period = session.scalar(select(Period).where(Period.month_start == month))
    if period is None:
        return
    data.export = export_rows(
        session, period.fiscal_year, month, scope, report_indicators(session, period.fiscal_year, scope)
    )
