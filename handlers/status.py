"""`สถานะ`: what is done and what is missing, with the days left."""

from __future__ import annotations

from handlers import texts as T
from handlers.clip import clip
from handlers.commands import Command
from handlers.context import Context, deadline_line, period_line
from handlers.messages import Text, Turn, quick
from models import reporting as svc
from models.entities import Role
from models.review import review_queue

MAX_LISTED = 10


def _listing(title: str, names: list[str], numbers: list[int]) -> list[str]:
    """A title and the items, each with its number in the office's plan (as in รายงาน and แก้ไข)."""
    lines = [title]
    lines += [T.STATUS_ITEM.format(n=n, name=clip(name, 80))
              for n, name in zip(numbers[:MAX_LISTED], names[:MAX_LISTED], strict=True)]
    if len(names) > MAX_LISTED:
        lines.append(T.STATUS_MORE.format(n=len(names) - MAX_LISTED))
    return lines


def show(ctx: Context) -> Turn:
    info = ctx.period()
    if info is None:
        return Turn([Text(T.NO_PERIOD)])
    if ctx.user.role != Role.OFFICER.value:
        return _overview(ctx, info)
    status = svc.office_status(ctx.session, ctx.user.unit_id, info)
    lines = [
        T.STATUS_OFFICE.format(
            unit=ctx.user.unit.name, period=period_line(info),
            deadline=deadline_line(info, ctx.today), done=status.done, total=status.total,
        )
    ]
    if status.complete:
        lines.append(T.STATUS_COMPLETE)
        return Turn([Text("\n".join(lines), quick(T.W_CORRECT, T.W_HELP))])
    if status.drafts:
        lines.append(T.STATUS_DRAFTS.format(n=status.drafts))
    if status.returned:
        lines += _listing(T.STATUS_RETURNED.format(n=len(status.returned)), status.returned, status.returned_numbers)
    if status.missing:
        lines += _listing(T.STATUS_MISSING.format(n=len(status.missing)), status.missing, status.missing_numbers)
    return Turn([Text("\n".join(lines), quick(T.W_REPORT, T.W_CORRECT, T.W_HELP))])


def _overview(ctx: Context, info: svc.PeriodInfo) -> Turn:
    """Divisions see the offices reporting on their indicators, central all of them (a few grouped
    queries, whatever the number of offices)."""
    division = ctx.user.role == Role.DIVISION.value
    queue = review_queue(ctx.session, ctx.user.unit_id if division else None, info)
    complete = sum(1 for e in queue if e.assigned and e.waiting + e.approved == e.assigned)
    none = sum(1 for e in queue if e.waiting + e.approved == 0)
    partial = len(queue) - complete - none
    text = T.STATUS_OVERVIEW.format(
        period=period_line(info), deadline=deadline_line(info, ctx.today, "division" if division else "central"),
        complete=complete, offices=len(queue), partial=partial, none=none,
    )
    waiting = sum(1 for e in queue if e.waiting)
    buttons = (T.W_HELP,)
    if waiting and ctx.user.role in (Role.DIVISION.value, Role.CENTRAL.value):
        text += "\n" + T.STATUS_WAITING_REVIEW.format(n=waiting)
        buttons = (T.W_REVIEW, T.W_HELP)
    return Turn([Text(text, quick(*buttons))])


COMMANDS = {T.W_STATUS: Command(show)}
