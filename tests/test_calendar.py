"""The fiscal calendar (models/calendar.py): years, periods, windows, deadlines, quarters, Thai dates.

FY2570 = 1 Oct 2569 – 30 Sep 2570 BE = 1 Oct 2026 – 30 Sep 2027. By default the first report is in
December (covering 1 Oct – 20 Dec), results are cut off on the 20th and the deadlines are 20/22/25.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.calendar import (
    DEFAULT_SETTINGS,
    CalendarSettings,
    add_months,
    be_year,
    ce_year,
    deadline,
    fiscal_months,
    fiscal_year_bounds,
    fiscal_year_of,
    month_start,
    period_code,
    period_of_month,
    periods_of,
    previous_period,
    quarter_months,
    quarter_of,
    reporting_period_at,
    thai_date,
    thai_date_short,
    thai_month,
    thai_month_short,
    thai_range,
    window,
)
from models.parsing import parse_period, parse_quarter, parse_thai_month
from models.workdays import is_working_day

D = date
OCT_FIRST = CalendarSettings(first_report_month=10)
# FY2563 as in the seeds: results cut off on the 25th, offices by the 25th, divisions by the 27th,
# the first report in March covering 1 Oct – 25 Mar.
FY2563 = CalendarSettings(
    cutoff_day=25,
    office_deadline_day=25,
    division_deadline_day=27,
    central_deadline_day=28,
    first_report_month=3,
)
THAI_TEXT = re.compile(r"[\u0E01-\u0E4F]")


def days(start: date, end: date):
    """Every day from start to end, both included."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


# --- BE years and fiscal years ----------------------------------------------------------------


def test_be_is_ce_plus_543_and_back():
    assert be_year(2026) == 2569
    assert ce_year(2570) == 2027
    assert ce_year(be_year(2027)) == 2027


@pytest.mark.parametrize(
    ("day", "year_be"),
    [
        (D(2026, 9, 30), 2569),  # last day of FY2569
        (D(2026, 10, 1), 2570),  # first day of FY2570
        (D(2026, 12, 31), 2570),
        (D(2027, 1, 1), 2570),  # the calendar year changes, the fiscal year does not
        (D(2027, 9, 30), 2570),
        (D(2027, 10, 1), 2571),
        (D(2028, 2, 29), 2571),
        (D(2019, 10, 1), 2563),
    ],
)
def test_fiscal_year_of(day, year_be):
    assert fiscal_year_of(day) == year_be


@pytest.mark.parametrize(
    ("year_be", "bounds"),
    [
        (2570, (D(2026, 10, 1), D(2027, 9, 30))),
        (2563, (D(2019, 10, 1), D(2020, 9, 30))),
        (2571, (D(2027, 10, 1), D(2028, 9, 30))),
    ],
)
def test_fiscal_year_bounds(year_be, bounds):
    assert fiscal_year_bounds(year_be) == bounds
    start, end = bounds
    assert fiscal_year_of(start) == fiscal_year_of(end) == year_be
    assert fiscal_year_of(start - timedelta(days=1)) == year_be - 1
    assert fiscal_year_of(end + timedelta(days=1)) == year_be + 1


