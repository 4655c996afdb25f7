"""Read the workbook and turn its cells into clean values, collecting a Problem for every bad cell."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from models.parsing import THAI_DIGITS
from models.plan_import.contract import (
    HEADERS,
    MSG_CELL_ERROR,
    MSG_FILE_NOT_FOUND,
    MSG_MISSING_HEADER,
    MSG_MISSING_SHEET,
    MSG_NOT_NUMBER,
    MSG_NOT_XLSX,
    MSG_REQUIRED,
    MSG_TOO_LARGE,
    MSG_TOO_LONG,
    OPTIONAL_HEADERS,
)
from models.plan_import.summary import Problem

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_PROVINCE = re.compile(r"^\d{2}$")


@dataclass(frozen=True)
class Cell:
    value: Any
    number_format: str | None
    is_error: bool


@dataclass
class Sheet:
    name: str
    header: dict[str, int]  # header name → column index (0-based)
    rows: list[tuple[int, Sequence[Cell]]]  # (row number, cells) of non-blank data rows


def _squash(text: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def _header_key(text: Any) -> str:
    return _SPACES.sub("", _INVISIBLE.sub("", str(text))) if text is not None else ""


def is_blank(cell: Cell) -> bool:
    return cell.value is None or (isinstance(cell.value, str) and not _squash(cell.value))


def read_workbook(path: Path) -> tuple[dict[str, list[Sequence[Cell]]], list[Problem]]:
    """Every worksheet's rows, or a single file-level problem."""
    if not path.is_file():
        return {}, [Problem("", 0, "", MSG_FILE_NOT_FOUND.format(name=path.name))]
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # not a zip, not an OOXML package, an .xls, ...: all the same to the user
        return {}, [Problem("", 0, "", MSG_NOT_XLSX.format(name=path.name))]
    try:
        sheets: dict[str, list[Sequence[Cell]]] = {}
        for ws in wb.worksheets:
            ws.reset_dimensions()  # do not trust the stored dimension: read every cell there is
            rows: list[Sequence[Cell]] = [
                tuple(
                    Cell(cell.value, getattr(cell, "number_format", None), cell.data_type == "e")
                    for cell in row
                )
                for row in ws.iter_rows()
            ]
            sheets.setdefault(_squash(ws.title), rows)
    except Exception:  # a damaged sheet inside a valid zip
        return {}, [Problem("", 0, "", MSG_NOT_XLSX.format(name=path.name))]
    finally:
        wb.close()
    return sheets, []


class Checker:
    """Collects problems while turning cells into clean Python values."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(sheet, row, column, message))

    def sheet(
        self, rows_by_sheet: dict[str, list[Sequence[Cell]]], name: str, required: bool
    ) -> Sheet | None:
        """The sheet with its headers checked; None when missing or unusable."""
        rows = rows_by_sheet.get(name)
        if rows is None:
            if required:
                self.add(name, 1, "-", MSG_MISSING_SHEET.format(sheet=name))
            return None
        header: dict[str, int] = {}
        for position, cell in enumerate(rows[0] if rows else ()):
            header.setdefault(_header_key(cell.value), position)
        columns: dict[str, int] = {}
        for wanted in HEADERS[name]:
            index = header.get(_header_key(wanted))
            if index is None:
                self.add(name, 1, wanted, MSG_MISSING_HEADER.format(header=wanted))
            else:
                columns[wanted] = index
        if len(columns) < len(HEADERS[name]):
            return None
        for optional in OPTIONAL_HEADERS.get(name, ()):
            if (index := header.get(_header_key(optional))) is not None:
                columns[optional] = index
        data = [
            (number, cells)
            for number, cells in enumerate(rows[1:], start=2)
            if not all(is_blank(cells[i]) for i in columns.values() if i < len(cells))
        ]
        return Sheet(name, columns, data)

    @staticmethod
    def cell_at(sheet: Sheet, cells: Sequence[Cell], header: str) -> Cell:
        index = sheet.header[header]
        return cells[index] if index < len(cells) else Cell(None, None, False)

    def text(
        self,
        sheet: Sheet,
        row: int,
        cells: Sequence[Cell],
        header: str,
        *,
        required: bool = True,
        limit: int | None = None,
    ) -> str | None:
        cell = self.cell_at(sheet, cells, header)
        if cell.is_error:
            self.add(sheet.name, row, header, MSG_CELL_ERROR.format(value=cell.value))
            return None
        value = as_text(cell.value)
        if not value:
            if required:
                self.add(sheet.name, row, header, MSG_REQUIRED)
            return None
        if limit is not None and len(value) > limit:
            self.add(sheet.name, row, header, MSG_TOO_LONG.format(limit=limit))
            return None
        return value

    def number(
        self, sheet: Sheet, row: int, cells: Sequence[Cell], header: str, *, required: bool, limit: Decimal
    ) -> Decimal | None:
        cell = self.cell_at(sheet, cells, header)
        if cell.is_error:
            self.add(sheet.name, row, header, MSG_CELL_ERROR.format(value=cell.value))
            return None
        if is_blank(cell):
            if required:
                self.add(sheet.name, row, header, MSG_REQUIRED)
            return None
        value = as_number(cell.value, cell.number_format)
        if value is None or value < 0:
            self.add(sheet.name, row, header, MSG_NOT_NUMBER)
            return None
        if value >= limit:
            self.add(sheet.name, row, header, MSG_TOO_LARGE)
            return None
        return value


def as_text(value: Any) -> str | None:
    """A cell as clean text: stripped, runs of white space made one space; numbers without `.0`."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, date | datetime):
        return value.isoformat()
    return _squash(str(value)) or None


def as_number(value: Any, number_format: str | None = None) -> Decimal | None:
    """A finite number from a numeric cell or from text such as `1,250`, `๑,๒๕๐` or `80%`."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number_format and "%" in number_format.replace('"%"', ""):
            number *= 100  # a cell formatted as 80% holds 0.8
        return number
    if not isinstance(value, str):
        return None
    text = _squash(value).translate(THAI_DIGITS).replace(",", "").replace(" ", "")
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number


def as_province(value: Any) -> str | None:
    """`10`, `10.0`, `"10"` and `"๑๐"` → "10"; anything else → None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return None
        value = str(int(value))
    text = _squash(str(value)).translate(THAI_DIGITS)
    return text if _PROVINCE.match(text) else None
