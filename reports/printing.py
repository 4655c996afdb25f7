"""How a report sheet prints (#25): A4, never shrunk below a readable size, broken between rows
where a reader expects it.

- The page: portrait when the table fits it at full size, else landscape, scaled down to fit the
  width but never below ``MIN_SCALE`` (TH SarabunPSK 14 pt prints at 9.8 pt or more). A table wider
  than that is split across pages with its first columns (codes and office names) repeated on each
  (``print_title_cols``), as the column header row is (``print_title_rows``); the report's title is
  in the page footer with the page number.
- The breaks: ``Pager`` adds up the rows' heights as they are written and places a manual row
  break before a row that would not fit. It moves the break up when that would leave a group
  heading (plan, project, indicator) at the bottom of a page, or split a block kept together (the
  first rows of a group, a signature block, a box of notes with the rows above it), and prefers a
  break just before a group heading in the last quarter of the page.

Heights are in points at full size; the row heights are the ones the sheet writes (LibreOffice and
Excel print them as set).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.header_footer import HeaderFooter, HeaderFooterItem
from openpyxl.worksheet.page import PageMargins, PrintOptions, PrintPageSetup
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.properties import PageSetupProperties, WorksheetProperties

from reports.measure import fit_widths, number_widths, word_width


class Printed(Protocol):
    """What the print set-up touches of a sheet (a write-only report sheet or a plain one)."""

    print_title_rows: str | None
    print_title_cols: str | None
    page_setup: PrintPageSetup
    sheet_properties: WorksheetProperties
    page_margins: PageMargins
    print_options: PrintOptions
    HeaderFooter: HeaderFooter
    row_breaks: RowBreak


A4 = (595.28, 841.89)  # points, portrait
MARGINS = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.2, footer=0.25)  # inches
MIN_SCALE = 70  # percent: 14 pt text prints at 9.8 pt
FIT = 0.96  # a page is planned a little short of its height: what a printer may round away
GROUP_ROWS = 3  # a group heading keeps its first rows with it
KEEP_BEFORE = 3  # a box or signature block keeps this many rows above it on its page
PREFER = 0.25  # a break moves up to a group heading within this share of the page
FOOTER_FONT = '&"TH SarabunPSK,Regular"&14'  # scaled with the page, as the cells are


def column_points(width: float) -> float:
    """A column's printed width: LibreOffice prints a width unit (one digit of Calibri 11, 7 px)
    as 7 pt (measured from its PDF)."""
    return width * 7.0


@dataclass(frozen=True)
class Layout:
    orientation: Literal["portrait", "landscape"]
    scale: int  # percent
    title_cols: int  # columns repeated on every page (0: the table fits the page's width)
    page_height: float  # the rows a page holds, in points at full size

    @property
    def split(self) -> bool:
        return self.title_cols > 0


def layout(widths: Sequence[float], title_cols: int = 1) -> Layout:
    """Portrait at full size, else landscape fitted to the width at ``MIN_SCALE`` or more, else
    landscape at ``MIN_SCALE`` with the first ``title_cols`` columns repeated on every page."""
    total = sum(column_points(w) for w in widths)
    inches = 72 * (MARGINS.left + MARGINS.right)
    if total <= A4[0] - inches:
        return Layout("portrait", 100, 0, _rows_height(A4[1], 100))
    page_w, page_h = A4[::-1]
    scale = min(100, math.floor(100 * (page_w - inches) / total))
    if scale >= MIN_SCALE:
        return Layout("landscape", scale, 0, _rows_height(page_h, scale))
    return Layout("landscape", MIN_SCALE, max(1, title_cols), _rows_height(page_h, MIN_SCALE))


def narrowed(widths: Sequence[float], floors: Sequence[float]) -> list[float]:
    """``widths`` made narrower, down to ``floors``, so that the table fits a landscape page's width
    at ``MIN_SCALE`` (texts wrap onto more lines) rather than be split across pages; unchanged when
    it fits already, or when even the floors do not (it is split across pages, at its widths)."""
    page = (A4[1] - 72 * (MARGINS.left + MARGINS.right)) * 100 / MIN_SCALE - 2  # rounding
    excess = sum(column_points(w) for w in widths) - page
    room = [max(0.0, w - f) for w, f in zip(widths, floors, strict=True)]
    if excess <= 0 or column_points(sum(room)) < excess:  # fits already, or is split anyway
        return list(widths)
    share = excess / column_points(sum(room))
    return [w - r * share for w, r in zip(widths, room, strict=True)]


def print_widths(
    columns: Sequence[tuple[str, float | None, str]], sample: list[Sequence[Any]], title_cols: int
) -> list[float]:
    """The widths of columns (header, fixed width or None, kind) for ``sample``'s rows, narrowed to
    print on a page's width where they can: the first ``title_cols`` columns keep theirs, a number
    column its numbers', a text column 18 (its texts wrap)."""
    widths = fit_widths([(header, width) for header, width, _ in columns], sample)
    numbers = number_widths(len(columns), sample)
    floors = [  # never narrower than the header's longest word (#25: no header broken mid-word)
        max(
            word_width(header),
            w if i < title_cols else max(9.0, numbers[i]) if kind != "text" else min(w, 18.0),
        )
        for i, ((header, _, kind), w) in enumerate(zip(columns, widths, strict=True))
    ]
    return narrowed(widths, floors)


