"""Division review, project summaries and closing a period: the services behind ตรวจ,
สรุปโครงการ, ปิดรอบ and เปิดรอบ.

`screens` reads what a reviewer sees (the queue, one office's results), `changes` what changed
since items were returned (from the audit trail), `decisions` approves, returns and undoes,
`closing` keeps the project summaries and closes or reopens a period.
"""

from __future__ import annotations

from models.review.changes import ItemSince, SinceReturn, resubmitted_counts, since_return
from models.review.closing import (
    Completeness,
    completeness,
    owing_officers,
    record_push,
    save_summary,
    set_period_state,
    summary_of,
)
from models.review.decisions import (
    Approved,
    approve,
    approved_offices,
    officers_of,
    return_results,
    unapprove,
    waiting_results,
)
from models.review.screens import (
    QueueEntry,
    ReviewLine,
    office_problems,
    office_review,
    owned_indicators,
    owned_projects,
    review_queue,
)

__all__ = [
    "Approved",
    "Completeness",
    "ItemSince",
    "QueueEntry",
    "ReviewLine",
    "SinceReturn",
    "approve",
    "approved_offices",
    "completeness",
    "office_problems",
    "office_review",
    "officers_of",
    "owing_officers",
    "owned_indicators",
    "owned_projects",
    "record_push",
    "resubmitted_counts",
    "return_results",
    "review_queue",
    "save_summary",
    "set_period_state",
    "since_return",
    "summary_of",
    "unapprove",
    "waiting_results",
]
