"""#25: Thai text breaks between words, never before a vowel or tone mark written on its letter.

The charts are drawn from the project and indicator names of the demo plan and of the tests'
plans; every line of every text matplotlib was given (bar names, titles, notes, axis and legend) is
read back from the Figure the product saves, and checked against PyThaiNLP's own tokenizer.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pythainlp.tokenize import word_tokenize

from models import calendar as cal
from reports import charts
from reports import labels as L
from reports import thai_text as TT
from reports.rows import Header, IndicatorRow, ProjectRow, ReportData, StatusRow
from tests import plans as test_plans

ROOT = Path(__file__).resolve().parent.parent
DEMO_PLAN = json.loads((ROOT / "devtools" / "data" / "demo_plan.json").read_text(encoding="utf-8"))
# U+0E31, U+0E34-U+0E3A, U+0E47-U+0E4E: written above or below the letter before them
COMBINING = {chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F))}
SPACING_AFTER = set("ะาำๅ")  # written after their letter: a line starting with one is cut mid-syllable
BAD_CASES = ["การดำเนินธุรกิจ", "อาชีพ", "สินค้าชุมชน", "ร้อยละ", "ข้อเสนอแนะ", "ดำเนินการ"]
SENTENCES = [
    "โครงการพัฒนาศักยภาพการดำเนินธุรกิจของสหกรณ์ กลุ่มเกษตรกร และธุรกิจชุมชน",
    "โครงการส่งเสริมและพัฒนาอาชีพเพื่อแก้ไขปัญหาที่ดินทำกินของเกษตรกร",
    "โครงการพัฒนาผลิตภัณฑ์สินค้าชุมชน",
    "ร้อยละของเป้าหมาย",
    "(๑๓) ปัญหา/อุปสรรค และข้อเสนอแนะ",
    "(๑๔) ความก้าวหน้าของการดำเนินการ",
]


def boundaries(text: str) -> set[int]:
    """The offsets in ``text`` between the words of PyThaiNLP's tokenizer (spaces are words)."""
    out, at = {0}, 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        at += len(token)
        out.add(at)
    return out


def whole_words(piece: str, source: str) -> bool:
    """``piece`` is a run of consecutive whole words of ``source``."""
    edges = boundaries(source)
    start = source.find(piece)
    while start != -1:
        if start in edges and start + len(piece) in edges:
            return True
        start = source.find(piece, start + 1)
    return False


def check_lines(lines: list[str], sources: list[str]) -> None:
    """No line starts with a mark or a following vowel; each (less a closing ellipsis) is whole
    words of one source."""
    for line in lines:
        assert line.strip()[:1] not in COMBINING | SPACING_AFTER, lines
    if not any("\u0e01" <= ch <= "\u0e5b" for line in lines for ch in line):
        return  # figures and ticks
    pieces = [line.strip().removesuffix(TT.ELLIPSIS) for line in lines if line.strip()]
    assert any(all(whole_words(piece, source) for piece in pieces) for source in sources), lines


# --- the functions -------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", SENTENCES + BAD_CASES)
def test_wrap_breaks_between_words_at_every_width(sentence):
    longest = max(TT.display_width(t) for t in word_tokenize(sentence, engine="newmm"))
    for width in range(1, TT.display_width(sentence) + 2):
        lines = TT.wrap(sentence, width)
        if width >= longest:  # every word fits a line: lines of whole words
            check_lines(lines, [sentence])
        else:  # some word is cut, between clusters
            assert not any(line[:1] in COMBINING | SPACING_AFTER for line in lines), lines
        assert "".join("".join(lines).split()) == "".join(sentence.split())  # nothing lost
        for line in lines:
            # a line is wider than asked only when it is a single cluster (a letter and its marks)
            assert TT.display_width(line) <= width or len(TT.clusters(line)) == 1, (width, lines)
        for word in ("อาชีพ", "ร้อยละ", "ข้อเสนอแนะ", "ดำเนินการ"):  # one word: never broken if it fits
            if word in sentence and TT.display_width(word) <= width:
                assert any(word in line for line in lines), (width, word, lines)


