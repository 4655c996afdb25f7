"""The report workbook writer every report kind shares: styles, sheets, columns and title lines.

Every workbook is written in write-only mode (the national breakdown has hundreds of thousands of
rows). Every string is written as text, never as a formula: a problem typed as ``=SUM(A1)`` stays
the text ``=SUM(A1)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.dimensions import (
    ColumnDimension,
    DimensionHolder,
    RowDimension,
    SheetFormatProperties,
)
from openpyxl.worksheet.header_footer import HeaderFooter
from openpyxl.worksheet.page import PageMargins, PrintOptions, PrintPageSetup
from openpyxl.worksheet.pagebreak import RowBreak
from openpyxl.worksheet.properties import WorksheetProperties

from models import calendar as cal
from models.clock import to_bangkok
from models.signers import Person
from reports import labels as L
from reports import printing, thai_text
from reports.measure import decimal_kind, line_count, wrapped
from reports.rows import ReportData

if TYPE_CHECKING:
    from openpyxl import _Decodable  # the stubs' type of a sheet title; not importable at run time

# What a report cell holds (a bool is an int, a datetime a date).
CellValue = str | int | float | Decimal | date | None

FONT_NAME = "TH SarabunPSK"
INT_FORMAT = "#,##0"
DEC_FORMAT = "#,##0.00"
PCT_FORMAT = "0.00%"
MAX_SHEET_TITLE = 31
# A wrapped line of TH SarabunPSK 14 pt is 23.5 pt high (reports/measure.py: how wide a letter is).
LINE_HEIGHT = 23.5
TITLE_HEIGHT = 24.0
MAX_ROW_LINES = 30  # a very long text still shows its first lines; the rest stays in the cell
NOTE_LINES = 6  # a longer note is written on several rows (Sheet.note)


@dataclass(frozen=True)
class Meta:
    """What the header of every report names besides the data."""

    department: str = L.DEFAULT_DEPARTMENT
    made: date | None = None  # the day the file was made (Bangkok)
    prepared_by: Person | None = None  # #25: who asked for the file (the signature block's preparer)


DEFAULT_META = Meta()


_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _styles() -> list[NamedStyle]:
    def style(
        name: str,
        *,
        bold: bool = False,
        size: int = 14,
        fmt: str = "General",
        wrap: bool = True,
        fill: str | None = None,
        border: bool = True,
        horizontal: str | None = None,
    ) -> NamedStyle:
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
        style("tt_sign", wrap=False, border=False, horizontal="center"),
        style("tt_sign_head", bold=True, wrap=False, border=False, horizontal="center"),
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

    def create_sheet(self, title: str | _Decodable | None = None, index: int | None = None) -> CellRows:
        sheet = CellRows(parent=self, title=title)
        # types-openpyxl does not declare Workbook._add_sheet, the step openpyxl's own create_sheet
        # takes after making the sheet (it checks the parent and places the sheet).
        self._add_sheet(sheet=sheet, index=index)  # type: ignore[attr-defined]
        return sheet


TEXT_CELLS_KEPT = 50_000  # distinct texts a sheet reuses (the national breakdown has ~16,000)


class CellRows(WriteOnlyWorksheet):
    """A write-only sheet whose rows are lists of ready cells (every cell here has a style).

    openpyxl's own row conversion first tries each value as a plain value: for a cell that is a
    failed type check and an exception, and a spare cell made after it. Over the millions of
    cells of the national breakdown that was a third of the build.
    """

    # Set on every write-only sheet by openpyxl's Worksheet._setup, which types-openpyxl declares
    # on Worksheet only: declared here (no value) so the print set-up below is type-checked.
    page_setup: PrintPageSetup
    sheet_properties: WorksheetProperties
    column_dimensions: DimensionHolder[str, ColumnDimension]
    row_dimensions: DimensionHolder[int, RowDimension]
    merged_cells: MultiCellRange
    page_margins: PageMargins
    print_options: PrintOptions
    sheet_format: SheetFormatProperties
    row_breaks: RowBreak
    HeaderFooter: HeaderFooter

    def _values_to_row(
        self, values: Iterable[Cell | None], row_idx: int
    ) -> Iterator[Cell]:  # openpyxl 3.1's hook; the report tests read every cell back
        for col_idx, cell in enumerate(values, 1):
            if cell is None:
                continue
            cell.column = col_idx
            cell.row = row_idx
            if cell.hyperlink is not None:  # as openpyxl's own does
                cell.hyperlink.ref = cell.coordinate
            yield cell


def clean_text(value: str) -> str:
    return str(ILLEGAL_CHARACTERS_RE.sub("", value))


@dataclass(frozen=True)
class Col:
    header: str
    kind: str = "text"  # text | int | dec | pct | num (int or dec, from the sample given to Sheet)
    width: float | None = None  # None: fit the content


class Pct(float):
    """A ratio to show as a percentage."""


class Sheet:
    """A write-only sheet with the report's title rows, column headers and typed cells, planned
    for print (reports/printing.py): rows are broken into pages as they are written."""

    def __init__(
        self,
        book: ReportBook,
        title: str,
        titles: Sequence[str],
        columns: Sequence[Col],
        sample: Iterable[Sequence[CellValue]] = (),
        *,
        title_cols: int = 1,
    ):
        self.ws: CellRows = book.create_sheet(_sheet_title(book, title))
        self.styles = book.cell_styles
        sample = list(sample)
        self.columns = [
            Col(c.header, decimal_kind(v[i] for v in sample if i < len(v)), c.width) if c.kind == "num" else c
            for i, c in enumerate(columns)
        ]
        self._texts: dict[tuple[str, str | None], Cell] = {}
        self.rows_written = 0
        self._lines: dict[tuple[str, int], int] = {}
        header_row = len(titles) + 2
        self.ws.freeze_panes = f"A{header_row + 1}"
        self.widths = printing.print_widths(
            [(c.header, c.width, c.kind) for c in self.columns], sample, title_cols
        )
        self.layout = printing.layout(self.widths, title_cols)
        printing.page_setup(self.ws, self.layout, (header_row, header_row), titles[0] if titles else "")
        # Every row is at least one line of Thai high (openpyxl's default fits Calibri 11, and TH
        # SarabunPSK's vowels above and below are cut at that height); wrapped rows are set one by one.
        self.ws.sheet_format.defaultRowHeight = LINE_HEIGHT
        self.ws.sheet_format.customHeight = True
        self.pager = printing.Pager(self.ws, self.layout.page_height, header_row)
        for index, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        for i, line in enumerate(titles):
            self._merged(1)
            self._append([self.cell(line, "tt_title" if i == 0 else "tt_sub")], TITLE_HEIGHT)
        self._append([])
        # the headers' lines broken between words here, not mid-word by the spreadsheet (#25)
        headers: list[CellValue] = [
            wrapped(c.header, w) for c, w in zip(self.columns, self.widths, strict=True)
        ]
        self.pager.repeated = self._height(headers)
        self._append([self.cell(h, "tt_head") for h in headers], self.pager.repeated)

    def _append(self, cells: list[Cell], height: float | None = None, **kind: bool) -> None:
        """Write the next row, ``height`` points high (None: one line); ``kind``: heading or data,
        for the page breaks."""
        number = self.rows_written + 1
        self.pager.add(number, height or LINE_HEIGHT, **kind)
        if height is not None:
            self.ws.row_dimensions[number].height = height
        self.ws.append(cells)
        self.rows_written += 1
        # The row is written out as it is appended: its height is no longer needed (the national
        # breakdown has 400,000 rows, a kept dimension each would be hundreds of MiB).
        self.ws.row_dimensions.pop(number, None)

    def _merged(self, first: int, last: int | None = None) -> None:
        """Merge the next row from column ``first`` to ``last`` (the table's last column)."""
        end = len(self.columns) if last is None else last
        if end > first:
            row = self.rows_written + 1
            self.ws.merged_cells.add(f"{get_column_letter(first)}{row}:{get_column_letter(end)}{row}")

    def _lines_of(self, text: str, width: float) -> int:
        key = (text, int(width))
        lines = self._lines.get(key)
        if lines is None:
            lines = line_count(text, width)  # broken between words (reports/thai_text.py)
            if len(self._lines) < TEXT_CELLS_KEPT:
                self._lines[key] = lines
        return lines

    def _height(self, values: Sequence[CellValue], widths: Sequence[float] | None = None) -> float:
        """The height the next row needs for its wrapped texts to show whole."""
        lines = 1
        for value, width in zip(values, widths or self.widths, strict=False):
            if isinstance(value, str) and value:
                lines = max(lines, self._lines_of(value, width))
        return LINE_HEIGHT * min(lines, MAX_ROW_LINES)

    def cell(self, value: CellValue, style: str | None = None) -> Cell:
        if isinstance(value, str):
            # A text cell is made once and written wherever it recurs (office names and codes
            # repeat under every indicator): a CellRows sheet writes a cell as soon as it is
            # appended, so the next row can place the same cell again.
            key = (value, style)
            cell = self._texts.get(key)
            if cell is None:
                cell = Cell(
                    self.ws,
                    row=1,
                    column=1,
                    value=clean_text(value),
                    style_array=self.styles[style] if style else None,
                )
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if len(self._texts) < TEXT_CELLS_KEPT:
                    self._texts[key] = cell
            return cell
        return Cell(self.ws, row=1, column=1, value=value, style_array=self.styles[style] if style else None)

    def row(self, values: Sequence[CellValue], *, bold: bool = False) -> None:
        out = []
        for value, col in zip(values, self.columns, strict=False):
            out.append(self.cell(value, _style_for(value, col, bold)))
        self._append(out, self._height(values), data=True)

    def group(self, text: str) -> None:
        """A heading row (plan, project, activity, a group of indicators) across the whole table:
        it starts a page rather than end one, with the first rows of its group."""
        height = self._height([text], [sum(self.widths)])
        self._merged(1)
        self._append(
            [self.cell(text, "tt_group")] + [self.cell(None, "tt_group") for _ in self.columns[1:]],
            height,
            heading=True,
        )

    def note(self, label: str, text: str) -> None:
        """A label in the first column and a long text across the rest of the table; a text of more
        than ``NOTE_LINES`` lines goes on several rows (by its lines), so that it prints whole and a
        page may break inside it."""
        width = sum(self.widths[1:])
        chunks: list[list[str]] = [[]]
        for part in text.split("\n"):
            if chunks[-1] and self._lines_of("\n".join([*chunks[-1], part]), width) > NOTE_LINES:
                chunks.append([])
            chunks[-1].append(part)
        for n, chunk in enumerate(chunks):
            shown, body = (wrapped(label, self.widths[0]) if n == 0 else ""), "\n".join(chunk)
            height = self._height([shown, body], [self.widths[0], width])
            self._merged(2)
            self._append(
                [self.cell(shown, "tt_group"), self.cell(body, "tt_text")]
                + [self.cell(None, "tt_text") for _ in self.columns[2:]],
                height,
            )

    def spans(self, parts: Sequence[tuple[int, int, str]], style: str) -> None:
        """One row of texts each across columns (first, last), 1-based (the signature block)."""
        cells: list[Cell | None] = [None] * len(self.columns)
        for first, last, text in parts:
            self._merged(first, last)
            cells[first - 1] = self.cell(text, style)
        self._append([c if c is not None else self.cell(None, style) for c in cells])

    def blank(self) -> None:
        self._append([])


def _style_for(value: CellValue, col: Col, bold: bool) -> str:
    if isinstance(value, Pct) or (col.kind == "pct" and isinstance(value, float)):
        return "tt_bpct" if bold else "tt_pct"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        # one format per column (#25): a whole-number column, a two-decimal column, or (a text
        # column holding a number) as the value is
        integral = col.kind == "int" or (col.kind != "dec" and value == int(value))
        if bold:
            return "tt_bint" if integral else "tt_bdec"
        return "tt_int" if integral else "tt_dec"
    return "tt_group" if bold else "tt_text"


def _sheet_title(book: ReportBook, title: str) -> str:
    """A sheet name Excel accepts, clipped between words (#25: no tab cut mid-word)."""
    base = thai_text.sheet_title(title, MAX_SHEET_TITLE) or "Sheet"
    names = set(book.sheetnames)
    candidate, n = base, 2
    while candidate in names:
        suffix = f" ({n})"
        candidate = thai_text.clip(base, MAX_SHEET_TITLE - len(suffix), ellipsis="") + suffix
        n += 1
    return candidate


def num(value: Decimal | None) -> Decimal | None:
    return value


def pct(value: float | None) -> Pct | None:
    return None if value is None else Pct(value)


def title_lines(kind: str, data: ReportData, meta: Meta) -> list[str]:
    h, window = data.header, cal.thai_range(*data.header.window)
    period = L.PERIOD_LINE.format(month=cal.thai_month(h.month), window=window)
    if h.quarter:
        period = L.QUARTER_LINE.format(quarter=h.quarter, window=window)
    return [
        f"{L.KIND_TITLES[kind]} · {meta.department}",
        f"{L.FY_LINE.format(year=h.fiscal_year)} · {period}",
        *edition_lines(data, meta),
    ]


def edition_lines(data: ReportData, meta: Meta) -> list[str]:  # the closed copy, scope, date made
    h, lines = data.header, []
    if h.edition is not None:
        closed = cal.thai_date(to_bangkok(h.edition.closed_at).date())
        lines.append(L.EDITION_LINE.format(date=closed, version=h.edition.version))
    if h.scope_name:
        lines.append(L.SCOPE_LINE.format(name=h.scope_name))
    if meta.made:
        lines.append(L.MADE_LINE.format(date=cal.thai_date(meta.made)))
    return lines
