"""`สถานะ`: what is done and what is missing, with the days left."""

from __future__ import annotations

from sqlalchemy import select

from handlers import texts as T
from handlers import texts_officer as TO
from handlers.clip import clip
from handlers.context import Context, deadline_line, late_line, period_line
from handlers.dialogue import Dialogue, Entry, register
from handlers.messages import Text, Turn, quick
from models import calendar as cal
from models import periods as svc
from models.entities import Role, Unit
from models.office_status import OfficeStatus, office_status
from models.org import Tree, groups_of
from models.permissions import Action
from models.review import QueueEntry, review_queue

MAX_LISTED = 10
MAX_GROUPS = 8  # supervising units listed in สถานะ; the completeness file has them all


def _listing(
    title: str, names: list[str], numbers: list[int], reasons: list[str | None] | None = None
) -> list[str]:
    """A title and the items, each with its number in the office's plan (as in รายงาน and แก้ไข),
    and with ``reasons`` the reviewer's reason under each."""
    lines = [title]
    for at, (n, name) in enumerate(zip(numbers[:MAX_LISTED], names[:MAX_LISTED], strict=True)):
        lines.append(T.STATUS_ITEM.format(n=n, name=clip(name, 80)))
        if reasons is not None:
            reason = reasons[at]
            lines.append(
                TO.STATUS_REASON.format(reason=clip(reason, 120)) if reason else TO.STATUS_REASON_NONE
            )
    if len(names) > MAX_LISTED:
        lines.append(T.STATUS_MORE.format(n=len(names) - MAX_LISTED))
    return lines


def _review(status: OfficeStatus) -> str:
    """What the division made of the results sent: "อนุมัติแล้ว 18 · ส่งกลับ 2" (the states there are)."""
    parts = [
        template.format(n=n)
        for template, n in (
            (TO.STATUS_REVIEW_APPROVED, status.approved),
            (TO.STATUS_REVIEW_WAITING, status.waiting_review),
            (TO.STATUS_REVIEW_RETURNED, len(status.returned)),
        )
        if n
    ]
    return TO.STATUS_REVIEW_JOIN.join(parts) if parts else TO.STATUS_REVIEW_NONE


def _other_months(ctx: Context, info: svc.PeriodInfo) -> list[str]:
    """The office's other open months with anything entered: one line each, and what was returned."""
    lines: list[str] = []
    for other in ctx.open_periods():
        if other.month == info.month:
            continue
        status = office_status(ctx.session, ctx.user.unit_id, other)
        if not (status.done or status.returned or status.drafts):
            continue
        review = _review(status)
        lines.append(
            TO.STATUS_MONTH_LINE.format(
                month=cal.thai_month(other.month), done=status.done, total=status.total, review=review
            )
        )
        if status.returned:
            lines += _listing("", status.returned, status.returned_numbers, status.returned_reasons)[1:]
    return [TO.STATUS_OTHER_MONTHS, *lines] if lines else []


def show(ctx: Context) -> Turn:
    if ctx.user.role != Role.OFFICER.value:
        info = ctx.due_period()
        return Turn([Text(T.NO_PERIOD)]) if info is None else _overview(ctx, info)
    info = ctx.office_period()
    if info is None:
        return Turn([Text(T.NO_PERIOD)])
    current = ctx.period()
    after = None
    if current is not None and current.month > info.month and not current.closed:
        after = T.NEXT_PERIOD_LINE.format(
            month=cal.thai_month(current.month), deadline=deadline_line(current, ctx.today)
        )
    return _office(ctx, info, after)


