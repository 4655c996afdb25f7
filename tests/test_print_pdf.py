"""#25: every report kind on paper. Each workbook goes through LibreOffice to PDF (one soffice call
for many files) and the PDF is read back with `pdftotext -bbox`:

- no text prints under 8 pt (a word's box is 1.3 × its font size high, scaling included);
- no page holds fewer than 3 table rows unless its sheet ends there, and no page holds only the
  box of notes (ตป.๑'s ปัญหา/อุปสรรค, แนวทางแก้ไข, ผลลัพธ์) — rows are counted as the lines whose
  first word starts at the table's left edge, under the repeated header;
- the signature block (ลงชื่อ × 3) is on the last page of ตป.๑, สงป.๓๐๑, the quarterly and the
  year-end report (the small plan's only: its September is closed for it).

Twice: with the small plan of the report tests, and with a generated national plan of 8,000 units
(bench/reports_bench.py's generator). Page images (pdftoppm, 50 dpi) go to test-artifacts/print/.
It runs in the SQLite pass only (the files are the same on PostgreSQL); without LibreOffice it is
skipped, unless REQUIRE_THAI_FONT is set (CI), when it fails.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from models.entities import Period, PeriodState
from models.permissions import Scope
from models.signers import Person
from reports import labels as L
from reports import service
from reports.builders import Meta
from reports.timeliness import build_timeliness, timeliness
from tests.conftest import on_postgres
from tests.test_report_forms import forms  # noqa: F401  (the fixture: the small plan with results)

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "print"
TOOLS = ("soffice", "pdftotext", "pdftoppm")
HAVE_TOOLS = all(shutil.which(tool) for tool in TOOLS)

pytestmark = [
    pytest.mark.skipif(
        on_postgres(), reason="the printed files are the same on PostgreSQL: checked once, on SQLite"
    ),
    pytest.mark.skipif(
        not HAVE_TOOLS and not os.environ.get("REQUIRE_THAI_FONT"),
        reason="LibreOffice and poppler-utils not installed (CI installs them and sets REQUIRE_THAI_FONT)",
    ),
]

KINDS = [
    ("tp1", "2570-01"),
    ("bb301", "2570-01"),
    ("status", "2570-01"),
    ("quarterly", "2570-Q2"),
    ("export", "2570-01"),
]
SIGNED = {"tp1", "bb301", "quarterly", "annual"}
MIN_POINTS = 8.0
BOX_LABELS = (L.BUDGET, L.PROBLEMS, L.SOLUTIONS, L.OUTCOME)
BOTTOM_MARGIN = 0.6 * 72  # the footer lives below the body (reports/printing.py MARGINS)
HEIGHT_PER_POINT = 1.3  # pdftotext's word box of Laksaman / TH SarabunPSK: 1.3 × the font size


@dataclass
class Word:
    text: str
    x: float
    y: float
    height: float


@dataclass
class Page:
    number: int
    height: float
    words: list[Word] = field(default_factory=list)

    def body(self) -> list[Word]:
        return [w for w in self.words if w.y < self.height - BOTTOM_MARGIN]

    def footer(self) -> str:
        line = sorted((w for w in self.words if w.y >= self.height - BOTTOM_MARGIN), key=lambda w: w.x)
        return " ".join(w.text for w in line)

    def text(self) -> str:
        return "".join(w.text for w in self.words)


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>')


def read_pdf(pdf: Path) -> list[Page]:
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for number, (_, height, body) in enumerate(_PAGE.findall(out), start=1):
        page = Page(number, float(height))
        for x, y0, y1, text in _WORD.findall(body):
            page.words.append(Word(html.unescape(text), float(x), float(y0), float(y1) - float(y0)))
        pages.append(page)
    return pages


def to_pdf(paths: list[Path], out: Path) -> dict[str, Path]:
    """One LibreOffice run for all ``paths``; the PDFs by file stem."""
    assert HAVE_TOOLS, "LibreOffice (soffice) and poppler-utils (pdftotext, pdftoppm) are required here"
    done = subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{out / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stderr
    pdfs = {path.stem: out / f"{path.stem}.pdf" for path in paths}
    for stem, pdf in pdfs.items():
        assert pdf.exists(), (stem, done.stderr)
    return pdfs


def snapshot(pdf: Path, name: str, pages: int) -> None:
    """Page images of the first three and the last two pages."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    wanted = sorted({1, 2, 3, pages - 1, pages} & set(range(1, pages + 1)))
    for number in wanted:
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "50",
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                str(pdf),
                str(ARTIFACTS / f"{name}-p{number:04d}"),
            ],
            check=True,
            timeout=120,
        )


def sheet_of(page: Page) -> str:
    """The sheet a page prints, from its footer ("… sheet · หน้า n / m")."""
    found = re.search(r"แผ่นงาน (.+?) · หน้า", page.footer())
    return found.group(1).strip() if found else ""


