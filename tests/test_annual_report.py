"""The year-end report, ประจำปี (#25 point 5; seeds 001 and 002), a report kind of its own
(reports/kinds.py, built by reports/annual.py).

FY2570, the small test plan. P50 and P40 report December in chat; the months up to August are
closed; central closes September on 11 October 2570. From then on central may ask for
`ประจำปี 2570` in chat or `tidtam report annual 2570`: the year's results against the targets per
indicator and per project, the budget spent against the allocation, problems and outcomes, and each
project's fourteen fields, from September's closed figures. Central is reminded before the seed's
dates (the year-end books by 30 Oct, the annual report by 14 Nov) until it has had the file made.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import select

from models.entities import Period, PeriodState
from reports import labels as L
from tests.plans import PROJECT_A
from tests.support import quick_labels, remind, texts_of
from tests.test_frozen_months import NEW_I01, cells, cli, revised_plan, values
from tests.test_month_cycle import P50_ANSWERS, SMALL_ANSWERS, report_month
from tests.test_reminders import at, runtime_of
from tests.test_report_chat import BASE, download

P50, P40, CENTRAL = "Up50", "Up40", "Ucen"
I01 = "จำนวนสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาศักยภาพ"
SEPTEMBER_CLOSED = "2027-10-11T10:00:00+07:00"  # central's September deadline
OCTOBER = "2027-10-12T10:00:00+07:00"


def close_months_before_september(db) -> None:
    for period in db.scalars(select(Period).where(Period.month_start < date(2027, 9, 1))):
        period.state = PeriodState.CLOSED.value
    db.commit()


@pytest.fixture
def year_reported(bot_app, chat, register, set_now, db):
    """P50 and P40 reported December; the months before September are closed."""
    register(P50, "officer", "P50")
    register(P40, "officer", "P40")
    register(CENTRAL, "central", "กผง.")
    assert "เรียบร้อย" in report_month(chat, P50, P50_ANSWERS)
    assert "เรียบร้อย" in report_month(chat, P40, SMALL_ANSWERS)
    close_months_before_september(db)
    return bot_app


@pytest.fixture
def year_closed(year_reported, chat, set_now):
    set_now(SEPTEMBER_CLOSED)
    chat.says(CENTRAL, "ปิดรอบ")
    assert "ปิดรอบเดือนกันยายน 2570 เรียบร้อย" in chat.says(CENTRAL, "ยืนยัน")
    set_now(OCTOBER)
    return year_reported


def annual_in_chat(app, chat):
    """Central asks in one go; the scope question follows (central may choose a division)."""
    chat.say(CENTRAL, "ประจำปี 2570")
    return download(app, chat.say(CENTRAL, "ทั้งหมด"))[0]


def download_card(chat) -> dict:
    """The year's report asked with the button after a September file: its card."""
    chat.say(CENTRAL, "ประจำปี 2570")
    return chat.say(CENTRAL, "ทั้งหมด")[0]


def rows_of(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(values_only=True)]


def test_central_asks_for_the_annual_report_in_october_and_gets_a_file_card(year_closed, chat):
    assert "ประจำปี" in quick_labels(chat.say(CENTRAL, "ขอรายงาน"))
    chat.says(CENTRAL, "ยกเลิก")
    asked = chat.say(CENTRAL, "ประจำปี 2570")
    assert "กองแผนงาน" not in quick_labels(asked) and "ทั้งหมด" in quick_labels(asked)
    card, image = chat.say(CENTRAL, "ทั้งหมด")
    assert card["type"] == "flex" and image["type"] == "image"
    body = str(card["contents"])
    assert "ประจำปี · ปีงบประมาณ 2570" in body
    assert "ตัวชี้วัดที่บรรลุเป้าหมาย" in body and "ใช้จ่ายงบประมาณเทียบจัดสรร" in body
    assert "ฉบับปิดรอบ วันที่ 11 ต.ค. 2570 (ฉบับที่ 1)" in body  # September's closed copy


def test_the_annual_report_is_offered_only_once_september_is_closed_and_only_to_central(
    year_reported, chat, set_now
):
    set_now(OCTOBER)
    assert "ประจำปี" not in quick_labels(chat.say(CENTRAL, "ขอรายงาน"))
    chat.says(CENTRAL, "ยกเลิก")
    assert "ยังไม่มีปีงบประมาณที่ปิดรอบเดือนกันยายน" in chat.says(CENTRAL, "ประจำปี")
    assert "เฉพาะกองแผนงาน" in chat.says(P50, "ประจำปี 2570")  # an officer: not theirs


def test_after_a_closed_september_file_its_years_report_is_one_tap(year_closed, chat):
    messages = chat.say(CENTRAL, "ตป.๑ ก.ย. 2570")  # the whole request in one go: the file at once
    assert "ประจำปี 2570" in quick_labels(messages)
    assert messages[0]["type"] == "flex" and "ประจำปี · ปีงบประมาณ 2570" in str(download_card(chat))


