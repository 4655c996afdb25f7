"""Division review (`ตรวจ`): the queue of offices waiting, one office's values, approve or return.

Steps:
    review.choose   — pick an office from the queue
    review.decide   — อนุมัติ or ส่งกลับ
    review.approve  — ยืนยัน approves the items just shown ("อนุมัติ P40 ทั้ง 6 ข้อ?")
    review.pick     — which items go back
    review.reason   — why (pushed to the office's officers)

Undoing an approval (`ยกเลิกการอนุมัติ`) is handlers/unapprove.py.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from handlers import photos, review_changes, unit_names
from handlers import texts as T
from handlers import texts_review as TR
from handlers.answers import shown_value, with_unit
from handlers.clip import clip
from handlers.context import Context, deadline_line, month_buttons, refusal
from handlers.dialogue import Dialogue, Entry, register
from handlers.messages import Next, Push, Text, Turn, quick
from handlers.numbers import parse_choice
from models import calendar as cal
from models import review as rsvc
from models.clock import to_bangkok
from models.entities import Indicator, Project, Result, Role, Unit
from models.line_features import photo_counts
from models.on_behalf import entered_by_other, who
from models.org import area_of
from models.periods import PeriodInfo, period_info
from models.permissions import Action, Target, can
from models.reporting import office_item_numbers

PAGE = 12
MAX_REASON = 500
MAX_QUICK_REPLIES = 13  # LINE's limit (bot/line_limits.py)


@dataclass
class ReviewData:
    period: str  # the period's month, ISO
    offices: list[int] = field(default_factory=list)  # the offices waiting, as numbered in the queue
    page: int = 0
    office: int | None = None  # the office being reviewed
    numbered: list[list[Any]] | None = None  # [number as the office sees it, result id or None]
    approve: list[int] | None = None  # the results the approval confirms
    picked: list[int] | None = None  # the item numbers going back


def owner(ctx: Context) -> int | None:
    """A division reviews its own indicators; central, and a supervising unit reviewing its area
    (models/org.py), review all indicators."""
    if ctx.user.role != Role.DIVISION.value or area(ctx) is not None:
        return None
    return ctx.user.unit_id


def area(ctx: Context) -> frozenset[int] | None:
    """The offices a supervising unit reviews by area; None: reviews by indicator owner."""
    return area_of(ctx.session, ctx.user)


def in_area(ctx: Context, office_id: int) -> bool:
    units = area(ctx)
    return units is None or office_id in units


def month_name(info: PeriodInfo) -> str:
    return cal.thai_month(info.month)


def _chosen(ctx: Context, month: str | None) -> PeriodInfo | None:
    """The period a review or summary acts on: the one chosen, else the one that is due."""
    return period_info(ctx.session, date.fromisoformat(month)) if month else ctx.due_period()


def _submitted_at(entry: rsvc.QueueEntry) -> datetime:
    """When an office last submitted (a waiting office has a time; no time sorts last)."""
    return entry.last_submitted or datetime.min.replace(tzinfo=UTC)


def start_review(
    ctx: Context, note: str | None = None, page: int = 0, month: str | None = None, undo: bool = False
) -> Turn:
    info = _chosen(ctx, month)
    if (answer := refusal(info)) is not None:
        return answer
    assert info is not None  # refusal() said there is an open period
    queue = rsvc.review_queue(ctx.session, owner(ctx), info, area(ctx))  # an area filters in the query
    waiting = sorted((e for e in queue if e.waiting), key=_submitted_at, reverse=True)
    missing = [e.office for e in queue if not (e.waiting or e.approved or e.returned)]
    returned = [e.office for e in queue if e.returned]
    lines = [note] if note else []
    lines.append(
        T.REVIEW_QUEUE.format(
            period=f"รอบเดือน{month_name(info)} · ผลงาน {cal.thai_range(*info.window)}",
            deadline=deadline_line(info, ctx.today, "division"),
        )
    )
    shown = waiting[page * PAGE : (page + 1) * PAGE]
    if waiting:
        lines.append(T.REVIEW_WAITING.format(n=len(waiting)))
        lines += _waiting_lines(ctx, info, shown, first=page * PAGE + 1)
    else:
        lines.append(T.REVIEW_NONE_WAITING)
    if returned:  # by name, a count and a cut: nobody knows office codes by heart (#24)
        lines.append(TR.REVIEW_RETURNED.format(n=len(returned), names=unit_names.name_list(returned)))
    if missing:
        lines.append(TR.REVIEW_MISSING.format(n=len(missing), names=unit_names.name_list(missing)))
    months = month_buttons(ctx.open_periods(), but=info)[:3]
    data = ReviewData(period=info.month.isoformat(), offices=[e.office.id for e in waiting], page=page)
    undo_button = (T.W_UNAPPROVE,) if undo else ()
    if not waiting:
        if not months:
            return Turn([Text("\n".join(lines), quick(*undo_button, T.W_STATUS, T.W_HELP))])
        lines.append(T.OTHER_MONTHS)
        return Turn([Text("\n".join(lines), quick(*undo_button, *months, T.W_CANCEL))], Next("choose", data))
    extra = [T.W_NEXT_PAGE] if len(waiting) > (page + 1) * PAGE else []
    extra += undo_button
    room = MAX_QUICK_REPLIES - len(extra) - len(months) - 1  # LINE shows at most 13; codes can be typed
    offices = [unit_names.office_button(e.office) for e in shown][:room]  # short name, sends the code
    lines.append(T.REVIEW_PICK)
    buttons = (*offices, *quick(*extra, *months, T.W_CANCEL))
    return Turn([Text("\n".join(lines), buttons)], Next("choose", data))


def _waiting_lines(ctx: Context, info: PeriodInfo, shown: list[rsvc.QueueEntry], first: int) -> list[str]:
    """One line per office waiting: when it sent, late, and how many returned items came back."""
    back = rsvc.resubmitted_counts(ctx.session, owner(ctx), info, [e.office.id for e in shown])
    lines = []
    for n, entry in enumerate(shown, start=first):
        when = cal.thai_date_short(to_bangkok(entry.last_submitted).date()) if entry.last_submitted else "-"
        line = T.REVIEW_WAITING_LINE.format(
            n=n,
            code=entry.office.code,
            name=entry.office.name,
            when=when,
            late=T.REVIEW_LATE_MARK if entry.late else "",
        )
        if entry.office.id in back:
            line += TR.REVIEW_RESUBMITTED_MARK.format(n=back[entry.office.id])
        lines.append(line)
    return lines


def on_choose(ctx: Context, text: str, data: ReviewData) -> Turn:
    if text == T.W_NEXT_PAGE:
        return start_review(ctx, page=data.page + 1, month=data.period)
    if (other := ctx.chosen_period(text, ctx.open_periods())) is not None:
        return start_review(ctx, month=other.month.isoformat())
    office_id = ctx.chosen_office(text, data.offices)
    if office_id is None:
        return Turn([Text(T.REVIEW_BAD_OFFICE)], Next("choose", data))
    data.office = office_id
    return _show_office(ctx, data)


def _info(ctx: Context, data: ReviewData) -> PeriodInfo:
    info = ctx.stored_period(data.period)
    assert info is not None  # the period guard of the dialogue ran first
    return info


def _show_office(ctx: Context, data: ReviewData) -> Turn:
    info = _info(ctx, data)
    office = ctx.session.get_one(Unit, data.office)
    allowed = in_area(ctx, office.id)
    if not allowed or not can(ctx.user, Action.REVIEW, Target(unit_id=office.id, owner_unit_id=owner(ctx))):
        return Turn([Text(T.NOT_ALLOWED.format(who=T.WHO_OWNER_DIVISION))])
    lines = [
        T.REVIEW_OFFICE.format(
            office=office.name, month=month_name(info), window=cal.thai_range(*info.window)
        )
    ]
    review_lines = rsvc.office_review(ctx.session, owner(ctx), office.id, info)
    numbers = office_item_numbers(ctx.session, office.id, info.fiscal_year.id)  # as the office sees them
    sent = [
        (numbers[("ind", x.indicator.id)], x.result, x.indicator.unit_label) for x in review_lines if x.result
    ]
    marks = review_changes.marks(ctx, office.id, info, sent)  # what changed since a return (#24)
    lines += marks.head
    for line in review_lines:
        lines += _item_lines(ctx, line, numbers[("ind", line.indicator.id)], marks, office.id)
    problems = rsvc.office_problems(ctx.session, owner(ctx), office.id, info)
    if problems:
        lines.append(T.REVIEW_PROBLEMS)
        for report in problems:
            project = ctx.session.get_one(Project, report.project_id)
            lines.append(f"• {clip(project.name, 50)}: {clip(report.problems, 200)}")
    lines += _photo_lines(ctx, office.id, info)
    project_ids = [p.id for p in rsvc.owned_projects(ctx.session, owner(ctx), info.fiscal_year.id)]
    photo = photos.latest_thumbnail(ctx, office.id, info.period.id, project_ids)
    data.numbered = [
        [numbers[("ind", line.indicator.id)], line.result.id if line.result else None]
        for line in review_lines
    ]
    return Turn(
        [
            Text("\n".join(lines)),
            *([photo] if photo is not None else []),  # the newest evidence photo (#17)
            Text(T.REVIEW_DECIDE, quick(T.W_APPROVE, T.W_RETURN, T.W_BACK, T.W_CANCEL)),
        ],
        Next("decide", data),
    )


def _item_lines(
    ctx: Context, line: rsvc.ReviewLine, n: int, marks: review_changes.Marks, office_id: int
) -> list[str]:
    """One item of the office's list: its values, its state, what changed since a return, flags."""
    unit = line.indicator.unit_label
    result = line.result
    state = T.STATE_LABELS.get(result.status, "-") if result else "ยังไม่ส่ง"
    state = marks.state(result, state) if result else state
    percent = f"{line.percent:,.1f}%" if line.percent is not None else "-"
    value = shown_value(result.value, unit, result.numerator, result.denominator) if result else "-"
    text = T.REVIEW_LINE.format(
        n=n,
        name=clip(line.indicator.name, 90),
        value=value,
        target=with_unit(line.target, unit),
        previous=with_unit(line.previous, unit),
        cumulative=with_unit(line.cumulative, unit),
        percent=percent,
        state=state,
    )
    lines = [text] + [f"   {mark}" for mark in marks.under.get(result.id if result else 0, [])]
    return lines + [f"   {T.REVIEW_FLAGS[flag]}" for flag in line.flags] + _behalf(ctx, result, office_id)


