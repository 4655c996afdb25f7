"""Where every inbound message goes. A table, not an if/elif chain.

    unregistered user      → registration (invite code)
    command word           → that command's entry (checked against the user's role)
    inside a dialogue      → the current step
    fallbacks              → ยกเลิก ends a dialogue, ช่วยเหลือ shows help, anything else shows help
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from handlers import help as help_
from handlers import pause, registration, report, report_files, review, status
from handlers import texts as T
from handlers.commands import Command
from handlers.context import Context
from handlers.messages import Conversation, Inbound, Text, Turn
from models.entities import User

DIALOGUE_WORDS = frozenset({T.W_CONFIRM, T.W_SKIP, T.W_BACK, T.W_YES})


# Each dialogue module declares COMMANDS (word -> Command), STEPS ((flow, step) -> function)
# and REASK (flow -> function repeating the current question). The router only looks them up.
DIALOGUES = [report, review, status, pause, report_files, help_]

COMMANDS: dict[str, Command] = {}
STEPS: dict = {}
REASK: dict = {}
for _module in DIALOGUES:
    COMMANDS.update(getattr(_module, "COMMANDS", {}))
    STEPS.update(getattr(_module, "STEPS", {}))
    REASK.update(getattr(_module, "REASK", {}))


def available_commands(role: str) -> list[str]:
    return [word for word, command in COMMANDS.items() if role in command.roles and word != T.W_HELP]


def normalize_text(text: str | None) -> str:
    return " ".join((text or "").split())


def handle(session: Session, inbound: Inbound, user: User | None, conv: Conversation | None, now: datetime) -> Turn:
    """Answer one inbound event. Returns the replies and the conversation to keep."""
    if inbound.source != "user":
        return _group(inbound, conv)
    if inbound.kind in ("other", "leave", "join"):
        return Turn([], conv)  # beacons, unsend, video-complete, newer event types: nothing to say
    if inbound.kind == "unfollow":
        if user is not None:
            user.following = False
        return Turn([], conv)
    if user is None:
        return registration.handle(session, inbound, now)
    if inbound.kind == "follow":
        user.following = True
        name = f" คุณ{user.display_name}" if user.display_name else ""
        return Turn([Text(T.WELCOME_BACK.format(name=name))] + help_.show(Context(session, user, now)).replies, conv)
    if not user.active:
        return Turn([Text(T.INACTIVE_USER)])
    ctx = Context(session, user, now)
    if inbound.kind in ("sticker", "media"):
        note = T.STICKER if inbound.kind == "sticker" else T.MEDIA_NOT_SUPPORTED
        return _with_reask(ctx, conv, [Text(note)])
    if inbound.kind == "postback":
        text = normalize_text(inbound.data)
    elif inbound.kind == "text":
        text = normalize_text(inbound.text)
    else:
        return Turn([], conv)
    return _on_text(ctx, text, conv)


def _on_text(ctx: Context, text: str, conv: Conversation | None) -> Turn:
    if text == T.W_CANCEL:
        if conv is None:
            return Turn([Text(T.NOTHING_TO_CANCEL)] + help_.show(ctx).replies)
        message = T.CANCELLED if conv.flow == "report" else T.CANCELLED_PLAIN
        return Turn([Text(message, help_.buttons(ctx.user.role))])
    if text == T.W_HELP and conv is not None:
        return _with_reask(ctx, conv, [Text(T.HELP_IN_FLOW)])
    command = COMMANDS.get(text)
    if command is not None:
        if ctx.user.role not in command.roles:
            return Turn([Text(T.NOT_ALLOWED.format(who=command.who))] + help_.show(ctx).replies, conv)
        return command.start(ctx)
    step = STEPS.get((conv.flow, conv.step)) if conv else None
    if step is not None:
        return step(ctx, text, conv)
    if text in DIALOGUE_WORDS:
        return Turn([Text(T.NOTHING_PENDING)] + help_.show(ctx).replies)
    return Turn([Text(T.UNKNOWN)] + help_.show(ctx).replies)


def _with_reask(ctx: Context, conv: Conversation | None, replies: list) -> Turn:
    if conv is not None and conv.flow in REASK:
        return Turn(replies + REASK[conv.flow](ctx, conv), conv)
    return Turn(replies + help_.show(ctx).replies, conv)


def _group(inbound: Inbound, conv: Conversation | None) -> Turn:
    """The bot is for 1:1 chats: explain once when invited, answer command words, ignore chatter.
    The sender's own 1:1 dialogue (``conv``) is kept as it is: group traffic never ends it."""
    if inbound.kind == "join":
        return Turn([Text(T.GROUP_NOT_SUPPORTED)], conv)
    if inbound.kind == "text" and normalize_text(inbound.text) in COMMANDS:
        return Turn([Text(T.GROUP_NOT_SUPPORTED)], conv)
    return Turn([], conv)
