"""Make a report: parse the period, load the rows for a scope, build the workbook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from sqlalchemy.orm import Session

from models import calendar as cal
from models.permissions import Scope
from reports import builders, queries
from reports.queries import ReportData, ReportError

KINDS = ("tp1", "bb301", "status", "quarterly")


@dataclass(frozen=True)
class Request:
    kind: str
    month: date  # the period (quarterly: the quarter's last month)
    quarter: tuple[int, int] | None = None  # (BE fiscal year, quarter) for quarterly


def parse_request(kind: str, period: str) -> Request:
    """`tp1 2570-01`, `quarterly 2570-Q2` → Request; ReportError with a message otherwise."""
    if kind not in KINDS:
        raise ReportError(f"unknown report kind {kind!r}: use one of {', '.join(KINDS)}")
    try:
        if kind == "quarterly":
            year, quarter = cal.parse_quarter(period)
            return Request(kind, cal.quarter_months(year, quarter)[-1], (year, quarter))
        return Request(kind, cal.parse_period(period))
    except ValueError as error:
        raise ReportError(str(error)) from None


def quarter_request(year_be: int, quarter: int) -> Request:
    return Request("quarterly", cal.quarter_months(year_be, quarter)[-1], (year_be, quarter))


def load(session: Session, request: Request, scope: Scope) -> ReportData:
    months = cal.quarter_months(*request.quarter) if request.quarter else None
    return queries.load(
        session, request.month, scope, quarter_months=months,
        by_office=request.kind == "tp1", status=request.kind in ("status", "tp1"),
        values=request.kind != "status",
    )


def build(request: Request, data: ReportData, meta: builders.Meta) -> Workbook:
    return builders.BUILDERS[request.kind](data, meta)


def filename(request: Request, data: ReportData) -> str:
    """A Thai download name, e.g. 'ตป.1_2569-12.xlsx' or 'รายไตรมาส_2570-Q2.xlsx'."""
    names = {"tp1": "ตป.1", "bb301": "สงป.301", "status": "ความครบถ้วน", "quarterly": "รายไตรมาส"}
    if request.quarter:
        code = f"{request.quarter[0]}-Q{request.quarter[1]}"
    else:
        code = cal.period_code(request.month)
    scope = f"_{data.header.scope_name}" if data.header.scope_name else ""
    return f"{names[request.kind]}_{code}{scope}.xlsx".replace("/", "-")
