"""One validator per data sheet. Each reads its rows, reports problems and adds the valid rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from models.entities import Counting, UnitKind, ValueType
from models.plan_import.contract import (
    COUNTING_WORDS,
    H_ACTIVITY,
    H_AMOUNT,
    H_CODE,
    H_COUNTING,
    H_DENOMINATOR,
    H_DIRECTION,
    H_INDICATOR,
    H_INDICATOR_CODE,
    H_KIND,
    H_NAME,
    H_NUMERATOR,
    H_OWNER,
    H_PLAN,
    H_PROJECT,
    H_PROVINCE,
    H_SETTING,
    H_TARGET,
    H_UNIT_CODE,
    H_UNIT_LABEL,
    H_VALUE,
    H_VALUE_TYPE,
    KIND_WORDS,
    MAX_CODE,
    MAX_INDICATOR_NAME,
    MAX_MONEY,
    MAX_TARGET,
    MAX_TREE_NAME,
    MAX_UNIT_LABEL,
    MAX_UNIT_NAME,
    MSG_BAD_COUNTING,
    MSG_BAD_DIRECTION,
    MSG_BAD_KIND,
    MSG_BAD_VALUE_TYPE,
    MSG_CELL_ERROR,
    MSG_DUPLICATE_ALLOCATION,
    MSG_DUPLICATE_ASSIGNMENT,
    MSG_DUPLICATE_CODE,
    MSG_DUPLICATE_SETTING,
    MSG_PROJECT_TWO_PLANS,
    MSG_PROVINCE_FORMAT,
    MSG_PROVINCE_REQUIRED,
    MSG_PROVINCE_UNKNOWN,
    MSG_REQUIRED,
    MSG_SETTING_RANGE,
    MSG_UNKNOWN_INDICATOR,
    MSG_UNKNOWN_PROJECT,
    MSG_UNKNOWN_SETTING,
    PERCENT_LABELS,
    SETTINGS_BY_NAME,
    SHEET_INDICATORS,
    SHEET_UNITS,
)
from models.plan_import.reader import Cell, Checker, Sheet, as_number, as_province, is_blank
from models.plan_import.rows import (
    UNKNOWN,
    BudgetRow,
    IndicatorRow,
    TargetRow,
    UnitRow,
    Unknown,
    Validation,
)
from models.plan_import.signers import SIGNER_HELP, is_signer_row, validate_signer
from models.plan_import.tree import check_tree, read_parent
from models.value_types import (
    DIRECTION_WORDS,
    Direction,
    infer_direction,
    infer_value_type,
    value_type_of_word,
)

# --- หน่วยงาน -------------------------------------------------------------------------------------


def validate_units(v: Validation, sheet: Sheet) -> None:
    check = v.check
    seen: dict[str, int] = {}
    for row, cells in sheet.rows:
        code = check.text(sheet, row, cells, H_CODE, limit=MAX_CODE)
        name = check.text(sheet, row, cells, H_NAME, limit=MAX_UNIT_NAME)
        kind_word = check.text(sheet, row, cells, H_KIND)
        kind = KIND_WORDS.get(kind_word) if kind_word else None
        if kind_word and kind is None:
            check.add(SHEET_UNITS, row, H_KIND, MSG_BAD_KIND)
        province = _province(v, sheet, row, cells, kind)
        if code is not None:
            if code in seen:
                check.add(SHEET_UNITS, row, H_CODE, MSG_DUPLICATE_CODE.format(row=seen[code]))
                continue
            seen[code] = row
            v.kinds[code] = kind if kind is not None else UNKNOWN
            read_parent(v, sheet, row, cells, code)
        if code and name and kind and not isinstance(province, Unknown):
            v.plan.units.append(UnitRow(row, code, name, kind, province))
    check_tree(v)


def _province(
    v: Validation, sheet: Sheet, row: int, cells: Sequence[Cell], kind: UnitKind | None
) -> str | None | Unknown:
    """The office's province code; None for other units; UNKNOWN after a problem."""
    check = v.check
    cell = Checker.cell_at(sheet, cells, H_PROVINCE)
    if kind not in (UnitKind.OFFICE, None):
        return None  # divisions and the central unit have no province: ignore what is there
    if cell.is_error:
        check.add(sheet.name, row, H_PROVINCE, MSG_CELL_ERROR.format(value=cell.value))
        return UNKNOWN
    if is_blank(cell):
        if kind == UnitKind.OFFICE:
            check.add(sheet.name, row, H_PROVINCE, MSG_PROVINCE_REQUIRED)
            return UNKNOWN
        return None
    code = as_province(cell.value)
    if code is None:
        check.add(sheet.name, row, H_PROVINCE, MSG_PROVINCE_FORMAT)
        return UNKNOWN
    if v.known_provinces is not None and code not in v.known_provinces:
        check.add(sheet.name, row, H_PROVINCE, MSG_PROVINCE_UNKNOWN.format(code=code))
        return UNKNOWN
    return code


