"""What the demo's units have reported when `tidtam demo` starts (#25), from the demo plan file.

``demo_results`` in ``devtools/data/demo_plan.json`` says how: every month before the current one
is sent by every unit, approved and closed by central; in the current month every unit has sent
except the demo users' own (so that they can report in the emulator) and every ``missing_every``-th
one, and every ``waiting_every``-th of those that sent still waits for review. Each unit reports
its share of its plan to date (its annual target times its indicator's profile) times the
indicator's ``pace``: above 105 puts the indicator above plan in สงป.๓๐๑, 95–105 as planned, below
95 under it; ``not_reported`` indicators nobody has reported yet. Budgets are disbursed at
``budget_pace`` percent of the spending profile; the owner divisions have written the
``project_summaries`` (the project report's fields 11–14) for every month so far.

The values are written directly (no audit rows, no pushes): it is the demo's starting point, not
something anybody did. A database that already has results for the year (``tidtam demo --keep``)
is left as it is.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from devtools import demo_data
from devtools.demo_schedule import indicator_profile, profile_percent
from models import calendar as cal
from models.clock import BANGKOK
from models.entities import (
    Disbursement,
    EntryStatus,
    FiscalYear,
    Indicator,
    Period,
    PeriodState,
    ProblemReport,
    Project,
    ProjectSummary,
    Result,
    Unit,
    User,
)
from models.parsing import NO_PROBLEMS
from models.periods import PeriodInfo, current_period, period_info, today_of
from models.review.closing import set_period_state

# The profile of an indicator without a monthly plan, for its results only.
DEFAULT_PROFILE = {"sum": "even", "latest": "rate"}
SPREAD = (Decimal("0.97"), Decimal(1), Decimal("1.03"))  # offices' rates vary around the plan


def _whole(value: Decimal, step: int = 1) -> int:
    return int((value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step


def _at(day: Any, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=BANGKOK).astimezone(UTC)


class _Seeder:
    def __init__(self, session: Session, fy: FiscalYear, info: PeriodInfo, now: datetime) -> None:
        self.session, self.now = session, now.astimezone(UTC)
        self.facts: dict[str, Any] = demo_data.demo_facts("demo_results")
        self.plan: dict[str, Any] = demo_data.demo_facts("monthly_plan")
        self.periods = list(
            session.scalars(
                select(Period)
                .where(Period.fiscal_year_id == fy.id, Period.month_start <= info.month)
                .order_by(Period.month_start)
            )
        )
        self.current = self.periods[-1]
        self.units = {code: uid for code, uid in session.execute(select(Unit.code, Unit.id))}
        self.ordinal = {u["code"]: n for n, u in enumerate(demo_data.demo_units())}
        self.indicators = {
            code: iid
            for code, iid in session.execute(
                select(Indicator.code, Indicator.id).where(Indicator.fiscal_year_id == fy.id)
            )
        }
        self.projects = {
            name: pid
            for name, pid in session.execute(
                select(Project.name, Project.id).where(Project.fiscal_year_id == fy.id)
            )
        }
        users = demo_data.demo_users()
        self.demo_units = {u["unit_code"] for u in users}
        by_line = {line: uid for line, uid in session.execute(select(User.line_user_id, User.id))}
        self.user_of = {u["unit_code"]: by_line.get(u["line_user_id"]) for u in users if u["role"] != "admin"}
        self.central_id = next(by_line.get(u["line_user_id"]) for u in users if u["role"] == "central")
        self.profiles = self.plan["profiles"]

    # --- who sent what, when ---------------------------------------------------------------------

    def sent(self, period: Period, unit: str) -> bool:
        if period is not self.current:
            return True
        every = int(self.facts["missing_every"])
        return unit not in self.demo_units and self.ordinal[unit] % every != every - 1

    def stamps(self, period: Period, unit: str, owner: str | None) -> dict[str, Any]:
        n = self.ordinal[unit]
        if period is self.current:
            submitted = self.now - timedelta(days=n % 4, hours=1 + n % 7)
            waiting = n % int(self.facts["waiting_every"]) == 1
        else:
            office_deadline = cal.deadline(period.month_start, "office")
            submitted = _at(office_deadline - timedelta(days=1 + n % 5), 9 + n % 8)
            waiting = False
        reviewer = self.user_of.get(owner or "") or self.central_id
        stamp: dict[str, Any] = {
            "unit_id": self.units[unit],
            "period_id": period.id,
            "entered_at": submitted - timedelta(minutes=20),
            "submitted_at": submitted,
            "late": False,
            "status": EntryStatus.SUBMITTED.value if waiting else EntryStatus.APPROVED.value,
        }
        if waiting:
            return stamp | {"reviewed_at": None, "reviewed_by_id": None}
        return stamp | {"reviewed_at": submitted + timedelta(minutes=30), "reviewed_by_id": reviewer}

    # --- the values ----------------------------------------------------------------------------

    def profile(self, indicator: dict[str, Any]) -> list[int]:
        own = indicator_profile(self.plan, indicator["code"])
        return own if own is not None else list(self.profiles[DEFAULT_PROFILE[indicator["counting"]]])

    def results(self) -> list[dict[str, Any]]:
        indicators = {i["code"]: i for i in demo_data.demo_indicators()}
        pace: dict[str, int] = self.facts["pace"]
        rows: list[dict[str, Any]] = []
        for a in demo_data.demo_assignments():
            ind = indicators[a["indicator"]]
            if ind["code"] in self.facts["not_reported"]:
                continue
            profile, speed = self.profile(ind), Decimal(pace.get(ind["code"], 100)) / 100
            before = 0
            for period in self.periods:
                share = Decimal(a["target"]) * profile_percent(profile, period.month_start) / 100 * speed
                if ind["counting"] == "sum":
                    cumulative = _whole(share)
                    value = Decimal(cumulative - before)
                    before = cumulative
                else:
                    spread = SPREAD[self.ordinal[a["unit"]] % len(SPREAD)]
                    value = min(share * spread, Decimal(100)).quantize(Decimal("0.01"))
                if self.sent(period, a["unit"]):
                    stamp = self.stamps(period, a["unit"], ind["owner"])
                    rows.append({**stamp, "indicator_id": self.indicators[ind["code"]], "value": value})
        return rows

    def disbursements(self) -> list[dict[str, Any]]:
        profile = demo_data.demo_facts("spending_plan")["profile"]
        speed = Decimal(self.facts["budget_pace"]) / 100
        rows: list[dict[str, Any]] = []
        for a in demo_data.demo_allocations():
            before = 0
            for period in self.periods:
                cumulative = _whole(
                    a["amount"] * profile_percent(profile, period.month_start) / 100 * speed, 100
                )
                if self.sent(period, a["unit"]):
                    stamp = self.stamps(period, a["unit"], None)
                    rows.append(
                        {**stamp, "project_id": self.projects[a["project"]], "amount": cumulative - before}
                    )
                before = cumulative
        return rows

    def problems(self) -> list[dict[str, Any]]:
        indicators = {i["code"]: i["project"] for i in demo_data.demo_indicators()}
        pairs: list[list[str]] = self.facts["problems"]
        every = int(self.facts["problems_every"])
        units: dict[str, list[str]] = {}
        for a in demo_data.demo_assignments():
            projects = units.setdefault(a["unit"], [])
            if indicators[a["indicator"]] not in projects:
                projects.append(indicators[a["indicator"]])
        rows: list[dict[str, Any]] = []
        for unit, projects in units.items():
            for k, project in enumerate(projects):
                for m, period in enumerate(self.periods):
                    if not self.sent(period, unit):
                        continue
                    n = self.ordinal[unit] + k + m
                    problem, solution = (
                        pairs[n % len(pairs)] if n % every == 0 else (NO_PROBLEMS, NO_PROBLEMS)
                    )
                    stamp = self.stamps(period, unit, None)
                    rows.append(
                        {
                            **stamp,
                            "project_id": self.projects[project],
                            "problems": problem,
                            "solutions": solution,
                        }
                    )
        return rows

    def summaries(self) -> list[dict[str, Any]]:
        spec: dict[str, dict[str, str]] = demo_data.demo_facts("project_summaries")["projects"]
        rows: list[dict[str, Any]] = []
        for project, texts in spec.items():
            for period in self.periods:
                written = _at(cal.deadline(period.month_start, "division"), 15)
                rows.append(
                    {
                        "project_id": self.projects[project],
                        "period_id": period.id,
                        "written_by_id": self.user_of.get(texts["division"]),
                        "updated_at": min(written, self.now - timedelta(hours=2)),
                        **{k: v for k, v in texts.items() if k != "division"},
                    }
                )
        return rows

    def close_past_months(self) -> None:
        central = self.session.get_one(User, self.central_id)
        for period in self.periods[:-1]:
            info = period_info(self.session, period.month_start)
            assert info is not None
            closed_at = _at(info.deadline("central"), 16)
            set_period_state(self.session, central, info, PeriodState.CLOSED.value, closed_at)


def seed_results(session: Session, year_be: int, now: datetime) -> bool:
    """Write what the demo's units have sent up to the month being reported at ``now`` and close
    the months before it; False (nothing written) when the year already has results."""
    fy = session.scalar(select(FiscalYear).where(FiscalYear.year_be == year_be))
    info = current_period(session, today_of(now))
    if fy is None or info is None or info.fiscal_year.id != fy.id:
        return False
    ids = select(Period.id).where(Period.fiscal_year_id == fy.id)
    if session.scalar(select(Result.id).where(Result.period_id.in_(ids)).limit(1)) is not None:
        return False
    seeder = _Seeder(session, fy, info, now)
    for model, rows in (
        (Result, seeder.results()),
        (Disbursement, seeder.disbursements()),
        (ProblemReport, seeder.problems()),
        (ProjectSummary, seeder.summaries()),
    ):
        if rows:
            session.execute(insert(model), rows)
    seeder.close_past_months()
    session.flush()
    return True
