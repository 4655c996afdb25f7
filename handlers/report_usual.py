"""`ขอรายงาน` in two taps: what a request is, the usual one (offered first), a request typed in one
go ("ตป.๑ ธ.ค. 69"), months typed in the ways people write them, and the last request remembered
(models.line_features.LastReportRequest). The dialogue itself is handlers/report_request.py.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from handlers import texts as T
from handlers.context import Context
from handlers.messages import QuickReply
from handlers.phrases import report_kind, strip_polite
from models import calendar as cal
from models import parsing
from models import periods as svc
from models.entities import Period, Role, Unit, UnitKind
from models.line_features import LastReportRequest
from reports import service

_SLASH_MONTH_RE = re.compile(r"^(\d{1,2})\s*/\s*(\d{2}|\d{4})$")
_SPACED_RE = re.compile(r"(?<=[^\d\s/\-])(?=\d)")  # a year typed against the month: "ธ.ค.69"


@dataclass
class ReportRequestData:
    kind: str | None = None  # a key of reports.service.KINDS
    quarter: list[int] | None = None  # [fiscal year BE, quarter] for the quarterly report
    month: str | None = None  # the period's month, ISO
    scope_unit: int | None = None  # central/admin: the division chosen (None: everything)


def last_request(ctx: Context) -> LastReportRequest | None:
    return ctx.session.get(LastReportRequest, ctx.user.id)


def default_month(ctx: Context) -> date | None:
    info = ctx.office_period() if ctx.user.role == Role.OFFICER.value else ctx.due_period()
    return None if info is None else info.month


def request_words(ctx: Context, kind: str, month: date, scope_unit: int | None) -> str:
    """What a button sends for a whole request: "ตป.๑ ธ.ค. 2569" (+ the division's full name)."""
    words = f"{T.RF_KIND_NAMES[kind]} {cal.thai_month_short(month)}"
    if scope_unit is not None and may_choose_scope(ctx):
        unit = ctx.session.get(Unit, scope_unit)
        if unit is not None:
            words += f" {unit.name}"
    return words


def usual(ctx: Context) -> QuickReply | None:
    """The usual request: the last kind asked for (ตป.๑ at first) of the due month, same scope."""
    month = default_month(ctx)
    if month is None:
        return None
    last = last_request(ctx)
    kind = (
        last.kind if last is not None and last.kind in service.KINDS and last.kind != "quarterly" else "tp1"
    )
    words = request_words(ctx, kind, month, last.scope_unit_id if last is not None else None)
    return QuickReply(label=words, text=words)


def quarter_ended(month: date, rest: str = "") -> tuple[int, int] | None:
    """The quarter ``month`` ends (December ends Q1, March Q2, June Q3, September Q4), if it ends
    one and ``rest`` (what was typed after รายไตรมาส) is empty or names that quarter (#24)."""
    year, quarter = cal.quarter_of(month)
    ends = month.month % 3 == 0  # fiscal quarters end in Dec, Mar, Jun, Sep
    return (year, quarter) if ends and rest in ("", f"{quarter}/{year}") else None


def may_choose_scope(ctx: Context) -> bool:
    return ctx.user.role in (Role.CENTRAL.value, Role.ADMIN.value)


def whole_request(ctx: Context, text: str) -> ReportRequestData | None:
    """ "<kind> <month> [<division>]" (not quarterly) → the request, or None. The kind is any of
    its phrases (handlers/phrases.py: ตป.๑, ตป1, สงป.301, 301 ...)."""
    found = report_kind(text)
    return None if found is None else request_of(ctx, *found)


def request_of(ctx: Context, kind: str, rest: str) -> ReportRequestData | None:
    """A kind with "<month> [<division>]" typed after it (not quarterly) → the request, or None."""
    if kind == "quarterly":
        return None
    for typed in dict.fromkeys((rest, _SPACED_RE.sub(" ", rest))):  # "ธ.ค.69" is "ธ.ค. 69"
        request = _month_and_scope(ctx, kind, typed.split())
        if request is not None:
            return request
    return None


def _month_and_scope(ctx: Context, kind: str, rest: list[str]) -> ReportRequestData | None:
    words = ["", *rest]
    for taken in (2, 1):  # "ธ.ค. 2569" is two words, "12/2569" and "ธันวาคม" one
        month = parse_month(ctx, " ".join(words[1 : 1 + taken]))
        if month is None:
            continue
        after = " ".join(words[1 + taken :])
        if not after or after == T.RF_ALL:
            return ReportRequestData(kind=kind, month=month.isoformat())
        division = division_named(ctx, after)
        if division is None or not may_choose_scope(ctx):
            return None
        return ReportRequestData(kind=kind, month=month.isoformat(), scope_unit=division.id)
    return None


def parse_month(ctx: Context, text: str) -> date | None:
    """A month of a period in the database: `ม.ค. 2570`, `มกราคม 2570`, `ธ.ค. 69`, `12/2569`,
    `12/69`, `2570-01`, or a month name alone (the latest such period not after the current one)."""
    text = parsing.normalize_digits(strip_polite(text))
    month: date | None = None
    words = text.split()
    with contextlib.suppress(ValueError):
        month = parsing.parse_thai_month(text)
    if month is None and len(words) == 2 and re.fullmatch(r"[0-9]{2}", words[1]):
        with contextlib.suppress(ValueError):
            month = parsing.parse_thai_month(f"{words[0]} 25{words[1]}")
    match = _SLASH_MONTH_RE.match(text)
    if month is None and match:
        number, year = int(match.group(1)), match.group(2)
        be = int(year) if len(year) == 4 else 2500 + int(year)
        if 1 <= number <= 12:
            try:
                month = date(parsing.ce_year_from_text(parsing.as_be_year(be)), number, 1)
            except ValueError:
                month = None
    if month is None and len(words) == 1 and not match:
        month = _month_alone(ctx, text)
        if month is None:
            try:
                month = parsing.parse_period(text)
            except ValueError:
                return None
    if month is None or svc.period_info(ctx.session, month) is None:
        return None
    return month


def _month_alone(ctx: Context, name: str) -> date | None:
    number = None
    for candidate in range(1, 13):
        day = date(2000, candidate, 1)
        if name in (cal.thai_month_short(day).split()[0], cal.thai_month(day).split()[0]):
            number = candidate
    if number is None:
        return None
    latest = default_month(ctx)
    query = select(Period.month_start).order_by(Period.month_start.desc())
    if latest is not None:
        query = query.where(Period.month_start <= latest)
    return next((m for m in ctx.session.scalars(query) if m.month == number), None)


def divisions(ctx: Context) -> list[Unit]:
    return list(
        ctx.session.scalars(
            select(Unit)
            .where(Unit.kind == UnitKind.DIVISION.value, Unit.active.is_(True))
            .order_by(Unit.code)
        )
    )


def division_named(ctx: Context, text: str) -> Unit | None:
    return next((u for u in divisions(ctx) if text in (u.code, u.name)), None)


def remember(ctx: Context, data: ReportRequestData) -> None:
    if data.kind is None:
        return
    last = last_request(ctx)
    if last is None:
        ctx.session.add(
            LastReportRequest(
                user_id=ctx.user.id, kind=data.kind, scope_unit_id=data.scope_unit, asked_at=ctx.now
            )
        )
    else:
        last.kind, last.scope_unit_id, last.asked_at = data.kind, data.scope_unit, ctx.now
