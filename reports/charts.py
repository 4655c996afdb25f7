"""Chart PNGs for chat (matplotlib, Agg backend, a Thai font when one is installed). Pure: rows in, bytes out."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from reports import labels as L
from reports import thai_text
from reports.bb301 import STANDINGS, elapsed_months, plan_count, standing
from reports.rows import ReportData, StatusRow

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontManager
    from matplotlib.typing import RcKeyType

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


MAX_ITEMS = 10  # bars (or rows of stacked bars) a phone shows readably
COLORS = {
    "complete": "#2e7d32",
    "partial": "#f9a825",
    "returned": "#c62828",
    "missing": "#9e9e9e",
    "above": "#1b5e20",
    "as_planned": "#43a047",
    "below": "#e53935",
    "not_reported": "#9e9e9e",
    "no_plan": "#90a4ae",
    "budget": "#1565c0",
    "overall": "#0d47a1",
}


@dataclass(frozen=True)
class Bar:
    label: str  # a name, never a code (wrapped between words when drawn)
    parts: tuple[tuple[str, float], ...]  # (colour key, value): one part, or the stacked parts


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows, before it is drawn (the tests read it)."""

    title: str  # names the card's figure
    note: str  # how many items are shown of how many
    axis: str
    bars: tuple[Bar, ...]
    legend: tuple[tuple[str, str], ...]  # (colour key, label)
    percent: bool = False


# Text is wrapped between words (reports.thai_text), measured in points in the font it is drawn in.
FIGURE_WIDTH = 8.0  # inches
LABEL_POINTS = 0.36 * FIGURE_WIDTH * 72  # a bar's name: two lines at most, then an ellipsis
TITLE_POINTS = 0.95 * FIGURE_WIDTH * 72
TITLE_LINE = 0.42  # inches a line of the title takes


@cache
def _measure(size: float, bold: bool = False) -> Callable[[str], float]:
    """The width in points of a text drawn in the chart's font at ``size``."""
    from matplotlib.font_manager import FontProperties  # heavy: imported only when a chart is drawn
    from matplotlib.textpath import TextToPath  # as well

    prop = FontProperties(family=thai_font() or "sans-serif", size=size, weight="bold" if bold else "normal")
    engine = TextToPath()

    @cache
    def width(text: str) -> float:
        return float(engine.get_text_width_height_descent(text, prop, ismath=False)[0])

    return width


def _lines(text: str, points: float, size: float, bold: bool = False, lines: int = 2) -> str:
    """``text`` wrapped between words into at most ``lines`` lines ``points`` wide."""
    return "\n".join(thai_text.wrap(text, points, _measure(size, bold), max_lines=lines)) or text


def _office_states(data: ReportData) -> dict[str, str]:
    """Each office's state over its projects: complete (as the card counts it), returned, missing
    or partial."""
    rows: dict[str, list[StatusRow]] = {}
    for row in data.status:
        rows.setdefault(row.office_code, []).append(row)
    states = {}
    for code, mine in rows.items():
        if all(r.done == r.total and not r.returned for r in mine):
            states[code] = "complete"
        elif any(r.returned for r in mine):
            states[code] = "returned"
        elif all(r.done == 0 for r in mine):
            states[code] = "missing"
        else:
            states[code] = "partial"
    return states


def offices_chart(data: ReportData) -> ChartSpec:
    states = _office_states(data)
    done, total = data.offices_reporting
    bars = tuple(
        Bar(L.CHART_OFFICE_STATES[state], ((state, float(sum(1 for s in states.values() if s == state))),))
        for state in L.CHART_OFFICE_STATES
    )
    return ChartSpec(
        L.CHART_OFFICES_TITLE.format(done=done, total=total),
        L.CHART_ALL.format(total=len(bars)),
        L.CHART_OFFICES_AXIS,
        bars,
        tuple((state, label) for state, label in L.CHART_OFFICE_STATES.items()),
    )


def plan_chart(data: ReportData) -> ChartSpec:
    elapsed = elapsed_months(data)
    counts = {name: 0 for name in STANDINGS}
    for row in data.indicators:
        counts[standing(row, elapsed)] += 1
    bars = tuple(Bar(L.CHART_STANDINGS[name], ((name, float(counts[name])),)) for name in STANDINGS)
    return ChartSpec(
        _plan_title(L.CHART_PLAN_TITLE, data),
        L.CHART_ALL.format(total=len(data.indicators)),
        L.CHART_INDICATORS_AXIS,
        bars,
        tuple((name, L.CHART_STANDINGS[name]) for name in STANDINGS),
    )


def quarter_chart(data: ReportData) -> ChartSpec:
    """Per project, its indicators stacked by standing; the projects with the smallest share on
    plan first."""
    elapsed = elapsed_months(data)
    per_project: dict[str, dict[str, int]] = {}
    for row in data.indicators:
        counts = per_project.setdefault(row.project, {name: 0 for name in STANDINGS})
        counts[standing(row, elapsed)] += 1

    def share(item: tuple[str, dict[str, int]]) -> float:
        counts = item[1]
        return (counts["above"] + counts["as_planned"]) / max(1, sum(counts.values()))

    ranked = sorted(per_project.items(), key=share)
    shown = ranked[:MAX_ITEMS]
    bars = tuple(
        Bar(name, tuple((state, float(counts[state])) for state in STANDINGS)) for name, counts in shown
    )
    return ChartSpec(
        _plan_title(L.CHART_QUARTER_TITLE, data),
        _note(len(shown), len(ranked)),
        L.CHART_INDICATORS_AXIS,
        bars,
        tuple((name, L.CHART_STANDINGS[name]) for name in STANDINGS),
    )


