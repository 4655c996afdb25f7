"""What was sent stays sent (#22, point 5): closing a month freezes the plan its reports read.

FY2570, the small test plan. Offices report December in chat, central closes it on 28 Dec, then a
budget revision is imported with `tidtam import-plan`: new targets, a new allocation, a renamed
indicator and office, one more indicator. December's files stay exactly as they were sent (and say
which closed copy they are); January's use the revised plan; reopening and closing December again
makes version 2, built from the plan of that moment.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import select

from models.entities import FrozenPlan
from models.plan_import import write_template
from tests.plans import BUDGET, INDICATORS, PROJECT_A, TARGETS, UNITS
from tests.test_month_cycle import P50_ANSWERS, SMALL_ANSWERS, report_month
from tests.test_report_chat import ask, download

P50, P40, CENTRAL = "Up50", "Up40", "Ucen"
CLOSED_ON = "2026-12-28T10:00:00+07:00"
FIRST_COPY = "ฉบับปิดรอบ วันที่ 28 ธันวาคม 2569 (ฉบับที่ 1)"
OLD_I01 = INDICATORS[0][4]
NEW_I01 = "จำนวนสหกรณ์ได้รับการส่งเสริม (ปรับแผน)"
NEW_P50 = "สำนักงานสหกรณ์จังหวัดเชียงใหม่ (ปรับชื่อ)"
NEW_I05 = "จำนวนกลุ่มเกษตรกรที่จัดทำบัญชีได้ (ปรับแผน)"
KINDS = [  # the chat's kind word and period button
    ("ตป.๑", "ธ.ค. 2569"),
    ("สงป.๓๐๑", "ธ.ค. 2569"),
    ("ความครบถ้วน", "ธ.ค. 2569"),
    ("รายไตรมาส", "ไตรมาส 1/2570"),
    ("ข้อมูลรายเดือน", "ธ.ค. 2569"),
]


def revised_plan(path: Path) -> Path:
    """The test plan after a budget revision: I01 renamed with a national target of 400 (was 300)
    and 150 for P50 (was 100), P50 renamed, P50's allocation of project A 650,000 (was 500,000),
    and a new indicator I05 for P50."""
    write_template(path)
    book = load_workbook(path)
    for code, name, *rest in UNITS:
        book["หน่วยงาน"].append([code, NEW_P50 if code == "P50" else name, *rest])
    for row in INDICATORS:
        if row[0] == "I01":
            row = (*row[:4], NEW_I01, row[5], 400, *row[7:])
        book["ตัวชี้วัด"].append(list(row))
    book["ตัวชี้วัด"].append(["I05", *INDICATORS[0][1:4], NEW_I05, "กลุ่ม", 20, "กพก.", None])
    for indicator, unit, target in TARGETS:
        book["เป้าหมายรายหน่วย"].append(
            [indicator, unit, 150 if (indicator, unit) == ("I01", "P50") else target]
        )
    book["เป้าหมายรายหน่วย"].append(["I05", "P50", 20])
    for project, unit, amount in BUDGET:
        book["งบประมาณ"].append([project, unit, 650000 if (project, unit) == (PROJECT_A, "P50") else amount])
    book.save(path)
    return path


def cli(db_url: str, monkeypatch, *args: str) -> str:
    from bot.cli import cli as tidtam

    monkeypatch.setenv("DATABASE_URL", db_url)
    result = CliRunner().invoke(tidtam, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def cells(book, *, but_made: bool = False) -> dict[str, list[tuple]]:
    """Every sheet's rows (`but_made`: without the `made on` line, as the CLI's clock is today, nor
    the signature block's rows, as the chat names the user who asked under ผู้จัดทำ and the CLI
    does not)."""
    out = {}
    for sheet in book:
        rows = list(sheet.iter_rows(values_only=True))
        signed = set()
        if but_made:  # the block: its caption, the ลงชื่อ line and the name, position and date lines
            for i, row in enumerate(rows):
                if any(str(v).startswith("ลงชื่อ") for v in row if v):
                    signed.update(range(i - 1, i + 4))
        out[sheet.title] = [
            row
            for i, row in enumerate(rows)
            if i not in signed and not (but_made and any(str(v).startswith("จัดทำเมื่อ") for v in row if v))
        ]
    return out


def values(book) -> set:
    return {v for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None}


def numbers_beside(book, name: str) -> set:
    """The numbers on every row (of any sheet) naming the indicator `name`."""
    found = {
        v
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
        if name in row
        for v in row
        if isinstance(v, int | float)
    }
    assert found, f"{name} is not in the report"
    return found


def get(app, chat, kind: str, period: str):
    return download(app, ask(chat, CENTRAL, kind, period, "ทั้งหมด"))[0]


def card_says(chat, kind: str, period: str) -> str:
    """The texts of the report's card in chat."""
    flex = ask(chat, CENTRAL, kind, period, "ทั้งหมด")[0]
    return json.dumps(flex["contents"], ensure_ascii=False)