def test_fiscal_months_run_october_to_september():
    months = fiscal_months(2570)
    assert len(months) == 12
    assert months[0] == D(2026, 10, 1) and months[-1] == D(2027, 9, 1)
    assert all(add_months(a, 1) == b for a, b in zip(months, months[1:], strict=False))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 12, 1), 1, D(2027, 1, 1)),
        (D(2026, 12, 20), 1, D(2027, 1, 1)),  # always the first of the month
        (D(2027, 1, 31), 1, D(2027, 2, 1)),
        (D(2026, 10, 1), 12, D(2027, 10, 1)),
        (D(2027, 1, 1), -1, D(2026, 12, 1)),
        (D(2027, 3, 1), -14, D(2026, 1, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_month_start():
    assert month_start(D(2026, 12, 20)) == D(2026, 12, 1)


# --- periods ----------------------------------------------------------------------------------


def test_periods_of_default_year_are_december_to_september():
    periods = periods_of(2570)
    assert len(periods) == 10
    assert periods[0] == D(2026, 12, 1) and periods[-1] == D(2027, 9, 1)
    assert periods == fiscal_months(2570)[2:]


@pytest.mark.parametrize(
    ("settings_", "count", "first"),
    [
        (OCT_FIRST, 12, D(2026, 10, 1)),
        (CalendarSettings(first_report_month=11), 11, D(2026, 11, 1)),
        (CalendarSettings(first_report_month=1), 9, D(2027, 1, 1)),
        (CalendarSettings(first_report_month=3), 7, D(2027, 3, 1)),
        (CalendarSettings(first_report_month=9), 1, D(2027, 9, 1)),
    ],
)
def test_periods_of_follow_the_first_reporting_month(settings_, count, first):
    periods = periods_of(2570, settings_)
    assert len(periods) == count
    assert periods[0] == first and periods[-1] == D(2027, 9, 1)


def test_periods_of_fy2563_seed_start_in_march():
    assert periods_of(2563, FY2563)[0] == D(2020, 3, 1)


@pytest.mark.parametrize(
    ("day", "settings_", "period"),
    [
        (D(2026, 10, 1), DEFAULT_SETTINGS, D(2026, 12, 1)),  # October folds into December
        (D(2026, 11, 15), DEFAULT_SETTINGS, D(2026, 12, 1)),  # so does November
        (D(2026, 12, 31), DEFAULT_SETTINGS, D(2026, 12, 1)),
        (D(2027, 1, 10), DEFAULT_SETTINGS, D(2027, 1, 1)),
        (D(2027, 9, 30), DEFAULT_SETTINGS, D(2027, 9, 1)),
        (D(2027, 10, 1), DEFAULT_SETTINGS, D(2027, 12, 1)),  # next year folds into its own December
        (D(2026, 10, 1), OCT_FIRST, D(2026, 10, 1)),
        (D(2026, 11, 1), OCT_FIRST, D(2026, 11, 1)),
        (D(2019, 12, 5), FY2563, D(2020, 3, 1)),
        (D(2020, 2, 29), FY2563, D(2020, 3, 1)),
        (D(2020, 4, 1), FY2563, D(2020, 4, 1)),
    ],
)
def test_period_of_month(day, settings_, period):
    assert period_of_month(day, settings_) == period


@pytest.mark.parametrize(
    ("day", "settings_", "period"),
    [
        # the cycle of a month ends on the central deadline (the 25th)
        (D(2026, 12, 25), DEFAULT_SETTINGS, D(2026, 12, 1)),
        (D(2026, 12, 26), DEFAULT_SETTINGS, D(2027, 1, 1)),
        (D(2026, 12, 31), DEFAULT_SETTINGS, D(2027, 1, 1)),
        (D(2027, 1, 1), DEFAULT_SETTINGS, D(2027, 1, 1)),
        (D(2027, 1, 25), DEFAULT_SETTINGS, D(2027, 1, 1)),
        (D(2027, 1, 26), DEFAULT_SETTINGS, D(2027, 2, 1)),
        (D(2027, 2, 28), DEFAULT_SETTINGS, D(2027, 3, 1)),
        # before the first reporting month everyone works on the first period (once September's
        # cycle has closed: its deadlines are in October, central's on 12 Oct 2569 (10th: a Saturday)
        (D(2026, 10, 13), DEFAULT_SETTINGS, D(2026, 12, 1)),
        (D(2026, 11, 26), DEFAULT_SETTINGS, D(2026, 12, 1)),
        # the year end: September's results run to 30 Sep and its cycle to central's deadline in
        # October (11 Oct 2570: the 10th is a Sunday), then December of FY2571
        (D(2027, 9, 25), DEFAULT_SETTINGS, D(2027, 9, 1)),
        (D(2027, 9, 26), DEFAULT_SETTINGS, D(2027, 9, 1)),
        (D(2027, 9, 30), DEFAULT_SETTINGS, D(2027, 9, 1)),
        (D(2027, 10, 11), DEFAULT_SETTINGS, D(2027, 9, 1)),
        (D(2027, 10, 12), DEFAULT_SETTINGS, D(2027, 12, 1)),
        (D(2026, 10, 12), DEFAULT_SETTINGS, D(2026, 9, 1)),
        (D(2026, 10, 13), OCT_FIRST, D(2026, 10, 1)),
        (D(2026, 10, 26), OCT_FIRST, D(2026, 11, 1)),
        # FY2563: central closes on the 28th, first report in March
        (D(2020, 3, 28), FY2563, D(2020, 3, 1)),
        (D(2020, 3, 29), FY2563, D(2020, 4, 1)),
        (D(2020, 2, 29), FY2563, D(2020, 3, 1)),
        (D(2019, 10, 1), FY2563, D(2019, 9, 1)),  # FY2562 September: central by 9 Oct 2562
        (D(2019, 10, 15), FY2563, D(2020, 3, 1)),
    ],
)
def test_reporting_period_at(day, settings_, period):
    assert reporting_period_at(day, settings_) == period
    assert period_code(reporting_period_at(day, settings_)) == period_code(period)


def test_previous_period():
    assert previous_period(D(2026, 12, 1)) is None
    assert previous_period(D(2027, 1, 1)) == D(2026, 12, 1)
    assert previous_period(D(2027, 9, 1)) == D(2027, 8, 1)
    assert previous_period(D(2026, 10, 1), OCT_FIRST) is None
    assert previous_period(D(2020, 4, 1), FY2563) == D(2020, 3, 1)


# --- windows and deadlines --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "settings_", "expected"),
    [
        (D(2026, 12, 1), DEFAULT_SETTINGS, (D(2026, 10, 1), D(2026, 12, 20))),  # cumulative first report
        (D(2027, 1, 1), DEFAULT_SETTINGS, (D(2026, 12, 21), D(2027, 1, 20))),
        (D(2027, 3, 1), DEFAULT_SETTINGS, (D(2027, 2, 21), D(2027, 3, 20))),
        (
            D(2027, 9, 1),
            DEFAULT_SETTINGS,
            (D(2027, 8, 21), D(2027, 9, 30)),
        ),  # the year's last period: to 30 Sep
        (D(2028, 3, 1), DEFAULT_SETTINGS, (D(2028, 2, 21), D(2028, 3, 20))),  # leap year
        (D(2026, 10, 1), OCT_FIRST, (D(2026, 10, 1), D(2026, 10, 20))),
        (D(2026, 11, 1), OCT_FIRST, (D(2026, 10, 21), D(2026, 11, 20))),
        (D(2020, 3, 1), FY2563, (D(2019, 10, 1), D(2020, 3, 25))),  # seed: 1 Oct – 25 Mar
        (D(2020, 4, 1), FY2563, (D(2020, 3, 26), D(2020, 4, 25))),
    ],
)
def test_window(period, settings_, expected):
    assert window(period, settings_) == expected


def test_window_reads_as_the_design_says():
    assert thai_range(*window(D(2026, 12, 1))) == "1 ต.ค. – 20 ธ.ค. 2569"
    assert thai_range(*window(D(2027, 1, 1))) == "21 ธ.ค. 2569 – 20 ม.ค. 2570"


@pytest.mark.parametrize(
    ("settings_", "period", "expected"),
    [
        (DEFAULT_SETTINGS, D(2026, 12, 1), {"office": 20, "division": 22, "central": 25}),
        (DEFAULT_SETTINGS, D(2027, 2, 1), {"office": 20, "division": 22, "central": 25}),
        (FY2563, D(2020, 3, 1), {"office": 25, "division": 27, "central": 28}),
    ],
)
def test_deadline_per_tier(settings_, period, expected):
    for tier, day in expected.items():
        assert deadline(period, tier, settings_) == period.replace(day=day)
        assert settings_.deadline_day(tier) == day


def test_settings_of_a_fiscal_year_row():
    row = SimpleNamespace(
        cutoff_day=25,
        office_deadline_day=25,
        division_deadline_day=27,
        central_deadline_day=28,
        first_report_month=3,
        division_report_day=27,  # #22
        september_deadline_day=5,
    )
    assert CalendarSettings.of(row) == FY2563
    assert CalendarSettings() == DEFAULT_SETTINGS == CalendarSettings(20, 20, 22, 25, 12)


# --- quarters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (D(2026, 10, 1), (2570, 1)),
        (D(2026, 12, 31), (2570, 1)),
        (D(2027, 1, 1), (2570, 2)),
        (D(2027, 3, 31), (2570, 2)),
        (D(2027, 4, 1), (2570, 3)),
        (D(2027, 6, 30), (2570, 3)),
        (D(2027, 7, 1), (2570, 4)),
        (D(2027, 9, 30), (2570, 4)),
        (D(2027, 10, 1), (2571, 1)),
        (D(2026, 9, 30), (2569, 4)),
    ],
)
def test_quarter_of(day, quarter):
    assert quarter_of(day) == quarter