def _behalf(ctx: Context, result: Result | None, office_id: int) -> list[str]:
    """ "บันทึกแทนโดย …" under a value entered on the office's behalf (#22)."""
    user = entered_by_other(ctx.session, office_id, result.entered_by_id) if result else None
    return [f"   {T.ON_BEHALF_BY.format(who=who(user))}"] if user is not None else []


def _photo_lines(ctx: Context, office_id: int, info: PeriodInfo) -> list[str]:
    """How many evidence photos the office sent for each of the reviewer's projects (#17)."""
    projects = rsvc.owned_projects(ctx.session, owner(ctx), info.fiscal_year.id)
    counts = photo_counts(ctx.session, office_id, info.period.id, [p.id for p in projects])
    return [
        f"{T.PHOTO_COUNT.format(count=counts[p.id])}: {clip(p.name, 50)}"
        for p in projects
        if counts.get(p.id)
    ]


def on_decide(ctx: Context, text: str, data: ReviewData) -> Turn:
    info = _info(ctx, data)
    office = ctx.session.get_one(Unit, data.office)
    month = data.period
    if text == T.W_BACK:
        return start_review(ctx, month=month)
    if text == T.W_APPROVE:
        waiting = [r.id for r in rsvc.waiting_results(ctx.session, owner(ctx), office.id, info)]
        if not waiting:
            return start_review(ctx, note=T.REVIEW_NOTHING_WAITING, month=month)
        data.approve = waiting
        return _ask_approve(office, data)
    if text == T.W_RETURN:
        return Turn([Text(_pick_items(data), quick(T.W_ALL, T.W_CANCEL))], Next("pick", data))
    return Turn(
        [Text(T.REVIEW_DECIDE, quick(T.W_APPROVE, T.W_RETURN, T.W_BACK, T.W_CANCEL))], Next("decide", data)
    )


