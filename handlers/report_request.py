"""`ขอรายงาน`: a user asks for a report file (the reports/ package makes it) and gets it in chat,
as a download link in a Flex bubble plus a chart image.

Steps:
    report_files.kind    — the usual request first (the last kind asked for, default ตป.๑, for the
                           due month and the user's scope: "ตป.๑ ธ.ค. 2569", one tap to the file),
                           then the kinds offered (reports/kinds.py: ตป.๑ | สงป.๓๐๑ | ... | ประจำปี)
    report_files.period  — by the kind's period: a month (latest three as buttons, or typed
                           `ม.ค. 2570`, `ธ.ค. 69`, `12/2569`, `ธันวาคม`), a quarter, or a fiscal
                           year whose September is closed (`2570`)
    report_files.scope   — central and admin only: ทั้งหมด or one division (named in full)
    report_files.more    — after a file: the other kinds of the same month as buttons

A request may be typed in one go: "<kind> <month> [<division>]", the kind in any of its phrases
(handlers/phrases.py), from outside the dialogue too (``given``). The last request (kind and scope)
is remembered (models.line_features.LastReportRequest) and offered first the next time.

The scope never goes beyond what models.permissions.scope_of allows: an officer gets the own
office, a division its own indicators. Files are stored through the file store (models/downloads.py)
the runtime gives each step (``ctx.services.files``).

A report too large to build within LINE's reply window (more than INLINE_LIMIT office ×
indicator pairs in scope; a department of 78 offices has about 3,000) is answered at once with
"being made", built after the reply and pushed with a retry key when ready.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers import help as help_
from handlers import texts as T
from handlers import texts_reports as TR
from handlers.context import Context, Services
from handlers.dialogue import Dialogue, Entry, register
from handlers.messages import Image, Later, Next, QuickReply, Reply, ReportWork, Text, Turn, quick
from handlers.phrases import report_kind, strip_polite
from handlers.report_card import LINK_TTL, bubble, period_label
from handlers.report_usual import (
    ReportRequestData,
    closed_years,
    default_month,
    division_named,
    divisions,
    monthly,
    offered,
    parse_month,
    parse_year,
    period_buttons,
    quarter_ended,
    remember,
    request_of,
    request_words,
    usual,
    year_buttons,
)
from handlers.unit_names import short
from models import calendar as cal
from models import parsing
from models import periods as svc
from models.conversations import to_json
from models.entities import Assignment, FiscalYear, Indicator, Role, User
from models.org import area_scope
from models.permissions import Action, Scope, scope_of
from models.signers import Person
from reports import charts, kinds, service
from reports.kinds import Period as Every
from reports.rows import ReportError

FLOW = "report_files"  # the old name, kept: conversations stored before the rename resume
MAX_SCOPE_BUTTONS = 11  # + ทั้งหมด + ยกเลิก = 13, LINE's limit
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_QUARTER_RE = re.compile(r"^(?:ไตรมาส\s*)?([1-4])\s*/\s*(\d{4})$")


# --- steps ------------------------------------------------------------------------------------


def start(ctx: Context) -> Turn:
    return _ask_kind(ctx)


def _ask_kind(ctx: Context, note: str | None = None) -> Turn:
    first = usual(ctx)
    lines = [note] if note else []
    if first is not None:
        lines.append(T.RF_USUAL_HINT.format(usual=first.text))
    kinds_now = offered(ctx)
    lines += [T.RF_ASK_KIND_FIRST, *(TR.RF_KIND_LINE.format(name=k.name, about=k.about) for k in kinds_now)]
    buttons = (*((first,) if first is not None else ()), *quick(*(k.name for k in kinds_now), T.W_CANCEL))
    return Turn([Text("\n".join(lines), buttons)], Next("kind", ReportRequestData()))


def given(ctx: Context, kind: str | None, rest: str) -> Turn:
    """A request typed in one go (handlers/phrases.py): a kind ('ตป.๑', 'ตป1', '301', 'ไตรมาส'),
    with or without a month ('ธ.ค. 69', '12/2569', 'ธันวาคม') or a quarter ('1', '2/2570'); or
    the word with the kind after it ('ขอรายงาน ตป.๑ ธ.ค. 69'). What is missing is asked."""
    if kind is None:
        found = report_kind(rest)
        if found is None:
            return _ask_kind(ctx, T.RF_BAD_KIND)
        kind, rest = found
    of = kinds.kind(kind)
    if not of.offered_to(ctx.user.role):
        return _ask_kind(ctx, TR.RF_KIND_NOT_YOURS.format(kind=of.name))
    data = ReportRequestData(kind=kind)
    rest = strip_polite(rest)
    if not rest:
        return _ask_period(ctx, data)
    if of.period is not Every.MONTH:
        month = default_month(ctx)
        if of.period is Every.QUARTER and rest in ("1", "2", "3", "4") and month is not None:
            rest = f"{rest}/{cal.fiscal_year_of(month)}"
        return on_period(ctx, rest, data)
    whole = request_of(ctx, kind, rest)
    return _ask_period(ctx, data, T.RF_BAD_PERIOD) if whole is None else _deliver_request(ctx, whole)


def on_kind(ctx: Context, text: str, data: ReportRequestData) -> Turn:
    if text in kinds.BY_CODE and kinds.kind(text).chat:  # a kind's code typed
        return given(ctx, text, "")
    found = report_kind(text)
    return _ask_kind(ctx, T.RF_BAD_KIND) if found is None else given(ctx, *found)


def on_more(ctx: Context, text: str, data: ReportRequestData) -> Turn:
    """After a file: a kind alone is for the same month and scope; a whole request is read as one;
    anything else ends the dialogue and is answered as outside it."""
    found = report_kind(text)
    if found is None:
        return help_.not_understood(ctx, text)
    kind, rest = found
    period = kinds.kind(kind).period
    ended = quarter_ended(date.fromisoformat(data.month), rest) if data.month is not None else None
    if period is Every.QUARTER and ended is not None:  # the quarter the month ends, same scope
        return _deliver_request(
            ctx, ReportRequestData(kind=kind, quarter=list(ended), scope_unit=data.scope_unit)
        )
    if not rest and period is Every.MONTH and kind in monthly(ctx) and data.month is not None:
        return _deliver_request(
            ctx, ReportRequestData(kind=kind, month=data.month, scope_unit=data.scope_unit)
        )
    return given(ctx, kind, rest)


def _ask_period(ctx: Context, data: ReportRequestData, note: str | None = None) -> Turn:
    if data.kind is None:  # no kind chosen yet: ask for it first
        return _ask_kind(ctx, note)
    of = kinds.kind(data.kind)
    if of.period is Every.YEAR and not closed_years(ctx):
        return Turn([Text(TR.RF_NO_YEAR.format(kind=of.name))])
    question = {
        Every.QUARTER: T.RF_ASK_QUARTER,
        Every.YEAR: TR.RF_ASK_YEAR.format(kind=of.name),
    }.get(of.period, T.RF_ASK_PERIOD.format(kind=of.name))
    lines = [note] if note else []
    return Turn([Text("\n".join([*lines, question]), period_buttons(ctx, of.period))], Next("period", data))


def on_period(ctx: Context, text: str, asked: ReportRequestData) -> Turn:
    kind = asked.kind
    if kind is None:
        return _ask_kind(ctx)
    period = kinds.kind(kind).period
    if period is Every.QUARTER:
        request = _parse_quarter(kind, text)
        if request is None or request.quarter is None or svc.period_info(ctx.session, request.month) is None:
            return _ask_period(ctx, asked, T.RF_BAD_QUARTER)
        data = ReportRequestData(kind=kind, quarter=list(request.quarter))
    elif period is Every.YEAR:
        year = parse_year(ctx, text)
        if year is None:
            return _ask_period(ctx, asked, TR.RF_BAD_YEAR.format(kind=kinds.kind(kind).name))
        data = ReportRequestData(kind=kind, month=service.year_request(kind, year).month.isoformat())
    else:
        month = parse_month(ctx, text)
        if month is None:
            return _ask_period(ctx, asked, T.RF_BAD_PERIOD)
        data = ReportRequestData(kind=kind, month=month.isoformat())
    if ctx.user.role in (Role.CENTRAL.value, Role.ADMIN.value):
        return _ask_scope(ctx, data)
    return _deliver(ctx, data, area_scope(ctx.session, ctx.user) or scope_of(ctx.user))


def _parse_quarter(kind: str, text: str) -> service.Request | None:
    match = _QUARTER_RE.match(text)
    try:
        if match:
            return service.quarter_request(kind, parsing.as_be_year(int(match.group(2))), int(match.group(1)))
        return service.parse_request(kind, text)
    except (ValueError, ReportError):
        return None


def _ask_scope(ctx: Context, data: ReportRequestData, note: str | None = None) -> Turn:
    """Divisions are named in full (the buttons send the full name; a code typed is read too)."""
    offered = divisions(ctx)[:MAX_SCOPE_BUTTONS]
    listed = "\n".join(f"• {u.name} ({u.code})" for u in offered)
    lines = [note] if note else []
    buttons = (
        QuickReply(T.RF_ALL, T.RF_ALL),
        *(QuickReply(label=short(u), text=u.name) for u in offered),
        QuickReply(T.W_CANCEL, T.W_CANCEL),
    )
    question = T.RF_ASK_SCOPE_NAMED.format(divisions=listed)
    return Turn([Text("\n".join([*lines, question]), buttons)], Next("scope", data))


def on_scope(ctx: Context, text: str, data: ReportRequestData) -> Turn:
    if data.kind is None or (data.month is None and data.quarter is None):
        return _ask_kind(ctx)
    if text == T.RF_ALL:
        return _deliver(ctx, data, area_scope(ctx.session, ctx.user) or scope_of(ctx.user))
    division = division_named(ctx, text)
    if division is None:
        return _ask_scope(ctx, data, T.RF_BAD_SCOPE)
    allowed = scope_of(ctx.user)
    if not allowed.everything:  # never wider than allowed (only central/admin reach this step)
        return _deliver(ctx, data, allowed)
    data.scope_unit = division.id
    return _deliver(ctx, data, Scope(owner_unit_id=division.id))


def _deliver_request(ctx: Context, data: ReportRequestData) -> Turn:
    """A whole request (the usual one, or typed in one go): the scope is the user's own, or for
    central and admin everything or the division named."""
    allowed = scope_of(ctx.user)
    if data.scope_unit is not None and allowed.everything:
        return _deliver(ctx, data, Scope(owner_unit_id=data.scope_unit))
    data.scope_unit = None
    return _deliver(ctx, data, allowed)


# --- the answer -------------------------------------------------------------------------------


def _request(data: ReportRequestData) -> service.Request:
    kind, month = str(data.kind), str(data.month)  # on_period and on_scope checked both are there
    if data.quarter:
        return service.quarter_request(kind, *data.quarter)
    return service.Request(kind, date.fromisoformat(month))


# Office × indicator pairs built within the reply window (bench/reports_bench.py, bench/RESULTS.md #14):
# a build of this size stays well inside LINE's 2 s; bigger ones go to a worker.
INLINE_LIMIT = 5_000  # 1.24 s of CPU with the chart
# A worker's build rate, for telling the user when to expect the file: the national tp1 (400,000
# pairs) takes about 55 s (bench/RESULTS.md, "Reports"); a minute more for the queue.
PAIRS_PER_MINUTE = 300_000


def _size(ctx: Context, request: service.Request, scope: Scope) -> int:
    """How many office × indicator pairs the report covers (a cheap count, no rows loaded)."""
    year = cal.fiscal_year_of(request.month)
    query = (
        select(func.count())
        .select_from(Assignment)
        .join(Indicator, Assignment.indicator_id == Indicator.id)
        .join(FiscalYear, Indicator.fiscal_year_id == FiscalYear.id)
        .where(FiscalYear.year_be == year)
    )
    if scope.office_id is not None:
        query = query.where(Assignment.unit_id == scope.office_id)
    if scope.owner_unit_id is not None:
        query = query.where(Indicator.owner_unit_id == scope.owner_unit_id)
    if scope.area is not None:
        query = query.where(Assignment.unit_id.in_(sorted(scope.area) or [0]))
    return ctx.session.scalar(query) or 0


def _deliver(ctx: Context, data: ReportRequestData, scope: Scope) -> Turn:
    request = _request(data)
    remember(ctx, data)
    pairs = _size(ctx, request, scope)
    limit = ctx.services.report_inline_pairs
    if pairs > (INLINE_LIMIT if limit is None else limit):
        user_id = ctx.user.id
        key = str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"tidtam:report:{user_id}:{to_json(data)}:{ctx.now.isoformat()}")
        )
        work = ReportWork(
            user_id,
            request.kind,
            request.month.isoformat(),
            list(request.quarter) if request.quarter else None,
            scope.office_id,
            scope.owner_unit_id,
            scope.area_unit_id,
        )
        lock = (
            f"report:{user_id}:{request.kind}:{request.month}:{request.quarter}:"
            f"{scope.office_id}:{scope.owner_unit_id}:{scope.area_unit_id}"
        )
        minutes = 1 + -(-pairs // PAIRS_PER_MINUTE)
        text = T.RF_BEING_MADE.format(kind=request.of.name, period=period_label(request))
        return Turn(
            [Text(text + "\n" + T.RF_EXPECT_MINUTES.format(minutes=minutes))],
            later=Later(work, ctx.user.line_user_id, key, lock),
        )
    turn = _answer(ctx, request, scope)
    if (
        request.of.period is not Every.MONTH
        or len(turn.replies) != 2
        or not isinstance(turn.replies[-1], Image)
    ):
        return turn
    # After the file: the other kinds of the same month and scope, one tap each.
    image = turn.replies[-1]
    buttons = tuple(
        QuickReply(label=kinds.kind(k).name, text=request_words(ctx, k, request.month, data.scope_unit))
        for k in monthly(ctx, but=request.kind)
    )
    buttons += year_buttons(ctx, request.month)  # #25: after a closed September, its year's report
    if (ended := quarter_ended(request.month)) is not None:  # #24: a quarter's last month offers it
        label = T.RF_QUARTER_LABEL.format(q=ended[1], year=ended[0])
        buttons += (QuickReply(label, label),)
    turn.replies[-1] = Image(image.url, image.preview_url, (*buttons, QuickReply(T.W_CANCEL, T.W_CANCEL)))
    more = ReportRequestData(kind=request.kind, month=request.month.isoformat(), scope_unit=data.scope_unit)
    return Turn(turn.replies, Next("more", more))


def later_replies(session: Session, work: ReportWork, now: datetime, services: Services) -> list[Reply]:
    """The answer to a report request built by a worker (``Later`` above): the file's bubble."""
    if work.quarter:
        request = service.quarter_request(work.kind, work.quarter[0], work.quarter[1])
    else:
        request = service.Request(work.kind, date.fromisoformat(work.month))
    user = session.get_one(User, work.user_id)
    area = area_scope(session, user) if work.area_unit_id is not None else None  # a supervising unit
    scope = area or Scope(office_id=work.office_id, owner_unit_id=work.owner_unit_id)
    return _answer(Context(session, user, now, services), request, scope).replies


