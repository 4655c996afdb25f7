"""The validated rows of a workbook, and what the validators share while they read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from models.entities import Counting, Direction, UnitKind, ValueType
from models.plan_import.contract import MSG_NOT_OFFICE, MSG_OWNER_IS_OFFICE, MSG_UNKNOWN_UNIT
from models.plan_import.reader import Checker, Sheet
from models.signers import Signer


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    kind: UnitKind
    province: str | None


@dataclass
class IndicatorRow:
    row: int
    code: str
    plan: str
    project: str
    activity: str
    name: str
    unit_label: str
    target: Decimal | None
    owner: str
    counting: Counting
    value_type: ValueType = ValueType.WHOLE
    numerator_label: str | None = None  # #22: ตัวตั้ง, ตัวหาร, เกณฑ์
    denominator_label: str | None = None
    direction: Direction = Direction.AT_LEAST


@dataclass
class TargetRow:
    row: int
    indicator: str
    unit: str
    target: Decimal | None


@dataclass
class BudgetRow:
    row: int
    project: str
    unit: str
    amount: Decimal


@dataclass
class MonthPlanRow:
    """A row of `แผนรายเดือน` (key: an indicator code) or `แผนการใช้จ่าย` (key: a project name)."""

    row: int
    key: str
    unit: str | None  # None: the indicator or project as a whole
    month: date
    cumulative: Decimal


@dataclass
class ProjectInfoRow:
    row: int
    project: str
    values: dict[str, str | None]  # ProjectInfo attribute → text


@dataclass
class ValidPlan:
    """Everything the workbook says, validated."""

    units: list[UnitRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    budget: list[BudgetRow] = field(default_factory=list)
    settings: dict[str, int] = field(default_factory=dict)  # FiscalYear attribute → value
    signers: dict[str, Signer] = field(default_factory=dict)  # #25: role → the file's signer row
    # #15: the optional sheets of monthly plans and project master data (models/plan_import/monthly.py)
    monthly: list[MonthPlanRow] = field(default_factory=list)
    spending: list[MonthPlanRow] = field(default_factory=list)
    project_info: list[ProjectInfoRow] = field(default_factory=list)

    parents: dict[str, str | None] | None = None  # unit code → parent code; None: no such column


class Unknown:
    """The kind of a unit whose own row has a problem: do not judge references to it."""


UNKNOWN = Unknown()


@dataclass
class Validation:
    """The state the sheet validators share: the problems, the result, and what is known so far."""

    check: Checker
    known_provinces: set[str] | None
    kinds: dict[str, UnitKind | Unknown]  # every unit code's final kind: the file wins over the database
    indicator_codes: set[str]  # in the database for this year, then those of the file
    project_names: set[str]
    plan: ValidPlan = field(default_factory=ValidPlan)
    units_usable: bool = True  # False when the units sheet is missing or unusable
    indicators_usable: bool = True
    year_be: int = 0  # the fiscal year imported (#15: plan months must fall inside it)

    db_parents: dict[str, str | None] = field(default_factory=dict)  # unit code → parent code, stored
    parent_rows: dict[str, int] = field(default_factory=dict)  # unit code → its row (หน่วยงานกำกับ)

    def unit_reference(
        self, where: Sheet, row: int, header: str, code: str, *, office: bool, division_ok: bool = False
    ) -> None:
        """A unit code used in another sheet must exist and be of the right kind (``division_ok``:
        a division may stand where an office does, reporting its own work, #22)."""
        if division_ok and self.kinds.get(code) == UnitKind.DIVISION:
            return
        kind = self.kinds.get(code)
        if kind is None:
            if self.units_usable:  # when the units sheet itself is broken, do not pile up problems
                self.check.add(where.name, row, header, MSG_UNKNOWN_UNIT.format(code=code))
        elif isinstance(kind, Unknown):
            pass  # the unit's own row already has a problem
        elif office and kind != UnitKind.OFFICE:
            self.check.add(where.name, row, header, MSG_NOT_OFFICE.format(code=code))
        elif not office and kind == UnitKind.OFFICE:
            self.check.add(where.name, row, header, MSG_OWNER_IS_OFFICE.format(code=code))
