"""`ประวัติ` (division, central, admin): the latest changes of an office or an indicator, who made
them and when, within the user's scope: a division its own indicators, a supervising unit the
offices below it, central and admin everything (the CLI's `tidtam audit` in chat).

Steps:
    audit.code — an office's or an indicator's code
"""

from __future__ import annotations

from sqlalchemy import select

from handlers import texts as T
from handlers import texts_review as TR
from handlers.clip import clip
from handlers.context import Context
from handlers.dialogue import Dialogue, Entry, NoData, register
from handlers.messages import Next, Reply, Text, Turn, quick
from handlers.unit_names import short
from models import audit
from models import calendar as cal
from models.clock import to_bangkok
from models.entities import AuditLog, FiscalYear, Indicator, Role, Unit, User
from models.on_behalf import audited_on_behalf
from models.org import Tree
from models.permissions import Action
from models.reporting import NOTE_FIELD

LIMIT = 15


def start(ctx: Context) -> Turn:
    return Turn([Text(T.AUDIT_ASK, quick(T.W_CANCEL))], Next("code", NoData()))


def on_code(ctx: Context, text: str, data: NoData) -> Turn:
    code = text.strip()
    owner, area = _scope(ctx)
    unit = ctx.session.scalar(select(Unit).where(Unit.code == code))
    if unit is not None and (area is None or unit.id in area):
        rows = audit.recent(ctx.session, unit_id=unit.id, owner_unit_id=owner, area=area, limit=LIMIT)
        return _answer(unit.name, rows)
    indicator = ctx.session.scalar(
        select(Indicator)
        .join(FiscalYear, Indicator.fiscal_year_id == FiscalYear.id)
        .where(Indicator.code == code)
        .order_by(FiscalYear.year_be.desc())
        .limit(1)
    )
    if indicator is not None and (owner is None or indicator.owner_unit_id == owner):
        rows = audit.recent(
            ctx.session, indicator_id=indicator.id, owner_unit_id=owner, area=area, limit=LIMIT
        )
        return _answer(f"{indicator.code} {clip(indicator.name, 60)}", rows)
    return Turn([Text(T.AUDIT_BAD_CODE, quick(T.W_CANCEL))], Next("code", data))


def _scope(ctx: Context) -> tuple[int | None, frozenset[int] | None]:
    """(owner division, area): a division its indicators, a supervising unit its area."""
    if ctx.user.role != Role.DIVISION.value:
        return None, None
    tree = Tree.load(ctx.session)
    if tree.has_children(ctx.user.unit_id):
        return None, frozenset(tree.below(ctx.user.unit_id))
    return ctx.user.unit_id, None


def _answer(name: str, rows: list[tuple[AuditLog, User | None, Unit | None, str | None]]) -> Turn:
    if not rows:
        return Turn([Text(T.AUDIT_NONE.format(name=name), quick(T.W_AUDIT, T.W_HELP))])
    lines = [T.AUDIT_HEAD.format(name=name, n=len(rows))]
    for row, user, unit, code in rows:
        moment = to_bangkok(row.at)
        who = clip(user.display_name or user.line_user_id, 30) if user is not None else T.AUDIT_SYSTEM
        who += f" ({short(unit, 40)})" if unit is not None else ""
        if audited_on_behalf(row):  # #22: entered on the unit's behalf
            who = T.ON_BEHALF_BY.format(who=who)
        lines.append(
            T.AUDIT_LINE.format(
                when=f"{cal.thai_date_short(moment.date())} {moment:%H:%M}",
                who=who,
                what=what_of(row.entity, row.field, code),
                old=clip(value_of(row.field, row.old_value), 40),
                new=clip(value_of(row.field, row.new_value), 40),
            )
        )
    return Turn([Text("\n".join(lines), quick(T.W_AUDIT, T.W_HELP))])


def what_of(entity: str, field: str, code: str | None = None) -> str:
    """'ผล I01 สถานะ': what changed, in Thai (the CLI's `tidtam audit` says it the same way)."""
    name = T.AUDIT_ENTITIES.get(entity, entity)
    label = {**T.AUDIT_FIELDS, **T.AUDIT_MORE_FIELDS, NOTE_FIELD: TR.AUDIT_NOTE_FIELD}.get(field, field)
    what = name + (f" {code}" if code else "")
    return what if label == name else f"{what} {label}"


def value_of(field: str, value: str | None) -> str:
    """A recorded value as the user reads it: 'submitted' → 'ส่งแล้ว', 'closed' → 'ปิด'."""
    if value is None:
        return "-"
    if field == "status":
        return T.STATE_LABELS.get(value, value)
    if field == "role":
        return T.ROLE_NAMES.get(value, value)
    return T.AUDIT_VALUES.get(field, {}).get(value, value)


def reask(ctx: Context, step: str, data: NoData) -> list[Reply]:
    return [Text(T.AUDIT_ASK, quick(T.W_CANCEL))]


DIALOGUE = register(
    Dialogue(
        name="audit",
        entries={T.W_AUDIT: Entry(start, Action.VIEW_AUDIT, menu=False)},
        steps={"code": on_code},
        reask=reask,
    )
)
