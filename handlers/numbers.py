"""Reading numbers the way Thai officers type them: 1,250 · ๑,๒๕๐ · 12 ราย · 45% · 1250.5 บาท."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
MAX_VALUE = Decimal("1000000000000")  # one trillion: larger is a typing mistake
_NUMBER = re.compile(
    r"^(?P<sign>[-+−]?)\s*(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?P<unit>%|[\u0E01-\u0E4F.]+)?$"
)


class NumberError(ValueError):
    """Why a text is not an acceptable number: one of 'empty', 'not_number', 'negative', 'too_large'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalize_digits(text: str) -> str:
    return text.translate(THAI_DIGITS)


def parse_number(text: str | None) -> Decimal:
    """Parse a non-negative number; raise NumberError with the reason otherwise."""
    cleaned = normalize_digits((text or "").strip()).replace("\u00a0", " ")
    if not cleaned:
        raise NumberError("empty")
    match = _NUMBER.match(cleaned)
    if not match:
        raise NumberError("not_number")
    digits = match.group("num").replace(",", "")
    try:
        value = Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
        raise NumberError("not_number") from exc
    if match.group("sign") in ("-", "−") and value != 0:
        raise NumberError("negative")
    if value > MAX_VALUE:
        raise NumberError("too_large")
    return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize() + Decimal(0)


def format_number(value: Decimal | int | float | None, *, digits: int | None = None) -> str:
    """1250 → '1,250'; 1250.5 → '1,250.5'; None → '-'."""
    if value is None:
        return "-"
    value = Decimal(value)
    if digits is not None:
        return f"{value:,.{digits}f}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text


_CHOICE = re.compile(r"[0-9]{1,6}")


def parse_choice(text: str | None) -> int | None:
    """A list number typed by the user ('3', '๓'); None for anything else (also '²', '3a')."""
    cleaned = normalize_digits((text or "").strip())
    return int(cleaned) if _CHOICE.fullmatch(cleaned) else None
