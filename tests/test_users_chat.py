"""User management in chat (issue #16): an admin lists a unit's users, deactivates and
reactivates, changes a role or a unit, issues a replacement invite and sees who blocked the bot;
central may do the same except to admins. Every change is in the audit trail."""

from __future__ import annotations

from sqlalchemy import select

from devtools.line_events import user_event
from models.entities import AuditLog, Unit, User


def unfollow(chat, user_id: str) -> None:
    event = user_event("unfollow", user_id, "")
    del event["replyToken"]  # LINE sends no reply token with an unfollow event
    assert chat.deliver(event) == 200


def changes(db, field: str) -> list[tuple[str | None, str | None]]:
    db.expire_all()
    return [
        (row.old_value, row.new_value)
        for row in db.scalars(select(AuditLog).where(AuditLog.entity == "user", AuditLog.field == field))
    ]


def pick_officer(chat, admin: str, unit: str = "P50") -> str:
    assert "พิมพ์รหัสหน่วยงาน" in chat.says(admin, "ผู้ใช้")
    listing = chat.says(admin, unit)
    assert "1. " in listing and "เจ้าหน้าที่หน่วยงานในพื้นที่" in listing
    return chat.says(admin, "1")


def test_admin_deactivates_reactivates_moves_and_replaces(chat, register, db):
    register("Uadmin", "admin", "กผง.")
    register("Uofficer", "officer", "P50")
    assert "ส่งแล้ว" in chat.says("Uofficer", "สถานะ")

    one = pick_officer(chat, "Uadmin")
    assert "ต้องการทำอะไร" in one and "สำนักงานสหกรณ์จังหวัดเชียงใหม่" in one
    assert "ระงับการใช้งานของ" in chat.says("Uadmin", "ระงับการใช้งาน")  # asked once
    assert "แล้วค่ะ" in chat.says("Uadmin", "ยืนยัน")
    assert "ถูกระงับการใช้งาน" in chat.says("Uofficer", "รายงาน")  # refused politely
    assert changes(db, "active") == [("True", "False")]

    pick_officer(chat, "Uadmin")
    assert "เปิดการใช้งานของ" in chat.says("Uadmin", "เปิดการใช้งาน")
    assert "ถูกระงับ" not in chat.says("Uofficer", "สถานะ")

    # A role that does not fit the unit's kind is refused; nothing changes.
    pick_officer(chat, "Uadmin")
    chat.says("Uadmin", "เปลี่ยนบทบาท")
    assert "ไม่ตรงกับประเภทของหน่วยงาน" in chat.says("Uadmin", "เจ้าหน้าที่กอง/สำนัก")
    assert changes(db, "role") == []

    pick_officer(chat, "Uadmin")
    chat.says("Uadmin", "ย้ายหน่วยงาน")
    assert "ไม่พบรหัสหน่วยงาน" in chat.says("Uadmin", "P99")
    assert "ย้าย" in chat.says("Uadmin", "P40") and "ขอนแก่น" in chat.says("Uofficer", "สถานะ")
    assert changes(db, "unit") == [("P50", "P40")]

    pick_officer(chat, "Uadmin", "P40")
    assert "บัญชีเดิมจะถูกระงับ" in chat.says("Uadmin", "ออกรหัสเชิญใหม่")
    issued = chat.says("Uadmin", "ยืนยัน")
    code = issued.split(": ", 1)[1].split("\n", 1)[0]
    assert "ลงทะเบียนเรียบร้อย" in chat.says("Unewphone", code)
    db.expire_all()
    new = db.scalar(select(User).where(User.line_user_id == "Unewphone"))
    old = db.scalar(select(User).where(User.line_user_id == "Uofficer"))
    assert new.role == "officer" and db.get(Unit, new.unit_id).code == "P40"
    assert not old.active
    assert changes(db, "invite") == [(None, "replacement")]


def test_who_blocked_the_bot_and_what_central_may_not_do(chat, register, db):
    register("Uadmin", "admin", "กผง.")
    register("Ucentral", "central", "กผง.")
    register("Ugone", "officer", "P90")
    chat.says("Ucentral", "ผู้ใช้")
    assert "ยังไม่มีผู้ใช้ที่บล็อก" in chat.says("Ucentral", "ผู้ที่บล็อก")
    unfollow(chat, "Ugone")
    chat.says("Ucentral", "ผู้ใช้")
    blocked = chat.says("Ucentral", "ผู้ที่บล็อก")
    assert "ผู้ที่บล็อกบอท (1 คน)" in blocked and "สกจ.สงขลา" in blocked and "P90" not in blocked

    # Central manages officers but not admins, and never makes one.
    chat.says("Ucentral", "ผู้ใช้")
    listing = chat.says("Ucentral", "กผง.")
    admin_number = next(
        line.split(".")[0] for line in listing.splitlines() if "ผู้ดูแลระบบ" in line and line[0].isdigit()
    )
    assert "จัดการผู้ใช้รายนี้" in chat.says("Ucentral", admin_number)
    chat.says("Ucentral", "ผู้ใช้")
    chat.says("Ucentral", "P90")
    chat.says("Ucentral", "1")
    roles = chat.says("Ucentral", "เปลี่ยนบทบาท")
    assert "เปลี่ยนบทบาท" in roles
    assert "จัดการผู้ใช้รายนี้หรือให้บทบาทนี้ไม่ได้" in chat.says("Ucentral", "ผู้ดูแลระบบ")

    # Officers and divisions may not manage users.
    assert "คำสั่งนี้ใช้ได้สำหรับผู้ดูแลระบบและกองแผนงานเท่านั้น" in chat.says("Ugone", "ผู้ใช้")
