"""`รายงานแทน` (#22): a user enters a unit's monthly values on its behalf, in the submission
dialogue of handlers/submission.py. Who may enter for whom is models.org.on_behalf_units: a
supervising unit's user the units below it, a division the offices of its indicators, central any;
a unit outside that scope is refused. The values are the unit's own (Result.unit_id); the user is
who entered them (entered_by_id, submitted_by_id, the audit's user and actor unit), which
`ประวัติ`, `tidtam audit` and `ตรวจ` show as "บันทึกแทนโดย …".

Steps:
    unit     — the unit picked: a button (its code), its number in the list, its code or its name
    item     — as `รายงาน`, for that unit
    summary  — as `รายงาน`, for that unit
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import func, select

from handlers import submission
from handlers import texts as T
from handlers.clip import clip
from handlers.context import Context, refusal
from handlers.dialogue import Dialogue, Entry, register
from handlers.messages import Next, Reply, Text, Turn, quick
from handlers.numbers import parse_choice
from handlers.unit_names import office_button
from models.entities import Unit
from models.on_behalf import on_behalf_units
from models.permissions import Action

LISTED = 20  # units listed in the question
BUTTONS = 12  # quick replies (LINE allows 13; one is ยกเลิก)
QUICK_LABEL = 20  # characters of a quick reply's label (LINE's limit)


@dataclass
class OnBehalfData(submission.SubmissionData):
    """The submission's data, plus the unit reported for and the units the user may pick from."""

    unit: int = 0
    units: list[int] = field(default_factory=list)


def start(ctx: Context) -> Turn:
    info = ctx.due_period()
    if (answer := refusal(info)) is not None:
        return answer
    assert info is not None
    units = on_behalf_units(ctx.session, ctx.user, info.fiscal_year.id)
    if not units:
        return Turn([Text(T.FOR_NONE)])
    data = OnBehalfData(period="", units=[u.id for u in units])
    return Turn([_question(units)], Next("unit", data))


def _question(units: list[Unit]) -> Text:
    lines = [
        T.FOR_LINE.format(n=n, code=u.code, name=clip(u.name, 60)) for n, u in enumerate(units[:LISTED], 1)
    ]
    if len(units) > LISTED:
        lines.append(T.FOR_MORE.format(n=len(units) - LISTED))
    buttons = [office_button(u) for u in units[:BUTTONS]]
    return Text(T.FOR_ASK.format(units="\n".join(lines)), (*buttons, *quick(T.W_CANCEL)))


def _units(ctx: Context, data: OnBehalfData) -> list[Unit]:
    rows = {u.id: u for u in ctx.session.scalars(select(Unit).where(Unit.id.in_(data.units or [0])))}
    return [rows[i] for i in data.units if i in rows]


def _named(ctx: Context, text: str) -> list[Unit]:
    """The units whose code is ``text`` (any case), else whose name is it or contains it."""
    code = ctx.session.scalars(select(Unit).where(func.upper(Unit.code) == text.upper())).all()
    if code:
        return list(code)
    exact = ctx.session.scalars(select(Unit).where(Unit.name == text)).all()
    return list(exact) or list(
        ctx.session.scalars(select(Unit).where(Unit.name.contains(text, autoescape=True)).limit(5))
    )


def on_unit(ctx: Context, text: str, data: OnBehalfData) -> Turn:
    units = _units(ctx, data)
    text = text.strip()
    choice = parse_choice(text)
    if choice is not None and 1 <= choice <= len(units):
        return _begin(ctx, units[choice - 1])
    named = _named(ctx, text) if text else []
    mine = [u for u in named if u.id in data.units]
    if len(mine) == 1:
        return _begin(ctx, mine[0])
    if named and not mine and len(named) == 1:  # a real unit, but not one the user may enter for
        refused = T.FOR_NOT_IN_SCOPE.format(unit=f"{named[0].code} {named[0].name}")
        return Turn([Text(refused), _question(units)], Next("unit", data))
    return Turn([Text(T.FOR_UNKNOWN), _question(units)], Next("unit", data))


def _begin(ctx: Context, unit: Unit) -> Turn:
    """The submission dialogue's start, for ``unit``; its data keeps the unit."""
    ctx.acting_unit_id = unit.id
    turn = submission.start(ctx)
    head = Text(T.FOR_HEAD.format(code=unit.code, name=unit.name))
    turn.replies.insert(0, head)
    nxt = turn.conversation
    if isinstance(nxt, Next) and isinstance(nxt.data, submission.SubmissionData):
        turn.conversation = Next(nxt.step, OnBehalfData(**asdict(nxt.data), unit=unit.id))
    return turn


def _acting(ctx: Context, data: OnBehalfData) -> Turn | None:
    """Act for the unit of ``data``; the answer when its period is gone or closed, or when the unit
    is no longer in the user's scope (a role or a unit changed since it was picked)."""
    info = ctx.stored_period(data.period)
    if (answer := refusal(info)) is not None:
        return answer
    assert info is not None
    if data.unit not in {u.id for u in on_behalf_units(ctx.session, ctx.user, info.fiscal_year.id)}:
        unit = ctx.session.get(Unit, data.unit)
        return Turn([Text(T.FOR_NOT_IN_SCOPE.format(unit=unit.code if unit else "-"))])
    ctx.acting_unit_id = data.unit
    return None


def on_item(ctx: Context, text: str, data: OnBehalfData) -> Turn:
    return _acting(ctx, data) or submission.on_item(ctx, text, data)


def on_summary(ctx: Context, text: str, data: OnBehalfData) -> Turn:
    return _acting(ctx, data) or submission.on_summary(ctx, text, data)


def reask(ctx: Context, step: str, data: OnBehalfData) -> list[Reply]:
    if step == "unit":
        return [_question(_units(ctx, data))]
    ctx.acting_unit_id = data.unit
    return submission.reask(ctx, step, data)


DIALOGUE = register(
    Dialogue(
        name="report_for",
        entries={T.W_REPORT_FOR: Entry(start, Action.REPORT_ON_BEHALF, menu=False)},
        steps={"unit": on_unit, "item": on_item, "summary": on_summary},
        data=OnBehalfData,
        reask=reask,
        cancelled=T.CANCELLED,
    )
)
