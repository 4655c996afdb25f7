"""How wide a report's columns are: a Thai letter of TH SarabunPSK 14 pt (or its metric twin
Laksaman, the fallback of fonts-thai-tlwg) takes about 1.6 column width units (Calibri 11 digits)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from reports import thai_text

CHARS_PER_WIDTH = 0.62
MAX_WIDTH = 60
DIGIT_WIDTH = 1.1  # a digit of TH SarabunPSK 14 pt, in column width units


def text_width(text: str) -> float:
    # Thai combining vowels and tone marks take no width of their own.
    return sum(0 if "\u0e31" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e" else 1 for ch in text)


def chars_per_line(width: float) -> float:
    """The letters a line of a cell ``width`` units wide holds (a unit of padding left out)."""
    return max(1.0, (width - 1) * CHARS_PER_WIDTH)


def line_count(text: str, width: float) -> int:
    """The lines ``text`` takes in a cell ``width`` units wide, broken between words (#25)."""
    per_line = chars_per_line(width)
    if "\n" not in text and thai_text.display_width(text) <= per_line:  # one line: no need to find the words
        return 1
    return thai_text.line_count(text, per_line)


def wrapped(text: str, width: float) -> str:
    """``text`` with its line breaks written in, between words, for a cell ``width`` units wide:
    the spreadsheet then never breaks it itself, mid-word (#25: "ร้อย/ละ", "ข้อเสนอ/แนะ")."""
    if "\n" not in text and thai_text.display_width(text) <= chars_per_line(width):
        return text
    return "\n".join(thai_text.wrap(text, chars_per_line(width)))


def word_width(text: str) -> float:
    """The width that holds ``text``'s longest word on one line (a Thai word: PyThaiNLP's)."""
    longest = max((thai_text.display_width(word) for word in thai_text.words(text)), default=0)
    return longest / CHARS_PER_WIDTH + 2


def header_width(header: str) -> float:
    """A header's longest word on one line, the header on at most three lines."""
    whole = thai_text.display_width(header)
    lines = 1 if whole <= 14 else 2 if whole <= 30 else 3
    return max(word_width(header), math.ceil(whole / lines) / CHARS_PER_WIDTH + 2)


def fit_widths(
    columns: Sequence[tuple[str, float | None]], sample: Iterable[Sequence[Any]], limit: int = 300
) -> list[float]:
    """Each column's width from its (header, fixed width or None) and the first ``limit`` rows."""
    # A header gets its longest word on one line (a long header wraps onto two or three lines).
    widths = [max(8.0, header_width(header)) for header, _ in columns]
    for n, values in enumerate(sample):
        if n >= limit:
            break
        for i, value in enumerate(values[: len(columns)]):
            if value is None:
                continue
            text = f"{value:,.2f}" if isinstance(value, (float, Decimal)) else str(value)
            widths[i] = max(widths[i], text_width(text) / CHARS_PER_WIDTH + 2)
    return [
        max(fixed, header_width(header)) if fixed else min(w, MAX_WIDTH)
        for (header, fixed), w in zip(columns, widths, strict=True)
    ]


def number_widths(count: int, sample: Iterable[Sequence[Any]], limit: int = 300) -> list[float]:
    """The width the numbers of each of ``count`` columns take (texts left out: they wrap)."""
    widths = [0.0] * count
    for n, values in enumerate(sample):
        if n >= limit:
            break
        for i, value in enumerate(values[:count]):
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                text = f"{value:,.2f}" if isinstance(value, (float, Decimal)) else f"{value:,}"
                widths[i] = max(widths[i], len(text) * DIGIT_WIDTH + 2)
    return widths


def decimal_kind(values: Iterable[Any]) -> str:
    """The kind of a numeric column holding ``values``: "dec" when any is not whole, else "int"."""
    for value in values:
        if isinstance(value, (float, Decimal)) and value != int(value):
            return "dec"
    return "int"


def fractional(rows: Iterable[Sequence[Any]], columns: range) -> set[int]:
    """Which of ``columns`` hold a number that is not whole in any of ``rows``."""
    found: set[int] = set()
    for row in rows:
        found.update(i for i in columns if i not in found and decimal_kind([row[i]]) == "dec")
        if len(found) == len(columns):
            break
    return found
