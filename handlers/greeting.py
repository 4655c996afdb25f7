"""`สวัสดี` (and หวัดดี, hello ...: handlers/phrases.py): a short greeting and the next useful step.
An officer is told the month due, how much is sent and the days left; a division when its review
is due; central when the month closes; others their usual commands."""

from __future__ import annotations

from handlers import help as help_
from handlers import texts as T
from handlers.context import Context, deadline_line
from handlers.dialogue import Dialogue, Entry, register
from handlers.messages import Text, Turn, quick
from models import calendar as cal
from models.office_status import office_status
from models.permissions import Action

_NEXT = {"officer": T.W_REPORT, "division": T.W_REVIEW, "central": T.W_STATUS}


def start(ctx: Context) -> Turn:
    user = ctx.user
    lines = [T.GREET.format(name=f" คุณ{user.display_name}" if user.display_name else "")]
    lines.append(next_step(ctx))
    first = _NEXT.get(user.role)
    menu = [word for word in help_.buttons(user.role) if word.text != first]
    buttons = (*(quick(first) if first else ()), *menu)
    return Turn([Text("\n".join(lines), buttons)])


def next_step(ctx: Context) -> str:
    """What is due for the user, with the days left (also said after registration, #24)."""
    role = ctx.user.role
    if role == "officer":
        info = ctx.office_period()
        if info is None or info.closed:
            return T.NO_PERIOD
        status = office_status(ctx.session, ctx.user.unit_id, info)
        month = cal.thai_month(info.month)
        if status.complete:
            return T.GREET_OFFICER_DONE.format(month=month, done=status.done, total=status.total)
        deadline = deadline_line(info, ctx.today)
        return T.GREET_OFFICER.format(month=month, done=status.done, total=status.total, deadline=deadline)
    due = ctx.due_period()
    if role in ("division", "central") and due is not None:
        deadline = deadline_line(due, ctx.today, "division" if role == "division" else "central")
        text = T.GREET_DIVISION if role == "division" else T.GREET_CENTRAL
        return text.format(month=cal.thai_month(due.month), deadline=deadline)
    return T.GREET_OTHER


def thanks(ctx: Context) -> Turn:
    """`ขอบคุณ`, `โอเค`, `ok`: a short polite reply and nothing else."""
    return Turn([Text(T.THANKS)])


DIALOGUE = register(
    Dialogue(
        name="greeting",
        entries={
            T.W_GREETING: Entry(start, Action.GET_HELP, menu=False, listed=False),
            T.W_THANKS: Entry(thanks, Action.GET_HELP, menu=False, listed=False),
        },
    )
)
