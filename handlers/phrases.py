"""What people type, understood in one place: the phrase table.

A text is first ``normalise``d: spaces (also zero-width ones) and dots removed, polite endings
dropped (ค่ะ, คะ, ครับ, นะ, จ้า, หน่อย ...), Thai digits made Arabic, English lower-cased. It is then
looked up in ONE table, PHRASES: a phrase → the word of the dialogue entry it starts (a command
word of a declared dialogue, or a word the dialogues answer: ยกเลิก, ยืนยัน, ข้าม ...), or
``(word, argument)`` for an entry that takes one (a report kind for ขอรายงาน: every kind's name and
aliases, declared with the kind in reports/kinds.py, are folded in).

Every entry word and every rich-menu label is understood as itself without a line here. A phrase
for a new dialogue is one line of the table, e.g. ``"ส่งแทน": T.W_REPORT_FOR``; its polite forms,
spacing and digits come free. An entry that reads what follows its phrase ("ตป.๑ ธ.ค. 69")
declares ``given`` (handlers/dialogue.py).

Inside a dialogue only whole phrases without an argument count (an answer "301" stays an answer);
what is still not understood gets the closest commands (``Table.closest``, difflib's ratio).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from handlers import texts as T
from models.parsing import normalize_digits
from reports import kinds

Meaning = str | tuple[str, str]  # an entry word, or (entry word, argument)

PHRASES: dict[str, Meaning] = {
    # รายงานแทน: results entered on another unit's behalf (#22)
    "ส่งแทน": T.W_REPORT_FOR,
    "บันทึกแทน": T.W_REPORT_FOR,
    "กรอกแทน": T.W_REPORT_FOR,
    # รายงาน: an office's results of the month
    "รายงานผล": T.W_REPORT,
    "รายงานผลงาน": T.W_REPORT,
    "รายงานผลประจำเดือน": T.W_REPORT,
    "รายงานประจำเดือน": T.W_REPORT,
    "ส่งรายงาน": T.W_REPORT,
    "ส่งผล": T.W_REPORT,
    "ส่งผลงาน": T.W_REPORT,
    "กรอกผล": T.W_REPORT,
    "กรอกข้อมูล": T.W_REPORT,
    "ทำรายงาน": T.W_REPORT,
    "เริ่มรายงาน": T.W_REPORT,
    "รายงานต่อ": T.W_REPORT,
    "report": T.W_REPORT,
    # สถานะ
    "ขอดูสถานะ": T.W_STATUS,
    "ดูสถานะ": T.W_STATUS,
    "เช็คสถานะ": T.W_STATUS,
    "เช็กสถานะ": T.W_STATUS,
    "ตรวจสอบสถานะ": T.W_STATUS,
    "สถานะรายงาน": T.W_STATUS,
    "ความคืบหน้า": T.W_STATUS,
    "ส่งครบยัง": T.W_STATUS,
    "ส่งครบหรือยัง": T.W_STATUS,
    "status": T.W_STATUS,
    # แก้ไข
    "แก้ไขผล": T.W_CORRECT,
    "แก้ผล": T.W_CORRECT,
    "แก้ไขข้อมูล": T.W_CORRECT,
    "แก้ไขค่า": T.W_CORRECT,
    "แก้ไขรายงาน": T.W_CORRECT,
    "แก้ค่า": T.W_CORRECT,
    "edit": T.W_CORRECT,
    # ขอรายงาน (a report file)
    "ขอไฟล์รายงาน": T.W_REQUEST_REPORT,
    "ขอไฟล์": T.W_REQUEST_REPORT,
    "ไฟล์รายงาน": T.W_REQUEST_REPORT,
    "ดาวน์โหลดรายงาน": T.W_REQUEST_REPORT,
    "ออกรายงาน": T.W_REQUEST_REPORT,
    "ขอเอกสารรายงาน": T.W_REQUEST_REPORT,
    "download": T.W_REQUEST_REPORT,
    # ... a kind of report, alone or with a month ("ตป.๑ ธ.ค. 69"): its name and aliases in reports/kinds.py
    # ตรวจ
    "ตรวจผล": T.W_REVIEW,
    "ตรวจผลงาน": T.W_REVIEW,
    "ตรวจรายงาน": T.W_REVIEW,
    "ตรวจสอบผล": T.W_REVIEW,
    "ตรวจสอบรายงาน": T.W_REVIEW,
    "อนุมัติผล": T.W_REVIEW,
    "review": T.W_REVIEW,
    # ยกเลิกการอนุมัติ
    "ยกเลิกอนุมัติ": T.W_UNAPPROVE,
    "ถอนอนุมัติ": T.W_UNAPPROVE,
    "ถอนการอนุมัติ": T.W_UNAPPROVE,
    # สรุปโครงการ
    "สรุปผลโครงการ": T.W_SUMMARY,
    "เขียนสรุปโครงการ": T.W_SUMMARY,
    # ปิดรอบ / เปิดรอบ
    "ปิดรอบรายงาน": T.W_CLOSE,
    "ปิดรอบเดือน": T.W_CLOSE,
    "เปิดรอบรายงาน": T.W_REOPEN,
    "เปิดรอบใหม่": T.W_REOPEN,
    # พักแจ้งเตือน / เปิดแจ้งเตือน
    "หยุดแจ้งเตือน": T.W_PAUSE,
    "ปิดแจ้งเตือน": T.W_PAUSE,
    "พักการแจ้งเตือน": T.W_PAUSE,
    "เปิดการแจ้งเตือน": T.W_RESUME,
    "รับแจ้งเตือน": T.W_RESUME,
    # ผู้ใช้, ประวัติ, ความตรงเวลา
    "จัดการผู้ใช้": T.W_USERS,
    "ผู้ใช้งาน": T.W_USERS,
    "users": T.W_USERS,
    "ประวัติการแก้ไข": T.W_AUDIT,
    "ดูประวัติ": T.W_AUDIT,
    "history": T.W_AUDIT,
    "ส่งตรงเวลา": T.W_TIMELINESS,
    "คะแนนความตรงเวลา": T.W_TIMELINESS,
    # ช่วยเหลือ
    "help": T.W_HELP,
    "เมนู": T.W_HELP,
    "menu": T.W_HELP,
    "วิธีใช้": T.W_HELP,
    "คู่มือ": T.W_HELP,
    "คำสั่ง": T.W_HELP,
    "ช่วย": T.W_HELP,
    "ทำอะไรได้บ้าง": T.W_HELP,
    # greetings
    "หวัดดี": T.W_GREETING,
    "ดี": T.W_GREETING,
    "สวัสดีตอนเช้า": T.W_GREETING,
    "อรุณสวัสดิ์": T.W_GREETING,
    "hello": T.W_GREETING,
    "hi": T.W_GREETING,
    # thanks and okay: a short polite reply (outside a dialogue only: inside, an answer)
    "ขอบคุณมาก": T.W_THANKS,
    "ขอบใจ": T.W_THANKS,
    "โอเค": T.W_THANKS,
    "ok": T.W_THANKS,
    "okay": T.W_THANKS,
    "thanks": T.W_THANKS,
    "thankyou": T.W_THANKS,
    # words the dialogues answer
    "cancel": T.W_CANCEL,
    "skip": T.W_SKIP,
    "back": T.W_BACK,
}

_ASKING = ("ขอดู", "ขอ")  # "ขอ ตป.1 ธ.ค. 69", "ขอดูสถานะรายงาน": asking for what follows
_POLITE = ("ครับผม", "คร้าบ", "ครับ", "คับ", "ค่ะ", "ค่า", "คะ", "จ้า", "จ้ะ", "จ๊ะ", "น้า", "นะ", "หน่อย")
_IGNORED = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff.]+")
_ENDS = "!?~ๆ"


def strip_polite(text: str) -> str:
    """The text without polite endings (ค่ะ, นะคะ, ครับ, หน่อยค่ะ ...), its inner spaces kept."""
    for shorter in _shorter(text.strip()):
        text = shorter
    return text


def _shorter(text: str) -> Iterable[str]:
    """``text``, then without its last polite ending, and so on ('สถานะค่ะ', 'สถานะ', 'สถา')."""
    text = text.rstrip(_ENDS).rstrip()
    yield text
    while True:
        ending = next((e for e in _POLITE if text.endswith(e) and len(text) > len(e)), None)
        if ending is None:
            return
        text = text[: -len(ending)].rstrip().rstrip(_ENDS).rstrip()
        yield text


def normalise(text: str) -> str:
    """'ขอดู สถานะ' → 'ขอดูสถานะ', 'ตป.๑' → 'ตป1', 'Status' → 'status' (polite endings stay:
    ``keys`` drops them one by one, so that สถานะ keeps its นะ)."""
    text = normalize_digits(text.replace("\u0e4d\u0e32", "\u0e33")).lower()
    return _IGNORED.sub("", text)


def keys(text: str) -> list[str]:
    """The keys to look ``text`` up under, longest first: 'ขอดูสถานะหน่อยค่ะ', 'ขอดูสถานะหน่อย', 'ขอดูสถานะ'."""
    return list(_shorter(normalise(text)))


@dataclass(frozen=True)
class Understood:
    word: str  # the entry word (or a dialogue word such as ยกเลิก)
    arg: str | None = None  # what the phrase adds (a report kind)
    rest: str = ""  # what followed the phrase, for an entry that reads it ("ธ.ค. 69")

    @property
    def plain(self) -> bool:
        return self.arg is None and not self.rest


def _split(meaning: Meaning) -> tuple[str, str | None]:
    return (meaning, None) if isinstance(meaning, str) else meaning


class Table:
    """The phrase table with the registry's entry words and the rich-menu labels folded in."""

    def __init__(self, words: Iterable[str], given: Iterable[str] = ()) -> None:
        self.words = frozenset(words)
        self.given = frozenset(given)  # entry words whose entry reads what follows the phrase
        table: dict[str, tuple[str, str | None]] = {}
        for word, label in T.RICH_MENU_LABELS.items():
            table[normalise(label)] = (word, None)
        for phrase, meaning in PHRASES.items():
            table[normalise(phrase)] = _split(meaning)
        for kind in kinds.chat_kinds():  # a report kind's name and aliases ask for it
            for alias in (kind.name, *kind.aliases):
                table[normalise(alias)] = (T.W_REQUEST_REPORT, kind.code)
        for word in self.words | {T.W_CANCEL, T.W_CONFIRM, T.W_SKIP, T.W_BACK, T.W_YES}:
            table[normalise(word)] = (word, None)
        self.table = table

    def understand(self, text: str, inside: bool = False) -> Understood | None:
        """What ``text`` asks for, or None. ``inside`` a dialogue: whole phrases without an
        argument only, never a number."""
        if text in self.words:
            return None if inside and text == T.W_THANKS else Understood(text)
        for key in keys(text):
            found = self.table.get(key)
            if found is not None:
                word, arg = found
                if inside and (arg is not None or key.isdigit() or word == T.W_THANKS):
                    return None
                return Understood(word, arg)
        if inside:
            return None
        return self._with_rest(normalize_digits(text)) or self._asked(text)

    def _asked(self, text: str) -> Understood | None:
        """What follows a leading ขอ/ขอดู: 'ขอ ตป.1 ธ.ค. 69', 'ขอดูสถานะรายงานค่ะ'."""
        text = text.strip()
        for asking in _ASKING:
            if text.startswith(asking) and text[len(asking) :].strip():
                return self.understand(text[len(asking) :])
        return None

    def _with_rest(self, text: str) -> Understood | None:
        """The longest phrase at the start of ``text`` whose entry reads the rest: 'ตป.1 ธ.ค. 69'."""
        for end in range(len(text) - 1, 0, -1):
            head, rest = text[:end], text[end:].strip()
            if not rest or (head[-1].isdigit() and rest[0].isdigit()):
                continue
            found = self.table.get(normalise(head))
            if found is not None and found[0] in self.given and normalise(rest):
                return Understood(found[0], found[1], _ordinal(rest))
        return None

    def kind_of(self, text: str) -> tuple[str, str] | None:
        """A report kind at the start of ``text`` and what follows: 'ตป1 12/2569' → ('tp1', '12/2569')."""
        understood = self.understand(text)
        if understood is None or understood.word != T.W_REQUEST_REPORT or understood.arg is None:
            return None
        return understood.arg, understood.rest

    def closest(self, text: str, allowed: Iterable[str], n: int = 3) -> list[str]:
        """The ``n`` entry words among ``allowed`` whose phrases look most like ``text``."""
        key = keys(text)[-1]
        best: dict[str, float] = {}
        allowed = list(dict.fromkeys(allowed))
        for phrase, (word, _) in self.table.items():
            if word not in allowed or not phrase:
                continue
            score = difflib.SequenceMatcher(None, key, phrase).ratio()
            if len(phrase) >= 3 and phrase in key:
                score = max(score, 0.9)
            best[word] = max(best.get(word, 0.0), score)
        ranked = sorted(allowed, key=lambda word: (-best.get(word, 0.0), allowed.index(word)))
        return ranked[:n]


def _ordinal(rest: str) -> str:
    """'ที่ 1' → '1': "ไตรมาสที่ 1" reads as "ไตรมาส 1"."""
    number = rest.removeprefix("ที่").strip()
    return number if number != rest and number[:1].isdigit() else rest


_KINDS = Table((), (T.W_REQUEST_REPORT,))  # the table alone: report kinds need no registry


def report_kind(text: str) -> tuple[str, str] | None:
    """A report kind at the start of ``text`` and what follows, polite endings dropped:
    'ตป1 12/2569 ค่ะ' → ('tp1', '12/2569'), 'ไตรมาส 1' → ('quarterly', '1')."""
    found = _KINDS.kind_of(text)
    return None if found is None else (found[0], strip_polite(found[1]))
