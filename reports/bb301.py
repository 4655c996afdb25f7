"""The สงป. ๓๐๑ workbook (the Budget Bureau's form): results to date against the monthly plan.

One row per indicator, grouped above plan / as planned / below plan; indicators no office has
reported yet have their own group (their rows say "ยังไม่รายงาน" and show the plan to date when
there is one), and so do those without a monthly plan (the form says "ไม่ได้กำหนดแผนรายเดือน": it
never spreads the annual target over twelve months). A second sheet
has the results month by month, a third the budget: the spending plan to date against what was
disbursed, with a total row that adds up.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook

from models import calendar as cal
from models.value_types import achievement, rate_of
from reports import labels as L
from reports.rows import IndicatorRow, ProjectRow, ReportData, ratio
from reports.signature import add_signature_block
from reports.workbook import DEFAULT_META, CellValue, Col, Meta, ReportBook, Sheet, pct, title_lines

AS_PLANNED_BAND = Decimal("0.05")  # within ±5% of the plan to date is "as planned"
STANDINGS = ("above", "as_planned", "below", "not_reported", "no_plan")


def elapsed_months(data: ReportData) -> int:
    return cal.fiscal_months(data.header.fiscal_year).index(data.header.month) + 1


def plan_to_date(row: IndicatorRow, months_elapsed: int) -> Decimal | None:
    """The planned cumulative value by the report's month; None without a monthly plan."""
    if not row.plan_months:
        return None
    return row.plan_months[months_elapsed - 1]


def spending_to_date(project: ProjectRow, months_elapsed: int) -> Decimal | None:
    if not project.spending_plan:
        return None
    return project.spending_plan[months_elapsed - 1]


def standing(row: IndicatorRow, months_elapsed: int) -> str:
    """above | as_planned | below | not_reported | no_plan."""
    if row.cumulative is None:
        return "not_reported"
    planned = plan_to_date(row, months_elapsed)
    if planned is None:
        return "no_plan"
    share = achievement(row.cumulative, planned, row.direction)  # lower-is-better: plan ÷ result
    if share is None:  # a plan of 0 for higher-is-better
        return "above" if row.cumulative > 0 else "as_planned"
    if share > 1 + AS_PLANNED_BAND:
        return "above"
    if share >= 1 - AS_PLANNED_BAND:
        return "as_planned"
    return "below"


def above_plan(row: IndicatorRow, months_elapsed: int) -> bool:
    """On or above the plan to date (what the chat card counts as ตามแผน)."""
    return standing(row, months_elapsed) in ("above", "as_planned")


def plan_count(data: ReportData) -> tuple[int, int]:
    """(on or above the plan to date, with a monthly plan) among the report's indicators: those
    without a monthly plan are not counted as behind it (#24)."""
    elapsed = elapsed_months(data)
    planned = [row for row in data.indicators if plan_to_date(row, elapsed) is not None]
    return sum(1 for row in planned if above_plan(row, elapsed)), len(planned)


def quarter_total(
    values: Sequence[Decimal | None], counting: str, counts: Sequence[tuple[Decimal, Decimal]] | None = None
) -> Decimal | None:
    """A quarter's subtotal: the sum of its months (sum) or its last value (latest); a rate from
    counts (``counts``: its months' Σ numerators, Σ denominators) divides the quarter's sums (#22)."""
    if counts is not None:
        reported = [pair for pair in counts if pair[1]]
        if not reported:
            return None
        if counting != "sum":
            return rate_of(*reported[-1])
        return rate_of(sum((n for n, _ in reported), Decimal(0)), sum((d for _, d in reported), Decimal(0)))
    present = [v for v in values if v is not None]
    if not present:
        return None
    return sum(present, Decimal(0)) if counting == "sum" else present[-1]


def build_bb301(data: ReportData, meta: Meta = DEFAULT_META) -> Workbook:
    book = ReportBook()
    low, high = 100 * (1 - AS_PLANNED_BAND), 100 * (1 + AS_PLANNED_BAND)
    titles = title_lines("bb301", data, meta) + [L.BB_NOTE.format(low=low, high=high)]
    elapsed = elapsed_months(data)
    _standing_sheet(book, titles, data, elapsed)
    _months_sheet(book, titles, data, elapsed)
    _budget_sheet(book, titles, data, elapsed, meta)
    return book


