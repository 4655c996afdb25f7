"""Make a report file: the one entry the chat and the CLI share.

`make` takes a request (a kind of reports/kinds.py and its month, quarter or fiscal year), a scope and the moment, and returns the
workbook's bytes with its download name; the steps it runs (`parse_request`, `load`, `build`,
`filename`) stay public for the tests and the benchmark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import calendar as cal
from models import frozen, parsing
from models.clock import to_bangkok
from models.entities import Period, PeriodState, Unit, UnitKind
from models.permissions import Scope
from models.signers import Person
from reports import annual, builders, kinds, queries
from reports.export import load_export
from reports.labels import DEFAULT_DEPARTMENT
from reports.rows import ReportData, ReportError

KINDS = kinds.codes()  # every kind's code (reports/kinds.py declares them)


@dataclass(frozen=True)
class Request:
    kind: str  # a code of reports/kinds.py
    month: date  # the period (quarterly: the quarter's last month; a fiscal year: September)
    quarter: tuple[int, int] | None = None  # (BE fiscal year, quarter) for quarterly

    @property
    def of(self) -> kinds.ReportKind:
        return kinds.kind(self.kind)

    @property
    def year(self) -> int:
        """The BE fiscal year the request falls in."""
        return cal.fiscal_year_of(self.month)


def parse_request(kind: str, period: str) -> Request:
    """`tp1 2570-01`, `quarterly 2570-Q2`, `annual 2570` → Request; ReportError with a message
    otherwise."""
    if kind not in kinds.BY_CODE:
        raise ReportError(f"unknown report kind {kind!r}: use one of {', '.join(KINDS)}")
    try:
        match kinds.kind(kind).period:
            case kinds.Period.QUARTER:
                return quarter_request(kind, *parsing.parse_quarter(period))
            case kinds.Period.YEAR:
                return year_request(kind, parse_year(period))
            case _:
                return Request(kind, parsing.parse_period(period))
    except ValueError as error:
        raise ReportError(str(error)) from None


def parse_year(text: str) -> int:
    """A BE fiscal year `2570` (a CE year `2027` is read as BE 2570); ValueError otherwise."""
    text = parsing.normalize_digits(text.strip())
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"not a fiscal year: {text!r} (write it as 2570)")
    year = parsing.as_be_year(int(text))
    if not 2500 <= year <= 2700:
        raise ValueError(f"not a fiscal year: {text!r} (write it as 2570)")
    return year


def quarter_request(kind: str, year_be: int, quarter: int) -> Request:
    return Request(kind, cal.quarter_months(year_be, quarter)[-1], (year_be, quarter))


def year_request(kind: str, year_be: int) -> Request:
    """A fiscal year's request: its period is September, the year's last month."""
    return Request(kind, cal.fiscal_months(year_be)[-1])


def unit_scope(session: Session, unit_code: str | None) -> Scope:
    """Everything, or only an office's or a division's data; ReportError for an unknown code."""
    if not unit_code:
        return Scope()
    unit = session.scalar(select(Unit).where(Unit.code == unit_code))
    if unit is None:
        raise ReportError(f"unknown unit {unit_code!r}")
    if unit.kind == UnitKind.OFFICE.value:
        return Scope(office_id=unit.id)
    if unit.kind == UnitKind.DIVISION.value:
        return Scope(owner_unit_id=unit.id)
    return Scope()


@dataclass(frozen=True)
class ReportFile:
    name: str  # the download name, e.g. 'ตป.1_2569-12.xlsx'
    content: bytes  # the .xlsx workbook
    data: ReportData  # the rows it was built from


def make(
    session: Session,
    request: Request,
    scope: Scope,
    now: datetime,
    *,
    department: str = DEFAULT_DEPARTMENT,
    summary: bool = False,
    prepared_by: Person | None = None,
) -> ReportFile:
    """The report file of `request` for `scope`, dated `now` (Bangkok). `summary`: also load what a
    summary of any kind shows (the offices' completeness and the indicators' values). `prepared_by`:
    the user who asked, named under ผู้จัดทำ in the signature block (None: dotted lines).
    ReportError when the period or quarter is not in the database."""
    data = load(session, request, scope, summary=summary)
    content = request.of.file_bytes(data, builders.Meta(department, to_bangkok(now).date(), prepared_by))
    return ReportFile(filename(request, data), content, data)


def load(session: Session, request: Request, scope: Scope, *, summary: bool = False) -> ReportData:
    """The rows the kind's workbook needs (with `summary`: the status rows and values as well)."""
    kind = request.of
    loads = kind.loads
    if request.quarter:
        months: list[date] | None = cal.quarter_months(*request.quarter)
    elif kind.period is kinds.Period.YEAR:  # the whole year, as September closed it
        closed = session.scalar(select(Period.state).where(Period.month_start == request.month))
        if closed != PeriodState.CLOSED.value:
            raise ReportError(annual.NOT_CLOSED.format(year=request.year))
        months = cal.fiscal_months(request.year)
    else:
        months = None
    # #22: a closed month is read from the plan frozen when it closed, and says which copy it is.
    with frozen.frozen_view(session, request.month) as edition:
        data = queries.load(
            session,
            request.month,
            scope,
            quarter_months=months,
            by_office=loads.by_office,
            status=summary or loads.status,
            values=summary or loads.values,
        )
        if loads.export:
            load_export(session, request.month, scope, data)
    if edition is not None:
        data.header = replace(data.header, edition=edition)
    return data


def build(request: Request, data: ReportData, meta: builders.Meta) -> Workbook:
    """The kind's workbook (a kind without one, the CSV, raises ValueError)."""
    builder = request.of.builder
    if builder is None:
        raise ValueError(f"report kind {request.kind!r} is not a workbook")
    return builder(data, meta)


def filename(request: Request, data: ReportData) -> str:
    """A Thai download name, e.g. 'ตป.1_2569-12.xlsx', 'รายไตรมาส_2570-Q2.xlsx', 'ประจำปี_2570.xlsx'."""
    kind = request.of
    if request.quarter:
        code = f"{request.quarter[0]}-Q{request.quarter[1]}"
    elif kind.period is kinds.Period.YEAR:
        code = str(request.year)
    else:
        code = cal.period_code(request.month)
    scope = f"_{data.header.scope_name}" if data.header.scope_name else ""
    return f"{kind.stem}_{code}{scope}{kind.suffix}".replace("/", "-")