@pytest.mark.parametrize(
    ("quarter", "months"),
    [
        (1, [D(2026, 10, 1), D(2026, 11, 1), D(2026, 12, 1)]),
        (2, [D(2027, 1, 1), D(2027, 2, 1), D(2027, 3, 1)]),
        (3, [D(2027, 4, 1), D(2027, 5, 1), D(2027, 6, 1)]),
        (4, [D(2027, 7, 1), D(2027, 8, 1), D(2027, 9, 1)]),
    ],
)
def test_quarter_months(quarter, months):
    assert quarter_months(2570, quarter) == months
    assert {quarter_of(month) for month in months} == {(2570, quarter)}


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_quarter_months_refuses_other_quarters(quarter):
    with pytest.raises(ValueError):
        quarter_months(2570, quarter)


# --- period and quarter codes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2570-01", D(2027, 1, 1)),  # BE
        ("2027-01", D(2027, 1, 1)),  # CE
        ("2569-12", D(2026, 12, 1)),
        ("2026-12", D(2026, 12, 1)),
        ("2570-1", D(2027, 1, 1)),
        ("  2570-09 ", D(2027, 9, 1)),
        ("๒๕๗๐-๐๑", D(2027, 1, 1)),  # Thai digits
        ("2563-03", D(2020, 3, 1)),
    ],
)
def test_parse_period(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize(
    "text",
    [
        "2570-13",
        "2570-00",
        "abc",
        "1800-01",
        "0000-01",
        "",
        "   ",
        None,
        "2570",
        "2570-01-01",
        "70-01",
        "2570/01",
        "ม.ค. 2570",
        "2570-Q1",
    ],
)
def test_parse_period_refuses_bad_codes_in_thai(text):
    with pytest.raises(ValueError) as caught:
        parse_period(text)
    assert THAI_TEXT.search(str(caught.value)), f"message is not Thai: {caught.value}"


@pytest.mark.parametrize(
    ("text", "quarter"),
    [
        ("2570-Q2", (2570, 2)),
        ("2570-q4", (2570, 4)),
        ("2570-Q1", (2570, 1)),
        ("2027-Q2", (2570, 2)),  # CE year of the fiscal year's end
        (" 2563-Q3 ", (2563, 3)),
    ],
)
def test_parse_quarter(text, quarter):
    assert parse_quarter(text) == quarter


@pytest.mark.parametrize("text", ["2570-Q5", "2570-Q0", "2570-2", "Q2", "", None, "1800-Q1", "2570-Q12"])
def test_parse_quarter_refuses_bad_codes_in_thai(text):
    with pytest.raises(ValueError) as caught:
        parse_quarter(text)
    assert THAI_TEXT.search(str(caught.value)), f"message is not Thai: {caught.value}"


@pytest.mark.parametrize(
    ("period", "code"),
    [(D(2026, 12, 1), "2569-12"), (D(2027, 1, 1), "2570-01"), (D(2027, 9, 1), "2570-09")],
)
def test_period_code(period, code):
    assert period_code(period) == code
    assert parse_period(code) == period


# --- Thai formatting --------------------------------------------------------------------------


def test_thai_formatting_of_a_month_and_a_day():
    assert thai_month(D(2026, 12, 1)) == "ธันวาคม 2569"
    assert thai_month_short(D(2026, 12, 1)) == "ธ.ค. 2569"
    assert thai_date(D(2026, 12, 20)) == "20 ธันวาคม 2569"
    assert thai_date_short(D(2026, 12, 20)) == "20 ธ.ค. 2569"
    assert thai_date(D(2027, 1, 1)) == "1 มกราคม 2570"
    assert thai_date_short(D(2027, 1, 1)) == "1 ม.ค. 2570"


@pytest.mark.parametrize(
    ("month", "short", "long"),
    [
        (1, "ม.ค.", "มกราคม"),
        (2, "ก.พ.", "กุมภาพันธ์"),
        (3, "มี.ค.", "มีนาคม"),
        (4, "เม.ย.", "เมษายน"),
        (5, "พ.ค.", "พฤษภาคม"),
        (6, "มิ.ย.", "มิถุนายน"),
        (7, "ก.ค.", "กรกฎาคม"),
        (8, "ส.ค.", "สิงหาคม"),
        (9, "ก.ย.", "กันยายน"),
        (10, "ต.ค.", "ตุลาคม"),
        (11, "พ.ย.", "พฤศจิกายน"),
        (12, "ธ.ค.", "ธันวาคม"),
    ],
)
def test_thai_month_names(month, short, long):
    day = D(2027, month, 1)
    assert thai_month_short(day) == f"{short} 2570"
    assert thai_month(day) == f"{long} 2570"
    assert parse_thai_month(f"{short} 2570") == day
    assert parse_thai_month(f"{long} 2570") == day


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (D(2026, 10, 1), D(2026, 12, 20), "1 ต.ค. – 20 ธ.ค. 2569"),  # one BE year: said once
        (D(2026, 12, 21), D(2027, 1, 20), "21 ธ.ค. 2569 – 20 ม.ค. 2570"),  # across years: both
        (D(2027, 1, 1), D(2027, 1, 1), "1 ม.ค. – 1 ม.ค. 2570"),
        (D(2019, 10, 1), D(2020, 3, 25), "1 ต.ค. 2562 – 25 มี.ค. 2563"),
    ],
)
def test_thai_range(start, end, text):
    assert thai_range(start, end) == text


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("ม.ค. 2570", D(2027, 1, 1)),
        ("มกราคม 2570", D(2027, 1, 1)),
        ("ธ.ค. 2569", D(2026, 12, 1)),
        ("ธันวาคม พ.ศ. 2569", D(2026, 12, 1)),
        ("  ก.ย.   2570 ", D(2027, 9, 1)),
        ("มี.ค. ๒๕๗๐", D(2027, 3, 1)),
        ("ม.ค. 2027", D(2027, 1, 1)),  # a CE year is read as CE, as in period codes
    ],
)
def test_parse_thai_month(text, month):
    assert parse_thai_month(text) == month


