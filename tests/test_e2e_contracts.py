"""End to end through the contracts only: the `tidtam` CLI, signed posts to /callback on a running
server, and a fake LINE API on loopback. An officer registers and reports a full month."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import select

from models.db import make_engine, make_session_factory
from models.entities import Disbursement, Indicator, ProblemReport, Project, Result, Unit, User
from tests import plans
from tests.support import fill_template, http_chat, start_server, tidtam

OFFICER = "U4af4980629e2f3d1a0c1f5b1b2c3d4e5"


def test_an_officer_registers_and_reports_a_full_month(contract_env, line_server, tmp_path, db_url):
    tidtam(contract_env, "db", "upgrade")
    template = tmp_path / "plan.xlsx"
    tidtam(contract_env, "plan-template", str(template))
    fill_template(template)
    tidtam(contract_env, "import-plan", str(template), "--fiscal-year", "2570")
    code = (
        tidtam(contract_env, "invite", "--role", "officer", "--unit", "P50").stdout.strip().splitlines()[-1]
    )

    process, url = start_server(contract_env)
    try:
        chat = http_chat(url, line_server.store)
        line_server.store.profiles[OFFICER] = {"userId": OFFICER, "displayName": "สมชาย ใจดี"}
        greeting = "\n".join(m["text"] for m in chat.follow(OFFICER))
        assert "รหัสเชิญ" in greeting and "สมชาย" in greeting
        assert "ลงทะเบียนเรียบร้อย" in chat.says(OFFICER, code.lower())

        answers = [
            "12",
            "๑,๒๕๐ ราย",
            "2.75%",
            "150,000",
            "ถนนเข้าพื้นที่ชำรุด",
            "ประสานอำเภอซ่อมถนน",
            "80000",
            "ไม่มี",
        ]
        first = chat.says(OFFICER, "รายงาน")
        assert "ข้อ 1/" in first
        for answer in answers:
            chat.says(OFFICER, answer)
        assert "เรียบร้อย" in chat.says(OFFICER, "ยืนยัน")
        assert "ครบถ้วนแล้ว" in chat.says(OFFICER, "สถานะ")
    finally:
        process.terminate()
        process.wait(timeout=10)

    engine = make_engine(db_url)
    with make_session_factory(engine)() as session:
        user = session.scalar(select(User).where(User.line_user_id == OFFICER))
        assert user.display_name == "สมชาย ใจดี" and user.role == "officer"
        p50 = session.scalar(select(Unit).where(Unit.code == "P50"))
        values = {
            code: (value, status)
            for code, value, status in session.execute(
                select(Indicator.code, Result.value, Result.status)
                .join(Result, Result.indicator_id == Indicator.id)
                .where(Result.unit_id == p50.id)
            )
        }
        assert values == {
            "I01": (Decimal("12"), "submitted"),
            "I02": (Decimal("1250"), "submitted"),
            "I03": (Decimal("2.75"), "submitted"),
        }
        money = dict(
            session.execute(
                select(Project.name, Disbursement.amount).join(
                    Disbursement, Disbursement.project_id == Project.id
                )
            ).all()
        )
        assert money == {plans.PROJECT_A: Decimal("150000"), plans.PROJECT_B: Decimal("80000")}
        texts = {
            name: (p, s)
            for name, p, s in session.execute(
                select(Project.name, ProblemReport.problems, ProblemReport.solutions).join(
                    ProblemReport, ProblemReport.project_id == Project.id
                )
            )
        }
        assert texts == {
            plans.PROJECT_A: ("ถนนเข้าพื้นที่ชำรุด", "ประสานอำเภอซ่อมถนน"),
            plans.PROJECT_B: ("ไม่มี", "ไม่มี"),
        }
        assert session.scalar(select(Result.late).limit(1)) is False
    engine.dispose()

    sent = line_server.store.all()
    assert sent, "the bot sent nothing to LINE"
    assert all(r.status == 200 for r in sent if r.path.endswith("/reply"))


def test_import_of_a_broken_workbook_lists_every_problem_and_exits_1(contract_env, tmp_path):
    tidtam(contract_env, "db", "upgrade")
    template = tmp_path / "bad.xlsx"
    tidtam(contract_env, "plan-template", str(template))
    book = load_workbook(template)
    book["หน่วยงาน"].append(["P50", "สำนักงานสหกรณ์จังหวัดเชียงใหม่", "จังหวัด", "50"])
    book["ตัวชี้วัด"].append(["I01", "แผน", "โครงการ", "กิจกรรม", "ตัวชี้วัด", "ราย", "abc", "X", None])
    book.save(template)
    result = tidtam(contract_env, "import-plan", str(template), "--fiscal-year", "2570", check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "หน่วยงาน" in result.stderr and "แถว 2" in result.stderr
    assert "ตัวชี้วัด" in result.stderr and "เป้าหมาย" in result.stderr


def test_cli_errors_exit_1_with_a_message(contract_env, tmp_path):
    tidtam(contract_env, "db", "upgrade")
    result = tidtam(contract_env, "invite", "--role", "officer", "--unit", "NOPE", check=False)
    assert result.returncode == 1 and "unknown unit" in result.stderr and "Traceback" not in result.stderr
    missing = tidtam(
        contract_env, "import-plan", str(tmp_path / "none.xlsx"), "--fiscal-year", "2570", check=False
    )
    assert missing.returncode == 1 and "not found" in missing.stderr
