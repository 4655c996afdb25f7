"""Reading and writing numbers the way Thai officers type them (handlers/numbers.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.numbers import (
    MAX_VALUE,
    NumberError,
    Reading,
    check_value,
    format_number,
    read_number,
    unit_differs,
)
from models.entities import ValueType
from models.parsing import normalize_digits

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
REASONS = {"empty", "not_number", "grouping", "negative", "too_large"}


def parse_number(text: str | None) -> Decimal:
    """A decimal answer as the submission reads it (handlers/answers.py): read, then checked
    against the value type; "nothing" (ไม่มี) is not a number here."""
    reading = read_number(text)
    if reading.nil:
        raise NumberError("not_number")
    return check_value(reading, ValueType.DECIMAL)


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


# --- strict grouping, scale words, units, nothing-words (issue #11, points 4–7) -----------------


@pytest.mark.parametrize(
    ("text", "suggestions"),
    [
        ("12,50", ("1,250", "12.5")),  # 12.50 with a comma: never 1250
        ("1,2,5,0", ("1,250",)),
        ("1,25", ("125", "1.25")),
        ("123,4567", ("1,234,567", "123.4567")),
        ("๑๒,๕๐", ("1,250", "12.5")),
        ("12,50 บาท", ("1,250", "12.5")),
    ],
)
def test_misplaced_grouping_separators_are_ambiguous_not_guessed(text, suggestions):
    with pytest.raises(NumberError) as caught:
        read_number(text)
    assert caught.value.reason == "grouping"
    assert caught.value.suggestions == suggestions
    with pytest.raises(NumberError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1.2 ล้าน", "1200000", None),
        ("1.2ล้าน", "1200000", None),
        ("1.2 ล้านบาท", "1200000", "บาท"),
        ("1.2 ล้าน บาท", "1200000", "บาท"),
        ("1.2 ลบ.", "1200000", "บาท"),
        ("1.2M", "1200000", None),
        ("1.2 m", "1200000", None),
        ("3 แสน", "300000", None),
        ("๕ หมื่น", "50000", None),
        ("2.5 พัน บาท", "2500", "บาท"),
        ("1,500 ล้าน", "1500000000", None),
    ],
)
def test_scale_words_multiply(text, value, unit):
    reading = read_number(text)
    assert reading == Reading(Decimal(value), unit, scaled=True)
    assert "E" not in str(reading.value)


def test_a_unit_that_begins_like_a_scale_word_is_a_unit():
    assert read_number("12 พันธุ์") == Reading(Decimal(12), "พันธุ์")
    assert read_number("2.5 ล้านบาท", own_unit="ล้านบาท") == Reading(Decimal("2.5"), "ล้านบาท")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("12 ราย", "ราย"),
        ("12ราย", "ราย"),
        ("45%", "ร้อยละ"),
        ("45 ร้อยละ", "ร้อยละ"),
        ("ร้อยละ 45", "ร้อยละ"),
        ("1,250 บาท", "บาท"),
        ("7", None),
    ],
)
def test_the_typed_unit_is_kept_and_percent_signs_read_as_roi_la(text, unit):
    assert read_number(text).unit == unit


@pytest.mark.parametrize(
    ("text", "unit_label", "differs"),
    [
        ("12 ราย", "แห่ง", True),
        ("45%", "แห่ง", True),
        ("12 แห่ง", "แห่ง", False),
        ("12", "แห่ง", False),
        ("45%", "ร้อยละ", False),
        ("ร้อยละ 45", "%", False),
        ("1.2 ลบ.", "บาท", False),
        ("1.2 ลบ.", "ราย", True),
    ],
)
def test_a_unit_differs_only_when_one_was_typed_and_it_is_not_the_indicators(text, unit_label, differs):
    assert unit_differs(read_number(text), unit_label) is differs


@pytest.mark.parametrize("text", ["ไม่มี", "-", "ไม่มีผล", " ไม่มี ", "ไม่มีผลงาน"])
def test_words_for_nothing_read_as_zero(text):
    assert read_number(text) == Reading(Decimal(0), nil=True)


@pytest.mark.parametrize("text", ["-", "ไม่มี"])
def test_parse_number_alone_still_wants_digits(text):
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert caught.value.reason == "not_number"


@pytest.mark.parametrize(
    ("text", "value_type", "expected"),
    [
        ("12", ValueType.WHOLE, "12"),
        ("0", ValueType.WHOLE, "0"),
        ("2.5", ValueType.DECIMAL, "2.5"),
        ("100", ValueType.PERCENTAGE, "100"),
        ("0.5", ValueType.PERCENTAGE, "0.5"),
        ("150", ValueType.RATIO, "150"),
        ("-2", ValueType.CHANGE, "-2"),
        ("−2.5", ValueType.CHANGE, "-2.5"),
        ("250", ValueType.CHANGE, "250"),
        ("1.2 ล้าน", ValueType.AMOUNT, "1200000"),
        ("3 หมื่น", ValueType.WHOLE, "30000"),
        ("ไม่มี", ValueType.PERCENTAGE, "0"),
        ("-", ValueType.AMOUNT, "0"),
    ],
)
def test_check_value_accepts_what_the_value_type_allows(text, value_type, expected):
    assert check_value(read_number(text), value_type) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "value_type", "reason"),
    [
        ("2.5", ValueType.WHOLE, "not_whole"),
        ("2.5 แห่ง", ValueType.WHOLE, "not_whole"),
        ("-1", ValueType.WHOLE, "negative"),
        ("-1", ValueType.DECIMAL, "negative"),
        ("-1", ValueType.RATIO, "negative"),
        ("-1", ValueType.AMOUNT, "negative"),
        ("-1", ValueType.PERCENTAGE, "negative"),
        ("100.5", ValueType.PERCENTAGE, "over_100"),
        ("150%", ValueType.PERCENTAGE, "over_100"),
        ("1.2 ล้าน", ValueType.PERCENTAGE, "scale"),
        ("1 พัน", ValueType.RATIO, "scale"),
        ("2 แสน", ValueType.CHANGE, "scale"),
    ],
)
def test_check_value_refuses_what_the_value_type_does_not_allow(text, value_type, reason):
    with pytest.raises(NumberError) as caught:
        check_value(read_number(text), value_type)
    assert caught.value.reason == reason


@given(st.text(max_size=40))
def test_any_text_reads_as_a_bounded_number_or_a_number_error(text):
    try:
        reading = read_number(text)
    except NumberError as error:
        assert error.reason in REASONS
    else:
        assert abs(reading.value) <= MAX_VALUE


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", 3),
        (" 12 ", 12),
        ("๓", 3),
        ("²", None),
        ("١٢", None),
        ("3a", None),
        ("", None),
        ("-1", None),
    ],
)
def test_list_choices_accept_only_plain_numbers(text, expected):
    from handlers.numbers import parse_choice

    assert parse_choice(text) == expected
