"""What an import tells its caller: the problems found, or the counts of what it wrote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from models.calendar import CalendarSettings, thai_month_short
from models.plan_import.contract import (
    PROBLEM_LINE,
    SETTINGS,
    SUMMARY_COUNTS,
    SUMMARY_DONE,
    SUMMARY_KEPT,
    SUMMARY_LABELS,
    SUMMARY_PERIODS,
    SUMMARY_SETTINGS,
    SUMMARY_YEAR_CREATED,
    SUMMARY_YEAR_SAME,
    SUMMARY_YEAR_UPDATED,
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook. `row` 0 and an empty `sheet` mean the whole file."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        return PROBLEM_LINE.format(sheet=self.sheet, row=self.row, column=self.column, message=self.message)


class PlanImportError(Exception):
    """The workbook has problems; nothing was written."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


OPTIONAL_COUNTS = ("indicator_plans", "spending_plans", "project_infos")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # in the database for this year but not in the file: left in place


@dataclass
class ImportSummary:
    fiscal_year_be: int
    fiscal_year_created: bool = False
    settings_changed: bool = False
    settings: CalendarSettings = field(default_factory=CalendarSettings)
    periods: list[date] = field(default_factory=list)  # the periods of the year's calendar
    periods_created: int = 0
    units: Counts = field(default_factory=Counts)
    plans: Counts = field(default_factory=Counts)
    projects: Counts = field(default_factory=Counts)
    activities: Counts = field(default_factory=Counts)
    indicators: Counts = field(default_factory=Counts)
    assignments: Counts = field(default_factory=Counts)
    allocations: Counts = field(default_factory=Counts)
    indicator_plans: Counts = field(default_factory=Counts)  # #15
    spending_plans: Counts = field(default_factory=Counts)
    project_infos: Counts = field(default_factory=Counts)

    def lines(self) -> list[str]:
        """What the CLI prints after a successful import, in Thai."""
        year = self.fiscal_year_be
        if self.fiscal_year_created:
            year_line = SUMMARY_YEAR_CREATED
        elif self.settings_changed:
            year_line = SUMMARY_YEAR_UPDATED
        else:
            year_line = SUMMARY_YEAR_SAME
        out = [SUMMARY_DONE.format(year=year), year_line.format(year=year)]
        first = thai_month_short(self.periods[0]) if self.periods else "-"
        out.append(
            SUMMARY_SETTINGS.format(
                first=first, **{spec.attribute: getattr(self.settings, spec.attribute) for spec in SETTINGS}
            )
        )
        if self.periods:
            out.append(
                SUMMARY_PERIODS.format(
                    first=first,
                    last=thai_month_short(self.periods[-1]),
                    count=len(self.periods),
                    created=self.periods_created,
                )
            )
        for name, label in SUMMARY_LABELS.items():
            counts: Counts = getattr(self, name)
            if name in OPTIONAL_COUNTS and counts == Counts():
                continue  # an optional sheet (#15) the workbook does not have
            line = SUMMARY_COUNTS.format(
                label=label, created=counts.created, updated=counts.updated, unchanged=counts.unchanged
            )
            if counts.kept:
                line += SUMMARY_KEPT.format(kept=counts.kept)
            out.append(line)
        return out
