"""The correction dialogue (`แก้ไข`): change a value already entered, in any open period.

Steps:
    correct.choose   — which item to correct
    correct.item     — the new value (the same question and answer as in the report)
    correct.resubmit — after correcting a returned item: `ยืนยัน` sends it to the division again;
                       `เพิ่มหมายเหตุ` asks for a note to the division first
    correct.note     — the note (handlers/submission.py reads it), then the question again
"""

from __future__ import annotations

from handlers import texts as T
from handlers import texts_officer as TO
from handlers.answers import Outcome
from handlers.clip import clip
from handlers.context import Context, month_buttons, refusal
from handlers.dialogue import Dialogue, Entry, register
from handlers.items import KINDS, Item, item_number, office_items
from handlers.messages import Next, QuickReply, Reply, Text, Turn, quick
from handlers.notices import approved_value_changed
from handlers.numbers import parse_choice
from handlers.submission import (
    SUMMARY_LABEL_CHARS,
    SubmissionData,
    answer_item,
    ask,
    confirmation,
    note_question,
    note_word,
    position_of,
    submit,
    take_note,
)
from models import calendar as cal
from models.entities import Result
from models.periods import PeriodInfo
from models.permissions import Action


def _resubmit_buttons(data: SubmissionData) -> tuple[QuickReply, ...]:
    return quick(T.W_CONFIRM, note_word(data), T.W_STATUS, T.W_CANCEL)


def _resubmit_ask(data: SubmissionData) -> Text:
    """ยืนยัน sends the corrected returned items, with the officer's note when there is one."""
    note = "\n" + TO.NOTE_LINE.format(note=data.note) if data.note else ""
    return Text(T.CORRECTED_RESUBMIT_ASK + note, _resubmit_buttons(data))


def _correctable(ctx: Context, info: PeriodInfo) -> list[Item]:
    return [item for item in office_items(ctx, info) if KINDS[item[0]].value_text(ctx, info, item[1])]


def _correction_period(ctx: Context) -> PeriodInfo | None:
    """The oldest open period with something to correct, else the officer's period."""
    for info in ctx.open_periods():
        if _correctable(ctx, info):
            return info
    return ctx.office_period()


def start(ctx: Context, info: PeriodInfo | None = None) -> Turn:
    info = info or _correction_period(ctx)
    if (answer := refusal(info)) is not None:
        return answer
    assert info is not None  # refusal() said there is an open period
    items = office_items(ctx, info)
    listed = _correctable(ctx, info)
    if not listed:
        return Turn([Text(T.CORRECT_NOTHING, quick(T.W_REPORT))])
    lines = []
    for kind, item_id in listed:
        label = clip(KINDS[kind].label(ctx, info, item_id), SUMMARY_LABEL_CHARS)
        value = KINDS[kind].value_text(ctx, info, item_id)
        if kind == "sol":
            lines.append(f"   {label}: {value}")
        else:
            lines.append(
                T.SUMMARY_LINE.format(n=item_number(ctx, info, [kind, item_id]), label=label, value=value)
            )
    choices = list(dict.fromkeys(item_number(ctx, info, item) for item in listed))
    data = SubmissionData(period=info.month.isoformat(), items=items, choices=choices)
    months = month_buttons(ctx.open_periods(), but=info)[:3]
    header = T.CORRECT_LIST.format(period=cal.thai_month(info.month))
    if months:
        lines.append(T.OTHER_MONTHS)
    buttons = [str(n) for n in choices[: 12 - len(months)]]
    return Turn(
        [Text(header + "\n\n" + "\n".join(lines), quick(*buttons, *months, T.W_CANCEL))], Next("choose", data)
    )


def _bad_choice(choices: list[int]) -> Text:
    return Text(T.CORRECT_BAD_NUMBER.format(numbers=", ".join(map(str, choices))), quick(T.W_CANCEL))


def on_choose(ctx: Context, text: str, data: SubmissionData) -> Turn:
    info = ctx.stored_period(data.period)
    if (other := ctx.chosen_period(text, ctx.open_periods())) is not None:
        return start(ctx, other)
    if data.choices is None:  # a list numbered before items kept their plan numbers
        return start(ctx, info)
    assert info is not None  # the period guard of the dialogue ran first
    choice = parse_choice(text)
    pos = position_of(ctx, info, data.items, choice) if choice in data.choices else None
    if pos is None:
        return Turn([_bad_choice(data.choices)], Next("choose", data))
    data.pos = pos
    return Turn([ask(ctx, info, data)], Next("item", data))


