"""Write the empty plan import template: an instructions sheet, then one sheet per kind of data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from models.plan_import.contract import (
    COLUMN_GUIDE,
    COUNTING_WORDS,
    DATA_SHEETS,
    GUIDE_NOTES,
    GUIDE_TITLE,
    H_COUNTING,
    H_DIRECTION,
    H_KIND,
    H_VALUE_TYPE,
    HEADERS,
    KIND_WORDS,
    MSG_BAD_COUNTING,
    MSG_BAD_DIRECTION,
    MSG_BAD_KIND,
    MSG_BAD_VALUE_TYPE,
    MSG_SETTING_RANGE,
    SETTINGS,
    SHEET_GUIDE,
    SHEET_INDICATORS,
    SHEET_PURPOSE,
    SHEET_SETTINGS,
    SHEET_UNITS,
    template_headers,
)
from models.plan_import.signers import SIGNER_HELP
from models.value_types import DIRECTION_WORDS, VALUE_TYPE_WORDS

FONT_NAME = "TH SarabunPSK"
FONT_SIZE = 16
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TEMPLATE_ROWS = 5000  # how far down the drop-down lists reach


def _font(**kwargs: Any) -> Font:
    return Font(name=FONT_NAME, size=FONT_SIZE, **kwargs)


def _style_header_row(ws: Worksheet, headers: Sequence[str]) -> None:
    for index, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=index, value=header)
        cell.font = _font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    ws.freeze_panes = "A2"


def _list_validation(ws: Worksheet, column: int, words: Iterable[str], prompt: str) -> None:
    letter = get_column_letter(column)
    title = ws.cell(row=1, column=column).value  # the column's header
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(words) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="ค่าไม่ถูกต้อง",
        error=prompt,
        showInputMessage=True,
        promptTitle=title if isinstance(title, str) else None,
        prompt=prompt,
    )
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    ws.add_data_validation(validation)


def write_template(path: str | Path) -> Path:
    """Write the empty import template (with an instructions sheet first) and return its path."""
    path = Path(path)
    wb = Workbook()
    guide = wb.active
    assert isinstance(guide, Worksheet)  # a new workbook opens with one worksheet, the active one
    guide.title = SHEET_GUIDE
    _write_guide(guide)

    for sheet in DATA_SHEETS:
        ws = wb.create_sheet(sheet)
        headers = template_headers(sheet)
        _style_header_row(ws, headers)
        for index, header in enumerate(headers, start=1):
            width, required, as_text, explanation = COLUMN_GUIDE[(sheet, header)]
            letter = get_column_letter(index)
            dimension = ws.column_dimensions[letter]
            dimension.width = width
            dimension.font = _font()
            if as_text:  # codes typed as 01 keep their leading zero
                dimension.number_format = "@"
            comment = Comment(f"{required}: {explanation}", "Tidtam", width=320, height=120)
            ws.cell(row=1, column=index).comment = comment

    units = wb[SHEET_UNITS]
    _list_validation(units, HEADERS[SHEET_UNITS].index(H_KIND) + 1, KIND_WORDS, MSG_BAD_KIND)
    indicators = wb[SHEET_INDICATORS]
    _list_validation(
        indicators, HEADERS[SHEET_INDICATORS].index(H_COUNTING) + 1, COUNTING_WORDS, MSG_BAD_COUNTING
    )
    for header, words, message in (
        (H_VALUE_TYPE, VALUE_TYPE_WORDS, MSG_BAD_VALUE_TYPE),
        (H_DIRECTION, DIRECTION_WORDS, MSG_BAD_DIRECTION),  # #22
    ):
        _list_validation(indicators, template_headers(SHEET_INDICATORS).index(header) + 1, words, message)

    settings = wb[SHEET_SETTINGS]
    for row, spec in enumerate(SETTINGS, start=2):
        settings.cell(row=row, column=1, value=spec.name).font = _font()
        settings.cell(row=row, column=2, value=spec.default).font = _font()
        validation = DataValidation(
            type="whole",
            operator="between",
            formula1="1",
            formula2=str(spec.maximum),
            showErrorMessage=True,
            errorTitle="ค่าไม่ถูกต้อง",
            error=MSG_SETTING_RANGE.format(maximum=spec.maximum),
        )
        validation.add(f"B{row}")
        settings.add_data_validation(validation)
    for row, name in enumerate(SIGNER_HELP, start=len(SETTINGS) + 2):  # #25: the signature block
        settings.cell(row=row, column=1, value=name).font = _font()
        settings.cell(row=row, column=2, value=name).font = _font()

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _write_guide(ws: Worksheet) -> None:
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 100
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(row: int, *values: Any, bold: bool = False, size: int = FONT_SIZE) -> None:
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=column, value=value)
            cell.font = Font(name=FONT_NAME, size=size, bold=bold)
            cell.alignment = wrap

    row = 1
    put(row, GUIDE_TITLE, bold=True, size=20)
    row += 2
    for number, note in enumerate(GUIDE_NOTES, start=1):
        put(row, f"{number}.", note)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        row += 1

    row += 1
    put(row, "แผ่นงาน", "คอลัมน์", "การกรอก", "คำอธิบาย", bold=True)
    for column in range(1, 5):
        ws.cell(row=row, column=column).fill = HEADER_FILL
    row += 1
    for sheet in DATA_SHEETS:
        put(row, sheet, "", "", SHEET_PURPOSE[sheet], bold=True)
        row += 1
        for header in template_headers(sheet):
            _, required, _, explanation = COLUMN_GUIDE[(sheet, header)]
            put(row, "", header, required, explanation)
            row += 1

    row += 1
    put(row, f"รายการในแผ่นงาน {SHEET_SETTINGS}", "ค่าเริ่มต้น", "", "ความหมาย", bold=True)
    for column in range(1, 5):
        ws.cell(row=row, column=column).fill = HEADER_FILL
    row += 1
    for spec in SETTINGS:
        put(row, spec.name, spec.default, "", spec.help)
        row += 1
    for name, meaning in SIGNER_HELP.items():
        put(row, name, name, "", meaning)
        row += 1
    put(row, "", "", "", "ถ้าไม่มีแผ่นงานหรือรายการใด ปีใหม่ใช้ค่าเริ่มต้น ปีที่มีอยู่แล้วคงค่าเดิม")
    ws.freeze_panes = "A2"
