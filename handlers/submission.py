"""The officer's monthly submission (`รายงาน`): the results, budget and problems an office reports
for a period. "Report" alone means the files of `ขอรายงาน` (handlers/report_request.py, reports/).
The correction dialogue (`แก้ไข`, handlers/correction.py) answers items with the same
``answer_item``.

Steps:
    report.item     — the answer to the current item (number or text)
    report.summary  — `ยืนยัน` submits; a number jumps back to that item; after a return,
                      `เพิ่มหมายเหตุ` asks for a note to the division
    report.note     — the note, kept as text (never read as a value or an item number)

Every answer is saved as a draft at once, so nothing typed is ever lost; the conversation row only
remembers the position.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from handlers import texts as T
from handlers import texts_officer as TO
from handlers.answers import Outcome
from handlers.context import Context, deadline_line, late_line, period_line, refusal
from handlers.dialogue import Dialogue, Entry, register
from handlers.items import KINDS, Item, is_returned, item_number, office_items
from handlers.messages import Next, Reply, Text, Turn, quick
from handlers.numbers import parse_choice
from handlers.report_summary import changes_text, summary_text, was_sent
from models import calendar as cal
from models import reporting as svc
from models.office_status import office_status
from models.parsing import normalize_digits
from models.periods import PeriodInfo
from models.permissions import Action

SUMMARY_LABEL_CHARS = 45
NOTE_CHARS = 300  # the officer's note to the division: a short explanation of the fix


@dataclass
class SubmissionData:
    """Where an officer is in the report or a correction (every answer is already a draft)."""

    period: str  # the period's month, ISO
    items: list[Item] = field(default_factory=list)  # [kind, id], in the order asked
    pos: int = 0  # the item being asked
    pending: str | None = None  # a doubtful value waiting for "ใช่"
    doubt: str | None = None  # why it was doubted
    back_to_summary: bool | None = None  # answering one item picked from the summary
    choices: list[int] | None = None  # correction: the item numbers listed
    changes: list[list[Any]] | None = None  # correction: [label, old, new] of each change
    returned: bool | None = None  # correction: a returned item was corrected
    first_count: str | None = None  # #22: a rate from counts' first count, its second asked next
    resume: int | None = None  # after ย้อนกลับ: where the officer was; every question up to it is asked again
    note: str | None = None  # #24: the officer's note to the division, sent with a resubmission


def _total(items: list[Item]) -> int:
    return sum(1 for kind, _ in items if kind != "sol")


def ask(ctx: Context, info: PeriodInfo, data: SubmissionData) -> Text:
    """The question of the current item, numbered as in the office's plan on every screen (the
    report may walk returned items first: their numbers do not change)."""
    items, pos = data.items, data.pos
    kind, item_id = items[pos]
    progress = T.Q_PROGRESS.format(pos=item_number(ctx, info, items[pos]), total=_total(items))
    return KINDS[kind].ask(ctx, info, item_id, progress)


def in_plan_order(ctx: Context, info: PeriodInfo, items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda item: (item_number(ctx, info, item), item[0] == "sol"))


def position_of(ctx: Context, info: PeriodInfo, items: list[Item], number: int | None) -> int | None:
    """The position of the item numbered ``number`` (problems before their solutions)."""
    for item in in_plan_order(ctx, info, items):
        if item_number(ctx, info, item) == number:
            return items.index(item)
    return None


def _answered_count(ctx: Context, info: PeriodInfo, items: list[Item]) -> int:
    return sum(1 for kind, item_id in items if kind != "sol" and _is_done(ctx, info, [kind, item_id]))


def _is_done(ctx: Context, info: PeriodInfo, item: Item) -> bool:
    kind = KINDS[item[0]]
    return kind.answered(ctx, info, item[1]) or not kind.applies(ctx, info, item[1])


def _next_open(ctx: Context, info: PeriodInfo, items: list[Item], start: int) -> int | None:
    """The first position from ``start`` still waiting for an answer (answered items and
    solutions to "no problems" are passed over; the summary lets the user revisit them)."""
    for pos in range(start, len(items)):
        if not _is_done(ctx, info, items[pos]):
            return pos
    return None


# --- report: entry ----------------------------------------------------------------------------


def start(ctx: Context) -> Turn:
    info = ctx.office_period()
    if (answer := refusal(info)) is not None:
        return answer
    assert info is not None  # refusal() said there is an open period
    items = office_items(ctx, info)
    if not items:
        return Turn([Text(T.NO_ASSIGNMENTS)])
    returned = [item for item in items if is_returned(ctx, info, item)]
    if returned:
        items = returned + [item for item in items if item not in returned]
    open_items = [pos for pos, item in enumerate(items) if not _is_done(ctx, info, item)]
    done = _answered_count(ctx, info, items)
    data = SubmissionData(period=info.month.isoformat(), items=items)
    if not open_items:
        if office_status(ctx.session, ctx.unit_id, info).drafts == 0:
            return Turn([Text(T.ALL_SUBMITTED, quick(T.W_STATUS, T.W_CORRECT))])
        return _summary(ctx, info, data)
    data.pos = open_items[0]
    template = T.REPORT_RESUME if done else T.REPORT_START
    header = template.format(
        period=period_line(info),
        deadline=deadline_line(info, ctx.today, ctx.tier),
        done=done,
        total=_total(items),
    )
    if returned:
        header += "\n" + T.REPORT_RETURNED_FIRST.format(n=len(returned))
    if (late := late_line(info, ctx.today, ctx.tier)) is not None:
        header = late + "\n" + header
    return Turn([Text(header), ask(ctx, info, data)], Next("item", data))


# --- report and correction: one item ----------------------------------------------------------

# What follows an answer (``outcome``; None after ข้าม): the next item in a report, what was
# changed in a correction. ``was_returned``: the item had been returned by the division.
Then = Callable[[Context, PeriodInfo, SubmissionData, Outcome | None, bool], Turn]


def answer_item(ctx: Context, text: str, data: SubmissionData, then: Then) -> Turn:
    """The answer to the current item (the dialogue checked the period is open)."""
    info = ctx.stored_period(data.period)
    assert info is not None  # the period guard of the dialogue ran first
    if text == T.W_SKIP:
        _drop_pending(data)
        return then(ctx, info, data, None, False)
    if text == T.W_BACK:
        _drop_pending(data)
        return back(ctx, info, data)
    kind, item_id = data.items[data.pos]
    was_returned = is_returned(ctx, info, [kind, item_id])
    if data.first_count is not None:  # the second of two counts asked in turn: "12", then "40"
        if not any(mark in text for mark in ("/", "จาก")):
            text = f"{data.first_count}/{text}"
        data.first_count = None
    pending, doubt = _drop_pending(data)
    force = pending is not None and (text == T.W_YES or normalize_digits(text) == pending)
    outcome: Outcome = KINDS[kind].accept(
        ctx, info, item_id, pending if text == T.W_YES and pending else text, force
    )
    if outcome.status == "invalid":
        if pending is not None:  # why the new value is refused, then the value still waiting
            data.pending, data.doubt = pending, doubt
            return Turn([Text(outcome.message), confirmation(data)], Next("item", data))
        return Turn([Text(outcome.message), ask(ctx, info, data)], Next("item", data))
    if outcome.status == "doubt":
        data.pending, data.doubt = normalize_digits(text), outcome.message
        return Turn([confirmation(data)], Next("item", data))
    if outcome.status == "first":  # one count of two: the other is asked for next
        data.first_count = normalize_digits(text)
        return Turn([Text(outcome.message, quick(T.W_SKIP, T.W_BACK, T.W_CANCEL))], Next("item", data))
    turn = then(ctx, info, data, outcome, was_returned)
    if outcome.message:  # how the answer was read: ไม่มี → 0, 1.2 ล้าน → 1,200,000 บาท
        turn.replies.insert(0, Text(outcome.message))
    return turn


def on_item(ctx: Context, text: str, data: SubmissionData) -> Turn:
    return answer_item(ctx, text, data, lambda ctx, info, data, outcome, returned: _advance(ctx, info, data))


def _drop_pending(data: SubmissionData) -> tuple[str | None, str | None]:
    """Forget the value waiting for confirmation (and a first count); returns (value, why it was
    doubted)."""
    pending, doubt = data.pending, data.doubt
    data.pending = data.doubt = data.first_count = None
    return pending, doubt


def confirmation(data: SubmissionData) -> Text:
    """The question "is this value right?" for the value waiting in ``data``."""
    doubt = data.doubt
    return Text(f"{doubt}\n{T.DOUBT_ASK}" if doubt else T.DOUBT_ASK, quick(T.W_YES, T.W_SKIP, T.W_CANCEL))


def _advance(ctx: Context, info: PeriodInfo, data: SubmissionData) -> Turn:
    if data.back_to_summary:
        data.back_to_summary = None
        return _summary(ctx, info, data)
    nxt = _next_after_back(ctx, info, data)
    if nxt is None:
        nxt = _next_open(ctx, info, data.items, data.pos + 1)
    if nxt is None:
        return _summary(ctx, info, data)
    data.pos = nxt
    return Turn([ask(ctx, info, data)], Next("item", data))


def _next_after_back(ctx: Context, info: PeriodInfo, data: SubmissionData) -> int | None:
    """After ย้อนกลับ, the next question in order, answered or not, until the officer is back where
    they were (``data.resume``): a project's problem and solution follow its budget again."""
    if data.resume is None:
        return None
    for pos in range(data.pos + 1, min(data.resume, len(data.items))):
        kind, item_id = data.items[pos]
        if KINDS[kind].applies(ctx, info, item_id):
            return pos
    data.resume = None  # back where the officer was: on with what is still open
    return None


