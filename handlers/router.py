"""Where every inbound message goes. A table, not an if/elif chain.

unregistered user      → registration (invite code)
command word or phrase → that command's entry (checked against the user's role); the phrases,
                         polite forms and a report request in one go ("ตป.๑ ธ.ค. 69") are read
                         by handlers/phrases.py
inside a dialogue      → the current step
fallbacks              → ยกเลิก ends a dialogue, ช่วยเหลือ shows help, anything else gets the
                         closest commands as buttons
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from handlers import help as help_
from handlers import photos, registration
from handlers import texts as T
from handlers.context import Context, Services
from handlers.dialogue import REGISTRY, discover
from handlers.messages import Conversation, Inbound, Reply, Text, Turn
from models import calendar as cal
from models.conversations import Stored
from models.entities import User
from models.permissions import role_may, roles_for

RICH_MENU_SWITCH = "richmenu:"  # the postback data of a rich menu page switch (bot/rich_menus.py)
DIALOGUE_WORDS = frozenset({T.W_CONFIRM, T.W_SKIP, T.W_BACK, T.W_YES})

# Every dialogue declares itself once in its own file (handlers/dialogue.py); importing the
# handlers package's modules registers them all. The router only looks them up.
discover()
COMMANDS = REGISTRY.words()
STEPS = REGISTRY.steps()
help_.table()  # the phrase table over every declared word (handlers/phrases.py)


def normalize_text(text: str | None) -> str:
    return " ".join((text or "").split())


def expects_slow(inbound: Inbound, stored: Stored | None) -> bool:
    """Whether this event's answer may take more than about a second (a report file, a large
    status), as the dialogues declare it: the webhook then starts LINE's loading animation first."""
    if inbound.source != "user" or inbound.kind not in ("text", "postback"):
        return False
    text = normalize_text(inbound.text if inbound.kind == "text" else inbound.data)
    meaning = help_.table().understand(text, inside=stored is not None and stored.flow is not None)
    if meaning is not None and not meaning.plain:
        return True  # a request in one go ("ตป.๑ ธ.ค. 69") makes its file at once
    if meaning is not None:
        text = meaning.word
    return REGISTRY.expects_slow(text, stored.flow if stored else None, stored.step if stored else None)


def handle(
    session: Session,
    inbound: Inbound,
    user: User | None,
    stored: Stored | None,
    now: datetime,
    services: Services,
) -> Turn:
    """Answer one inbound event. Returns the replies and the conversation to keep."""
    conv = REGISTRY.restore(stored.flow, stored.step, stored.data) if stored is not None else None
    if inbound.source != "user":
        return _group(inbound, conv)
    if inbound.kind == "postback" and (inbound.data or "").startswith(RICH_MENU_SWITCH):
        return Turn([], conv)  # LINE switched the rich menu page itself: nothing to answer
    if inbound.kind in ("other", "leave", "join"):
        return Turn([], conv)  # beacons, unsend, video-complete, newer event types: nothing to say
    if inbound.kind == "unfollow":
        if user is not None:
            user.following = False
        return Turn([], conv)
    if user is None:
        return registration.handle(session, inbound, now, services)
    if inbound.kind == "follow":
        user.following = True
        return Turn([welcome(Context(session, user, now, services))], conv)
    if not user.active:
        return Turn([Text(T.INACTIVE_USER)])
    ctx = Context(session, user, now, services)
    if inbound.kind == "image":
        replies, fetch = photos.receive(ctx, inbound, conv)  # fetched later, by a queue task
        turn = _with_reask(ctx, conv, replies) if conv is not None else Turn(replies, conv)
        turn.later = fetch
        return turn
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
    meaning = help_.table().understand(text, inside=conv is not None)
    if meaning is not None and meaning.plain and meaning.word not in REGISTRY.words():
        text = meaning.word  # a dialogue word typed politely: "ยืนยันค่ะ", "cancel"
    if text == T.W_CANCEL:
        if conv is None:
            return Turn([Text(T.NOTHING_TO_CANCEL)] + help_.show(ctx).replies)
        dialogue = REGISTRY.dialogue(conv.flow)
        message = dialogue.cancelled if dialogue is not None else T.CANCELLED_PLAIN
        return Turn([Text(message, help_.buttons(ctx.user.role))])
    word = meaning.word if meaning is not None else None
    if word == T.W_HELP and conv is not None:
        return _with_reask(ctx, conv, [Text(T.HELP_IN_FLOW)])
    if word == T.W_GREETING and conv is not None:
        return _with_reask(ctx, conv, [Text(T.GREET.format(name=""))])  # hello, and the question again
    found = REGISTRY.entry(word) if word is not None else None
    if found is not None and meaning is not None:
        dialogue, entry = found
        if role_may(ctx.user.role, entry.action):
            return dialogue.begin(ctx, meaning.word, meaning.arg, meaning.rest)
        if conv is None or text == meaning.word:  # inside a dialogue, another role's phrase is an answer
            who = T.WHO_MAY.get(roles_for(entry.action), "")
            return Turn([Text(T.NOT_ALLOWED.format(who=who))] + help_.show(ctx).replies, conv)
    if conv is not None:
        dialogue = REGISTRY.dialogue(conv.flow)
        if dialogue is not None and conv.step in dialogue.steps:
            return dialogue.run(ctx, conv.step, text, conv.data)
    if text in DIALOGUE_WORDS:
        return Turn([Text(T.NOTHING_PENDING)] + help_.show(ctx).replies)
    return help_.not_understood(ctx, text)


def welcome(ctx: Context) -> Text:
    """First contact of a registered user (a follow, or the emulator opening the chat): who they
    are and what to do next, with the role's command words as buttons."""
    user = ctx.user
    name = f" คุณ{user.display_name}" if user.display_name else ""
    info = ctx.office_period() if user.role == "officer" else None
    if info is not None:
        step = T.NEXT_OFFICER.format(month=cal.thai_month(info.month))
    elif user.role in ("division", "central"):
        step = T.NEXT_REVIEWER
    else:
        step = T.NEXT_OTHER
    text = T.WELCOME_REGISTERED.format(
        name=name, role=T.ROLE_NAMES[user.role], unit=user.unit.name, next=step
    )
    return Text(text, help_.buttons(user.role))


def _with_reask(ctx: Context, conv: Conversation | None, replies: list[Reply]) -> Turn:
    dialogue = REGISTRY.dialogue(conv.flow) if conv is not None else None
    again = dialogue.repeat(ctx, conv) if dialogue is not None and conv is not None else None
    if again is not None:
        return Turn(replies + again, conv)
    return Turn(replies + help_.show(ctx).replies, conv)


def _group(inbound: Inbound, conv: Conversation | None) -> Turn:
    """The bot is for 1:1 chats: explain once when invited, answer command words, ignore chatter.
    The sender's own 1:1 dialogue (``conv``) is kept as it is: group traffic never ends it."""
    if inbound.kind == "join":
        return Turn([Text(T.GROUP_NOT_SUPPORTED)], conv)
    if inbound.kind == "text" and normalize_text(inbound.text) in COMMANDS:
        return Turn([Text(T.GROUP_NOT_SUPPORTED)], conv)
    return Turn([], conv)