@pytest.mark.parametrize(
    "text",
    [
        "มกรา 2570",
        "Jan 2570",
        "ม.ค.",
        "2570",
        "ม.ค. 2570 ธ.ค.",
        "ม.ค. ปีนี้",
        "",
        None,
        "ม.ค. 70",
        "ม.ค. 1800",
        "ม.ค.2570",
    ],
)
def test_parse_thai_month_refuses_bad_text_in_thai(text):
    with pytest.raises(ValueError) as caught:
        parse_thai_month(text)
    assert THAI_TEXT.search(str(caught.value)), f"message is not Thai: {caught.value}"


# --- invariants -------------------------------------------------------------------------------

SETTINGS_CASES = [DEFAULT_SETTINGS, OCT_FIRST, FY2563, CalendarSettings(cutoff_day=28, first_report_month=9)]


@pytest.mark.parametrize("settings_", SETTINGS_CASES)
@pytest.mark.parametrize("year_be", [2563, 2570, 2571])  # 2571 ends in a leap year
def test_windows_tile_the_year_from_1_october_to_30_september(settings_, year_be):
    windows = [window(period, settings_) for period in periods_of(year_be, settings_)]
    year_start, year_end = fiscal_year_bounds(year_be)
    assert windows[0][0] == year_start
    assert windows[-1][1] == year_end  # the last window runs to the year's last day
    for (_, end), (next_start, _) in zip(windows, windows[1:], strict=False):
        assert next_start == end + timedelta(days=1)  # no gap, no overlap
    for period, (start, end) in zip(periods_of(year_be, settings_), windows, strict=True):
        assert start <= end
        assert month_start(end) == period  # a window ends in its own month


