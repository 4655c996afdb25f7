"""Divisions' own work and entry on behalf (issue #22, items 3 and 4), as conversations.

Seed 001: divisions report their own mission work (งานตามภารกิจหน่วยงาน) to the planning division
by the 27th of each month. Seed 004: the provincial office enters data for a local government that
cannot. The plan: two offices (P50, P40), a division กพก. that owns the offices' indicator I01 and
reports its own W01, a division กคร. that reports its own W02, a provincial office สถจ.ชม (a `กอง`)
supervising the local government L5001, and central กผง.
"""

from __future__ import annotations

import os
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models.clock import BANGKOK, Clock
from models.db import make_engine, make_session_factory
from models.entities import AuditLog, FiscalYear, Result, Unit, User
from models.plan_import import import_plan, write_template
from tests.support import remind, texts_of, tidtam

PLAN = "แผนงานพื้นฐานด้านการสร้างความสามารถในการแข่งขัน"
PROJECT = "ผลผลิต : สหกรณ์และกลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาตามศักยภาพ"
OWN_PROJECT = "งานตามภารกิจหน่วยงาน"
UNITS = [
    ("กผง.", "กองแผนงาน", "ส่วนกลาง", None, None),
    ("กพก.", "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร", "กอง", None, None),
    ("กคร.", "กองประสานงานโครงการพระราชดำริ", "กอง", None, None),
    ("สถจ.ชม", "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่", "กอง", None, None),
    ("P50", "สำนักงานสหกรณ์จังหวัดเชียงใหม่", "พื้นที่", "50", None),
    ("P40", "สำนักงานสหกรณ์จังหวัดขอนแก่น", "พื้นที่", "40", None),
    ("L5001", "เทศบาลนครเชียงใหม่", "พื้นที่", "50", "สถจ.ชม"),
]
INDICATORS = [
    ("I01", PLAN, PROJECT, "ส่งเสริมสหกรณ์", "จำนวนสหกรณ์ที่ได้รับการส่งเสริม", "แห่ง", 300, "กพก.", None),
    ("W01", PLAN, OWN_PROJECT, "งานของกอง", "จำนวนคู่มือการส่งเสริมที่จัดทำ", "เล่ม", 12, "กพก.", None),
    ("W02", PLAN, OWN_PROJECT, "งานของกอง", "จำนวนโครงการพระราชดำริที่ติดตาม", "โครงการ", 24, "กคร.", None),
    ("D01", PLAN, PROJECT, "จัดเก็บรายได้", "จำนวนครัวเรือนที่ชำระภาษี", "ครัวเรือน", 100, "สถจ.ชม", None),
]
TARGETS = [
    ("I01", "P50", 100),
    ("I01", "P40", 100),
    ("W01", "กพก.", 12),  # a division as the reporting unit: its own work
    ("W02", "กคร.", 24),
    ("D01", "L5001", 100),
]


def write_plan(path, own_work: bool = True):
    """The plan; without ``own_work`` no division reports its own indicator (the entry-on-behalf
    tests need none: they then fail on a release without รายงานแทน, not at the import)."""
    write_template(path)
    book = load_workbook(path)
    for row in UNITS:
        book["หน่วยงาน"].append(list(row))
    for row in INDICATORS:
        book["ตัวชี้วัด"].append(list(row))
    for row in TARGETS:
        if own_work or row[1].startswith(("P", "L")):
            book["เป้าหมายรายหน่วย"].append(list(row))
    book.save(path)
    return path


@pytest.fixture
def own_work() -> bool:
    """Whether divisions report their own indicators in the plan (a test may parametrize it)."""
    return True


@pytest.fixture
def app(db_url, line_server, tmp_path, own_work):
    from bot.app import create_app
    from bot.config import Config
    from models.migrate import upgrade
    from tests.support import SECRET, SECRET_KEY, TOKEN

    upgrade(db_url)
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session, session.begin():
        import_plan(session, write_plan(tmp_path / "plan.xlsx", own_work), 2570)
    engine.dispose()
    app = create_app(
        Config(
            database_url=db_url,
            channel_secret=SECRET,
            channel_access_token=TOKEN,
            line_api_base_url=line_server.url,
            public_base_url="https://tidtam.example",
            secret_key=SECRET_KEY,
            now="2026-12-15T10:00:00+07:00",
            env="testing",
            reply_budget_s=None,
            worker_in_process=True,
        )
    )
    yield app
    app.extensions["tidtam"].close()


