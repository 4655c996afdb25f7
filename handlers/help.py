"""`ช่วยเหลือ` and the answer to anything unknown: what this user can do, by role."""

from __future__ import annotations

from handlers import texts as T
from handlers.commands import Command
from handlers.context import Context
from handlers.messages import QuickReply, Text, Turn, quick

ROLE_COMMANDS = {
    "officer": [T.W_REPORT, T.W_STATUS, T.W_CORRECT, T.W_REQUEST_REPORT, T.W_PAUSE],
    "division": [T.W_REVIEW, T.W_SUMMARY, T.W_STATUS, T.W_REQUEST_REPORT, T.W_PAUSE],
    "central": [T.W_CLOSE, T.W_REVIEW, T.W_STATUS, T.W_REQUEST_REPORT, T.W_REOPEN, T.W_PAUSE],
    "admin": [T.W_STATUS, T.W_REQUEST_REPORT, T.W_PAUSE],
}


def buttons(role: str) -> tuple[QuickReply, ...]:
    return quick(*ROLE_COMMANDS.get(role, []), T.W_HELP)


def show(ctx: Context) -> Turn:
    role = ctx.user.role
    lines = [T.HELP_HEADER.format(role=T.ROLE_NAMES[role], unit=ctx.user.unit.name)]
    lines += [T.HELP_LINES[word] for word in ROLE_COMMANDS.get(role, []) if word in T.HELP_LINES]
    return Turn([Text("\n".join(lines), buttons(role))])


COMMANDS = {T.W_HELP: Command(show)}
