"""The division's project summary (`สรุปโครงการ`, for ตป.๑ and the project report): problems,
solutions, outcome, then (#15) the results in brief and the progress, which may be skipped.

Steps:
    summary.choose    — which project
    summary.problems / summary.solutions / summary.outcome — one answer each, saved at once
    summary.summary / summary.progress — the project report's texts (`ข้าม` leaves one as it is)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from handlers import texts as T
from handlers.answers import MAX_TEXT_ANSWER
from handlers.clip import clip
from handlers.context import Context, refusal
from handlers.dialogue import Dialogue, Entry, register
from handlers.messages import Next, Text, Turn, quick
from handlers.numbers import parse_choice
from handlers.review import month_name, owner
from handlers.unit_names import short
from models import review as rsvc
from models.entities import ProblemReport, Project, Unit
from models.parsing import NO_PROBLEMS
from models.periods import PeriodInfo
from models.permissions import Action

SUMMARY_FIELDS = ("problems", "solutions", "outcome")
SUMMARY_QUESTIONS = {
    "problems": T.SUMMARY_ASK_PROBLEMS,
    "solutions": T.SUMMARY_ASK_SOLUTIONS,
    "outcome": T.SUMMARY_ASK_OUTCOME,
}
REPORT_FIELDS = ("summary", "progress")  # #15: asked after the outcome, for the project report
REPORT_QUESTIONS = {"summary": T.SUMMARY_ASK_SUMMARY, "progress": T.SUMMARY_ASK_PROGRESS}


@dataclass
class SummaryData:
    period: str  # the period's month, ISO
    projects: list[int] = field(default_factory=list)  # as numbered in the list
    project: int | None = None  # the project being summarised


def _info(ctx: Context, data: SummaryData) -> PeriodInfo:
    info = ctx.stored_period(data.period)
    assert info is not None  # the period guard of the dialogue ran first
    return info


def start(ctx: Context) -> Turn:
    info = ctx.due_period()
    if (answer := refusal(info)) is not None:
        return answer
    assert info is not None  # refusal() said there is an open period
    projects = rsvc.owned_projects(ctx.session, owner(ctx), info.fiscal_year.id)
    if not projects:
        return Turn([Text(T.SUMMARY_NO_PROJECTS)])
    lines = [T.SUMMARY_PICK.format(month=month_name(info))]
    for n, project in enumerate(projects, start=1):
        done = rsvc.summary_of(ctx.session, project.id, info)
        lines.append(f"{n}. {clip(project.name, 80)}{' ✅' if done and done.problems else ''}")
    data = SummaryData(period=info.month.isoformat(), projects=[p.id for p in projects])
    numbers = [str(n) for n in range(1, min(len(projects), 12) + 1)]
    return Turn([Text("\n".join(lines), quick(*numbers, T.W_CANCEL))], Next("choose", data))


def on_choose(ctx: Context, text: str, data: SummaryData) -> Turn:
    projects = data.projects
    choice = parse_choice(text)
    if choice is None or not 1 <= choice <= len(projects):
        return Turn(
            [Text(T.CORRECT_BAD_CHOICE.format(n=len(projects)), quick(T.W_CANCEL))], Next("choose", data)
        )
    info = _info(ctx, data)
    project = ctx.session.get_one(Project, projects[choice - 1])
    data.project = project.id
    reports = ctx.session.scalars(
        select(ProblemReport).where(
            ProblemReport.project_id == project.id,
            ProblemReport.period_id == info.period.id,
            ProblemReport.problems.is_not(None),
            ProblemReport.problems != NO_PROBLEMS,
        )
    ).all()
    lines = []
    if reports:
        lines.append(T.SUMMARY_OFFICE_PROBLEMS.format(n=len(reports)))
        for report in reports[:15]:
            unit = ctx.session.get_one(Unit, report.unit_id)
            lines.append(f"• {short(unit, 40)}: {clip(report.problems, 150)}")
    lines.append(T.SUMMARY_ASK_PROBLEMS.format(project=project.name))
    return Turn([Text("\n".join(lines), quick(T.W_NONE, T.W_CANCEL))], Next("problems", data))


def _on_field(field: str) -> Callable[[Context, str, SummaryData], Turn]:
    def step(ctx: Context, text: str, data: SummaryData) -> Turn:
        value = text.strip()
        if not value:
            return Turn([Text(T.ERR_TEXT_EMPTY)], Next(field, data))
        if len(value) > MAX_TEXT_ANSWER:
            return Turn([Text(T.ERR_TEXT_TOO_LONG.format(limit=MAX_TEXT_ANSWER))], Next(field, data))
        info = _info(ctx, data)
        project = ctx.session.get_one(Project, data.project)
        rsvc.save_summary(ctx.session, ctx.user, info, project.id, ctx.now, **{field: value})
        following = SUMMARY_FIELDS.index(field) + 1
        if following == len(SUMMARY_FIELDS):
            return Turn(
                [
                    Text(T.SUMMARY_SAVED.format(project=project.name, month=month_name(info))),
                    Text(REPORT_QUESTIONS["summary"], quick(T.W_SKIP, T.W_CANCEL)),
                ],
                Next("summary", data),
            )
        step_name = SUMMARY_FIELDS[following]
        return Turn([Text(SUMMARY_QUESTIONS[step_name], quick(T.W_CANCEL))], Next(step_name, data))

    return step


def _on_report_field(field: str) -> Callable[[Context, str, SummaryData], Turn]:
    """The project report's texts: saved like the others; `ข้าม` keeps what is there."""

    def step(ctx: Context, text: str, data: SummaryData) -> Turn:
        value = text.strip()
        if not value:
            return Turn([Text(T.ERR_TEXT_EMPTY)], Next(field, data))
        if len(value) > MAX_TEXT_ANSWER:
            return Turn([Text(T.ERR_TEXT_TOO_LONG.format(limit=MAX_TEXT_ANSWER))], Next(field, data))
        info = _info(ctx, data)
        project = ctx.session.get_one(Project, data.project)
        if value != T.W_SKIP:
            rsvc.save_summary(ctx.session, ctx.user, info, project.id, ctx.now, **{field: value})
        following = REPORT_FIELDS.index(field) + 1
        if following == len(REPORT_FIELDS):
            done = T.SUMMARY_REPORT_SAVED.format(project=project.name, month=month_name(info))
            return Turn([Text(done, quick(T.W_SUMMARY, T.W_REVIEW))])
        step_name = REPORT_FIELDS[following]
        return Turn([Text(REPORT_QUESTIONS[step_name], quick(T.W_SKIP, T.W_CANCEL))], Next(step_name, data))

    return step


DIALOGUE = register(
    Dialogue(
        name="summary",
        entries={T.W_SUMMARY: Entry(start, Action.WRITE_SUMMARY)},
        steps={
            "choose": on_choose,
            **{name: _on_field(name) for name in SUMMARY_FIELDS},
            **{name: _on_report_field(name) for name in REPORT_FIELDS},
        },
        data=SummaryData,
        needs_open_period=True,
    )
)