@pytest.fixture
def talk(app, line_server):
    """(chat, register): the chat, and register(line_user_id, role, unit code) with an invite code."""
    from models.registration import create_invites
    from tests.support import Chat

    client = app.test_client()
    chat = Chat(
        post=lambda body, headers: client.post("/callback", data=body, headers=headers).status_code,
        store=line_server.store,
    )
    rt = app.extensions["tidtam"]

    def register(line_user_id: str, role: str, unit: str) -> str:
        with rt.sessions() as session, session.begin():
            code = create_invites(session, role=role, unit_code=unit, now=rt.clock.now())[0]
        assert "ลงทะเบียนเรียบร้อย" in chat.says(line_user_id, code)
        return line_user_id

    return chat, register


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 12, day, hour, 0, tzinfo=BANGKOK)


def set_day(app, day: int, hour: int = 10) -> None:
    app.extensions["tidtam"].clock = Clock(at(day, hour).isoformat())


def pushed_on(app, store, day: int) -> dict[str, str]:
    """The reminder pass of that day: who got which message (one each)."""
    before = len(store.pushes())
    remind(app.extensions["tidtam"], at(day))
    return {r.json["to"]: texts_of(r.messages)[0] for r in store.pushes()[before:]}


def test_the_divisions_deadline_is_a_setting_of_the_year(app):
    with app.extensions["tidtam"].sessions() as session:
        assert session.scalar(select(FiscalYear.division_report_day)) == 27


def test_a_division_reports_its_own_indicator_on_the_26th_after_a_reminder_before_the_27th(
    app, talk, line_server
):
    chat, register = talk
    store = line_server.store
    register("Ukpk", "division", "กพก.")
    register("Ukkr", "division", "กคร.")
    register("Ucentral", "central", "กผง.")

    # 24 Dec (the 27th is a Sunday: the deadline's last working day is Friday the 25th): one
    # working day before it, each division is reminded of its own work with its own deadline.
    day24 = pushed_on(app, store, 24)
    assert "ส่งภายใน 27 ธันวาคม 2569" in day24["Ukpk"], day24
    assert "จำนวนคู่มือการส่งเสริมที่จัดทำ" in day24["Ukpk"]
    assert "จำนวนโครงการพระราชดำริที่ติดตาม" in day24["Ukkr"]
    assert "กองที่ยังส่งงานของกอง" not in day24["Ucentral"]  # central's own reminder, nothing late yet

    # 26 Dec: the offices' month has moved on, but กพก. still reports December, not late.
    set_day(app, 26)
    start = chat.says("Ukpk", "รายงาน")
    assert "รอบเดือนธันวาคม 2569" in start and "ส่งภายใน 27 ธันวาคม 2569 (เหลือ 1 วัน)" in start, start
    assert "ค้างส่ง" not in start
    assert "จำนวนคู่มือการส่งเสริมที่จัดทำ" in start and "จำนวนสหกรณ์ที่ได้รับการส่งเสริม" not in start
    chat.says("Ukpk", "2")
    chat.says("Ukpk", "ไม่มี")
    done = chat.says("Ukpk", "ยืนยัน")
    assert "เรียบร้อย" in done and "หลังกำหนด" not in done, done

    with app.extensions["tidtam"].sessions() as session:
        result = session.scalar(
            select(Result).join(Unit, Result.unit_id == Unit.id).where(Unit.code == "กพก.")
        )
        assert (result.value, result.status, result.late) == (2, "submitted", False)

    # 28 Dec, the first working day after the 27th: กคร. is reminded it is overdue, กพก. is not,
    # and central is told which division has not sent its own work.
    day28 = pushed_on(app, store, 28)
    assert "Ukpk" not in day28
    assert "เลยกำหนด" in day28["Ukkr"] and "จำนวนโครงการพระราชดำริที่ติดตาม" in day28["Ukkr"], day28
    assert "กองที่ยังส่งงานของกองไม่ครบหลังกำหนด (27 ธันวาคม 2569) 1 กอง" in day28["Ucentral"], day28
    assert "กองประสานงานโครงการพระราชดำริ" in day28["Ucentral"]
    assert "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร" not in day28["Ucentral"]


