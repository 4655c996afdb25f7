"""The plain rows a report is made of: what the queries return and the builders and charts read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Row

from models.entities import Indicator
from models.frozen import Edition
from models.signers import Signer, default_signers
from models.value_types import Combine, Direction, achievement
from reports import labels as L

# An indicator with its activity's name, project id and name, plan name and owner unit code.
IndicatorLine = Row[Indicator, str, int, str, str, str]


class ReportError(ValueError):
    """The report cannot be made (unknown period, unit ...); the message is for the user."""


def ratio(part: Decimal | None, whole: Decimal | None) -> float | None:
    """part / whole as a float for a percentage cell; None when either is missing or whole is 0."""
    if part is None or not whole:
        return None
    return float(part / whole)


@dataclass(frozen=True)
class Header:
    fiscal_year: int  # BE
    month: date  # the period (for quarterly: the quarter's last month)
    window: tuple[date, date]  # the days the report covers, both ends included
    scope_name: str  # '' for everything, else the office's or division's name
    quarter: int | None = None
    edition: Edition | None = None  # #22: a closed month, built from this frozen copy


@dataclass
class IndicatorRow:
    indicator_id: int
    code: str
    plan: str
    project_id: int
    project: str
    activity: str
    name: str
    unit: str
    counting: str
    owner: str
    target: Decimal | None
    value: Decimal | None  # reported in this period (quarterly: in the quarter)
    cumulative: Decimal | None
    months: list[Decimal | None]  # Oct..Sep, as reported per period
    offices: int = 0  # offices assigned in scope
    reported: int = 0  # offices with a counted value this period
    plan_months: list[Decimal | None] | None = None  # #15: cumulative plan Oct..Sep; None: no monthly plan
    direction: str = Direction.AT_LEAST.value  # #22: at_most when lower is better (plan column เกณฑ์)
    combined: str = Combine.SUM.value  # #22: how the offices' values were combined (value_types.Combine)
    count_months: list[tuple[Decimal, Decimal]] | None = None  # #22 rates from counts: Oct..Sep (Σ n, Σ d)

    @property
    def percent(self) -> float | None:
        """The share of the target achieved (lower-is-better: target ÷ result)."""
        return achievement(self.cumulative, self.target, self.direction)

    @property
    def averaged(self) -> bool:
        """The figures are the mean of several offices' values: reports label them so."""
        return self.combined == Combine.MEAN.value and self.offices > 1

    @property
    def unit_shown(self) -> str:
        """The unit, saying when the figures are the offices' mean ("ร้อยละ (เฉลี่ยของหน่วยงาน)")."""
        return L.AVERAGED_UNIT.format(unit=self.unit) if self.averaged else self.unit


@dataclass
class ProjectRow:
    project_id: int
    plan: str
    name: str
    allocated: Decimal
    disbursed: Decimal
    problems: str = ""
    solutions: str = ""
    outcome: str = ""
    # #15: the spending plan (cumulative, Oct..Sep; None: no plan), the project's master data
    # (ProjectInfo attribute → text) and the division's summary and progress of the period.
    spending_plan: list[Decimal | None] | None = None
    info: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    progress: str = ""

    @property
    def percent(self) -> float | None:
        return ratio(self.disbursed, self.allocated)


@dataclass
class OfficeIndicatorRow:
    office_code: str
    office: str
    indicator_id: int
    code: str
    name: str
    unit: str
    target: Decimal | None
    value: Decimal | None
    cumulative: Decimal | None
    direction: str = Direction.AT_LEAST.value  # #22

    @property
    def percent(self) -> float | None:
        return achievement(self.cumulative, self.target, self.direction)


@dataclass
class StatusRow:
    office_code: str
    office: str
    division: str  # the divisions owning the office's indicators of the project (in scope), joined
    project: str
    total: int
    done: int
    approved: int
    returned: int
    late: int
    divisions: tuple[str, ...] = ()  # the same divisions, one code each
    parent: str = ""  # the office's supervising unit (plan column หน่วยงานกำกับ), code and name

    @property
    def state(self) -> str:
        """missing | partial | returned | late | approved | submitted."""
        if self.returned:
            return "returned"
        if self.done == 0:
            return "missing"
        if self.done < self.total:
            return "partial"
        if self.late:
            return "late"
        if self.approved == self.total:
            return "approved"
        return "submitted"


@dataclass
class ReportData:
    header: Header
    indicators: list[IndicatorRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)
    by_office: list[OfficeIndicatorRow] = field(default_factory=list)
    status: list[StatusRow] = field(default_factory=list)
    export: list[Any] = field(default_factory=list)  # #15: reports.export.ExportRow, for the flat export
    signers: tuple[Signer, ...] = field(default_factory=default_signers)  # #25: sheet ตั้งค่า

    @property
    def offices_reporting(self) -> tuple[int, int]:
        """(offices that sent everything, offices expected) from the status rows, or indicators."""
        per_office: dict[str, bool] = {}
        for row in self.status:
            complete = row.done == row.total and not row.returned
            per_office[row.office_code] = per_office.get(row.office_code, True) and complete
        return sum(per_office.values()), len(per_office)