def _plan_title(template: str, data: ReportData) -> str:
    """On plan out of those with a monthly plan; none with a plan is said so, not "0 จาก N" (#24)."""
    on_plan, planned = plan_count(data)
    total = len(data.indicators)
    if not planned:
        return L.CHART_NO_PLAN_TITLE.format(total=total)
    title = template.format(done=on_plan, total=planned)
    return title + L.CHART_SOME_PLAN.format(none=total - planned) if planned < total else title


def budget_chart(data: ReportData) -> ChartSpec:
    """The disbursement of the projects with the lowest share of their allocation, and overall."""
    allocated = sum((p.allocated for p in data.projects), Decimal(0))
    disbursed = sum((p.disbursed for p in data.projects), Decimal(0))
    overall = 100 * float(disbursed / allocated) if allocated else 0.0
    ranked = sorted((p for p in data.projects if p.allocated), key=lambda p: p.percent or 0.0)
    shown = ranked[: MAX_ITEMS - 1]
    bars = (
        Bar(L.CHART_BUDGET_OVERALL, (("overall", overall),)),
        *(Bar(p.name, (("budget", 100 * (p.percent or 0.0)),)) for p in shown),
    )
    return ChartSpec(
        L.CHART_BUDGET_TITLE.format(percent=overall),
        _note(len(shown), len(ranked)),
        L.CHART_PERCENT_AXIS,
        bars,
        (("overall", L.CHART_BUDGET_OVERALL), ("budget", L.CHART_DISBURSED_LEGEND)),
        percent=True,
    )


def _note(shown: int, total: int) -> str:
    return (
        L.CHART_WORST.format(shown=shown, total=total) if shown < total else L.CHART_ALL.format(total=total)
    )


CHARTS = {
    "tp1": budget_chart,
    "bb301": plan_chart,
    "status": offices_chart,
    "quarterly": quarter_chart,
    "export": offices_chart,
}


def chart_spec(kind: str, data: ReportData) -> ChartSpec:
    return CHARTS.get(kind, offices_chart)(data)


def chart_png(kind: str, data: ReportData) -> bytes:
    """The kind's chart for a phone: at most ten bars, names in large type, a legend, and the
    title naming the figure the card beside it shows."""
    return render(chart_spec(kind, data))


def render(spec: ChartSpec) -> bytes:
    import matplotlib  # heavy: imported only when a chart is drawn

    out = io.BytesIO()
    fig = figure(spec)
    with matplotlib.rc_context(_rc()):  # drawn in the style it was laid out in
        fig.savefig(out, format="png")
    return out.getvalue()


def _rc() -> dict[RcKeyType, object]:
    font = thai_font()
    return {"font.size": 15, "font.family": font} if font else {"font.size": 15}


def figure(spec: ChartSpec) -> Figure:
    """The chart drawn (matplotlib's Figure, Agg backend): every text wrapped between words."""
    import matplotlib  # heavy: imported only when a chart is drawn

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # after use("Agg"), which must come first
    from matplotlib.patches import Patch  # after use("Agg") as well
    from matplotlib.ticker import MaxNLocator  # after use("Agg") as well

    with matplotlib.rc_context(_rc()):
        title = _lines(spec.title, TITLE_POINTS, 20, bold=True)
        note = _lines(spec.note, TITLE_POINTS, 14)
        extra = TITLE_LINE * (title.count("\n") + note.count("\n"))
        height = 2.6 + 0.85 * max(len(spec.bars), 3) + extra
        fig = Figure(figsize=(FIGURE_WIDTH, height), dpi=130)
        ax = fig.add_subplot()
        labels = [_lines(bar.label, LABEL_POINTS, 15) for bar in spec.bars][::-1]
        lefts = [0.0] * len(labels)
        for position, bar in enumerate(reversed(spec.bars)):
            for key, value in bar.parts:
                ax.barh(position, value, left=lefts[position], color=COLORS[key], height=0.6)
                lefts[position] += value
        ax.set_yticks(range(len(labels)), labels, fontsize=15)
        top = max([*lefts, 1.0])
        if spec.percent:
            ax.axvline(100, color="#616161", linewidth=1, linestyle="--")
            top = max(top, 100.0)
        ax.set_xlim(0, top * 1.22)
        if not spec.percent:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: whole numbers
        for y, total in enumerate(lefts):
            text = f"{total:.1f}%" if spec.percent else f"{total:,.0f}"
            ax.text(total + top * 0.02, y, text, va="center", fontsize=16, fontweight="bold")
        ax.set_xlabel(_lines(spec.axis, TITLE_POINTS, 14), fontsize=14)
        ax.spines[["top", "right"]].set_visible(False)
        fig.suptitle(title, fontsize=20, fontweight="bold", x=0.02, ha="left")
        ax.set_title(note, fontsize=14, color="#555555", loc="left")
        columns = min(3, len(spec.legend))
        room = TITLE_POINTS / max(columns, 1) - 40  # each column, less its colour patch
        handles = [Patch(color=COLORS[key], label=_lines(label, room, 14)) for key, label in spec.legend]
        fig.legend(handles=handles, loc="lower center", ncol=columns, fontsize=14, frameon=False)
        rows = (len(handles) + 2) // 3
        fig.tight_layout(
            rect=(0, (0.35 + 0.3 * rows) / height, 1, 1 - 0.45 / height)
        )  # it makes room for the title
    return fig
