"""The monthly report dialogue (`รายงาน`) and the correction dialogue (`แก้ไข`).

Steps:
    report.item     — the answer to the current item (number or text)
    report.summary  — `ยืนยัน` submits; a number jumps back to that item
    correct.choose  — which item to correct
    correct.item    — the new value (same question as in the report)
    correct.resubmit — after correcting a returned item: `ยืนยัน` sends it to the division again

Every answer is saved as a draft at once, so nothing typed is ever lost; the conversation row only
remembers the position.
"""

from __future__ import annotations

from datetime import date

from handlers import texts as T
from handlers.clip import clip
from handlers.commands import OFFICERS, Command
from handlers.context import Context, deadline_line, late_line, month_buttons, period_line, refusal
from handlers.items import KINDS, Item, Outcome, is_returned, item_number, office_items
from handlers.messages import Conversation, Reply, Text, Turn, quick
from handlers.numbers import normalize_digits, parse_choice
from models import calendar as cal
from models import reporting as svc
from models.office_status import office_status
from models.periods import PeriodInfo, period_info

SUMMARY_LABEL_CHARS = 45


def _info(ctx: Context, data: dict) -> PeriodInfo | None:
    return period_info(ctx.session, date.fromisoformat(data["period"]))


def _total(items: list[Item]) -> int:
    return sum(1 for kind, _ in items if kind != "sol")


def _ask(ctx: Context, info: PeriodInfo, conv: Conversation) -> Text:
    """The question of the current item, numbered as in the office's plan on every screen (the
    report may walk returned items first: their numbers do not change)."""
    items, pos = conv.data["items"], conv.data["pos"]
    kind, item_id = items[pos]
    progress = T.Q_PROGRESS.format(pos=item_number(ctx, info, items[pos]), total=_total(items))
    return KINDS[kind].ask(ctx, info, item_id, progress)


def _in_plan_order(ctx: Context, info: PeriodInfo, items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda item: (item_number(ctx, info, item), item[0] == "sol"))


def _position_of(ctx: Context, info: PeriodInfo, items: list[Item], number: int | None) -> int | None:
    """The position of the item numbered ``number`` (problems before their solutions)."""
    for item in _in_plan_order(ctx, info, items):
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
    items = office_items(ctx, info)
    if not items:
        return Turn([Text(T.NO_ASSIGNMENTS)])
    returned = [item for item in items if is_returned(ctx, info, item)]
    if returned:
        items = returned + [item for item in items if item not in returned]
    open_items = [pos for pos, item in enumerate(items) if not _is_done(ctx, info, item)]
    done = _answered_count(ctx, info, items)
    data = {"period": info.month.isoformat(), "items": items, "pos": 0}
    if not open_items:
        if office_status(ctx.session, ctx.user.unit_id, info).drafts == 0:
            return Turn([Text(T.ALL_SUBMITTED, quick(T.W_STATUS, T.W_CORRECT))])
        return _summary(ctx, info, Conversation("report", "summary", data))
    data["pos"] = open_items[0]
    template = T.REPORT_RESUME if done else T.REPORT_START
    header = template.format(
        period=period_line(info), deadline=deadline_line(info, ctx.today), done=done, total=_total(items)
    )
    if returned:
        header += "\n" + T.REPORT_RETURNED_FIRST.format(n=len(returned))
    if (late := late_line(info, ctx.today)) is not None:
        header = late + "\n" + header
    conv = Conversation("report", "item", data)
    return Turn([Text(header), _ask(ctx, info, conv)], conv)


# --- report and correction: one item ----------------------------------------------------------

