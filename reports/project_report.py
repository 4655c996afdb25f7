"""The project report of seed 002 (quarterly and year-end): one sheet per project with its fourteen
numbered fields. The plan's `ข้อมูลโครงการ` sheet gives the master data, the division writes the
results summary, outcome, problems and progress in chat (`สรุปโครงการ`), and the figures come from
the offices' reports. A field with nothing in it says so, and says where it would come from; the
sheet's first line lists the empty fields.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from reports import labels as L
from reports.bb301 import spending_to_date
from reports.rows import IndicatorRow, ProjectRow, ReportData
from reports.workbook import CellValue, Col, ReportBook, Sheet, pct

COLUMNS = [
    Col(L.PR_FIELD, width=30),
    Col(L.PR_DETAIL, width=60),
    Col(L.UNIT),
    Col(L.TARGET, "num"),
    Col(L.CUMULATIVE, "num"),
    Col(L.PERCENT, "pct"),
]


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _number(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def project_fields(
    project: ProjectRow, indicators: list[IndicatorRow], elapsed: int
) -> list[tuple[str, str]]:
    """The fourteen fields as (label, text); an empty text is a field with nothing in it yet.
    Field 7 (the indicators) is the table under the fields, its text only a heading."""
    info = project.info
    owners = ", ".join(dict.fromkeys(r.owner for r in indicators))
    activities = list(dict.fromkeys(r.activity for r in indicators))
    outputs = "\n".join(
        L.PR_OUTPUT_LINE.format(name=r.name, target=_number(r.target), unit=r.unit) for r in indicators
    )
    budget = ""
    if project.allocated or project.disbursed:
        percent = f"{100 * project.percent:.2f}%" if project.percent is not None else "-"
        budget = L.PR_BUDGET_LINE.format(
            allocated=_money(project.allocated), disbursed=_money(project.disbursed), percent=percent
        )
        planned = spending_to_date(project, elapsed)
        if planned is not None:
            budget += "\n" + L.PR_SPENDING_LINE.format(planned=_money(planned))
    outcome = project.outcome
    if info.get("benefits"):
        outcome = "\n".join(filter(None, [outcome, L.PR_EXPECTED.format(text=info["benefits"])]))
    problems = project.problems
    if project.solutions:
        problems = "\n".join(filter(None, [problems, L.PR_SUGGESTIONS.format(text=project.solutions)]))
    texts = [
        "\n".join([project.name, L.PR_PLAN_LINE.format(plan=project.plan)]),
        info.get("owner") or owners,
        info.get("budget_source", ""),
        info.get("objectives", ""),
        outputs,
        "\n".join(L.PR_ACTIVITY_LINE.format(activity=a) for a in activities),
        L.PR_RESULTS_HEAD if indicators else "",
        info.get("timeline", ""),
        budget,
        info.get("area", ""),
        project.summary,
        outcome if project.outcome else "",
        problems,
        project.progress,
    ]
    return list(zip(L.PR_FIELDS, texts, strict=True))


# Where an empty field would come from, by field number (1-based).
_SOURCES = {3: L.PR_SOURCE_PLAN, 4: L.PR_SOURCE_PLAN, 8: L.PR_SOURCE_PLAN, 10: L.PR_SOURCE_PLAN}
_SOURCES.update({11: L.PR_SOURCE_CHAT, 12: L.PR_SOURCE_CHAT, 13: L.PR_SOURCE_CHAT, 14: L.PR_SOURCE_CHAT})


def project_sheets(book: ReportBook, titles: list[str], data: ReportData, elapsed: int) -> Sheet | None:
    """One sheet per project; the last one (None without projects)."""
    by_project: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in data.indicators:
        by_project[row.project_id].append(row)
    sheet = None
    for n, project in enumerate(data.projects, start=1):
        indicators = by_project[project.project_id]
        table: list[list[CellValue]] = [
            ["", r.name, r.unit_shown, r.target, r.cumulative, pct(r.percent)] for r in indicators
        ]
        fields = project_fields(project, indicators, elapsed)
        empty = [label.split(")")[0] + ")" for label, text in fields if not text]
        heading = [*titles, f"{L.PR_TITLE}: {project.name}"]
        heading.append(
            L.PR_EMPTY_LINE.format(fields=" ".join(empty))
            if empty
            else L.PR_EMPTY_LINE.format(fields=L.PR_ALL_FILLED)
        )
        sheet = Sheet(book, L.PR_SHEET.format(n=n), heading, COLUMNS, table)
        for number, (label, text) in enumerate(fields, start=1):
            if not text:
                missing = L.PR_EMPTY.format(source=_SOURCES.get(number, L.PR_SOURCE_OFFICES))
                if number == 12 and project.info.get("benefits"):
                    missing += "\n" + L.PR_EXPECTED.format(text=project.info["benefits"])
                sheet.note(label, missing)
                continue
            sheet.note(label, text)
            if number == 7:
                for line in table:
                    sheet.row(line)
    return sheet
