"""#24 items 5 and 6: cards tell the truth about monthly plans, a quarter's last month offers the
quarter's file; the demo names whom to ask for a code, and a new user is told what is due."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from devtools import demo
from handlers import texts as T
from models.entities import Indicator
from models.permissions import Scope
from models.plan_details import IndicatorPlan
from models.registration import INVITE_CONTACT_ENV, create_invites
from reports import charts, service
from reports.bb301 import plan_count
from tests.support import quick_labels, texts_of
from tests.test_report_chat import CENTRAL, DIVISION, OFFICER, ask, download, files_app  # noqa: F401

NEWCOMER = "Unewcomer"


def card_rows(flex: dict) -> dict[str, str]:
    """The card's figures: label → value."""
    rows = [c for c in flex["contents"]["body"]["contents"] if c.get("layout") == "baseline"]
    return {row["contents"][0]["text"]: row["contents"][1]["text"] for row in rows}


# --- 5. cards tell the truth ---------------------------------------------------------------------


def test_without_monthly_plans_the_card_says_so_instead_of_zero_of_n(files_app, chat, register, db):  # noqa: F811
    assert db.scalar(select(func.count()).select_from(IndicatorPlan)) == 0  # the small plan has none
    register(CENTRAL, "central", "กผง.")
    flex = ask(chat, CENTRAL, "ตป.๑", "ธ.ค. 2569", "ทั้งหมด")[0]
    rows = card_rows(flex)
    assert rows[T.RF_ON_PLAN] == "ไม่ได้กำหนดแผนรายเดือน"
    assert not any(value.startswith("0/") for label, value in rows.items() if label != T.RF_OFFICES)
    # The chart sent with it says the same in its title.
    report = service.make(db, service.Request("bb301", date(2026, 12, 1)), service_scope(), datetime.now(UTC))
    title = charts.chart_spec("bb301", report.data).title
    assert "ไม่ได้กำหนดแผนรายเดือน" in title and "0 จาก" not in title


def test_with_some_monthly_plans_the_card_counts_those_and_says_how_many_have_none(
    files_app,  # noqa: F811
    chat,
    register,
    db,
):
    i01 = db.scalar(select(Indicator).where(Indicator.code == "I01"))
    for month in (date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)):  # 59 reported by December
        db.add(IndicatorPlan(indicator_id=i01.id, unit_id=None, month_start=month, cumulative=Decimal(30)))
    db.commit()
    indicators = db.scalar(select(func.count()).select_from(Indicator))
    register(CENTRAL, "central", "กผง.")
    rows = card_rows(ask(chat, CENTRAL, "ตป.๑", "ธ.ค. 2569", "ทั้งหมด")[0])
    assert rows[T.RF_ON_PLAN] == "1/1"  # I01 against its plan; not 1/N
    assert rows["ไม่ได้กำหนดแผนรายเดือน"] == f"{indicators - 1} ตัว"
    report = service.make(db, service.Request("bb301", date(2026, 12, 1)), service_scope(), datetime.now(UTC))
    assert plan_count(report.data) == (1, 1)
    title = charts.chart_spec("bb301", report.data).title
    assert "1 จาก 1" in title and f"ไม่ได้กำหนดแผนรายเดือน {indicators - 1} ตัว" in title


def service_scope() -> Scope:
    return Scope()  # everything, as central asked


def test_a_december_file_offers_the_quarter_it_ends_for_the_same_scope_and_january_none(
    files_app,  # noqa: F811
    chat,
    register,
):
    register(DIVISION, "division", "กพก.")
    answer = chat.say(DIVISION, "ตป.๑ ธ.ค. 2569")
    assert answer[-1]["type"] == "image"
    assert "ไตรมาส 1/2570" in quick_labels(answer)  # December ends the first fiscal quarter
    quarter = chat.say(DIVISION, "ไตรมาส 1/2570")
    assert "รายไตรมาส · ไตรมาส 1/2570" in str(quarter[0]["contents"])
    book, _ = download(files_app, quarter)
    values = {v for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    assert not any("กองอื่น" in str(v) for v in values)  # still the division's own indicators
    # Central chose everything: the quarter comes for everything, without asking the scope again.
    register(CENTRAL, "central", "กผง.")
    ask(chat, CENTRAL, "ตป.๑", "ธ.ค. 2569", "ทั้งหมด")
    quarter = chat.say(CENTRAL, "ไตรมาส 1/2570")
    assert quarter[0]["type"] == "flex" and T.RF_SCOPE_ALL in str(quarter[0]["contents"])

    # January ends no quarter: no quarter offered after its file.
    register(OFFICER, "officer", "P50")
    answer = chat.say(OFFICER, "ตป.๑ ม.ค. 2570")
    assert answer[-1]["type"] == "image", texts_of(answer)
    assert not any(label.startswith("ไตรมาส") for label in quick_labels(answer))


# --- 6. onboarding -------------------------------------------------------------------------------


def test_the_demo_tells_a_new_user_without_a_code_whom_to_ask(bot_app, chat, monkeypatch):
    monkeypatch.setenv(INVITE_CONTACT_ENV, "")
    monkeypatch.delenv(INVITE_CONTACT_ENV)  # as a fresh shell: nothing set
    demo.demo_settings()
    assert os.environ[INVITE_CONTACT_ENV] == demo.DEMO_INVITE_CONTACT
    said = chat.says(NEWCOMER, "สวัสดีค่ะ")
    assert demo.DEMO_INVITE_CONTACT in said and "ตัวอย่าง" in said
    monkeypatch.setenv(INVITE_CONTACT_ENV, "กองแผนงาน โทร 0 2141 1234")  # a value set is kept
    demo.demo_settings()
    assert "0 2141 1234" in chat.says(NEWCOMER, "ขอรหัสหน่อยค่ะ")


def test_after_registering_the_bot_says_what_is_due_and_the_days_left(bot_app, chat):
    rt = bot_app.extensions["tidtam"]
    with rt.sessions() as session, session.begin():
        officer = create_invites(session, role="officer", unit_code="P50", now=rt.clock.now())[0]
        division = create_invites(session, role="division", unit_code="กพก.", now=rt.clock.now())[0]
        central = create_invites(session, role="central", unit_code="กผง.", now=rt.clock.now())[0]
    first = texts_of(chat.say(OFFICER, officer))[0]
    assert first.startswith("ลงทะเบียนเรียบร้อยแล้วค่ะ")
    assert "รอบเดือนธันวาคม 2569 ส่งแล้ว 0/" in first and "เหลือ 5 วัน" in first  # the office's month
    for user, code in ((DIVISION, division), (CENTRAL, central)):
        first = texts_of(chat.say(user, code))[0]
        due = texts_of(chat.say(user, "สวัสดี"))[0].split("\n", 1)[1]  # the greeting's next step
        assert "รอบเดือนธันวาคม 2569" in due and "เหลือ" in due
        assert due in first, (first, due)  # the same words as the greeting, their own deadline
