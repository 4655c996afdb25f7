"""Pure builders: report rows in, an openpyxl Workbook out. No database, no clock, no files.

One module per report kind (`tp1`, `bb301`, `completeness`, `quarterly`) on the shared writer of
`workbook`; this module names the builder of each kind.
"""

from __future__ import annotations

from reports.bb301 import above_plan, build_bb301, plan_count, plan_to_date, quarter_total, standing
from reports.completeness import build_status, is_complete
from reports.export import build_export
from reports.quarterly import build_quarterly
from reports.tp1 import build_tp1
from reports.workbook import CellRows, Col, Meta, Pct, ReportBook, Sheet, clean_text, title_lines

BUILDERS = {
    "tp1": build_tp1,
    "bb301": build_bb301,
    "status": build_status,
    "quarterly": build_quarterly,
    "export": build_export,
}

__all__ = [
    "BUILDERS",
    "CellRows",
    "Col",
    "Meta",
    "Pct",
    "ReportBook",
    "Sheet",
    "above_plan",
    "build_bb301",
    "build_quarterly",
    "build_status",
    "build_tp1",
    "clean_text",
    "is_complete",
    "plan_count",
    "plan_to_date",
    "quarter_total",
    "standing",
    "title_lines",
]
