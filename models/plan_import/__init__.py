"""The plan import workbook: write the empty template, validate a filled one, import it.

The workbook (DESIGN.md §4) has one sheet per kind of data, with exact Thai headers in row 1:

- `หน่วยงาน`          units (offices, divisions, the central division), keyed by code;
- `ตัวชี้วัด`          the plan tree (plan → project → activity) and the indicators, keyed by code;
- `เป้าหมายรายหน่วย`   which office reports which indicator, and the office's own target;
- `งบประมาณ`          (optional) the budget allocated to an office for a project;
- `ตั้งค่า`            (optional) the calendar settings of the fiscal year.

`import_plan` reads the whole workbook, validates everything and only then writes, in the
caller's transaction (it flushes, the caller commits). Any problem raises `PlanImportError`
carrying every problem found, and nothing is written. Re-importing updates by code (units,
indicators) or by name (plans, projects, activities) and never deletes anything: rows that are in
the database but not in the file are kept and counted.

The package reads as the steps of an import: `contract` (sheet names, headers, words and every Thai
text), `template` (the empty workbook), `reader` (cells into clean values), `sheets` (one validator
per sheet, run by `validate`), `apply` (one generic upsert for every kind of row) and `summary`
(the problems and the counts).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from models.plan_import.apply import apply
from models.plan_import.contract import (
    DATA_SHEETS,
    HEADERS,
    OPTIONAL_HEADERS,
    REQUIRED_SHEETS,
    SETTINGS,
    SHEET_BUDGET,
    SHEET_GUIDE,
    SHEET_INDICATORS,
    SHEET_SETTINGS,
    SHEET_TARGETS,
    SHEET_UNITS,
    template_headers,
)
from models.plan_import.summary import Counts, ImportSummary, PlanImportError, Problem
from models.plan_import.template import write_template
from models.plan_import.validate import validate


def import_plan(
    session: Session, path: str | Path, fiscal_year_be: int, *, provinces: set[str] | None = None
) -> ImportSummary:
    """Validate the whole workbook, then upsert it into the session (flushed, not committed).

    Raises PlanImportError with every problem found, before anything is written.
    `provinces`, when given, is the set of valid two-digit province codes.
    """
    plan = validate(session, Path(path), fiscal_year_be, provinces)
    return apply(session, plan, fiscal_year_be)


__all__ = [
    "DATA_SHEETS",
    "HEADERS",
    "OPTIONAL_HEADERS",
    "REQUIRED_SHEETS",
    "SETTINGS",
    "SHEET_BUDGET",
    "SHEET_GUIDE",
    "SHEET_INDICATORS",
    "SHEET_SETTINGS",
    "SHEET_TARGETS",
    "SHEET_UNITS",
    "Counts",
    "ImportSummary",
    "PlanImportError",
    "Problem",
    "import_plan",
    "template_headers",
    "write_template",
]
