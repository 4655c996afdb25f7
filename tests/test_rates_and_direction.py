"""Issue #22, points 1 and 2: rates from counts, and which way an indicator is better, told as
conversations and read back from the report files.

The plan is the small test plan with I03 turned into a rate from counts (`ร้อยละจากจำนวน`,
"สหกรณ์ที่ผ่านเกณฑ์" of "สหกรณ์ทั้งหมด") reported by P50 and P90, I04 a percentage where lower is
better (`เกณฑ์` ไม่เกิน, target 10, a monthly plan of 10) and I05 a change that speaks of a fall
("ต้นทุนการผลิตของสมาชิกลดลง", target 3).
"""

from __future__ import annotations

import csv
import io
import itertools
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models.entities import Indicator, Period, Result, Unit
from models.permissions import Scope
from models.plan_import import import_plan
from models.value_types import rate_of
from reports import builders, service
from reports.bb301 import elapsed_months
from tests.plans import INDICATORS, PLAN, PROJECT_B, TARGETS, write_small_plan
from tests.test_report_chat import ask

P50, P90, CENTRAL = "Uofficer50", "Uofficer90", "Ucentral"
AT = datetime(2026, 12, 16, 3, 0, tzinfo=UTC)
ACTIVITY_B = INDICATORS[2][3]
COUNT_RATE_NAME = "ร้อยละของสหกรณ์ที่ผ่านเกณฑ์การจัดระดับ"
AT_MOST_NAME = "ร้อยละหนี้ค้างชำระของสหกรณ์"
FALL_NAME = "ต้นทุนการผลิตของสมาชิกลดลง"
# code, plan, project, activity, name, unit, target, owner, การนับ, ชนิดค่า, ตัวตั้ง, ตัวหาร, เกณฑ์
NEW_INDICATORS = [
    ("I03", PLAN, PROJECT_B, ACTIVITY_B, COUNT_RATE_NAME, "ร้อยละ", 80, "กพก.", None, "ร้อยละจากจำนวน")
    + ("สหกรณ์ที่ผ่านเกณฑ์", "สหกรณ์ทั้งหมด", None),
    ("I04", PLAN, PROJECT_B, ACTIVITY_B, AT_MOST_NAME, "ร้อยละ", 10, "กพก.", None, "ร้อยละ", None, None)
    + ("ไม่เกิน",),
    ("I05", PLAN, PROJECT_B, ACTIVITY_B, FALL_NAME, "ร้อยละ", 3, "กพก.", None, None, None, None, None),
]
NEW_TARGETS = [
    ("I03", "P50", 80),
    ("I03", "P90", 80),
    ("I04", "P50", 10),
    ("I04", "P90", 10),
    ("I05", "P50", 3),
]


def write_rates_plan(path: Path) -> Path:
    write_small_plan(path)
    book = load_workbook(path)
    indicators, targets = book["ตัวชี้วัด"], book["เป้าหมายรายหน่วย"]
    indicators.delete_rows(2, indicators.max_row)
    targets.delete_rows(2, targets.max_row)
    for row in [*INDICATORS[:2], *NEW_INDICATORS]:
        indicators.append(list(row) + [None] * (13 - len(row)))
    for row in [t for t in TARGETS if t[0] != "I03"] + NEW_TARGETS:
        targets.append(list(row))
    book["แผนรายเดือน"].append(["I04", None, "2569-12", 10])
    book["แผนรายเดือน"].append(["I03", None, "2569-12", 80])  # the card's ตามแผน counts I03 against it
    book.save(path)
    return path


def use_rates_plan(db, tmp_path) -> None:
    import_plan(db, write_rates_plan(tmp_path / "rates.xlsx"), 2570)
    db.commit()


