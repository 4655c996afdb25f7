"""Thai text in lines: wrapped at word boundaries, clipped between words, counted for row heights.

Thai is written without spaces between words, so a break at a fixed width lands inside a word
("การดำเน / ินธุรกิจ"), and a break before a vowel or tone mark written above or below its letter
leaves the mark alone at the start of a line, drawn on a dotted circle. PyThaiNLP's dictionary
tokenizer ("newmm": maximal matching over Thai character clusters, pure Python, its dictionary in
the wheel) finds the word boundaries; a word longer than a line is cut only between grapheme
clusters (a letter with its marks, a leading vowel with its letter).

One implementation for every place text is laid out: chart labels (`reports.charts`), the names
clipped for chat buttons and lines (`handlers.clip`), sheet names, and the lines a cell wraps to.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from pythainlp.tokenize import word_tokenize

Measure = Callable[[str], float]

# Vowels and tone marks written above or below their letter: no width of their own, and never the
# first character of a line (U+0E31, U+0E34-U+0E3A, U+0E47-U+0E4E).
COMBINING = frozenset(chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)))
_FOLLOWING = frozenset("\u0e30\u0e32\u0e33\u0e45")  # ะ า ำ ๅ: written after their letter, in its syllable
_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")  # เ แ โ ใ ไ: written before their letter
ELLIPSIS = "…"
_TRAILING = " :;,/-(–·"  # what a clipped text should not end with before the ellipsis
_OPENING = frozenset("([{“‘")  # kept with the word after it
_CLOSING = frozenset(")]}”’.,:;!?%…/")  # kept with the word before it
_SEPARATORS = frozenset({"·", "•", "|"})  # between phrases: left out where a line breaks there

# Words the dictionary splits that a reader keeps together on one line. They are joined after
# tokenizing, so that every line is still a run of whole words of the tokenizer.
KEEP_TOGETHER: tuple[tuple[str, ...], ...] = (
    ("กลุ่ม", "เกษตรกร"),
    ("วิสาหกิจ", "ชุมชน"),
    ("ร้อย", "ละ"),
    ("ข้อ", "เสนอแนะ"),
    ("ดำเนิน", "การ"),
    ("ผลผลิต", "/", "โครงการ"),
)
# Words that begin the word after them: "การ" and "ความ" make nouns of verbs ("การ|ดำเนิน"), "ไม่"
# negates it, and the dictionary reads "โครงการพัฒนา" as "โครง|การพัฒนา".
NO_BREAK_AFTER = frozenset({"การ", "ความ", "โครง", "ไม่"})

SHEET_TITLE_MAX = 31  # Excel's limit on a sheet name
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")  # characters Excel forbids in a sheet name


def is_combining(ch: str) -> bool:
    """A mark drawn on the letter before it (Thai above/below vowels and tone marks, or any other
    script's non-spacing mark)."""
    return ch in COMBINING or unicodedata.category(ch) in ("Mn", "Me")


def display_width(text: str) -> int:
    """Columns ``text`` takes on a line: combining marks and format characters take none, wide
    (CJK) characters two."""
    width = 0
    for ch in text:
        if is_combining(ch) or unicodedata.category(ch) == "Cf":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def clusters(text: str) -> list[str]:
    """``text`` cut between grapheme clusters: a letter keeps its marks and following vowels
    (ะ า ำ), a leading vowel (เ แ โ ใ ไ) its letter."""
    out: list[str] = []
    for ch in text:
        if out and (is_combining(ch) or ch in _FOLLOWING or out[-1][-1] in _LEADING):
            out[-1] += ch
        else:
            out.append(ch)
    return out


@lru_cache(maxsize=16384)
def _grouped(text: str) -> tuple[tuple[str, ...], ...]:
    """The tokenizer's words of ``text`` (spaces kept), grouped into the words a line keeps whole:
    punctuation with its word, KEEP_TOGETHER's compounds, NO_BREAK_AFTER's words with the next."""
    tokens = word_tokenize(text, engine="newmm", keep_whitespace=True)
    glued: list[tuple[str, ...]] = []
    i = 0
    while i < len(tokens):
        compound = next((c for c in KEEP_TOGETHER if tuple(tokens[i : i + len(c)]) == c), None)
        group = compound or (tokens[i],)
        i += len(group)
        if glued and "".join(glued[-1][-1:]) in NO_BREAK_AFTER and not group[0].isspace():
            glued[-1] += group
        else:
            glued.append(group)
    out: list[tuple[str, ...]] = []
    opening: tuple[str, ...] = ()
    for group in glued:
        word = "".join(group)
        if set(word) <= _OPENING:
            opening += group
        elif out and not opening and set(word) <= _CLOSING and not "".join(out[-1]).isspace():
            out[-1] += group
        else:
            out.append(opening + group)
            opening = ()
    if opening:
        out.append(opening)
    return tuple(out)


def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` a line keeps whole, in order, spaces kept as words of their own:
    joined, they give ``text`` back. Each is a run of the tokenizer's words."""
    return tuple("".join(group) for group in _grouped(text))


def _lines(paragraph: str, width: float, measure: Measure) -> list[list[str]]:
    """One paragraph broken into lines of words. A word longer than a line is broken between the
    tokenizer's words it is made of, and one of those longer than a line between its clusters."""
    lines: list[list[str]] = []
    line: list[str] = []

    def place(piece: str) -> bool:
        """Add ``piece`` to the line if it fits (a space always does, and is dropped at a start)."""
        nonlocal line
        if piece.isspace():
            if line:
                line.append(piece)
            return True
        if measure("".join([*line, piece]).rstrip()) <= width:
            line.append(piece)
            return True
        return False

    def next_line() -> None:
        nonlocal line
        if line:
            lines.append(line)
        line = []

    for group in _grouped(paragraph):
        if place("".join(group)):
            continue
        next_line()
        if place("".join(group)):
            continue
        for token in group:
            if place(token):
                continue
            next_line()
            if place(token):
                continue
            for cluster in clusters(token):
                if not place(cluster):
                    next_line()
                    line.append(cluster)  # a cluster wider than the line has a line of its own
    next_line()
    # No line ends with a space, nor a line broken at " · " with the separator.
    return [
        _strip_end(line, _SEPARATORS if n < len(lines) - 1 else frozenset()) for n, line in enumerate(lines)
    ]


def _strip_end(line: list[str], separators: frozenset[str]) -> list[str]:
    end = len(line)
    while end > 1 and (line[end - 1].isspace() or line[end - 1] in separators):
        end -= 1
    return line[:end]


def _fit(groups: Sequence[Sequence[str]], room: float, measure: Measure) -> str:
    """The longest run of whole words (``groups``: each word as its tokenizer's words) from the
    start within ``room``, without trailing punctuation. When the first word alone is too long:
    its tokenizer's words that fit, else its clusters."""
    kept = _run(["".join(group) for group in groups], room, measure)
    if kept or not groups:
        return kept
    return _run(groups[0], room, measure) or _run(clusters("".join(groups[0]).strip()), room, measure)


def _run(pieces: Sequence[str], room: float, measure: Measure) -> str:
    kept = ""
    for piece in pieces:
        if measure((kept + piece).rstrip(_TRAILING)) > room:
            break
        kept += piece
    return kept.rstrip(_TRAILING)


def wrap(
    text: str, width: float, measure: Measure = display_width, max_lines: int | None = None
) -> list[str]:
    """``text`` in lines of at most ``width`` (by ``measure``: display columns unless told), broken
    between words; a newline in ``text`` always breaks. With ``max_lines``, the last line kept ends
    with an ellipsis when text is left out. A blank text has no lines."""
    broken = [line for paragraph in text.split("\n") for line in _lines(paragraph, width, measure)]
    lines = ["".join(line) for line in broken]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = [(piece,) for piece in broken[max_lines - 1]]
        lines[-1] = _fit(last, width - measure(ELLIPSIS), measure) + ELLIPSIS
    return lines


def clip(text: str | None, width: float, measure: Measure = len, ellipsis: str = ELLIPSIS) -> str:
    """``text`` on one line, at most ``width`` (characters unless told): whole words, and the
    ellipsis when words were left out."""
    text = " ".join((text or "").split())
    if measure(text) <= width:
        return text
    room = max(width - measure(ellipsis), 1)
    return _fit(_grouped(text), room, measure) + ellipsis


def sheet_title(text: str, width: int = SHEET_TITLE_MAX) -> str:
    """A sheet name Excel accepts: none of []:*?/\\, no apostrophe at either end, at most
    ``width`` characters, clipped between words."""
    cleaned = " ".join(_SHEET_BAD.sub(" ", text).split()).strip("'")
    return clip(cleaned, width).strip("'")


def line_count(text: str, column_width: float, measure: Measure = display_width) -> int:
    """The lines ``text`` takes wrapped in a column ``column_width`` wide (by ``measure``): at
    least one; an empty line between paragraphs counts."""
    return sum(max(1, len(wrap(paragraph, column_width, measure))) for paragraph in text.split("\n"))


def warm_up() -> None:
    """Load the tokenizer's dictionary now (about 0.4 s, once per process), so that the first
    person to see a long name does not wait for it: the web app calls this as it starts."""
    word_tokenize("ติดตามผลการดำเนินงาน", engine="newmm")
