"""Make a report file: the one entry the chat and the CLI share.

`make` takes a request (kind and period or quarter), a scope and the moment, and returns the
workbook's bytes with its download name; the steps it runs (`parse_request`, `load`, `build`,
`filename`) stay public for the tests and the benchmark.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date, datetime

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import calendar as cal
from models import frozen, parsing
from models.clock import to_bangkok
from models.entities import Unit, UnitKind
from models.permissions import Scope
from reports import builders, queries
from reports.export import export_csv, load_export
from reports.labels import DEFAULT_DEPARTMENT
from reports.rows import ReportData, ReportError

KINDS = ("tp1", "bb301", "status", "quarterly", "export")
CLI_KINDS = (*KINDS, "csv")  # #15: the flat export as CSV, from the command line


@dataclass(frozen=True)
class Request:
    kind: str
    month: date  # the period (quarterly: the quarter's last month)
    quarter: tuple[int, int] | None = None  # (BE fiscal year, quarter) for quarterly


def parse_request(kind: str, period: str) -> Request:
    """`tp1 2570-01`, `quarterly 2570-Q2` → Request; ReportError with a message otherwise."""
    if kind not in CLI_KINDS:
        raise ReportError(f"unknown report kind {kind!r}: use one of {', '.join(CLI_KINDS)}")
    try:
        if kind == "quarterly":
            year, quarter = parsing.parse_quarter(period)
            return Request(kind, cal.quarter_months(year, quarter)[-1], (year, quarter))
        return Request(kind, parsing.parse_period(period))
    except ValueError as error:
        raise ReportError(str(error)) from None


def quarter_request(year_be: int, quarter: int) -> Request:
    return Request("quarterly", cal.quarter_months(year_be, quarter)[-1], (year_be, quarter))


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
) -> ReportFile:
    """The report file of `request` for `scope`, dated `now` (Bangkok). `summary`: also load what a
    summary of any kind shows (the offices' completeness and the indicators' values).
    ReportError when the period or quarter is not in the database."""
    data = load(session, request, scope, summary=summary)
    if request.kind == "csv":
        return ReportFile(filename(request, data), export_csv(data.export), data)
    buffer = io.BytesIO()
    build(request, data, builders.Meta(department, to_bangkok(now).date())).save(buffer)
    return ReportFile(filename(request, data), buffer.getvalue(), data)


def load(session: Session, request: Request, scope: Scope, *, summary: bool = False) -> ReportData:
    """The rows the kind's workbook needs (with `summary`: the status rows and values as well)."""
    months = cal.quarter_months(*request.quarter) if request.quarter else None
    # #22: a closed month is read from the plan frozen when it closed, and says which copy it is.
    with frozen.frozen_view(session, request.month) as edition:
        data = queries.load(
            session,
            request.month,
            scope,
            quarter_months=months,
            by_office=request.kind == "tp1",
            status=summary or request.kind in ("status", "tp1"),
            values=summary or request.kind != "status",
        )
        if request.kind in ("export", "csv"):
            load_export(session, request.month, scope, data)
    if edition is not None:
        data.header = replace(data.header, edition=edition)
    return data


def build(request: Request, data: ReportData, meta: builders.Meta) -> Workbook:
    return builders.BUILDERS[request.kind](data, meta)


def filename(request: Request, data: ReportData) -> str:
    """A Thai download name, e.g. 'ตป.1_2569-12.xlsx' or 'รายไตรมาส_2570-Q2.xlsx'."""
    names = {
        "tp1": "ตป.1",
        "bb301": "สงป.301",
        "status": "ความครบถ้วน",
        "quarterly": "รายไตรมาส",
        "export": "ข้อมูลรายเดือน",
        "csv": "ข้อมูลรายเดือน",
    }
    if request.quarter:
        code = f"{request.quarter[0]}-Q{request.quarter[1]}"
    else:
        code = cal.period_code(request.month)
    scope = f"_{data.header.scope_name}" if data.header.scope_name else ""
    suffix = ".csv" if request.kind == "csv" else ".xlsx"
    return f"{names[request.kind]}_{code}{scope}{suffix}".replace("/", "-")