@pytest.fixture
def december_closed(bot_app, chat, register, set_now):
    """P50 and P40 reported December in chat; central closed it on 28 Dec."""
    register(P50, "officer", "P50")
    register(P40, "officer", "P40")
    register(CENTRAL, "central", "กผง.")
    assert "เรียบร้อย" in report_month(chat, P50, P50_ANSWERS)
    assert "เรียบร้อย" in report_month(chat, P40, SMALL_ANSWERS)
    set_now(CLOSED_ON)
    chat.says(CENTRAL, "ปิดรอบ")
    assert "ปิดรอบเดือนธันวาคม 2569 เรียบร้อย" in chat.says(CENTRAL, "ยืนยัน")
    return bot_app


def test_a_plan_revision_leaves_the_closed_month_as_sent(
    december_closed, chat, db, db_url, tmp_path, monkeypatch
):
    app = december_closed
    sent = {kind: get(app, chat, kind, period) for kind, period in KINDS}
    tp1 = sent["ตป.๑"]
    assert FIRST_COPY in values(tp1) and OLD_I01 in values(tp1)
    assert 300 in numbers_beside(tp1, OLD_I01)
    assert "ฉบับปิดรอบ วันที่ 28 ธ.ค. 2569 (ฉบับที่ 1)" in card_says(chat, "ตป.๑", "ธ.ค. 2569")

    cli(
        db_url,
        monkeypatch,
        "import-plan",
        str(revised_plan(tmp_path / "revised.xlsx")),
        "--fiscal-year",
        "2570",
    )

    # Every kind of December's report: the very same cells as before the import.
    for kind, period in KINDS:
        again = get(app, chat, kind, period)
        assert cells(again) == cells(sent[kind]), kind
        assert FIRST_COPY in values(again), kind
        assert not {NEW_I01, NEW_P50, NEW_I05} & values(again), kind
    # January (open) reads the revised plan, and is no closed copy.
    out = tmp_path / "jan.xlsx"
    cli(db_url, monkeypatch, "report", "tp1", "--period", "2570-01", "--out", str(out))
    january = load_workbook(out)
    assert {NEW_I01, NEW_I05} <= values(january) and OLD_I01 not in values(january)
    assert 400 in numbers_beside(january, NEW_I01)
    assert not any(str(v).startswith("ฉบับปิดรอบ") for v in values(january))
    assert db.scalars(select(FrozenPlan.version)).all() == [1]


def test_the_command_line_and_the_chat_give_the_same_closed_month(
    december_closed, chat, db_url, tmp_path, monkeypatch
):
    cli(
        db_url,
        monkeypatch,
        "import-plan",
        str(revised_plan(tmp_path / "revised.xlsx")),
        "--fiscal-year",
        "2570",
    )
    for kind, period, cli_kind, code in [
        ("ตป.๑", "ธ.ค. 2569", "tp1", "2569-12"),
        ("สงป.๓๐๑", "ธ.ค. 2569", "bb301", "2569-12"),
        ("ความครบถ้วน", "ธ.ค. 2569", "status", "2569-12"),
        ("รายไตรมาส", "ไตรมาส 1/2570", "quarterly", "2570-Q1"),
        ("ข้อมูลรายเดือน", "ธ.ค. 2569", "export", "2569-12"),
    ]:
        in_chat = get(december_closed, chat, kind, period)
        out = tmp_path / f"{cli_kind}.xlsx"
        cli(db_url, monkeypatch, "report", cli_kind, "--period", code, "--out", str(out))
        from_cli = load_workbook(out)
        assert cells(from_cli, but_made=True) == cells(in_chat, but_made=True), kind
        assert FIRST_COPY in values(from_cli) and NEW_I01 not in values(from_cli), kind


def test_reopening_and_closing_again_makes_a_new_version(
    december_closed, chat, db, db_url, tmp_path, monkeypatch
):
    app = december_closed
    cli(
        db_url,
        monkeypatch,
        "import-plan",
        str(revised_plan(tmp_path / "revised.xlsx")),
        "--fiscal-year",
        "2570",
    )
    assert "เปิดรอบเดือนธันวาคม 2569" in chat.says(CENTRAL, "เปิดรอบ")
    chat.says(CENTRAL, "แก้ไขเป้าหมายตามแผนปรับ")
    reopened = get(app, chat, "ตป.๑", "ธ.ค. 2569")  # open again: the live (revised) plan, no copy
    assert NEW_I01 in values(reopened) and not any(str(v).startswith("ฉบับปิดรอบ") for v in values(reopened))
    chat.says(CENTRAL, "ปิดรอบ")
    assert "เรียบร้อย" in chat.says(CENTRAL, "ยืนยัน")
    second = get(app, chat, "ตป.๑", "ธ.ค. 2569")
    assert "ฉบับปิดรอบ วันที่ 28 ธันวาคม 2569 (ฉบับที่ 2)" in values(second)
    assert NEW_I01 in values(second) and 400 in numbers_beside(second, NEW_I01)
    db.expire_all()
    assert sorted(db.scalars(select(FrozenPlan.version))) == [1, 2]
