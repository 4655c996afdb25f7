"""The ความครบถ้วน (status) workbook: who sent what, per office, division and project."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from openpyxl import Workbook

from reports import labels as L
from reports.rows import ReportData, StatusRow
from reports.workbook import DEFAULT_META, Col, Meta, Pct, ReportBook, Sheet, title_lines

# The status rows of each office, by office code.
Offices = dict[str, list[StatusRow]]


def build_status(data: ReportData, meta: Meta = DEFAULT_META) -> Workbook:
    """Four sheets: the office × project grid, per office, per division, and the pairs missing."""
    book = ReportBook()
    titles = title_lines("status", data, meta)
    offices: dict[str, list[StatusRow]] = defaultdict(list)
    for row in data.status:
        offices[row.office_code].append(row)
    _grid_sheet(book, titles, data, offices)
    _offices_sheet(book, titles, data, offices)
    _divisions_sheet(book, titles, data)
    _missing_sheet(book, titles, data)
    if any(row.parent for row in data.status):
        _parents_sheet(book, titles, data, offices)
    return book


def _parents_sheet(book: ReportBook, titles: list[str], data: ReportData, offices: Offices) -> None:
    """Per supervising unit (the province for seed 004): its offices, how many sent everything,
    and its pairs; then the overall line. Written only when the plan has a unit tree."""
    groups: dict[str, list[list[StatusRow]]] = defaultdict(list)
    for rows in offices.values():
        groups[rows[0].parent].append(rows)
    sheet = Sheet(
        book,
        L.SHEET_STATUS_PARENTS,
        titles,
        [
            Col(L.PARENT, width=40),
            Col(L.OFFICES_TOTAL, "int"),
            Col(L.OFFICES_COMPLETE, "int"),
            Col(L.PAIRS_TOTAL, "int"),
            Col(L.PAIRS_COMPLETE, "int"),
            Col(L.COMPLETE_PCT, "pct"),
        ],
    )
    for parent, members in sorted(groups.items()):
        pairs = [row for rows in members for row in rows]
        sheet.row(
            [
                parent or L.NO_PARENT,
                len(members),
                sum(1 for rows in members if _complete(rows) == len(rows)),
                len(pairs),
                _complete(pairs),
                _complete_pct(pairs),
            ]
        )
    sheet.row(
        [
            L.OVERALL,
            len(offices),
            sum(1 for rows in offices.values() if _complete(rows) == len(rows)),
            len(data.status),
            _complete(data.status),
            _complete_pct(data.status),
        ],
        bold=True,
    )


def _grid_sheet(book: ReportBook, titles: list[str], data: ReportData, offices: Offices) -> None:
    """One row per office, one column per project: the pair's state."""
    projects = list(dict.fromkeys(r.project for r in data.status))
    cols = (
        [Col(L.OFFICE_CODE), Col(L.OFFICE, width=36)]
        + [Col(p, width=18) for p in projects]
        + [Col(L.COMPLETE_PCT, "pct")]
    )
    sheet = Sheet(book, L.SHEET_STATUS, titles, cols, title_cols=2)
    for code, rows in offices.items():
        states = {r.project: L.STATES[r.state] for r in rows}
        sheet.row([code, rows[0].office] + [states.get(p, "-") for p in projects] + [_complete_pct(rows)])


def _offices_sheet(book: ReportBook, titles: list[str], data: ReportData, offices: Offices) -> None:
    """Per office: its pairs and items, how many are complete; then the overall line."""
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


def _divisions_sheet(book: ReportBook, titles: list[str], data: ReportData) -> None:
    """Per division: the pairs it owns alone and how many are complete; a pair of a project that
    several divisions own is counted once, in the row of those divisions together ("ร่วมกัน"), so
    the rows add up to the overall line; a note under the table names the shared projects."""
    groups: dict[tuple[str, ...], list[StatusRow]] = defaultdict(list)
    for row in data.status:
        groups[row.divisions or (row.division,)].append(row)
    for owners in list(groups):
        for division in owners:  # a division sharing all its pairs still has its own row
            groups.setdefault((division,), [])
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
    for owners, rows in sorted(groups.items(), key=lambda item: (len(item[0]) > 1, item[0])):
        label = owners[0] if len(owners) == 1 else L.SHARED_ROW.format(codes=" + ".join(owners))
        per_division.row([label, len(rows), _complete(rows), _complete_pct(rows)])
    per_division.row(
        [L.OVERALL, len(data.status), _complete(data.status), _complete_pct(data.status)], bold=True
    )
    shared = {
        f"{row.project} ({', '.join(row.divisions)})": None for row in data.status if len(row.divisions) > 1
    }
    if shared:
        per_division.blank()
        per_division.note(L.SHARED_NOTE_LABEL, L.SHARED_NOTE.format(projects="; ".join(shared)))


def _missing_sheet(book: ReportBook, titles: list[str], data: ReportData) -> None:
    """The pairs still missing, partly sent or returned."""
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


def is_complete(row: StatusRow) -> bool:
    return row.state in ("submitted", "approved", "late")


def _complete(rows: Sequence[StatusRow]) -> int:
    return sum(1 for r in rows if is_complete(r))


def _complete_pct(rows: Sequence[StatusRow]) -> Pct | None:
    return Pct(_complete(rows) / len(rows)) if rows else None
