"""The demo plan: a valid import workbook built from the FY2563 seed, deterministic to the cell;
and the demo built from it (#25): its monthly plans, spending plans, project details and the results
its units have sent, so that สงป.๓๐๑ shows every group and the project report every field."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from devtools import demo_data
from devtools.demo import demo_moment, prepare
from models.clock import BANGKOK
from models.db import make_engine, make_session_factory
from models.entities import Period, PeriodState, ProjectSummary, Result
from models.periods import current_period, today_of
from models.permissions import Scope
from reports import labels as L
from reports import service
from reports.bb301 import elapsed_months
from reports.project_report import project_fields

ROOT = Path(__file__).resolve().parent.parent
PROVINCES_CSV = ROOT / "bot" / "data" / "th-provinces.csv"
# Seed 001: the division-only work (งานตามภารกิจหน่วยงาน), reported by the owner divisions (#22).
DIVISION_ONLY = {"I01", "I02", "I08", "I09", "I10", "I30"}

EXPECTED_HEADERS = {
    "หน่วยงาน": ["รหัส", "ชื่อ", "ประเภท", "จังหวัด"],
    "ตัวชี้วัด": [
        "รหัส",
        "แผนงาน",
        "ผลผลิต/โครงการ",
        "กิจกรรมหลัก",
        "ตัวชี้วัด",
        "หน่วยนับ",
        "เป้าหมาย",
        "หน่วยงานรับผิดชอบ",
        "การนับ",
    ],
    "เป้าหมายรายหน่วย": ["รหัสตัวชี้วัด", "รหัสหน่วยงาน", "เป้าหมาย"],
    "งบประมาณ": ["ผลผลิต/โครงการ", "รหัสหน่วยงาน", "งบประมาณจัดสรร"],
    "ตั้งค่า": ["รายการ", "ค่า"],
    "แผนรายเดือน": ["รหัสตัวชี้วัด", "รหัสหน่วยงาน", "เดือน", "แผนสะสม"],
    "แผนการใช้จ่าย": ["ผลผลิต/โครงการ", "รหัสหน่วยงาน", "เดือน", "แผนสะสม"],
    "ข้อมูลโครงการ": [
        "ผลผลิต/โครงการ",
        "วัตถุประสงค์",
        "แหล่งงบประมาณ",
        "พื้นที่ดำเนินการ",
        "ระยะเวลา",
        "ประโยชน์ที่คาดว่าจะได้รับ",
        "หน่วยงานรับผิดชอบ",
    ],
}
YEAR = 2570


def _values(path: Path) -> dict[str, list[list]]:
    wb = load_workbook(path)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


@pytest.fixture(scope="module")
def sheets(tmp_path_factory) -> dict[str, list[list]]:
    path = demo_data.write_demo_workbook(tmp_path_factory.mktemp("demo") / "demo.xlsx", YEAR)
    return _values(path)


@pytest.fixture(scope="module")
def provinces() -> dict[str, str]:
    with PROVINCES_CSV.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row["name_th"] for row in csv.DictReader(fh)}


def _rows(sheets, title) -> list[dict]:
    header, *rows = sheets[title]
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_provinces_csv_is_shipped(provinces):
    assert len(provinces) == 77
    assert provinces["10"] == "กรุงเทพมหานคร"
    assert all(len(code) == 2 and code.isdigit() for code in provinces)


def test_workbook_has_exactly_the_contract_sheets_and_headers(sheets):
    assert list(sheets) == list(EXPECTED_HEADERS)
    for title, header in EXPECTED_HEADERS.items():
        assert sheets[title][0] == header, title
        assert len(sheets[title]) > 1, f"{title} has no data rows"


def test_units(sheets, provinces):
    units = _rows(sheets, "หน่วยงาน")
    codes = [u["รหัส"] for u in units]
    assert len(codes) == len(set(codes))
    assert {u["ประเภท"] for u in units} == {"พื้นที่", "กอง", "ส่วนกลาง"}

    offices = [u for u in units if u["ประเภท"] == "พื้นที่"]
    assert len(offices) == 78
    for office in offices:
        assert isinstance(office["จังหวัด"], str) and office["จังหวัด"] in provinces, office
    by_province = Counter(o["จังหวัด"] for o in offices)
    assert set(by_province) == set(provinces)
    assert by_province["10"] == 2
    assert {o["รหัส"] for o in offices if o["จังหวัด"] == "10"} == {"สสพ.1", "สสพ.2"}
    assert all(n == 1 for code, n in by_province.items() if code != "10")
    p50 = next(o for o in offices if o["รหัส"] == "P50")
    assert p50["ชื่อ"] == "สำนักงานสหกรณ์จังหวัดเชียงใหม่"

    others = [u for u in units if u["ประเภท"] != "พื้นที่"]
    assert all(u["จังหวัด"] is None for u in others)
    assert [u["รหัส"] for u in units if u["ประเภท"] == "ส่วนกลาง"] == ["กผง."]


def test_indicators(sheets):
    units = {u["รหัส"]: u["ประเภท"] for u in _rows(sheets, "หน่วยงาน")}
    indicators = _rows(sheets, "ตัวชี้วัด")
    assert [i["รหัส"] for i in indicators] == [f"I{n:02d}" for n in range(1, 38)]
    assert len({i["แผนงาน"] for i in indicators}) == 6
    assert len({i["ผลผลิต/โครงการ"] for i in indicators}) == 11
    assert len({i["กิจกรรมหลัก"] for i in indicators}) == 17
    for ind in indicators:
        assert units.get(ind["หน่วยงานรับผิดชอบ"]) in {"กอง", "ส่วนกลาง"}, ind
        assert isinstance(ind["เป้าหมาย"], int) and ind["เป้าหมาย"] > 0, ind
        assert ind["การนับ"] == ("ล่าสุด" if ind["หน่วยนับ"] == "ร้อยละ" else "สะสม"), ind
        assert not ind["ตัวชี้วัด"][0].isdigit(), ind
    first = indicators[0]
    assert first["ตัวชี้วัด"] == "จำนวนการจัดงานแสดงสินค้าสหกรณ์ดำเนินการได้บรรลุวัตถุประสงค์"
    assert (first["หน่วยนับ"], first["เป้าหมาย"], first["หน่วยงานรับผิดชอบ"]) == ("ครั้ง", 1, "กพท.")
    by_code = {i["รหัส"]: i for i in indicators}
    assert by_code["I03"]["เป้าหมาย"] == 12958
    assert by_code["I05"]["หน่วยงานรับผิดชอบ"] == "กพก."
    assert by_code["I18"]["เป้าหมาย"] == 142010


def test_assignments(sheets):
    units = {u["รหัส"]: u for u in _rows(sheets, "หน่วยงาน")}
    indicators = {i["รหัส"]: i for i in _rows(sheets, "ตัวชี้วัด")}
    assignments = _rows(sheets, "เป้าหมายรายหน่วย")
    pairs = [(a["รหัสตัวชี้วัด"], a["รหัสหน่วยงาน"]) for a in assignments]
    assert len(pairs) == len(set(pairs))

    targets: dict[str, list[int]] = defaultdict(list)
    per_office: Counter[str] = Counter()
    for a in assignments:
        assert a["รหัสตัวชี้วัด"] in indicators, a
        if a["รหัสตัวชี้วัด"] in DIVISION_ONLY:  # #22: reported by the owner division itself
            assert a["รหัสหน่วยงาน"] == indicators[a["รหัสตัวชี้วัด"]]["หน่วยงานรับผิดชอบ"], a
            assert units[a["รหัสหน่วยงาน"]]["ประเภท"] == "กอง", a
            continue
        assert units[a["รหัสหน่วยงาน"]]["ประเภท"] == "พื้นที่", a
        assert isinstance(a["เป้าหมาย"], int) and a["เป้าหมาย"] > 0, a
        targets[a["รหัสตัวชี้วัด"]].append(a["เป้าหมาย"])
        per_office[a["รหัสหน่วยงาน"]] += 1

    for code, values in targets.items():
        ind = indicators[code]
        if ind["การนับ"] == "สะสม":
            assert sum(values) == ind["เป้าหมาย"], code
        else:
            assert set(values) == {ind["เป้าหมาย"]}, code

    # The six division-only indicators are kept: each reported by its owner division (#22), whole.
    division_rows = [a for a in assignments if a["รหัสตัวชี้วัด"] in DIVISION_ONLY]
    assert sorted(a["รหัสตัวชี้วัด"] for a in division_rows) == sorted(DIVISION_ONLY)
    assert all(a["เป้าหมาย"] == indicators[a["รหัสตัวชี้วัด"]]["เป้าหมาย"] for a in division_rows)
    assert not DIVISION_ONLY & set(targets)  # no office reports them
    # The Royal Project only in the north.
    royal = {a["รหัสหน่วยงาน"] for a in assignments if a["รหัสตัวชี้วัด"] == "I14"}
    assert {units[c]["จังหวัด"] for c in royal} == {"50", "57", "58", "55", "63", "56", "54", "52", "51"}

    offices = [c for c, u in units.items() if u["ประเภท"] == "พื้นที่"]
    assert set(per_office) == set(offices)
    assert all(8 <= per_office[c] <= 15 for c in offices), per_office


def test_budget(sheets):
    indicators = _rows(sheets, "ตัวชี้วัด")
    project_of = {i["รหัส"]: i["ผลผลิต/โครงการ"] for i in indicators}
    assigned = {
        (project_of[a["รหัสตัวชี้วัด"]], a["รหัสหน่วยงาน"])
        for a in _rows(sheets, "เป้าหมายรายหน่วย")
        if a["รหัสตัวชี้วัด"] not in DIVISION_ONLY  # offices get budget; a division's own work none
    }
    budget = _rows(sheets, "งบประมาณ")
    keys = [(b["ผลผลิต/โครงการ"], b["รหัสหน่วยงาน"]) for b in budget]
    assert len(keys) == len(set(keys))
    assert set(keys) == assigned
    for row in budget:
        assert row["ผลผลิต/โครงการ"] in set(project_of.values()), row
        amount = row["งบประมาณจัดสรร"]
        assert isinstance(amount, int) and 50_000 <= amount <= 2_000_000 and amount % 1000 == 0, row


def test_settings(sheets):
    assert _rows(sheets, "ตั้งค่า") == [
        {"รายการ": "วันตัดยอด", "ค่า": 20},
        {"รายการ": "กำหนดส่งหน่วยงานในพื้นที่", "ค่า": 20},
        {"รายการ": "กำหนดส่งกอง", "ค่า": 22},
        {"รายการ": "กำหนดส่งส่วนกลาง", "ค่า": 25},
        {"รายการ": "เดือนแรกที่รายงาน", "ค่า": 12},
        {"รายการ": "กำหนดส่งงานของกอง", "ค่า": 27},
    ]


def test_api_matches_workbook(sheets):
    assert len(demo_data.demo_units()) == len(sheets["หน่วยงาน"]) - 1
    assert len(demo_data.demo_indicators()) == len(sheets["ตัวชี้วัด"]) - 1
    assert len(demo_data.demo_assignments()) == len(sheets["เป้าหมายรายหน่วย"]) - 1
    assert len(demo_data.demo_allocations()) == len(sheets["งบประมาณ"]) - 1
    # Callers get copies: changing them does not change the demo data.
    demo_data.demo_units()[0]["code"] = "X"
    assert demo_data.demo_units()[0]["code"] == "สสพ.1"


def test_demo_users_point_at_existing_units():
    units = {u["code"]: u["kind"] for u in demo_data.demo_units()}
    users = demo_data.demo_users()
    ids = [u["line_user_id"] for u in users]
    assert len(ids) == len(set(ids))
    expected_kind = {"officer": "office", "division": "division", "central": "central", "admin": "central"}
    for user in users:
        assert 0 < len(user["line_user_id"]) <= 64
        assert user["display_name"].strip()
        assert units[user["unit_code"]] == expected_kind[user["role"]], user
    assert {u["role"] for u in users} == set(expected_kind)


def test_workbook_is_deterministic(tmp_path):
    first = demo_data.write_demo_workbook(tmp_path / "a.xlsx", YEAR)
    second = demo_data.write_demo_workbook(tmp_path / "b.xlsx", YEAR)
    assert _values(first) == _values(second)


def test_monthly_and_spending_plans_and_project_details(sheets):
    """#25: the optional sheets carry a monthly plan for most indicators (some have none, for
    สงป.๓๐๑'s group 5), a spending plan for every allocated project and every project's details."""
    indicators = {i["รหัส"]: i for i in _rows(sheets, "ตัวชี้วัด")}
    monthly = _rows(sheets, "แผนรายเดือน")
    planned = Counter(r["รหัสตัวชี้วัด"] for r in monthly)
    assert set(planned) < set(indicators) and len(planned) >= 20
    assert set(planned.values()) == {12}  # October to September
    assert {r["รหัสหน่วยงาน"] for r in monthly} == {None}  # the whole indicator
    for code in planned:  # the plan reaches the annual target in September
        september = next(r for r in monthly if r["รหัสตัวชี้วัด"] == code and r["เดือน"] == f"{YEAR}-09")
        assert september["แผนสะสม"] == indicators[code]["เป้าหมาย"], code
    spending = _rows(sheets, "แผนการใช้จ่าย")
    budget = _rows(sheets, "งบประมาณ")
    totals = Counter()
    for row in budget:
        totals[row["ผลผลิต/โครงการ"]] += row["งบประมาณจัดสรร"]
    assert {r["ผลผลิต/โครงการ"]: r["แผนสะสม"] for r in spending if r["เดือน"] == f"{YEAR}-09"} == totals
    details = _rows(sheets, "ข้อมูลโครงการ")
    assert [d["ผลผลิต/โครงการ"] for d in details] == list(
        dict.fromkeys(i["ผลผลิต/โครงการ"] for i in indicators.values())
    )
    assert all(all(d.values()) for d in details), details


def _bb301_groups(book) -> dict[str, list[str]]:
    """The indicator names under each group heading of the สงป.๓๐๑ sheet."""
    names = {i["name"] for i in demo_data.demo_indicators()}
    headings = {text: group for group, text in L.BB_GROUPS.items()}
    groups: dict[str, list[str]] = {}
    current = None
    for row in book.worksheets[0].iter_rows(values_only=True):
        cells = [c for c in row if isinstance(c, str)]
        heading = next((headings[h] for h in headings for c in cells if c.startswith(h)), None)
        if heading is not None:
            current = heading
            groups[current] = []
        elif current and row[0] in names:
            groups[current].append(row[0])
    return groups


@pytest.mark.parametrize("today", [None, date(2027, 3, 22)], ids=["demo-today", "march"])
def test_the_demo_shows_every_bb301_group_and_every_project_report_field(db_url, tmp_path, today):
    """#25: `tidtam demo` starts with results such that สงป.๓๐๑ of the month being reported has
    indicators above plan, as planned and below plan (and not reported, and without a plan), and
    the project report has a project with all fourteen fields; the months before are closed.
    Run for the demo's own today and for a month later in the year."""
    now = demo_moment(today or datetime.now(BANGKOK).date())
    prepare(db_url, now)
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            info = current_period(session, today_of(now))
            assert info is not None
            request = service.Request("bb301", info.month)
            made = service.make(session, request, Scope(), now)
            path = tmp_path / made.name
            path.write_bytes(made.content)
            groups = _bb301_groups(load_workbook(path))
            for group in ("above", "as_planned", "below", "not_reported", "no_plan"):
                assert groups.get(group), (group, {g: len(v) for g, v in groups.items()})

            data = made.data
            elapsed = elapsed_months(data)
            filled = []
            for project in data.projects:
                rows = [r for r in data.indicators if r.project_id == project.project_id]
                fields = project_fields(project, rows, elapsed)
                assert len(fields) == 14
                filled.append({n for n, (_, text) in enumerate(fields, start=1) if text})
            assert set.union(*filled) == set(range(1, 15))
            assert any(f == set(range(1, 15)) for f in filled), filled

            # The months before the current one are closed; the current one is open.
            states = dict(
                session.execute(
                    select(Period.month_start, Period.state).where(Period.month_start <= info.month)
                ).all()
            )
            assert states.pop(info.month) == PeriodState.OPEN.value
            assert set(states.values()) <= {PeriodState.CLOSED.value}
            if today is not None:
                assert len(states) == 3  # December to February
            # The quarterly workbook (with its project report) builds from the same data.
            quarter = service.quarter_request("quarterly", info.fiscal_year.year_be, 1 + (elapsed - 1) // 3)
            assert load_workbook(io.BytesIO(service.make(session, quarter, Scope(), now).content)).sheetnames
    finally:
        engine.dispose()


def test_the_demo_kept_keeps_its_answers(db_url):
    """`tidtam demo --keep` imports the plan again on top: the results already there are not
    written a second time (and nothing breaks on the unique keys)."""
    now = demo_moment(date(2026, 12, 7))
    prepare(db_url, now)
    engine = make_engine(db_url)
    try:
        sessions = make_session_factory(engine)
        with sessions() as session:
            before = session.scalar(select(func.count()).select_from(Result))
            summaries = session.scalar(select(func.count()).select_from(ProjectSummary))
        assert before > 500 and summaries > 0
        prepare(db_url, now)
        with sessions() as session:
            assert session.scalar(select(func.count()).select_from(Result)) == before
            assert session.scalar(select(func.count()).select_from(ProjectSummary)) == summaries
    finally:
        engine.dispose()
