"""`ขอรายงาน` in chat: the link in the Flex bubble downloads the file; scopes are enforced."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from models.entities import Activity, Assignment, DownloadLog, Indicator, Period, Result, Unit
from tests.support import quick_labels, texts_of

CENTRAL, DIVISION, OFFICER = "Ucentral", "Udivision", "Uofficer50"
BASE = "https://tidtam.example"
AT = datetime(2026, 12, 14, 3, 0, tzinfo=UTC)
OTHER_INDICATOR = "จำนวนผลิตภัณฑ์ที่ได้รับการพัฒนา (กองอื่น)"


@pytest.fixture
def files_app(bot_app, tmp_path, db):
    """Files under tmp_path; December results; a second division owning one more indicator."""
    units = {u.code: u.id for u in db.scalars(select(Unit))}
    other = Unit(code="กพน.", name="กองพัฒนาสหกรณ์ภาคนอกการเกษตร", kind="division")
    db.add(other)
    db.flush()
    i01 = db.scalar(select(Indicator).where(Indicator.code == "I01"))
    extra = Indicator(
        fiscal_year_id=i01.fiscal_year_id,
        code="I04",
        activity_id=i01.activity_id,
        name=OTHER_INDICATOR,
        unit_label="ผลิตภัณฑ์",
        target=Decimal(10),
        owner_unit_id=other.id,
    )
    db.add(extra)
    db.flush()
    db.add(Assignment(indicator_id=extra.id, unit_id=units["P50"], target=Decimal(10)))
    dec = db.scalar(select(Period.id).where(Period.month_start == datetime(2026, 12, 1).date()))
    ind = {i.code: i.id for i in db.scalars(select(Indicator))}
    for code, unit, value in [
        ("I01", "P50", 12),
        ("I02", "P50", 1250),
        ("I04", "P50", 3),
        ("I01", "P40", 40),
        ("I01", "P90", 7),
    ]:
        db.add(
            Result(
                indicator_id=ind[code],
                unit_id=units[unit],
                period_id=dec,
                value=Decimal(value),
                status="submitted",
                entered_at=AT,
            )
        )
    db.commit()
    assert db.scalar(select(Activity.id).where(Activity.id == i01.activity_id))
    return bot_app


def ask(chat, user: str, kind: str, period: str, scope: str | None = None) -> list[dict]:
    labels = quick_labels(chat.say(user, "ขอรายงาน"))
    assert kind in labels, labels
    asked = chat.say(user, kind)
    assert period in quick_labels(asked), quick_labels(asked)
    answer = chat.say(user, period)
    if scope is not None:
        # Divisions are named in full: the question lists "• name (code)", the button sends the name.
        buttons = [i["action"]["text"] for i in answer[-1]["quickReply"]["items"]]
        named = re.search(rf"• (.+) \({re.escape(scope)}\)", answer[-1]["text"])
        tap = named.group(1) if named else scope
        assert tap in buttons, buttons
        answer = chat.say(user, tap)
    return answer


def download(app, messages: list[dict]):
    flex, image = messages
    assert flex["type"] == "flex" and image["type"] == "image"
    uri = flex["contents"]["footer"]["contents"][0]["action"]["uri"]
    assert uri.startswith(f"{BASE}/files/") and image["originalContentUrl"].startswith(f"{BASE}/files/")
    client = app.test_client()
    response = client.get(uri.removeprefix(BASE), headers={"User-Agent": "pytest"})
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    png = client.get(image["originalContentUrl"].removeprefix(BASE))
    assert png.status_code == 200 and png.data[:4] == b"\x89PNG"
    return load_workbook(io.BytesIO(response.data)), uri


def all_values(book) -> set:
    return {v for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None}


@pytest.mark.parametrize(
    "kind,period",
    [
        ("ตป.๑", "ธ.ค. 2569"),
        ("สงป.๓๐๑", "ธ.ค. 2569"),
        ("ความครบถ้วน", "ธ.ค. 2569"),
        ("รายไตรมาส", "ไตรมาส 1/2570"),
        ("ข้อมูลรายเดือน", "ธ.ค. 2569"),  # #15: the flat export
    ],
)
def test_central_asks_each_kind_and_downloads_it(files_app, chat, register, db, kind, period):
    register(CENTRAL, "central", "กผง.")
    messages = ask(chat, CENTRAL, kind, period, "ทั้งหมด")
    assert "พร้อมดาวน์โหลด" in texts_of(messages)[0]
    book, _ = download(files_app, messages)
    values = all_values(book)
    assert any("กรมส่งเสริมสหกรณ์" in str(v) for v in values)
    if kind != "ความครบถ้วน":
        assert OTHER_INDICATOR in values
    assert db.scalar(select(func.count()).select_from(DownloadLog)) == 2
    log = db.scalars(select(DownloadLog)).first()
    assert log.user_agent == "pytest"


def test_tp1_figures_in_the_bubble(files_app, chat, register):
    register(CENTRAL, "central", "กผง.")
    flex = ask(chat, CENTRAL, "ตป.๑", "ธ.ค. 2569", "ทั้งหมด")[0]
    text = str(flex["contents"])
    assert "หน่วยงานที่ส่งครบ" in text and "ตัวชี้วัดที่เป็นไปตามแผน" in text
    book, _ = download(files_app, ask(chat, CENTRAL, "ตป.๑", "ธ.ค. 2569", "ทั้งหมด"))
    by_office = [r for r in book["รายหน่วยงาน"].iter_rows(values_only=True) if r[0] == "I01"]
    assert {r[1]: r[5] for r in by_office} == {"P50": 12, "P40": 40, "P90": 7}


def test_officer_gets_only_the_own_office(files_app, chat, register):
    register(OFFICER, "officer", "P50")
    book, _ = download(files_app, ask(chat, OFFICER, "ตป.๑", "ธ.ค. 2569"))
    offices = {r[1] for r in book["รายหน่วยงาน"].iter_rows(min_row=7, values_only=True) if r[1]}
    assert offices == {"P50"}
    values = all_values(book)
    assert "สำนักงานสหกรณ์จังหวัดขอนแก่น" not in values and 40 not in values


def test_division_gets_only_its_indicators(files_app, chat, register):
    register(DIVISION, "division", "กพก.")
    book, _ = download(files_app, ask(chat, DIVISION, "ตป.๑", "ธ.ค. 2569"))
    values = all_values(book)
    assert OTHER_INDICATOR not in values
    assert "จำนวนสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาศักยภาพ" in values


def test_central_may_narrow_to_a_division(files_app, chat, register):
    register(CENTRAL, "central", "กผง.")
    book, _ = download(files_app, ask(chat, CENTRAL, "ตป.๑", "ธ.ค. 2569", "กพน."))
    values = all_values(book)
    assert OTHER_INDICATOR in values
    assert "จำนวนสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาศักยภาพ" not in values


@pytest.mark.parametrize(
    "kind,period,scope,fallback,thai",
    [
        ("ตป.๑", "ธ.ค. 2569", "ทั้งหมด", "tp1_2569-12.xlsx", "ตป.1_2569-12.xlsx"),
        ("ตป.๑", "ธ.ค. 2569", "กพน.", "tp1_2569-12.xlsx", "ตป.1_2569-12_กองพัฒนาสหกรณ์ภาคนอกการเกษตร.xlsx"),
        ("สงป.๓๐๑", "ธ.ค. 2569", "ทั้งหมด", "bb301_2569-12.xlsx", "สงป.301_2569-12.xlsx"),
        ("รายไตรมาส", "ไตรมาส 1/2570", "ทั้งหมด", "quarterly_2570-Q1.xlsx", "รายไตรมาส_2570-Q1.xlsx"),
    ],
    ids=["tp1", "tp1-division", "bb301", "quarterly"],
)
def test_a_download_keeps_its_thai_name_and_falls_back_to_a_readable_ascii_one(
    files_app, chat, register, kind, period, scope, fallback, thai
):
    """#25: a client that ignores `filename*` saves a readable file, never a hidden '.1_2569-12.xlsx'."""
    register(CENTRAL, "central", "กผง.")
    messages = ask(chat, CENTRAL, kind, period, scope)
    uri = messages[0]["contents"]["footer"]["contents"][0]["action"]["uri"]
    client = files_app.test_client()
    response = client.get(uri.removeprefix(BASE))
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition == f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(thai)}"
    assert load_workbook(io.BytesIO(response.data)).sheetnames  # the workbook itself, whole
    chart = client.get(messages[1]["originalContentUrl"].removeprefix(BASE))
    assert (
        chart.headers["Content-Disposition"] == "inline; filename=\"chart.png\"; filename*=UTF-8''chart.png"
    )


