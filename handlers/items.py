"""The things an office answers in a monthly report, one small class per kind.

Each kind knows how to ask its question, read an answer, and show the saved value. The report
and correction dialogues only move a position through a list of ``[kind, id]`` items.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from decimal import Decimal
from typing import Any, TypeVar

from handlers import texts as T
from handlers import texts_officer as TO
from handlers.answers import Outcome, read_answer, read_counts_answer, read_text, shown_value, with_unit
from handlers.clip import clip
from handlers.context import Context
from handlers.messages import QuickReply, Text, quick
from handlers.numbers import format_number
from models import reporting as svc
from models.entities import Counting, Disbursement, EntryStatus, Result, ValueType
from models.parsing import NO_PROBLEMS
from models.periods import PeriodInfo
from models.plan_cache import PLAN, IndicatorFacts
from models.value_types import kind_of

LABEL_CHARS = 70
NAV = (T.W_SKIP, T.W_BACK, T.W_CANCEL)

Item = list[Any]  # [kind, id] — JSON-friendly
V = TypeVar("V")
# An office's entry for one item: a row of models.reporting.office_entries, or the entity just
# saved in its place; either carries ``id``, ``status`` and the table's values.
EntryRow = Any


def _once(ctx: Context, key: Hashable, load: Callable[[], V]) -> V:
    """What ``load()`` gives, read once per message (the answer and the next question share it)."""
    if key not in ctx.cache:
        ctx.cache[key] = load()
    value: V = ctx.cache[key]
    return value


def _entry(ctx: Context, info: PeriodInfo, key: str, item_id: int) -> EntryRow | None:
    """The office's entry for an item, from one load per table and message
    (see models.reporting.office_entries)."""
    unit_id, period_id = ctx.unit_id, info.period.id
    entries = _once(
        ctx,
        ("entries", key, unit_id, period_id),
        lambda: svc.office_entries(ctx.session, unit_id, period_id, key),
    )
    return entries.get(item_id)


def _remember_entry(ctx: Context, info: PeriodInfo, key: str, item_id: int, entry: EntryRow) -> None:
    """Keep the per-message cache in step with what was just saved (no reload needed)."""
    cache = ctx.cache.get(("entries", key, ctx.unit_id, info.period.id))
    if cache is not None:
        cache[item_id] = entry


def _earlier_results(ctx: Context, info: PeriodInfo) -> svc.EarlierResults:
    return _once(
        ctx,
        ("earlier", "ind", ctx.unit_id, info.period.id),
        lambda: svc.earlier_results(ctx.session, ctx.unit_id, info),
    )


def _disbursed_before(ctx: Context, info: PeriodInfo, project_id: int) -> Decimal:
    disbursed = _once(
        ctx,
        ("earlier", "disb", ctx.unit_id, info.period.id),
        lambda: svc.earlier_disbursed(ctx.session, ctx.unit_id, info),
    )
    return disbursed.get(project_id, Decimal(0))


def _project(ctx: Context, info: PeriodInfo, project_id: int) -> str:
    return PLAN.year(ctx.session, info.fiscal_year).projects[project_id]


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return clip(text, limit)


def _percent(part: Decimal, whole: Decimal | None) -> str:
    if not whole:
        return "-"
    return f"{(part / whole * 100):,.1f}%"


def _buttons(*likely: str) -> tuple[QuickReply, ...]:
    seen: list[str] = []
    for word in (*likely, *NAV):
        if word and word not in seen:
            seen.append(word)
    return quick(*seen)


class _ValueKind:
    """Shared by the kinds whose answer is one value per item (a result, a disbursement)."""

    key = ""

    def entry(self, ctx: Context, info: PeriodInfo, item_id: int) -> EntryRow | None:
        return _entry(ctx, info, self.key, item_id)

    def applies(self, ctx: Context, info: PeriodInfo, item_id: int) -> bool:
        return True

    def answered(self, ctx: Context, info: PeriodInfo, item_id: int) -> bool:
        entry = self.entry(ctx, info, item_id)
        return entry is not None and entry.status != EntryStatus.RETURNED.value


class IndicatorKind(_ValueKind):
    key = "ind"

    def _load(self, ctx: Context, info: PeriodInfo, item_id: int) -> IndicatorFacts:
        return PLAN.year(ctx.session, info.fiscal_year).indicators[item_id]

    def label(self, ctx: Context, info: PeriodInfo, item_id: int) -> str:
        return _short(self._load(ctx, info, item_id).name)

    def value_text(self, ctx: Context, info: PeriodInfo, item_id: int) -> str | None:
        entry = self.entry(ctx, info, item_id)
        if entry is None:
            return None
        unit = self._load(ctx, info, item_id).unit_label
        return shown_value(entry.value, unit, entry.numerator, entry.denominator)

    def _office_target(self, ctx: Context, info: PeriodInfo, indicator: IndicatorFacts) -> Decimal | None:
        office = PLAN.office(ctx.session, info.fiscal_year, ctx.unit_id)
        return office.targets.get(indicator.id, indicator.target)

    def ask(self, ctx: Context, info: PeriodInfo, item_id: int, progress: str) -> Text:
        indicator = self._load(ctx, info, item_id)
        before = _earlier_results(ctx, info).cumulative(indicator)
        current = self.value_text(ctx, info, item_id)
        template = Q_TEMPLATES[indicator.counting]
        shown_before = with_unit(before, indicator.unit_label) if before is not None else "ยังไม่มี"
        if current and indicator.counting == Counting.LATEST.value:
            # This month's answer is the latest value: the earlier one is named as last month's
            # (or left out), never "ค่าล่าสุด ยังไม่มี" beside "คำตอบเดิม".
            template = TO.Q_INDICATOR_LATEST_ANSWERED
            shown_before = (
                "" if before is None else " · " + TO.Q_LATEST_BEFORE_MONTH.format(before=shown_before)
            )
        text = template.format(
            progress=progress,
            project=_short(indicator.project, 60),
            name=indicator.name,
            unit=indicator.unit_label,
            target=with_unit(self._office_target(ctx, info, indicator), indicator.unit_label),
            before=shown_before,
        )
        likely = ["0"]
        if indicator.counting == Counting.LATEST.value and before is not None:
            likely.insert(0, format_number(before))
        if (hint := kind_of(indicator.value_type).hint_of(indicator.name)) is not None:
            text += "\n" + T.HINTS[hint].format(**_count_names(indicator))
        if current:
            text += "\n" + T.Q_CURRENT_ANSWER.format(value=current)
        return Text(text, _buttons(*likely))

    def accept(self, ctx: Context, info: PeriodInfo, item_id: int, answer: str, force: bool) -> Outcome:
        indicator = self._load(ctx, info, item_id)
        counts = kind_of(indicator.value_type).counts
        read = (
            read_counts_answer(answer, _count_names(indicator))
            if counts
            else read_answer(answer, indicator.value_type, indicator.unit_label, force)
        )
        if isinstance(read, Outcome):
            return read
        value = read.value
        if not force:
            doubt = self._doubt(ctx, info, indicator, value)
            if doubt:
                return Outcome("doubt", doubt)
        old = self.value_text(ctx, info, item_id)
        saved = svc.save_value(
            ctx.session,
            ctx.user,
            info,
            Result,
            item_id,
            value,
            ctx.now,
            existing=self.entry(ctx, info, item_id),
            for_unit=ctx.acting_unit_id,
        )
        if read.counts is not None:
            saved = svc.save_counts(ctx.session, ctx.user, info, saved, read.counts, ctx.now)
        _remember_entry(ctx, info, "ind", item_id, saved)
        return Outcome("saved", read.note, old=old, new=self.value_text(ctx, info, item_id))

    def _doubt(self, ctx: Context, info: PeriodInfo, indicator: IndicatorFacts, value: Decimal) -> str | None:
        unit = indicator.unit_label
        before = _earlier_results(ctx, info).cumulative(indicator)
        kind = kind_of(indicator.value_type)
        if indicator.counting == Counting.LATEST.value or kind.counts:
            # Percentages over 100 are refused when read; a rate, ratio or change may go down.
            if kind.drop_doubted and before is not None and value < before:
                return T.DOUBT_DROP.format(
                    value=format_number(value), unit=unit, before=format_number(before)
                )
            return None
        target = self._office_target(ctx, info, indicator)
        cumulative = (before or Decimal(0)) + value
        if target and target > 0 and cumulative > target * 3:
            return T.DOUBT_FAR_OVER_TARGET.format(
                cumulative=format_number(cumulative), unit=unit, target=format_number(target)
            )
        return None


def _count_names(indicator: IndicatorFacts) -> dict[str, str]:
    """What a count rate's two counts count (plan columns ตัวตั้ง, ตัวหาร), for its hint and errors."""
    return {
        "numerator": indicator.numerator_label or T.COUNTS_NUMERATOR,
        "denominator": indicator.denominator_label or T.COUNTS_DENOMINATOR,
    }


