"""Closing a period (`ปิดรอบ`) and opening it again (`เปิดรอบ`), for central.

Steps:
    close.confirm — ยืนยัน closes the period (another open month can be picked instead)
    reopen.reason — why the period is opened again (another closed month can be picked instead)
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers import texts as T
from handlers import texts_review as TR
from handlers import unit_names
from handlers.context import Context, deadline_line, month_buttons
from handlers.dialogue import Dialogue, Entry, register
from handlers.messages import Next, Push, Text, Turn, quick
from handlers.review import MAX_REASON, month_name
from models import review as rsvc
from models.clock import to_bangkok
from models.entities import PeriodState
from models.periods import PeriodInfo, closed_periods
from models.permissions import Action


@dataclass
class MonthData:
    period: str  # the period's month, ISO


def start_close(ctx: Context, info: PeriodInfo | None = None) -> Turn:
    """Close the oldest open period by default (its central deadline passed first); the other
    open periods are buttons. The confirmation names the month and who has not sent yet."""
    info = info or ctx.due_period()
    if info is None:
        return Turn([Text(T.NO_PERIOD)])
    if info.closed:
        return Turn([Text(T.ALREADY_CLOSED.format(month=month_name(info)), quick(T.W_REOPEN))])
    state = rsvc.completeness(ctx.session, info)
    lines = [
        T.CLOSE_STATUS.format(
            month=month_name(info),
            deadline=deadline_line(info, ctx.today, "central"),
            complete=state.complete,
            offices=state.offices,
            approved=state.approved,
            returned=state.returned,
            missing=state.missing,
            summaries_done=state.summaries_done,
            summaries_total=state.summaries_total,
        )
    ]
    if state.not_complete:  # by name, a count and a cut (#24)
        names = unit_names.name_list(state.not_complete)
        lines.append(TR.CLOSE_NOT_SENT.format(n=len(state.not_complete), names=names))
    if state.late_offices:
        names = unit_names.name_list(state.late_offices)
        lines.append(TR.CLOSE_LATE.format(n=len(state.late_offices), names=names))
    data = MonthData(period=info.month.isoformat())
    return Turn([Text("\n".join(lines)), _close_question(ctx, info, state)], Next("confirm", data))


def _close_question(ctx: Context, info: PeriodInfo, state: rsvc.Completeness | None = None) -> Text:
    state = state or rsvc.completeness(ctx.session, info)
    not_sent = state.offices - state.complete
    question = T.CLOSE_CONFIRM
    if not_sent:  # offices with items not sent (or returned): say so before closing
        question = T.CLOSE_CONFIRM_MISSING.format(
            missing=not_sent, offices=state.offices, month=month_name(info)
        )
    months = month_buttons(ctx.open_periods(), but=info)[:10]
    if months:
        question += "\n" + T.OTHER_MONTHS
    return Text(question, quick(T.W_CONFIRM, *months, T.W_CANCEL))


def on_close_confirm(ctx: Context, text: str, data: MonthData) -> Turn:
    info = ctx.stored_period(data.period)
    if (other := ctx.chosen_period(text, ctx.open_periods())) is not None:
        return start_close(ctx, other)
    if info is None:
        return Turn([Text(T.NO_PERIOD)])
    if text != T.W_CONFIRM:
        return Turn([_close_question(ctx, info)], Next("confirm", data))
    if info.closed:
        return Turn([Text(T.ALREADY_CLOSED.format(month=month_name(info)))])
    rsvc.set_period_state(ctx.session, ctx.user, info, PeriodState.CLOSED.value, ctx.now)
    pushes = _tell_offices(ctx, info, "closed", T.PERIOD_CLOSED_PUSH, [T.W_STATUS])
    text = T.CLOSED_DONE.format(month=month_name(info))
    if pushes:
        text += "\n" + T.CLOSED_TOLD.format(n=len(pushes))
    return Turn([Text(text, quick(T.W_STATUS))], must_arrive=True, pushes=pushes)


def _tell_offices(ctx: Context, info: PeriodInfo, what: str, template: str, buttons: list[str]) -> list[Push]:
    """One push to each officer of an office that has not sent everything, recorded with its
    retry key in the notification table (counted like reminders, never told twice)."""
    rule = f"{what}-{to_bangkok(ctx.now):%Y%m%dT%H%M%S}"
    pushes = []
    for user, status in rsvc.owing_officers(ctx.session, info):
        text = template.format(month=month_name(info), done=status.done, total=status.total)
        key = rsvc.record_push(ctx.session, user, info, "period", rule, text, buttons, ctx.now)
        if key is not None:
            pushes.append(Push(user.line_user_id, (Text(text, quick(*buttons)),), key))
    return pushes


def start_reopen(ctx: Context, info: PeriodInfo | None = None) -> Turn:
    """Reopen the latest closed period by default; the other closed ones are buttons."""
    closed = closed_periods(ctx.session, ctx.today)
    info = info or (closed[0] if closed else None)
    if info is None:
        current = ctx.due_period()
        if current is None:
            return Turn([Text(T.NO_PERIOD)])
        return Turn([Text(T.NOT_CLOSED.format(month=month_name(current)) + "\n" + T.NOTHING_CLOSED)])
    months = month_buttons(closed, but=info)[:10]
    return Turn(
        [Text(T.REOPEN_ASK_REASON.format(month=month_name(info)), quick(*months, T.W_CANCEL))],
        Next("reason", MonthData(period=info.month.isoformat())),
    )


def on_reopen_reason(ctx: Context, text: str, data: MonthData) -> Turn:
    if (other := ctx.chosen_period(text, closed_periods(ctx.session, ctx.today))) is not None:
        return start_reopen(ctx, other)
    reason = text.strip()
    if not reason or len(reason) > MAX_REASON:
        return Turn([Text(T.ERR_REASON_LENGTH.format(limit=MAX_REASON))], Next("reason", data))
    info = ctx.stored_period(data.period)
    if info is None:
        return Turn([Text(T.NO_PERIOD)])
    if not info.closed:
        return Turn([Text(T.NOT_CLOSED.format(month=month_name(info)))])
    rsvc.set_period_state(ctx.session, ctx.user, info, PeriodState.OPEN.value, ctx.now, reason=reason)
    pushes = _tell_offices(ctx, info, "reopened", T.PERIOD_REOPENED_PUSH, [T.W_REPORT])
    return Turn([Text(T.REOPENED.format(month=month_name(info)))], pushes=pushes)


CLOSE = register(
    Dialogue(
        name="close",
        entries={T.W_CLOSE: Entry(start_close, Action.CLOSE_PERIOD)},
        steps={"confirm": on_close_confirm},
        data=MonthData,
    )
)
REOPEN = register(
    Dialogue(
        name="reopen",
        entries={T.W_REOPEN: Entry(start_reopen, Action.REOPEN_PERIOD)},
        steps={"reason": on_reopen_reason},
        data=MonthData,
    )
)