def back(ctx: Context, info: PeriodInfo, data: SubmissionData) -> Turn:
    for pos in range(data.pos - 1, -1, -1):
        kind, item_id = data.items[pos]
        if KINDS[kind].applies(ctx, info, item_id):
            data.resume = max(data.resume if data.resume is not None else -1, data.pos)
            data.pos = pos
            return Turn([ask(ctx, info, data)], Next("item", data))
    return Turn([Text(T.BACK_AT_FIRST), ask(ctx, info, data)], Next("item", data))


# --- report: summary and confirmation ---------------------------------------------------------


def _summary(ctx: Context, info: PeriodInfo, data: SubmissionData) -> Turn:
    """One short line per item (handlers/report_summary.py); once something of the month was
    sent, only what this sending changes."""
    items = data.items
    done, total = _answered_count(ctx, info, items), _total(items)
    if was_sent(ctx, info, items):
        text, footer = changes_text(ctx, info, items), TO.RESUBMIT_FOOTER
    else:
        text, footer = summary_text(ctx, info, items, done, total), T.SUMMARY_FOOTER
    if done < total:
        footer = T.SUMMARY_FOOTER_MISSING.format(n=total - done) + "\n" + footer
    noting = note_offered(ctx, info)
    if noting and data.note:
        text += "\n" + TO.NOTE_LINE.format(note=data.note)
    elif noting:
        footer += "\n" + TO.NOTE_HINT
    buttons = [T.W_CONFIRM, *([note_word(data)] if noting else []), T.W_BACK, T.W_CANCEL]
    return Turn([Text(text), Text(footer, quick(*buttons))], Next("summary", data))


