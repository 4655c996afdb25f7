"""The organisation as a tree (issue #16): a department, two provincial offices (สถ.จ.) and six
local governments, reviewed by area (TIDTAM_REVIEW_BY=area). A month of December 2569: the local
governments report, each province gets one digest, reviews only its own, is reminded and told
who is late; the department is told which provinces are late; สถานะ and the completeness file
group by province. The plan import refuses unknown parents and cycles, sheet/row/column."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models import reporting as svc
from models.clock import BANGKOK
from models.db import make_engine, make_session_factory
from models.entities import Notification, Result, Unit, User
from models.org import Tree, area_scope
from models.periods import current_period
from models.permissions import Scope
from models.plan_import import PlanImportError, import_plan, write_template
from reports import service
from tests.support import remind, texts_of

DEPARTMENT = ("สถ.", "กรมส่งเสริมการปกครองท้องถิ่น", "ส่วนกลาง", None, None)
OWNER = ("กพส.", "กองพัฒนาและส่งเสริมการบริหารงานท้องถิ่น", "กอง", None, "สถ.")
CM = ("สถจ.ชม", "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่", "กอง", None, "สถ.")
KK = ("สถจ.ขก", "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น", "กอง", None, "สถ.")
LOCALS = [
    ("L5001", "เทศบาลนครเชียงใหม่", "พื้นที่", "50", "สถจ.ชม"),
    ("L5002", "เทศบาลเมืองแม่โจ้", "พื้นที่", "50", "สถจ.ชม"),
    ("L5003", "อบต.สุเทพ", "พื้นที่", "50", "สถจ.ชม"),
    ("L4001", "เทศบาลนครขอนแก่น", "พื้นที่", "40", "สถจ.ขก"),
    ("L4002", "เทศบาลเมืองบ้านไผ่", "พื้นที่", "40", "สถจ.ขก"),
    ("L4003", "อบต.ศิลา", "พื้นที่", "40", "สถจ.ขก"),
]
PROJECT = "โครงการส่งเสริมการจัดเก็บรายได้ขององค์กรปกครองส่วนท้องถิ่น"
INDICATORS = [
    ("D01", "แผนงานพื้นฐาน", PROJECT, "จัดเก็บรายได้", "จำนวนครัวเรือนที่ชำระภาษี", "ครัวเรือน", 1000, "กพส.", None),
    ("D02", "แผนงานพื้นฐาน", PROJECT, "จัดเก็บรายได้", "จำนวนแปลงที่ดินที่สำรวจ", "แปลง", 500, "กพส.", None),
]


def write_tree_plan(path, units=None):
    write_template(path)
    book = load_workbook(path)
    for row in units or [DEPARTMENT, OWNER, CM, KK, *LOCALS]:
        book["หน่วยงาน"].append(list(row))
    for row in INDICATORS:
        book["ตัวชี้วัด"].append(list(row))
    for code, *_ in LOCALS:
        book["เป้าหมายรายหน่วย"].append(["D01", code, 100])
        book["เป้าหมายรายหน่วย"].append(["D02", code, 50])
    book.save(path)
    return path


@pytest.fixture
def tree_app(db_url, line_server, tmp_path, monkeypatch):
    """The app on a database holding the three-level plan, reviewing by area."""
    from bot.app import create_app
    from bot.config import Config
    from models.migrate import upgrade
    from tests.support import SECRET, SECRET_KEY, TOKEN

    monkeypatch.setenv("TIDTAM_REVIEW_BY", "area")
    upgrade(db_url)
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session, session.begin():
        import_plan(session, write_tree_plan(tmp_path / "plan.xlsx"), 2570)
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
            worker_in_process=True,  # the reminders' pushes are jobs (PostgreSQL: the real connector)
        )
    )
    yield app
    app.extensions["tidtam"].close()


@pytest.fixture
def tree_chat(tree_app, line_server):
    from tests.support import Chat

    client = tree_app.test_client()
    return Chat(
        post=lambda body, headers: client.post("/callback", data=body, headers=headers).status_code,
        store=line_server.store,
    )


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 12, day, hour, 0, tzinfo=BANGKOK)


def submit(session, line_user_id: str, now: datetime) -> None:
    user = session.scalar(select(User).where(User.line_user_id == line_user_id))
    info = current_period(session, date(2026, 12, 15))
    plan = svc.office_plan(session, user.unit_id, info.fiscal_year.id)
    for item in plan.indicators:
        svc.save_value(session, user, info, Result, item.indicator.id, Decimal(7), now)
    for project in plan.projects:
        svc.save_problem_text(session, user, info, project.id, now, problems="ไม่มี")
    svc.submit(session, user, info, now)


def test_the_tree_is_imported(tree_app):
    with tree_app.extensions["tidtam"].sessions() as session:
        units = {u.code: u for u in session.scalars(select(Unit))}
        tree = Tree.load(session)
        assert units["L5001"].parent_id == units["สถจ.ชม"].id
        assert units["สถจ.ชม"].parent_id == units["สถ."].id
        assert units["สถ."].parent_id is None
        assert tree.below(units["สถ."].id) >= {units[c].id for c, *_ in LOCALS}
        assert tree.below(units["สถจ.ขก"].id) == {units[c].id for c, *_ in LOCALS[3:]}
        assert tree.above(units["L4002"].id) == [units["สถจ.ขก"].id, units["สถ."].id]


def test_unknown_parents_own_parents_and_cycles_are_refused_at_their_cell(session, tmp_path):
    units = [
        DEPARTMENT,
        ("A", "หน่วย ก", "กอง", None, "B"),
        ("B", "หน่วย ข", "กอง", None, "C"),
        ("C", "หน่วย ค", "กอง", None, "A"),
        ("D", "หน่วย ง", "กอง", None, "D"),
        ("E", "หน่วย จ", "กอง", None, "ไม่มีรหัสนี้"),
        *LOCALS,
        CM,
        KK,
        OWNER,
    ]
    with pytest.raises(PlanImportError) as error:
        import_plan(session, write_tree_plan(tmp_path / "bad.xlsx", units), 2570)
    problems = [(p.sheet, p.row, p.column, p.message) for p in error.value.problems]
    assert ("หน่วยงาน", 3, "หน่วยงานกำกับ", "หน่วยงานกำกับวนกลับมาที่หน่วยงานนี้ (A → B → C → A)") in problems
    assert ("หน่วยงาน", 4, "หน่วยงานกำกับ", "หน่วยงานกำกับวนกลับมาที่หน่วยงานนี้ (B → C → A → B)") in problems
    assert ("หน่วยงาน", 6, "หน่วยงานกำกับ", "หน่วยงานกำกับต้องไม่ใช่หน่วยงานเดียวกัน") in problems
    assert ("หน่วยงาน", 7, "หน่วยงานกำกับ", "ไม่พบรหัสหน่วยงาน ไม่มีรหัสนี้ ในแผ่นงาน หน่วยงาน หรือในระบบ") in problems
    assert session.scalar(select(Unit).where(Unit.code == "A")) is None  # nothing imported


def test_a_cycle_through_the_database_is_refused(session, tmp_path):
    import_plan(session, write_tree_plan(tmp_path / "plan.xlsx"), 2570)
    # The department moves under one of its provinces: the stored rows close the loop.
    moved = [("สถ.", DEPARTMENT[1], "ส่วนกลาง", None, "สถจ.ชม")]
    with pytest.raises(PlanImportError) as error:
        import_plan(session, write_tree_plan(tmp_path / "moved.xlsx", moved), 2570)
    assert [p.message for p in error.value.problems] == ["หน่วยงานกำกับวนกลับมาที่หน่วยงานนี้ (สถ. → สถจ.ชม → สถ.)"]


def test_a_month_reviewed_by_area(tree_app, tree_chat, line_server):
    chat, store = tree_chat, line_server.store
    rt = tree_app.extensions["tidtam"]
    clock = rt.clock

    def register(line_user_id: str, role: str, unit: str) -> None:
        from models.registration import create_invites

        with rt.sessions() as session, session.begin():
            code = create_invites(session, role=role, unit_code=unit, now=rt.clock.now())[0]
        assert "ลงทะเบียนเรียบร้อย" in chat.says(line_user_id, code)

    for code, *_ in LOCALS:
        register(f"U{code}", "officer", code)
    register("Ucm", "division", "สถจ.ชม")
    register("Ukk", "division", "สถจ.ขก")
    register("Uowner", "division", "กพส.")
    register("Udept", "central", "สถ.")

    # Three local governments report on the 15th: one in chat, two through the same services.
    chat.says("UL5001", "รายงาน")
    for answer in ("120", "40", "ไม่มี"):
        chat.says("UL5001", answer)
    assert "เรียบร้อย" in chat.says("UL5001", "ยืนยัน")
    with rt.sessions() as session, session.begin():
        submit(session, "UL5002", clock.now())
        submit(session, "UL4001", clock.now())

    def run(day: int) -> dict[str, str]:
        before = len(store.pushes())
        report = remind(rt, at(day))
        again = remind(rt, at(day))
        assert again.planned == []  # idempotent
        sent = store.pushes()[before:]
        assert max(Counter(r.json["to"] for r in sent).values(), default=0) <= 1
        assert report.sent == len(sent)
        return {r.json["to"]: texts_of(r.messages)[0] for r in sent}

    # 16 Dec: nobody's deadline is near; each province gets one digest of its own offices.
    day16 = run(16)
    assert set(day16) == {"Ucm", "Ukk"}
    assert "ส่งใหม่ 2 แห่ง" in day16["Ucm"] and "แม่โจ้" in day16["Ucm"] and "ขอนแก่น" not in day16["Ucm"]
    assert "ส่งใหม่ 1 แห่ง" in day16["Ukk"] and "เทศบาลนครขอนแก่น" in day16["Ukk"]

    # The Chiang Mai office reviews its own local governments only, and approves one.
    clock_at = "2026-12-16T10:00:00+07:00"
    from models.clock import Clock

    rt.clock = Clock(clock_at)
    queue = chat.says("Ucm", "ตรวจ")
    assert "รอตรวจ 2 แห่ง" in queue and "L5001" in queue and "L5002" in queue and "L4001" not in queue
    assert "ยังไม่ส่ง 1 แห่ง: อบต.สุเทพ" in queue  # not sent yet: by name (#24)
    assert "ไม่พบหน่วยงานนี้" in chat.says("Ucm", "L4001")  # Khon Kaen's office is not in its queue
    sheet = chat.says("Ucm", "L5001")
    assert "เทศบาลนครเชียงใหม่" in sheet and "จำนวนครัวเรือนที่ชำระภาษี" in sheet
    assert "อนุมัติ เทศบาลนครเชียงใหม่ (L5001) ทั้ง 2 ข้อ" in chat.says("Ucm", "อนุมัติ")
    assert "อนุมัติผลของ" in chat.says("Ucm", "ยืนยัน")
    # The owning division does not review by area: nothing waits for it.
    assert "ยังไม่มีหน่วยงานที่รอตรวจ" in chat.says("Uowner", "ตรวจ")
    chat.says("Uowner", "ยกเลิก")

    # 17 Dec: offices' before-1; provinces' before-3 counts what waits for review (no digest:
    # nothing new since Chiang Mai reviewed; Khon Kaen's digest went yesterday).
    day17 = run(17)
    assert {"UL5003", "UL4002", "UL4003"} <= set(day17)
    assert not {"UL5001", "UL5002", "UL4001"} & set(day17)
    assert "รอการตรวจ 1 รายการ" not in day17.get("Ucm", "")
    assert "รอการตรวจ 2 รายการ" in day17["Ucm"]  # L5002's two values
    assert "รอการตรวจ 2 รายการ" in day17["Ukk"]

    # A late local government resubmits on the 18th: tomorrow's pass tells its province once.
    rt.clock = Clock("2026-12-18T15:00:00+07:00")
    with rt.sessions() as session, session.begin():
        submit(session, "UL5003", rt.clock.now())

    # 21 Dec, the offices' overdue day: each province is told who is late in its own area.
    day21 = run(21)
    assert {"UL4002", "UL4003"} <= set(day21) and "UL5003" not in day21
    assert "หน่วยงานในกำกับที่ยังส่งไม่ครบหลังกำหนด" in day21["Ukk"]
    assert "บ้านไผ่" in day21["Ukk"] and "ศิลา" in day21["Ukk"]
    assert "หน่วยงานในกำกับ" not in day21["Ucm"]  # all of Chiang Mai has sent
    assert "รอการตรวจ 4 รายการ" in day21["Ucm"]
    assert "หน่วยงานที่ยังส่งไม่ครบ" not in day21.get("Uowner", "")  # escalations go to the parent

    # 23 Dec, the divisions' overdue day: the department is told which provinces are late.
    day23 = run(23)
    assert "กองที่ยังตรวจ/สรุปไม่ครบหลังกำหนด" in day23["Udept"]
    assert "เชียงใหม่" in day23["Udept"] and "ขอนแก่น" in day23["Udept"]
    with rt.sessions() as session:
        kinds = Counter(session.scalars(select(Notification.kind).where(Notification.kind == "digest")))
    assert kinds["digest"] == 2  # one per province, not one per submission

    # สถานะ: the department sees every local government, grouped by province.
    rt.clock = Clock("2026-12-23T10:00:00+07:00")
    status = chat.says("Udept", "สถานะ")
    assert "หน่วยงานที่ส่งครบ 4/6 แห่ง" in status
    assert "แยกตามหน่วยงานกำกับ (2 แห่ง)" in status
    assert "จังหวัดขอนแก่น: ส่งครบ 1/3 แห่ง" in status and "จังหวัดเชียงใหม่: ส่งครบ 3/3 แห่ง" in status
    assert status.index("ขอนแก่น: ส่งครบ") < status.index("เชียงใหม่: ส่งครบ")  # least complete first
    # ... a province its own area.
    assert "หน่วยงานที่ส่งครบ 1/3 แห่ง" in chat.says("Ukk", "สถานะ")
    assert "หน่วยงานที่ส่งครบ 3/3 แห่ง" in chat.says("Ucm", "สถานะ")

    # The completeness file: the department's has a sheet by province; a province's its own offices.
    with rt.sessions() as session:
        request = service.parse_request("status", "2569-12")
        everything = service.make(session, request, Scope(), rt.clock.now())
        kk_user = session.scalar(select(User).where(User.line_user_id == "Ukk"))
        kk_scope = area_scope(session, kk_user)
        assert kk_scope is not None
        province = service.make(session, request, kk_scope, rt.clock.now())
    book = load_workbook(io.BytesIO(everything.content))
    rows = [[c.value for c in row] for row in book["รายหน่วยงานกำกับ"].iter_rows()]
    by_parent = {r[0]: r[1:3] for r in rows if r[0]}
    assert by_parent["สถจ.ขก สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น"] == [3, 1]
    assert by_parent["สถจ.ชม สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่"] == [3, 3]
    assert by_parent["ภาพรวม"] == [6, 4]
    kk_book = load_workbook(io.BytesIO(province.content))
    offices = {row[0].value for row in kk_book["รายหน่วยงานกำกับ"].iter_rows() if row[0].value}
    assert "สถจ.ขก สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น" in offices
    assert not any("เชียงใหม่" in str(o) for o in offices)


def test_invite_contact_and_wrong_shaped_codes(chat, monkeypatch):
    monkeypatch.setenv("TIDTAM_INVITE_CONTACT", "กองแผนงาน โทร 0 2241 9000 ต่อ 1234")
    answer = chat.says("Unew", "สวัสดีค่ะ")
    assert "กรุณาพิมพ์รหัสเชิญ" in answer and "ขอรหัสได้ที่ กองแผนงาน โทร 0 2241 9000" in answer
    wrong = chat.says("Unew", "AB-12")
    assert wrong.startswith("รหัสไม่ถูกต้อง") and "กองแผนงาน" in wrong
    monkeypatch.delenv("TIDTAM_INVITE_CONTACT")
    assert "ขอรหัสได้ที่" not in chat.says("Unew", "ABCD-23456")


def test_timeliness_per_office_and_officer_in_a_workbook_and_in_chat(tree_app, tree_chat):
    from models.clock import Clock
    from models.registration import create_invites
    from reports.timeliness import SHEET_OFFICERS, SHEET_OFFICES, build_timeliness, timeliness

    chat, rt = tree_chat, tree_app.extensions["tidtam"]

    def register(line_user_id: str, role: str, unit: str) -> None:
        with rt.sessions() as session, session.begin():
            code = create_invites(session, role=role, unit_code=unit, now=rt.clock.now())[0]
        assert "ลงทะเบียนเรียบร้อย" in chat.says(line_user_id, code)

    for code in ("L5001", "L4001"):
        register(f"U{code}", "officer", code)
    register("Ucm", "division", "สถจ.ชม")
    register("Uowner", "division", "กพส.")
    register("Udept", "central", "สถ.")
    with rt.sessions() as session, session.begin():
        submit(session, "UL5001", rt.clock.now())  # 15 Dec: on time
    rt.clock = Clock("2026-12-22T10:00:00+07:00")
    with rt.sessions() as session, session.begin():
        submit(session, "UL4001", rt.clock.now())  # after the 20th: late

    with rt.sessions() as session:
        data = timeliness(session, 2570, date(2026, 12, 22))  # December's deadline (20th) has passed
    states = {line.code: line.states[date(2026, 12, 1)] for line in data.offices}
    assert states == {
        "L5001": "on_time",
        "L5002": "missing",
        "L5003": "missing",
        "L4001": "late",
        "L4002": "missing",
        "L4003": "missing",
    }
    officers = {line.code: line.states for line in data.officers}
    assert officers["UL5001"] == {date(2026, 12, 1): "on_time"}
    assert officers["UL4001"] == {date(2026, 12, 1): "late"}

    book = load_workbook(io.BytesIO(_saved(build_timeliness(data))))
    rows = [[c.value for c in row] for row in book[SHEET_OFFICES].iter_rows(min_row=2)]
    head, body = rows[0], {row[0]: row for row in rows[1:]}
    assert head[:3] == ["รหัส", "หน่วยงาน", "หน่วยงานกำกับ"] and "ธันวาคม 2569" in head
    month = head.index("ธันวาคม 2569")
    assert body["L4001"][month] == "ส่งช้า" and body["L4001"][2] == "สถจ.ขก"
    assert body["L5001"][month] == "ตรงเวลา"
    assert body["L5001"][-1] == 100.0 and body["L5002"][-1] == 0.0
    officer_rows = {row[0].value: row for row in book[SHEET_OFFICERS].iter_rows(min_row=3)}
    assert officer_rows["UL4001"][month].value == "ส่งช้า"

    messages = chat.say("Udept", "ความตรงเวลา")
    everyone = "\n".join(texts_of(messages))
    assert "หน่วยงาน 6 แห่ง" in everyone and "รอบที่ส่งตรงเวลา 17%" in everyone
    assert "L4001 เทศบาลนครขอนแก่น: ตรงเวลา 0 · ช้า 1 · ไม่ส่ง 0" in everyone
    # ... and the whole table as a workbook behind a download button, the same cells as above
    url = messages[-1]["contents"]["footer"]["contents"][0]["action"]["uri"]
    download = tree_app.test_client().get(urlsplit(url).path, headers={"User-Agent": "pytest"})
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.data))[SHEET_OFFICES]
    downloaded = {row[0]: row for row in ([c.value for c in r] for r in sheet.iter_rows(min_row=3))}
    assert downloaded["L4001"][month] == "ส่งช้า" and downloaded["L5001"][month] == "ตรงเวลา"
    area = chat.says("Ucm", "ความตรงเวลา")
    assert "หน่วยงาน 3 แห่ง" in area and "L4001" not in area and "จังหวัดเชียงใหม่" in area
    assert "สำหรับหน่วยงานกำกับ" in chat.says("Uowner", "ความตรงเวลา")
    assert "ใช้ได้สำหรับ" in chat.says("UL5001", "ความตรงเวลา")


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_unknown_review_mode_stops_the_start(monkeypatch):
    from bot.config import Config, ConfigError
    from models.org import ReviewBy, review_by

    monkeypatch.setenv("TIDTAM_REVIEW_BY", "province")
    with pytest.raises(ConfigError, match="TIDTAM_REVIEW_BY must be owner, area or both"):
        Config.from_env().validate()
    monkeypatch.setenv("TIDTAM_REVIEW_BY", "Both")
    Config.from_env().validate()
    assert review_by() == ReviewBy.BOTH
    monkeypatch.delenv("TIDTAM_REVIEW_BY")
    assert review_by() == ReviewBy.OWNER


def test_both_modes_side_by_side(tree_app, tree_chat, line_server, monkeypatch):
    """`both`: a supervising unit reviews its area, the owning division its indicators everywhere."""
    from models.registration import create_invites

    monkeypatch.setenv("TIDTAM_REVIEW_BY", "both")
    chat, rt = tree_chat, tree_app.extensions["tidtam"]
    for line_user_id, role, unit in (
        ("UL5001", "officer", "L5001"),
        ("UL4001", "officer", "L4001"),
        ("Ucm", "division", "สถจ.ชม"),
        ("Uowner", "division", "กพส."),
    ):
        with rt.sessions() as session, session.begin():
            code = create_invites(session, role=role, unit_code=unit, now=rt.clock.now())[0]
        assert "ลงทะเบียนเรียบร้อย" in chat.says(line_user_id, code)
    with rt.sessions() as session, session.begin():
        submit(session, "UL5001", rt.clock.now())
        submit(session, "UL4001", rt.clock.now())

    area = chat.says("Ucm", "ตรวจ")
    assert "รอตรวจ 1 แห่ง" in area and "L5001" in area and "L4001" not in area
    chat.says("Ucm", "ยกเลิก")
    owned = chat.says("Uowner", "ตรวจ")
    assert "รอตรวจ 2 แห่ง" in owned and "L5001" in owned and "L4001" in owned
    chat.says("Uowner", "ยกเลิก")

    before = len(line_server.store.pushes())
    remind(rt, at(16))
    sent = {r.json["to"]: texts_of(r.messages)[0] for r in line_server.store.pushes()[before:]}
    assert "ส่งใหม่ 1 แห่ง" in sent["Ucm"]
    assert "ส่งใหม่ 2 แห่ง" in sent["Uowner"]