def test_the_workbook_holds_the_years_totals_and_the_fourteen_fields(year_closed, chat):
    book = annual_in_chat(year_closed, chat)
    indicators = rows_of(book["ผลรายตัวชี้วัด"])
    i01 = next(row for row in indicators if I01 in row)
    assert 300 in i01 and 18 in i01  # the year's target and 10 + 8 reported in December
    assert "ไม่บรรลุ" in i01
    projects = rows_of(book["ผลรายโครงการ"])
    project_a = next(row for row in projects if row[0] == PROJECT_A)
    assert project_a[2:4] == (1_200_000, 90_000)  # allocated to P50, P40, P90; spent by P50 and P40
    assert "0/2" in project_a  # neither of its indicators met the year's target
    assert projects[-1][0] == "รวมทั้งหมด" and projects[-1][2:4] == (1_400_000, 90_000)
    heading = f"{L.PR_TITLE}: {PROJECT_A}"
    project_sheet = next(book[name] for name in book.sheetnames if heading in str(rows_of(book[name])))
    labels = {"".join(str(row[0]).split()) for row in rows_of(project_sheet)}  # wrapped between words
    assert {"".join(field.split()) for field in L.PR_FIELDS} <= labels  # the fourteen fields of seed 002


def test_a_value_changed_after_september_closed_does_not_change_the_annual_file(
    year_closed, chat, db_url, tmp_path, monkeypatch
):
    before = annual_in_chat(year_closed, chat)
    # A budget revision after closing: I01's target 400 (was 300), P50's allocation 650,000.
    cli(db_url, monkeypatch, "import-plan", str(revised_plan(tmp_path / "r.xlsx")), "--fiscal-year", "2570")
    after = annual_in_chat(year_closed, chat)
    assert cells(after, but_made=True) == cells(before, but_made=True)
    assert NEW_I01 not in values(after) and 1_200_000 in values(after)


def test_the_command_line_makes_the_annual_report_and_rejects_a_bad_year(
    year_closed, chat, db_url, tmp_path, monkeypatch
):
    out = tmp_path / "annual.xlsx"
    written = cli(db_url, monkeypatch, "report", "annual", "2570", "--out", str(out))
    assert "report written" in written
    from_cli = load_workbook(out)
    assert cells(from_cli, but_made=True) == cells(annual_in_chat(year_closed, chat), but_made=True)
    assert load_workbook(io.BytesIO(out.read_bytes()))["ผลรายโครงการ"]

    from bot.cli import cli as tidtam

    for bad in ("25x0", "2571", "2570-09"):  # not a year; a year not in the database; a month
        result = CliRunner().invoke(tidtam, ["report", "annual", bad, "--out", str(tmp_path / "x.xlsx")])
        assert result.exit_code == 1, (bad, result.output)
        assert "error" in result.output and "Traceback" not in result.output


def test_the_command_line_refuses_a_year_whose_september_is_open(
    year_reported, db_url, tmp_path, monkeypatch
):
    from bot.cli import cli as tidtam

    monkeypatch.setenv("DATABASE_URL", db_url)
    result = CliRunner().invoke(
        tidtam, ["report", "annual", "--period", "2570", "--out", str(tmp_path / "a.xlsx")]
    )
    assert result.exit_code == 1 and "ยังไม่ปิดรอบเดือนกันยายน" in result.output


def test_central_is_reminded_before_the_year_ends_dates_until_the_file_is_made(
    year_closed, chat, line_server
):
    store, rt = line_server.store, runtime_of(year_closed)

    def reminded(day: date) -> list[str]:
        store.clear()
        remind(rt, at(day))
        return texts_of(store.messages_to(CENTRAL))

    assert reminded(date(2027, 10, 20)) == []  # not yet: 5 working days before 29 Oct is Thu 21 Oct
    book = reminded(date(2027, 10, 21))
    assert len(book) == 1 and "เล่มรายงานสรุปผลการดำเนินงานรายโครงการ" in book[0]
    assert "อีก 5 วันทำการ" in book[0] and "30 ตุลาคม 2570" in book[0] and "ประจำปี 2570" in book[0]
    assert reminded(date(2027, 10, 21)) == []  # a second pass the same day plans nothing new
    assert reminded(date(2027, 10, 25)) == []  # a holiday (Chulalongkorn day, in lieu)
    assert "อีก 3 วันทำการ" in reminded(date(2027, 10, 26))[0]  # Tue 26 Oct: 27, 28, 29 left
    assert reminded(date(2027, 10, 27)) == []
    annual = reminded(date(2027, 11, 5))
    assert len(annual) == 1 and "14 พฤศจิกายน 2570" in annual[0] and "ประจำปีงบประมาณ 2570" in annual[0]

    annual_in_chat(year_closed, chat)  # central has the file made: nothing more to remind
    assert reminded(date(2027, 11, 9)) == []
    assert reminded(date(2027, 11, 12)) == []
    assert texts_of(store.messages_to(P50)) == []  # the year end is central's


def test_the_download_link_of_the_annual_file_falls_back_to_an_ascii_name(year_closed, chat):
    chat.say(CENTRAL, "ประจำปี 2570")
    card = chat.say(CENTRAL, "ทั้งหมด")[0]
    uri = card["contents"]["footer"]["contents"][0]["action"]["uri"]
    response = year_closed.test_client().get(uri.removeprefix(BASE))
    assert 'filename="annual_2570.xlsx"' in response.headers["Content-Disposition"]