def report_month(chat, user: str, answers: dict[str, str]) -> dict[str, str]:
    """The officer reports the month: each indicator (found by a part of its name) gets its answer,
    a budget 0, problems ไม่มี; then confirms. Returns the question each answer replied to, and
    the summary before confirming."""
    asked: dict[str, str] = {}
    text = chat.says(user, "รายงาน")
    for _ in range(30):
        if "สรุปรายงาน" in text:
            asked["summary"] = text
            assert "เรียบร้อย" in chat.says(user, "ยืนยัน")
            return asked
        key = next((k for k in answers if k in text and k not in asked), None)
        if key is not None:
            asked[key] = text
            text = chat.says(user, answers[key])
        else:
            text = chat.says(user, "ไม่มี" if "ปัญหา" in text else "0")
    raise AssertionError(text)


def card_figures(flex: dict) -> dict[str, str]:
    """The label → value lines of a report card (handlers/report_card.py)."""
    body = flex["contents"]["body"]["contents"]
    return {b["contents"][0]["text"]: b["contents"][1]["text"] for b in body if b["type"] == "box"}


def make(db, kind: str) -> bytes:
    return service.make(db, service.parse_request(kind, "2569-12"), Scope(), AT).content


def group_of(rows: list[list], name: str) -> str:
    """The สงป.๓๐๑ group heading an indicator sits under ("1. ผลการดำเนินงานสูงกว่าแผน (1 ตัวชี้วัด)")."""
    at = rows.index(next(r for r in rows if r[0] == name))
    return [r[0] for r in rows[:at] if isinstance(r[0], str) and r[0][:2] in ("1.", "2.", "3.", "4.", "5.")][
        -1
    ]


def workbook_rows(content: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(content))
    return [list(r) for ws in book.worksheets for r in ws.iter_rows(values_only=True)]


# --- point 1: rates from counts ---------------------------------------------------------------------


