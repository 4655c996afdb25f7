"""Reading what an officer types for one item: a number checked against the indicator's value
type and unit (asked back when the unit differs), or a free text; and how a value is shown."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from handlers import texts as T
from handlers import texts_officer as TO
from handlers.numbers import NumberError, check_value, format_number, read_counts, read_number, unit_differs
from models.parsing import NO_PROBLEMS, NO_PROBLEMS_WORDS
from models.value_types import rate_of

MAX_TEXT_ANSWER = 1000


@dataclass(frozen=True)
class Outcome:
    """What reading an answer gave: saved, invalid (say why, ask again) or doubtful (ask once)."""

    status: str  # saved | invalid | doubt | first (one of two counts: the other is asked next)
    message: str = ""
    old: str | None = None
    new: str | None = None


def with_unit(value: Decimal | None, unit: str) -> str:
    """'12 ราย', but 'ร้อยละ 45' as Thai writes percentages; '-' when there is no value."""
    if value is None:
        return "-"
    if unit in ("ร้อยละ", "%"):
        return f"ร้อยละ {format_number(value)}"
    return f"{format_number(value)} {unit}"


def shown_value(value: Decimal, unit: str, numerator: Decimal | None, denominator: Decimal | None) -> str:
    """A saved value as the officer and the reviewer see it: a rate from counts with its counts,
    "ร้อยละ 30 (12/40)"; anything else as ``with_unit``."""
    if numerator is None or not denominator:
        return with_unit(value, unit)
    return T.COUNTS_SHOWN.format(
        rate=format_number(value), numerator=format_number(numerator), denominator=format_number(denominator)
    )


def number_error(error: NumberError, unit: str, answer: str) -> str:
    if error.reason == "grouping":
        choices = T.ERR_GROUPING_OR.join(error.suggestions)
        return T.ERR_GROUPING.format(
            text=" ".join(answer.split()),
            choices=T.ERR_GROUPING_CHOICES.format(choices=choices) if choices else "",
        )
    return {
        "empty": T.ERR_EMPTY,
        "not_number": T.ERR_NOT_NUMBER.format(unit=unit),
        "negative": T.ERR_NEGATIVE,
        "too_large": T.ERR_TOO_LARGE,
        "not_whole": T.ERR_NOT_WHOLE.format(unit=unit),
        "over_100": T.ERR_OVER_100,
        "scale": T.ERR_SCALE,
    }[error.reason]


@dataclass(frozen=True)
class Answer:
    """A typed number read for one item, and a note for the reply (ไม่มี → 0, 1.2 ล้าน)."""

    value: Decimal
    note: str = ""
    counts: tuple[Decimal, Decimal] | None = None  # a count rate's numerator and denominator


def read_answer(answer: str, value_type: str, unit: str, force: bool) -> Answer | Outcome:
    """The number read, or the outcome that stops it: invalid, or a unit that is not the item's
    (asked back once)."""
    try:
        reading = read_number(answer, unit)
        value = check_value(reading, value_type)
    except NumberError as error:
        return Outcome("invalid", number_error(error, unit, answer or ""))
    shown = with_unit(value, unit)
    if not force and unit_differs(reading, unit):
        return Outcome("doubt", T.DOUBT_UNIT.format(typed=reading.unit, unit=unit, value=shown))
    if reading.nil:
        return Answer(value, note=T.NOTE_NIL.format(word=" ".join(answer.split()), value=shown))
    return Answer(value, note=T.NOTE_SCALED.format(value=shown) if reading.scaled else "")


COUNT_ERRORS = {
    "counts": T.ERR_COUNTS,
    "not_number": T.ERR_COUNTS,
    "zero_denominator": T.ERR_ZERO_DENOMINATOR,
    "numerator_over": T.ERR_NUMERATOR_OVER,
}


def read_counts_answer(answer: str, names: dict[str, str]) -> Answer | Outcome:
    """A count rate's two counts ("12/40", "12 จาก 40") and their rate, or why they are refused;
    ``names``: what the numerator and the denominator count."""
    try:
        numerator, denominator = read_counts(answer)
    except NumberError as error:
        if error.reason == "counts" and (first := _one_count(answer)) is not None:
            return Outcome("first", T.Q_COUNTS_SECOND.format(count=format_number(first), **names))
        if error.reason in COUNT_ERRORS:
            return Outcome("invalid", COUNT_ERRORS[error.reason].format(**names))
        return Outcome("invalid", number_error(error, "", answer or ""))
    value = rate_of(numerator, denominator)
    if value is None:  # read_counts refuses a denominator of 0 already
        return Outcome("invalid", T.ERR_ZERO_DENOMINATOR.format(**names))
    return Answer(value, counts=(numerator, denominator))


def _one_count(answer: str) -> Decimal | None:
    """The answer is one count alone ("12"): the first of two asked in turn."""
    try:
        reading = read_number(answer)
        return None if reading.nil else check_value(reading, "whole")
    except NumberError:
        return None


def read_text(answer: str) -> str | Outcome:
    """The text of a free-text answer, or the outcome saying why it is refused."""
    text = (answer or "").strip()
    if not text:
        return Outcome("invalid", T.ERR_TEXT_EMPTY)
    if len(text) > MAX_TEXT_ANSWER:
        return Outcome("invalid", T.ERR_TEXT_TOO_LONG.format(limit=MAX_TEXT_ANSWER))
    if text in NO_PROBLEMS_WORDS:
        return NO_PROBLEMS
    if not has_words(text):  # "5", "๕", "12.5": a number says nothing about a problem or a fix
        return Outcome("invalid", TO.ERR_TEXT_NO_WORDS.format(text=" ".join(text.split())[:40]))
    return text


def has_words(text: str) -> bool:
    """True when ``text`` holds a Thai consonant or a letter of another script, not only digits,
    signs, marks and Thai vowels or repeat signs alone ("ๆ", "ะ")."""
    return any(
        "\u0e01" <= char <= "\u0e2e"
        or (unicodedata.category(char).startswith("L") and not "\u0e00" <= char <= "\u0e7f")
        for char in text
    )
