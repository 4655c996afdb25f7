"""The ความครบถ้วน (status) workbook: who sent what, per office, division and project."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from openpyxl import Workbook

from reports import labels as L
from reports.rows import ReportData, StatusRow
from reports.workbook import DEFAULT_META, Col, Meta, Pct, ReportBook, Sheet, title_lines


def build_status(data: ReportData, meta: Meta = DEFAULT_META) -> Workbook:
    book = ReportBook()
    titles = title_lines("status", data, meta)
    projects = list(dict.fromkeys(r.project for r in data.status))
    offices: dict[str, list[StatusRow]] = defaultdict(list)
    for row in data.status:
        offices[row.office_code].append(row)

    cols = (
        [Col(L.OFFICE_CODE), Col(L.OFFICE, width=36)]
        + [Col(p, width=18) for p in projects]
        + [Col(L.COMPLETE_PCT, "pct")]
    )
    sheet = Sheet(book, L.SHEET_STATUS, titles, cols)
    for code, rows in offices.items():
        states = {r.project: L.STATES[r.state] for r in rows}
        sheet.row([code, rows[0].office] + [states.get(p, "-") for p in projects] + [_complete_pct(rows)])

    per_office = Sheet(
        book,
        L.SHEET_STATUS_OFFICES,
        titles,
        [
            Col(L.OFFICE_CODE),
            Col(L.OFFICE, width=36),
            Col(L.PAIRS_TOTAL, "int"),
            Col(L.PAIRS_COMPLETE, "int"),
            Col(L.ITEMS_TOTAL, "int"),
            Col(L.ITEMS_DONE, "int"),
            Col(L.COMPLETE_PCT, "pct"),
        ],
    )
    for code, rows in offices.items():
        per_office.row(
            [
                code,
                rows[0].office,
                len(rows),
                _complete(rows),
                sum(r.total for r in rows),
                sum(r.done for r in rows),
                _complete_pct(rows),
            ]
        )
    per_office.row(
        [
            L.OVERALL,
            None,
            len(data.status),
            _complete(data.status),
            sum(r.total for r in data.status),
            sum(r.done for r in data.status),
            _complete_pct(data.status),
        ],
        bold=True,
    )

    divisions: dict[str, list[StatusRow]] = defaultdict(list)
    for row in data.status:
        for division in row.divisions or (row.division,):  # a pair counts for each of its divisions
            divisions[division].append(row)
    per_division = Sheet(
        book,
        L.SHEET_STATUS_DIVISIONS,
        titles,
        [
            Col(L.DIVISION),
            Col(L.PAIRS_TOTAL, "int"),
            Col(L.PAIRS_COMPLETE, "int"),
            Col(L.COMPLETE_PCT, "pct"),
        ],
    )
    for code, rows in sorted(divisions.items()):
        per_division.row([code, len(rows), _complete(rows), _complete_pct(rows)])
    per_division.row(
        [L.OVERALL, len(data.status), _complete(data.status), _complete_pct(data.status)], bold=True
    )

    missing = Sheet(
        book,
        L.SHEET_MISSING,
        titles,
        [
            Col(L.OFFICE_CODE),
            Col(L.OFFICE, width=36),
            Col(L.PROJECT, width=50),
            Col(L.DIVISION),
            Col(L.STATE),
            Col(L.ITEMS_DONE, "int"),
            Col(L.ITEMS_TOTAL, "int"),
        ],
    )
    for row in data.status:
        if row.state in ("missing", "partial", "returned"):
            missing.row(
                [
                    row.office_code,
                    row.office,
                    row.project,
                    row.division,
                    L.STATES[row.state],
                    row.done,
                    row.total,
                ]
            )
    return book


def is_complete(row: StatusRow) -> bool:
    return row.state in ("submitted", "approved", "late")


def _complete(rows: Sequence[StatusRow]) -> int:
    return sum(1 for r in rows if is_complete(r))


def _complete_pct(rows: Sequence[StatusRow]) -> Pct | None:
    return Pct(_complete(rows) / len(rows)) if rows else None