Q_TEMPLATES = {Counting.SUM.value: T.Q_INDICATOR_SUM, Counting.LATEST.value: T.Q_INDICATOR_LATEST}


class DisbursementKind(_ValueKind):
    key = "disb"

    def label(self, ctx: Context, info: PeriodInfo, item_id: int) -> str:
        return _short(f"เบิกจ่าย {_project(ctx, info, item_id)}")

    def value_text(self, ctx: Context, info: PeriodInfo, item_id: int) -> str | None:
        entry = self.entry(ctx, info, item_id)
        return None if entry is None else f"{format_number(entry.amount)} บาท"

    def _allocation(self, ctx: Context, info: PeriodInfo, item_id: int) -> Decimal | None:
        return PLAN.office(ctx.session, info.fiscal_year, ctx.unit_id).allocations.get(item_id)

    def ask(self, ctx: Context, info: PeriodInfo, item_id: int, progress: str) -> Text:
        allocation = self._allocation(ctx, info, item_id)
        before = _disbursed_before(ctx, info, item_id)
        text = T.Q_DISBURSEMENT.format(
            progress=progress,
            project=_project(ctx, info, item_id),
            allocation=format_number(allocation),
            before=format_number(before),
            percent=_percent(before, allocation),
        )
        current = self.value_text(ctx, info, item_id)
        if current:
            text += "\n" + T.Q_CURRENT_ANSWER.format(value=current)
        return Text(text, _buttons("0"))

    def accept(self, ctx: Context, info: PeriodInfo, item_id: int, answer: str, force: bool) -> Outcome:
        read = read_answer(answer, ValueType.AMOUNT, "บาท", force)
        if isinstance(read, Outcome):
            return read
        amount = read.value
        if not force:
            allocation = self._allocation(ctx, info, item_id)
            cumulative = _disbursed_before(ctx, info, item_id) + amount
            if allocation is not None and cumulative > allocation:
                return Outcome(
                    "doubt",
                    T.DOUBT_OVER_ALLOCATION.format(
                        cumulative=format_number(cumulative), allocation=format_number(allocation)
                    ),
                )
        old = self.value_text(ctx, info, item_id)
        _remember_entry(
            ctx,
            info,
            "disb",
            item_id,
            svc.save_value(
                ctx.session,
                ctx.user,
                info,
                Disbursement,
                item_id,
                amount,
                ctx.now,
                existing=self.entry(ctx, info, item_id),
                for_unit=ctx.acting_unit_id,
            ),
        )
        return Outcome("saved", read.note, old=old, new=f"{format_number(amount)} บาท")


