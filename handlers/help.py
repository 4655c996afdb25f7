"""`ช่วยเหลือ` and the answer to anything unknown: what this user can do, by role.

The buttons are the role's menu (models.permissions.MENU through the registry's menu words); the
lines are every command the role may use, from the same declarations as the dialogues
(``Entry.listed``), so the help cannot fall behind them. Text that is not understood gets the
closest commands as buttons (handlers/phrases.py), not the whole help."""

from __future__ import annotations

from handlers import texts as T
from handlers import texts_reports as TR
from handlers.context import Context
from handlers.dialogue import REGISTRY, Dialogue, Entry, register
from handlers.messages import QuickReply, Text, Turn, quick
from handlers.phrases import Table
from models import registration as reg
from models.permissions import Action
from reports import kinds


def buttons(role: str) -> tuple[QuickReply, ...]:
    return quick(*REGISTRY.menu(role), T.W_HELP)


def lines_of(role: str) -> list[str]:
    """The help line of every command the role may use (menu first)."""
    known = {**T.HELP_LINES, **T.HELP_MORE_LINES, T.W_REPORT_FOR: T.HELP_REPORT_FOR}
    if T.W_REQUEST_REPORT in known:  # with the report kinds the role may ask for (reports/kinds.py)
        names = ", ".join(k.name for k in kinds.chat_kinds(role))
        known[T.W_REQUEST_REPORT] = TR.HELP_REPORT_KINDS.format(line=known[T.W_REQUEST_REPORT], kinds=names)
    return [known[word] for word in REGISTRY.listed(role) if word in known]


def show(ctx: Context) -> Turn:
    role = ctx.user.role
    lines = [T.HELP_HEADER.format(role=T.ROLE_NAMES[role], unit=ctx.user.unit.name)]
    lines += lines_of(role)
    if role == "officer":
        lines.append(T.HELP_OFFICER_TIPS)
    lines.append(T.HELP_CALL.format(contact=reg.invite_contact() or T.HELP_CALL_DEFAULT))
    return Turn([Text("\n".join(lines), buttons(role))])


_TABLE: list[Table] = []


def table() -> Table:
    """The phrase table over every declared entry word (built once, after all are declared)."""
    if not _TABLE:
        _TABLE.append(Table(REGISTRY.words(), REGISTRY.given_words()))
    return _TABLE[0]


def not_understood(ctx: Context, text: str) -> Turn:
    """ไม่เข้าใจ, with the two or three commands closest to ``text`` that the user may use."""
    closest = table().closest(text, REGISTRY.listed(ctx.user.role))
    words = T.UNKNOWN_OR.join(closest)
    return Turn([Text(f"{T.UNKNOWN}\n{T.UNKNOWN_CLOSEST.format(words=words)}", quick(*closest, T.W_HELP))])


DIALOGUE = register(
    Dialogue(
        name="help",
        entries={T.W_HELP: Entry(show, Action.GET_HELP, menu=False, listed=False)},
    )
)
