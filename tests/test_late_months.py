"""Late months (issue #11, "The month"): a period stays open until central closes it, whatever the
date. FY2570: December 2569 = 2026-12; its deadlines are 20 (offices), 22 (divisions), 25 (central);
from 26 Dec the calendar reports January 2570.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models.entities import Notification, Period, Result, Unit
from models.permissions import Scope
from reports import queries
from tests.support import quick_labels, remind, texts_of
from tests.test_month_cycle import P50_ANSWERS, SMALL_ANSWERS, report_month
from tests.test_reminders import at, runtime_of

DEC, JAN = date(2026, 12, 1), date(2027, 1, 1)
DECEMBER, JANUARY = "ธันวาคม 2569", "มกราคม 2570"
P50, P40, P90 = "Up50", "Up40", "Up90"
DIVISION, CENTRAL = "Udiv", "Ucen"


def moment(day: date, hour: int = 10) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00+07:00"


def town(register) -> None:
    for user, unit in ((P50, "P50"), (P40, "P40"), (P90, "P90")):
        register(user, "officer", unit)
    register(DIVISION, "division", "กพก.")
    register(CENTRAL, "central", "กผง.")


def results_by_month(db, office: str) -> dict[date, int]:
    db.expire_all()
    unit = db.scalar(select(Unit).where(Unit.code == office))
    rows = db.execute(
        select(Period.month_start, Result.id)
        .join(Period, Result.period_id == Period.id)
        .where(Result.unit_id == unit.id)
    ).all()
    counts: dict[date, int] = {}
    for month, _ in rows:
        counts[month] = counts.get(month, 0) + 1
    return counts


def state_of(db, month: date) -> str:
    db.expire_all()
    return db.scalar(select(Period.state).where(Period.month_start == month))


# --- point 1: after the central deadline nothing moves to the next month ------------------------


def test_central_closes_december_on_28_december_not_january(chat, register, set_now, db):
    town(register)
    set_now(moment(date(2026, 12, 28)))
    status = chat.say(CENTRAL, "ปิดรอบ")
    text = "\n".join(texts_of(status))
    assert f"ความครบถ้วน รอบเดือน{DECEMBER}" in text
    assert f"ยังไม่ส่ง 3 จาก 3 แห่ง ยืนยันปิดรอบเดือน{DECEMBER}?" in text
    assert "ม.ค. 2570" in quick_labels(status)  # the other open month is a button
    assert f"ปิดรอบเดือน{DECEMBER} เรียบร้อย" in chat.says(CENTRAL, "ยืนยัน")
    assert state_of(db, DEC) == "closed" and state_of(db, JAN) == "open"
    # December can be reopened in chat, and January is what ปิดรอบ now offers.
    assert f"เปิดรอบเดือน{DECEMBER}" in chat.says(CENTRAL, "เปิดรอบ")
    assert "ยกเลิก" in chat.says(CENTRAL, "ยกเลิก")
    assert f"ความครบถ้วน รอบเดือน{JANUARY}" in chat.says(CENTRAL, "ปิดรอบ")


def test_central_may_pick_another_open_month_from_the_buttons(chat, register, set_now, db):
    town(register)
    set_now(moment(date(2026, 12, 28)))
    chat.says(CENTRAL, "ปิดรอบ")
    other = chat.says(CENTRAL, "ม.ค. 2570")
    assert f"ความครบถ้วน รอบเดือน{JANUARY}" in other and f"ยืนยันปิดรอบเดือน{JANUARY}?" in other
    assert f"ปิดรอบเดือน{JANUARY} เรียบร้อย" in chat.says(CENTRAL, "ยืนยัน")
    assert state_of(db, DEC) == "open" and state_of(db, JAN) == "closed"


def test_an_officer_reports_december_late_after_the_25th(chat, register, set_now, db):
    town(register)
    set_now(moment(date(2026, 12, 27)))
    status = chat.says(P40, "สถานะ")
    assert f"ค้างส่ง รอบเดือน{DECEMBER} (เลยกำหนดมา 7 วัน)" in status
    assert f"รอบถัดไป: รอบเดือน{JANUARY}" in status
    start = chat.say(P40, "รายงาน")
    assert f"ค้างส่ง รอบเดือน{DECEMBER}" in texts_of(start)[0] and f"รอบเดือน{DECEMBER}" in texts_of(start)[0]
    for answer in SMALL_ANSWERS:
        chat.says(P40, answer)
    sent = chat.says(P40, "ยืนยัน")
    assert f"ส่งรายงานเดือน{DECEMBER} เรียบร้อย" in sent and "ส่งหลังกำหนด" in sent
    assert results_by_month(db, "P40") == {DEC: 2}
    db.expire_all()
    assert all(db.scalars(select(Result.late)))
    # The completeness report flags the office late for December.
    data = queries.load(db, DEC, Scope(), values=False)
    assert {row.state for row in data.status if row.office_code == "P40"} == {"late"}
    # With December sent, the officer moves on to January.
    assert f"รอบเดือน{JANUARY}" in chat.says(P40, "รายงาน")


def test_an_officer_corrects_december_after_the_25th(chat, register, set_now, db):
    town(register)
    report_month(chat, P50, P50_ANSWERS)
    set_now(moment(date(2026, 12, 27)))
    listing = chat.say(P50, "แก้ไข")
    assert f"แก้ไขข้อมูลเดือน{DECEMBER}" in texts_of(listing)[0]
    chat.says(P50, "1")
    assert "แก้ไขแล้ว" in (corrected := chat.says(P50, "12")) and "→ 12" in corrected
    unit = db.scalar(select(Unit).where(Unit.code == "P50"))
    db.expire_all()
    values = db.scalars(
        select(Result.value)
        .join(Period, Result.period_id == Period.id)
        .where(Result.unit_id == unit.id, Period.month_start == DEC)
    ).all()
    assert 12 in values
    assert results_by_month(db, "P50") == {DEC: 3}


def test_a_division_reviews_december_after_the_25th(chat, register, set_now):
    town(register)
    report_month(chat, P50, P50_ANSWERS)
    set_now(moment(date(2026, 12, 28)))
    queue = chat.says(DIVISION, "ตรวจ")
    assert f"รอบเดือน{DECEMBER}" in queue and "รอตรวจ 1 แห่ง" in queue
    chat.says(DIVISION, "P50")
    assert f"ทั้ง 3 ข้อ?\nรอบเดือน{DECEMBER}" in chat.says(DIVISION, "อนุมัติ")
    assert f"รอบเดือน{DECEMBER} แล้ว" in chat.says(DIVISION, "ยืนยัน")


def test_report_files_offer_the_due_month_first(chat, register, set_now):
    town(register)
    set_now(moment(date(2026, 12, 28)))
    chat.says(CENTRAL, "ขอรายงาน")
    labels = quick_labels(chat.say(CENTRAL, "ความครบถ้วน"))
    assert labels[0] == "ธ.ค. 2569" and "ม.ค. 2570" in labels


# --- point 3: closing and reopening are told --------------------------------------------------


def test_closing_tells_the_offices_that_have_not_sent_and_changes_their_status(
    chat, register, line_server, db
):
    town(register)
    report_month(chat, P50, P50_ANSWERS)
    line_server.store.clear()
    chat.says(CENTRAL, "ปิดรอบ")
    done = chat.says(CENTRAL, "ยืนยัน")
    assert "แจ้งหน่วยงานที่ยังส่งไม่ครบแล้ว 2 คน" in done
    pushed = {r.json["to"]: texts_of(r.messages)[0] for r in line_server.store.pushes()}
    assert set(pushed) == {P40, P90}  # P50 sent everything: not told
    assert f"ปิดรอบเดือน{DECEMBER}แล้ว" in pushed[P90] and "ส่งแล้ว 0/" in pushed[P90]
    rows = db.scalars(select(Notification).where(Notification.kind == "period")).all()
    assert len(rows) == 2 and {r.retry_key for r in line_server.store.pushes()} == {r.retry_key for r in rows}
    # The office's status says closed at once: no days left, no report button.
    status = chat.say(P90, "สถานะ")
    text = texts_of(status)[0]
    assert "ปิดรอบแล้ว" in text and "เหลือ" not in text
    assert "รายงาน" not in quick_labels(status)
    # Reopening tells them too, and the report button is back.
    line_server.store.clear()
    chat.says(CENTRAL, "เปิดรอบ")
    chat.says(CENTRAL, "สสจ.ขอนแก่นขอส่งเพิ่ม")
    reopened = {r.json["to"]: texts_of(r.messages)[0] for r in line_server.store.pushes()}
    assert set(reopened) == {P40, P90} and f"เปิดรอบเดือน{DECEMBER}อีกครั้ง" in reopened[P90]
    assert "รายงาน" in quick_labels(chat.say(P90, "สถานะ"))


# --- the replay: 15 Dec → 5 Jan ---------------------------------------------------------------


def test_replay_15_december_to_5_january(bot_app, chat, register, set_now, line_server, db):
    """One office reports late on 27 Dec, the division reviews late, central closes December on
    28 Dec: every message names the right month, nothing lands in the wrong period, January stays
    open."""
    town(register)
    store, rt = line_server.store, runtime_of(bot_app)
    store.clear()

    def on(day: date, user: str, text: str) -> str:
        set_now(moment(day))
        return chat.says(user, text)

    def replay(day: date) -> None:
        if day == date(2026, 12, 15):
            set_now(moment(day))
            assert f"ส่งรายงานเดือน{DECEMBER} เรียบร้อย" in report_month(chat, P50, P50_ANSWERS)
        if day == date(2026, 12, 22):
            assert f"รอบเดือน{DECEMBER}" in on(day, P40, "สถานะ")
        if day == date(2026, 12, 26):
            late = on(day, P40, "สถานะ")
            assert f"ค้างส่ง รอบเดือน{DECEMBER}" in late and f"รอบถัดไป: รอบเดือน{JANUARY}" in late
        if day == date(2026, 12, 27):
            assert f"ค้างส่ง รอบเดือน{DECEMBER}" in on(day, P40, "รายงาน")
            for answer in SMALL_ANSWERS:
                chat.says(P40, answer)
            assert f"ส่งรายงานเดือน{DECEMBER} เรียบร้อย" in chat.says(P40, "ยืนยัน")
            queue = on(day, DIVISION, "ตรวจ")  # the division's deadline was the 22nd
            assert f"รอบเดือน{DECEMBER}" in queue and "รอตรวจ 2 แห่ง" in queue and "เลยกำหนดมา 5 วัน" in queue
            for office in ("P40", "P50"):
                chat.says(DIVISION, "ตรวจ")
                chat.says(DIVISION, office)
                assert DECEMBER in chat.says(DIVISION, "อนุมัติ")
                assert f"รอบเดือน{DECEMBER} แล้ว" in chat.says(DIVISION, "ยืนยัน")
        if day == date(2026, 12, 28):
            close = on(day, CENTRAL, "ปิดรอบ")
            assert f"ความครบถ้วน รอบเดือน{DECEMBER}" in close and "ยังไม่ส่ง 1 จาก 3 แห่ง" in close
            assert f"ปิดรอบเดือน{DECEMBER} เรียบร้อย" in chat.says(CENTRAL, "ยืนยัน")
        if day == date(2026, 12, 29):
            assert f"รอบเดือน{JANUARY}" in on(day, P90, "สถานะ")
            assert f"รอบเดือน{JANUARY}" in on(day, P40, "สถานะ")
            assert f"รอบเดือน{JANUARY}" in on(day, DIVISION, "สถานะ")
        if day == date(2027, 1, 5):
            assert f"ความครบถ้วน รอบเดือน{JANUARY}" in on(day, CENTRAL, "ปิดรอบ")
            chat.says(CENTRAL, "ยกเลิก")
            assert f"เปิดรอบเดือน{DECEMBER}" in on(day, CENTRAL, "เปิดรอบ")
            chat.says(CENTRAL, "ยกเลิก")

    day = date(2026, 12, 15)
    while day <= date(2027, 1, 5):
        remind(rt, at(day))
        replay(day)
        day = date.fromordinal(day.toordinal() + 1)

    # Every push of the three weeks is about December and names it, never January.
    pushes = store.pushes()
    assert pushes
    for record in pushes:
        text = "\n".join(texts_of(record.messages))
        assert DECEMBER in text and JANUARY not in text, text
    db.expire_all()
    december = db.scalar(select(Period.id).where(Period.month_start == DEC))
    assert set(db.scalars(select(Notification.period_id))) == {december}
    # The central overdue reminder on Monday 28 Dec offered ปิดรอบ for December.
    overdue = [texts_of(r.messages)[0] for r in pushes if r.json["to"] == CENTRAL]
    assert any("เลยกำหนด" in text for text in overdue)
    # P90 never sent: it was told once that December closed.
    told = [
        texts_of(r.messages)[0] for r in pushes if r.json["to"] == P90 and "ปิดรอบ" in texts_of(r.messages)[0]
    ]
    assert len(told) == 1
    # Nothing in the wrong period; December closed, January open.
    assert results_by_month(db, "P40") == {DEC: 2}
    assert results_by_month(db, "P50") == {DEC: 3}
    assert results_by_month(db, "P90") == {}
    assert state_of(db, DEC) == "closed" and state_of(db, JAN) == "open"
    db.expire_all()
    late = dict(db.execute(select(Unit.code, Result.late).join(Unit, Result.unit_id == Unit.id)).all())
    assert late == {"P40": True, "P50": False}


def test_the_nudge_names_the_late_month_the_officer_left_unfinished(
    bot_app, chat, register, set_now, line_server
):
    town(register)
    set_now(moment(date(2026, 12, 27)))
    chat.says(P40, "รายงาน")  # December, late
    chat.says(P40, SMALL_ANSWERS[0])  # ... and left unfinished
    line_server.store.clear()
    remind(runtime_of(bot_app), at(date(2026, 12, 29)))
    nudge = texts_of(line_server.store.messages_to(P40))
    assert len(nudge) == 1 and DECEMBER in nudge[0] and JANUARY not in nudge[0]


def test_september_can_be_closed_after_the_year_has_ended(chat, register, set_now, db):
    """On 28 Sep the calendar already reports the next year (not imported yet): September is
    still open, its window runs to 30 Sep, and central closes it in chat."""
    town(register)
    set_now(moment(date(2027, 9, 28)))
    close = chat.says(CENTRAL, "ปิดรอบ")
    assert "ความครบถ้วน รอบเดือนธันวาคม 2569" in close  # the oldest open month comes first
    september = chat.says(CENTRAL, "ก.ย. 2570")
    assert "ความครบถ้วน รอบเดือนกันยายน 2570" in september
    assert "ปิดรอบเดือนกันยายน 2570 เรียบร้อย" in chat.says(CENTRAL, "ยืนยัน")
    assert state_of(db, date(2027, 9, 1)) == "closed"
