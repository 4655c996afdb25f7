"""What the reviewer reads about a resubmission in `ตรวจ` (issue #24): which items came back after
a return and what they were (old → new), which were left as they were, and the officer's note
(once under the office's name when every item came back with the same note, else under each item). The data comes from the
audit trail (models/review/changes.py); handlers/review.py puts these lines in the office's list."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from handlers import texts_review as TR
from handlers.answers import shown_value
from handlers.context import Context
from models import calendar as cal
from models import review as rsvc
from models.clock import to_bangkok
from models.entities import Result
from models.periods import PeriodInfo


@dataclass
class Marks:
    head: list[str] = field(default_factory=list)  # under the office's name
    under: dict[int, list[str]] = field(default_factory=dict)  # result id → lines under its item
    states: dict[int, str] = field(default_factory=dict)  # result id → its state instead of ส่งแล้ว
    unchanged: set[int] = field(default_factory=set)  # results neither returned nor changed since

    def state(self, result: Result, label: str) -> str:
        if result.id in self.unchanged:
            return TR.STATE_UNCHANGED.format(state=label)
        return self.states.get(result.id, label)


def _numbers(numbers: list[int]) -> str:
    return ", ".join(map(str, sorted(numbers)))


def _value(result: Result, unit: str, old: dict[str, Decimal | None] | None = None) -> str:
    """The result's value as shown in chat; with ``old``, as it was before those fields changed."""
    fields = {name: getattr(result, name) for name in ("value", "numerator", "denominator")}
    fields.update(old or {})
    if fields["value"] is None:
        return "-"
    return shown_value(fields["value"], unit, fields["numerator"], fields["denominator"])


def marks(ctx: Context, office_id: int, info: PeriodInfo, lines: list[tuple[int, Result, str]]) -> Marks:
    """``lines``: (the item's number as the office sees it, its result, its unit label)."""
    since = rsvc.since_return(ctx.session, office_id, info, [result for _, result, _ in lines])
    found = Marks()
    if since is None:
        return found
    back, unchanged = [], []
    notes: dict[int, str] = {}  # result id → the officer's note sending it back
    for n, result, unit in lines:
        item = since.items.get(result.id)
        if item is None:
            continue
        new = _value(result, unit)
        if item.returned:
            back.append(n)
            found.states[result.id] = TR.STATE_RESUBMITTED
            text = (
                TR.ITEM_FIXED.format(old=_value(result, unit, item.old), new=new)
                if item.changed
                else TR.ITEM_SAME.format(value=new)
            )
            found.under[result.id] = [text]
            if item.note:
                notes[result.id] = item.note
        elif item.changed:
            found.under[result.id] = [
                TR.ITEM_CHANGED_AFTER.format(old=_value(result, unit, item.old), new=new)
            ]
        else:
            unchanged.append(n)
            found.unchanged.add(result.id)
    when = cal.thai_date_short(to_bangkok(since.returned_at).date())
    numbers = TR.SINCE_RETURN_NUMBERS.format(numbers=_numbers(back)) if back else ""
    found.head.append(TR.SINCE_RETURN_HEAD.format(when=when, back=len(back), numbers=numbers))
    if len(set(notes.values())) == 1 and len(notes) == len(back):  # one note for all that came back
        found.head.append(TR.NOTE_FROM_OFFICE.format(note=next(iter(notes.values()))))
    else:
        for result_id, note in notes.items():
            found.under[result_id].append(TR.NOTE_FROM_OFFICE.format(note=note))
    if unchanged:
        found.head.append(TR.SINCE_RETURN_UNCHANGED.format(numbers=_numbers(unchanged)))
    return found
