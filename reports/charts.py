"""Chart PNGs for chat (matplotlib, Agg backend, a Thai font when one is installed). Pure: rows in, bytes out."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from reports import labels as L
from reports.completeness import is_complete
from reports.rows import ReportData

if TYPE_CHECKING:
    from matplotlib.font_manager import FontManager

THAI_FONTS = (
    "TH Sarabun New",
    "TH SarabunPSK",
    "Sarabun",
    "Loma",
    "Garuda",
    "Norasi",
    "Kinnari",
    "Waree",
    "Noto Sans Thai",
)
MAX_BARS = 12


@cache
def thai_font() -> str | None:
    """The first installed font family that can draw Thai, or None (matplotlib's default then)."""
    from matplotlib import font_manager  # heavy: imported only when a chart is drawn

    manager = font_manager.fontManager
    found = _first_thai(manager)
    if found is None:
        # matplotlib keeps its font list in a cache file; a Thai font installed after that file
        # was written is not in it. Add the system's Thai font files to this process.
        for path in thai_font_files():
            try:
                manager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue  # an unreadable file: try the next one
        found = _first_thai(manager)
    return found


_THAI_FILE_NAMES = re.compile("|".join(name.replace(" ", "") for name in THAI_FONTS), re.IGNORECASE)


def thai_font_files() -> list[str]:
    """The system's font files of the Thai families (by file name: Loma.ttf, Sarabun-Bold.ttf)."""
    from matplotlib import font_manager  # heavy: imported only when a chart is drawn

    return [path for path in font_manager.findSystemFonts() if _THAI_FILE_NAMES.search(Path(path).name)]


def _first_thai(manager: FontManager) -> str | None:
    installed = {f.name for f in manager.ttflist}
    return next((name for name in THAI_FONTS if name in installed), None)


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chart_png(kind: str, data: ReportData) -> bytes:
    """Bars of % of target per indicator (status: % of complete offices per division)."""
    import matplotlib  # heavy: imported only when a chart is drawn

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # after use("Agg"), which must come first

    if kind == "status":
        groups: dict[str, list[bool]] = {}
        for row in data.status:
            for division in row.divisions or (row.division,):
                groups.setdefault(division, []).append(is_complete(row))
        items = [(name, 100 * sum(v) / len(v)) for name, v in sorted(groups.items())]
        title = L.CHART_STATUS_TITLE
    else:
        items = [(_short(f"{r.code} {r.name}"), 100 * (r.percent or 0)) for r in data.indicators][:MAX_BARS]
        title = L.CHART_TITLE
    font = thai_font()
    with matplotlib.rc_context({"font.family": font} if font else {}):
        fig = Figure(figsize=(8, 0.5 + 0.45 * max(len(items), 2)), dpi=100)
        ax = fig.add_subplot()
        names = [name for name, _ in items][::-1]
        values = [value for _, value in items][::-1]
        ax.barh(names, values, color=["#2e7d32" if v >= 100 else "#1565c0" for v in values])
        ax.axvline(100, color="#999999", linewidth=1)
        ax.set_xlim(0, max([110.0, *values]) * 1.05)
        for y, value in enumerate(values):
            ax.text(value + 1, y, f"{value:.1f}%", va="center", fontsize=9)
        ax.set_title(title)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
    return out.getvalue()
