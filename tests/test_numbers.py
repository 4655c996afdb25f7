"""Reading and writing numbers the way Thai officers type them (handlers/numbers.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.numbers import MAX_VALUE, NumberError, format_number, normalize_digits, parse_number

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
REASONS = {"empty", "not_number", "negative", "too_large"}


# --- parse_number: what is accepted -----------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,250", "1250"),
        ("1250.5", "1250.5"),
        ("1,250.75", "1250.75"),
        ("๑,๒๕๐", "1250"),
        ("๑๒๕๐", "1250"),
        ("๒.๕", "2.5"),
        ("12 ราย", "12"),
        ("12 แห่ง", "12"),
        ("12ราย", "12"),
        ("45%", "45"),
        ("45 %", "45"),
        ("45.5 ร้อยละ", "45.5"),
        ("1,250 บาท", "1250"),
        ("๑,๒๕๐ บาท", "1250"),
        (" 7 ", "7"),
        ("\u00a07\u00a0", "7"),
        ("\t7\n", "7"),
        ("+7", "7"),
        ("0", "0"),
        ("0.0", "0"),
        ("-0", "0"),
        (".5", "0.5"),
        ("007", "7"),
        ("1000000000000", "1000000000000"),  # the largest value allowed
    ],
)
def test_parse_number_accepts_what_officers_type(text, expected):
    value = parse_number(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.12345", "0.1235"),  # at most four decimal places, half up
        ("0.12344", "0.1234"),
        ("2.00005", "2.0001"),
    ],
)
def test_parse_number_keeps_four_decimal_places(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["1000", "1,000,000", "๑๐๐", "1250.50", "20 ราย"])
def test_parse_number_returns_plain_decimals_not_exponent_form(text):
    """'1000' must not come back as Decimal('1E+3'): it is stored, compared and printed."""
    value = parse_number(text)
    assert "E" not in str(value)
    assert str(value) == format(value, "f")


# --- parse_number: what is refused, and why -------------------------------------------------

@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (None, "empty"),
        ("", "empty"),
        ("   ", "empty"),
        ("\u00a0\t\n", "empty"),
        ("abc", "not_number"),
        ("1e309", "not_number"),
        ("1e3", "not_number"),
        ("NaN", "not_number"),
        ("nan", "not_number"),
        ("inf", "not_number"),
        ("Infinity", "not_number"),
        ("1.2.3", "not_number"),
        ("=1+1", "not_number"),
        ("@SUM(A1)", "not_number"),
        ("😀", "not_number"),
        ("12abc", "not_number"),
        ("12 kg", "not_number"),
        ("45%%", "not_number"),
        ("ราย", "not_number"),
        ("%", "not_number"),
        (",", "not_number"),
        (".", "not_number"),
        ("+", "not_number"),
        ("-", "not_number"),
        ("x" * 6000, "not_number"),
        ("-5", "negative"),
        ("−5", "negative"),  # U+2212 MINUS SIGN, as phone keyboards type it
        ("- 5", "negative"),
        ("-1,250 บาท", "negative"),
        ("-๕", "negative"),
        ("-0.5", "negative"),
        ("99999999999999", "too_large"),
        ("1000000000000.5", "too_large"),
        ("1,000,000,000,001", "too_large"),
        ("9" * 6000, "too_large"),
    ],
)
def test_parse_number_refuses_with_a_reason(text, reason):
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert caught.value.reason == reason


def test_number_error_is_a_value_error_carrying_its_reason():
    error = NumberError("negative")
    assert isinstance(error, ValueError)
    assert error.reason == "negative"
    assert str(error) == "negative"


def test_normalize_digits_maps_every_thai_digit():
    assert normalize_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert normalize_digits("ผล ๑,๒๕๐ ราย") == "ผล 1,250 ราย"


# --- format_number ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1250, "1,250"),
        (Decimal("1250.5"), "1,250.5"),
        (None, "-"),
        (0, "0"),
        (Decimal("0"), "0"),
        (Decimal("0.0000"), "0"),
        (Decimal("1250.00"), "1,250"),
        (Decimal("1E+3"), "1,000"),
        (1234567, "1,234,567"),
        (Decimal("1234567.8912"), "1,234,567.8912"),
        (Decimal("0.25"), "0.25"),
        (Decimal("0.0001"), "0.0001"),
        (2.5, "2.5"),
        (MAX_VALUE, "1,000,000,000,000"),
    ],
)
def test_format_number(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (Decimal("1250.5"), 2, "1,250.50"),
        (Decimal("1250"), 2, "1,250.00"),
        (Decimal("45.678"), 1, "45.7"),
        (None, 2, "-"),
    ],
)
def test_format_number_with_fixed_digits(value, digits, expected):
    assert format_number(value, digits=digits) == expected


# --- properties -------------------------------------------------------------------------------

typed_values = st.decimals(
    min_value=0, max_value=Decimal("999999999999.9999"), places=4, allow_nan=False, allow_infinity=False
)


@given(typed_values)
def test_what_the_bot_shows_reads_back_as_the_same_number(value):
    assert parse_number(format_number(value)) == value


@given(typed_values)
def test_the_same_number_in_thai_digits_reads_back_too(value):
    assert parse_number(format_number(value).translate(THAI)) == value


@given(st.text(max_size=40))
def test_any_text_gives_a_number_in_range_or_a_number_error(text):
    try:
        value = parse_number(text)
    except NumberError as error:
        assert error.reason in REASONS
    else:
        assert 0 <= value <= MAX_VALUE
        assert value == value.quantize(Decimal("0.0001"))


@pytest.mark.parametrize(("text", "expected"), [
    ("3", 3), (" 12 ", 12), ("๓", 3), ("²", None), ("١٢", None), ("3a", None), ("", None), ("-1", None),
])
def test_list_choices_accept_only_plain_numbers(text, expected):
    from handlers.numbers import parse_choice

    assert parse_choice(text) == expected