def _standing_sheet(book: ReportBook, titles: list[str], data: ReportData, elapsed: int) -> None:
    month = cal.thai_month_short(data.header.month)
    cols = [
        Col(L.INDICATOR, width=60),
        Col(L.UNIT),
        Col(L.TARGET, "num"),
        Col(L.BB_PLAN_TO_DATE.format(month=month), "num", width=16),
        Col(L.CUMULATIVE, "num"),
        Col(L.BB_VS_PLAN, "pct"),
        Col(L.PERCENT, "pct"),
        Col(L.RESULT_PERIOD, "num"),
        Col(L.OFFICES_REPORTED),
    ]
    groups: dict[str, list[IndicatorRow]] = {name: [] for name in STANDINGS}
    for row in data.indicators:
        groups[standing(row, elapsed)].append(row)
    values: dict[int, list[CellValue]] = {}
    for name in STANDINGS:
        for row in groups[name]:
            planned = plan_to_date(row, elapsed)
            values[row.indicator_id] = [
                row.name,
                row.unit_shown,
                row.target,
                _plan_cell(name, planned),
                L.BB_NOT_REPORTED if name == "not_reported" else _round(row.cumulative),
                pct(achievement(row.cumulative, planned, row.direction)),
                pct(row.percent),
                _round(row.value),
                f"{row.reported}/{row.offices}",
            ]
    sheet = Sheet(book, L.SHEET_BB301, titles, cols, list(values.values()))
    for name in STANDINGS:
        rows = groups[name]
        sheet.group(L.BB_GROUP_COUNT.format(heading=L.BB_GROUPS[name], count=len(rows)))
        project = None
        for row in rows:
            if row.project != project:
                project = row.project
                sheet.group(f"{L.PROJECT}: {project}")
            sheet.row(values[row.indicator_id])


def _plan_cell(group: str, planned: Decimal | None) -> CellValue:
    """The plan to date, as its group reads: the words "no monthly plan" only in group 5; a row
    not reported yet shows its plan, or nothing when it has none (it is not group 5's)."""
    if planned is not None:
        return _round(planned)
    return L.BB_NO_PLAN if group == "no_plan" else None


def _months_sheet(book: ReportBook, titles: list[str], data: ReportData, elapsed: int) -> None:
    month_names = [cal.thai_month_short(m).split()[0] for m in cal.fiscal_months(data.header.fiscal_year)]
    cols = [Col(L.INDICATOR, width=50), Col(L.UNIT)]
    for q in range(4):
        cols += [Col(name, "num", width=10) for name in month_names[q * 3 : q * 3 + 3]]
        cols.append(Col(L.BB_QUARTER.format(n=q + 1), "num", width=11))
    cols.append(Col(L.CUMULATIVE, "num", width=12))
    lines = [_month_cells(row, elapsed) for row in data.indicators]
    sheet = Sheet(book, L.BB_SHEET_MONTHS, titles, cols, lines, title_cols=2)
    project = None
    for row, cells in zip(data.indicators, lines, strict=True):
        if row.project != project:
            project = row.project
            sheet.group(f"{L.PROJECT}: {project}")
        sheet.row(cells)


def _month_cells(row: IndicatorRow, elapsed: int) -> list[CellValue]:
    """An indicator's results month by month with the quarters' subtotals, and its cumulative."""
    result = [v if i < elapsed else None for i, v in enumerate(row.months)]
    cells: list[CellValue] = [row.name, row.unit_shown]
    counts = [c if i < elapsed else (Decimal(0), Decimal(0)) for i, c in enumerate(row.count_months or [])]
    for q in range(4):
        part = result[q * 3 : q * 3 + 3]
        total = quarter_total(part, row.counting, counts[q * 3 : q * 3 + 3] if row.count_months else None)
        cells += [_round(v) for v in part] + [_round(total)]
    cells.append(_round(row.cumulative))
    return cells


def budget_rows(data: ReportData, elapsed: int) -> list[list[CellValue]]:
    """Per project: name, allocated, spending plan to date (or the words), disbursed, disbursed −
    plan, % of plan, % of allocation; then the total row (sums of the columns above)."""
    out: list[list[CellValue]] = []
    allocated = planned_total = disbursed = difference = Decimal(0)
    for p in data.projects:
        planned = spending_to_date(p, elapsed)
        allocated += p.allocated
        disbursed += p.disbursed
        if planned is not None:
            planned_total += planned
            difference += p.disbursed - planned
        out.append(
            [
                p.name,
                p.allocated,
                planned if planned is not None else L.BB_NO_SPENDING_PLAN,
                p.disbursed,
                p.disbursed - planned if planned is not None else None,
                pct(ratio(p.disbursed, planned)),
                pct(p.percent),
            ]
        )
    any_plan = any(spending_to_date(p, elapsed) is not None for p in data.projects)
    out.append(
        [
            L.TOTAL,
            allocated,
            planned_total if any_plan else None,
            disbursed,
            difference if any_plan else None,
            None,
            pct(ratio(disbursed, allocated)),
        ]
    )
    return out


def _budget_sheet(book: ReportBook, titles: list[str], data: ReportData, elapsed: int, meta: Meta) -> None:
    cols = [
        Col(L.PROJECT, width=50),
        Col(L.ALLOCATED, "num"),
        Col(L.BB_SPENDING_PLAN, "num", width=18),
        Col(L.DISBURSED, "num"),
        Col(L.BB_DIFFERENCE, "num", width=18),
        Col(L.BB_PCT_OF_PLAN, "pct"),
        Col(L.BB_PCT_OF_ALLOCATION, "pct"),
    ]
    rows = budget_rows(data, elapsed)
    sheet = Sheet(book, L.BB_SHEET_BUDGET, titles, cols, rows)
    for values in rows[:-1]:
        sheet.row(values)
    sheet.row(rows[-1], bold=True)
    add_signature_block(sheet, meta, data.signers)


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))
