"""The สงป. ๓๐๑ workbook: plan and result per month, above and below plan."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook

from models import calendar as cal
from reports import labels as L
from reports.rows import IndicatorRow, ReportData
from reports.workbook import DEFAULT_META, CellValue, Col, Meta, ReportBook, Sheet, title_lines


def monthly_plan(row: IndicatorRow) -> list[Decimal | None]:
    """The plan per month, Oct..Sep. Simplification: a `sum` indicator's annual target is spread
    evenly over the twelve months; a `latest` indicator (a rate) plans its target every month."""
    if row.target is None:
        return [None] * 12
    if row.counting == "sum":
        return [row.target / 12] * 12
    return [row.target] * 12


def quarter_total(values: Sequence[Decimal | None], counting: str) -> Decimal | None:
    """A quarter's subtotal: the sum of its months (sum) or its last value (latest)."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return sum(present, Decimal(0)) if counting == "sum" else present[-1]


def above_plan(row: IndicatorRow, months_elapsed: int) -> bool:
    if row.target is None or row.cumulative is None:
        return False
    plan = [p for p in monthly_plan(row)[:months_elapsed] if p is not None]  # all there: a target is set
    planned = sum(plan, Decimal(0)) if row.counting == "sum" else plan[-1]
    return row.cumulative >= planned


def build_bb301(data: ReportData, meta: Meta = DEFAULT_META) -> Workbook:
    book = ReportBook()
    titles = title_lines("bb301", data, meta) + [L.BB_PLAN_NOTE]
    month_names = [cal.thai_month_short(m).split()[0] for m in cal.fiscal_months(data.header.fiscal_year)]
    cols = [Col(L.INDICATOR, width=55), Col(L.UNIT), Col(L.TARGET, "num"), Col(L.BB_KIND)]
    for q in range(4):
        cols += [Col(name, "num", width=11) for name in month_names[q * 3 : q * 3 + 3]]
        cols.append(Col(L.BB_QUARTER.format(n=q + 1), "num", width=12))
    cols.append(Col(L.CUMULATIVE, "num", width=12))
    sheet = Sheet(book, L.SHEET_BB301, titles, cols)
    elapsed = cal.fiscal_months(data.header.fiscal_year).index(data.header.month) + 1
    above = [r for r in data.indicators if above_plan(r, elapsed)]
    below = [r for r in data.indicators if not above_plan(r, elapsed)]
    for heading, rows in ((L.BB_ABOVE, above), (L.BB_BELOW, below)):
        sheet.group(heading)
        project = None
        for row in rows:
            if row.project != project:
                project = row.project
                sheet.group(f"{L.PROJECT}: {project}")
            plan = monthly_plan(row)
            result = [v if i < elapsed else None for i, v in enumerate(row.months)]
            for label, values, total in (
                (L.BB_ROW_PLAN, plan, None),
                (L.BB_ROW_RESULT, result, row.cumulative),
            ):
                cells: list[CellValue] = [row.name, row.unit, row.target, label]
                for q in range(4):
                    part = values[q * 3 : q * 3 + 3]
                    cells += [_round(v) for v in part] + [_round(quarter_total(part, row.counting))]
                if total is None:
                    total = quarter_total(values[:elapsed], row.counting)
                cells.append(_round(total))
                sheet.row(cells)
    return book


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))
