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
from handlers import texts_reports as TR
from handlers.context import Context
from handlers.messages import QuickReply, quick
from handlers.phrases import report_kind, strip_polite
from models import calendar as cal
from models import parsing
from models import periods as svc
from models.entities import Period, PeriodState, Role, Unit, UnitKind
from models.line_features import LastReportRequest
from reports import kinds, service
from reports.kinds import ReportKind

PERIOD_BUTTONS = 3
_SLASH_MONTH_RE = re.compile(r"^(\d{1,2})\s*/\s*(\d{2}|\d{4})$")
_SPACED_RE = re.compile(r"(?<=[^\d\s/\-])(?=\d)")  # a year typed against the month: "ธ.ค.69"


@dataclass
class ReportRequestData:
    kind: str | None = None  # a code of reports/kinds.py
    quarter: list[int] | None = None  # [fiscal year BE, quarter] for the quarterly report
    month: str | None = None  # the period's month, ISO (a fiscal year: its September)
    scope_unit: int | None = None  # central/admin: the division chosen (None: everything)


def last_request(ctx: Context) -> LastReportRequest | None:
    return ctx.session.get(LastReportRequest, ctx.user.id)


def default_month(ctx: Context) -> date | None:
    info = ctx.office_period() if ctx.user.role == Role.OFFICER.value else ctx.due_period()
    return None if info is None else info.month


def request_words(ctx: Context, kind: str, month: date, scope_unit: int | None) -> str:
    """What a button sends for a whole request: "ตป.๑ ธ.ค. 2569" (+ the division's full name)."""
    words = f"{kinds.kind(kind).name} {cal.thai_month_short(month)}"
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
    kind = kinds.KINDS[0].code  # the first declared kind (ตป.๑) until the user asks for another
    if last is not None and last.kind in kinds.BY_CODE and last.kind in monthly(ctx):
        kind = last.kind
    words = request_words(ctx, kind, month, last.scope_unit_id if last is not None else None)
    return QuickReply(label=words, text=words)


def offered(ctx: Context) -> list[ReportKind]:
    """The kinds offered to the user now: a fiscal year's kind (ประจำปี) once a September is closed."""
    closed = bool(closed_years(ctx))
    role = ctx.user.role
    return [k for k in kinds.chat_kinds(role) if k.period is not kinds.Period.YEAR or closed]


def monthly(ctx: Context, but: str | None = None) -> list[str]:
    """The codes of the monthly kinds offered to the user (but ``but``), for "the same month"."""
    return [
        k.code for k in kinds.chat_kinds(ctx.user.role) if k.period is kinds.Period.MONTH and k.code != but
    ]


def closed_years(ctx: Context) -> list[int]:
    """The fiscal years (BE) whose September is closed, newest first: their year-end report is ready."""
    closed = ctx.session.scalars(
        select(Period.month_start)
        .where(Period.state == PeriodState.CLOSED.value)
        .order_by(Period.month_start.desc())
    )
    return [cal.fiscal_year_of(month) for month in closed if month.month == 9]  # noqa: PLR2004  # September


def year_buttons(ctx: Context, month: date) -> tuple[QuickReply, ...]:
    """After a file of a year's last month (September, once closed): its year's kinds, one tap each."""
    year = cal.fiscal_year_of(month)
    if month != cal.fiscal_months(year)[-1] or year not in closed_years(ctx):
        return ()
    words = [f"{k.name} {year}" for k in offered(ctx) if k.period is kinds.Period.YEAR]
    return tuple(QuickReply(w, w) for w in words)


def parse_year(ctx: Context, text: str) -> int | None:
    """A fiscal year whose September is closed: `2570`, `ปีงบประมาณ 2570`, `2027`, `70`; else None."""
    text = parsing.normalize_digits(strip_polite(text)).removeprefix(TR.RF_YEAR_LABEL.format(year="")).strip()
    if re.fullmatch(r"\d{2}", text):
        text = f"25{text}"
    try:
        year = service.parse_year(text)
    except ValueError:
        return None
    return year if year in closed_years(ctx) else None