def _rows_height(page_h: float, scale: int) -> float:
    return (page_h - 72 * (MARGINS.top + MARGINS.bottom)) * FIT * 100 / scale


def page_setup(ws: Printed, plan: Layout, header_rows: tuple[int, int], footer: str = "") -> None:
    """A4, ``plan``'s orientation and scale, the header rows (first, last) and, when the table is
    split across pages, its first columns repeated on every page; ``footer``: the report's name
    with the page number."""
    ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    if plan.split:
        ws.print_title_cols = f"A:{get_column_letter(plan.title_cols)}"
    ws.page_setup.orientation = plan.orientation
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.scale = plan.scale
    ws.page_setup.pageOrder = "overThenDown"  # a split table: each band of rows, its columns side by side
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
    ws.page_margins = MARGINS
    ws.print_options = PrintOptions(horizontalCentered=not plan.split)
    footer_item = HeaderFooterItem()
    footer_item.left.text = f"{FOOTER_FONT}{footer.replace('&', '&&')}"
    footer_item.right.text = f"{FOOTER_FONT}แผ่นงาน &A · หน้า &P / &N"  # the sheet's name and the page
    ws.HeaderFooter = HeaderFooter(oddFooter=footer_item)


@dataclass
class _Row:
    number: int
    height: float
    glue: bool = False  # no break right after this row
    heading: bool = False  # a group heading starts here


class Pager:
    """Plans the manual row breaks of one sheet while its rows are written (see the module doc)."""

    def __init__(self, ws: Printed, page_height: float, first_row: int) -> None:
        self.ws = ws
        self.page_height = page_height
        self.first_row = first_row  # no break before the rows after the column headers
        self.repeated = 0.0  # the height of the rows printed again on every page
        self.page: list[_Row] = []
        self.used = 0.0
        self.together = False
        self.in_group = 0  # the data rows written since the last group heading (-1: none)

    def add(self, number: int, height: float, *, heading: bool = False, data: bool = False) -> None:
        """Row ``number`` of ``height`` points is next; break before it (or earlier) if it does not fit."""
        if heading:
            self.in_group = 0
        elif data and self.in_group >= 0:
            self.in_group += 1
            if 2 <= self.in_group <= GROUP_ROWS and self.page:
                self.page[-1].glue = True
        if self.page and self.used + height > self.page_height and number > self.first_row:
            self._break(height, heading)
        row = _Row(number, height, glue=heading or self.together, heading=heading)
        self.page.append(row)
        self.used += height

    def keep_with_previous(self, rows: int = KEEP_BEFORE) -> None:
        """The next row stays on the page of the ``rows`` rows written last."""
        for row in self.page[-rows:]:
            if row.number > self.first_row:
                row.glue = True

    def start_block(self) -> None:
        self.together = True

    def end_block(self) -> None:
        self.together = False
        if self.page:
            self.page[-1].glue = False

    def _break(self, height: float, heading: bool) -> None:
        """Break after the latest row that may end a page and leaves the rest fitting on the next
        one; prefer a break just before a group heading within the last quarter of a page."""
        moved = height
        best: int | None = None
        for index in range(len(self.page) - 1, -1, -1):
            row = self.page[index]
            if row.number <= self.first_row or self.repeated + moved > self.page_height:
                break
            following = self.page[index + 1].heading if index + 1 < len(self.page) else heading
            if not row.glue:
                if best is None:
                    best = index
                if following:
                    best = index
                    break
            moved += row.height
            if best is not None and moved > PREFER * self.page_height:
                break
        if best is None:  # nothing may end the page: break right here
            best = len(self.page) - 1
        self.ws.row_breaks.append(Break(id=self.page[best].number))
        self.page = self.page[best + 1 :]
        self.used = self.repeated + sum(row.height for row in self.page)