def test_two_offices_1_of_10_and_90_of_100_make_82_7_percent_in_every_report(chat, register, db, tmp_path):
    use_rates_plan(db, tmp_path)
    register(P50)
    register(P90, unit_code="P90")

    chat.says(P50, "รายงาน")
    chat.says(P50, "5")
    question = chat.says(P50, "5")  # I03 comes next: the question names both counts
    assert COUNT_RATE_NAME in question and "สหกรณ์ที่ผ่านเกณฑ์/สหกรณ์ทั้งหมด" in question and "12/40" in question
    refused = chat.says(P50, "ผ่านหมด")  # not two counts: asked again
    assert "สองจำนวน" in refused and COUNT_RATE_NAME in refused
    assert "ต้องไม่มากกว่า" in chat.says(P50, "12/10")
    assert "ต้องมากกว่า 0" in chat.says(P50, "0 จาก 0")
    # one count alone: the other is asked for, by what it counts
    assert "สหกรณ์ที่ผ่านเกณฑ์ 1 · แล้วสหกรณ์ทั้งหมดมีเท่าไรคะ?" in chat.says(P50, "1")
    assert AT_MOST_NAME in chat.says(P50, "๑๐")  # 1 of 10 saved: the next indicator
    chat.says(P50, "ยกเลิก")
    summary = report_month(chat, P50, {AT_MOST_NAME: "10", FALL_NAME: "3"})["summary"]
    assert "ร้อยละ 10 (1/10)" in summary  # the rate and the counts it comes from
    report_month(chat, P90, {COUNT_RATE_NAME: "90 จาก 100", AT_MOST_NAME: "6"})

    # the division reviewing P90 sees the rate and the counts it comes from
    register("Udivision", "division", "กพก.")
    chat.says("Udivision", "ตรวจ")
    assert "ร้อยละ 90 (90/100)" in chat.says("Udivision", "P90")

    db.expire_all()
    i03 = db.scalar(select(Indicator).where(Indicator.code == "I03"))
    assert i03.value_type == "count_rate" and i03.numerator_label == "สหกรณ์ที่ผ่านเกณฑ์"
    stored = {
        (r.numerator, r.denominator, r.value)
        for r in db.scalars(select(Result).where(Result.indicator_id == i03.id))
    }
    assert stored == {(Decimal(1), Decimal(10), Decimal(10)), (Decimal(90), Decimal(100), Decimal(90))}

    # ตป.๑: the indicator row is 91 ÷ 110, never the mean of 10% and 90% (50%)
    tp1 = workbook_rows(make(db, "tp1"))
    row = next(r for r in tp1 if r[0] == "I03" and r[1] == COUNT_RATE_NAME)
    assert round(row[5], 1) == 82.7 and row[2] == "ร้อยละ"  # counted, not averaged: no label
    assert round(row[6], 4) == round(82.7273 / 80, 4)
    by_office = {r[1]: r[5] for r in tp1 if r[0] == "I03" and r[1] in ("P50", "P90")}
    assert by_office == {"P50": 10, "P90": 90}

    # สงป.๓๐๑: the same figure
    bb301 = workbook_rows(make(db, "bb301"))
    row = next(r for r in bb301 if r[0] == COUNT_RATE_NAME)
    assert round(row[4], 1) == 82.7

    # what the chat's report card reads with a status file (summary=True)
    status = service.load(db, service.parse_request("status", "2569-12"), Scope(), summary=True)
    assert round(next(r for r in status.indicators if r.code == "I03").cumulative, 1) == Decimal("82.7")
    # ... and the card itself, as central gets it in chat with the ความครบถ้วน file: I03 at 82.7 is on
    # its plan of 80 to date (the mean, 50, would be below it) and I04 (8 under a ceiling of 10) above
    # it; I05, I01 and I02 have no monthly plan, and the card counts only those with one (#24). No
    # status screen shows an indicator's figure itself.
    register(CENTRAL, "central", "กผง.")
    card = ask(chat, CENTRAL, "ความครบถ้วน", "ธ.ค. 2569", "ทั้งหมด")[0]
    figures = card_figures(card)
    assert figures["ตัวชี้วัดที่เป็นไปตามแผน"] == "2/2", figures
    assert figures["ไม่ได้กำหนดแผนรายเดือน"] == "3 ตัว", figures

    # the flat export carries the counts: their sums divide to the same figure
    table = list(csv.DictReader(io.StringIO(make(db, "csv").decode("utf-8-sig"))))
    mine = [r for r in table if r["รหัสตัวชี้วัด"] == "I03" and r["เดือน"] == "2569-12"]
    assert {r["รหัสหน่วยงาน"]: (r["ผลสะสม"], r["ตัวตั้งสะสม"], r["ตัวหารสะสม"]) for r in mine} == {
        "P50": ("10", "1", "10"),
        "P90": ("90", "90", "100"),
    }
    numerator = sum(Decimal(r["ตัวตั้งสะสม"]) for r in mine)
    denominator = sum(Decimal(r["ตัวหารสะสม"]) for r in mine)
    assert round(100 * numerator / denominator, 1) == Decimal("82.7")
    assert mine[0]["ชนิดค่า"] == "ร้อยละจากจำนวน"


def test_a_plain_percentage_over_offices_says_it_is_their_mean(chat, register, db, tmp_path):
    use_rates_plan(db, tmp_path)
    register(P50)
    register(P90, unit_code="P90")
    report_month(chat, P50, {COUNT_RATE_NAME: "1/10", AT_MOST_NAME: "10", FALL_NAME: "3"})
    report_month(chat, P90, {COUNT_RATE_NAME: "90/100", AT_MOST_NAME: "6"})

    for kind, name_at, unit_at in (("tp1", 1, 2), ("bb301", 0, 1)):
        rows = workbook_rows(make(db, kind))
        units = {r[unit_at] for r in rows if r[name_at] == AT_MOST_NAME}
        assert units == {"ร้อยละ (เฉลี่ยของหน่วยงาน)"}, kind
    quarterly = workbook_rows(
        service.make(db, service.parse_request("quarterly", "2570-Q1"), Scope(), AT).content
    )
    assert {r[4] for r in quarterly if r[3] == AT_MOST_NAME} == {"ร้อยละ (เฉลี่ยของหน่วยงาน)"}


# --- point 2: direction ---------------------------------------------------------------------------


