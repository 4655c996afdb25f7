"""Plain objects that go in and out of dialogues. No LINE SDK here: the adapter converts them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class QuickReply:
    """A quick-reply button that sends ``text`` as if the user typed it."""

    label: str
    text: str


@dataclass(frozen=True)
class Text:
    text: str
    quick_replies: tuple[QuickReply, ...] = ()


@dataclass(frozen=True)
class Flex:
    alt_text: str
    contents: dict[str, Any]
    quick_replies: tuple[QuickReply, ...] = ()


@dataclass(frozen=True)
class Image:
    url: str
    preview_url: str
    quick_replies: tuple[QuickReply, ...] = ()


Reply = Text | Flex | Image


def quick(*words: str) -> tuple[QuickReply, ...]:
    """Quick replies whose label is the word itself."""
    return tuple(QuickReply(label=w, text=w) for w in words)


@dataclass(frozen=True)
class Inbound:
    """One webhook event, reduced to what the dialogues need."""

    kind: str  # text | postback | sticker | image | media | follow | unfollow | join | leave | other
    user_id: str | None
    source: str = "user"  # user | group | room
    text: str | None = None
    data: str | None = None
    reply_token: str | None = None
    event_id: str | None = None
    timestamp: datetime | None = None
    redelivery: bool = False
    mode: str = "active"
    display_name: str | None = None
    message_id: str | None = None  # an image: LINE's message id (its content is on the data API)


@dataclass
class Conversation:
    """The saved position of a user inside a dialogue: its name, the step, and the dialogue's own
    data (the dataclass the dialogue declares; handlers/dialogue.py)."""

    flow: str
    step: str
    data: Any = None


@dataclass(frozen=True)
class Next:
    """What a step returns to go on: the step that takes the next answer, and the data it needs.
    The dialogue that ran the step turns it into the Conversation to save."""

    step: str
    data: Any = None


@dataclass(frozen=True)
class Push:
    """A message to someone else (e.g. the officer whose values were returned), sent after commit
    with a stable retry key so LINE never delivers it twice."""

    line_user_id: str
    replies: tuple[Reply, ...]
    retry_key: str


@dataclass(frozen=True)
class ReportWork:
    """A report too big for the reply window, as a worker builds it (handlers/report_request.py)."""

    user_id: int
    kind: str
    month: str  # ISO date of the month's first day
    quarter: list[int] | None = None  # [BE year, quarter]
    office_id: int | None = None
    owner_unit_id: int | None = None
    area_unit_id: int | None = None


@dataclass(frozen=True)
class PhotoWork:
    """A photo an officer sent, fetched by a worker from LINE's data API (handlers/photos.py)."""

    user_id: int
    message_id: str


@dataclass(frozen=True)
class Later:
    """Work too slow for LINE's reply window, done by a worker (scheduler/job_kinds.py makes it a
    job); its result is pushed to ``line_user_id`` with ``retry_key``. ``lock``: identical requests
    still waiting are done once."""

    work: ReportWork | PhotoWork
    line_user_id: str
    retry_key: str
    lock: str | None = None


NO_ROLE = "unregistered"  # the rich menu of a user who may not act: not registered, or deactivated


@dataclass
class Turn:
    """What a dialogue answers: the replies, the conversation to save (None ends it), and pushes."""

    replies: list[Reply]
    conversation: Conversation | Next | None = None
    pushes: list[Push] = field(default_factory=list)
    # The replies confirm something saved (a submission, a correction, a closing): when the
    # reply cannot be delivered, push them instead so the user is not left wondering.
    must_arrive: bool = False
    later: Later | None = None
    # (LINE user id, role) whose rich menu must follow a registration, a role change or a
    # (de)activation: the webhook defers a queue task that links them once the turn commits
    # (bot/rich_menus.py). NO_ROLE: the menu of someone who may not act.
    rich_menus: list[tuple[str, str]] = field(default_factory=list)
