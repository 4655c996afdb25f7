"""`ความตรงเวลา` (supervising units for their area, central and admin for all): each office's
periods of the fiscal year so far on time, late or missing, the lowest scores first, and the
officers most often late (reports/timeliness.py; its workbook is `build_timeliness`, behind a
download button). Only periods whose office deadline has passed are judged; an officer only on the
periods due after they registered."""

from __future__ import annotations

import io

from handlers import report_request, unit_names
from handlers import texts as T
from handlers import texts_review as TR
from handlers.clip import clip
from handlers.context import Context
from handlers.dialogue import Dialogue, Entry, register
from handlers.messages import Flex, Text, Turn, quick
from handlers.report_card import LINK_TTL, download_footer, expires_line
from models import calendar as cal
from models.clock import to_bangkok
from models.entities import Role
from models.org import Tree
from models.permissions import Action
from reports.timeliness import LATE, MISSING, ON_TIME, Line, Timeliness, build_timeliness, timeliness

LISTED = 8


def show(ctx: Context) -> Turn:
    info = ctx.period()
    if info is None:
        return Turn([Text(T.NO_PERIOD)])
    area, scope = None, ""
    if ctx.user.role == Role.DIVISION.value:
        tree = Tree.load(ctx.session)
        if not tree.has_children(ctx.user.unit_id):
            return Turn([Text(T.TIMELINESS_ONLY, quick(T.W_HELP))])
        area, scope = (
            frozenset(tree.below(ctx.user.unit_id)),
            T.TIMELINESS_SCOPE.format(name=ctx.user.unit.name),
        )
    data = timeliness(ctx.session, info.fiscal_year.year_be, ctx.today, area)
    if not data.offices:
        return Turn([Text(T.TIMELINESS_NONE, quick(T.W_HELP))])
    if not data.months:
        due = T.TIMELINESS_NOT_DUE.format(
            year=data.year_be,
            month=cal.thai_month(info.month),
            deadline=cal.thai_date(info.deadline("office")),
        )
        return Turn([Text(due, quick(T.W_STATUS, T.W_HELP))])
    judged = sum(len(line.states) for line in data.offices)
    on_time = sum(line.count(ON_TIME) for line in data.offices)
    lines = [
        T.TIMELINESS_HEAD.format(
            year=data.year_be,
            months=len(data.months),
            scope=scope,
            n=len(data.offices),
            score=_pct(on_time, judged),
        ),
        T.TIMELINESS_LOWEST,
    ]
    lowest = sorted(data.offices, key=lambda line: (line.score or 0, line.code))[:LISTED]
    lines += [
        T.TIMELINESS_LINE.format(
            code=line.code,
            name=clip(line.name, 40),
            on_time=line.count(ON_TIME),
            late=line.count(LATE),
            missing=line.count(MISSING),
            score=_pct(line.count(ON_TIME), len(line.states)),
        )
        for line in lowest
    ]
    slow = sorted(
        (line for line in data.officers if line.count(LATE) + line.count(MISSING)),
        key=lambda line: (-(line.count(LATE) + line.count(MISSING)), line.parent, line.code),
    )[:LISTED]
    if slow:
        lines.append(T.TIMELINESS_OFFICERS)
        lines += [_officer(line) for line in slow]
    lines.append(T.TIMELINESS_JOINED)
    return Turn([Text("\n".join(lines)), _download(ctx, _workbook_link(ctx, data))])


def _download(ctx: Context, link: str) -> Flex:
    """The whole table behind a button (a LINE URI action), with the link's expiry."""
    until = to_bangkok(ctx.now + LINK_TTL)
    contents = {
        "type": "bubble",
        "body": {
            "type": "box",
            "layout": "vertical",
            "spacing": "sm",
            "contents": [
                {"type": "text", "text": T.TIMELINESS_FILE, "weight": "bold", "wrap": True},
                expires_line(until),
            ],
        },
        "footer": download_footer(T.TIMELINESS_DOWNLOAD, link),
    }
    return Flex(T.TIMELINESS_FILE, contents, quick(T.W_STATUS, T.W_HELP))


def _workbook_link(ctx: Context, data: Timeliness) -> str:
    """The whole table (every office and officer, month by month) as an expiring download."""
    buffer = io.BytesIO()
    build_timeliness(data).save(buffer)
    name = f"ความตรงเวลา_{data.year_be}.xlsx"
    store = ctx.services.files
    return store.issue(ctx.session, buffer.getvalue(), name, report_request.XLSX, ctx.user, ctx.now, LINK_TTL)


def _officer(line: Line) -> str:
    return TR.TIMELINESS_OFFICER_LINE.format(
        name=clip(line.code, 30),
        office=unit_names.short_name(line.parent, line.name),  # the office by name, not its code (#24)
        on_time=line.count(ON_TIME),
        late=line.count(LATE),
        missing=line.count(MISSING),
    )


def _pct(part: int, whole: int) -> str:
    return f"{part / whole * 100:.0f}%" if whole else "-"


DIALOGUE = register(
    Dialogue(
        name="timeliness",
        entries={T.W_TIMELINESS: Entry(show, Action.VIEW_AUDIT, menu=False)},
    )
)