def on_item(ctx: Context, text: str, conv: Conversation) -> Turn:
    info = _info(ctx, conv.data)
    if (answer := refusal(info)) is not None:
        return answer
    data = conv.data
    if text == T.W_SKIP:
        _drop_pending(data)
        return _advance(ctx, info, conv)
    if text == T.W_BACK:
        _drop_pending(data)
        return _back(ctx, info, conv)
    kind, item_id = data["items"][data["pos"]]
    was_returned = is_returned(ctx, info, [kind, item_id])
    pending, doubt = _drop_pending(data)
    force = pending is not None and (text == T.W_YES or normalize_digits(text) == pending)
    outcome: Outcome = KINDS[kind].accept(ctx, info, item_id, pending if text == T.W_YES and pending else text, force)
    if outcome.status == "invalid":
        if pending is not None:  # not an answer to "is this right?": the value still waits
            data["pending"], data["doubt"] = pending, doubt
            return Turn([_confirmation(data)], conv)
        return Turn([Text(outcome.message), _ask(ctx, info, conv)], conv)
    if outcome.status == "doubt":
        data["pending"], data["doubt"] = normalize_digits(text), outcome.message
        return Turn([_confirmation(data)], conv)
    if data.get("mode") == "correct":
        turn = _corrected(ctx, info, conv, outcome, was_returned)
    else:
        turn = _advance(ctx, info, conv)
    if outcome.message:  # how the answer was read: ไม่มี → 0, 1.2 ล้าน → 1,200,000 บาท
        turn.replies.insert(0, Text(outcome.message))
    return turn


def _drop_pending(data: dict) -> tuple[str | None, str | None]:
    """Forget the value waiting for confirmation; returns (value, why it was doubted)."""
    return data.pop("pending", None), data.pop("doubt", None)


def _confirmation(data: dict) -> Text:
    """The question "is this value right?" for the value waiting in ``data``."""
    doubt = data.get("doubt")
    return Text(f"{doubt}\n{T.DOUBT_ASK}" if doubt else T.DOUBT_ASK, quick(T.W_YES, T.W_SKIP, T.W_CANCEL))


def _advance(ctx: Context, info: PeriodInfo, conv: Conversation) -> Turn:
    data = conv.data
    if data.get("mode") == "correct":
        return _correct_next(ctx, info, conv)
    if data.pop("back_to_summary", False):
        return _summary(ctx, info, conv)
    nxt = _next_open(ctx, info, data["items"], data["pos"] + 1)
    if nxt is None:
        return _summary(ctx, info, conv)
    data["pos"] = nxt
    conv.step = "item"
    return Turn([_ask(ctx, info, conv)], conv)


def _back(ctx: Context, info: PeriodInfo, conv: Conversation) -> Turn:
    data = conv.data
    for pos in range(data["pos"] - 1, -1, -1):
        kind, item_id = data["items"][pos]
        if KINDS[kind].applies(ctx, info, item_id):
            data["pos"] = pos
            return Turn([_ask(ctx, info, conv)], conv)
    return Turn([Text(T.BACK_AT_FIRST), _ask(ctx, info, conv)], conv)


# --- report: summary and confirmation ---------------------------------------------------------

def _summary(ctx: Context, info: PeriodInfo, conv: Conversation) -> Turn:
    items = conv.data["items"]
    lines = []
    for kind, item_id in _in_plan_order(ctx, info, items):
        k = KINDS[kind]
        if not k.applies(ctx, info, item_id):
            continue
        value = k.value_text(ctx, info, item_id) or T.SUMMARY_NOT_ANSWERED
        label = clip(k.label(ctx, info, item_id), SUMMARY_LABEL_CHARS)
        if kind == "sol":
            lines.append(f"   {label}: {value}")
        else:
            lines.append(T.SUMMARY_LINE.format(n=item_number(ctx, info, [kind, item_id]), label=label, value=value))
    done, total = _answered_count(ctx, info, items), _total(items)
    header = T.SUMMARY_HEADER.format(period=cal.thai_month(info.month), done=done, total=total)
    footer = T.SUMMARY_FOOTER
    if done < total:
        footer = T.SUMMARY_FOOTER_MISSING.format(n=total - done) + "\n" + footer
    conv.step = "summary"
    return Turn(
        [Text(header + "\n\n" + "\n".join(lines)), Text(footer, quick(T.W_CONFIRM, T.W_BACK, T.W_CANCEL))],
        conv,
    )


