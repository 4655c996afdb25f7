"""Read at once, read one by one: the same answer. Every office's status in one go agrees with
asking office by office; an office's earlier values read in one statement agree with asking
indicator by indicator."""

import random
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import reporting as svc
from models.entities import Disbursement, Indicator, Period, Project, Result, Unit, UnitKind
from models.plan_import import import_plan
from tests.plans import write_small_plan

P50, P40 = "Uofficer50", "Uofficer40"


def test_all_offices_at_once_match_one_by_one(chat, register, db):
    register(P50, "officer", "P50")
    register(P40, "officer", "P40")
    chat.says(P50, "รายงาน")
    for answer in ["1", "2", "3", "100", "ฝนตก", "เลื่อนกิจกรรม"]:
        chat.says(P50, answer)
    chat.says(P40, "รายงาน")
    for answer in ["5", "50", "1000", "ไม่มี", "ยืนยัน"]:
        chat.says(P40, answer)
    db.expire_all()
    info = svc.period_info(db, date(2026, 12, 1))
    together = svc.office_statuses(db, info)
    offices = db.scalars(select(Unit).where(Unit.kind == UnitKind.OFFICE.value)).all()
    assert {o.code for o in offices} == {"P50", "P40", "P90"}
    for office in offices:
        alone = svc.office_status(db, office.id, info)
        both = together[office.id]
        assert (both.total, both.done, both.drafts, both.missing, both.returned) == \
            (alone.total, alone.done, alone.drafts, alone.missing, alone.returned), office.code
    assert together[next(o.id for o in offices if o.code == "P40")].complete
    assert together[next(o.id for o in offices if o.code == "P50")].drafts > 0


@pytest.mark.parametrize("seed", [1, 2])
def test_earlier_values_at_once_match_one_by_one(session, tmp_path, seed):
    import_plan(session, write_small_plan(tmp_path / "plan.xlsx"), 2570)
    session.commit()
    rng = random.Random(seed)
    at = datetime(2027, 1, 15, 3, 0, tzinfo=UTC)
    offices = session.scalars(select(Unit.id).where(Unit.kind == UnitKind.OFFICE.value)).all()
    indicators = session.scalars(select(Indicator)).all()
    projects = session.scalars(select(Project.id)).all()
    periods = session.scalars(select(Period).order_by(Period.month_start)).all()[:6]
    disbursed = []  # (project, office, month, amount, status)
    for office in offices:
        for period in periods:
            for indicator in indicators:
                if rng.random() < 0.7:
                    session.add(Result(indicator_id=indicator.id, unit_id=office, period_id=period.id,
                                       value=Decimal(rng.randint(0, 9_999)) / 10, entered_at=at,
                                       status=rng.choice(["draft", "submitted", "approved", "returned"])))
            for project in projects:
                if rng.random() < 0.7:
                    amount, status = Decimal(rng.randint(0, 99_999)), rng.choice(["draft", "submitted", "returned"])
                    disbursed.append((project, office, period.month_start, amount, status))
                    session.add(Disbursement(project_id=project, unit_id=office, period_id=period.id,
                                             amount=amount, status=status, entered_at=at))
    session.commit()
    for period in periods:
        info = svc.period_info(session, period.month_start)
        for office in offices:
            earlier = svc.earlier_results(session, office, info)
            for indicator in indicators:
                assert earlier.cumulative(indicator) == svc.cumulative_before(session, indicator, office, info), \
                    (indicator.code, indicator.counting, office, period.month_start)
            recount = {}
            for project, unit, month, amount, status in disbursed:
                if unit == office and month < period.month_start and status != "draft":
                    recount[project] = recount.get(project, Decimal(0)) + amount
            assert svc.earlier_disbursed(session, office, info) == recount