class ProblemsKind:
    key = "prob"
    field = "problems"
    question = T.Q_PROBLEMS
    likely: tuple[str, ...] = (T.W_NONE,)
    label_prefix = "ปัญหา/อุปสรรค"

    def label(self, ctx: Context, info: PeriodInfo, item_id: int) -> str:
        return _short(f"{self.label_prefix} {_project(ctx, info, item_id)}")

    def entry(self, ctx: Context, info: PeriodInfo, item_id: int) -> EntryRow | None:
        return _entry(ctx, info, "prob", item_id)

    def _text(self, ctx: Context, info: PeriodInfo, item_id: int) -> str | None:
        entry = self.entry(ctx, info, item_id)
        return None if entry is None else getattr(entry, self.field)

    def applies(self, ctx: Context, info: PeriodInfo, item_id: int) -> bool:
        return True

    def answered(self, ctx: Context, info: PeriodInfo, item_id: int) -> bool:
        entry = self.entry(ctx, info, item_id)
        return bool(
            entry is not None and getattr(entry, self.field) and entry.status != EntryStatus.RETURNED.value
        )

    def value_text(self, ctx: Context, info: PeriodInfo, item_id: int) -> str | None:
        text = self._text(ctx, info, item_id)
        return _short(text, 120) if text else None

    def ask(self, ctx: Context, info: PeriodInfo, item_id: int, progress: str) -> Text:
        text = self.question.format(progress=progress, project=_project(ctx, info, item_id))
        current = self.value_text(ctx, info, item_id)
        if current:
            text += "\n" + T.Q_CURRENT_ANSWER.format(value=current)
        return Text(text, _buttons(*self.likely))

    def accept(self, ctx: Context, info: PeriodInfo, item_id: int, answer: str, force: bool) -> Outcome:
        text = read_text(answer)
        if isinstance(text, Outcome):
            return text
        old = self.value_text(ctx, info, item_id)
        _remember_entry(
            ctx,
            info,
            "prob",
            item_id,
            svc.save_problem_text(
                ctx.session,
                ctx.user,
                info,
                item_id,
                ctx.now,
                existing=self.entry(ctx, info, item_id),
                for_unit=ctx.acting_unit_id,
                **{self.field: text},
            ),
        )
        return Outcome("saved", old=old, new=_short(text, 120))


