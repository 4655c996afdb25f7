"""Read at once, read one by one: the same answer. Every office's status in one go agrees with
asking office by office; an office's earlier values read at once agree with a plain recount."""

import random
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import reporting as svc
from models.entities import Disbursement, Indicator, Period, Project, Result, Unit, UnitKind
from models.office_status import office_status, office_statuses
from models.periods import period_info
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
    info = period_info(db, date(2026, 12, 1))
    together = office_statuses(db, info)
    offices = db.scalars(select(Unit).where(Unit.kind == UnitKind.OFFICE.value)).all()
    assert {o.code for o in offices} == {"P50", "P40", "P90"}
    for office in offices:
        alone = office_status(db, office.id, info)
        both = together[office.id]
        assert (both.total, both.done, both.drafts, both.missing, both.returned) == (
            alone.total,
            alone.done,
            alone.drafts,
            alone.missing,
            alone.returned,
        ), office.code
    assert together[next(o.id for o in offices if o.code == "P40")].complete
    assert together[next(o.id for o in offices if o.code == "P50")].drafts > 0


@pytest.mark.parametrize("seed", [1, 2])
def test_earlier_values_agree_with_a_plain_recount(session, tmp_path, seed):
    """Random values in every state over six months: what a question shows as "so far" (the sum,
    or the latest value, of the submitted earlier months) equals a recount here."""
    import_plan(session, write_small_plan(tmp_path / "plan.xlsx"), 2570)
    session.commit()
    rng = random.Random(seed)
    at = datetime(2027, 1, 15, 3, 0, tzinfo=UTC)
    offices = session.scalars(select(Unit.id).where(Unit.kind == UnitKind.OFFICE.value)).all()
    indicators = session.scalars(select(Indicator)).all()
    projects = session.scalars(select(Project.id)).all()
    periods = session.scalars(select(Period).order_by(Period.month_start)).all()[:6]
    results, disbursed = [], []  # (indicator or project, office, month, value, status)
    for office in offices:
        for period in periods:
            for indicator in indicators:
                if rng.random() < 0.7:
                    value = Decimal(rng.randint(0, 9_999)) / 10
                    status = rng.choice(["draft", "submitted", "approved", "returned"])
                    results.append((indicator.id, office, period.month_start, value, status))
                    session.add(
                        Result(
                            indicator_id=indicator.id,
                            unit_id=office,
                            period_id=period.id,
                            value=value,
                            entered_at=at,
                            status=status,
                        )
                    )
            for project in projects:
                if rng.random() < 0.7:
                    amount, status = (
                        Decimal(rng.randint(0, 99_999)),
                        rng.choice(["draft", "submitted", "returned"]),
                    )
                    disbursed.append((project, office, period.month_start, amount, status))
                    session.add(
                        Disbursement(
                            project_id=project,
                            unit_id=office,
                            period_id=period.id,
                            amount=amount,
                            status=status,
                            entered_at=at,
                        )
                    )
    session.commit()

    def earlier(rows, office, month):
        return sorted(
            (r for r in rows if r[1] == office and r[2] < month and r[4] != "draft"), key=lambda r: r[2]
        )

    for period in periods:
        info = period_info(session, period.month_start)
        for office in offices:
            got = svc.earlier_results(session, office, info)
            for indicator in indicators:
                mine = [r[3] for r in earlier(results, office, period.month_start) if r[0] == indicator.id]
                if not mine:
                    expected = None
                elif indicator.counting == "sum":
                    expected = sum(mine, Decimal(0))
                else:
                    expected = mine[-1]
                assert got.cumulative(indicator) == expected, (indicator.code, office, period.month_start)
            recount = {}
            for project, _, _, amount, _ in earlier(disbursed, office, period.month_start):
                recount[project] = recount.get(project, Decimal(0)) + amount
            assert svc.earlier_disbursed(session, office, info) == recount
