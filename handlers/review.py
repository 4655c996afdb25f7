"""Division review (`ตรวจ`), project summaries (`สรุปโครงการ`) and closing (`ปิดรอบ`, `เปิดรอบ`).

Steps:
    review.choose   — pick an office from the queue
    review.decide   — อนุมัติ or ส่งกลับ
    review.approve  — ยืนยัน approves the items just shown ("อนุมัติ P40 ทั้ง 6 ข้อ?")
    review.pick     — which items go back
    review.reason   — why (pushed to the office's officers)
    summary.choose / summary.problems / summary.solutions / summary.outcome
    close.confirm   — ยืนยัน closes the period
    reopen.reason   — why the period is opened again
    unapprove.choose / unapprove.confirm — ยกเลิกการอนุมัติ: approved items wait for review again
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from handlers import texts as T
from handlers.clip import clip
from handlers.commands import CENTRAL, DIVISIONS, Command
from handlers.context import Context, deadline_line, month_buttons, refusal
from handlers.items import MAX_TEXT_ANSWER, with_unit
from handlers.messages import Conversation, Push, Text, Turn, quick
from handlers.numbers import parse_choice
from models import calendar as cal
from models import review as rsvc
from models.clock import to_bangkok
from models.entities import Indicator, PeriodState, ProblemReport, Project, Result, Role, Unit
from models.periods import PeriodInfo, closed_periods, period_info
from models.permissions import Action, Target, can
from models.reporting import office_item_numbers

PAGE = 12
MAX_REASON = 500
MAX_QUICK_REPLIES = 13  # LINE's limit (bot/line_limits.py)
UNDO_LIST = 40  # offices listed for ยกเลิกการอนุมัติ, within LINE's 5,000 characters a text


def _owner(ctx: Context) -> int | None:
    """A division reviews its own indicators; central reviews all."""
    return ctx.user.unit_id if ctx.user.role == Role.DIVISION.value else None


def _info(ctx: Context, data: dict) -> PeriodInfo | None:
    return period_info(ctx.session, date.fromisoformat(data["period"]))


def _month(info: PeriodInfo) -> str:
    return cal.thai_month(info.month)


# --- review -----------------------------------------------------------------------------------

def _chosen(ctx: Context, month: str | None) -> PeriodInfo | None:
    """The period a review or summary acts on: the one chosen, else the one that is due."""
    return period_info(ctx.session, date.fromisoformat(month)) if month else ctx.due_period()


def start_review(ctx: Context, note: str | None = None, page: int = 0, month: str | None = None,
                 undo: bool = False) -> Turn:
    info = _chosen(ctx, month)
    if (answer := refusal(info)) is not None:
        return answer
    queue = rsvc.review_queue(ctx.session, _owner(ctx), info)
    waiting = sorted((e for e in queue if e.waiting), key=lambda e: e.last_submitted, reverse=True)
    missing = [e.office.code for e in queue if not (e.waiting or e.approved or e.returned)]
    returned = [e.office.code for e in queue if e.returned]
    lines = [note] if note else []
    lines.append(T.REVIEW_QUEUE.format(
        period=f"รอบเดือน{_month(info)} · ผลงาน {cal.thai_range(*info.window)}",
        deadline=deadline_line(info, ctx.today, "division")))
    shown = waiting[page * PAGE:(page + 1) * PAGE]
    if waiting:
        lines.append(T.REVIEW_WAITING.format(n=len(waiting)))
        for n, entry in enumerate(shown, start=page * PAGE + 1):
            when = cal.thai_date_short(to_bangkok(entry.last_submitted).date())
            lines.append(T.REVIEW_WAITING_LINE.format(
                n=n, code=entry.office.code, name=entry.office.name, when=when,
                late=T.REVIEW_LATE_MARK if entry.late else ""))
    else:
        lines.append(T.REVIEW_NONE_WAITING)
    if returned:
        lines.append(T.REVIEW_RETURNED.format(n=len(returned), codes=", ".join(returned[:30])))
    if missing:
        lines.append(T.REVIEW_MISSING.format(n=len(missing), codes=", ".join(missing[:40])
                                             + (" …" if len(missing) > 40 else "")))
    months = month_buttons(ctx.open_periods(), but=info)[:3]
    data = {"period": info.month.isoformat(), "offices": [e.office.id for e in waiting], "page": page}
    undo_button = (T.W_UNAPPROVE,) if undo else ()
    if not waiting:
        if not months:
            return Turn([Text("\n".join(lines), quick(*undo_button, T.W_STATUS, T.W_HELP))])
        lines.append(T.OTHER_MONTHS)
        return Turn([Text("\n".join(lines), quick(*undo_button, *months, T.W_CANCEL))],
                    Conversation("review", "choose", data))
    extra = [T.W_NEXT_PAGE] if len(waiting) > (page + 1) * PAGE else []
    extra += undo_button
    room = MAX_QUICK_REPLIES - len(extra) - len(months) - 1  # LINE shows at most 13; codes can be typed
    buttons = [e.office.code for e in shown][:room] + extra
    lines.append(T.REVIEW_PICK)
    return Turn([Text("\n".join(lines), quick(*buttons, *months, T.W_CANCEL))], Conversation("review", "choose", data))


def on_choose(ctx: Context, text: str, conv: Conversation) -> Turn:
    if text == T.W_NEXT_PAGE:
        return start_review(ctx, page=conv.data.get("page", 0) + 1, month=conv.data["period"])
    if (other := ctx.chosen_period(text, ctx.open_periods())) is not None:
        return start_review(ctx, month=other.month.isoformat())
    offices = conv.data["offices"]
    choice = parse_choice(text)
    office_id = None
    if choice is not None and 1 <= choice <= len(offices):
        office_id = offices[choice - 1]
    else:
        unit = ctx.session.scalar(select(Unit).where(Unit.code == text))
        office_id = unit.id if unit is not None and unit.id in offices else None
    if office_id is None:
        return Turn([Text(T.REVIEW_BAD_OFFICE)], conv)
    conv.data["office"] = office_id
    return _show_office(ctx, conv)


def _show_office(ctx: Context, conv: Conversation) -> Turn:
    info = _info(ctx, conv.data)
    if (answer := refusal(info)) is not None:
        return answer
    office = ctx.session.get(Unit, conv.data["office"])
    if not can(ctx.user, Action.REVIEW, Target(unit_id=office.id, owner_unit_id=_owner(ctx))):
        return Turn([Text(T.NOT_ALLOWED.format(who="กองเจ้าของตัวชี้วัด"))])
    lines = [T.REVIEW_OFFICE.format(office=office.name, month=_month(info), window=cal.thai_range(*info.window))]
    review_lines = rsvc.office_review(ctx.session, _owner(ctx), office.id, info)
    numbers = office_item_numbers(ctx.session, office.id, info.fiscal_year.id)  # as the office sees them
    for line in review_lines:
        n = numbers[("ind", line.indicator.id)]
        unit = line.indicator.unit_label
        state = T.STATE_LABELS.get(line.result.status, "-") if line.result else "ยังไม่ส่ง"
        percent = f"{line.percent:,.1f}%" if line.percent is not None else "-"
        value = with_unit(line.result.value, unit) if line.result else "-"
        lines.append(T.REVIEW_LINE.format(
            n=n, name=clip(line.indicator.name, 90), value=value, target=with_unit(line.target, unit),
            previous=with_unit(line.previous, unit), cumulative=with_unit(line.cumulative, unit),
            percent=percent, state=state))
        lines += [f"   {T.REVIEW_FLAGS[flag]}" for flag in line.flags]
    problems = rsvc.office_problems(ctx.session, _owner(ctx), office.id, info)
    if problems:
        lines.append(T.REVIEW_PROBLEMS)
        for report in problems:
            project = ctx.session.get(Project, report.project_id)
            lines.append(f"• {clip(project.name, 50)}: {clip(report.problems, 200)}")
    conv.step = "decide"
    conv.data["numbered"] = [[numbers[("ind", line.indicator.id)], line.result.id if line.result else None]
                             for line in review_lines]
    return Turn([Text("\n".join(lines)), Text(T.REVIEW_DECIDE, quick(T.W_APPROVE, T.W_RETURN, T.W_BACK, T.W_CANCEL))], conv)


def on_decide(ctx: Context, text: str, conv: Conversation) -> Turn:
    info = _info(ctx, conv.data)
    if (answer := refusal(info)) is not None:
        return answer
    office = ctx.session.get(Unit, conv.data["office"])
    month = conv.data["period"]
    if text == T.W_BACK:
        return start_review(ctx, month=month)
    if text == T.W_APPROVE:
        waiting = [r.id for r in rsvc.waiting_results(ctx.session, _owner(ctx), office.id, info)]
        if not waiting:
            return start_review(ctx, note=T.REVIEW_NOTHING_WAITING, month=month)
        conv.step = "approve"
        conv.data["approve"] = waiting
        return _ask_approve(office, conv)
    if text == T.W_RETURN:
        conv.step = "pick"
        return Turn([Text(T.REVIEW_PICK_ITEMS, quick(T.W_ALL, T.W_CANCEL))], conv)
    return Turn([Text(T.REVIEW_DECIDE, quick(T.W_APPROVE, T.W_RETURN, T.W_BACK, T.W_CANCEL))], conv)


def _ask_approve(office: Unit, conv: Conversation) -> Turn:
    month = cal.thai_month(date.fromisoformat(conv.data["period"]))
    question = T.REVIEW_APPROVE_CONFIRM.format(code=office.code, n=len(conv.data["approve"]), month=month)
    return Turn([Text(question, quick(T.W_CONFIRM, T.W_CANCEL))], conv)


def on_approve_confirm(ctx: Context, text: str, conv: Conversation) -> Turn:
    office = ctx.session.get(Unit, conv.data["office"])
    if text != T.W_CONFIRM:
        return _ask_approve(office, conv)
    info = _info(ctx, conv.data)
    if (answer := refusal(info)) is not None:
        return answer
    count = rsvc.approve(ctx.session, ctx.user, _owner(ctx), office.id, info, ctx.now, only=conv.data["approve"])
    month = conv.data["period"]
    if count == 0:
        return start_review(ctx, note=T.REVIEW_NOTHING_WAITING, month=month)
    done = T.REVIEW_APPROVED.format(office=office.name, month=_month(info), n=count)
    return start_review(ctx, note=f"{done}\n{T.REVIEW_UNDO_HINT}", month=month, undo=True)


# --- undoing an approval (until the period closes) ---------------------------------------------

def _approved_period(ctx: Context) -> PeriodInfo | None:
    """The oldest open period with approvals to undo, else the one that is due."""
    for info in ctx.open_periods():
        if rsvc.approved_offices(ctx.session, _owner(ctx), info):
            return info
    return ctx.due_period()


def start_unapprove(ctx: Context) -> Turn:
    info = _approved_period(ctx)
    if (answer := refusal(info)) is not None:
        return answer
    approved = rsvc.approved_offices(ctx.session, _owner(ctx), info)
    if not approved:
        return Turn([Text(T.REVIEW_UNDO_NONE.format(month=_month(info)), quick(T.W_REVIEW))])
    data = {"period": info.month.isoformat(), "offices": {str(e.office.id): e.result_ids for e in approved}}
    conv = Conversation("unapprove", "choose", data)
    if len(approved) == 1:
        return _ask_unapprove(ctx, approved[0].office.id, conv)
    lines = [T.REVIEW_UNDO_PICK]
    lines += [T.REVIEW_UNDO_LINE.format(n=n, code=e.office.code, name=e.office.name, count=len(e.result_ids))
              for n, e in enumerate(approved[:UNDO_LIST], start=1)]
    if len(approved) > UNDO_LIST:
        lines.append("…")  # the rest can still be typed by number or code
    data["order"] = [e.office.id for e in approved]
    buttons = [e.office.code for e in approved[:MAX_QUICK_REPLIES - 1]]
    return Turn([Text("\n".join(lines), quick(*buttons, T.W_CANCEL))], conv)


def on_unapprove_choose(ctx: Context, text: str, conv: Conversation) -> Turn:
    order = conv.data.get("order", [])
    choice = parse_choice(text)
    office_id = None
    if choice is not None and 1 <= choice <= len(order):
        office_id = order[choice - 1]
    else:
        unit = ctx.session.scalar(select(Unit).where(Unit.code == text))
        office_id = unit.id if unit is not None and unit.id in order else None
    if office_id is None:
        return Turn([Text(T.REVIEW_UNDO_BAD_OFFICE)], conv)
    return _ask_unapprove(ctx, office_id, conv)


def _ask_unapprove(ctx: Context, office_id: int, conv: Conversation) -> Turn:
    office = ctx.session.get(Unit, office_id)
    conv.step = "confirm"
    conv.data["office"] = office_id
    question = T.REVIEW_UNDO_CONFIRM.format(code=office.code, n=len(conv.data["offices"][str(office_id)]))
    return Turn([Text(question, quick(T.W_CONFIRM, T.W_CANCEL))], conv)


def on_unapprove_confirm(ctx: Context, text: str, conv: Conversation) -> Turn:
    if text != T.W_CONFIRM:
        return _ask_unapprove(ctx, conv.data["office"], conv)
    info = _info(ctx, conv.data)
    if (answer := refusal(info)) is not None:
        return answer
    office = ctx.session.get(Unit, conv.data["office"])
    count = rsvc.unapprove(ctx.session, ctx.user, _owner(ctx), office.id, info,
                           conv.data["offices"][str(office.id)], ctx.now)
    if count == 0:
        return Turn([Text(T.REVIEW_UNDO_NONE.format(month=_month(info)), quick(T.W_REVIEW))])
    return Turn([Text(T.REVIEW_UNDONE.format(office=office.name, month=_month(info), n=count), quick(T.W_REVIEW))])


def on_pick(ctx: Context, text: str, conv: Conversation) -> Turn:
    if "numbered" not in conv.data:  # a list numbered before items kept their office's numbers
        return _show_office(ctx, conv)
    results = {number: rid for number, rid in conv.data["numbered"] if rid}
    if text == T.W_ALL:
        picked = sorted(results)
    else:
        numbers = [parse_choice(p) for p in text.replace(" ", ",").split(",") if p.strip()]
        if not numbers or not all(n in results for n in numbers):
            listed = ", ".join(map(str, sorted(results)))
            return Turn([Text(T.REVIEW_BAD_ITEMS.format(numbers=listed), quick(T.W_ALL, T.W_CANCEL))], conv)
        picked = sorted(set(numbers))
    if not picked:
        return start_review(ctx, note=T.REVIEW_NOTHING_WAITING, month=conv.data["period"])
    conv.data["picked"] = picked
    conv.step = "reason"
    return Turn([Text(T.REVIEW_ASK_REASON, quick(T.W_CANCEL))], conv)


def on_reason(ctx: Context, text: str, conv: Conversation) -> Turn:
    reason = text.strip()
    if not reason or len(reason) > MAX_REASON:
        return Turn([Text(T.ERR_REASON_LENGTH.format(limit=MAX_REASON))], conv)
    info = _info(ctx, conv.data)
    if (answer := refusal(info)) is not None:
        return answer
    if "numbered" not in conv.data:  # picked before items kept their office's numbers: pick again
        return _show_office(ctx, conv)
    office = ctx.session.get(Unit, conv.data["office"])
    ids = dict(conv.data["numbered"])
    picked = [(n, ctx.session.get(Result, ids[n])) for n in conv.data["picked"] if ids.get(n)]
    picked = [(n, r) for n, r in picked if r is not None and r.unit_id == office.id]
    results = [r for _, r in picked]
    count = rsvc.return_results(ctx.session, ctx.user, info, results, reason, ctx.now)
    # Named, with the office's own numbers: a reason that says "ข้อ 2" means the same item there.
    items = "\n".join(T.RETURN_ITEM.format(n=n, name=_indicator_name(ctx, r.indicator_id)) for n, r in picked)
    message = T.RETURN_PUSH.format(month=_month(info), n=count, items=items,
                                   reviewer=ctx.user.unit.name, reason=reason)
    officers = rsvc.officers_of(ctx.session, office.id)
    pushes = [Push(o.line_user_id, (Text(message, quick(T.W_REPORT)),), str(uuid.uuid4())) for o in officers]
    turn = start_review(ctx, note=T.REVIEW_RETURNED_DONE.format(n=count, office=office.name, k=len(officers)),
                        month=conv.data["period"])
    turn.pushes = pushes
    return turn


def _indicator_name(ctx: Context, indicator_id: int) -> str:
    return clip(ctx.session.get(Indicator, indicator_id).name, 100)


# --- project summaries ------------------------------------------------------------------------

SUMMARY_FIELDS = ("problems", "solutions", "outcome")
SUMMARY_QUESTIONS = {"problems": T.SUMMARY_ASK_PROBLEMS, "solutions": T.SUMMARY_ASK_SOLUTIONS,
                     "outcome": T.SUMMARY_ASK_OUTCOME}


def start_summary(ctx: Context) -> Turn:
    info = ctx.due_period()
    if (answer := refusal(info)) is not None:
        return answer
    projects = rsvc.owned_projects(ctx.session, _owner(ctx), info.fiscal_year.id)
    if not projects:
        return Turn([Text(T.SUMMARY_NO_PROJECTS)])
    lines = [T.SUMMARY_PICK.format(month=_month(info))]
    for n, project in enumerate(projects, start=1):
        done = rsvc.summary_of(ctx.session, project.id, info)
        lines.append(f"{n}. {clip(project.name, 80)}{' ✅' if done and done.problems else ''}")
    data = {"period": info.month.isoformat(), "projects": [p.id for p in projects]}
    numbers = [str(n) for n in range(1, min(len(projects), 12) + 1)]
    return Turn([Text("\n".join(lines), quick(*numbers, T.W_CANCEL))], Conversation("summary", "choose", data))


def on_summary_choose(ctx: Context, text: str, conv: Conversation) -> Turn:
    projects = conv.data["projects"]
    choice = parse_choice(text)
    if choice is None or not 1 <= choice <= len(projects):
        return Turn([Text(T.CORRECT_BAD_CHOICE.format(n=len(projects)), quick(T.W_CANCEL))], conv)
    info = _info(ctx, conv.data)
    project = ctx.session.get(Project, projects[choice - 1])
    conv.data["project"] = project.id
    conv.step = "problems"
    reports = ctx.session.scalars(select(ProblemReport).where(
        ProblemReport.project_id == project.id, ProblemReport.period_id == info.period.id,
        ProblemReport.problems.is_not(None), ProblemReport.problems != "ไม่มี")).all()
    lines = []
    if reports:
        lines.append(T.SUMMARY_OFFICE_PROBLEMS.format(n=len(reports)))
        for report in reports[:15]:
            unit = ctx.session.get(Unit, report.unit_id)
            lines.append(f"• {unit.code}: {clip(report.problems, 150)}")
    lines.append(T.SUMMARY_ASK_PROBLEMS.format(project=project.name))
    return Turn([Text("\n".join(lines), quick(T.W_NONE, T.W_CANCEL))], conv)


def _on_summary_field(field: str):
    def step(ctx: Context, text: str, conv: Conversation) -> Turn:
        value = text.strip()
        if not value:
            return Turn([Text(T.ERR_TEXT_EMPTY)], conv)
        if len(value) > MAX_TEXT_ANSWER:
            return Turn([Text(T.ERR_TEXT_TOO_LONG.format(limit=MAX_TEXT_ANSWER))], conv)
        info = _info(ctx, conv.data)
        if (answer := refusal(info)) is not None:
            return answer
        project = ctx.session.get(Project, conv.data["project"])
        rsvc.save_summary(ctx.session, ctx.user, info, project.id, ctx.now, **{field: value})
        following = SUMMARY_FIELDS.index(field) + 1
        if following == len(SUMMARY_FIELDS):
            return Turn([Text(T.SUMMARY_SAVED.format(project=project.name, month=_month(info)),
                              quick(T.W_SUMMARY, T.W_REVIEW))])
        conv.step = SUMMARY_FIELDS[following]
        return Turn([Text(SUMMARY_QUESTIONS[conv.step], quick(T.W_CANCEL))], conv)
    return step


# --- closing and reopening --------------------------------------------------------------------

def start_close(ctx: Context, info: PeriodInfo | None = None) -> Turn:
    """Close the oldest open period by default (its central deadline passed first); the other
    open periods are buttons. The confirmation names the month and who has not sent yet."""
    info = info or ctx.due_period()
    if info is None:
        return Turn([Text(T.NO_PERIOD)])
    if info.closed:
        return Turn([Text(T.ALREADY_CLOSED.format(month=_month(info)), quick(T.W_REOPEN))])
    state = rsvc.completeness(ctx.session, info)
    lines = [T.CLOSE_STATUS.format(
        month=_month(info), deadline=deadline_line(info, ctx.today, "central"), complete=state.complete,
        offices=state.offices, approved=state.approved, returned=state.returned, missing=state.missing,
        summaries_done=state.summaries_done, summaries_total=state.summaries_total)]
    if state.late_offices:
        lines.append(T.CLOSE_LATE.format(codes=", ".join(state.late_offices[:40])))
    data = {"period": info.month.isoformat()}
    return Turn([Text("\n".join(lines)), _close_question(ctx, info, state)], Conversation("close", "confirm", data))


def _close_question(ctx: Context, info: PeriodInfo, state: rsvc.Completeness | None = None) -> Text:
    state = state or rsvc.completeness(ctx.session, info)
    not_sent = state.offices - state.complete
    question = T.CLOSE_CONFIRM
    if not_sent:  # offices with items not sent (or returned): say so before closing
        question = T.CLOSE_CONFIRM_MISSING.format(missing=not_sent, offices=state.offices, month=_month(info))
    months = month_buttons(ctx.open_periods(), but=info)[:10]
    if months:
        question += "\n" + T.OTHER_MONTHS
    return Text(question, quick(T.W_CONFIRM, *months, T.W_CANCEL))


def on_close_confirm(ctx: Context, text: str, conv: Conversation) -> Turn:
    info = _info(ctx, conv.data)
    if (other := ctx.chosen_period(text, ctx.open_periods())) is not None:
        return start_close(ctx, other)
    if text != T.W_CONFIRM:
        return Turn([_close_question(ctx, info)], conv)
    if info.closed:
        return Turn([Text(T.ALREADY_CLOSED.format(month=_month(info)))])
    rsvc.set_period_state(ctx.session, ctx.user, info, PeriodState.CLOSED.value, ctx.now)
    pushes = _tell_offices(ctx, info, "closed", T.PERIOD_CLOSED_PUSH, [T.W_STATUS])
    text = T.CLOSED_DONE.format(month=_month(info))
    if pushes:
        text += "\n" + T.CLOSED_TOLD.format(n=len(pushes))
    return Turn([Text(text, quick(T.W_STATUS))], must_arrive=True, pushes=pushes)


def _tell_offices(ctx: Context, info: PeriodInfo, what: str, template: str, buttons: list[str]) -> list[Push]:
    """One push to each officer of an office that has not sent everything, recorded with its
    retry key in the notification table (counted like reminders, never told twice)."""
    rule = f"{what}-{to_bangkok(ctx.now):%Y%m%dT%H%M%S}"
    pushes = []
    for user, status in rsvc.owing_officers(ctx.session, info):
        text = template.format(month=_month(info), done=status.done, total=status.total)
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
        return Turn([Text(T.NOT_CLOSED.format(month=_month(current)) + "\n" + T.NOTHING_CLOSED)])
    months = month_buttons(closed, but=info)[:10]
    return Turn([Text(T.REOPEN_ASK_REASON.format(month=_month(info)), quick(*months, T.W_CANCEL))],
                Conversation("reopen", "reason", {"period": info.month.isoformat()}))


def on_reopen_reason(ctx: Context, text: str, conv: Conversation) -> Turn:
    if (other := ctx.chosen_period(text, closed_periods(ctx.session, ctx.today))) is not None:
        return start_reopen(ctx, other)
    reason = text.strip()
    if not reason or len(reason) > MAX_REASON:
        return Turn([Text(T.ERR_REASON_LENGTH.format(limit=MAX_REASON))], conv)
    info = _info(ctx, conv.data)
    if not info.closed:
        return Turn([Text(T.NOT_CLOSED.format(month=_month(info)))])
    rsvc.set_period_state(ctx.session, ctx.user, info, PeriodState.OPEN.value, ctx.now, reason=reason)
    pushes = _tell_offices(ctx, info, "reopened", T.PERIOD_REOPENED_PUSH, [T.W_REPORT])
    return Turn([Text(T.REOPENED.format(month=_month(info)))], pushes=pushes)


REVIEWERS = DIVISIONS | CENTRAL
COMMANDS = {
    T.W_REVIEW: Command(start_review, REVIEWERS, "กอง/สำนักและกองแผนงาน"),
    T.W_UNAPPROVE: Command(start_unapprove, REVIEWERS, "กอง/สำนักและกองแผนงาน"),
    T.W_SUMMARY: Command(start_summary, REVIEWERS, "กอง/สำนักและกองแผนงาน"),
    T.W_CLOSE: Command(start_close, CENTRAL, "กองแผนงาน (ส่วนกลาง)"),
    T.W_REOPEN: Command(start_reopen, CENTRAL, "กองแผนงาน (ส่วนกลาง)"),
}
STEPS = {
    ("review", "choose"): on_choose,
    ("review", "decide"): on_decide,
    ("review", "approve"): on_approve_confirm,
    ("review", "pick"): on_pick,
    ("review", "reason"): on_reason,
    ("summary", "choose"): on_summary_choose,
    **{("summary", field): _on_summary_field(field) for field in SUMMARY_FIELDS},
    ("close", "confirm"): on_close_confirm,
    ("reopen", "reason"): on_reopen_reason,
    ("unapprove", "choose"): on_unapprove_choose,
    ("unapprove", "confirm"): on_unapprove_confirm,
}