@pytest.mark.parametrize("settings_", SETTINGS_CASES)
@pytest.mark.parametrize("year_be", [2563, 2570, 2571])
def test_every_day_of_a_fiscal_year_is_in_exactly_one_window(settings_, year_be):
    """21–30 September used to fall in no period: ten days of results never counted."""
    windows = [window(period, settings_) for period in periods_of(year_be, settings_)]
    start, end = fiscal_year_bounds(year_be)
    for day in days(start, end):
        assert sum(1 for first, last in windows if first <= day <= last) == 1, day
    september = window(D(ce_year(year_be), 9, 1), settings_)
    assert september[1] == D(ce_year(year_be), 9, 30)
    # September's deadlines come after its last day, in October, on working days, in tier order
    due = [deadline(D(ce_year(year_be), 9, 1), tier, settings_) for tier in ("office", "division", "central")]
    assert september[1] < due[0] <= due[1] <= due[2] and all(is_working_day(d) for d in due)


def test_every_day_of_fy2570_is_reported_in_a_period_whose_cycle_is_still_open():
    """reporting_period_at(day) is the earliest period whose central deadline is on or after day
    (early October still works on the September of the year just ended)."""
    periods = periods_of(2569) + periods_of(2570) + periods_of(2571)
    start, end = fiscal_year_bounds(2570)
    previous = None
    for day in days(start, end):
        period = reporting_period_at(day)
        assert period in periods
        assert period == min(p for p in periods if deadline(p, "central") >= day)
        assert previous is None or previous <= period  # never goes back
        previous = period


