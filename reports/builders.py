"""Pure builders: report rows in, an openpyxl Workbook out. No database, no clock, no files.

One module per report kind (`tp1`, `bb301`, `completeness`, `quarterly`, `export`, `annual`) on the
shared writer of `workbook`; this module re-exports the builders and the writer's parts. Which
builder makes which kind is declared in `reports/kinds.py`.
"""

from __future__ import annotations

from reports.bb301 import above_plan, build_bb301, plan_count, plan_to_date, quarter_total, standing
from reports.completeness import build_status, is_complete
from reports.export import build_export
from reports.quarterly import build_quarterly
from reports.tp1 import build_tp1
from reports.workbook import CellRows, Col, Meta, Pct, ReportBook, Sheet, clean_text, title_lines

__all__ = [
    "CellRows",
    "Col",
    "Meta",
    "Pct",
    "ReportBook",
    "Sheet",
    "above_plan",
    "build_bb301",
    "build_export",
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
