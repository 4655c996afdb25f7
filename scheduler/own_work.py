"""Reminders for divisions' own work (#22): a division that the plan names as a reporting unit
(a `กอง` in `เป้าหมายรายหน่วย`) is reminded as an office is, before its own deadline (`ตั้งค่า`,
`กำหนดส่งงานของกอง`, the 27th) on working days, and central is told on the first working day after
it which divisions have not sent their own work. PURE, like scheduler/rules.py, whose plan it
completes: still at most one message per person and day, the most urgent one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from handlers import texts as T
from models import calendar as cal
from scheduler.rules import (
    PRIORITY,
    Already,
    OfficeDue,
    PeriodFacts,
    Planned,
    Recipient,
    ReminderSettings,
    deadline_line,
    names,
    overdue_day,
    period_line,
    plan,
    schedule,
)
from scheduler.workdays import is_working_day

TIER: cal.Tier = "division_report"


def own_work_text(facts: PeriodFacts, own: OfficeDue, rule: str, today: date, rs: ReminderSettings) -> str:
    """An office's reminder (scheduler.rules.office_text), with the divisions' own deadline."""
    lines = [
        T.REMIND_OFFICE.format(
            head=T.REMIND_HEAD[rule],
            period=period_line(facts),
            deadline=deadline_line(facts, TIER, today),
            done=own.done,
            total=own.total,
        )
    ]
    if own.returned:
        lines.append(T.REMIND_RETURNED.format(n=len(own.returned), names=names(own.returned, rs.listed)))
    if own.missing:
        lines.append(T.REMIND_MISSING.format(n=len(own.missing), names=names(own.missing, rs.listed)))
    return "\n".join([*lines, T.REMIND_OFFICE_ACTION, T.REMIND_PAUSE_HINT])


def own_work_message(
    r: Recipient, facts: PeriodFacts, today: date, extra: frozenset[date], rs: ReminderSettings
) -> Planned | None:
    """A division user's reminder of the division's own work, before, on and after its deadline."""
    own = facts.offices.get(r.unit_id)
    if r.role != "division" or facts.closed or own is None or not own.pending:
        return None
    rule = schedule(facts.month, TIER, facts.settings, extra, rs).get(today)
    if rule is None:
        return None
    text = own_work_text(facts, own, rule, today, rs)
    return Planned(
        r.user_id, r.line_user_id, facts.period_id, "own", rule, PRIORITY[rule], text, T.W_REPORT, today
    )


def late_own_work(facts: PeriodFacts, division_ids: frozenset[int]) -> list[str]:
    """The divisions (by name) that report their own work and have not sent all of it."""
    return sorted(o.name for o in facts.offices.values() if o.unit_id in division_ids and o.pending)


def late_line(
    facts: PeriodFacts,
    today: date,
    extra: frozenset[date],
    division_ids: frozenset[int],
    rs: ReminderSettings,
) -> str | None:
    """Central's line, on the first working day after the divisions' deadline, naming the divisions
    whose own work is still missing; None on other days or when none is."""
    if facts.closed or today != overdue_day(facts.month, TIER, facts.settings, extra):
        return None
    late = late_own_work(facts, division_ids)
    if not late:
        return None
    due = cal.thai_date(cal.deadline(facts.month, TIER, facts.settings))
    return T.REMIND_LATE_OWN_WORK.format(deadline=due, n=len(late), names=names(late, rs.listed))


def own_work_escalation(r: Recipient, facts: PeriodFacts, line: str, today: date) -> Planned:
    """Central's notice of the divisions late with their own work, when nothing else goes out."""
    text = "\n".join(
        [T.REMIND_ESCALATION_HEAD, period_line(facts), line, T.REMIND_CENTRAL_ACTION, T.REMIND_PAUSE_HINT]
    )
    return Planned(
        r.user_id,
        r.line_user_id,
        facts.period_id,
        "escalation",
        "own-overdue",
        PRIORITY["escalation"],
        text,
        T.W_STATUS,
        today,
    )


def _with_line(message: Planned, line: str) -> Planned:
    """The message with one more line before its last two (the action and the pause hint)."""
    lines = message.text.split("\n")
    return replace(message, text="\n".join(lines[:-2] + [line] + lines[-2:]))


def plan_with_own_work(
    now: datetime,
    today: date,
    periods: list[PeriodFacts],
    recipients: list[Recipient],
    extra: frozenset[date],
    rs: ReminderSettings,
    already: Already,
    division_ids: frozenset[int],
) -> list[Planned]:
    """scheduler.rules.plan, with the divisions' own work, still one message per person: a
    division's own-work reminder goes out when nothing more urgent does; central's line about the
    divisions late with their own work joins central's message of the day, or goes alone."""
    chosen = {p.user_id: p for p in plan(now, today, periods, recipients, extra, rs, already)}
    if not is_working_day(today, extra):
        return list(chosen.values())
    for r in recipients:
        if not r.reachable(today) or r.user_id in already.busy_today:
            continue
        for facts in periods:
            own = own_work_message(r, facts, today, extra, rs)
            fresh = own is not None and (own.user_id, own.period_id, own.kind, own.rule) not in already.keys
            if (
                own is not None
                and fresh
                and (r.user_id not in chosen or own.priority > chosen[r.user_id].priority)
            ):
                chosen[r.user_id] = own
            line = late_line(facts, today, extra, division_ids, rs) if r.role == "central" else None
            if line is None:
                continue
            if r.user_id in chosen:
                chosen[r.user_id] = _with_line(chosen[r.user_id], line)
            elif (r.user_id, facts.period_id, "escalation", "own-overdue") not in already.keys:
                chosen[r.user_id] = own_work_escalation(r, facts, line, today)
    return sorted(chosen.values(), key=lambda p: (-p.priority, p.user_id))
