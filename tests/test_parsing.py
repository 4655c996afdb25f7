"""Typed text read in one place (models/parsing.py): Thai digits, BE or CE years, days, and the
words for "nothing" that the chat's buttons send."""

from __future__ import annotations

from datetime import date

import pytest

from handlers import texts as T
from handlers.numbers import read_number
from models.parsing import (
    NIL_WORDS,
    NO_PROBLEMS,
    as_be_year,
    as_ce_year,
    normalize_digits,
    parse_day,
    parse_iso_day,
)


def test_a_year_of_2400_or_more_is_buddhist_era():
    assert as_ce_year(2569) == 2026 and as_ce_year(2026) == 2026
    assert as_be_year(2026) == 2569 and as_be_year(2569) == 2569


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31/12/2569", date(2026, 12, 31)),
        ("๓๑/๑๒/๒๕๖๙", date(2026, 12, 31)),
        ("1/2/2027", date(2027, 2, 1)),
        ("2026-12-07", date(2026, 12, 7)),
        (" 2569-12-07 ", date(2026, 12, 7)),
    ],
)
def test_days_are_read_in_either_era_and_with_thai_digits(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize("text", ["31/02/2569", "tomorrow", "", "12/2569"])
def test_a_day_that_does_not_exist_is_refused(text):
    with pytest.raises(ValueError):
        parse_day(text)


def test_the_cli_reads_iso_days_with_a_be_year():
    assert parse_iso_day("2569-12-07") == date(2026, 12, 7)


def test_the_nothing_button_is_read_as_nothing():
    assert T.W_NONE == NO_PROBLEMS
    assert NO_PROBLEMS in NIL_WORDS
    assert read_number(T.W_NONE).nil


def test_every_thai_digit_has_its_arabic_digit():
    assert normalize_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