def test_a_fall_is_asked_as_how_much_it_fell_and_3_scores_100_percent_of_3(chat, register, db, tmp_path):
    use_rates_plan(db, tmp_path)
    register(P50)
    asked = report_month(chat, P50, {COUNT_RATE_NAME: "1/10", AT_MOST_NAME: "10", FALL_NAME: "3"})
    assert "ลดลงเท่าไร พิมพ์เป็นค่าบวก" in asked[FALL_NAME]
    assert "ถ้าลดลง พิมพ์ค่าติดลบ" not in asked[FALL_NAME]
    assert db.scalar(select(Indicator.value_type).where(Indicator.code == "I05")) == "change"

    tp1 = workbook_rows(make(db, "tp1"))
    row = next(r for r in tp1 if r[0] == "I05" and r[1] == FALL_NAME)
    assert row[5] == 3 and row[6] == 1.0  # 100% of the target of 3


def test_a_not_more_than_indicator_at_target_is_met_and_below_it_is_better(chat, register, db, tmp_path):
    use_rates_plan(db, tmp_path)
    register(P50)
    register(P90, unit_code="P90")
    report_month(chat, P50, {COUNT_RATE_NAME: "1/10", AT_MOST_NAME: "10", FALL_NAME: "3"})
    assert db.scalar(select(Indicator.direction).where(Indicator.code == "I04")) == "at_most"

    # P50 alone, at its target of 10: met (100%), and on plan in สงป.๓๐๑
    tp1 = workbook_rows(make(db, "tp1"))
    assert next(r for r in tp1 if r[0] == "I04" and r[1] == "P50")[6] == 1.0
    assert group_of(workbook_rows(make(db, "bb301")), AT_MOST_NAME).startswith("2. ผลการดำเนินงานเป็นไปตามแผน")

    # P90 at 6: the mean of 10 and 6 is 8, below the ceiling of 10 — better than planned
    report_month(chat, P90, {COUNT_RATE_NAME: "90/100", AT_MOST_NAME: "6"})
    tp1 = workbook_rows(make(db, "tp1"))
    row = next(r for r in tp1 if r[0] == "I04" and r[1] == AT_MOST_NAME)
    assert row[5] == 8 and row[6] == 1.25  # target ÷ result
    assert next(r for r in tp1 if r[0] == "I04" and r[1] == "P90")[6] == round(10 / 6, 15)
    assert group_of(workbook_rows(make(db, "bb301")), AT_MOST_NAME).startswith("1. ผลการดำเนินงานสูงกว่าแผน")


# --- the recount ------------------------------------------------------------------------------------


