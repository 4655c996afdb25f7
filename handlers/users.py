"""`ผู้ใช้` (admin; central for everyone but admins): a unit's users, who blocked the bot, and one
user's account: deactivate or reactivate, change the role or the unit, a replacement invite.

Steps:
    users.unit     — a unit code, or ผู้ที่บล็อก
    users.user     — a number from the unit's list
    users.action   — what to do with that user
    users.confirm  — ยืนยัน a deactivation or a replacement invite
    users.role     — the new role
    users.move     — the new unit's code
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from handlers import texts as T
from handlers.clip import clip
from handlers.context import Context
from handlers.dialogue import Dialogue, Entry, register
from handlers.messages import NO_ROLE, Next, Reply, Text, Turn, quick
from handlers.numbers import parse_choice
from handlers.unit_names import short
from models import users as svc
from models.entities import Unit, User
from models.permissions import Action

LISTED = 30


@dataclass
class UsersData:
    unit: int | None = None
    users: list[int] = field(default_factory=list)
    user: int | None = None
    action: str | None = None


def _name(user: User) -> str:
    return clip(user.display_name or T.USERS_NO_NAME, 40)


def _state(user: User) -> str:
    return (T.USERS_INACTIVE_MARK if not user.active else "") + (
        T.USERS_BLOCKED_MARK if not user.following else ""
    )


def start(ctx: Context) -> Turn:
    return Turn([Text(T.USERS_ASK_UNIT, quick(T.USERS_BLOCKED, T.W_CANCEL))], Next("unit", UsersData()))


def on_unit(ctx: Context, text: str, data: UsersData) -> Turn:
    if text == T.USERS_BLOCKED:
        return _blocked(ctx)
    unit = ctx.session.scalar(select(Unit).where(Unit.code == text.strip()))
    if unit is None:
        return Turn([Text(T.USERS_BAD_UNIT, quick(T.USERS_BLOCKED, T.W_CANCEL))], Next("unit", data))
    people = svc.users_of(ctx.session, unit.id)
    if not people:
        return Turn([Text(T.USERS_NONE.format(unit=unit.name), quick(T.W_USERS))])
    data.unit, data.users = unit.id, [u.id for u in people[:LISTED]]
    lines = [T.USERS_LIST.format(unit=unit.name, n=len(people))]
    lines += [
        T.USERS_LINE.format(n=n, name=_name(u), role=T.ROLE_NAMES[u.role], state=_state(u))
        for n, u in enumerate(people[:LISTED], start=1)
    ]
    lines.append(T.USERS_PICK)
    numbers = [str(n) for n in range(1, min(len(data.users), 12) + 1)]
    return Turn([Text("\n".join(lines), quick(*numbers, T.W_CANCEL))], Next("user", data))


def _blocked(ctx: Context) -> Turn:
    people = svc.blocked(ctx.session)
    if not people:
        return Turn([Text(T.USERS_BLOCKED_NONE, quick(T.W_USERS))])
    lines = [T.USERS_BLOCKED_LIST.format(n=len(people))]
    lines += [
        T.USERS_BLOCKED_LINE.format(name=_name(u), unit=short(u.unit, 40), role=T.ROLE_NAMES[u.role])
        for u in people
    ]
    return Turn([Text("\n".join(lines), quick(T.W_USERS))])


def on_user(ctx: Context, text: str, data: UsersData) -> Turn:
    number = parse_choice(text)
    if number is None or not 1 <= number <= len(data.users):
        return Turn([Text(T.USERS_BAD_PICK)], Next("user", data))
    data.user = data.users[number - 1]
    return _one(ctx, data)


def _target(ctx: Context, data: UsersData) -> User:
    return ctx.session.get_one(User, data.user)


def _actions(user: User) -> tuple[str, ...]:
    toggle = T.USERS_DEACTIVATE if user.active else T.USERS_ACTIVATE
    return (toggle, T.USERS_ROLE, T.USERS_MOVE, T.USERS_INVITE, T.W_CANCEL)


def _one(ctx: Context, data: UsersData, note: str | None = None) -> Turn:
    user = _target(ctx, data)
    if not svc.may_manage(ctx.user, user):
        return Turn([Text(T.USERS_REFUSED["not-allowed"], quick(T.W_USERS))])
    text = T.USERS_ONE.format(
        name=_name(user), role=T.ROLE_NAMES[user.role], unit=user.unit.name, state=_state(user)
    )
    return Turn([Text(f"{note}\n{text}" if note else text, quick(*_actions(user)))], Next("action", data))


def on_action(ctx: Context, text: str, data: UsersData) -> Turn:
    user = _target(ctx, data)
    name = _name(user)
    if text == T.USERS_DEACTIVATE and user.active:
        data.action = "deactivate"
        return Turn(
            [Text(T.USERS_CONFIRM_DEACTIVATE.format(name=name), quick(T.W_CONFIRM, T.W_CANCEL))],
            Next("confirm", data),
        )
    if text == T.USERS_INVITE:
        data.action = "invite"
        return Turn(
            [Text(T.USERS_CONFIRM_INVITE.format(name=name), quick(T.W_CONFIRM, T.W_CANCEL))],
            Next("confirm", data),
        )
    if text == T.USERS_ACTIVATE and not user.active:
        return _set_active(ctx, user, True, T.USERS_DONE_ACTIVATE.format(name=name))
    if text == T.USERS_ROLE:
        roles = [
            T.ROLE_NAMES[r] for r in T.ROLE_NAMES if r != user.role and svc.may_manage(ctx.user, user, r)
        ]
        return Turn([Text(T.USERS_ASK_ROLE.format(name=name), quick(*roles, T.W_CANCEL))], Next("role", data))
    if text == T.USERS_MOVE:
        return Turn([Text(T.USERS_ASK_MOVE.format(name=name), quick(T.W_CANCEL))], Next("move", data))
    return Turn([Text(T.USERS_BAD_ACTION, quick(*_actions(user)))], Next("action", data))


def on_confirm(ctx: Context, text: str, data: UsersData) -> Turn:
    if text != T.W_CONFIRM:
        return _one(ctx, data)
    user = _target(ctx, data)
    name = _name(user)
    if data.action == "invite":
        was_active = user.active
        try:
            code = svc.replacement_invite(ctx.session, ctx.user, user, ctx.now)
        except svc.UserChangeRefused as refused:
            return Turn([Text(T.USERS_REFUSED[refused.reason], quick(T.W_USERS))])
        done = Turn([Text(T.USERS_DONE_INVITE.format(name=name, code=code), quick(T.W_USERS))])
        return _menu_follows(user, done) if was_active else done  # the old account was deactivated
    return _set_active(ctx, user, False, T.USERS_DONE_DEACTIVATE.format(name=name))


def _set_active(ctx: Context, user: User, active: bool, done: str) -> Turn:
    turn = _apply(ctx, lambda: svc.set_active(ctx.session, ctx.user, user, active, ctx.now), done)
    return _menu_follows(user, turn) if user.active == active else turn  # not refused


def _menu_follows(user: User, turn: Turn) -> Turn:
    """After a (de)activation: a deactivated user gets the menu of someone who may not act (its
    buttons no longer lead anywhere they could use), a reactivated one their role's again."""
    turn.rich_menus = [(user.line_user_id, user.role if user.active else NO_ROLE)]
    return turn