def test_wrap_measures_display_width_not_characters():
    # 15 characters, 12 columns: the vowels and tone marks above and below take none
    assert len("การดำเนินธุรกิจ") == 15 and TT.display_width("การดำเนินธุรกิจ") == 12
    assert TT.wrap("การดำเนินธุรกิจ", 12) == ["การดำเนินธุรกิจ"]
    assert TT.wrap("ร้อยละของเป้าหมาย", 8) == ["ร้อยละของ", "เป้าหมาย"]
    # a word longer than a line is cut between clusters: "ดำ" "เนิน", never "ดำเน" + "ิน"
    assert TT.wrap("ดำเนิน", 3) == ["ดำ", "เนิน"]
    assert TT.wrap("สินค้าชุมชน", 5) == ["สินค้า", "ชุมชน"]
    assert TT.wrap("อาชีพ", 2) == ["อา", "ชีพ"]


def test_wrap_keeps_newlines_and_ends_a_cut_text_with_an_ellipsis():
    assert TT.wrap("ปัญหา\nข้อเสนอแนะ", 40) == ["ปัญหา", "ข้อเสนอแนะ"]
    assert TT.wrap("  ", 10) == []
    lines = TT.wrap(SENTENCES[0], 20, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith(TT.ELLIPSIS)
    assert all(TT.display_width(line) <= 20 for line in lines)
    check_lines(lines, [SENTENCES[0]])


def test_clip_keeps_whole_words_within_the_limit():
    name = "โครงการส่งเสริมและพัฒนาอาชีพเพื่อแก้ไขปัญหาที่ดินทำกินของเกษตรกร"
    for limit in range(2, len(name)):
        clipped = TT.clip(name, limit)
        assert len(clipped) <= limit and clipped.endswith(TT.ELLIPSIS)
        assert clipped[:1] not in COMBINING | SPACING_AFTER
        kept = clipped.removesuffix(TT.ELLIPSIS)
        if limit > len("โครงการ"):  # room for the first word: whole words only
            assert whole_words(kept, name), clipped
        else:  # the first word cut between clusters ("โคร", never "โครงก" + "าร")
            assert name.startswith(kept) and kept in {"".join(TT.clusters(name)[:n]) for n in range(5)}
    assert TT.clip(name, len(name)) == name
    assert TT.clip(None, 5) == "" and TT.clip("  สหกรณ์   จังหวัด ", 20) == "สหกรณ์ จังหวัด"
    assert TT.clip("ข้อเสนอแนะ", 5) == "ข้อ…"  # one word longer than the line: cut between clusters


def test_chat_and_reports_clip_names_the_same_way():
    from handlers.clip import clip

    for text in SENTENCES + [test_plans.PROJECT_A]:
        for limit in (8, 16, 24, 40):
            assert clip(text, limit) == TT.clip(text, limit)


def test_sheet_names_excel_accepts_cut_between_words():
    name = "โครงการ 3: ส่งเสริม/พัฒนาอาชีพเพื่อแก้ไขปัญหาที่ดินทำกิน [ปี 2570]?"
    title = TT.sheet_title(name)
    assert len(title) <= 31 and not set(title) & set("[]:*?/\\")
    assert title == "โครงการ 3 ส่งเสริม พัฒนาอาชีพ…"
    assert TT.sheet_title("'ข้อมูล'") == "ข้อมูล"
    assert TT.sheet_title("สรุป") == "สรุป"


def test_line_count_for_row_heights():
    assert TT.line_count("ร้อยละของเป้าหมาย", 8) == 2  # by characters it would take three
    assert TT.line_count("ร้อยละของเป้าหมาย", 40) == 1
    assert TT.line_count("", 10) == 1
    assert TT.line_count("ปัญหา\n\nข้อเสนอแนะ", 40) == 3  # the empty line between counts
    assert TT.line_count(SENTENCES[0], 12) == len(TT.wrap(SENTENCES[0], 12)) == 6


def test_the_bb301_plan_column_header_has_a_space_before_the_month():
    month = cal.thai_month_short(date(2026, 12, 1))
    assert L.BB_PLAN_TO_DATE.format(month=month) == "แผนสะสมถึง ธ.ค. 2569"


# --- every chart ---------------------------------------------------------------------------------


def plan_names() -> list[list[tuple[str, list[str]]]]:
    """Each project's name and indicators, from the demo plan and the tests' plan, in groups of
    nine (a chart shows at most nine projects' bars beside the overall one)."""
    demo: list[tuple[str, list[str]]] = []
    for plan in DEMO_PLAN["plans"]:
        for project in plan["projects"]:
            indicators = [i["name"] for a in project["activities"] for i in a["indicators"]]
            demo.append((project["name"], indicators))
    mine: dict[str, list[str]] = {}
    for _code, _plan, project, _activity, name, *_rest in test_plans.INDICATORS:
        mine.setdefault(project, []).append(name)
    return [demo[:9], demo[9:], list(mine.items())]


def report_data(projects: list[tuple[str, list[str]]]) -> ReportData:
    """A January report over these projects: each project's indicators in every standing (above,
    as planned, below, not reported, no monthly plan), its budget part spent, offices in every state."""
    month = date(2026, 1, 1)
    header = Header(2569, month, (date(2025, 12, 21), date(2026, 1, 20)), "")
    data = ReportData(header)
    standings = [(Decimal(150), Decimal(100)), (Decimal(100), Decimal(100)), (Decimal(10), Decimal(100))]
    standings += [(None, Decimal(100)), (Decimal(5), None)]
    for p, (project, indicators) in enumerate(projects):
        for i, name in enumerate(indicators):
            cumulative, planned = standings[(p + i) % len(standings)]
            plan_months = [planned] * 12 if planned is not None else None
            data.indicators.append(
                IndicatorRow(
                    *(p * 100 + i, f"I{p}{i}", "แผน", p, project, "กิจกรรม", name, "แห่ง", "ผลรวม", "กพก."),
                    *(Decimal(1000), cumulative, cumulative, [cumulative] * 12),
                    plan_months=plan_months,
                )
            )
        data.projects.append(ProjectRow(p, "แผน", project, Decimal(100_000), Decimal(p * 7_000)))
    for n, (code, office, *_rest) in enumerate(test_plans.UNITS):
        done = (0, 1, 2, 2, 2)[n]
        data.status.append(StatusRow(code, office, "กพก.", "x", 2, done, 0, int(n == 3), 0))
    return data


@pytest.fixture
def figures(monkeypatch):
    """The matplotlib Figures the product saves, as it saves them."""
    from matplotlib.figure import Figure

    saved: list[Figure] = []
    savefig = Figure.savefig

    def keep(self, *args, **kwargs):
        saved.append(self)
        return savefig(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    return saved


@pytest.mark.parametrize("source", [0, 1, 2], ids=["demo-plan", "demo-plan-rest", "tests-plan"])
def test_every_chart_breaks_its_labels_between_words(source, figures):
    from matplotlib.text import Text

    projects = plan_names()[source]
    data = report_data(projects)
    makers = set(charts.CHARTS.values())
    assert makers == {charts.budget_chart, charts.plan_chart, charts.offices_chart, charts.quarter_chart}
    shown = set()
    for kind in dict.fromkeys(charts.CHARTS):  # every kind's chart (tp1, bb301, status, quarterly ...)
        spec = charts.chart_spec(kind, data)
        png = charts.chart_png(kind, data)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        (figure,) = figures[-1:]
        sources = [spec.title, spec.note, spec.axis, *(label for _key, label in spec.legend)]
        sources += [bar.label for bar in spec.bars] + [name for name, _ in projects]
        sources = [s for s in sources if "\n" not in s]  # a name, not a name already wrapped
        texts = [t.get_text() for t in figure.findobj(Text) if t.get_text().strip()]
        for text in texts:
            check_lines(text.split("\n"), sources)
        # the names are in the figure: each shown bar's name begins one of its texts
        for text in texts:
            squeezed = "".join(text.split()).removesuffix(TT.ELLIPSIS)
            shown |= {name for name, _ in projects if squeezed and "".join(name.split()).startswith(squeezed)}
    assert len(shown) == len(projects)  # every project's name was drawn in some chart
    assert any("\n" in t.get_text() for f in figures for t in f.findobj(Text))  # long names did wrap
