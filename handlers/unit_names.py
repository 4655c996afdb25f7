"""Units as people read them: by name, short where space is tight (lists, buttons), never a bare
code nobody knows by heart (issue #24: "ยังไม่ส่ง 77 แห่ง: P11, P12, …")."""

from __future__ import annotations

from collections.abc import Sequence

from handlers import texts_review as TR
from handlers.clip import clip
from handlers.messages import QuickReply
from models.entities import Unit

LABEL = 20  # LINE's quick-reply label (bot/line_limits.py QUICK_REPLY_LABEL)
LISTED = 15  # names in one list line before "…และอีก n แห่ง"


def _thai(text: str) -> bool:
    return any("\u0e01" <= ch <= "\u0e5b" for ch in text)


def short_name(code: str, name: str, limit: int = LABEL) -> str:
    """The unit's short name, at most ``limit`` characters, cut between words if at all: a Thai
    code is the plan's own abbreviation (กพก., สสพ.1); else the name with its long prefix abbreviated
    (สำนักงานสหกรณ์จังหวัดเชียงใหม่ → สกจ.เชียงใหม่); else the name clipped between words."""
    if _thai(code) and len(code) <= limit:
        return code
    name = " ".join(name.split())
    for prefix, short in TR.SHORT_PREFIXES.items():
        if name.startswith(prefix) and len(name) > len(prefix):
            return clip(short + name[len(prefix) :].strip(), limit)
    return clip(name or code, limit)


def short(unit: Unit, limit: int = LABEL) -> str:
    return short_name(unit.code, unit.name, limit)


def named(unit: Unit) -> str:
    """One office named in a sentence: "สกจ.ขอนแก่น (P40)", the code kept for typing."""
    name = short(unit, 40)
    return name if name == unit.code else TR.OFFICE_NAMED.format(name=name, code=unit.code)


def name_list(units: Sequence[Unit], listed: int = LISTED) -> str:
    """ "สกจ.กระบี่, สกจ.ตาก, … …และอีก 60 แห่ง": the first ``listed`` by short name, then a count."""
    names = ", ".join(short(u) for u in units[:listed])
    rest = len(units) - listed
    return names + (TR.NAMES_MORE.format(n=rest) if rest > 0 else "")


def office_button(unit: Unit) -> QuickReply:
    """A button labelled with the short name that sends the code (what the dialogue reads)."""
    return QuickReply(label=short(unit), text=unit.code)