def test_the_division_appears_as_the_unit_in_the_reports(app, talk):
    """กพก. reports 5 manuals (W01) as its own unit; central downloads ตป.๑ and the flat export in
    chat: the division has its own row, with its code, its indicator and its figure."""
    from tests.test_report_chat import ask, download

    chat, register = talk
    register("Ukpk", "division", "กพก.")
    register("Ucentral", "central", "กผง.")
    chat.says("Ukpk", "รายงาน")
    chat.says("Ukpk", "5")
    chat.says("Ukpk", "ไม่มี")
    assert "เรียบร้อย" in chat.says("Ukpk", "ยืนยัน")
    from models.permissions import Scope
    from reports import queries

    with app.extensions["tidtam"].sessions() as session:
        data = queries.load(session, date(2026, 12, 1), Scope(), by_office=True)
    rows = [(r.office_code, r.indicator_id) for r in data.by_office]
    assert any(code == "กพก." for code, _ in rows), rows

    # ตป.๑, sheet รายหน่วยงาน: indicator, unit, ..., the result (column F)
    tp1, _ = download(app, ask(chat, "Ucentral", "ตป.๑", "ธ.ค. 2569", "ทั้งหมด"))
    by_unit = {(r[0], r[1]): r[5] for r in tp1["รายหน่วยงาน"].iter_rows(values_only=True) if r[0] == "W01"}
    assert by_unit == {("W01", "กพก."): 5}, by_unit
    # ... and the indicator's own row, on the sheet of งานตามภารกิจหน่วยงาน, holds it
    named = [
        r[5]
        for sheet in tp1.worksheets
        for r in sheet.iter_rows(values_only=True)
        if r[0] == "W01" and r[1] == "จำนวนคู่มือการส่งเสริมที่จัดทำ"
    ]
    assert named == [5], named

    # the flat export: one row for กพก. × W01 × December, with the division's name and figure
    export, _ = download(app, ask(chat, "Ucentral", "ข้อมูลรายเดือน", "ธ.ค. 2569", "ทั้งหมด"))
    table = [list(r) for r in export["ข้อมูล"].iter_rows(values_only=True)]
    header = next(r for r in table if r and r[0] == "รหัสหน่วยงาน")
    records = [dict(zip(header, r, strict=True)) for r in table[table.index(header) + 1 :]]
    mine = [r for r in records if r["รหัสตัวชี้วัด"] == "W01" and r["เดือน"] == "2569-12"]
    assert [(r["รหัสหน่วยงาน"], r["หน่วยงาน"], r["ผลรายเดือน"], r["ผลสะสม"]) for r in mine] == [
        ("กพก.", "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร", 5, 5)
    ], mine


