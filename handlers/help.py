"""`ช่วยเหลือ` and the answer to anything unknown: what this user can do, by role.

The menu of each role comes from models.permissions.MENU (through the registry's menu words)."""

from __future__ import annotations

from handlers import texts as T
from handlers.context import Context
from handlers.dialogue import REGISTRY, Dialogue, Entry, register
from handlers.messages import QuickReply, Text, Turn, quick
from models.permissions import Action


def buttons(role: str) -> tuple[QuickReply, ...]:
    return quick(*REGISTRY.menu(role), T.W_HELP)


def show(ctx: Context) -> Turn:
    role = ctx.user.role
    lines = [T.HELP_HEADER.format(role=T.ROLE_NAMES[role], unit=ctx.user.unit.name)]
    lines += [T.HELP_LINES[word] for word in REGISTRY.menu(role) if word in T.HELP_LINES]
    lines += T.HELP_22.get(role, [])  # #22: a division's own work, รายงานแทน
    return Turn([Text("\n".join(lines), buttons(role))])


DIALOGUE = register(
    Dialogue(
        name="help",
        entries={T.W_HELP: Entry(show, Action.GET_HELP, menu=False)},
    )
)
