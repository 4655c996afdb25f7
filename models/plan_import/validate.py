"""Validate the whole workbook before anything is written: every problem found, or the clean rows."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import FiscalYear, Indicator, Project, Unit, UnitKind
from models.plan_import.contract import (
    DATA_SHEETS,
    HEADERS,
    MSG_BAD_YEAR,
    SHEET_BUDGET,
    SHEET_INDICATORS,
    SHEET_MONTHLY,
    SHEET_PROJECT_INFO,
    SHEET_SETTINGS,
    SHEET_SPENDING,
    SHEET_TARGETS,
    SHEET_UNITS,
    template_headers,
)
from models.plan_import.monthly import validate_monthly, validate_project_info, validate_spending
from models.plan_import.reader import Checker, read_workbook
from models.plan_import.rows import Unknown, Validation, ValidPlan
from models.plan_import.sheets import (
    validate_budget,
    validate_indicators,
    validate_settings,
    validate_targets,
    validate_units,
)
from models.plan_import.summary import PlanImportError, Problem
from models.plan_import.tree import database_parents

# The sheets in the order they are validated: a later sheet refers to the codes of earlier ones.
VALIDATORS = (
    (SHEET_UNITS, True, validate_units),
    (SHEET_INDICATORS, True, validate_indicators),
    (SHEET_TARGETS, True, validate_targets),
    (SHEET_BUDGET, False, validate_budget),
    (SHEET_SETTINGS, False, validate_settings),
    (SHEET_MONTHLY, False, validate_monthly),
    (SHEET_SPENDING, False, validate_spending),
    (SHEET_PROJECT_INFO, False, validate_project_info),
)


def validate(session: Session, path: Path, year_be: int, provinces: set[str] | None) -> ValidPlan:
    """The workbook's rows, validated against itself and the database; PlanImportError otherwise."""
    check = Checker()
    if not 2400 <= year_be <= 2800:
        check.add("", 0, "", MSG_BAD_YEAR.format(year=year_be))
    rows_by_sheet, file_problems = read_workbook(path)
    if file_problems:
        raise PlanImportError(check.problems + file_problems)

    v = _known(session, check, year_be, provinces)
    v.year_be = year_be
    sheets = {name: check.sheet(rows_by_sheet, name, required=required) for name, required, _ in VALIDATORS}
    v.units_usable = sheets[SHEET_UNITS] is not None
    v.indicators_usable = sheets[SHEET_INDICATORS] is not None
    for name, _, validator in VALIDATORS:
        sheet = sheets[name]
        if sheet is not None:
            validator(v, sheet)
    if check.problems:
        raise PlanImportError(sorted(check.problems, key=_problem_order))
    return v.plan


def _known(session: Session, check: Checker, year_be: int, provinces: set[str] | None) -> Validation:
    """What the database already holds: units, and the year's indicator codes and project names."""
    fiscal_year = session.scalar(select(FiscalYear).where(FiscalYear.year_be == year_be))
    kinds: dict[str, UnitKind | Unknown] = {
        unit.code: UnitKind(unit.kind) for unit in session.scalars(select(Unit))
    }
    indicator_codes: set[str] = set()
    project_names: set[str] = set()
    if fiscal_year is not None:
        indicator_codes = set(
            session.scalars(select(Indicator.code).where(Indicator.fiscal_year_id == fiscal_year.id))
        )
        project_names = set(
            session.scalars(select(Project.name).where(Project.fiscal_year_id == fiscal_year.id))
        )
    known_provinces = {str(p).strip() for p in provinces} if provinces is not None else None
    validation = Validation(check, known_provinces, kinds, indicator_codes, project_names)
    validation.db_parents = database_parents(session)
    return validation


def _problem_order(problem: Problem) -> tuple[int, int, int]:
    """File-level problems first, then sheet by sheet in workbook order, row by row, left to right."""
    sheets = ("", *DATA_SHEETS)
    sheet = sheets.index(problem.sheet) if problem.sheet in sheets else len(sheets)
    headers = template_headers(problem.sheet) if problem.sheet in HEADERS else ()
    column = headers.index(problem.column) if problem.column in headers else -1
    return sheet, problem.row, column