SUM_RATE_NAME = "ร้อยละของคำร้องที่แล้วเสร็จ"
SUM_RATE = ("I06", PLAN, PROJECT_B, ACTIVITY_B, SUM_RATE_NAME, "ร้อยละ", 90, "กพก.", "สะสม", "ร้อยละจากจำนวน")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rates_from_counts_and_not_more_than_figures_agree_with_a_plain_recount(session, tmp_path, seed):
    """Random counts in every state over five months, for a rate from counts counted `latest`
    (I03) and one counted `sum` (I06), and a not-more-than percentage (I04): what the reports
    show equals Σ numerators ÷ Σ denominators recounted here, and the achievement of I04 is
    target ÷ result."""
    import random

    path = write_rates_plan(tmp_path / "plan.xlsx")
    book = load_workbook(path)
    book["ตัวชี้วัด"].append(list(SUM_RATE))
    for office in ("P50", "P40", "P90"):
        book["เป้าหมายรายหน่วย"].append(["I06", office, 90])
    book["เป้าหมายรายหน่วย"].append(["I03", "P40", 80])
    book.save(path)
    import_plan(session, path, 2570)
    session.commit()
    rng = random.Random(seed)
    offices = {u.id: u.code for u in session.scalars(select(Unit).where(Unit.kind == "office"))}
    indicators = {i.code: i for i in session.scalars(select(Indicator))}
    months = [date(2026, 12, 1)] + [date(2027, m, 1) for m in (1, 2, 3, 4)]
    periods = {p.month_start: p.id for p in session.scalars(select(Period))}
    all_rows = []  # (code, office id, month, numerator, denominator, value, status)
    for code in ("I03", "I06", "I04"):
        for unit_id in offices:
            for month in months:
                if rng.random() < 0.3:
                    continue
                status = rng.choice(["draft", "submitted", "approved", "returned"])
                if code == "I04":
                    n = d = None
                    value = Decimal(rng.randint(0, 2_000)) / 100
                else:
                    d = Decimal(rng.randint(1, 60))
                    n = Decimal(rng.randint(0, int(d)))
                    value = rate_of(n, d)
                all_rows.append((code, unit_id, month, n, d, value, status))
                session.add(
                    Result(
                        indicator_id=indicators[code].id,
                        unit_id=unit_id,
                        period_id=periods[month],
                        value=value,
                        numerator=n,
                        denominator=d,
                        status=status,
                        entered_at=AT,
                    )
                )
    session.commit()

    def recount(code: str, upto: date, current: list[date]) -> dict[int, tuple]:
        """Per office: (now n, now d, cumulative n, cumulative d) — or for I04 (now, last)."""
        latest = indicators[code].counting == "latest"
        found: dict[int, tuple] = {}
        for c, unit_id, month, n, d, value, status in sorted(rows, key=lambda r: r[2]):
            if c != code or status not in ("submitted", "approved") or month > upto:
                continue
            if code == "I04":
                now = value if month in current else found.get(unit_id, (None, None))[0]
                found[unit_id] = (now, value)
                continue
            zero = Decimal(0)
            before = found.get(unit_id, (zero, zero, zero, zero))
            if latest:
                found[unit_id] = (*((n, d) if month in current else before[:2]), n, d)
            else:
                now = (before[0] + n, before[1] + d) if month in current else before[:2]
                found[unit_id] = (*now, before[2] + n, before[3] + d)
        return found

    def total(parts: list[tuple], at: int) -> Decimal | None:
        return rate_of(sum((p[at] for p in parts), Decimal(0)), sum((p[at + 1] for p in parts), Decimal(0)))

    office_ids = {code: uid for uid, code in offices.items()}
    # The whole country; the division that owns the indicators (all their offices); and an area of
    # two offices (a supervising unit's scope): Σ numerators ÷ Σ denominators of the offices in it.
    division = session.scalar(select(Unit.id).where(Unit.code == "กพก."))
    two = frozenset({office_ids["P50"], office_ids["P90"]})
    scopes = [
        (Scope(), frozenset(offices)),
        (Scope(owner_unit_id=division), frozenset(offices)),
        (Scope(area_unit_id=division, area=two), two),
    ]
    for (scope, members), (kind, period, upto, current) in itertools.product(
        scopes,
        [
            ("tp1", "2570-01", months[1], months[1:2]),
            ("tp1", "2570-03", months[3], months[3:4]),
            ("quarterly", "2570-Q2", months[3], months[1:4]),
        ],
    ):
        rows = [r for r in all_rows if r[1] in members]
        data = service.load(session, service.parse_request(kind, period), scope)
        for code in ("I03", "I06"):
            expected = recount(code, upto, current)
            row = next(r for r in data.indicators if r.code == code)
            assert (row.value, row.cumulative) == (
                total(list(expected.values()), 0),
                total(list(expected.values()), 2),
            )
            assert row.combined == "counts" and not row.averaged
            if kind == "tp1":
                got = {
                    office_ids[r.office_code]: (r.value, r.cumulative)
                    for r in data.by_office
                    if r.code == code
                }
                assert got == {u: (rate_of(*p[:2]), rate_of(*p[2:])) for u, p in expected.items()}
            for month in months:
                index = (month.month - 10) % 12
                counted = [
                    (r[3], r[4])
                    for r in rows
                    if r[0] == code and r[2] == month and r[6] in ("submitted", "approved")
                ]
                assert row.months[index] == (total(counted, 0) if month <= upto and counted else None)
        if period == "2570-03":  # สงป.๓๐๑'s months sheet: the quarter Jan–Mar divides its sums too
            rows_301 = workbook_rows(
                service.make(session, service.parse_request("bb301", period), scope, AT).content
            )
            for code, name in (("I03", COUNT_RATE_NAME), ("I06", SUM_RATE_NAME)):
                sheet_row = [r for r in rows_301 if r[0] == name][-1]  # the months sheet comes second
                pairs = [
                    (r[3], r[4])
                    for r in rows
                    if r[0] == code and months[1] <= r[2] <= months[3] and r[6] in ("submitted", "approved")
                ]
                if code == "I03":  # latest: the last month with counts
                    last = max(
                        (
                            r[2]
                            for r in rows
                            if r[0] == code
                            and months[1] <= r[2] <= months[3]
                            and r[6] in ("submitted", "approved")
                        ),
                        default=None,
                    )
                    pairs = [
                        (r[3], r[4])
                        for r in rows
                        if r[0] == code and r[2] == last and r[6] in ("submitted", "approved")
                    ]
                quarter = total(pairs, 0) if pairs else None
                assert sheet_row[9] == (
                    None if quarter is None else float(quarter.quantize(Decimal("0.01")))
                ), code
        i04 = next(r for r in data.indicators if r.code == "I04")
        last = [c for _, c in recount("I04", upto, current).values()]
        mean = sum(last, Decimal(0)) / len(last) if last else None
        assert i04.cumulative == mean and i04.direction == "at_most"
        if mean is not None:
            assert i04.percent == (float(Decimal(10) / mean) if mean else 1.0)
            planned = Decimal(10)  # the monthly plan: 10 from December on
            share = float(planned / mean) if mean else 1.0
            expected_standing = "above" if share > 1.05 else "as_planned" if share >= 0.95 else "below"
            assert builders.standing(i04, elapsed_months(data)) == expected_standing
        for r in data.by_office:
            if r.code == "I04" and r.cumulative is not None and r.target is not None:
                assert r.percent == (float(r.target / r.cumulative) if r.cumulative else 1.0)


