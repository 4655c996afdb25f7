"""Reminders for divisions' own work (#22): a division that the plan names as a reporting unit
(a `กอง` in `เป้าหมายรายหน่วย`) is reminded as an office is, before its own deadline (`ตั้งค่า`,
`กำหนดส่งงานของกอง`, the 27th) on working days, and central is told on the first working day after
it which divisions have not sent their own work. PURE, like scheduler/rules.py, whose plan it
completes: still at most one message per person and day, the most urgent one.
"""

from __future__ import annotations

from datetime import date, datetime

from handlers import texts as T
from models import calendar as cal
from scheduler.rules import (
    PRIORITY,
    Already,
    PeriodFacts,
    Planned,
    Recipient,
    ReminderSettings,
    names,
    office_text,
    overdue_day,
    period_line,
    plan,
    schedule,
)
from scheduler.workdays import is_working_day

TIER: cal.Tier = "division_report"


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
    text = office_text(facts, own, rule, today, rs, TIER)
    return Planned(
        r.user_id, r.line_user_id, facts.period_id, "own", rule, PRIORITY[rule], text, T.W_REPORT, today
    )


def late_own_work(facts: PeriodFacts, division_ids: frozenset[int]) -> list[str]:
    """The divisions (by name) that report their own work and have not sent all of it."""
    return sorted(o.name for o in facts.offices.values() if o.unit_id in division_ids and o.pending)


def own_work_escalation(
    r: Recipient,
    facts: PeriodFacts,
    today: date,
    extra: frozenset[date],
    division_ids: frozenset[int],
    rs: ReminderSettings,
) -> Planned | None:
    """Central's notice, on the first working day after the divisions' deadline, of the divisions
    whose own work is still missing."""
    if r.role != "central" or facts.closed or today != overdue_day(facts.month, TIER, facts.settings, extra):
        return None
    late = late_own_work(facts, division_ids)
    if not late:
        return None
    text = "\n".join(
        [
            T.REMIND_ESCALATION_HEAD,
            period_line(facts),
            T.REMIND_LATE_OWN_WORK.format(
                deadline=cal.thai_date(cal.deadline(facts.month, TIER, facts.settings)),
                n=len(late),
                names=names(late, rs.listed),
            ),
            T.REMIND_CENTRAL_ACTION,
            T.REMIND_PAUSE_HINT,
        ]
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
    """scheduler.rules.plan, with the divisions' own work: a person's own-work reminder or
    escalation replaces the planned message when it is more urgent."""
    chosen = {p.user_id: p for p in plan(now, today, periods, recipients, extra, rs, already)}
    if not is_working_day(today, extra):
        return list(chosen.values())
    for r in recipients:
        if not r.reachable(today) or r.user_id in already.busy_today:
            continue
        for facts in periods:
            for c in (
                own_work_message(r, facts, today, extra, rs),
                own_work_escalation(r, facts, today, extra, division_ids, rs),
            ):
                if c is None or (c.user_id, c.period_id, c.kind, c.rule) in already.keys:
                    continue
                if r.user_id not in chosen or c.priority > chosen[r.user_id].priority:
                    chosen[r.user_id] = c
    return sorted(chosen.values(), key=lambda p: (-p.priority, p.user_id))
