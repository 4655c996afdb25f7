"""September and the year end (issue #22 point 8). September 2570's results run to 30 Sep 2027, so
its deadlines fall in October (sheet ตั้งค่า, กำหนดส่งเดือนกันยายน, default 5): offices Tue 5 Oct,
divisions Thu 7 Oct, central Mon 11 Oct (the 10th is a Sunday). Reminders and escalation follow
those dates: nothing is overdue in late September; the working day before 5 Oct reminds."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models import calendar as cal
from models.clock import Clock
from models.entities import FiscalYear, Period, PeriodState
from models.periods import current_period
from tests.support import remind, texts_of
from tests.test_division_own_work import app, own_work, talk  # noqa: F401  (fixtures)
from tests.test_late_months import CENTRAL, DIVISION, P40, P50, moment, town
from tests.test_reminders import at, runtime_of

SEPTEMBER = "กันยายน 2570"


def test_september_is_due_in_october_and_reminders_follow(bot_app, chat, register, set_now, line_server, db):
    town(register)
    store, rt = line_server.store, runtime_of(bot_app)
    store.clear()

    # 21 Sep (the day after the other months' office deadline) and 29 Sep: nothing is overdue yet
    for day in (date(2027, 9, 21), date(2027, 9, 29)):
        remind(rt, at(day))
        assert store.pushes() == [], (day, [texts_of(store.messages_to(u)) for u in (P50, P40)])

    # ... and in chat September is the month being reported, due on 5 October
    set_now(moment(date(2027, 9, 29)))
    status = chat.says(P50, "สถานะ")
    assert SEPTEMBER in status and "5 ตุลาคม 2570" in status

    # Mon 4 Oct, the working day before the offices' deadline: the offices are reminded of September
    store.clear()
    remind(rt, at(date(2027, 10, 4)))
    reminder = texts_of(store.messages_to(P50))
    assert len(reminder) == 1 and "อีก 1 วันทำการ" in reminder[0], reminder
    assert SEPTEMBER in reminder[0] and "1 ก.ย. – 30 ก.ย. 2570" not in reminder[0]
    assert "5 ตุลาคม 2570" in reminder[0]

    # Wed 6 Oct: overdue for the offices, and the division is told which offices are late
    store.clear()
    remind(rt, at(date(2027, 10, 6)))
    assert "เลยกำหนดส่งแล้ว" in texts_of(store.messages_to(P50))[0]
    to_division = texts_of(store.messages_to(DIVISION))
    assert len(to_division) == 1 and "5 ตุลาคม 2570" in to_division[0] and "เชียงใหม่" in to_division[0]
    to_central = texts_of(store.messages_to(CENTRAL))  # three working days before 11 Oct: not late yet
    assert len(to_central) == 1 and "ใกล้ถึงกำหนดส่ง" in to_central[0] and "7 ตุลาคม" not in to_central[0]

    # Fri 8 Oct, the working day after the divisions' deadline (7 Oct): central is told
    store.clear()
    remind(rt, at(date(2027, 10, 8)))
    to_central = texts_of(store.messages_to(CENTRAL))
    assert len(to_central) == 1 and "7 ตุลาคม 2570" in to_central[0] and SEPTEMBER in to_central[0]

    # After central's deadline (11 Oct) the calendar moves on to the next year
    with rt.sessions() as session:
        assert current_period(session, date(2027, 10, 11)).month == date(2027, 9, 1)
        assert current_period(session, date(2027, 10, 12)) is None  # FY2571 is not imported


def test_the_september_deadline_is_a_plan_setting(db):
    """The plan's default (no row in ตั้งค่า) is the 5th; the year end's own dates are known too."""
    year = db.scalar(select(FiscalYear).where(FiscalYear.year_be == 2570))
    assert year.september_deadline_day == 5
    settings = cal.CalendarSettings.of(year)
    assert cal.deadline(date(2027, 9, 1), "office", settings) == date(2027, 10, 5)
    assert cal.deadline(date(2027, 9, 1), "central", settings) == date(2027, 10, 11)
    eight = cal.CalendarSettings(september_deadline_day=8)  # Fri 8 Oct; divisions Mon 11, central Wed 13
    assert [cal.deadline(date(2027, 9, 1), t, eight) for t in ("office", "division", "central")] == [
        date(2027, 10, 8),
        date(2027, 10, 11),
        date(2027, 10, 14),  # 13 Oct is a holiday (King Bhumibol memorial day)
    ]
    assert cal.year_end_deadlines(2570) == {
        "annual_report": date(2027, 11, 14),  # 45 days after 30 Sep
        "year_end_book": date(2027, 10, 30),  # 30 days
    }


def test_the_template_documents_the_september_row(tmp_path):
    from openpyxl import load_workbook

    from models.plan_import import write_template

    book = load_workbook(write_template(tmp_path / "plan.xlsx"))
    assert ["กำหนดส่งเดือนกันยายน", 5] in [[c.value for c in row[:2]] for row in book["ตั้งค่า"].iter_rows()]
    guide = [[c.value for c in row] for sheet in book for row in sheet.iter_rows() if sheet.title != "ตั้งค่า"]
    row = next(r for r in guide if r and r[0] == "กำหนดส่งเดือนกันยายน")
    assert row[1] == 5 and "เดือนตุลาคม" in row[3] and "วันทำการ" in row[3]


def test_a_divisions_own_work_for_september_is_due_on_12_october(app, talk, line_server):  # noqa: F811
    """The divisions' own work keeps its gap after the offices' deadline in September too (20 → 27:
    5 → 12 October): the division is reminded the working day before, may report September on the
    12th, is told it is overdue on the working day after (the 13th is a holiday: Thu 14 Oct), and
    central is told which division has not sent its own work."""
    chat, register = talk
    store, rt = line_server.store, app.extensions["tidtam"]
    register("Ukpk", "division", "กพก.")
    register("Ukkr", "division", "กคร.")
    register("Ucentral", "central", "กผง.")
    with rt.sessions() as session, session.begin():
        settings = cal.CalendarSettings.of(
            session.scalar(select(FiscalYear).where(FiscalYear.year_be == 2570))
        )
        # central has closed the months before September in their time: September is the one left
        for period in session.scalars(select(Period).where(Period.month_start < date(2027, 9, 1))):
            period.state, period.closed_at = PeriodState.CLOSED.value, at(date(2027, 9, 1))
    assert cal.deadline(date(2027, 9, 1), "division_report", settings) == date(2027, 10, 12)

    def pushed(day: date) -> dict[str, list[str]]:
        store.clear()
        remind(rt, at(day))
        return {u: texts_of(store.messages_to(u)) for u in ("Ukpk", "Ukkr", "Ucentral")}

    # Mon 11 Oct, the working day before: each division is reminded of its own September work
    day11 = pushed(date(2027, 10, 11))
    for user, work in (("Ukpk", "จำนวนคู่มือการส่งเสริมที่จัดทำ"), ("Ukkr", "จำนวนโครงการพระราชดำริที่ติดตาม")):
        assert len(day11[user]) == 1 and "อีก 1 วันทำการ" in day11[user][0], day11
        assert SEPTEMBER in day11[user][0] and "12 ตุลาคม 2570" in day11[user][0] and work in day11[user][0]
    assert not any("กองที่ยังส่งงานของกอง" in t for t in day11["Ucentral"])

    # Tue 12 Oct (after central's own deadline of the 11th): กพก. reports September, on time
    app.extensions["tidtam"].clock = Clock(moment(date(2027, 10, 12)))
    start = chat.says("Ukpk", "รายงาน")
    assert SEPTEMBER in start and "จำนวนคู่มือการส่งเสริมที่จัดทำ" in start, start
    chat.says("Ukpk", "2")
    chat.says("Ukpk", "ไม่มี")
    done = chat.says("Ukpk", "ยืนยัน")
    assert "เรียบร้อย" in done and "หลังกำหนด" not in done, done

    # Thu 14 Oct: กคร. is told it is overdue, กพก. is not; central is told which division is late
    day14 = pushed(date(2027, 10, 14))
    assert day14["Ukpk"] == [], day14
    assert len(day14["Ukkr"]) == 1 and "เลยกำหนด" in day14["Ukkr"][0], day14
    assert SEPTEMBER in day14["Ukkr"][0] and "จำนวนโครงการพระราชดำริที่ติดตาม" in day14["Ukkr"][0]
    to_central = "\n".join(day14["Ucentral"])
    assert "กองที่ยังส่งงานของกองไม่ครบหลังกำหนด (12 ตุลาคม 2570) 1 กอง" in to_central, day14
    assert "กองประสานงานโครงการพระราชดำริ" in to_central
    assert "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร" not in to_central