def test_bad_answers_ask_again(files_app, chat, register):
    register(CENTRAL, "central", "กผง.")
    chat.says(CENTRAL, "ขอรายงาน")
    assert "เลือกแบบรายงาน" in chat.says(CENTRAL, "อะไรก็ได้")
    chat.says(CENTRAL, "ตป.๑")
    assert "ไม่พบรอบรายงาน" in chat.says(CENTRAL, "ม.ค. 2590")
    assert "ทั้งหมด" in quick_labels(chat.say(CENTRAL, "2569-12"))
    assert "ยกเลิก" in chat.says(CENTRAL, "ยกเลิก")


def test_unknown_and_expired_links_answer_404(files_app, chat, register, set_now):
    register(CENTRAL, "central", "กผง.")
    messages = ask(chat, CENTRAL, "ความครบถ้วน", "ธ.ค. 2569", "ทั้งหมด")
    _, uri = download(files_app, messages)
    client = files_app.test_client()
    assert client.get("/files/not-a-real-token").status_code == 404
    assert client.get("/files/" + "x" * 500).status_code == 404
    # 24 hours and a minute after the link was made (the clock runs on from TIDTAM_NOW while the
    # test runs, so a second would be too close on a busy machine)
    set_now("2026-12-16T10:01:00+07:00")
    assert client.get(uri.removeprefix(BASE)).status_code == 404


