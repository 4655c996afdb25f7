"""The ตป.๑ workbook: a summary, one sheet per project, and the breakdown by office."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from openpyxl import Workbook

from reports import labels as L
from reports.measure import decimal_kind
from reports.rows import IndicatorRow, ReportData
from reports.signature import add_signature_block
from reports.workbook import (
    DEFAULT_META,
    CellValue,
    Col,
    Meta,
    ReportBook,
    Sheet,
    num,
    pct,
    title_lines,
)

INDICATOR_COLS = [
    Col(L.CODE, width=14),  # also holds the labels of the budget and problem rows
    Col(L.INDICATOR),
    Col(L.UNIT),
    Col(L.TARGET, "num"),
    Col(L.RESULT_PERIOD, "num"),
    Col(L.CUMULATIVE, "num"),
    Col(L.PERCENT, "pct"),
    Col(L.OFFICES_REPORTED, "text"),
]


def _indicator_values(row: IndicatorRow) -> list[CellValue]:
    return [
        row.code,
        row.name,
        row.unit_shown,
        num(row.target),
        num(row.value),
        num(row.cumulative),
        pct(row.percent),
        f"{row.reported}/{row.offices}",
    ]


def build_tp1(data: ReportData, meta: Meta = DEFAULT_META) -> Workbook:
    book = ReportBook()
    titles = title_lines("tp1", data, meta)
    _summary_sheet(book, L.SHEET_SUMMARY, titles, data)
    by_project: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in data.indicators:
        by_project[row.project_id].append(row)
    for n, project in enumerate(data.projects, start=1):
        budget: list[list[CellValue]] = [
            [L.BUDGET, L.ALLOCATED, None, project.allocated, None, None, None, None],
            [L.BUDGET, L.DISBURSED, None, project.disbursed, None, None, pct(project.percent), None],
        ]
        sheet = Sheet(
            book,
            f"{n} {project.name}",
            titles + [f"{L.PROJECT}: {project.name}"],
            INDICATOR_COLS,
            [_indicator_values(r) for r in by_project[project.project_id]] + budget,
        )
        sheet.group(f"{L.PLAN}: {project.plan}")
        sheet.group(f"{L.PROJECT}: {project.name}")
        activity = None
        for row in by_project[project.project_id]:
            if row.activity != activity:
                activity = row.activity
                sheet.group(f"{L.ACTIVITY}: {activity}")
            sheet.row(_indicator_values(row))
        # the budget and the box of notes stay with the last indicators (#25: never a page of
        # notes alone under the indicators' header)
        sheet.pager.keep_with_previous()
        sheet.pager.start_block()
        sheet.blank()
        for values in budget:
            sheet.row(values)
        sheet.blank()
        for n_note, (label, text) in enumerate(
            ((L.PROBLEMS, project.problems), (L.SOLUTIONS, project.solutions), (L.OUTCOME, project.outcome))
        ):
            sheet.note(label, text or "-")
            if n_note == 0:
                sheet.pager.end_block()
    last = _by_office_sheet(book, titles, data)
    add_signature_block(last, meta, data.signers)
    return book


def _summary_sheet(book: ReportBook, title: str, titles: list[str], data: ReportData) -> None:
    cols = [
        Col(L.PLAN),
        Col(L.PROJECT),
        Col(L.INDICATORS_COUNT, "int"),
        Col(L.ALLOCATED, "num"),
        Col(L.DISBURSED, "num"),
        Col(L.DISBURSED_PCT, "pct"),
    ]
    counts: dict[int, int] = defaultdict(int)
    for row in data.indicators:
        counts[row.project_id] += 1
    values = [
        [p.plan, p.name, counts[p.project_id], p.allocated, p.disbursed, pct(p.percent)]
        for p in data.projects
    ]
    sheet = Sheet(book, title, titles, cols, values)
    for v in values:
        sheet.row(v)
    allocated = sum((p.allocated for p in data.projects), Decimal(0))
    disbursed = sum((p.disbursed for p in data.projects), Decimal(0))
    sheet.row(
        [
            L.TOTAL,
            None,
            len(data.indicators),
            allocated,
            disbursed,
            pct(float(disbursed / allocated) if allocated else None),
        ],
        bold=True,
    )


def _by_office_sheet(book: ReportBook, titles: list[str], data: ReportData) -> Sheet:
    """Every indicator broken down by office: a group row names the indicator and its unit, then
    one row per office. The code is repeated on each row so that a filter on it still works; the
    name and unit are not (the national breakdown has 400,000 rows, each cell counts)."""
    kinds = [
        decimal_kind(getattr(r, name) for r in data.by_office) for name in ("target", "value", "cumulative")
    ]
    cols = [
        Col(L.CODE),
        Col(L.OFFICE_CODE),
        Col(L.OFFICE, width=56),  # the longest office name on one line
        Col(L.TARGET, kinds[0]),
        Col(L.RESULT_PERIOD, kinds[1]),
        Col(L.CUMULATIVE, kinds[2]),
        Col(L.PERCENT, "pct"),
    ]
    sheet = Sheet(book, L.SHEET_BY_OFFICE, titles, cols, title_cols=3)
    indicator = None
    for r in data.by_office:
        if r.indicator_id != indicator:
            indicator = r.indicator_id
            sheet.group(f"{r.code} {r.name} ({r.unit})")
        sheet.row([r.code, r.office_code, r.office, r.target, r.value, r.cumulative, pct(r.percent)])
    return sheet
