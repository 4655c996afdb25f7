"""Clip a name or a text for a chat line between words, never inside one.

Thai is written without spaces between words, so a cut at a fixed length lands mid-word
("…พัฒนาตามศ"). The reports lay out their text the same way (chart labels, sheet names): the one
implementation, over PyThaiNLP's dictionary tokenizer, is `reports.thai_text`.
"""

from __future__ import annotations

from reports import thai_text
from reports.thai_text import ELLIPSIS, warm_up

__all__ = ["ELLIPSIS", "clip", "warm_up"]


def clip(text: str | None, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters: whole words and an ellipsis."""
    return thai_text.clip(text, limit)
