"""Every office's status in one go agrees with asking office by office."""

from datetime import date

from sqlalchemy import select

from models import reporting as svc
from models.entities import Unit, UnitKind

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