# --- the plan columns ---------------------------------------------------------------------------


def test_the_template_documents_the_counts_and_the_direction_and_an_empty_direction_is_inferred(
    session, tmp_path
):
    from models.plan_import import PlanImportError, write_template

    book = load_workbook(write_template(tmp_path / "template.xlsx"))
    guide = {(r[1], r[3]) for r in book["คำอธิบาย"].iter_rows(values_only=True) if r[1]}
    explained = {column: text for column, text in guide}
    assert "ร้อยละจากจำนวน" in explained["ชนิดค่า"] and "12/40" in explained["ชนิดค่า"]
    assert "สหกรณ์ที่ผ่านเกณฑ์" in explained["ตัวตั้ง"] and "สหกรณ์ทั้งหมด" in explained["ตัวหาร"]
    assert "ไม่น้อยกว่า" in explained["เกณฑ์"] and "ไม่เกิน" in explained["เกณฑ์"]

    path = write_rates_plan(tmp_path / "plan.xlsx")
    book = load_workbook(path)
    book["ตัวชี้วัด"].append(
        ["I07", PLAN, PROJECT_B, ACTIVITY_B, "อัตราการสูญเสียไม่เกินร้อยละ 5", "ร้อยละ", 5, "กพก.", None]
    )
    book.save(path)
    import_plan(session, path, 2570)
    directions = dict(session.execute(select(Indicator.code, Indicator.direction)).all())
    assert directions == {"I01": "at_least", "I02": "at_least", "I03": "at_least"} | {
        "I04": "at_most",  # the column says so
        "I05": "at_least",
        "I07": "at_most",  # the column is empty: the name says ไม่เกิน
    }

    book = load_workbook(path)
    book["ตัวชี้วัด"].cell(row=7, column=13, value="น้อยกว่า")
    book.save(path)
    with pytest.raises(PlanImportError) as error:
        import_plan(session, path, 2570)
    assert [(p.sheet, p.row, p.column) for p in error.value.problems] == [("ตัวชี้วัด", 7, "เกณฑ์")]
    assert "ไม่น้อยกว่า หรือ ไม่เกิน" in str(error.value.problems[0])
