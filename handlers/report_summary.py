"""The summary an officer reads before `ยืนยัน` (issue #24, item 3): one short line per item, so
that ten items fit one phone screen; and, once something was sent, only what changes with this
sending (old → new), the rest counted in one line.

A line is ``n. label: value`` (a change: ``n. label`` and, under it, ``old → new``) of at most ``LINE_CHARS`` characters (Thai vowel and tone marks
count, though they take no width: about one line and a third on a phone): the name is clipped
between words (handlers/clip.py) to the room the value leaves. A project's solution shares the
line of its problems.
"""

from __future__ import annotations

from decimal import Decimal

from handlers import texts as T
from handlers import texts_officer as TO
from handlers.answers import shown_value
from handlers.clip import clip
from handlers.context import Context
from handlers.items import KINDS, Item, item_number
from handlers.numbers import format_number
from models import calendar as cal
from models import reporting as svc
from models.entities import DONE_STATUSES, EntryStatus
from models.parsing import NO_PROBLEMS
from models.periods import PeriodInfo
from models.plan_cache import PLAN

LINE_CHARS = 46  # one item's line, its number included
MIN_LABEL = 12  # a name keeps at least this much, whatever the value's length
TEXT_CHARS = 20  # a problem (or a solution) on the line
BOTH_CHARS = 11  # ... each, when the solution shares the line

_ENTITY = {"ind": "result", "disb": "disbursement", "prob": "problem"}


def _label(ctx: Context, info: PeriodInfo, kind: str, item_id: int) -> str:
    year = PLAN.year(ctx.session, info.fiscal_year)
    if kind == "ind":
        return year.indicators[item_id].name
    template = TO.SUMMARY_DISB if kind == "disb" else TO.SUMMARY_PROB
    return template.format(project=year.projects[item_id])


def _fit(n: int, label: str, value: str, template: str = TO.SUMMARY_ITEM, **more: str) -> str:
    """The line, its name clipped to the room the value leaves."""
    room = LINE_CHARS - len(template.format(n=n, label="", value=value, **more))
    return template.format(n=n, label=clip(label, max(room, MIN_LABEL)), value=value, **more)


def _texts(problems: str | None, solutions: str | None) -> str | None:
    """A project's problems and, unless there are none, its solution, short enough for one line."""
    if not problems:
        return None
    if problems == NO_PROBLEMS or not solutions:
        return clip(problems, TEXT_CHARS)
    return TO.SUMMARY_PROB_VALUE.format(
        problems=clip(problems, BOTH_CHARS), solutions=clip(solutions, BOTH_CHARS)
    )


def _value(ctx: Context, info: PeriodInfo, kind: str, item_id: int) -> str | None:
    entry = KINDS[kind].entry(ctx, info, item_id)
    if kind == "prob":
        return None if entry is None else _texts(entry.problems, entry.solutions)
    return KINDS[kind].value_text(ctx, info, item_id)


def _sent_value(ctx: Context, info: PeriodInfo, kind: str, item_id: int, sent: dict[str, str | None]) -> str:
    """A value as it was sent (the audit's text), shown as the value is now."""

    def number(field: str) -> Decimal | None:
        text = sent.get(field)
        return None if text is None else Decimal(text)

    if kind == "prob":
        return _texts(sent.get("problems"), sent.get("solutions")) or "-"
    if kind == "disb":
        return f"{format_number(number('amount'))} บาท"
    value = number("value")
    if value is None:
        return "-"
    unit = PLAN.year(ctx.session, info.fiscal_year).indicators[item_id].unit_label
    return shown_value(value, unit, number("numerator"), number("denominator"))


def _lines(ctx: Context, info: PeriodInfo, items: list[Item]) -> list[tuple[Item, int, str, str]]:
    """(item, number, label, value) of each item shown, in plan order; solutions ride with problems."""
    shown = sorted(
        (item for item in items if item[0] != "sol"), key=lambda item: item_number(ctx, info, item)
    )
    return [
        (
            item,
            item_number(ctx, info, item),
            _label(ctx, info, item[0], item[1]),
            _value(ctx, info, item[0], item[1]) or TO.SUMMARY_NOT_ANSWERED,
        )
        for item in shown
    ]


def was_sent(ctx: Context, info: PeriodInfo, items: list[Item]) -> bool:
    """True when the office sent something of this month already: a summary then shows changes."""
    for kind, item_id in items:
        entry = KINDS[kind].entry(ctx, info, item_id)
        if entry is not None and entry.submitted_at is not None:
            return True
    return False


def summary_text(ctx: Context, info: PeriodInfo, items: list[Item], done: int, total: int) -> str:
    """Every item, one short line each."""
    head = T.SUMMARY_HEADER.format(period=cal.thai_month(info.month), done=done, total=total)
    return "\n".join([head, *(_fit(n, label, value) for _, n, label, value in _lines(ctx, info, items))])


def changes_text(ctx: Context, info: PeriodInfo, items: list[Item]) -> str:
    """What this sending changes: old → new of the values sent before, new and still missing items;
    the items already sent and unchanged are counted in one line."""
    sent = svc.sent_values(ctx.session, ctx.unit_id, info.period.id)
    lines, changed, unchanged = [], 0, 0
    for (kind, item_id), n, label, value in _lines(ctx, info, items):
        entry = KINDS[kind].entry(ctx, info, item_id)
        changed += entry is None or entry.status not in DONE_STATUSES
        if entry is None:
            lines.append(_fit(n, label, value))
        elif entry.status in DONE_STATUSES:
            unchanged += 1
        elif entry.status == EntryStatus.RETURNED.value:
            lines.append(_fit(n, label, value, TO.RESUBMIT_STILL_RETURNED))
        elif (old := sent.get((_ENTITY[kind], entry.id))) is not None:
            head = TO.RESUBMIT_ITEM.format(n=n, label="")
            lines.append(head + clip(label, LINE_CHARS - len(head)))
            lines.append(TO.RESUBMIT_CHANGE.format(old=_sent_value(ctx, info, kind, item_id, old), new=value))
        else:
            lines.append(_fit(n, label, value, TO.RESUBMIT_NEW))
    head = TO.RESUBMIT_HEAD.format(period=cal.thai_month(info.month), n=changed)
    tail = [TO.RESUBMIT_UNCHANGED.format(n=unchanged)] if unchanged else []
    return "\n".join([head, *lines, *tail])