calendar_settings = st.builds(
    CalendarSettings,
    cutoff_day=st.integers(1, 28),
    office_deadline_day=st.integers(1, 28),
    division_deadline_day=st.integers(1, 28),
    central_deadline_day=st.integers(1, 28),
    first_report_month=st.integers(1, 12),
)


@settings(max_examples=200)
@given(calendar_settings, st.dates(min_value=D(2000, 10, 1), max_value=D(2098, 9, 30)))
def test_reporting_period_is_the_first_open_cycle_for_any_settings(settings_, day):
    year_be = fiscal_year_of(day)
    periods = [p for y in (year_be - 1, year_be, year_be + 1) for p in periods_of(y, settings_)]
    assert reporting_period_at(day, settings_) == min(
        p for p in periods if deadline(p, "central", settings_) >= day
    )


@settings(max_examples=100)
@given(calendar_settings, st.integers(2544, 2640))
def test_windows_tile_the_year_for_any_settings(settings_, year_be):
    periods = periods_of(year_be, settings_)
    windows = [window(period, settings_) for period in periods]
    assert windows[0][0] == fiscal_year_bounds(year_be)[0]
    assert all(b[0] - a[1] == timedelta(days=1) for a, b in zip(windows, windows[1:], strict=False))
    assert windows[-1][1] == fiscal_year_bounds(year_be)[1]


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2400, 12, 31)))
def test_codes_and_thai_names_read_back(day):
    month = month_start(day)
    assert parse_period(period_code(month)) == month
    assert parse_thai_month(thai_month(day)) == month
    assert parse_thai_month(thai_month_short(day)) == month
    assert thai_date(day).endswith(f" {day.year + 543}")
