"""Reminder rules. PURE: the moment, the settings and plain facts in; planned messages out.

Each tier (office, division, central) is reminded 3 and 1 working days before its deadline, on the
deadline (the last working day on or before it), and on the first working day after it (overdue).
On the office-overdue day a division is also told which offices are late on its indicators; on
the division-overdue day central is told which divisions are late. One message per person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from handlers import texts as T
from handlers.context import deadline_text
from models import calendar as cal
from scheduler.workdays import (
    first_working_day_after,
    is_working_day,
    last_working_day_on_or_before,
    working_days_before,
)

PRIORITY = {"overdue": 30, "escalation": 30, "deadline": 20, "before-1": 10, "before-3": 5, "nudge": 1}
DIGEST_PRIORITY = 3  # a reviewer's daily digest: any reminder of the same day wins
HELD_NOTICE_PRIORITY = 100


@dataclass(frozen=True)
class ReminderSettings:
    offsets: tuple[int, ...] = (3, 1)  # working days before the deadline
    send_at: time = time(9, 0)  # Bangkok time of the daily pass
    listed: int = 3  # how many names a message lists before "and N more"
    nudge_after: timedelta = timedelta(days=1)


DEFAULT_REMINDERS = ReminderSettings()


@dataclass(frozen=True)
class Recipient:
    user_id: int
    line_user_id: str
    role: str
    unit_id: int
    active: bool = True
    following: bool = True
    paused_until: date | None = None
    report_touched_at: datetime | None = None  # last change of an unfinished `report` dialogue
    report_month: date | None = None  # the period that dialogue is on

    def reachable(self, today: date) -> bool:
        paused = self.paused_until is not None and self.paused_until >= today
        return self.active and self.following and not paused


@dataclass(frozen=True)
class OfficeDue:
    unit_id: int
    name: str
    total: int
    done: int
    missing: tuple[str, ...] = ()
    returned: tuple[str, ...] = ()

    @property
    def pending(self) -> bool:
        return self.total > 0 and (self.done < self.total or bool(self.returned))


@dataclass(frozen=True)
class DivisionDue:
    unit_id: int
    name: str
    waiting_review: int = 0
    summaries_missing: tuple[str, ...] = ()
    late_offices: tuple[str, ...] = ()  # offices not done on this division's indicators
    fresh_offices: tuple[str, ...] = ()  # offices that (re)submitted since the unit last reviewed
    supervising: bool = False  # a unit reminded about the units below it (models/org.py)

    @property
    def pending(self) -> bool:
        return self.waiting_review > 0 or bool(self.summaries_missing)


@dataclass(frozen=True)
class PeriodFacts:
    period_id: int
    month: date
    settings: cal.CalendarSettings
    closed: bool
    offices: dict[int, OfficeDue] = field(default_factory=dict)
    divisions: dict[int, DivisionDue] = field(default_factory=dict)


@dataclass(frozen=True)
class Planned:
    user_id: int
    line_user_id: str
    period_id: int | None
    kind: str  # office | division | central | escalation | nudge | quota
    rule: str  # before-3 | before-1 | deadline | overdue | office-overdue | division-overdue | nudge | held-DATE
    priority: int
    text: str
    quick_reply: str | None
    day: date


@dataclass(frozen=True)
class Already:
    """What the notification table already holds: planning never repeats these."""

    keys: frozenset[tuple[int, int | None, str, str]] = frozenset()
    busy_today: frozenset[int] = frozenset()  # users who already have a notification for today


# --- calendar of a tier -----------------------------------------------------------------------


def schedule(
    month: date, tier: cal.Tier, settings: cal.CalendarSettings, extra: frozenset[date], rs: ReminderSettings
) -> dict[date, str]:
    """Day → rule for one tier of one period."""
    due = cal.deadline(month, tier, settings)
    last = last_working_day_on_or_before(due, extra)
    days: dict[date, str] = {}
    for n in sorted(set(rs.offsets), reverse=True):
        days[working_days_before(last, n, extra)] = f"before-{n}"
    days[last] = "deadline"
    days[first_working_day_after(due, extra)] = "overdue"
    return days


def overdue_day(month: date, tier: cal.Tier, settings: cal.CalendarSettings, extra: frozenset[date]) -> date:
    return first_working_day_after(cal.deadline(month, tier, settings), extra)


# --- text helpers -----------------------------------------------------------------------------


def names(items: tuple[str, ...] | list[str], listed: int) -> str:
    shown = [item[:60] for item in items[:listed]]
    if len(items) > listed:
        shown.append(T.REMIND_MORE.format(n=len(items) - listed))
    return ", ".join(shown)


def period_line(facts: PeriodFacts) -> str:
    return T.PERIOD_LINE.format(
        month=cal.thai_month(facts.month), window=cal.thai_range(*cal.window(facts.month, facts.settings))
    )


def deadline_line(facts: PeriodFacts, tier: cal.Tier, today: date) -> str:
    return deadline_text(cal.deadline(facts.month, tier, facts.settings), today)


# --- one message per tier ---------------------------------------------------------------------


def office_text(facts: PeriodFacts, office: OfficeDue, rule: str, today: date, rs: ReminderSettings) -> str:
    lines = [
        T.REMIND_OFFICE.format(
            head=T.REMIND_HEAD[rule],
            period=period_line(facts),
            deadline=deadline_line(facts, "office", today),
            done=office.done,
            total=office.total,
        )
    ]
    if office.returned:
        lines.append(
            T.REMIND_RETURNED.format(n=len(office.returned), names=names(office.returned, rs.listed))
        )
    if office.missing:
        lines.append(T.REMIND_MISSING.format(n=len(office.missing), names=names(office.missing, rs.listed)))
    lines += [T.REMIND_OFFICE_ACTION, T.REMIND_PAUSE_HINT]
    return "\n".join(lines)


def division_text(
    facts: PeriodFacts, div: DivisionDue, rule: str | None, late: bool, today: date, rs: ReminderSettings
) -> str:
    head = T.REMIND_HEAD[rule] if rule else T.REMIND_ESCALATION_HEAD
    lines = [
        T.REMIND_DIVISION.format(
            head=head, period=period_line(facts), deadline=deadline_line(facts, "division", today)
        )
    ]
    if late:
        office_due = cal.thai_date(cal.deadline(facts.month, "office", facts.settings))
        lines.append(
            (T.REMIND_LATE_SUPERVISED if div.supervising else T.REMIND_LATE_OFFICES).format(
                deadline=office_due, n=len(div.late_offices), names=names(div.late_offices, rs.listed)
            )
        )
    if div.waiting_review:
        lines.append(T.REMIND_WAITING_REVIEW.format(n=div.waiting_review))
    if div.summaries_missing:
        lines.append(
            T.REMIND_SUMMARIES_MISSING.format(
                n=len(div.summaries_missing), names=names(div.summaries_missing, rs.listed)
            )
        )
    lines += [T.REMIND_DIVISION_ACTION, T.REMIND_PAUSE_HINT]
    return "\n".join(lines)


def central_text(
    facts: PeriodFacts, rule: str | None, late_divisions: list[str], today: date, rs: ReminderSettings
) -> str:
    head = T.REMIND_HEAD[rule] if rule else T.REMIND_ESCALATION_HEAD
    reporting = [o for o in facts.offices.values() if o.total > 0]
    complete = sum(1 for o in reporting if not o.pending)
    lines = [
        T.REMIND_CENTRAL.format(
            head=head,
            period=period_line(facts),
            deadline=deadline_line(facts, "central", today),
            complete=complete,
            offices=len(reporting),
        )
    ]
    if late_divisions:
        division_due = cal.thai_date(cal.deadline(facts.month, "division", facts.settings))
        lines.append(
            T.REMIND_LATE_DIVISIONS.format(
                deadline=division_due, n=len(late_divisions), names=names(late_divisions, rs.listed)
            )
        )
    lines += [T.REMIND_CENTRAL_ACTION, T.REMIND_PAUSE_HINT]
    return "\n".join(lines)


# --- deciding ---------------------------------------------------------------------------------


def _office_message(
    r: Recipient, facts: PeriodFacts, today: date, extra: frozenset[date], rs: ReminderSettings
) -> Planned | None:
    office = facts.offices.get(r.unit_id)
    rule = schedule(facts.month, "office", facts.settings, extra, rs).get(today)
    if facts.closed or rule is None or office is None or not office.pending:
        return None
    return Planned(
        r.user_id,
        r.line_user_id,
        facts.period_id,
        "office",
        rule,
        PRIORITY[rule],
        office_text(facts, office, rule, today, rs),
        T.W_REPORT,
        today,
    )


def _division_message(
    r: Recipient, facts: PeriodFacts, today: date, extra: frozenset[date], rs: ReminderSettings
) -> Planned | None:
    div = facts.divisions.get(r.unit_id)
    if facts.closed or div is None:
        return None
    rule = schedule(facts.month, "division", facts.settings, extra, rs).get(today)
    rule = rule if div.pending else None
    late = today == overdue_day(facts.month, "office", facts.settings, extra) and bool(div.late_offices)
    if rule is None and not late:
        return None
    kind, key = ("division", rule) if rule else ("escalation", "office-overdue")
    priority = max(PRIORITY[rule] if rule else 0, PRIORITY["escalation"] if late else 0)
    text = division_text(facts, div, rule, late, today, rs)
    return Planned(r.user_id, r.line_user_id, facts.period_id, kind, key, priority, text, T.W_REVIEW, today)


def digest_text(facts: PeriodFacts, div: DivisionDue, rs: ReminderSettings) -> str:
    lines = [
        T.REMIND_DIGEST_HEAD,
        period_line(facts),
        T.REMIND_DIGEST_OFFICES.format(n=len(div.fresh_offices), names=names(div.fresh_offices, rs.listed)),
        T.REMIND_DIVISION_ACTION,
        T.REMIND_PAUSE_HINT,
    ]
    return "\n".join(lines)


def _digest(r: Recipient, facts: PeriodFacts, today: date, rs: ReminderSettings) -> Planned | None:
    """One daily digest to a reviewer when offices (re)submitted since the unit's last review; a
    reminder of the same day wins (it counts what waits for review too)."""
    div = facts.divisions.get(r.unit_id)
    if r.role != "division" or facts.closed or div is None or not div.fresh_offices:
        return None
    return Planned(
        r.user_id,
        r.line_user_id,
        facts.period_id,
        "digest",
        f"digest-{today.isoformat()}",
        DIGEST_PRIORITY,
        digest_text(facts, div, rs),
        T.W_REVIEW,
        today,
    )


def _central_message(
    r: Recipient, facts: PeriodFacts, today: date, extra: frozenset[date], rs: ReminderSettings
) -> Planned | None:
    if facts.closed:
        return None
    rule = schedule(facts.month, "central", facts.settings, extra, rs).get(today)
    late = [d.name for d in facts.divisions.values() if d.pending or d.late_offices]
    escalate = today == overdue_day(facts.month, "division", facts.settings, extra) and bool(late)
    if rule is None and not escalate:
        return None
    kind, key = ("central", rule) if rule else ("escalation", "division-overdue")
    priority = max(PRIORITY[rule] if rule else 0, PRIORITY["escalation"] if escalate else 0)
    text = central_text(facts, rule, late if escalate else [], today, rs)
    return Planned(r.user_id, r.line_user_id, facts.period_id, kind, key, priority, text, T.W_CLOSE, today)


def _nudge(
    r: Recipient, facts: PeriodFacts, now: datetime, today: date, rs: ReminderSettings
) -> Planned | None:
    if r.role != "officer" or r.report_touched_at is None or facts.closed:
        return None
    if now - r.report_touched_at <= rs.nudge_after:
        return None
    office = facts.offices.get(r.unit_id)
    if office is None or not office.pending:
        return None
    return Planned(
        r.user_id,
        r.line_user_id,
        facts.period_id,
        "nudge",
        "nudge",
        PRIORITY["nudge"],
        T.REMIND_NUDGE.format(month=cal.thai_month(facts.month)),
        T.W_REPORT,
        today,
    )


MESSAGE_BY_ROLE = {"officer": _office_message, "division": _division_message, "central": _central_message}


def plan(
    now: datetime,
    today: date,
    periods: list[PeriodFacts],
    recipients: list[Recipient],
    extra: frozenset[date] = frozenset(),
    rs: ReminderSettings = DEFAULT_REMINDERS,
    already: Already = Already(),
) -> list[Planned]:
    """Who gets which reminder at this moment: at most one message per person, none on days off.

    ``periods`` are the periods that may still have reminders due, the current one first.
    """
    if not is_working_day(today, extra):
        return []
    planned: list[Planned] = []
    for r in recipients:
        if not r.reachable(today) or r.user_id in already.busy_today:
            continue
        choice = _choose(r, now, today, periods, extra, rs, already)
        if choice is not None:
            planned.append(choice)
    planned.sort(key=lambda p: (-p.priority, p.user_id))
    return planned


def _choose(
    r: Recipient,
    now: datetime,
    today: date,
    periods: list[PeriodFacts],
    extra: frozenset[date],
    rs: ReminderSettings,
    already: Already,
) -> Planned | None:
    build = MESSAGE_BY_ROLE.get(r.role)
    candidates = [build(r, facts, today, extra, rs) for facts in periods] if build else []
    if periods:
        on = next((facts for facts in periods if facts.month == r.report_month), periods[0])
        candidates.append(_nudge(r, on, now, today, rs))
        candidates += [_digest(r, facts, today, rs) for facts in periods]
    fresh = [
        c
        for c in candidates
        if c is not None and (c.user_id, c.period_id, c.kind, c.rule) not in already.keys
    ]
    if not fresh:
        return None
    return max(fresh, key=lambda c: c.priority)