def test_a_report_too_big_for_the_reply_is_pushed_when_ready(
    files_app, chat, register, line_server, monkeypatch
):
    monkeypatch.setattr("handlers.report_request.INLINE_LIMIT", 0)
    register(CENTRAL, "central", "กผง.")
    answer = ask(chat, CENTRAL, "ตป.๑", "ธ.ค. 2569", "ทั้งหมด")
    assert "กำลังจัดทำ" in texts_of(answer)[0]
    assert line_server.store.wait_for(lambda s: any(p.delivered for p in s.pushes()), timeout=30)
    push = next(p for p in line_server.store.pushes() if p.delivered)
    assert push.retry_key and push.json["to"] == CENTRAL
    book, _ = download(files_app, push.messages)
    assert OTHER_INDICATOR in all_values(book)


def test_chat_and_command_line_make_the_same_file(
    files_app, chat, register, db, db_url, tmp_path, monkeypatch
):
    """One report service: the file central downloads in chat, the one `tidtam report` writes and the
    one `reports.service.make` returns hold the same cells."""
    from click.testing import CliRunner

    from bot.cli import cli
    from models.permissions import Scope
    from reports import service

    register(CENTRAL, "central", "กผง.")
    in_chat, _ = download(files_app, ask(chat, CENTRAL, "ตป.๑", "ธ.ค. 2569", "ทั้งหมด"))
    monkeypatch.setenv("DATABASE_URL", db_url)
    out = tmp_path / "tp1.xlsx"
    result = CliRunner().invoke(cli, ["report", "tp1", "--period", "2569-12", "--out", str(out)])
    assert result.exit_code == 0, result.output
    made = service.make(db, service.parse_request("tp1", "2569-12"), Scope(), AT)
    assert made.name == "ตป.1_2569-12.xlsx"

    def cells(book) -> dict:  # every sheet's rows but the `made on` line (the CLI's clock is today)
        return {  # and the signature block (the chat names the user who asked under ผู้จัดทำ)
            sheet.title: [
                row
                for row in sheet.iter_rows(values_only=True)
                if not any(str(v).startswith("จัดทำเมื่อ") for v in row if v)
            ][: _signed_from(sheet)]
            for sheet in book
        }

    assert cells(in_chat) == cells(load_workbook(out)) == cells(load_workbook(io.BytesIO(made.content)))


def _signed_from(sheet) -> int | None:
    """Where the sheet's signature block starts (the caption above its ลงชื่อ line), None: unsigned."""
    rows = [
        r for r in sheet.iter_rows(values_only=True) if not any(str(v).startswith("จัดทำเมื่อ") for v in r if v)
    ]
    signed = [i for i, r in enumerate(rows) if any(str(v).startswith("ลงชื่อ") for v in r if v)]
    return signed[0] - 1 if signed else None


def test_the_user_who_asks_is_named_as_the_preparer(files_app, chat, register, db):
    """#25: the ตป.๑ central downloads names central under ผู้จัดทำ and dates it the day it was made."""
    from models.entities import User

    register(CENTRAL, "central", "กผง.")
    db.scalar(select(User).where(User.line_user_id == CENTRAL)).display_name = "สมศรี ตั้งใจ"
    db.commit()
    book, _ = download(files_app, ask(chat, CENTRAL, "ตป.๑", "ธ.ค. 2569", "ทั้งหมด"))
    rows = [[v for v in r if v] for r in book.worksheets[-1].iter_rows(values_only=True)]
    signed = [i for i, r in enumerate(rows) if any(str(v).startswith("ลงชื่อ") for v in r)]
    assert len(signed) == 1, signed
    column = [line[0] for line in rows[signed[0] - 1 :]]  # the preparer's column, the block's first
    assert column[0] == "ผู้จัดทำ" and column[1].startswith("ลงชื่อ ..")
    assert column[2] == "( สมศรี ตั้งใจ )"
    assert column[3].startswith("ตำแหน่ง ..")  # users have no position: a dotted line to fill in
    assert column[4].startswith("วันที่ ") and "...." not in column[4] and "2569" in column[4]
