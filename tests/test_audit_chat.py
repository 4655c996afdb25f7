"""The audit trail in chat (issue #16): a division and central see the latest changes of an office
or an indicator, who made them and when, within their scope; officers may not."""

from __future__ import annotations

from tests.test_month_cycle import P50_ANSWERS, report_month


def test_division_and_central_read_the_trail_in_chat(chat, register):
    register("Uofficer", "officer", "P50")
    register("Udivision", "division", "กพก.")
    register("Ucentral", "central", "กผง.")
    assert "เรียบร้อย" in report_month(chat, "Uofficer", P50_ANSWERS)
    chat.says("Udivision", "ตรวจ")
    chat.says("Udivision", "P50")
    chat.says("Udivision", "อนุมัติ")
    chat.says("Udivision", "ยืนยัน")

    assert "พิมพ์รหัส" in chat.says("Udivision", "ประวัติ")
    trail = chat.says("Udivision", "P50")
    assert "การเปลี่ยนแปลงล่าสุดของ สำนักงานสหกรณ์จังหวัดเชียงใหม่" in trail
    assert "ผล I01 สถานะ: ส่งแล้ว → ผ่านการตรวจ" in trail  # the approval, newest first, in Thai
    assert "ผล I01 ค่า: - → 10" in trail
    assert "(กพก.)" in trail and "(สกจ.เชียงใหม่)" in trail and "(P50)" not in trail  # named, not coded
    assert trail.index("ผ่านการตรวจ") < trail.index("- → 10")
    assert "submitted" not in trail and "approved" not in trail
    assert "งบประมาณ" not in trail  # budget is not the division's indicator

    chat.says("Ucentral", "ประวัติ")
    office = chat.says("Ucentral", "P50")  # everything of the office: results, budget, problems
    assert "ปัญหา/อุปสรรค: - →" in office and "แนวทางแก้ไข: - →" in office
    assert not any(word in office for word in ("problems", "solutions", "draft", "submitted", "amount"))
    chat.says("Ucentral", "ประวัติ")
    by_indicator = chat.says("Ucentral", "I02")
    assert "I02" in by_indicator and "ค่า: - → 100" in by_indicator
    chat.says("Ucentral", "ประวัติ")
    assert "ไม่พบรหัสนี้" in chat.says("Ucentral", "ZZZ")
    assert "ใช้ได้สำหรับ" in chat.says("Uofficer", "ประวัติ")


def test_an_approved_value_changed_tells_its_sender_and_its_reviewer(chat, register, line_server, db):
    from tests.support import texts_of

    register("Usender", "officer", "P50")
    register("Ucolleague", "officer", "P50")
    register("Udivision", "division", "กพก.")
    assert "เรียบร้อย" in report_month(chat, "Usender", P50_ANSWERS)
    chat.says("Udivision", "ตรวจ")
    chat.says("Udivision", "P50")
    chat.says("Udivision", "อนุมัติ")
    chat.says("Udivision", "ยืนยัน")

    chat.says("Ucolleague", "แก้ไข")
    chat.says("Ucolleague", "1")
    assert "10 แห่ง → 12 แห่ง" in chat.says("Ucolleague", "12")
    # The notices are outbox pushes a worker sends after the commit: wait for them to arrive.
    store = line_server.store
    for user_id, words in (("Usender", "ค่าที่คุณส่งและได้รับอนุมัติแล้วถูกแก้ไข"), ("Udivision", "ผลที่อนุมัติแล้วถูกแก้ไข")):
        arrived = store.wait_for(
            lambda s, u=user_id, w=words: any(w in t for t in texts_of(s.messages_to(u)))
        )
        assert arrived, user_id
    to_sender = next(t for t in texts_of(store.messages_to("Usender")) if "ถูกแก้ไข" in t)
    assert "ค่าที่คุณส่งและได้รับอนุมัติแล้วถูกแก้ไข" in to_sender and "10 แห่ง → 12 แห่ง" in to_sender
    to_reviewer = next(t for t in texts_of(store.messages_to("Udivision")) if "ถูกแก้ไข" in t)
    assert "ผลที่อนุมัติแล้วถูกแก้ไข" in to_reviewer and "สำนักงานสหกรณ์จังหวัดเชียงใหม่" in to_reviewer

    # A value that was never approved changes quietly.
    before = len(line_server.store.pushes())
    chat.says("Ucolleague", "แก้ไข")
    chat.says("Ucolleague", "1")
    chat.says("Ucolleague", "13")
    assert len(line_server.store.pushes()) == before