class SolutionsKind(ProblemsKind):
    key = "sol"
    field = "solutions"
    question = T.Q_SOLUTIONS
    likely = ()
    label_prefix = "แนวทางแก้ไข"

    def applies(self, ctx: Context, info: PeriodInfo, item_id: int) -> bool:
        entry = self.entry(ctx, info, item_id)
        return not (entry is not None and entry.problems == NO_PROBLEMS)


KINDS = {kind.key: kind for kind in (IndicatorKind(), DisbursementKind(), ProblemsKind(), SolutionsKind())}


def office_items(ctx: Context, info: PeriodInfo) -> list[Item]:
    """Every item the office answers this period, in plan order: indicators, then per project
    the disbursement (when the office has an allocation), problems and solutions."""
    office = PLAN.office(ctx.session, info.fiscal_year, ctx.unit_id)
    return svc.plan_items(office.indicators, office.projects, office.allocations)


def item_number(ctx: Context, info: PeriodInfo, item: Item) -> int:
    """The item's number on every screen: its place in the office's plan (0 when the plan, imported
    again, no longer has it)."""
    numbers = _once(
        ctx, ("numbers", ctx.unit_id, info.period.id), lambda: svc.item_numbers(office_items(ctx, info))
    )
    return numbers.get((item[0], item[1]), 0)


def is_returned(ctx: Context, info: PeriodInfo, item: Item) -> bool:
    entry = KINDS[item[0]].entry(ctx, info, item[1])
    return entry is not None and entry.status == EntryStatus.RETURNED.value
