"""`สถานะ`: what is done and what is missing, with the days left."""

from __future__ import annotations

from sqlalchemy import select

from handlers import texts as T
from handlers.commands import Command
from handlers.context import Context, deadline_line, period_line
from handlers.messages import Text, Turn, quick
from models import reporting as svc
from models.entities import Role, Unit, UnitKind

MAX_LISTED = 10


def _listing(title: str, names: list[str]) -> list[str]:
    lines = [title]
    lines += [f"• {name if len(name) <= 80 else name[:79] + '…'}" for name in names[:MAX_LISTED]]
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
        lines += _listing(T.STATUS_RETURNED.format(n=len(status.returned)), status.returned)
    if status.missing:
        lines += _listing(T.STATUS_MISSING.format(n=len(status.missing)), status.missing)
    return Turn([Text("\n".join(lines), quick(T.W_REPORT, T.W_CORRECT, T.W_HELP))])


def _overview(ctx: Context, info: svc.PeriodInfo) -> Turn:
    """Divisions and central see how many offices have reported."""
    offices = ctx.session.scalars(
        select(Unit).where(Unit.kind == UnitKind.OFFICE.value, Unit.active.is_(True))
    ).all()
    complete = partial = none = 0
    for office in offices:
        status = svc.office_status(ctx.session, office.id, info)
        if status.total == 0:
            continue
        if status.complete:
            complete += 1
        elif status.done:
            partial += 1
        else:
            none += 1
    tier = "division" if ctx.user.role == Role.DIVISION.value else "central"
    text = T.STATUS_OVERVIEW.format(
        period=period_line(info), deadline=deadline_line(info, ctx.today, tier),
        complete=complete, offices=complete + partial + none, partial=partial, none=none,
    )
    return Turn([Text(text, quick(T.W_HELP))])


COMMANDS = {T.W_STATUS: Command(show)}
