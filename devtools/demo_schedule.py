"""The demo plan's monthly plans and spending plans (#25), from cumulative percent profiles.

``devtools/data/demo_plan.json`` gives each planned indicator a profile (``monthly_plan``): the
percent of its annual target (a count) or of its target value (a rate) planned by the end of each
month, October first. Projects share one spending profile (``spending_plan``), a percent of their
allocations. Indicators without a profile have no monthly plan (สงป.๓๐๑ group 5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from models import calendar as cal

Row = dict[str, Any]
WHOLE = Decimal(1)
CENTS = Decimal("0.01")


def profile_percent(profile: list[int], month: date) -> Decimal:
    """The cumulative percent of ``profile`` (twelve values, October first) by the end of ``month``."""
    return Decimal(profile[cal.fiscal_months(cal.fiscal_year_of(month)).index(month)])


def indicator_profile(spec: Mapping[str, Any], code: str) -> list[int] | None:
    """The profile of indicator ``code`` in ``spec`` (the file's ``monthly_plan``); None: no plan."""
    name = spec["indicators"].get(code)
    return None if name is None else list(spec["profiles"][name])


def monthly_plans(spec: Mapping[str, Any], indicators: Iterable[Row], year_be: int) -> list[Row]:
    """The planned indicators' monthly plans for the whole department: ``indicator`` code,
    ``month`` (first day), ``cumulative`` (a count in whole units, a rate to two decimals)."""
    rows: list[Row] = []
    for ind in indicators:
        profile = indicator_profile(spec, ind["code"])
        if profile is None:
            continue
        exact = WHOLE if ind["counting"] == "sum" else CENTS
        for month in cal.fiscal_months(year_be):
            value = Decimal(ind["target"]) * profile_percent(profile, month) / 100
            rows.append({"indicator": ind["code"], "month": month, "cumulative": value.quantize(exact)})
    return rows


def spending_plans(profile: list[int], allocations: Iterable[Row], year_be: int) -> list[Row]:
    """Each allocated project's spending plan: ``project``, ``month``, ``cumulative`` (whole baht)."""
    totals: dict[str, int] = {}
    for a in allocations:
        totals[a["project"]] = totals.get(a["project"], 0) + a["amount"]
    return [
        {
            "project": project,
            "month": month,
            "cumulative": (total * profile_percent(profile, month) / 100).quantize(WHOLE),
        }
        for project, total in totals.items()
        for month in cal.fiscal_months(year_be)
    ]