def on_summary(ctx: Context, text: str, conv: Conversation) -> Turn:
    info = _info(ctx, conv.data)
    if (answer := refusal(info)) is not None:
        return answer
    items = conv.data["items"]
    if text == T.W_CONFIRM:
        return _submit(ctx, info)
    if text == T.W_BACK:
        conv.data["pos"] = len(items)
        return _back(ctx, info, conv)
    pos = _position_of(ctx, info, items, parse_choice(text))
    if pos is not None:
        conv.data["pos"] = pos
        conv.data["back_to_summary"] = True
        conv.step = "item"
        return Turn([_ask(ctx, info, conv)], conv)
    return Turn(
        [Text(T.SUMMARY_BAD_CHOICE.format(n=_total(items)), quick(T.W_CONFIRM, T.W_BACK, T.W_CANCEL))], conv
    )


def _submit(ctx: Context, info: PeriodInfo) -> Turn:
    submission = svc.submit(ctx.session, ctx.user, info, ctx.now)
    if submission.count == 0:
        return Turn([Text(T.NOTHING_TO_SUBMIT, quick(T.W_STATUS))])
    status = office_status(ctx.session, ctx.user.unit_id, info)
    text = T.SUBMITTED.format(
        period=cal.thai_month(info.month), count=submission.count, done=status.done, total=status.total
    )
    if submission.late:
        text += "\n" + T.SUBMITTED_LATE.format(deadline=cal.thai_date(info.deadline("office")))
    return Turn([Text(text, quick(T.W_STATUS, T.W_CORRECT))], must_arrive=True)


# --- correction -------------------------------------------------------------------------------

def _correctable(ctx: Context, info: PeriodInfo) -> list[Item]:
    return [item for item in office_items(ctx, info) if KINDS[item[0]].value_text(ctx, info, item[1])]


def _correction_period(ctx: Context) -> PeriodInfo | None:
    """The oldest open period with something to correct, else the officer's period."""
    for info in ctx.open_periods():
        if _correctable(ctx, info):
            return info
    return ctx.office_period()


def start_correction(ctx: Context, info: PeriodInfo | None = None) -> Turn:
    info = info or _correction_period(ctx)
    if (answer := refusal(info)) is not None:
        return answer
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
            lines.append(T.SUMMARY_LINE.format(n=item_number(ctx, info, [kind, item_id]), label=label, value=value))
    choices = list(dict.fromkeys(item_number(ctx, info, item) for item in listed))
    conv = Conversation("correct", "choose", {"period": info.month.isoformat(), "items": items, "pos": 0,
                                              "mode": "correct", "choices": choices})
    months = month_buttons(ctx.open_periods(), but=info)[:3]
    header = T.CORRECT_LIST.format(period=cal.thai_month(info.month))
    if months:
        lines.append(T.OTHER_MONTHS)
    buttons = [str(n) for n in choices[: 12 - len(months)]]
    return Turn([Text(header + "\n\n" + "\n".join(lines), quick(*buttons, *months, T.W_CANCEL))], conv)


def _bad_choice(choices: list[int]) -> Text:
    return Text(T.CORRECT_BAD_NUMBER.format(numbers=", ".join(map(str, choices))), quick(T.W_CANCEL))


def on_choose(ctx: Context, text: str, conv: Conversation) -> Turn:
    info = _info(ctx, conv.data)
    if (answer := refusal(info)) is not None:
        return answer
    if (other := ctx.chosen_period(text, ctx.open_periods())) is not None:
        return start_correction(ctx, other)
    if "choices" not in conv.data:  # a list numbered before items kept their plan numbers
        return start_correction(ctx, info)
    choices = conv.data["choices"]
    choice = parse_choice(text)
    pos = _position_of(ctx, info, conv.data["items"], choice) if choice in choices else None
    if pos is None:
        return Turn([_bad_choice(choices)], conv)
    conv.data["pos"] = pos
    conv.step = "item"
    return Turn([_ask(ctx, info, conv)], conv)