def preparer(user: User) -> Person:
    """The user who asked, as the form's preparer (#25): the LINE display name; users carry no
    position, so it is left as a dotted line to fill by hand."""
    return Person(user.display_name or "")


def _answer(ctx: Context, request: service.Request, scope: Scope) -> Turn:
    try:
        report = service.make(
            ctx.session, request, scope, ctx.now, summary=True, prepared_by=preparer(ctx.user)
        )
    except ReportError:
        return _ask_period(ctx, ReportRequestData(kind=request.kind), T.RF_BAD_PERIOD)
    data = report.data
    if not data.indicators:
        return Turn([Text(T.RF_NOTHING)])
    store = ctx.services.files
    link = store.issue(ctx.session, report.content, report.name, XLSX, ctx.user, ctx.now, LINK_TTL)
    png = charts.render(request.of.chart(data))
    image = store.issue(ctx.session, png, "chart.png", "image/png", ctx.user, ctx.now, LINK_TTL)
    return Turn([bubble(ctx, request, data, link), Image(url=image, preview_url=image)])


def reask(ctx: Context, step: str, data: ReportRequestData) -> list[Reply]:
    if step == "kind" or data.kind is None:
        return _ask_kind(ctx).replies
    if step == "more" and data.month is not None:
        month = cal.thai_month_short(date.fromisoformat(data.month))
        others = [kinds.kind(k).name for k in monthly(ctx, but=data.kind)]
        return [Text(T.RF_MORE.format(period=month), quick(*others, T.W_CANCEL))]
    if step == "period":
        return _ask_period(ctx, data).replies
    return _ask_scope(ctx, data).replies


DIALOGUE = register(
    Dialogue(
        name=FLOW,
        entries={T.W_REQUEST_REPORT: Entry(start, Action.REQUEST_REPORT, given=given)},
        steps={"kind": on_kind, "period": on_period, "scope": on_scope, "more": on_more},
        data=ReportRequestData,
        reask=reask,
        slow_steps=frozenset({"kind", "period", "scope", "more"}),
    )
)
