"""Reminders to central before the year end's own dates (#25 point 5; seed 001): the annual report
within 45 days after 30 September and each project's year-end book within 30 days
(models/calendar.py `year_end_deadlines`).

Central is reminded 5, 3 and 1 working days before each date and on its last working day, while it
has not had the year's annual file (ประจำปี) made: once a download link of that file exists (asked
for in chat, reports/kinds.py), the reminders stop. Still one message per person and day: a central
user who already has a reminder today gets none of these. Each is planned once (the notification's
unique key: user, September's period, `year_end`, the rule), so a second pass plans nothing new.

`plan` is PURE like scheduler/rules.py; `decide` reads its facts for scheduler/delivery.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import texts_reports as TR
from models import calendar as cal
from models.entities import DownloadToken, FiscalYear, Notification, Period, PeriodState
from models.periods import today_of
from reports import kinds
from scheduler import queries
from scheduler.rules import PRIORITY, Already, Planned, Recipient
from scheduler.workdays import is_working_day, last_working_day_on_or_before, working_days_before

KIND = "year_end"
OFFSETS = (5, 3, 1)  # working days before the date's last working day; and on that day
TEXTS = {"annual_report": TR.YEAR_END_ANNUAL, "year_end_book": TR.YEAR_END_BOOK}
RULE_NAMES = {"annual_report": "report", "year_end_book": "book"}  # the rule: report-before-3 ...


@dataclass(frozen=True)
class YearEndFacts:
    year: int  # BE fiscal year that ended on 30 September
    september_id: int  # its September period (the notification's key)
    settings: cal.CalendarSettings
    closed: bool  # September is closed: the annual file can be made
    made: bool  # central has had the annual file made: nothing more to remind


def schedule(facts: YearEndFacts, extra: frozenset[date]) -> dict[date, tuple[str, str, date]]:
    """Day → (what is due, rule, its date) for the year's dates; the nearer date wins a shared day."""
    days: dict[date, tuple[str, str, date]] = {}
    deadlines = cal.year_end_deadlines(facts.year, facts.settings)
    for what, due in sorted(deadlines.items(), key=lambda item: item[1], reverse=True):
        last = last_working_day_on_or_before(due, extra)
        days[last] = (what, "deadline", due)
        for n in OFFSETS:
            days[working_days_before(last, n, extra)] = (what, f"before-{n}", due)
    return days


def _words(year: int) -> str:
    names = [k.name for k in kinds.KINDS if k.period is kinds.Period.YEAR]
    return f"{names[0]} {year}" if names else str(year)


def text(facts: YearEndFacts, what: str, rule: str, due: date) -> str:
    head = TR.YEAR_END_HEAD[rule].format(days=rule.removeprefix("before-"))
    words = _words(facts.year)
    action = TR.YEAR_END_ACTION if facts.closed else TR.YEAR_END_CLOSE_FIRST
    body = TEXTS[what].format(head=head, year=facts.year, deadline=cal.thai_date(due))
    return "\n".join([body, action.format(words=words)])


def plan(
    today: date,
    years: list[YearEndFacts],
    recipients: list[Recipient],
    extra: frozenset[date],
    already: Already,
    taken: frozenset[int] = frozenset(),
) -> list[Planned]:
    """Today's year-end reminders to central. ``taken``: users the pass already plans a message for."""
    if not is_working_day(today, extra):
        return []
    planned: list[Planned] = []
    for facts in years:
        if facts.made or (due := schedule(facts, extra).get(today)) is None:
            continue
        what, rule, deadline = due
        key_rule = f"{RULE_NAMES[what]}-{rule}"
        message = text(facts, what, rule, deadline)
        for r in recipients:
            busy = r.user_id in already.busy_today or r.user_id in taken
            if r.role != "central" or not r.reachable(today) or busy:
                continue
            if (r.user_id, facts.september_id, KIND, key_rule) in already.keys:
                continue
            quick = _words(facts.year) if facts.closed else None
            priority = PRIORITY.get(rule, PRIORITY["before-3"])
            planned.append(
                Planned(
                    r.user_id,
                    r.line_user_id,
                    facts.september_id,
                    KIND,
                    key_rule,
                    priority,
                    message,
                    quick,
                    today,
                )
            )
    return planned


def year_facts(session: Session, today: date) -> list[YearEndFacts]:
    """The fiscal year that ended before ``today`` (its dates fall in October and November)."""
    year = cal.fiscal_year_of(today) - 1
    fy = session.scalar(select(FiscalYear).where(FiscalYear.year_be == year))
    september = cal.fiscal_months(year)[-1]
    period = session.scalar(select(Period).where(Period.month_start == september))
    if fy is None or period is None:
        return []
    stems = [f"{k.stem}_{year}" for k in kinds.KINDS if k.period is kinds.Period.YEAR]
    made = any(
        session.scalar(select(DownloadToken.id).where(DownloadToken.filename.startswith(stem)).limit(1))
        for stem in stems
    )
    closed = period.state == PeriodState.CLOSED.value
    return [YearEndFacts(year, period.id, cal.CalendarSettings.of(fy), closed, made)]


def decide(session: Session, now: datetime, already: Already, planned: list[Planned]) -> list[Planned]:
    """The year-end reminders this moment calls for, beside the ``planned`` ones. Reads only."""
    today = today_of(now)
    years = year_facts(session, today)
    if not years:
        return []
    ids = [facts.september_id for facts in years]
    keys = session.execute(
        select(Notification.user_id, Notification.period_id, Notification.kind, Notification.rule).where(
            Notification.kind == KIND, Notification.period_id.in_(ids)
        )
    ).all()
    seen = Already(frozenset((u, p, k, r) for u, p, k, r in keys), already.busy_today)
    taken = frozenset(p.user_id for p in planned)
    return plan(today, years, queries.recipients(session, now), queries.extra_holidays(session), seen, taken)
