"""Reading what people type: Thai digits, BE or CE years, dates, period codes and Thai month names,
and the words that mean "nothing". The one home of these rules: the chat (handlers), the reports,
the plan import, the scheduler and the CLI all read through here.

A four-digit year of 2400 or more is a Buddhist Era year (พ.ศ.), anything lower is CE.
Error messages are Thai: the chat and the CLI show them as they are.
"""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date

from models.calendar import LOCALE, be_year, ce_year

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
FIRST_BE_YEAR = 2400  # 2400 BE = 1857 CE: no four-digit CE year we meet is that high

# What officers answer when there is nothing to report; stored as it is in the problems and
# solutions texts, and shown as the quick reply for "nothing" (handlers.texts.W_NONE).
NO_PROBLEMS = "ไม่มี"
# Other ways of saying "no problems" in a problems answer: stored as NO_PROBLEMS.
NO_PROBLEMS_WORDS = frozenset({"-", "ไม่มีปัญหา", "ไม่พบปัญหา", "ไม่มีปัญหาอุปสรรค"})
# Words that mean "nothing this month" in a number answer: read as 0.
NIL_WORDS = frozenset({NO_PROBLEMS, "-", "−", "–", "—", "ไม่มีผล", "ไม่มีผลงาน", "ไม่มีผลการดำเนินงาน"})

_PERIOD_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_QUARTER_RE = re.compile(r"^\s*(\d{4})-[Qq]([1-4])\s*$")
_SLASH_DAY_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_THAI_MONTHS_SHORT = {format_date(date(2000, m, 1), "MMM", locale=LOCALE): m for m in range(1, 13)}
_THAI_MONTHS_LONG = {format_date(date(2000, m, 1), "MMMM", locale=LOCALE): m for m in range(1, 13)}


def normalize_digits(text: str) -> str:
    """'๑,๒๕๐' → '1,250'."""
    return text.translate(THAI_DIGITS)


# --- years ------------------------------------------------------------------------------------


def as_ce_year(year: int) -> int:
    """A year typed in either era, as CE: 2569 → 2026, 2026 → 2026."""
    return ce_year(year) if year >= FIRST_BE_YEAR else year


def as_be_year(year: int) -> int:
    """A year typed in either era, as BE: 2026 → 2569, 2569 → 2569."""
    return year if year >= FIRST_BE_YEAR else be_year(year)


def ce_year_from_text(year: int) -> int:
    """A four-digit year of a period code or month name, as CE; a year before 1900 is refused."""
    if year < 1900:
        raise ValueError(f"ปี {year} ไม่ถูกต้อง")
    return as_ce_year(year)


# --- days, periods, quarters, months ----------------------------------------------------------


def parse_iso_day(text: str) -> date:
    """ISO `2026-12-07`, or with a BE year `2569-12-07`. Raises ValueError."""
    value = date.fromisoformat(text.strip())
    return value.replace(year=as_ce_year(value.year))


def parse_day(text: str) -> date:
    """`31/12/2569` (day/month/year, BE or CE) or ISO (`parse_iso_day`); Thai digits allowed.
    Raises ValueError."""
    text = normalize_digits(text.strip())
    match = _SLASH_DAY_RE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(as_ce_year(year), month, day)
    return parse_iso_day(text)


def parse_period(text: str) -> date:
    """`2570-01` (BE) or `2027-01` (CE) → date(2027, 1, 1)."""
    match = _PERIOD_RE.match(text or "")
    if not match:
        raise ValueError("รูปแบบรอบรายงานต้องเป็น ปปปป-ดด เช่น 2570-01")
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError("เดือนต้องอยู่ระหว่าง 01 ถึง 12")
    return date(ce_year_from_text(int(match.group(1))), month, 1)


def parse_quarter(text: str) -> tuple[int, int]:
    """`2570-Q2` → (2570, 2): the fiscal year (BE) and the quarter."""
    match = _QUARTER_RE.match(text or "")
    if not match:
        raise ValueError("รูปแบบไตรมาสต้องเป็น ปปปป-Qn เช่น 2570-Q2")
    return be_year(ce_year_from_text(int(match.group(1)))), int(match.group(2))


def parse_thai_month(text: str) -> date:
    """'ม.ค. 2570' or 'มกราคม 2570' → date(2027, 1, 1)."""
    parts = normalize_digits(text or "").replace("พ.ศ.", " ").split()
    if len(parts) != 2 or not re.fullmatch(r"[0-9]{4}", parts[1]):
        raise ValueError("พิมพ์เดือนและปี เช่น ม.ค. 2570")
    name, year = parts[0], int(parts[1])
    month = _THAI_MONTHS_SHORT.get(name) or _THAI_MONTHS_LONG.get(name)
    if month is None:
        raise ValueError("ไม่รู้จักชื่อเดือนนี้ พิมพ์ เช่น ม.ค. 2570")
    return date(ce_year_from_text(year), month, 1)
