"""Thai wording of issue #24 (what people type, greetings, help for each role, Thai in the audit):
`handlers.texts` re-exports every name, so handlers use `T.NAME`. A module of its own keeps
handlers/texts.py under the 400-line limit (tests/test_layout.py)."""

W_GREETING = "สวัสดี"
W_THANKS = "ขอบคุณ"

THANKS = "ยินดีค่ะ 😊"

UNKNOWN_CLOSEST = "หมายถึง {words} ไหมคะ กดปุ่มด้านล่างได้เลย หรือพิมพ์ ช่วยเหลือ เพื่อดูคำสั่งทั้งหมดค่ะ"
UNKNOWN_OR = " หรือ "

GREET = "สวัสดีค่ะ{name} 😊"
GREET_OFFICER = "รอบเดือน{month} ส่งแล้ว {done}/{total} ข้อ\n{deadline}\nพิมพ์ รายงาน เพื่อรายงานต่อได้เลยค่ะ"
GREET_OFFICER_DONE = "รอบเดือน{month} ส่งครบแล้ว {done}/{total} ข้อ ✅\nพิมพ์ สถานะ เพื่อดูผลการตรวจค่ะ"
GREET_DIVISION = "รอบเดือน{month} (กำหนดของกอง)\n{deadline}\nพิมพ์ ตรวจ เพื่อดูผลที่หน่วยงานส่งมาค่ะ"
GREET_CENTRAL = "รอบเดือน{month} (กำหนดปิดรอบ)\n{deadline}\nพิมพ์ สถานะ เพื่อดูภาพรวม หรือ ปิดรอบ เมื่อพร้อมค่ะ"
GREET_OTHER = "พิมพ์ สถานะ เพื่อดูความคืบหน้า หรือ ขอรายงาน เพื่อรับไฟล์รายงานค่ะ"

# The help lines of commands not in the first list of handlers/texts.py (HELP_LINES)
HELP_MORE_LINES = {
    "ยกเลิกการอนุมัติ": "ยกเลิกการอนุมัติ — ยกเลิกการอนุมัติที่ทำผิด ผลจะกลับไปรอตรวจ (จนกว่าจะปิดรอบ)",
    "เปิดแจ้งเตือน": "เปิดแจ้งเตือน — รับแจ้งเตือนอีกครั้งหลังพักไว้",
}
HELP_MORE_HEAD = "คำสั่งอื่น:"
HELP_OFFICER_TIPS = (
    "📷 ส่งรูปกิจกรรมเป็นหลักฐานได้ระหว่างตอบเรื่องงบประมาณหรือปัญหาของโครงการ (JPEG/PNG ไม่เกิน 10 MB)\n"
    "ระหว่างตอบ: ข้าม — ข้ามข้อนี้ · ย้อนกลับ — ข้อก่อนหน้า · ยกเลิก — หยุดไว้ก่อน (คำตอบบันทึกเป็นร่าง)"
)
HELP_CALL = "ติดปัญหาการใช้งาน ติดต่อ {contact} ค่ะ"
HELP_CALL_DEFAULT = "กองแผนงาน"

# Thai in ประวัติ and the audit: the values of the fields the audit records
AUDIT_MORE_FIELDS = {
    "problems": "ปัญหา/อุปสรรค",
    "solutions": "แนวทางแก้ไข",
    "outcome": "ผลสัมฤทธิ์",
    "summary": "สรุปผลการดำเนินงาน",
    "progress": "ความก้าวหน้า",
    "reopen_reason": "เหตุผลที่เปิดรอบ",
    "invite": "รหัสเชิญ",
}
AUDIT_VALUES = {
    "state": {"open": "เปิด", "closed": "ปิด"},
    "active": {"True": "ใช้งาน", "False": "ระงับ"},
    "invite": {"replacement": "ออกรหัสใหม่"},
}

# #24 item 5: cards tell the truth when indicators have no monthly plan
RF_NO_MONTHLY_PLAN = "ไม่ได้กำหนดแผนรายเดือน"
RF_INDICATORS = "{count} ตัว"