def quarter_ended(month: date, rest: str = "") -> tuple[int, int] | None:
    """The quarter ``month`` ends (December ends Q1, March Q2, June Q3, September Q4), if it ends
    one and ``rest`` (what was typed after รายไตรมาส) is empty or names that quarter (#24)."""
    year, quarter = cal.quarter_of(month)
    ends = month.month % 3 == 0  # fiscal quarters end in Dec, Mar, Jun, Sep
    return (year, quarter) if ends and rest in ("", f"{quarter}/{year}") else None


def recent_periods(ctx: Context) -> list[date]:
    """The period that is due (the oldest open one) first, then the latest periods up to the one
    being reported now, newest first."""
    info = ctx.period()
    query = select(Period.month_start).order_by(Period.month_start.desc()).limit(PERIOD_BUTTONS)
    if info is not None:
        query = query.where(Period.month_start <= info.month)
    recent = list(ctx.session.scalars(query))
    due = ctx.due_period()
    if due is None:
        return recent
    return [due.month, *(month for month in recent if month != due.month)][:PERIOD_BUTTONS]


def recent_quarters(ctx: Context) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    for month in recent_periods(ctx):
        quarter = cal.quarter_of(month)
        if quarter not in seen:
            seen.append(quarter)
    if len(seen) < 2 and seen:  # offer the quarter before too
        year, q = seen[-1]
        if q > 1:
            seen.append((year, q - 1))
    return seen


def period_buttons(ctx: Context, period: kinds.Period) -> tuple[QuickReply, ...]:
    if period is kinds.Period.QUARTER:
        labels = [T.RF_QUARTER_LABEL.format(q=q, year=y) for y, q in recent_quarters(ctx)]
    elif period is kinds.Period.YEAR:
        labels = [TR.RF_YEAR_LABEL.format(year=y) for y in closed_years(ctx)[:PERIOD_BUTTONS]]
    else:
        labels = [cal.thai_month_short(m) for m in recent_periods(ctx)]
    return quick(*labels, T.W_CANCEL)


def may_choose_scope(ctx: Context) -> bool:
    return ctx.user.role in (Role.CENTRAL.value, Role.ADMIN.value)


def whole_request(ctx: Context, text: str) -> ReportRequestData | None:
    """ "<kind> <month> [<division>]" (a monthly kind) → the request, or None. The kind is any of
    its phrases (handlers/phrases.py: ตป.๑, ตป1, สงป.301, 301 ...)."""
    found = report_kind(text)
    return None if found is None else request_of(ctx, *found)


def request_of(ctx: Context, kind: str, rest: str) -> ReportRequestData | None:
    """A monthly kind with "<month> [<division>]" typed after it → the request, or None."""
    if kinds.kind(kind).period is not kinds.Period.MONTH:
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


_UNDOTTED = {  # a month abbreviation typed without its dots: "ธค 69" is "ธ.ค. 69"
    cal.thai_month_short(date(2000, m, 1)).split()[0].replace(".", ""): cal.thai_month_short(
        date(2000, m, 1)
    ).split()[0]
    for m in range(1, 13)
}


def _dotted(text: str) -> str:
    """'ธค 69' → 'ธ.ค. 69', 'ธค.' → 'ธ.ค.' (the first word only; anything else unchanged)."""
    first, _, rest = text.strip().partition(" ")
    dotted = _UNDOTTED.get(first.replace(".", ""))
    return text if dotted is None else f"{dotted} {rest}".strip()


def parse_month(ctx: Context, text: str) -> date | None:
    """A month of a period in the database: `ม.ค. 2570`, `มกราคม 2570`, `ธ.ค. 69`, `12/2569`,
    `12/69`, `2570-01`, or a month name alone (the latest such period not after the current one)."""
    text = _dotted(parsing.normalize_digits(strip_polite(text)))
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
