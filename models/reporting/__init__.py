"""Domain services for what offices report: their plan and items, drafts, saving and submission.

The package reads as the steps of a month's report: `plan` (what an office reports and the numbers
of its items), `entries` (what it entered, this period and the earlier ones), `saving` (a draft
answer, audited) and `submission` (the drafts submitted). The periods are in `models.periods`,
where an office stands in `models.office_status`. Handlers, the scheduler and the report builders
share these functions; none of them knows LINE.
"""

from __future__ import annotations

from models.reporting.entries import (
    ENTRY_MODELS,
    ENTRY_VALUES,
    EarlierResults,
    HasCounting,
    earlier_disbursed,
    earlier_results,
    get_problem,
    office_entries,
    sent_values,
)
from models.reporting.plan import (
    IndicatorItem,
    OfficePlan,
    PlanItem,
    item_numbers,
    items_of,
    office_assignments,
    office_item_numbers,
    office_plan,
    plan_items,
)
from models.reporting.saving import (
    UNKNOWN,
    save_counts,
    save_problem_text,
    save_value,
)
from models.reporting.submission import NOTE_FIELD, Submission, returned_drafts, submit

__all__ = [
    "ENTRY_MODELS",
    "ENTRY_VALUES",
    "NOTE_FIELD",
    "UNKNOWN",
    "EarlierResults",
    "HasCounting",
    "IndicatorItem",
    "OfficePlan",
    "PlanItem",
    "Submission",
    "earlier_disbursed",
    "earlier_results",
    "get_problem",
    "item_numbers",
    "items_of",
    "office_assignments",
    "office_entries",
    "office_item_numbers",
    "office_plan",
    "plan_items",
    "returned_drafts",
    "save_counts",
    "save_problem_text",
    "save_value",
    "sent_values",
    "submit",
]
