"""Undoing an approval (`ยกเลิกการอนุมัติ`) until the period closes: the items wait for review again.

Steps:
    unapprove.choose  — which office (when more than one has approvals)
    unapprove.confirm — ยืนยัน undoes that office's approvals
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers import texts as T
from handlers import texts_review as TR
from handlers import unit_names
from handlers.context import Context, refusal
from handlers.dialogue import Dialogue, Entry, register
from handlers.messages import Next, Text, Turn, quick
from handlers.review import MAX_QUICK_REPLIES, area, month_name, owner
from models import review as rsvc
from models.entities import Unit
from models.periods import PeriodInfo
from models.permissions import Action

UNDO_LIST = 40  # offices listed, within LINE's 5,000 characters a text


@dataclass
class UnapproveData:
    period: str  # the period's month, ISO
    offices: dict[str, list[int]] = field(default_factory=dict)  # office id -> the approved results
    order: list[int] | None = None  # the offices as numbered in the list
    office: int | None = None  # the office chosen


def _approved(ctx: Context, info: PeriodInfo) -> list[rsvc.Approved]:
    """The offices with approvals this reviewer may undo (a supervising unit: its area only)."""
    units = area(ctx)
    return [
        e
        for e in rsvc.approved_offices(ctx.session, owner(ctx), info)
        if units is None or e.office.id in units
    ]


def _approved_period(ctx: Context) -> PeriodInfo | None:
    """The oldest open period with approvals to undo, else the one that is due."""
    for info in ctx.open_periods():
        if _approved(ctx, info):
            return info
    return ctx.due_period()


def start(ctx: Context) -> Turn:
    info = _approved_period(ctx)
    if (answer := refusal(info)) is not None:
        return answer
    assert info is not None  # refusal() said there is an open period
    approved = _approved(ctx, info)
    if not approved:
        return Turn([Text(T.REVIEW_UNDO_NONE.format(month=month_name(info)), quick(T.W_REVIEW))])
    data = UnapproveData(
        period=info.month.isoformat(), offices={str(e.office.id): e.result_ids for e in approved}
    )
    if len(approved) == 1:
        return _ask(ctx, approved[0].office.id, data)
    lines = [T.REVIEW_UNDO_PICK]
    lines += [
        T.REVIEW_UNDO_LINE.format(n=n, code=e.office.code, name=e.office.name, count=len(e.result_ids))
        for n, e in enumerate(approved[:UNDO_LIST], start=1)
    ]
    if len(approved) > UNDO_LIST:
        lines.append("…")  # the rest can still be typed by number or code
    data.order = [e.office.id for e in approved]
    buttons = [unit_names.office_button(e.office) for e in approved[: MAX_QUICK_REPLIES - 1]]
    return Turn([Text("\n".join(lines), (*buttons, *quick(T.W_CANCEL)))], Next("choose", data))


def on_choose(ctx: Context, text: str, data: UnapproveData) -> Turn:
    office_id = ctx.chosen_office(text, data.order or [])
    if office_id is None:
        return Turn([Text(T.REVIEW_UNDO_BAD_OFFICE)], Next("choose", data))
    return _ask(ctx, office_id, data)


def _ask(ctx: Context, office_id: int, data: UnapproveData) -> Turn:
    office = ctx.session.get_one(Unit, office_id)
    data.office = office_id
    question = TR.REVIEW_UNDO_CONFIRM.format(
        office=unit_names.named(office), n=len(data.offices[str(office_id)])
    )
    return Turn([Text(question, quick(T.W_CONFIRM, T.W_CANCEL))], Next("confirm", data))


def on_confirm(ctx: Context, text: str, data: UnapproveData) -> Turn:
    if data.office is None or str(data.office) not in data.offices:
        return start(ctx)
    if text != T.W_CONFIRM:
        return _ask(ctx, data.office, data)
    info = ctx.stored_period(data.period)
    assert info is not None  # the period guard of the dialogue ran first
    office = ctx.session.get_one(Unit, data.office)
    count = rsvc.unapprove(
        ctx.session, ctx.user, owner(ctx), office.id, info, data.offices[str(office.id)], ctx.now
    )
    if count == 0:
        return Turn([Text(T.REVIEW_UNDO_NONE.format(month=month_name(info)), quick(T.W_REVIEW))])
    return Turn(
        [Text(T.REVIEW_UNDONE.format(office=office.name, month=month_name(info), n=count), quick(T.W_REVIEW))]
    )


DIALOGUE = register(
    Dialogue(
        name="unapprove",
        entries={T.W_UNAPPROVE: Entry(start, Action.REVIEW, menu=False)},
        steps={"choose": on_choose, "confirm": on_confirm},
        data=UnapproveData,
        needs_open_period=True,
    )
)