def _pick_items(data: ReviewData) -> str:
    """ "เช่น 2,5": the first numbers of the reviewer's own list that can go back, never another."""
    listed = [number for number, rid in data.numbered or [] if rid]
    return TR.REVIEW_PICK_ITEMS.format(example=",".join(map(str, listed[:2])))


def _ask_approve(office: Unit, data: ReviewData) -> Turn:
    month = cal.thai_month(date.fromisoformat(data.period))
    question = TR.REVIEW_APPROVE_CONFIRM.format(
        office=unit_names.named(office), n=len(data.approve or []), month=month
    )
    return Turn([Text(question, quick(T.W_CONFIRM, T.W_CANCEL))], Next("approve", data))


def on_approve_confirm(ctx: Context, text: str, data: ReviewData) -> Turn:
    office = ctx.session.get_one(Unit, data.office)
    if text != T.W_CONFIRM:
        return _ask_approve(office, data)
    info = _info(ctx, data)
    count = rsvc.approve(ctx.session, ctx.user, owner(ctx), office.id, info, ctx.now, only=data.approve or [])
    month = data.period
    if count == 0:
        return start_review(ctx, note=T.REVIEW_NOTHING_WAITING, month=month)
    done = T.REVIEW_APPROVED.format(office=office.name, month=month_name(info), n=count)
    turn = start_review(ctx, note=f"{done}\n{T.REVIEW_UNDO_HINT}", month=month, undo=True)
    turn.must_arrive = True  # the approval is saved: pushed if the reply fails
    return turn


