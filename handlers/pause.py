"""`พักแจ้งเตือน` pauses reminders until a day the user picks; `เปิดแจ้งเตือน` resumes them."""

from __future__ import annotations

from datetime import date, timedelta

from handlers import texts as T
from handlers.context import Context
from handlers.dialogue import Dialogue, Entry, NoData, register
from handlers.messages import Next, QuickReply, Reply, Text, Turn, quick
from models import calendar as cal
from models import parsing
from models.permissions import Action

FLOW = "pause"
MAX_DAYS = 366


def parse_until(text: str, today: date) -> date | None:
    """A quick-reply choice, `31/12/2569` (BE or CE year) or `2026-12-31`; None when unreadable."""
    text = parsing.normalize_digits(text.strip())
    if text in T.PAUSE_CHOICES:
        return today + timedelta(days=T.PAUSE_CHOICES[text])
    try:
        return parsing.parse_day(text)
    except ValueError:
        return None


def _choices() -> tuple[QuickReply, ...]:
    return quick(*T.PAUSE_CHOICES, T.W_CANCEL)


def start(ctx: Context) -> Turn:
    return Turn([Text(T.PAUSE_ASK, _choices())], Next("until", NoData()))


def on_until(ctx: Context, text: str, data: NoData) -> Turn:
    until = parse_until(text, ctx.today)
    if until is None:
        return Turn([Text(T.PAUSE_BAD_DATE, _choices())], Next("until", data))
    if not ctx.today <= until <= ctx.today + timedelta(days=MAX_DAYS):
        return Turn([Text(T.PAUSE_PAST, _choices())], Next("until", data))
    ctx.user.reminders_paused_until = until
    return Turn([Text(T.PAUSED.format(until=cal.thai_date(until)), quick(T.W_RESUME, T.W_HELP))])


def resume(ctx: Context) -> Turn:
    paused = ctx.user.reminders_paused_until
    ctx.user.reminders_paused_until = None
    message = T.RESUMED if paused is not None and paused >= ctx.today else T.NOT_PAUSED
    return Turn([Text(message, quick(T.W_HELP))])


def reask(ctx: Context, step: str, data: NoData) -> list[Reply]:
    return [Text(T.PAUSE_ASK, _choices())]


DIALOGUE = register(
    Dialogue(
        name=FLOW,
        entries={
            T.W_PAUSE: Entry(start, Action.PAUSE_REMINDERS),
            T.W_RESUME: Entry(resume, Action.PAUSE_REMINDERS, menu=False),
        },
        steps={"until": on_until},
        reask=reask,
    )
)
