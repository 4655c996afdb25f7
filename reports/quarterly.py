"""The รายไตรมาส (quarterly) workbook: the quarter's results and the projects' budget and problems."""

from __future__ import annotations

from openpyxl import Workbook

from reports import labels as L
from reports.bb301 import elapsed_months
from reports.project_report import project_sheets
from reports.rows import ReportData
from reports.signature import add_signature_block
from reports.workbook import DEFAULT_META, CellValue, Col, Meta, ReportBook, Sheet, pct, title_lines


def build_quarterly(data: ReportData, meta: Meta = DEFAULT_META) -> Workbook:
    book = ReportBook()
    titles = title_lines("quarterly", data, meta)
    cols = [
        Col(L.PLAN, width=30),
        Col(L.PROJECT, width=40),
        Col(L.ACTIVITY, width=30),
        Col(L.INDICATOR, width=50),
        Col(L.UNIT),
        Col(L.TARGET, "num"),
        Col(L.RESULT_QUARTER, "num"),
        Col(L.CUMULATIVE, "num"),
        Col(L.PERCENT, "pct"),
    ]
    lines: list[list[CellValue]] = [
        [r.plan, r.project, r.activity, r.name, r.unit_shown, r.target, r.value, r.cumulative, pct(r.percent)]
        for r in data.indicators
    ]
    sheet = Sheet(book, L.SHEET_QUARTER, titles, cols, lines)
    for line in lines:
        sheet.row(line)
    budget: list[list[CellValue]] = [
        [
            p.name,
            p.allocated,
            p.disbursed,
            pct(p.percent),
            p.problems or "-",
            p.solutions or "-",
            p.outcome or "-",
        ]
        for p in data.projects
    ]
    projects = Sheet(
        book,
        L.SHEET_PROJECTS,
        titles,
        [
            Col(L.PROJECT, width=45),
            Col(L.ALLOCATED, "num"),
            Col(L.DISBURSED, "num"),
            Col(L.DISBURSED_PCT, "pct"),
            Col(L.PROBLEMS, width=45),
            Col(L.SOLUTIONS, width=45),
            Col(L.OUTCOME, width=40),
        ],
        budget,
    )
    for line in budget:
        projects.row(line)
    # #15: the project report of seed 002; the form is signed at its end (#25)
    last = project_sheets(book, titles, data, elapsed_months(data)) or projects
    add_signature_block(last, meta, data.signers)
    return book