# --- ตัวชี้วัด (the plan tree and the indicators) ----------------------------------------------------


def validate_indicators(v: Validation, sheet: Sheet) -> None:
    check = v.check
    seen: dict[str, int] = {}
    project_plan: dict[str, tuple[str, int]] = {}
    for row, cells in sheet.rows:
        code = check.text(sheet, row, cells, H_CODE, limit=MAX_CODE)
        plan_name = check.text(sheet, row, cells, H_PLAN, limit=MAX_TREE_NAME)
        project = check.text(sheet, row, cells, H_PROJECT, limit=MAX_TREE_NAME)
        activity = check.text(sheet, row, cells, H_ACTIVITY, limit=MAX_TREE_NAME)
        name = check.text(sheet, row, cells, H_INDICATOR, limit=MAX_INDICATOR_NAME)
        unit_label = check.text(sheet, row, cells, H_UNIT_LABEL, limit=MAX_UNIT_LABEL)
        target = check.number(sheet, row, cells, H_TARGET, required=False, limit=MAX_TARGET)
        owner = check.text(sheet, row, cells, H_OWNER, limit=MAX_CODE)
        counting = _counting(check, sheet, row, cells, unit_label)
        value_type = _value_type(check, sheet, row, cells, unit_label, name)
        extras = _counts_and_direction(check, sheet, row, cells, name)
        if code is not None:
            v.indicator_codes.add(code)
            if code in seen:
                check.add(SHEET_INDICATORS, row, H_CODE, MSG_DUPLICATE_CODE.format(row=seen[code]))
            else:
                seen[code] = row
        if project is not None:
            _project_in_one_plan(v, row, project, plan_name, project_plan)
        if owner is not None:
            v.unit_reference(sheet, row, H_OWNER, owner, office=False)
        if (
            code is not None
            and plan_name is not None
            and project is not None
            and activity is not None
            and name is not None
            and unit_label is not None
            and owner is not None
            and counting is not None
            and value_type is not None
            and extras is not None
            and seen.get(code) == row
        ):
            v.plan.indicators.append(
                IndicatorRow(
                    row,
                    code,
                    plan_name,
                    project,
                    activity,
                    name,
                    unit_label,
                    target,
                    owner,
                    counting,
                    value_type,
                    *extras,
                )
            )


def _project_in_one_plan(
    v: Validation, row: int, project: str, plan_name: str | None, project_plan: dict[str, tuple[str, int]]
) -> None:
    """Note the project's name; a project sits under one plan (``project_plan``: its first plan
    and row)."""
    v.project_names.add(project)
    if plan_name is not None:
        first = project_plan.setdefault(project, (plan_name, row))
        if first[0] != plan_name:
            v.check.add(
                SHEET_INDICATORS,
                row,
                H_PLAN,
                MSG_PROJECT_TWO_PLANS.format(plan=first[0], row=first[1]),
            )


def _counting(
    check: Checker, sheet: Sheet, row: int, cells: Sequence[Cell], unit_label: str | None
) -> Counting | None:
    """The `การนับ` of an indicator row; from the unit when empty; None after a problem."""
    word = check.text(sheet, row, cells, H_COUNTING, required=False)
    counting = COUNTING_WORDS.get(word) if word else None
    if word and counting is None:
        check.add(SHEET_INDICATORS, row, H_COUNTING, MSG_BAD_COUNTING)
    if counting is None and unit_label:
        counting = Counting.LATEST if unit_label in PERCENT_LABELS else Counting.SUM
    return counting


def _value_type(
    check: Checker, sheet: Sheet, row: int, cells: Sequence[Cell], unit_label: str | None, name: str | None
) -> ValueType | None:
    """The `ชนิดค่า` of an indicator row; inferred from the unit and name when the column is empty
    or absent; None after a problem."""
    word = (
        check.text(sheet, row, cells, H_VALUE_TYPE, required=False) if H_VALUE_TYPE in sheet.header else None
    )
    if word:
        value_type = value_type_of_word(word)
        if value_type is None:
            check.add(sheet.name, row, H_VALUE_TYPE, MSG_BAD_VALUE_TYPE)
        return value_type
    return infer_value_type(unit_label, name)


def _counts_and_direction(
    check: Checker, sheet: Sheet, row: int, cells: Sequence[Cell], name: str | None
) -> tuple[str | None, str | None, Direction] | None:
    """#22: the optional `ตัวตั้ง`, `ตัวหาร` and `เกณฑ์` of an indicator row (เกณฑ์ inferred from the
    name when empty); None after a problem."""

    def text(header: str) -> str | None:
        return (
            check.text(sheet, row, cells, header, required=False, limit=200)
            if header in sheet.header
            else None
        )

    word = text(H_DIRECTION)
    direction = DIRECTION_WORDS.get(" ".join(word.split())) if word else infer_direction(name)
    if direction is None:
        check.add(sheet.name, row, H_DIRECTION, MSG_BAD_DIRECTION)
        return None
    return text(H_NUMERATOR), text(H_DENOMINATOR), direction