def _office(ctx: Context, info: svc.PeriodInfo, after: str | None = None) -> Turn:
    """Where the office stands for one period; a closed period offers no report button."""
    status = office_status(ctx.session, ctx.user.unit_id, info)
    deadline = T.PERIOD_CLOSED_STATUS if info.closed else deadline_line(info, ctx.today)
    lines = [
        T.STATUS_OFFICE.format(
            unit=ctx.user.unit.name,
            period=period_line(info),
            deadline=deadline,
            done=status.done,
            total=status.total,
        )
    ]
    if not info.closed and (late := late_line(info, ctx.today)) is not None and not status.complete:
        lines.insert(0, late)
    if reviewed := status.approved + status.waiting_review + len(status.returned):
        lines.append(TO.STATUS_REVIEW.format(n=reviewed, parts=_review(status)))
    months = [] if info.closed else _other_months(ctx, info)
    if after:
        lines.append(after)
    if status.complete:
        lines += [T.STATUS_COMPLETE, *months]
        return Turn([Text("\n".join(lines), quick(*_open_only(info, T.W_CORRECT), T.W_HELP))])
    if status.drafts:
        lines.append(T.STATUS_DRAFTS.format(n=status.drafts))
    if status.returned:
        lines += _listing(
            T.STATUS_RETURNED.format(n=len(status.returned)),
            status.returned,
            status.returned_numbers,
            status.returned_reasons,
        )
    if status.missing:
        lines += _listing(
            T.STATUS_MISSING.format(n=len(status.missing)), status.missing, status.missing_numbers
        )
    lines += months
    return Turn([Text("\n".join(lines), quick(*_open_only(info, T.W_REPORT, T.W_CORRECT), T.W_HELP))])


def _open_only(info: svc.PeriodInfo, *words: str) -> tuple[str, ...]:
    return () if info.closed else words


def _overview(ctx: Context, info: svc.PeriodInfo) -> Turn:
    """Divisions see the offices reporting on their indicators, a supervising unit the offices
    below it, central all of them (a few grouped queries, whatever the number of offices), grouped
    by supervising unit when the plan has a unit tree."""
    division = ctx.user.role == Role.DIVISION.value
    tree = Tree.load(ctx.session)
    supervising = division and tree.has_children(ctx.user.unit_id)
    owner_id = ctx.user.unit_id if division and not supervising else None
    area = frozenset(tree.below(ctx.user.unit_id)) if supervising else None
    queue = review_queue(ctx.session, owner_id, info, area)
    complete = sum(1 for e in queue if _complete(e))
    none = sum(1 for e in queue if e.waiting + e.approved == 0)
    partial = len(queue) - complete - none
    text = T.STATUS_OVERVIEW.format(
        period=period_line(info),
        deadline=deadline_line(info, ctx.today, "division" if division else "central"),
        complete=complete,
        offices=len(queue),
        partial=partial,
        none=none,
    )
    text += _grouped(ctx, tree, queue, ctx.user.unit_id if supervising else None)
    waiting = sum(1 for e in queue if e.waiting)
    buttons: tuple[str, ...] = (T.W_HELP,)
    if waiting and ctx.user.role in (Role.DIVISION.value, Role.CENTRAL.value):
        text += "\n" + T.STATUS_WAITING_REVIEW.format(n=waiting)
        buttons = (T.W_REVIEW, T.W_HELP)
    return Turn([Text(text, quick(*buttons))])


def _complete(entry: QueueEntry) -> bool:
    return bool(entry.assigned) and entry.waiting + entry.approved == entry.assigned


def _grouped(ctx: Context, tree: Tree, queue: list[QueueEntry], top: int | None) -> str:
    """One line per supervising unit (by province for seed 004), the least complete first."""
    entries = {e.office.id: e for e in queue}
    groups = groups_of(tree, list(entries), top)
    if not groups:
        return ""
    names = dict(ctx.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(list(groups)))).all())
    counted = [
        (sum(1 for o in members if _complete(entries[o])), len(members), names.get(unit_id, ""))
        for unit_id, members in groups.items()
    ]
    counted.sort(key=lambda c: (c[0] / c[1], c[2]))
    lines = [T.STATUS_GROUPS_HEAD.format(n=len(counted))]
    lines += [
        T.STATUS_GROUP_LINE.format(name=clip(name, 60), complete=done, offices=total)
        for done, total, name in counted[:MAX_GROUPS]
    ]
    if len(counted) > MAX_GROUPS:
        lines.append(T.STATUS_GROUPS_MORE.format(n=len(counted) - MAX_GROUPS))
    return "\n" + "\n".join(lines)


DIALOGUE = register(
    Dialogue(
        name="status",
        entries={T.W_STATUS: Entry(show, Action.VIEW_STATUS, slow=True)},
    )
)
