"""Thai wording of issue #16 (the unit tree, digests, invite contact, user management, the audit
trail and timeliness in chat): `handlers.texts` re-exports every name, so handlers use `T.NAME`.
A module of its own keeps handlers/texts.py under the 400-line limit (tests/test_layout.py)."""

REMIND_DIGEST_HEAD = "📥 มีหน่วยงานส่งผล/ส่งแก้ไขใหม่ตั้งแต่การตรวจครั้งล่าสุดค่ะ"
REMIND_DIGEST_OFFICES = "ส่งใหม่ {n} แห่ง: {names}"
REMIND_LATE_SUPERVISED = "⚠️ หน่วยงานในกำกับที่ยังส่งไม่ครบหลังกำหนด ({deadline}) {n} แห่ง: {names}"
STATUS_GROUP_LINE = "• {name}: ส่งครบ {complete}/{offices} แห่ง"
STATUS_GROUPS_HEAD = "แยกตามหน่วยงานกำกับ ({n} แห่ง):"
STATUS_GROUPS_MORE = "และอีก {n} แห่ง (ขอรายงาน ความครบถ้วน เพื่อดูทั้งหมด)"
STATUS_AREA_HEAD = "หน่วยงานในกำกับของ {name}: ส่งครบ {complete}/{offices} แห่ง"
REG_ASK_CONTACT = "ยังไม่มีรหัส ขอรหัสได้ที่ {contact} ค่ะ"
INVITE_BAD_SHAPE = "รหัสไม่ถูกต้องค่ะ รหัสเชิญมี 8 ตัวอักษร เช่น ABCD-2345 กรุณาตรวจสอบแล้วพิมพ์ใหม่นะคะ"
W_USERS = "ผู้ใช้"
W_AUDIT = "ประวัติ"
USERS_BLOCKED = "ผู้ที่บล็อก"
USERS_ASK_UNIT = "ต้องการดูผู้ใช้ของหน่วยงานใดคะ พิมพ์รหัสหน่วยงาน (เช่น P50) หรือกด ผู้ที่บล็อก"
USERS_BAD_UNIT = "ไม่พบรหัสหน่วยงานนี้ค่ะ กรุณาพิมพ์รหัสหน่วยงานอีกครั้ง"
USERS_NONE = "หน่วยงาน {unit} ยังไม่มีผู้ใช้ค่ะ"
USERS_LIST = "ผู้ใช้ของ {unit} ({n} คน):"
USERS_LINE = "{n}. {name} · {role}{state}"
USERS_INACTIVE_MARK = " · ระงับแล้ว"
USERS_BLOCKED_MARK = " · บล็อกบอท"
USERS_PICK = "พิมพ์หมายเลขผู้ใช้ที่ต้องการจัดการค่ะ"
USERS_BAD_PICK = "กรุณาพิมพ์หมายเลขจากรายการค่ะ"
USERS_BLOCKED_LIST = "ผู้ที่บล็อกบอท ({n} คน):"
USERS_BLOCKED_NONE = "ยังไม่มีผู้ใช้ที่บล็อกบอทค่ะ"
USERS_BLOCKED_LINE = "• {name} · {unit} · {role}"
USERS_ONE = "{name}\n{role} · {unit}{state}\nต้องการทำอะไรคะ"
USERS_DEACTIVATE = "ระงับการใช้งาน"
USERS_ACTIVATE = "เปิดการใช้งาน"
USERS_ROLE = "เปลี่ยนบทบาท"
USERS_MOVE = "ย้ายหน่วยงาน"
USERS_INVITE = "ออกรหัสเชิญใหม่"
USERS_BAD_ACTION = "กรุณาเลือกจากปุ่มด้านล่างค่ะ"
USERS_CONFIRM_DEACTIVATE = "ระงับการใช้งานของ {name}? ผู้ใช้จะใช้บอทไม่ได้จนกว่าจะเปิดอีกครั้ง"
USERS_CONFIRM_INVITE = "ออกรหัสเชิญใหม่ให้ {name}? บัญชีเดิมจะถูกระงับ ให้ใช้รหัสใหม่ลงทะเบียนจาก LINE ที่ใช้งานจริง"
USERS_ASK_ROLE = "เปลี่ยนบทบาทของ {name} เป็นอะไรคะ"
USERS_ASK_MOVE = "ย้าย {name} ไปหน่วยงานใดคะ พิมพ์รหัสหน่วยงาน"
USERS_DONE_DEACTIVATE = "ระงับการใช้งานของ {name} แล้วค่ะ (บันทึกประวัติแล้ว)"
USERS_DONE_ACTIVATE = "เปิดการใช้งานของ {name} แล้วค่ะ (บันทึกประวัติแล้ว)"
USERS_DONE_ROLE = "เปลี่ยนบทบาทของ {name} เป็น {role} แล้วค่ะ (บันทึกประวัติแล้ว)"
USERS_DONE_MOVE = "ย้าย {name} ไป {unit} แล้วค่ะ (บันทึกประวัติแล้ว)"
USERS_DONE_INVITE = "รหัสเชิญใหม่ของ {name}: {code}\nใช้ได้ครั้งเดียว ภายใน 14 วัน บัญชีเดิมถูกระงับแล้วค่ะ"
USERS_REFUSED = {
    "not-allowed": "คุณจัดการผู้ใช้รายนี้หรือให้บทบาทนี้ไม่ได้ค่ะ",
    "role-unit": "บทบาทนี้ไม่ตรงกับประเภทของหน่วยงานค่ะ (เจ้าหน้าที่พื้นที่อยู่หน่วยงานในพื้นที่ เจ้าหน้าที่กองอยู่กอง)",
    "unknown-role": "ไม่รู้จักบทบาทนี้ค่ะ กรุณาเลือกจากปุ่ม",
}
USERS_NO_NAME = "(ไม่มีชื่อ)"
AUDIT_ASK = "ต้องการดูประวัติการแก้ไขของหน่วยงานหรือตัวชี้วัดใดคะ พิมพ์รหัส (เช่น P50 หรือ I01)"
AUDIT_BAD_CODE = "ไม่พบรหัสนี้ หรืออยู่นอกขอบเขตของคุณค่ะ กรุณาพิมพ์รหัสหน่วยงานหรือรหัสตัวชี้วัดอีกครั้ง"
AUDIT_NONE = "ยังไม่มีการเปลี่ยนแปลงของ {name} ในขอบเขตของคุณค่ะ"
AUDIT_HEAD = "การเปลี่ยนแปลงล่าสุดของ {name} ({n} รายการ ล่าสุดก่อน):"
AUDIT_LINE = "• {when} · {who} · {what}: {old} → {new}"
AUDIT_SYSTEM = "ระบบ"
AUDIT_ENTITIES = {
    "result": "ผล",
    "disbursement": "งบประมาณ",
    "problem": "ปัญหา/อุปสรรค",
    "summary": "สรุปโครงการ",
    "period": "รอบรายงาน",
    "user": "ผู้ใช้",
}
AUDIT_FIELDS = {
    "value": "ค่า",
    "amount": "จำนวนเงิน",
    "numerator": "ตัวตั้ง",  # #22: a rate from counts' two counts
    "denominator": "ตัวหาร",
    "status": "สถานะ",
    "review_note": "เหตุผลที่ส่งกลับ",
    "state": "สถานะรอบ",
    "active": "ใช้งาน",
    "role": "บทบาท",
    "unit": "หน่วยงาน",
}
NOTICE_APPROVED_CHANGED_OFFICER = "ค่าที่คุณส่งและได้รับอนุมัติแล้วถูกแก้ไขค่ะ\nรอบเดือน{month} · {office}\n{item}: {old} → {new}\nแก้ไขโดย {who} · รอการตรวจอีกครั้ง"
NOTICE_APPROVED_CHANGED_REVIEWER = "ผลที่อนุมัติแล้วถูกแก้ไขค่ะ\nรอบเดือน{month} · {office}\n{item}: {old} → {new}\nแก้ไขโดย {who} · กดปุ่ม ตรวจ เพื่อตรวจอีกครั้ง"
W_TIMELINESS = "ความตรงเวลา"
TIMELINESS_HEAD = (
    "ความตรงเวลาในการรายงาน ปีงบประมาณ {year} ({months} รอบที่เลยกำหนดส่งแล้ว){scope}\n"
    "หน่วยงาน {n} แห่ง · รอบที่ส่งตรงเวลา {score}"
)
TIMELINESS_SCOPE = " · {name}"
TIMELINESS_FILE = "ตารางทุกหน่วยงานและผู้ใช้ รายเดือน"
TIMELINESS_DOWNLOAD = "ดาวน์โหลดตาราง Excel"
TIMELINESS_NOT_DUE = (
    "ปีงบประมาณ {year} ยังไม่มีรอบที่เลยกำหนดส่งค่ะ\nรอบเดือน{month} กำหนดส่ง {deadline} จะนับความตรงเวลาหลังวันนั้น"
)
TIMELINESS_JOINED = "ผู้ใช้นับเฉพาะรอบที่ถึงกำหนดส่งหลังวันที่ลงทะเบียน"
TIMELINESS_LOWEST = "หน่วยงานที่คะแนนต่ำสุด:"
TIMELINESS_LINE = "• {code} {name}: ตรงเวลา {on_time} · ช้า {late} · ไม่ส่ง {missing} ({score})"
TIMELINESS_OFFICERS = "ผู้ใช้ที่ส่งช้า/ไม่ส่งบ่อยที่สุด:"
TIMELINESS_NONE = "ยังไม่มีหน่วยงานที่ต้องรายงานในขอบเขตของคุณค่ะ"
TIMELINESS_ONLY = "คำสั่งนี้สำหรับหน่วยงานกำกับ กองแผนงาน และผู้ดูแลระบบค่ะ"

# Photos are fetched after the answer (#23, handlers/photos.py): the officer is told the outcome by push.
PHOTO_RECEIVED = "ได้รับรูปแล้วค่ะ กำลังแนบกับโครงการ {project} รอบเดือน{month} เสร็จแล้วจะแจ้งให้ทราบค่ะ"
PHOTO_FULL = "ขออภัยค่ะ โครงการ {project} รอบเดือน{month} มีรูปครบ {limit} รูปแล้ว แนบเพิ่มไม่ได้ค่ะ"
PHOTO_TOO_LARGE = "ขออภัยค่ะ รูปใหญ่เกิน 10 MB แนบไม่ได้ กรุณาส่งรูปที่เล็กลงนะคะ"
PHOTO_TOO_MANY_PIXELS = "ขออภัยค่ะ รูปมีขนาดภาพเกิน 40 ล้านพิกเซล แนบไม่ได้ กรุณาย่อรูปแล้วส่งใหม่นะคะ"

# --- #22 divisions' own work and entry on behalf (handlers/texts_divisions.py) ---
from handlers.texts_divisions import *  # noqa: E402, F403
from handlers.texts_values import *  # noqa: E402, F403  # #22: the value types wording
