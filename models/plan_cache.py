"""The plan, cached per process: what every report message reads and only an import changes.

Each answer in a monthly report needs the indicator's name, unit, counting and project, and the
office's own target; each question about budget needs the project and the office's allocation.
Reading them from the database on every message costs several queries and ORM objects.

The plan changes only through the plan import, which gives the fiscal year a new random
``plan_version`` in the same transaction. Readers pass the ``FiscalYear`` they already read in
their own transaction, so a process never answers from a plan older than what that transaction
sees; after an import the next message loads the new plan once. Because the version is random,
two databases (tests, staging) never share an entry.

Plain frozen dataclasses, never ORM objects: they are shared between threads and sessions.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import Activity, Allocation, Assignment, FiscalYear, Indicator, Project
from models.reporting.plan import office_assignments


@dataclass(frozen=True)
class IndicatorFacts:
    id: int
    code: str
    name: str
    unit_label: str
    counting: str
    target: Decimal | None  # the department's annual target
    project_id: int
    project: str
    value_type: str = "whole"  # models.entities.ValueType
    numerator_label: str | None = None  # #22: what a count rate's two counts count
    denominator_label: str | None = None


@dataclass(frozen=True)
class YearPlan:
    indicators: Mapping[int, IndicatorFacts]
    projects: Mapping[int, str]  # id -> name


@dataclass(frozen=True)
class OfficeFacts:
    """What one office answers in a fiscal year, in the plan's order."""

    indicators: tuple[int, ...]
    targets: Mapping[int, Decimal | None]  # the office's own target, else the indicator's
    projects: tuple[int, ...]  # the projects of its indicators
    allocations: Mapping[int, Decimal]  # project -> baht, where the office has a budget


class PlanCache:
    """Years and offices under (fiscal year, plan version); offices kept least recently used first
    out, so that a process serving every local government stays bounded."""

    def __init__(self, max_offices: int = 20_000):
        self.max_offices = max_offices
        self._lock = threading.Lock()
        self._years: dict[tuple[int, str], YearPlan] = {}
        self._offices: OrderedDict[tuple[int, str, int], OfficeFacts] = OrderedDict()

    def year(self, session: Session, fiscal_year: FiscalYear) -> YearPlan:
        key = (fiscal_year.id, fiscal_year.plan_version)
        found = self._years.get(key)
        if found is None:
            found = _load_year(session, fiscal_year.id)
            with self._lock:
                for old in [k for k in self._years if k[0] == fiscal_year.id]:
                    del self._years[old]
                self._years[key] = found
        return found

    def office(self, session: Session, fiscal_year: FiscalYear, unit_id: int) -> OfficeFacts:
        key = (fiscal_year.id, fiscal_year.plan_version, unit_id)
        with self._lock:
            found = self._offices.get(key)
            if found is not None:
                self._offices.move_to_end(key)
                return found
        found = _load_office(session, self.year(session, fiscal_year), fiscal_year.id, unit_id)
        with self._lock:
            self._offices[key] = found
            while len(self._offices) > self.max_offices:
                self._offices.popitem(last=False)
        return found


def _load_year(session: Session, fiscal_year_id: int) -> YearPlan:
    indicators = {}
    for ind, project_id, project in session.execute(
        select(Indicator, Project.id, Project.name)
        .join(Activity, Indicator.activity_id == Activity.id)
        .join(Project, Activity.project_id == Project.id)
        .where(Indicator.fiscal_year_id == fiscal_year_id)
    ):
        indicators[ind.id] = IndicatorFacts(
            ind.id,
            ind.code,
            ind.name,
            ind.unit_label,
            ind.counting,
            ind.target,
            project_id,
            project,
            ind.value_type,
            ind.numerator_label,
            ind.denominator_label,
        )
    # An office answers for the projects of its indicators: those are the projects to know.
    return YearPlan(indicators, {f.project_id: f.project for f in indicators.values()})


def _load_office(session: Session, year: YearPlan, fiscal_year_id: int, unit_id: int) -> OfficeFacts:
    rows = session.execute(
        office_assignments(unit_id, fiscal_year_id, Assignment.indicator_id, Assignment.target)
    ).all()
    indicators = tuple(ind_id for ind_id, _ in rows)
    targets = {
        ind_id: target if target is not None else year.indicators[ind_id].target for ind_id, target in rows
    }
    projects = tuple(dict.fromkeys(year.indicators[ind_id].project_id for ind_id in indicators))
    allocations = dict(
        session.execute(
            select(Allocation.project_id, Allocation.amount).where(
                Allocation.unit_id == unit_id, Allocation.project_id.in_(list(projects) or [0])
            )
        ).all()
    )
    return OfficeFacts(indicators, targets, projects, allocations)


PLAN = PlanCache()