# --- เป้าหมายรายหน่วย and งบประมาณ (office pairs) ---------------------------------------------------


@dataclass(frozen=True)
class _Pairs:
    """A sheet of (indicator or project, office) pairs, each with a number."""

    key: str  # the header of the indicator code or project name
    key_limit: int
    unknown: str  # the message for a key neither in the file nor in the database
    number: str  # the header of the number
    required: bool
    limit: Decimal
    duplicate: str  # the message for a pair met before


TARGET_PAIRS = _Pairs(
    H_INDICATOR_CODE, MAX_CODE, MSG_UNKNOWN_INDICATOR, H_TARGET, False, MAX_TARGET, MSG_DUPLICATE_ASSIGNMENT
)
BUDGET_PAIRS = _Pairs(
    H_PROJECT, MAX_TREE_NAME, MSG_UNKNOWN_PROJECT, H_AMOUNT, True, MAX_MONEY, MSG_DUPLICATE_ALLOCATION
)


def _pairs(
    v: Validation, sheet: Sheet, spec: _Pairs, known: set[str]
) -> Iterator[tuple[int, str, str, Decimal | None]]:
    """The rows (row, key, office, number) of the pairs met for the first time; problems for the rest."""
    check = v.check
    seen: dict[tuple[str, str], int] = {}
    for row, cells in sheet.rows:
        key = check.text(sheet, row, cells, spec.key, limit=spec.key_limit)
        unit = check.text(sheet, row, cells, H_UNIT_CODE, limit=MAX_CODE)
        number = check.number(sheet, row, cells, spec.number, required=spec.required, limit=spec.limit)
        if key is not None and key not in known and v.indicators_usable:
            check.add(sheet.name, row, spec.key, spec.unknown.format(code=key, name=key))
        if unit is not None:
            v.unit_reference(sheet, row, H_UNIT_CODE, unit, office=True, division_ok=True)  # #22
        if key is not None and unit is not None:
            first_row = seen.setdefault((key, unit), row)
            if first_row != row:
                check.add(sheet.name, row, H_UNIT_CODE, spec.duplicate.format(row=first_row))
            else:
                yield row, key, unit, number


def validate_targets(v: Validation, sheet: Sheet) -> None:
    for row, indicator, unit, target in _pairs(v, sheet, TARGET_PAIRS, v.indicator_codes):
        v.plan.targets.append(TargetRow(row, indicator, unit, target))


def validate_budget(v: Validation, sheet: Sheet) -> None:
    for row, project, unit, amount in _pairs(v, sheet, BUDGET_PAIRS, v.project_names):
        if amount is not None:
            v.plan.budget.append(BudgetRow(row, project, unit, amount))


# --- ตั้งค่า ----------------------------------------------------------------------------------------


def validate_settings(v: Validation, sheet: Sheet) -> None:
    check = v.check
    seen: dict[str, int] = {}
    for row, cells in sheet.rows:
        name = check.text(sheet, row, cells, H_SETTING)
        if name is not None and is_signer_row(name):  # #25: a row of the signature block
            if name in seen:
                check.add(sheet.name, row, H_SETTING, MSG_DUPLICATE_SETTING.format(row=seen[name]))
            else:
                seen[name] = row
                validate_signer(v, sheet, row, cells, name)
            continue
        spec = SETTINGS_BY_NAME.get(name) if name else None
        if name is not None and spec is None:
            allowed = ", ".join([*SETTINGS_BY_NAME, *SIGNER_HELP])
            check.add(sheet.name, row, H_SETTING, MSG_UNKNOWN_SETTING.format(name=name, allowed=allowed))
        elif spec is not None and spec.name in seen:
            check.add(sheet.name, row, H_SETTING, MSG_DUPLICATE_SETTING.format(row=seen[spec.name]))
            spec = None
        elif spec is not None:
            seen[spec.name] = row
        maximum = spec.maximum if spec else 28
        cell = Checker.cell_at(sheet, cells, H_VALUE)
        value = None if cell.is_error else as_number(cell.value)
        if is_blank(cell):
            check.add(sheet.name, row, H_VALUE, MSG_REQUIRED)
        elif value is None or value != value.to_integral_value() or not 1 <= value <= maximum:
            check.add(sheet.name, row, H_VALUE, MSG_SETTING_RANGE.format(maximum=maximum))
        elif spec is not None:
            v.plan.settings[spec.attribute] = int(value)
