"""The signature block of a printed form (#25): three columns side by side, who prepared the
form, who checked it and who approved it, each

        ผู้จัดทำ
    ลงชื่อ ..............................
        ( name or a dotted line )
    ตำแหน่ง position or a dotted line
    วันที่ the day the file was made (a preparer who asked for it) or a dotted Buddhist-era date

The wording and the checker's and approver's names and positions come from the plan's sheet
`ตั้งค่า` (models/signers.py, loaded into ``ReportData.signers``); the preparer is the user who
asked for the file (``Meta.prepared_by``) when known. The block stays on one page with the last
rows above it, and is the last thing of the sheet it ends: written at the end of a form's last
sheet, it is on the form's last printed page.
"""

from __future__ import annotations

from collections.abc import Sequence

from models import calendar as cal
from models.signers import PREPARER, Person, Signer, default_signers
from reports.measure import CHARS_PER_WIDTH
from reports.workbook import Meta, Sheet

SIGN_LINE = "ลงชื่อ {dots}"
NAME_LINE = "( {name} )"
POSITION_LINE = "ตำแหน่ง {position}"
DATE_LINE = "วันที่ {date}"
BLANK_DATE = "{day} / {month} / พ.ศ. {year}"
DOT_SHARE = 1.6  # a dot is narrower than a Thai letter: this many dots take a letter's width


def add_signature_block(sheet: Sheet, meta: Meta, signers: Sequence[Signer] = ()) -> None:
    """Write the block under what ``sheet`` holds so far (a blank row, then five rows)."""
    signers = list(signers) or list(default_signers())
    if len(sheet.widths) < len(signers):  # too few columns side by side: one under another
        for signer in signers:
            add_signature_block_column(sheet, meta, signer)
        return
    spans = _spans(sheet.widths, len(signers))
    sheet.pager.keep_with_previous()
    sheet.pager.start_block()
    sheet.blank()
    columns = [_lines(signer, meta, width) for signer, (_, _, width) in zip(signers, spans, strict=True)]
    for line in range(len(columns[0])):
        parts = [(first, last, column[line]) for (first, last, _), column in zip(spans, columns, strict=True)]
        sheet.spans(parts, "tt_sign_head" if line == 0 else "tt_sign")
    sheet.pager.end_block()


def add_signature_block_column(sheet: Sheet, meta: Meta, signer: Signer) -> None:
    sheet.pager.keep_with_previous()
    sheet.pager.start_block()
    sheet.blank()
    for line, text in enumerate(_lines(signer, meta, sum(sheet.widths))):
        sheet.spans([(1, len(sheet.widths), text)], "tt_sign_head" if line == 0 else "tt_sign")
    sheet.pager.end_block()


def _lines(signer: Signer, meta: Meta, width: float) -> list[str]:
    person = signer.person
    if signer.role == PREPARER and meta.prepared_by is not None:
        person = Person(meta.prepared_by.name or person.name, meta.prepared_by.position or person.position)
    letters = max(8, int((width - 2) * CHARS_PER_WIDTH))
    dots = "." * int(letters * DOT_SHARE * 0.75)
    short = "." * int(letters * DOT_SHARE * 0.5)
    # the preparer who asked for the file signs it the day it is made; otherwise the day is written by hand
    day = meta.made if signer.role == PREPARER and meta.prepared_by is not None else None
    return [
        signer.caption,
        SIGN_LINE.format(dots=dots),
        NAME_LINE.format(name=person.name or short),
        POSITION_LINE.format(position=person.position or short),
        DATE_LINE.format(
            date=cal.thai_date(day) if day else BLANK_DATE.format(day="....", month="......", year="......")
        ),
    ]


def _spans(widths: Sequence[float], parts: int) -> list[tuple[int, int, float]]:
    """The table's columns cut into ``parts`` runs of about equal width: (first, last, width), each
    cut at the column edge nearest to its share of the whole width."""
    edges = [sum(widths[:i]) for i in range(len(widths) + 1)]
    cuts = [0]
    for k in range(1, parts):
        goal = edges[-1] * k / parts
        low, high = cuts[-1] + 1, len(widths) - (parts - k)
        cuts.append(min(range(low, high + 1), key=lambda i: abs(edges[i] - goal)))
    cuts.append(len(widths))
    return [(a + 1, b, edges[b] - edges[a]) for a, b in zip(cuts, cuts[1:], strict=False)]