def _correct_next(ctx: Context, info: PeriodInfo, conv: Conversation) -> Turn:
    """After one answer (or ข้าม) in a correction: the solutions that share the number of the
    problems just answered, else what was corrected."""
    data = conv.data
    items, pos = data["items"], data["pos"]
    following = pos + 1
    if following < len(items) and item_number(ctx, info, items[following]) == item_number(ctx, info, items[pos]) \
            and KINDS[items[following][0]].applies(ctx, info, items[following][1]):
        data["pos"] = following
        return Turn([_ask(ctx, info, conv)], conv)
    changes = data.get("changes") or []
    if not changes:
        return Turn([Text(T.CANCELLED_PLAIN)])
    text = "\n".join([T.CORRECTED.format(label=changes[0][0], old=changes[0][1], new=changes[0][2])]
                     + [T.CORRECTED_MORE.format(label=label, old=old, new=new) for label, old, new in changes[1:]])
    kind, item_id = items[pos]
    entry = KINDS[kind].entry(ctx, info, item_id)
    if entry is None or entry.status != "draft":
        return Turn([Text(text + "\n" + T.CORRECTED_STILL_SUBMITTED, quick(T.W_STATUS, T.W_CORRECT, T.W_REPORT))],
                    must_arrive=True)
    if not data.get("returned"):
        return Turn([Text(text + "\n" + T.CORRECTED_DRAFT, quick(T.W_STATUS, T.W_CORRECT, T.W_REPORT))],
                    must_arrive=True)
    # A returned item, corrected: one tap sends it back to the division.
    resubmit = Conversation("correct", "resubmit", {"period": data["period"], "mode": "correct"})
    return Turn([Text(text + "\n" + T.CORRECTED_RESUBMIT, _RESUBMIT_BUTTONS)], resubmit, must_arrive=True)


_RESUBMIT_BUTTONS = quick(T.W_CONFIRM, T.W_STATUS, T.W_CANCEL)


def _corrected(ctx: Context, info: PeriodInfo, conv: Conversation, outcome: Outcome, was_returned: bool) -> Turn:
    data = conv.data
    kind, item_id = data["items"][data["pos"]]
    data.setdefault("changes", []).append([KINDS[kind].label(ctx, info, item_id), outcome.old or "-", outcome.new])
    if was_returned:
        data["returned"] = True
    return _correct_next(ctx, info, conv)


def on_resubmit(ctx: Context, text: str, conv: Conversation) -> Turn:
    info = _info(ctx, conv.data)
    if (answer := refusal(info)) is not None:
        return answer
    if text == T.W_CONFIRM:
        return _submit(ctx, info)
    return Turn([Text(T.CORRECTED_RESUBMIT_ASK, _RESUBMIT_BUTTONS)], conv)


def reask(ctx: Context, conv: Conversation) -> list[Reply]:
    """The question the user is on, to repeat after help, a sticker or an image."""
    info = _info(ctx, conv.data)
    if info is None:
        return []
    if conv.step == "summary":
        return _summary(ctx, info, conv).replies
    if conv.step == "choose":
        return [_bad_choice(conv.data.get("choices") or [])]
    if conv.step == "resubmit":
        return [Text(T.CORRECTED_RESUBMIT_ASK, _RESUBMIT_BUTTONS)]
    if conv.data.get("pending") is not None:
        return [_confirmation(conv.data)]
    return [_ask(ctx, info, conv)]


OFFICER_ONLY = "เจ้าหน้าที่หน่วยงานในพื้นที่"
COMMANDS = {
    T.W_REPORT: Command(start, OFFICERS, OFFICER_ONLY),
    T.W_CORRECT: Command(start_correction, OFFICERS, OFFICER_ONLY),
}
REASK = {"report": reask, "correct": reask}
STEPS = {
    ("report", "item"): on_item,
    ("report", "summary"): on_summary,
    ("correct", "choose"): on_choose,
    ("correct", "item"): on_item,
    ("correct", "resubmit"): on_resubmit,
}
