"""Pure builders: report rows in, an openpyxl Workbook out. No database, no clock, no files.

Every workbook is written in write-only mode (the national breakdown has hundreds of thousands of
rows). Every string is written as text, never as a formula: a problem typed as ``=SUM(A1)`` stays
the text ``=SUM(A1)``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from models import calendar as cal
from reports import labels as L
from reports.queries import IndicatorRow, ReportData, StatusRow

FONT_NAME = "TH SarabunPSK"
INT_FORMAT = "#,##0"
DEC_FORMAT = "#,##0.00"
PCT_FORMAT = "0.00%"
MAX_WIDTH = 60
MAX_SHEET_TITLE = 31


@dataclass(frozen=True)
class Meta:
    """What the header of every report names besides the data."""

    department: str = L.DEFAULT_DEPARTMENT
    made: date | None = None  # the day the file was made (Bangkok)


# --- styles and the sheet writer --------------------------------------------------------------

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _styles() -> list[NamedStyle]:
    def style(name: str, *, bold: bool = False, size: int = 14, fmt: str = "General", wrap: bool = True,
              fill: str | None = None, border: bool = True, horizontal: str | None = None) -> NamedStyle:
        s = NamedStyle(name=name)
        s.font = Font(name=FONT_NAME, size=size, bold=bold)
        s.number_format = fmt
        s.alignment = Alignment(wrap_text=wrap, vertical="top", horizontal=horizontal)
        if fill:
            s.fill = PatternFill("solid", fgColor=fill)
        if border:
            s.border = _BORDER
        return s

    return [
        style("tt_title", bold=True, size=16, wrap=False, border=False),
        style("tt_sub", size=14, wrap=False, border=False),
        style("tt_head", bold=True, fill="DDEBF7", horizontal="center"),
        style("tt_group", bold=True, fill="F2F2F2"),
        style("tt_text"),
        style("tt_int", fmt=INT_FORMAT),
        style("tt_dec", fmt=DEC_FORMAT),
        style("tt_pct", fmt=PCT_FORMAT),
        style("tt_bint", bold=True, fmt=INT_FORMAT, fill="F2F2F2"),
        style("tt_bdec", bold=True, fmt=DEC_FORMAT, fill="F2F2F2"),
        style("tt_bpct", bold=True, fmt=PCT_FORMAT, fill="F2F2F2"),
    ]


class ReportBook(Workbook):
    """A write-only workbook holding the report styles.

    ``cell_styles`` keeps each named style's style array, so that a cell is made with its style
    in one step (``Cell(style_array=...)``) rather than through the ``cell.style`` setter, which
    looks the name up again for every cell: the national breakdown has millions of cells.
    """

    def __init__(self) -> None:
        super().__init__(write_only=True)
        self.cell_styles: dict[str, StyleArray] = {}
        for style in _styles():
            self.add_named_style(style)
            self.cell_styles[style.name] = style.as_tuple()

    def create_sheet(self, title: str | None = None, index: int | None = None) -> CellRows:
        sheet = CellRows(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)
        return sheet


TEXT_CELLS_KEPT = 50_000  # distinct texts a sheet reuses (the national breakdown has ~16,000)


class CellRows(WriteOnlyWorksheet):
    """A write-only sheet whose rows are lists of ready cells (every cell here has a style).

    openpyxl's own row conversion first tries each value as a plain value: for a cell that is a
    failed type check and an exception, and a spare cell made after it. Over the millions of
    cells of the national breakdown that was a third of the build.
    """

    def _values_to_row(self, values, row_idx):  # openpyxl 3.1's hook; the report tests read every cell back
        for col_idx, cell in enumerate(values, 1):
            if cell is None:
                continue
            cell.column = col_idx
            cell.row = row_idx
            if cell.hyperlink is not None:  # as openpyxl's own does
                cell.hyperlink.ref = cell.coordinate
            yield cell


def clean_text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


@dataclass(frozen=True)
class Col:
    header: str
    kind: str = "text"  # text | num | pct | int
    width: float | None = None  # None: fit the content


class Pct(float):
    """A ratio to show as a percentage."""


class Sheet:
    """A write-only sheet with the report's title rows, column headers and typed cells."""

    def __init__(self, book: ReportBook, title: str, titles: Sequence[str], columns: Sequence[Col],
                 sample: Iterable[Sequence[object]] = ()):
        self.ws: WriteOnlyWorksheet = book.create_sheet(_sheet_title(book, title))
        self.styles = book.cell_styles
        self.columns = list(columns)
        self._texts: dict[tuple[str, str | None], Cell] = {}
        header_row = len(titles) + 2
        self.ws.freeze_panes = f"A{header_row + 1}"
        self.ws.print_title_rows = f"1:{header_row}"
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = 9  # A4
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        for index, width in enumerate(_widths(self.columns, sample), start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        for i, line in enumerate(titles):
            self.ws.append([self.cell(line, "tt_title" if i == 0 else "tt_sub")])
        self.ws.append([])
        self.ws.append([self.cell(c.header, "tt_head") for c in self.columns])

    def cell(self, value: object, style: str | None = None) -> Cell:
        if isinstance(value, str):
            # A text cell is made once and written wherever it recurs (office names and codes
            # repeat under every indicator): a CellRows sheet writes a cell as soon as it is
            # appended, so the next row can place the same cell again.
            key = (value, style)
            cell = self._texts.get(key)
            if cell is None:
                cell = Cell(self.ws, row=1, column=1, value=clean_text(value),
                            style_array=self.styles[style] if style else None)
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if len(self._texts) < TEXT_CELLS_KEPT:
                    self._texts[key] = cell
            return cell
        return Cell(self.ws, row=1, column=1, value=value, style_array=self.styles[style] if style else None)

    def row(self, values: Sequence[object], *, bold: bool = False) -> None:
        out = []
        for value, col in zip(values, self.columns, strict=False):
            out.append(self.cell(value, _style_for(value, col, bold)))
        self.ws.append(out)

    def group(self, text: str) -> None:
        self.ws.append([self.cell(text, "tt_group")] + [self.cell(None, "tt_group") for _ in self.columns[1:]])

    def blank(self) -> None:
        self.ws.append([])


def _style_for(value: object, col: Col, bold: bool) -> str:
    if isinstance(value, Pct) or (col.kind == "pct" and isinstance(value, float)):
        return "tt_bpct" if bold else "tt_pct"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        integral = value == int(value)
        if bold:
            return "tt_bint" if integral else "tt_bdec"
        return "tt_int" if integral else "tt_dec"
    return "tt_group" if bold else "tt_text"


def _text_width(text: str) -> float:
    # Thai combining vowels and tone marks take no width of their own.
    return sum(0 if "\u0e31" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e" else 1 for ch in text)


def _widths(columns: Sequence[Col], sample: Iterable[Sequence[object]], limit: int = 300) -> list[float]:
    widths = [max(8.0, _text_width(c.header) * 1.1 + 2) for c in columns]
    for n, values in enumerate(sample):
        if n >= limit:
            break
        for i, value in enumerate(values[: len(columns)]):
            if value is None:
                continue
            text = f"{value:,.2f}" if isinstance(value, (float, Decimal)) else str(value)
            widths[i] = max(widths[i], _text_width(text) * 1.1 + 2)
    return [c.width or min(w, MAX_WIDTH) for c, w in zip(columns, widths, strict=True)]


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(book: ReportBook, title: str) -> str:
    base = _SHEET_BAD.sub(" ", title).strip()[:MAX_SHEET_TITLE] or "Sheet"
    names = set(book.sheetnames)
    candidate, n = base, 2
    while candidate in names:
        suffix = f" ({n})"
        candidate = base[: MAX_SHEET_TITLE - len(suffix)] + suffix
        n += 1
    return candidate


def _num(value: Decimal | None) -> Decimal | None:
    return value


def _pct(value: float | None) -> Pct | None:
    return None if value is None else Pct(value)


def title_lines(kind: str, data: ReportData, meta: Meta) -> list[str]:
    h = data.header
    window = cal.thai_range(*h.window)
    if h.quarter:
        period = L.QUARTER_LINE.format(quarter=h.quarter, window=window)
    else:
        period = L.PERIOD_LINE.format(month=cal.thai_month(h.month), window=window)
    lines = [f"{L.KIND_TITLES[kind]} · {meta.department}",
             f"{L.FY_LINE.format(year=h.fiscal_year)} · {period}"]
    if h.scope_name:
        lines.append(L.SCOPE_LINE.format(name=h.scope_name))
    if meta.made:
        lines.append(L.MADE_LINE.format(date=cal.thai_date(meta.made)))
    return lines


# --- ตป.๑ ---------------------------------------------------------------------------------------

INDICATOR_COLS = [Col(L.CODE), Col(L.INDICATOR), Col(L.UNIT), Col(L.TARGET, "num"),
                  Col(L.RESULT_PERIOD, "num"), Col(L.CUMULATIVE, "num"), Col(L.PERCENT, "pct"),
                  Col(L.OFFICES_REPORTED, "text")]


def _indicator_values(row: IndicatorRow) -> list[object]:
    return [row.code, row.name, row.unit, _num(row.target), _num(row.value), _num(row.cumulative),
            _pct(row.percent), f"{row.reported}/{row.offices}"]


def build_tp1(data: ReportData, meta: Meta = Meta()) -> Workbook:
    book = ReportBook()
    titles = title_lines("tp1", data, meta)
    _summary_sheet(book, L.SHEET_SUMMARY, titles, data)
    by_project: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in data.indicators:
        by_project[row.project_id].append(row)
    for n, project in enumerate(data.projects, start=1):
        sheet = Sheet(book, f"{n} {project.name}", titles + [f"{L.PROJECT}: {project.name}"],
                      INDICATOR_COLS, (_indicator_values(r) for r in by_project[project.project_id]))
        sheet.group(f"{L.PLAN}: {project.plan}")
        sheet.group(f"{L.PROJECT}: {project.name}")
        activity = None
        for row in by_project[project.project_id]:
            if row.activity != activity:
                activity = row.activity
                sheet.group(f"{L.ACTIVITY}: {activity}")
            sheet.row(_indicator_values(row))
        sheet.blank()
        sheet.row([L.BUDGET, L.ALLOCATED, None, project.allocated, None, None, None, None])
        sheet.row([L.BUDGET, L.DISBURSED, None, project.disbursed, None, None, _pct(project.percent), None])
        sheet.blank()
        for label, text in ((L.PROBLEMS, project.problems), (L.SOLUTIONS, project.solutions),
                            (L.OUTCOME, project.outcome)):
            sheet.row([label, text or "-"])
    _by_office_sheet(book, titles, data)
    return book


def _summary_sheet(book: ReportBook, title: str, titles: list[str], data: ReportData) -> None:
    cols = [Col(L.PLAN), Col(L.PROJECT), Col(L.INDICATORS_COUNT, "int"), Col(L.ALLOCATED, "num"),
            Col(L.DISBURSED, "num"), Col(L.DISBURSED_PCT, "pct")]
    counts: dict[int, int] = defaultdict(int)
    for row in data.indicators:
        counts[row.project_id] += 1
    values = [[p.plan, p.name, counts[p.project_id], p.allocated, p.disbursed, _pct(p.percent)]
              for p in data.projects]
    sheet = Sheet(book, title, titles, cols, values)
    for v in values:
        sheet.row(v)
    allocated = sum((p.allocated for p in data.projects), Decimal(0))
    disbursed = sum((p.disbursed for p in data.projects), Decimal(0))
    sheet.row([L.TOTAL, None, len(data.indicators), allocated, disbursed,
               _pct(float(disbursed / allocated) if allocated else None)], bold=True)


def _by_office_sheet(book: ReportBook, titles: list[str], data: ReportData) -> None:
    """Every indicator broken down by office: a group row names the indicator and its unit, then
    one row per office. The code is repeated on each row so that a filter on it still works; the
    name and unit are not (the national breakdown has 400,000 rows, each cell counts)."""
    cols = [Col(L.CODE), Col(L.OFFICE_CODE), Col(L.OFFICE, width=36), Col(L.TARGET, "num"),
            Col(L.RESULT_PERIOD, "num"), Col(L.CUMULATIVE, "num"), Col(L.PERCENT, "pct")]
    sheet = Sheet(book, L.SHEET_BY_OFFICE, titles, cols)
    indicator = None
    for r in data.by_office:
        if r.indicator_id != indicator:
            indicator = r.indicator_id
            sheet.group(f"{r.code} {r.name} ({r.unit})")
        sheet.row([r.code, r.office_code, r.office, r.target, r.value, r.cumulative, _pct(r.percent)])


# --- สงป. ๓๐๑ ----------------------------------------------------------------------------------

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
    plan = monthly_plan(row)[:months_elapsed]
    planned = sum(plan, Decimal(0)) if row.counting == "sum" else plan[-1]
    return row.cumulative >= planned


def build_bb301(data: ReportData, meta: Meta = Meta()) -> Workbook:
    book = ReportBook()
    titles = title_lines("bb301", data, meta) + [L.BB_PLAN_NOTE]
    month_names = [cal.thai_month_short(m).split()[0] for m in cal.fiscal_months(data.header.fiscal_year)]
    cols = [Col(L.INDICATOR, width=55), Col(L.UNIT), Col(L.TARGET, "num"), Col(L.BB_KIND)]
    for q in range(4):
        cols += [Col(name, "num", width=11) for name in month_names[q * 3: q * 3 + 3]]
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
            for label, values, total in ((L.BB_ROW_PLAN, plan, None), (L.BB_ROW_RESULT, result, row.cumulative)):
                cells: list[object] = [row.name, row.unit, row.target, label]
                for q in range(4):
                    part = values[q * 3: q * 3 + 3]
                    cells += [_round(v) for v in part] + [_round(quarter_total(part, row.counting))]
                if total is None:
                    total = quarter_total(values[:elapsed], row.counting)
                cells.append(_round(total))
                sheet.row(cells)
    return book


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


# --- ความครบถ้วน (status) --------------------------------------------------------------------------

def build_status(data: ReportData, meta: Meta = Meta()) -> Workbook:
    book = ReportBook()
    titles = title_lines("status", data, meta)
    projects = list(dict.fromkeys(r.project for r in data.status))
    offices: dict[str, list[StatusRow]] = defaultdict(list)
    for row in data.status:
        offices[row.office_code].append(row)

    cols = [Col(L.OFFICE_CODE), Col(L.OFFICE, width=36)] + [Col(p, width=18) for p in projects] + [
        Col(L.COMPLETE_PCT, "pct")]
    sheet = Sheet(book, L.SHEET_STATUS, titles, cols)
    for code, rows in offices.items():
        states = {r.project: L.STATES[r.state] for r in rows}
        sheet.row([code, rows[0].office] + [states.get(p, "-") for p in projects] + [_complete_pct(rows)])

    per_office = Sheet(book, L.SHEET_STATUS_OFFICES, titles,
                       [Col(L.OFFICE_CODE), Col(L.OFFICE, width=36), Col(L.PAIRS_TOTAL, "int"),
                        Col(L.PAIRS_COMPLETE, "int"), Col(L.ITEMS_TOTAL, "int"), Col(L.ITEMS_DONE, "int"),
                        Col(L.COMPLETE_PCT, "pct")])
    for code, rows in offices.items():
        per_office.row([code, rows[0].office, len(rows), _complete(rows), sum(r.total for r in rows),
                        sum(r.done for r in rows), _complete_pct(rows)])
    per_office.row([L.OVERALL, None, len(data.status), _complete(data.status), sum(r.total for r in data.status),
                    sum(r.done for r in data.status), _complete_pct(data.status)], bold=True)

    divisions: dict[str, list[StatusRow]] = defaultdict(list)
    for row in data.status:
        for division in row.divisions or (row.division,):  # a pair counts for each of its divisions
            divisions[division].append(row)
    per_division = Sheet(book, L.SHEET_STATUS_DIVISIONS, titles,
                         [Col(L.DIVISION), Col(L.PAIRS_TOTAL, "int"), Col(L.PAIRS_COMPLETE, "int"),
                          Col(L.COMPLETE_PCT, "pct")])
    for code, rows in sorted(divisions.items()):
        per_division.row([code, len(rows), _complete(rows), _complete_pct(rows)])
    per_division.row([L.OVERALL, len(data.status), _complete(data.status), _complete_pct(data.status)], bold=True)

    missing = Sheet(book, L.SHEET_MISSING, titles,
                    [Col(L.OFFICE_CODE), Col(L.OFFICE, width=36), Col(L.PROJECT, width=50), Col(L.DIVISION),
                     Col(L.STATE), Col(L.ITEMS_DONE, "int"), Col(L.ITEMS_TOTAL, "int")])
    for row in data.status:
        if row.state in ("missing", "partial", "returned"):
            missing.row([row.office_code, row.office, row.project, row.division, L.STATES[row.state],
                         row.done, row.total])
    return book


def is_complete(row: StatusRow) -> bool:
    return row.state in ("submitted", "approved", "late")


def _complete(rows: Sequence[StatusRow]) -> int:
    return sum(1 for r in rows if is_complete(r))


def _complete_pct(rows: Sequence[StatusRow]) -> Pct | None:
    return Pct(_complete(rows) / len(rows)) if rows else None


# --- รายไตรมาส (quarterly) -------------------------------------------------------------------------

def build_quarterly(data: ReportData, meta: Meta = Meta()) -> Workbook:
    book = ReportBook()
    titles = title_lines("quarterly", data, meta)
    cols = [Col(L.PLAN, width=30), Col(L.PROJECT, width=40), Col(L.ACTIVITY, width=30), Col(L.INDICATOR, width=50),
            Col(L.UNIT), Col(L.TARGET, "num"), Col(L.RESULT_QUARTER, "num"), Col(L.CUMULATIVE, "num"),
            Col(L.PERCENT, "pct")]
    sheet = Sheet(book, L.SHEET_QUARTER, titles, cols)
    for r in data.indicators:
        sheet.row([r.plan, r.project, r.activity, r.name, r.unit, r.target, r.value, r.cumulative, _pct(r.percent)])
    projects = Sheet(book, L.SHEET_PROJECTS, titles,
                     [Col(L.PROJECT, width=45), Col(L.ALLOCATED, "num"), Col(L.DISBURSED, "num"),
                      Col(L.DISBURSED_PCT, "pct"), Col(L.PROBLEMS, width=45), Col(L.SOLUTIONS, width=45),
                      Col(L.OUTCOME, width=40)])
    for p in data.projects:
        projects.row([p.name, p.allocated, p.disbursed, _pct(p.percent), p.problems or "-", p.solutions or "-",
                      p.outcome or "-"])
    return book


BUILDERS = {"tp1": build_tp1, "bb301": build_bb301, "status": build_status, "quarterly": build_quarterly}