# --- a resubmission's note to the division (#24 item 4) ---------------------------------------


def note_offered(ctx: Context, info: PeriodInfo) -> bool:
    """A note is offered when the sending brings back results the division returned."""
    return bool(svc.returned_drafts(ctx.session, ctx.unit_id, info))


def note_word(data: SubmissionData) -> str:
    return TO.W_NOTE_EDIT if data.note else TO.W_NOTE


def note_question(data: SubmissionData) -> Text:
    text = TO.NOTE_ASK_EDIT.format(note=data.note) if data.note else TO.NOTE_ASK
    return Text(text, quick(T.W_BACK, T.W_CANCEL))


def take_note(text: str, data: SubmissionData) -> Text | None:
    """Keep what was typed at the note question in ``data``, as text; returns why it is refused
    (the question is then asked again), else None. ย้อนกลับ (ข้าม, ยืนยัน) keeps the note as it was."""
    if text in (T.W_BACK, T.W_SKIP, T.W_CONFIRM):
        return None
    if len(text) > NOTE_CHARS:
        return Text(TO.NOTE_TOO_LONG.format(n=len(text), limit=NOTE_CHARS))
    data.note = text
    return None


def on_note(ctx: Context, text: str, data: SubmissionData) -> Turn:
    info = ctx.stored_period(data.period)
    assert info is not None  # the period guard of the dialogue ran first
    refused = take_note(text, data)
    if refused is not None:
        return Turn([refused, note_question(data)], Next("note", data))
    return _summary(ctx, info, data)