def on_pick(ctx: Context, text: str, data: ReviewData) -> Turn:
    if data.numbered is None:  # a list numbered before items kept their office's numbers
        return _show_office(ctx, data)
    results = {number: rid for number, rid in data.numbered if rid}
    if text == T.W_ALL:
        picked = sorted(results)
    else:
        numbers = [parse_choice(p) for p in text.replace(" ", ",").split(",") if p.strip()]
        if not numbers or not all(n in results for n in numbers):
            listed = ", ".join(map(str, sorted(results)))
            return Turn(
                [Text(T.REVIEW_BAD_ITEMS.format(numbers=listed), quick(T.W_ALL, T.W_CANCEL))],
                Next("pick", data),
            )
        picked = sorted(set(numbers))
    if not picked:
        return start_review(ctx, note=T.REVIEW_NOTHING_WAITING, month=data.period)
    data.picked = picked
    return Turn([Text(T.REVIEW_ASK_REASON, quick(T.W_CANCEL))], Next("reason", data))


def on_reason(ctx: Context, text: str, data: ReviewData) -> Turn:
    reason = text.strip()
    if not reason or len(reason) > MAX_REASON:
        return Turn([Text(T.ERR_REASON_LENGTH.format(limit=MAX_REASON))], Next("reason", data))
    info = _info(ctx, data)
    if data.numbered is None:  # picked before items kept their office's numbers: pick again
        return _show_office(ctx, data)
    office = ctx.session.get_one(Unit, data.office)
    ids = dict(data.numbered)
    found = [(n, ctx.session.get(Result, ids[n])) for n in data.picked or [] if ids.get(n)]
    picked = [(n, r) for n, r in found if r is not None and r.unit_id == office.id]
    results = [r for _, r in picked]
    count = rsvc.return_results(ctx.session, ctx.user, info, results, reason, ctx.now)
    # Named, with the office's own numbers: a reason that says "ข้อ 2" means the same item there.
    items = "\n".join(T.RETURN_ITEM.format(n=n, name=_indicator_name(ctx, r.indicator_id)) for n, r in picked)
    message = T.RETURN_PUSH.format(
        month=month_name(info), n=count, items=items, reviewer=ctx.user.unit.name, reason=reason
    )
    officers = rsvc.officers_of(ctx.session, office.id)
    pushes = [Push(o.line_user_id, (Text(message, quick(T.W_REPORT)),), str(uuid.uuid4())) for o in officers]
    turn = start_review(
        ctx,
        note=T.REVIEW_RETURNED_DONE.format(n=count, office=office.name, k=len(officers)),
        month=data.period,
    )
    turn.pushes = pushes
    turn.must_arrive = True  # the reviewer's own "ส่งกลับ ... แล้ว": pushed if the reply fails
    return turn


def _indicator_name(ctx: Context, indicator_id: int) -> str:
    return clip(ctx.session.get_one(Indicator, indicator_id).name, 100)


DIALOGUE = register(
    Dialogue(
        name="review",
        entries={T.W_REVIEW: Entry(start_review, Action.REVIEW)},
        steps={
            "choose": on_choose,
            "decide": on_decide,
            "approve": on_approve_confirm,
            "pick": on_pick,
            "reason": on_reason,
        },
        data=ReviewData,
        needs_open_period=True,
    )
)