@pytest.mark.parametrize("own_work", [False])  # the plan of a release without #22 too
def test_a_province_enters_for_its_local_government_and_the_audit_shows_both(app, talk, db_url):
    chat, register = talk
    register("Ucm", "division", "สถจ.ชม")
    register("UL5001", "officer", "L5001")
    # The province's analyst enters on behalf of the local government that cannot.
    ask = chat.say("Ucm", "รายงานแทน")
    assert "L5001 เทศบาลนครเชียงใหม่" in texts_of(ask)[0]
    buttons = {i["action"]["label"]: i["action"]["text"] for i in ask[-1]["quickReply"]["items"]}
    assert buttons["เทศบาลนครเชียงใหม่"] == "L5001"  # labelled by name, sending the code
    assert "P50" not in texts_of(ask)[0]  # not the province's
    first = chat.says("Ucm", "เทศบาลนครเชียงใหม่")  # a typed name works as well as the button
    assert "รายงานแทน L5001 เทศบาลนครเชียงใหม่" in first and "จำนวนครัวเรือนที่ชำระภาษี" in first, first
    chat.says("Ucm", "40")
    chat.says("Ucm", "ไม่มี")
    assert "เรียบร้อย" in chat.says("Ucm", "ยืนยัน")

    rt = app.extensions["tidtam"]
    with rt.sessions() as session:
        province = session.scalar(select(User).where(User.line_user_id == "Ucm"))
        result = session.scalar(
            select(Result).join(Unit, Result.unit_id == Unit.id).where(Unit.code == "L5001")
        )
        assert (result.value, result.status) == (40, "submitted")
        assert result.entered_by_id == province.id and result.submitted_by_id == province.id
        rows = session.scalars(select(AuditLog).where(AuditLog.entity == "result")).all()
        assert {(r.user_id, r.actor_unit_id, r.unit_id) for r in rows} == {
            (province.id, province.unit_id, result.unit_id)
        }

    # The local government's own officer sees its value as done; ประวัติ names who entered it.
    assert "ส่งรายงานรอบนี้ครบแล้ว" in chat.says("UL5001", "รายงาน")
    register("Ucentral", "central", "กผง.")
    chat.says("Ucentral", "ประวัติ")
    history = chat.says("Ucentral", "L5001")
    assert "บันทึกแทนโดย" in history and "(สถจ.ชม)" in history, history

    # tidtam audit: who entered it (the province's user and unit) and for whom (the local government).
    out = tidtam(
        {**os.environ, "DATABASE_URL": db_url}, "audit", "--unit", "L5001", "--period", "2569-12"
    ).stdout
    lines = [line for line in out.splitlines() if "บันทึกแทนโดย" in line]
    assert lines and all("(สถจ.ชม) แทน L5001" in line for line in lines), out
    assert any("-> 40" in line for line in lines), out  # the value, entered on the unit's behalf


@pytest.mark.parametrize("own_work", [False])  # the plan of a release without #22 too
def test_the_review_screen_says_who_entered_on_behalf(app, talk):
    chat, register = talk
    register("Ukpk", "division", "กพก.")
    chat.says("Ukpk", "รายงานแทน")
    chat.says("Ukpk", "P40")  # a division for an office of its indicators, by code
    chat.says("Ukpk", "9")
    chat.says("Ukpk", "ไม่มี")
    assert "เรียบร้อย" in chat.says("Ukpk", "ยืนยัน")
    chat.says("Ukpk", "ตรวจ")
    screen = chat.says("Ukpk", "P40")
    assert "บันทึกแทนโดย" in screen and "(กพก.)" in screen, screen


@pytest.mark.parametrize("own_work", [False])  # the plan of a release without #22 too
def test_nobody_enters_outside_their_scope(app, talk):
    chat, register = talk
    register("Ucm", "division", "สถจ.ชม")
    register("Ukkr", "division", "กคร.")
    register("UP50", "officer", "P50")

    # The province may not enter for an office outside its area, typed by code or by name.
    chat.says("Ucm", "รายงานแทน")
    refused = chat.says("Ucm", "P40")
    assert "P40" in refused and "ไม่อยู่ในขอบเขต" in refused, refused
    refused = chat.says("Ucm", "สำนักงานสหกรณ์จังหวัดขอนแก่น")
    assert "ไม่อยู่ในขอบเขต" in refused
    chat.says("Ucm", "ยกเลิก")

    # A division whose indicators no office reports has nobody to enter for; an officer may not.
    assert "ไม่มีหน่วยงานที่คุณรายงานแทนได้" in chat.says("Ukkr", "รายงานแทน")
    assert "ใช้ได้สำหรับ" in chat.says("UP50", "รายงานแทน")

    # A unit picked stays in scope only while the user's unit supervises it: moved to another
    # unit in the middle of the dialogue, the analyst's next answer is refused, nothing is saved.
    assert "จำนวนครัวเรือนที่ชำระภาษี" in chat.says("Ucm", "รายงานแทน") + chat.says("Ucm", "L5001")
    rt = app.extensions["tidtam"]
    with rt.sessions() as session, session.begin():
        user = session.scalar(select(User).where(User.line_user_id == "Ucm"))
        user.unit_id = session.scalar(select(Unit.id).where(Unit.code == "กคร."))
    assert "ไม่อยู่ในขอบเขต" in chat.says("Ucm", "40")

    with rt.sessions() as session:
        assert session.scalars(select(Result)).all() == []