def on_role(ctx: Context, text: str, data: UsersData) -> Turn:
    role = next((r for r, word in T.ROLE_NAMES.items() if word == text), None)
    user = _target(ctx, data)
    if role is None:
        return Turn([Text(T.USERS_REFUSED["unknown-role"])], Next("role", data))
    turn = _apply(
        ctx,
        lambda: svc.change_role(ctx.session, ctx.user, user, role, ctx.now),
        T.USERS_DONE_ROLE.format(name=_name(user), role=text),
    )
    if user.role == role:  # changed: the user's rich menu follows the new role
        turn.rich_menus = [(user.line_user_id, role)]
    return turn


def on_move(ctx: Context, text: str, data: UsersData) -> Turn:
    unit = ctx.session.scalar(select(Unit).where(Unit.code == text.strip()))
    if unit is None:
        return Turn([Text(T.USERS_BAD_UNIT, quick(T.W_CANCEL))], Next("move", data))
    user = _target(ctx, data)
    return _apply(
        ctx,
        lambda: svc.move(ctx.session, ctx.user, user, unit, ctx.now),
        T.USERS_DONE_MOVE.format(name=_name(user), unit=unit.name),
    )


def _apply(ctx: Context, change: Callable[[], None], done: str) -> Turn:
    try:
        change()  # one models.users change, audited there
    except svc.UserChangeRefused as refused:
        return Turn([Text(T.USERS_REFUSED[refused.reason], quick(T.W_USERS))])
    return Turn([Text(done, quick(T.W_USERS, T.W_HELP))])


def reask(ctx: Context, step: str, data: UsersData) -> list[Reply]:
    if step == "unit":
        return [Text(T.USERS_ASK_UNIT, quick(T.USERS_BLOCKED, T.W_CANCEL))]
    if step in ("action", "confirm", "role", "move") and data.user is not None:
        return _one(ctx, data).replies
    return [Text(T.USERS_PICK)]


DIALOGUE = register(
    Dialogue(
        name="users",
        entries={T.W_USERS: Entry(start, Action.MANAGE_USERS)},
        steps={
            "unit": on_unit,
            "user": on_user,
            "action": on_action,
            "confirm": on_confirm,
            "role": on_role,
            "move": on_move,
        },
        data=UsersData,
        reask=reask,
    )
)