def table_lines(page: Page) -> tuple[list[str], int]:
    """The page's table rows: the lines whose first word starts at the table's left edge, below the
    repeated header row and above a signature block; and how many lines of text there are below the
    header (a long note continued from the page before starts right of the edge)."""
    body = page.body()
    sign = [w.y for w in body if w.text.startswith("ลงชื่อ")]
    if sign:
        body = [w for w in body if w.y < min(sign) - 30]
    if not body:
        return [], 0
    lines: dict[int, list[Word]] = {}
    for w in sorted(body, key=lambda w: (w.y, w.x)):
        lines.setdefault(round(w.y / 3), []).append(w)
    firsts = [(ws[0], " ".join(x.text for x in ws)) for ws in lines.values()]
    # the table's left edge: where most lines start (a title overflowing its row may start elsewhere)
    edges = Counter(round(w.x) for w, _ in firsts)
    left = max(edges, key=lambda x: (edges[x], -x))
    # the header row: the first line at the left edge whose text is a column header (bold, shaded)
    starts = [(w, text) for w, text in firsts if abs(w.x - left) < 2.5]
    header_at = next((i for i, (_, text) in enumerate(starts) if _is_header(text)), None)
    top = 0.0
    if header_at is not None:
        top = starts[header_at][0].y + 45  # a header row is at most three lines high
        starts = starts[header_at + 1 :]
    if starts:
        top = min(top, starts[0][0].y)
    return [text for _, text in starts], sum(1 for w, _ in firsts if w.y >= top - 1)


HEADER_STARTS = ("รหัส", "แผนงาน", "ตัวชี้วัด", "ผลผลิต/โครงการ", "กอง", "หน่วยงานกำกับ", "ผู้ใช้", "ข้อ")


def _is_header(text: str) -> bool:
    return text.split(" ")[0] in HEADER_STARTS


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    smallest: float = 99.0
    pages: int = 0


def check_pdf(name: str, pdf: Path, signed: bool, findings: Findings) -> None:
    pages = read_pdf(pdf)
    findings.pages += len(pages)
    snapshot(pdf, name, len(pages))
    for page in pages:
        for w in page.words:
            size = w.height / HEIGHT_PER_POINT
            findings.smallest = min(findings.smallest, size)
            if size < MIN_POINTS:
                findings.problems.append(f"{name} p{page.number}: {w.text!r} prints at {size:.1f} pt")
                break
    sheets = [sheet_of(page) for page in pages]
    findings.problems += [
        f"{name} p{p.number}: no footer naming its sheet" for p, s in zip(pages, sheets, strict=True) if not s
    ]
    for i, page in enumerate(pages):
        last_of_sheet = i + 1 == len(pages) or sheets[i + 1] != sheets[i]
        lines, text_lines = table_lines(page)
        if text_lines < 3 and not last_of_sheet:
            findings.problems.append(
                f"{name} p{page.number} ({sheets[i]}): only {text_lines} lines of table: {lines}"
            )
        if lines and all(text.startswith(BOX_LABELS) for text in lines):
            findings.problems.append(f"{name} p{page.number} ({sheets[i]}): only the box of notes: {lines}")
    if signed:
        last = pages[-1].text()
        assert last.count("ลงชื่อ") == 3 and last.count("วันที่") >= 3, (
            f"{name}: no signature block on the last page"
        )
        for page in pages[:-1]:
            assert "ลงชื่อ" not in page.text(), f"{name}: a signature on page {page.number}, not the last"


def write_all(session, out: Path, prefix: str, today: date, kinds=KINDS) -> list[Path]:
    paths = []
    meta = Meta(made=date(2027, 1, 15), prepared_by=Person("สมศรี ตั้งใจ", "นักวิเคราะห์นโยบายและแผน"))
    for kind, period in kinds:
        request = service.parse_request(kind, period)
        data = service.load(session, request, Scope())
        path = out / f"{prefix}-{kind}.xlsx"
        service.build(request, data, meta).save(path)
        paths.append(path)
    path = out / f"{prefix}-timeliness.xlsx"
    build_timeliness(timeliness(session, 2570, today)).save(path)
    paths.append(path)
    return paths


def check_all(paths: list[Path], out: Path) -> Findings:
    findings = Findings()
    for stem, pdf in to_pdf(paths, out).items():
        kind = stem.split("-", 1)[1]
        check_pdf(stem, pdf, kind in SIGNED, findings)
    return findings


def test_every_form_of_the_small_plan_prints_readable_and_signed(session, forms, tmp_path):  # noqa: F811
    september = session.scalar(select(Period).where(Period.month_start == date(2027, 9, 1)))
    september.state = PeriodState.CLOSED.value  # the year-end report is made from a closed September
    session.commit()
    kinds = [*KINDS, ("annual", "2570")]
    findings = check_all(write_all(session, tmp_path, "small", date(2027, 2, 20), kinds), tmp_path)
    assert not findings.problems, "\n".join(findings.problems)
    assert findings.smallest >= MIN_POINTS


def test_every_form_of_a_national_plan_of_8000_units_prints_readable_and_signed(
    tmp_path, db_url, session_factory
):
    from bench.reports_bench import generate

    # 8,000 offices × one indicator (one project) × October: LibreOffice takes minutes for the
    # thousands of pages already (every office is a row of ตป.๑'s breakdown, of the completeness
    # sheets, of the export and of the timeliness table)
    generate(db_url, 8000, 1, 1)
    october = [(kind, "2570-Q1" if kind == "quarterly" else "2569-10") for kind, _ in KINDS]
    with session_factory() as session:
        paths = write_all(session, tmp_path, "national", date(2026, 11, 25), october)
    findings = check_all(paths, tmp_path)
    assert not findings.problems, "\n".join(findings.problems[:40])
    assert findings.smallest >= MIN_POINTS
