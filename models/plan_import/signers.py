"""#25: the signature rows of sheet `ตั้งค่า` (ผู้จัดทำ, ผู้ตรวจสอบ, ผู้อนุมัติ).

Each row's `ค่า` is the wording printed under its signature line (e.g. ผู้รายงาน instead of
ผู้จัดทำ); the optional columns `ชื่อ-สกุล` and `ตำแหน่ง` give the name and position printed under it
(blank: a dotted line to fill in by hand; the preparer is the user who asked for the file when the
bot knows them). Stored on the fiscal year (models/signers.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from models.entities import FiscalYear
from models.plan_import.contract import COLUMN_GUIDE, H_SETTING, H_VALUE, OPTIONAL_HEADERS, SHEET_SETTINGS
from models.plan_import.reader import Cell, Checker, Sheet
from models.plan_import.rows import Validation
from models.signers import MAX_SIGNER_TEXT, ROLE_NAMES, ROLE_OF_NAME, Person, Signer, signers_of, stored_form

H_SIGNER_NAME = "ชื่อ-สกุล"
H_POSITION = "ตำแหน่ง"
OPTIONAL_HEADERS[SHEET_SETTINGS] = (H_SIGNER_NAME, H_POSITION)
COLUMN_GUIDE.update(
    {
        (SHEET_SETTINGS, H_SIGNER_NAME): (
            28,
            "ไม่บังคับ",
            False,
            "เฉพาะรายการ ผู้จัดทำ ผู้ตรวจสอบ ผู้อนุมัติ: ชื่อผู้ลงนามที่พิมพ์ใต้ลายเซ็น เว้นว่าง = เส้นประให้เขียนเอง "
            "(ผู้จัดทำ: ใช้ชื่อผู้ขอรายงานเมื่อระบบทราบ)",
        ),
        (SHEET_SETTINGS, H_POSITION): (
            30,
            "ไม่บังคับ",
            False,
            "เฉพาะรายการ ผู้จัดทำ ผู้ตรวจสอบ ผู้อนุมัติ: ตำแหน่งของผู้ลงนาม เว้นว่าง = เส้นประให้เขียนเอง",
        ),
    }
)
# (row name, the template's example wording, what it means)
SIGNER_HELP = {
    "ผู้จัดทำ": "คำที่พิมพ์ใต้ลายเซ็นแถวแรกของแบบ ตป.๑ สงป.๓๐๑ และรายไตรมาส เช่น ผู้จัดทำ หรือ ผู้รายงาน",
    "ผู้ตรวจสอบ": "คำที่พิมพ์ใต้ลายเซ็นแถวที่สอง เช่น ผู้ตรวจสอบ หรือ ผู้อำนวยการกลุ่ม",
    "ผู้อนุมัติ": "คำที่พิมพ์ใต้ลายเซ็นแถวที่สาม เช่น ผู้อนุมัติ หรือ ผู้อำนวยการกองแผนงาน",
}


def is_signer_row(name: str | None) -> bool:
    return name in ROLE_OF_NAME


def validate_signer(v: Validation, sheet: Sheet, row: int, cells: Sequence[Cell], name: str) -> None:
    """A signature row: its wording (`ค่า`, blank: the row's name) and optional name and position."""
    check: Checker = v.check
    texts = []
    for header in (H_VALUE, H_SIGNER_NAME, H_POSITION):
        if header not in sheet.header:
            texts.append("")
            continue
        texts.append(check.text(sheet, row, cells, header, required=False, limit=MAX_SIGNER_TEXT) or "")
    caption, person, position = texts
    role = ROLE_OF_NAME[name]
    v.plan.signers[role] = Signer(role, caption or ROLE_NAMES[role], Person(person, position))


def apply_signers(fiscal_year: FiscalYear, signers: dict[str, Signer]) -> bool:
    """Store the file's signature rows on the fiscal year (the roles it leaves out keep theirs).
    True when anything changed."""
    if not signers:
        return False
    current = {s.role: stored_form(s) for s in signers_of(fiscal_year.signers)}
    wanted = {**current, **{role: stored_form(s) for role, s in signers.items()}}
    if fiscal_year.signers == wanted:
        return False
    fiscal_year.signers = wanted
    return True


__all__ = ["H_POSITION", "H_SETTING", "H_SIGNER_NAME", "SIGNER_HELP", "apply_signers", "validate_signer"]