def on_item(ctx: Context, text: str, data: SubmissionData) -> Turn:
    return answer_item(ctx, text, data, _corrected)


def _corrected(
    ctx: Context, info: PeriodInfo, data: SubmissionData, outcome: Outcome | None, was_returned: bool
) -> Turn:
    """After one answer (``outcome``) or ข้าม (None): remember the change, then go on."""
    if outcome is not None:
        kind, item_id = data.items[data.pos]
        data.changes = [
            *(data.changes or []),
            [KINDS[kind].label(ctx, info, item_id), outcome.old or "-", outcome.new],
        ]
        if was_returned:
            data.returned = True
        entry = KINDS[kind].entry(ctx, info, item_id)
        if isinstance(entry, Result):  # an approved value changed: its sender and reviewer are told
            turn = _correct_next(ctx, info, data)
            turn.pushes += approved_value_changed(
                ctx, info, entry, data.changes[-1][0], outcome.old or "-", outcome.new or "-"
            )
            return turn
    return _correct_next(ctx, info, data)


def _correct_next(ctx: Context, info: PeriodInfo, data: SubmissionData) -> Turn:
    """The solutions that share the number of the problems just answered, else what was corrected."""
    items, pos = data.items, data.pos
    following = pos + 1
    if (
        following < len(items)
        and item_number(ctx, info, items[following]) == item_number(ctx, info, items[pos])
        and KINDS[items[following][0]].applies(ctx, info, items[following][1])
    ):
        data.pos = following
        return Turn([ask(ctx, info, data)], Next("item", data))
    changes = data.changes or []
    if not changes:
        return Turn([Text(T.CANCELLED_PLAIN)])
    text = "\n".join(
        [T.CORRECTED.format(label=changes[0][0], old=changes[0][1], new=changes[0][2])]
        + [T.CORRECTED_MORE.format(label=label, old=old, new=new) for label, old, new in changes[1:]]
    )
    kind, item_id = items[pos]
    entry = KINDS[kind].entry(ctx, info, item_id)
    if entry is None or entry.status != "draft":
        return Turn(
            [Text(text + "\n" + T.CORRECTED_STILL_SUBMITTED, quick(T.W_STATUS, T.W_CORRECT, T.W_REPORT))],
            must_arrive=True,
        )
    if not data.returned:
        return Turn(
            [Text(text + "\n" + T.CORRECTED_DRAFT, quick(T.W_STATUS, T.W_CORRECT, T.W_REPORT))],
            must_arrive=True,
        )
    # A returned item, corrected: one tap sends it back to the division (a note may go with it).
    resubmit = SubmissionData(period=data.period)
    return Turn(
        [Text(text + "\n" + T.CORRECTED_RESUBMIT, _resubmit_buttons(resubmit))],
        Next("resubmit", resubmit),
        must_arrive=True,
    )


def on_resubmit(ctx: Context, text: str, data: SubmissionData) -> Turn:
    if text == T.W_CONFIRM:
        info = ctx.stored_period(data.period)
        assert info is not None  # the period guard of the dialogue ran first
        return submit(ctx, info, data.note)
    if text in (TO.W_NOTE, TO.W_NOTE_EDIT):
        return Turn([note_question(data)], Next("note", data))
    return Turn([_resubmit_ask(data)], Next("resubmit", data))


def on_note(ctx: Context, text: str, data: SubmissionData) -> Turn:
    refused = take_note(text, data)
    if refused is not None:
        return Turn([refused, note_question(data)], Next("note", data))
    return Turn([_resubmit_ask(data)], Next("resubmit", data))


def reask(ctx: Context, step: str, data: SubmissionData) -> list[Reply]:
    """The question the officer is on, to repeat after help, a sticker or an image."""
    info = ctx.stored_period(data.period)
    if info is None:
        return []
    if step == "choose":
        return [_bad_choice(data.choices or [])]
    if step == "resubmit":
        return [_resubmit_ask(data)]
    if step == "note":
        return [note_question(data)]
    if data.pending is not None:
        return [confirmation(data)]
    return [ask(ctx, info, data)]


DIALOGUE = register(
    Dialogue(
        name="correct",
        entries={T.W_CORRECT: Entry(start, Action.CORRECT)},
        steps={"choose": on_choose, "item": on_item, "resubmit": on_resubmit, "note": on_note},
        data=SubmissionData,
        reask=reask,
        needs_open_period=True,
    )
)
