"""Clip a name or a text for a chat line between words, never inside one.

Thai is written without spaces between words, so a cut at a fixed length lands mid-word
("…พัฒนาตามศ"). PyThaiNLP's dictionary tokenizer ("newmm") finds the word boundaries; it is pure
Python with its dictionary in the wheel (no compiler, no download), lighter than PyICU here.
"""

from __future__ import annotations

import unicodedata

from pythainlp.tokenize import word_tokenize

ELLIPSIS = "…"
_TRAILING = " :;,/-(–·"  # what a clipped text should not end with before the ellipsis


def clip(text: str | None, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters: whole words and an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    room = max(limit - 1, 1)
    kept = ""
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        if len(kept) + len(word) > room:
            break
        kept += word
    kept = kept.rstrip(_TRAILING)
    if not kept:  # a single word longer than the line: cut it, but never between a letter and its marks
        cut = room
        while cut > 1 and (unicodedata.category(text[cut]) == "Mn" or "\u0e40" <= text[cut - 1] <= "\u0e44"):
            cut -= 1
        kept = text[:cut]
    return kept + ELLIPSIS


def warm_up() -> None:
    """Load the tokenizer's dictionary now (about 0.4 s, once per process), so that the first
    officer to see a long name does not wait for it: the web app calls this as it starts."""
    word_tokenize("ติดตามผลการดำเนินงาน", engine="newmm")