def on_summary(ctx: Context, text: str, data: SubmissionData) -> Turn:
    info = ctx.stored_period(data.period)
    assert info is not None  # the period guard of the dialogue ran first
    items = data.items
    if text == T.W_CONFIRM:
        return submit(ctx, info, data.note)
    if text == T.W_BACK:
        data.pos = len(items)
        return back(ctx, info, data)
    if text in (TO.W_NOTE, TO.W_NOTE_EDIT) and note_offered(ctx, info):
        return Turn([note_question(data)], Next("note", data))
    pos = position_of(ctx, info, items, parse_choice(text))
    if pos is not None:
        data.pos = pos
        data.back_to_summary = True
        return Turn([ask(ctx, info, data)], Next("item", data))
    return Turn(
        [Text(T.SUMMARY_BAD_CHOICE.format(n=_total(items)), quick(T.W_CONFIRM, T.W_BACK, T.W_CANCEL))],
        Next("summary", data),
    )


def submit(ctx: Context, info: PeriodInfo, note: str | None = None) -> Turn:
    """Send the drafts (with ``note``, the officer's note to the division on the returned ones)."""
    submission = svc.submit(
        ctx.session, ctx.user, info, ctx.now, for_unit=ctx.acting_unit_id, tier=ctx.tier, note=note
    )
    if submission.count == 0:
        return Turn([Text(T.NOTHING_TO_SUBMIT, quick(T.W_STATUS))])
    status = office_status(ctx.session, ctx.unit_id, info)
    text = T.SUBMITTED.format(
        period=cal.thai_month(info.month), count=submission.count, done=status.done, total=status.total
    )
    if submission.late:
        text += "\n" + T.SUBMITTED_LATE.format(deadline=cal.thai_date(info.deadline(ctx.tier)))
    if note and submission.noted:
        text += "\n" + TO.NOTE_SENT.format(note=note)
    return Turn([Text(text, quick(T.W_STATUS, T.W_CORRECT))], must_arrive=True)


def reask(ctx: Context, step: str, data: SubmissionData) -> list[Reply]:
    """The question the officer is on, to repeat after help, a sticker or an image."""
    info = ctx.stored_period(data.period)
    if info is None:
        return []
    if step == "summary":
        return _summary(ctx, info, data).replies
    if step == "note":
        return [note_question(data)]
    if data.pending is not None:
        return [confirmation(data)]
    return [ask(ctx, info, data)]


DIALOGUE = register(
    Dialogue(
        # The flow keeps its old name "report": conversations stored before the rename resume.
        name="report",
        entries={T.W_REPORT: Entry(start, Action.REPORT)},
        steps={"item": on_item, "summary": on_summary, "note": on_note},
        data=SubmissionData,
        reask=reask,
        needs_open_period=True,
        cancelled=T.CANCELLED,
    )
)
