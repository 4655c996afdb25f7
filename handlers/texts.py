"""Every Thai sentence the bot says, in one place. Wording changes never touch logic.

The bot speaks politely with ค่ะ, in short sentences, and names periods with BE years.
"""

from __future__ import annotations

from models.parsing import NO_PROBLEMS

# --- words users type (and quick-reply labels) ------------------------------------------------
W_REPORT = "รายงาน"
W_STATUS = "สถานะ"
W_CORRECT = "แก้ไข"
W_REQUEST_REPORT = "ขอรายงาน"
W_REVIEW = "ตรวจ"
W_CLOSE = "ปิดรอบ"
W_HELP = "ช่วยเหลือ"
W_SKIP = "ข้าม"
W_BACK = "ย้อนกลับ"
W_CANCEL = "ยกเลิก"
W_CONFIRM = "ยืนยัน"
W_YES = "ใช่"
W_NONE = NO_PROBLEMS  # "ไม่มี": the button sends the word read as nothing (models.parsing)

ROLE_NAMES = {
    "officer": "เจ้าหน้าที่หน่วยงานในพื้นที่",
    "division": "เจ้าหน้าที่กอง/สำนัก",
    "central": "เจ้าหน้าที่กองแผนงาน (ส่วนกลาง)",
    "admin": "ผู้ดูแลระบบ",
}

# --- registration -----------------------------------------------------------------------------
GREETING = (
    "สวัสดีค่ะ{name} ยินดีต้อนรับสู่ติดตาม (Tidtam) บอทรายงานผลการดำเนินงานรายเดือนค่ะ\n"
    "กรุณาพิมพ์รหัสเชิญที่ได้รับจากผู้ดูแลระบบ (เช่น ABCD-2345) เพื่อเริ่มใช้งานค่ะ"
)
ASK_INVITE = "กรุณาพิมพ์รหัสเชิญที่ได้รับจากผู้ดูแลระบบ (เช่น ABCD-2345) เพื่อลงทะเบียนก่อนใช้งานค่ะ"
INVITE_WRONG = "รหัสเชิญไม่ถูกต้องหรือหมดอายุแล้วค่ะ กรุณาตรวจสอบแล้วพิมพ์ใหม่ หรือขอรหัสใหม่จากผู้ดูแลระบบค่ะ"
INVITE_WAIT = "ใส่รหัสไม่ถูกต้องหลายครั้งเกินไปค่ะ กรุณารอประมาณ {minutes} นาทีแล้วลองใหม่อีกครั้งนะคะ"
REGISTERED = "ลงทะเบียนเรียบร้อยแล้วค่ะ\nคุณเป็น{role}\nหน่วยงาน: {unit}"
WELCOME_BACK = "ยินดีต้อนรับกลับมาค่ะ{name} พิมพ์ ช่วยเหลือ เพื่อดูสิ่งที่ทำได้ค่ะ"

# --- general ----------------------------------------------------------------------------------
GROUP_NOT_SUPPORTED = "ขอบคุณที่เชิญเข้ากลุ่มค่ะ ติดตามใช้งานได้ในแชต 1:1 เท่านั้น กรุณาเพิ่มเพื่อนและพิมพ์คุยกับบอทโดยตรงนะคะ"
STICKER = "ขอบคุณสำหรับสติกเกอร์ค่ะ 😊"
MEDIA_NOT_SUPPORTED = "ขออภัยค่ะ ตอนนี้บอทอ่านได้เฉพาะข้อความที่พิมพ์เท่านั้นค่ะ"
UNKNOWN = "ขออภัยค่ะ ไม่เข้าใจคำสั่งนี้"
NOTHING_PENDING = "ตอนนี้ไม่มีรายการที่รอคำตอบค่ะ (ถ้าเพิ่งกดยืนยัน รายงานได้ส่งเรียบร้อยแล้ว)"
NOTHING_TO_CANCEL = "ไม่มีรายการที่ทำค้างอยู่ค่ะ"
NOT_ALLOWED = "ขออภัยค่ะ คำสั่งนี้ใช้ได้สำหรับ{who}เท่านั้น"
# Who may use a command (for NOT_ALLOWED), by the roles models.permissions lets do its action.
WHO_MAY = {
    frozenset({"officer"}): "เจ้าหน้าที่หน่วยงานในพื้นที่",
    frozenset({"officer", "division"}): "หน่วยงานที่รายงานผล (สสจ./สสพ. หรือกองที่มีตัวชี้วัดของตนเอง)",
    frozenset({"division", "central"}): "กอง/สำนักและกองแผนงาน",
    frozenset({"central"}): "กองแผนงาน (ส่วนกลาง)",
}
WHO_OWNER_DIVISION = "กองเจ้าของตัวชี้วัด"
INACTIVE_USER = "บัญชีของคุณถูกระงับการใช้งานค่ะ กรุณาติดต่อผู้ดูแลระบบ"
ERROR = "ขออภัยค่ะ ระบบขัดข้องชั่วคราว ข้อมูลที่ส่งแล้วยังอยู่ครบ กรุณาลองใหม่อีกครั้งนะคะ"

HELP_HEADER = "คุณเป็น{role} · {unit}\nพิมพ์คำสั่งหรือกดปุ่มด้านล่างได้เลยค่ะ"
HELP_LINES = {
    "รายงาน": "รายงาน — รายงานผลประจำเดือน (ทำต่อจากที่ค้างไว้ได้)",
    "สถานะ": "สถานะ — ดูว่ารายงานอะไรแล้ว อะไรยังขาด",
    "แก้ไข": "แก้ไข — แก้ไขค่าที่รายงานไปแล้ว",
    "ขอรายงาน": "ขอรายงาน — ขอไฟล์รายงาน",
    "ตรวจ": "ตรวจ — ตรวจผลที่หน่วยงานส่งมา",
    "ปิดรอบ": "ปิดรอบ — ปิดรอบรายงานประจำเดือน",
    "เปิดรอบ": "เปิดรอบ — เปิดรอบที่ปิดแล้วอีกครั้ง (ต้องระบุเหตุผล)",
    "สรุปโครงการ": "สรุปโครงการ — เขียนปัญหา แนวทางแก้ไข และผลสัมฤทธิ์ของโครงการ",
}
HELP_IN_FLOW = (
    "ระหว่างรายงาน พิมพ์คำตอบของข้อที่ถามได้เลยค่ะ\n"
    "ข้าม — ข้ามข้อนี้ไปก่อน · ย้อนกลับ — กลับไปข้อก่อนหน้า · ยกเลิก — หยุดไว้ก่อน (ข้อมูลที่ตอบแล้วบันทึกไว้)"
)

# --- periods ----------------------------------------------------------------------------------
NO_PERIOD = "ยังไม่มีรอบรายงานที่เปิดอยู่ในขณะนี้ค่ะ กรุณาติดต่อกองแผนงาน"
PERIOD_CLOSED = "รอบเดือน{month} ปิดแล้วค่ะ ไม่สามารถแก้ไขข้อมูลได้ หากจำเป็นกรุณาติดต่อกองแผนงาน"
PERIOD_LINE = "รอบเดือน{month} · ผลงาน {window}"
DEADLINE_LINE = "ส่งภายใน {deadline} ({days})"
DAYS_LEFT = "เหลือ {n} วัน"
DUE_TODAY = "ครบกำหนดวันนี้"
DAYS_LATE = "เลยกำหนดมา {n} วัน"
LATE_PERIOD = "⚠️ ค้างส่ง รอบเดือน{month} (เลยกำหนดมา {n} วัน)"
OTHER_MONTHS = "เลือกเดือนอื่นได้จากปุ่มค่ะ"
PERIOD_CLOSED_STATUS = "ปิดรอบแล้ว ส่งหรือแก้ไขทางแชตไม่ได้ค่ะ หากจำเป็นกรุณาติดต่อกองแผนงาน"
NEXT_PERIOD_LINE = "รอบถัดไป: รอบเดือน{month} · {deadline}"

# --- the monthly report -----------------------------------------------------------------------
NO_ASSIGNMENTS = "หน่วยงานของคุณยังไม่มีตัวชี้วัดที่ต้องรายงานในรอบนี้ค่ะ"
REPORT_START = "เริ่มรายงานผลค่ะ\n{period}\n{deadline}\nตอบแล้ว {done}/{total} ข้อ"
REPORT_RESUME = "ทำต่อจากที่ค้างไว้ค่ะ\n{period}\n{deadline}\nตอบแล้ว {done}/{total} ข้อ"
REPORT_RETURNED_FIRST = "มี {n} ข้อที่ถูกส่งกลับให้แก้ไข จะถามข้อเหล่านั้นก่อนนะคะ"
ALL_SUBMITTED = "ส่งรายงานรอบนี้ครบแล้วค่ะ 👍 หากต้องการแก้ไขค่า พิมพ์ แก้ไข"

Q_PROGRESS = "ข้อ {pos}/{total}"
Q_INDICATOR_SUM = (
    "{progress} · {project}\n"
    "ตัวชี้วัด: {name}\n"
    "เป้าหมายทั้งปี {target} · ผลสะสมถึงเดือนก่อน {before}\n"
    "ผลงานในรอบนี้ได้กี่{unit}คะ?"
)
Q_INDICATOR_LATEST = (
    "{progress} · {project}\nตัวชี้วัด: {name}\nเป้าหมาย {target} · ค่าล่าสุด {before}\nค่าปัจจุบันเป็นเท่าไรคะ? ({unit})"
)
Q_CURRENT_ANSWER = "คำตอบเดิม: {value}"
Q_DISBURSEMENT = (
    "{progress} · งบประมาณ\n"
    "โครงการ: {project}\n"
    "งบจัดสรร {allocation} บาท · เบิกจ่ายสะสมถึงเดือนก่อน {before} บาท ({percent})\n"
    "รอบนี้เบิกจ่ายเพิ่มกี่บาทคะ? (ไม่มีพิมพ์ 0)"
)
Q_PROBLEMS = "{progress} · ปัญหา/อุปสรรค\nโครงการ: {project}\nรอบนี้พบปัญหาหรืออุปสรรคอะไรบ้างคะ? (ถ้าไม่มี พิมพ์ ไม่มี)"
Q_SOLUTIONS = "{progress} · แนวทางแก้ไข\nโครงการ: {project}\nแนวทางแก้ไขปัญหาที่แจ้งไว้คืออะไรคะ?"

ERR_EMPTY = "ยังไม่ได้พิมพ์คำตอบค่ะ"
ERR_NOT_NUMBER = "กรุณาตอบเป็นตัวเลขค่ะ เช่น 1,250 หรือ 12 {unit}"
ERR_NEGATIVE = "ค่าต้องไม่ติดลบค่ะ กรุณาพิมพ์ตัวเลขตั้งแต่ 0 ขึ้นไป"
ERR_TOO_LARGE = "ตัวเลขมากเกินไปค่ะ กรุณาตรวจสอบแล้วพิมพ์ใหม่"
ERR_GROUPING = (
    "ตัวเลข {text} อ่านได้ไม่ชัดค่ะ{choices}\nกรุณาพิมพ์ใหม่ ใช้จุลภาคคั่นทุก 3 หลัก (1,250) และจุดสำหรับทศนิยม (12.5)"
)
ERR_GROUPING_CHOICES = " หมายถึง {choices} คะ?"
ERR_GROUPING_OR = " หรือ "
ERR_NOT_WHOLE = "ตัวชี้วัดนี้นับเป็นจำนวนเต็มค่ะ กรุณาพิมพ์ตัวเลขไม่มีทศนิยม เช่น 2 หรือ 3 {unit}"
ERR_OVER_100 = "ร้อยละต้องอยู่ระหว่าง 0 ถึง 100 ค่ะ กรุณาตรวจสอบแล้วพิมพ์ใหม่"
ERR_SCALE = "คำว่า ล้าน แสน หมื่น พัน ใช้กับจำนวนเงินหรือจำนวนนับเท่านั้นค่ะ กรุณาพิมพ์เป็นตัวเลข เช่น 12.5"
NOTE_NIL = "รับคำตอบ {word} เป็น {value} ค่ะ"
NOTE_SCALED = "บันทึกเป็น {value} ค่ะ"
ERR_TEXT_TOO_LONG = "ข้อความยาวเกินไปค่ะ (ไม่เกิน {limit:,} ตัวอักษร) กรุณาสรุปให้สั้นลง"
ERR_TEXT_EMPTY = "กรุณาพิมพ์รายละเอียด หรือพิมพ์ ไม่มี ค่ะ"

DOUBT_FAR_OVER_TARGET = "ผลสะสมจะเป็น {cumulative} {unit} ซึ่งเกินเป้าหมายทั้งปี ({target} {unit}) หลายเท่าค่ะ"
DOUBT_DROP = "ค่า {value} {unit} ต่ำกว่าค่าล่าสุดที่เคยรายงาน ({before} {unit}) ค่ะ"
DOUBT_UNIT = "คุณพิมพ์หน่วย {typed} แต่ข้อนี้นับเป็น {unit} ค่ะ ถ้าบันทึกจะเป็น {value}"
DOUBT_OVER_ALLOCATION = "เบิกจ่ายสะสมจะเป็น {cumulative} บาท เกินงบจัดสรร ({allocation} บาท) ค่ะ"
DOUBT_ASK = "ยืนยันค่านี้ใช่ไหมคะ? กด ใช่ เพื่อบันทึก หรือพิมพ์ค่าที่ถูกต้อง"

BACK_AT_FIRST = "นี่คือข้อแรกแล้วค่ะ"
CANCELLED = "หยุดไว้ก่อนค่ะ ข้อมูลที่ตอบแล้วบันทึกเป็นร่างไว้ครบ พิมพ์ รายงาน เพื่อทำต่อได้ทุกเมื่อ"
CANCELLED_PLAIN = "ยกเลิกแล้วค่ะ"

SUMMARY_HEADER = "สรุปรายงานเดือน{period}\nตอบแล้ว {done}/{total} ข้อ"
SUMMARY_LINE = "{n}. {label}: {value}"
SUMMARY_NOT_ANSWERED = "— ยังไม่ได้ตอบ"
SUMMARY_FOOTER = "ถูกต้องแล้วกด ยืนยัน เพื่อส่งรายงาน หรือพิมพ์หมายเลขข้อที่ต้องการแก้ไขค่ะ"
SUMMARY_FOOTER_MISSING = "ยังขาดอีก {n} ข้อ ส่งเท่าที่มีได้ แล้วค่อยรายงานส่วนที่เหลือภายหลังค่ะ"
SUMMARY_BAD_CHOICE = "กรุณากด ยืนยัน หรือพิมพ์หมายเลขข้อ 1–{n} ที่ต้องการแก้ไขค่ะ"
SUBMITTED = "ส่งรายงานเดือน{period} เรียบร้อยแล้วค่ะ ✅\nส่ง {count} รายการ · ครบ {done}/{total} ข้อ\nขอบคุณค่ะ"
SUBMITTED_LATE = "หมายเหตุ: ส่งหลังกำหนด ({deadline}) ระบบบันทึกว่าส่งช้าค่ะ"
NOTHING_TO_SUBMIT = "ไม่มีรายการใหม่ที่รอส่งค่ะ รายงานที่ส่งแล้วยังอยู่ครบ"

# --- corrections ------------------------------------------------------------------------------
CORRECT_NOTHING = "ยังไม่มีข้อมูลในรอบนี้ให้แก้ไขค่ะ พิมพ์ รายงาน เพื่อเริ่มรายงาน"
CORRECT_LIST = "แก้ไขข้อมูลเดือน{period}\nพิมพ์หมายเลขข้อที่ต้องการแก้ไขค่ะ"
CORRECT_BAD_CHOICE = "กรุณาพิมพ์หมายเลขข้อ 1–{n} ค่ะ"
CORRECTED = "แก้ไขแล้วค่ะ ✅\n{label}\n{old} → {new}"
CORRECTED_STILL_SUBMITTED = "ค่าที่แก้ถือเป็นค่าที่ส่งแล้ว ไม่ต้องกดยืนยันอีกค่ะ"
CORRECTED_DRAFT = "ค่านี้ยังเป็นร่าง อย่าลืมพิมพ์ รายงาน แล้วกด ยืนยัน เพื่อส่งนะคะ"
CORRECTED_MORE = "{label}\n{old} → {new}"
CORRECTED_RESUBMIT = "ค่าที่แก้ยังไม่ถึงกองค่ะ กด ยืนยัน เพื่อส่งให้กองตรวจอีกครั้ง"
CORRECTED_RESUBMIT_ASK = "กด ยืนยัน เพื่อส่งค่าที่แก้ให้กองตรวจอีกครั้ง หรือ ยกเลิก ไว้ก่อนค่ะ"
CORRECT_BAD_NUMBER = "กรุณาพิมพ์หมายเลขข้อจากรายการค่ะ: {numbers}"

# --- status -----------------------------------------------------------------------------------
STATUS_OFFICE = "สถานะรายงาน · {unit}\n{period}\n{deadline}\nส่งแล้ว {done}/{total} ข้อ"
STATUS_DRAFTS = "มีร่างที่ยังไม่ได้ส่ง {n} ข้อ (พิมพ์ รายงาน แล้วกด ยืนยัน)"
STATUS_RETURNED = "ถูกส่งกลับให้แก้ไข {n} ข้อ:"
STATUS_MISSING = "ยังไม่ได้รายงาน {n} ข้อ:"
STATUS_MORE = "…และอีก {n} ข้อ"
STATUS_ITEM = "• {n}. {name}"
STATUS_COMPLETE = "ครบถ้วนแล้ว ✅ ขอบคุณค่ะ"
STATUS_WAITING_REVIEW = "รอตรวจ {n} แห่ง (พิมพ์ ตรวจ เพื่อเริ่ม)"
STATUS_OVERVIEW = "ภาพรวม{period}\n{deadline}\nหน่วยงานที่ส่งครบ {complete}/{offices} แห่ง\nส่งบางส่วน {partial} แห่ง · ยังไม่ส่ง {none} แห่ง"

STATE_LABELS = {
    "draft": "ร่าง",
    "submitted": "ส่งแล้ว",
    "returned": "ถูกส่งกลับ",
    "approved": "ผ่านการตรวจ",
}


# --- review, project summaries, closing (division and central) --------------------------------
W_APPROVE = "อนุมัติ"
W_RETURN = "ส่งกลับ"
W_ALL = "ทั้งหมด"
W_NEXT_PAGE = "ถัดไป"
W_SUMMARY = "สรุปโครงการ"
W_REOPEN = "เปิดรอบ"

REVIEW_QUEUE = "ตรวจผลรายงาน{period}\n{deadline}"
REVIEW_WAITING = "รอตรวจ {n} แห่ง (ล่าสุดก่อน):"
REVIEW_WAITING_LINE = "{n}. {code} {name} · ส่ง {when}{late}"
REVIEW_LATE_MARK = " (ส่งช้า)"
REVIEW_NONE_WAITING = "ยังไม่มีหน่วยงานที่รอตรวจค่ะ"
REVIEW_PICK = "พิมพ์หมายเลขหรือรหัสหน่วยงานที่ต้องการตรวจค่ะ"
REVIEW_BAD_OFFICE = "ไม่พบหน่วยงานนี้ในรายการรอตรวจค่ะ กรุณาเลือกจากปุ่มหรือพิมพ์หมายเลข"
REVIEW_OFFICE = "ผลของ {office}\nรอบเดือน{month} · ผลงาน {window}"
REVIEW_LINE = "{n}. {name}\n   รอบนี้ {value} · เป้าหมาย {target} · เดือนก่อน {previous} · สะสม {cumulative} ({percent}) · {state}"
REVIEW_FLAGS = {
    "far_from_others": "⚠️ ต่างจากหน่วยงานอื่นมาก",
    "far_from_own": "⚠️ ต่างจากเดือนก่อน ๆ ของหน่วยงานนี้มาก",
    "rate_over_100": "⚠️ ร้อยละเกิน 100",
    "cumulative_down": "⚠️ ค่าสะสมลดลง",
}
REVIEW_PROBLEMS = "ปัญหา/อุปสรรคที่หน่วยงานแจ้ง:"
REVIEW_DECIDE = "กด อนุมัติ หรือ ส่งกลับ (พร้อมเหตุผล) ค่ะ"
REVIEW_NOTHING_WAITING = "หน่วยงานนี้ไม่มีรายการที่รอตรวจค่ะ"
REVIEW_APPROVED = "อนุมัติผลของ {office} รอบเดือน{month} แล้ว {n} รายการค่ะ ✅"
REVIEW_BAD_ITEMS = "กรุณาพิมพ์หมายเลขข้อ ({numbers}) คั่นด้วยจุลภาค หรือพิมพ์ ทั้งหมด ค่ะ"
REVIEW_ASK_REASON = "พิมพ์เหตุผลที่ส่งกลับ เพื่อแจ้งหน่วยงานค่ะ"
REVIEW_RETURNED_DONE = "ส่งกลับ {n} รายการให้ {office} แล้วค่ะ แจ้งเจ้าหน้าที่ {k} คน"
RETURN_ITEM = "• ข้อ {n} {name}"
W_UNAPPROVE = "ยกเลิกการอนุมัติ"
REVIEW_UNDO_HINT = "หากอนุมัติผิด พิมพ์ ยกเลิกการอนุมัติ ได้จนกว่าจะปิดรอบค่ะ"
REVIEW_UNDO_NONE = "รอบเดือน{month} ยังไม่มีผลที่อนุมัติแล้วให้ยกเลิกค่ะ"
REVIEW_UNDO_PICK = "ยกเลิกการอนุมัติของหน่วยงานใดคะ (อนุมัติล่าสุดก่อน):"
REVIEW_UNDO_LINE = "{n}. {code} {name} · อนุมัติ {count} ข้อ"
REVIEW_UNDO_BAD_OFFICE = "ไม่พบหน่วยงานนี้ในรายการที่อนุมัติแล้วค่ะ กรุณาเลือกจากปุ่มหรือพิมพ์หมายเลข"
REVIEW_UNDONE = "ยกเลิกการอนุมัติผลของ {office} รอบเดือน{month} แล้ว {n} ข้อค่ะ ผลกลับไปรอตรวจ"
RETURN_PUSH = (
    "ผลรายงานรอบเดือน{month} ถูกส่งกลับให้แก้ไข {n} ข้อค่ะ\n{items}\n"
    "เหตุผลจาก{reviewer}: {reason}\nพิมพ์ รายงาน เพื่อแก้ไขแล้วส่งใหม่นะคะ"
)

SUMMARY_PICK = "สรุปโครงการ รอบเดือน{month}\nเลือกหมายเลขโครงการค่ะ"
SUMMARY_NO_PROJECTS = "ไม่พบโครงการที่กองของคุณรับผิดชอบในปีงบประมาณนี้ค่ะ"
SUMMARY_OFFICE_PROBLEMS = "ปัญหาที่หน่วยงานในพื้นที่แจ้ง ({n} แห่ง):"
SUMMARY_ASK_PROBLEMS = "โครงการ: {project}\nพิมพ์ปัญหา/อุปสรรคในภาพรวมของโครงการค่ะ (ไม่มี พิมพ์ ไม่มี)"
SUMMARY_ASK_SOLUTIONS = "พิมพ์แนวทางแก้ไขค่ะ"
SUMMARY_ASK_OUTCOME = "พิมพ์ผลสัมฤทธิ์/ประโยชน์ที่ได้รับของโครงการในรอบนี้ค่ะ"
SUMMARY_SAVED = "บันทึกสรุปโครงการ {project} รอบเดือน{month} แล้วค่ะ ✅"

CLOSE_STATUS = (
    "ความครบถ้วน รอบเดือน{month}\n{deadline}\n"
    "หน่วยงานส่งครบ {complete}/{offices} · ผ่านการตรวจ {approved} · ถูกส่งกลับ {returned} · ยังไม่ส่ง {missing}\n"
    "สรุปโครงการของกอง {summaries_done}/{summaries_total}"
)
CLOSE_CONFIRM = "ปิดรอบแล้วจะแก้ไขข้อมูลรอบนี้ทางแชตไม่ได้อีก กด ยืนยัน เพื่อปิดรอบค่ะ"
CLOSE_CONFIRM_MISSING = "ยังไม่ส่ง {missing} จาก {offices} แห่ง ยืนยันปิดรอบเดือน{month}? กด ยืนยัน เพื่อปิดรอบค่ะ"
CLOSED_DONE = "ปิดรอบเดือน{month} เรียบร้อยแล้วค่ะ 🔒"
CLOSED_TOLD = "แจ้งหน่วยงานที่ยังส่งไม่ครบแล้ว {n} คน"
NOTHING_CLOSED = "ยังไม่มีรอบที่ปิดแล้วค่ะ"
PERIOD_CLOSED_PUSH = (
    "🔒 กองแผนงานปิดรอบเดือน{month}แล้วค่ะ\nหน่วยงานของท่านส่งแล้ว {done}/{total} ข้อ "
    "ส่งหรือแก้ไขรอบนี้ทางแชตไม่ได้อีก หากจำเป็นกรุณาติดต่อกองแผนงานค่ะ"
)
PERIOD_REOPENED_PUSH = (
    "🔓 กองแผนงานเปิดรอบเดือน{month}อีกครั้งค่ะ\nหน่วยงานของท่านส่งแล้ว {done}/{total} ข้อ กดปุ่ม รายงาน เพื่อส่งต่อได้เลยค่ะ"
)
ALREADY_CLOSED = "รอบเดือน{month} ปิดไปแล้วค่ะ หากต้องเปิดใหม่ พิมพ์ เปิดรอบ"
NOT_CLOSED = "รอบเดือน{month} ยังเปิดอยู่ค่ะ"
REOPEN_ASK_REASON = "พิมพ์เหตุผลที่เปิดรอบเดือน{month} อีกครั้งค่ะ"
REOPENED = "เปิดรอบเดือน{month} อีกครั้งแล้วค่ะ 🔓"
ERR_REASON_LENGTH = "กรุณาพิมพ์เหตุผลสั้น ๆ (ไม่เกิน {limit} ตัวอักษร) ค่ะ"

# --- reminders and pausing them -----------------------------------------------------------------
W_PAUSE = "พักแจ้งเตือน"
W_RESUME = "เปิดแจ้งเตือน"
PAUSE_CHOICES = {"3 วัน": 3, "1 สัปดาห์": 7, "2 สัปดาห์": 14}

REMIND_HEAD = {
    "before-3": "🔔 แจ้งเตือนล่วงหน้า: ใกล้ถึงกำหนดส่งแล้วค่ะ",
    "before-1": "🔔 อีก 1 วันทำการจะถึงกำหนดส่งค่ะ",
    "deadline": "⏰ วันนี้เป็นวันทำการสุดท้ายของกำหนดส่งค่ะ",
    "overdue": "⚠️ เลยกำหนดส่งแล้วค่ะ",
}
REMIND_OFFICE = "{head}\n{period}\n{deadline}\nส่งแล้ว {done}/{total} ข้อ"
REMIND_MISSING = "ยังไม่ได้ส่ง {n} ข้อ: {names}"
REMIND_RETURNED = "ถูกส่งกลับให้แก้ไข {n} ข้อ: {names}"
REMIND_OFFICE_ACTION = "กดปุ่ม รายงาน เพื่อรายงานต่อได้เลยค่ะ"
REMIND_DIVISION = "{head}\n{period}\n{deadline}"
REMIND_WAITING_REVIEW = "รอการตรวจ {n} รายการ"
REMIND_SUMMARIES_MISSING = "ยังไม่ได้เขียนสรุปโครงการ {n} โครงการ: {names}"
REMIND_DIVISION_ACTION = "กดปุ่ม ตรวจ เพื่อเริ่มตรวจได้เลยค่ะ"
REMIND_LATE_OFFICES = "⚠️ หน่วยงานที่ยังส่งไม่ครบหลังกำหนด ({deadline}) {n} แห่ง: {names}"
REMIND_CENTRAL = "{head}\n{period}\n{deadline}\nรอบนี้ยังไม่ได้ปิดรอบ · หน่วยงานในพื้นที่ส่งครบ {complete}/{offices} แห่ง"
REMIND_LATE_DIVISIONS = "⚠️ กองที่ยังตรวจ/สรุปไม่ครบหลังกำหนด ({deadline}) {n} กอง: {names}"
REMIND_CENTRAL_ACTION = "เมื่อพร้อมแล้ว กดปุ่ม ปิดรอบ ได้เลยค่ะ"
REMIND_ESCALATION_HEAD = "⚠️ แจ้งหน่วยงานที่ส่งไม่ทันกำหนดค่ะ"
REMIND_NUDGE = "รายงาน{month}ยังทำค้างอยู่ค่ะ ✍️\nกดปุ่ม รายงาน เพื่อทำต่อจากข้อที่ค้างไว้ได้เลย ข้อมูลที่ตอบแล้วยังอยู่ครบค่ะ"
REMIND_PAUSE_HINT = "(ไม่สะดวกรับแจ้งเตือน พิมพ์ พักแจ้งเตือน ได้ค่ะ)"
REMIND_MORE = "และอีก {n}"
REMIND_FAILED = "ส่งแจ้งเตือนไม่สำเร็จ {n} คนค่ะ (LINE ไม่รับหลังลองหลายครั้ง): {names} กรุณาติดต่อทางอื่นนะคะ"
REMIND_HELD = (
    "⚠️ โควตาข้อความ LINE ของเดือนนี้เหลือไม่พอค่ะ\n"
    "ระบบส่งแจ้งเตือนแล้ว {sent} ข้อความ และพักไว้ {held} ข้อความ ({day})\n"
    "กรุณาเพิ่มโควตาหรือแจ้งหน่วยงานทางช่องทางอื่นค่ะ"
)

PAUSE_ASK = "ต้องการพักการแจ้งเตือนถึงเมื่อไรคะ?\nกดปุ่มด้านล่าง หรือพิมพ์วันที่ เช่น 31/12/2569 หรือ 2026-12-31"
PAUSE_BAD_DATE = "ไม่เข้าใจวันที่นี้ค่ะ กรุณาพิมพ์ เช่น 31/12/2569 หรือ 2026-12-31 หรือกดปุ่มด้านล่างค่ะ"
PAUSE_PAST = "วันที่ต้องเป็นวันนี้หรือหลังจากนี้ค่ะ (ไม่เกิน 1 ปี)"
PAUSED = "พักการแจ้งเตือนถึงวันที่ {until} แล้วค่ะ 🔕\nพิมพ์ เปิดแจ้งเตือน เมื่อต้องการรับแจ้งเตือนอีกครั้งค่ะ"
RESUMED = "เปิดการแจ้งเตือนแล้วค่ะ 🔔"
NOT_PAUSED = "การแจ้งเตือนเปิดอยู่แล้วค่ะ 🔔"
HELP_LINES[W_PAUSE] = "พักแจ้งเตือน — หยุดรับแจ้งเตือนชั่วคราว (พิมพ์ เปิดแจ้งเตือน เพื่อเปิดอีกครั้ง)"

# --- report files ---------------------------------------------------------------------------------
# The report kinds (names, aliases, the line explaining each) are declared in reports/kinds.py.
RF_ALL = "ทั้งหมด"
RF_BAD_KIND = "กรุณาเลือกแบบรายงานจากปุ่มด้านล่างค่ะ"
RF_ASK_PERIOD = "ต้องการรายงาน {kind} ของรอบเดือนใดคะ\nเลือกจากปุ่ม หรือพิมพ์ เช่น ม.ค. 2570"
RF_ASK_QUARTER = "ต้องการรายงานรายไตรมาสของไตรมาสใดคะ\nเลือกจากปุ่ม หรือพิมพ์ เช่น ไตรมาส 2/2570"
RF_BAD_PERIOD = "ไม่พบรอบรายงานนี้ค่ะ กรุณาเลือกจากปุ่ม หรือพิมพ์ เช่น ม.ค. 2570"
RF_BAD_QUARTER = "ไม่พบไตรมาสนี้ค่ะ กรุณาเลือกจากปุ่ม หรือพิมพ์ เช่น ไตรมาส 2/2570"
RF_QUARTER_LABEL = "ไตรมาส {q}/{year}"
RF_ASK_SCOPE = "ต้องการข้อมูลของทุกหน่วยงาน หรือเฉพาะตัวชี้วัดของกองใดคะ"
RF_BAD_SCOPE = "กรุณาเลือก ทั้งหมด หรือรหัสกองจากปุ่มด้านล่างค่ะ"
RF_NO_PERIOD = "ยังไม่มีรอบรายงานในระบบค่ะ"
RF_NOTHING = "ไม่มีตัวชี้วัดในขอบเขตของคุณสำหรับรายงานนี้ค่ะ"
RF_TITLE = "{kind} · {period}"
RF_SCOPE_ALL = "ทุกหน่วยงาน"
RF_EDITION = "ฉบับปิดรอบ วันที่ {date} (ฉบับที่ {version})"  # #22: a closed month, from its frozen copy
RF_OFFICES = "หน่วยงานที่ส่งครบ"
RF_ON_PLAN = "ตัวชี้วัดที่เป็นไปตามแผน"
RF_DISBURSED = "เบิกจ่ายงบประมาณ"
RF_COUNT = "{done}/{total}"
RF_PERCENT = "{value:.1f}%"
RF_DOWNLOAD = "ดาวน์โหลดไฟล์ Excel"
RF_EXPIRES = "ลิงก์ใช้ได้ถึง {until} น."
RF_ALT = "รายงาน {kind} {period} พร้อมดาวน์โหลดแล้วค่ะ"
RF_BEING_MADE = "รายงาน {kind} {period} มีข้อมูลมาก กำลังจัดทำอยู่ค่ะ เสร็จแล้วจะส่งลิงก์ให้ในแชตนี้ภายในไม่กี่นาทีนะคะ"

# --- #15 forms: project report texts in สรุปโครงการ, flat export ---
SUMMARY_ASK_SUMMARY = "สำหรับรายงานผลโครงการ: พิมพ์สรุปผลการดำเนินงานของโครงการถึงรอบนี้ค่ะ (ไม่ต้องการ พิมพ์ ข้าม)"
SUMMARY_ASK_PROGRESS = "พิมพ์ความก้าวหน้าของการดำเนินการ เช่น ร้อยละของงานที่ทำแล้ว หรือขั้นตอนที่ถึงค่ะ (ข้ามได้)"
SUMMARY_REPORT_SAVED = "บันทึกข้อมูลรายงานผลโครงการ {project} รอบเดือน{month} แล้วค่ะ ✅"

# --- #16 organisation tree, digests, invite contact ---
# The wording itself is in handlers/texts_org.py (this module would pass 400 lines).
from handlers.texts_org import *  # noqa: E402, F403  # re-exported: handlers read T.NAME
from handlers.texts_org import W_AUDIT, W_TIMELINESS, W_USERS  # noqa: E402  # the words of the help lines below

HELP_LINES[W_USERS] = "ผู้ใช้ — ดูผู้ใช้ของหน่วยงาน ระงับ เปลี่ยนบทบาท/หน่วยงาน ออกรหัสเชิญใหม่ ดูผู้ที่บล็อกบอท"
WHO_MAY[frozenset({"admin", "central"})] = "ผู้ดูแลระบบและกองแผนงาน"
HELP_LINES[W_AUDIT] = "ประวัติ — ดูการแก้ไขล่าสุดของหน่วยงานหรือตัวชี้วัด ใครแก้ เมื่อไร"
WHO_MAY[frozenset({"admin", "central", "division"})] = "กอง/สำนัก กองแผนงาน และผู้ดูแลระบบ"
HELP_LINES[W_TIMELINESS] = "ความตรงเวลา — คะแนนการส่งรายงานตรงเวลาของหน่วยงานและผู้ใช้ในปีงบประมาณ"

# --- #14 background work (task queue) ---
RF_EXPECT_MINUTES = "คาดว่าจะได้รับไฟล์ภายในประมาณ {minutes} นาทีค่ะ"

# --- #17 LINE-native: rich menus, photo evidence, reports in two taps, first contact ---
W_REGISTER = "ลงทะเบียน"  # the unregistered users' rich menu sends it: answered with ASK_INVITE
RICH_MENU_BAR = "เมนู"  # chatBarText, at most 14 characters
RICH_MENU_MORE = "เมนูเพิ่มเติม »"
RICH_MENU_BACK = "« เมนูหลัก"
RICH_MENU_LABELS = {
    W_REPORT: "รายงานผล",
    W_STATUS: "สถานะ",
    W_CORRECT: "แก้ไขผล",
    W_REQUEST_REPORT: "ขอรายงาน",
    W_PAUSE: "พักแจ้งเตือน",
    W_RESUME: "เปิดแจ้งเตือน",
    W_HELP: "ช่วยเหลือ",
    W_REVIEW: "ตรวจผล",
    W_SUMMARY: "สรุปโครงการ",
    W_UNAPPROVE: "ยกเลิกอนุมัติ",
    W_CLOSE: "ปิดรอบ",
    W_REOPEN: "เปิดรอบ",
    W_REGISTER: "ลงทะเบียน",
}
# Reports in two taps: the first button is the usual request, "<kind> <month>".
RF_USUAL_HINT = "กดปุ่มแรกเพื่อรับ {usual} ได้ทันทีค่ะ"
RF_ASK_KIND_FIRST = "ต้องการรายงานแบบใดคะ"
RF_MORE = "ต้องการรายงานแบบอื่นของ{period}ไหมคะ เลือกจากปุ่มด้านล่างได้เลยค่ะ"
RF_ASK_SCOPE_NAMED = "ต้องการข้อมูลของทุกหน่วยงาน หรือเฉพาะตัวชี้วัดของกองใดคะ\n{divisions}"
RF_SCOPE_OF = "เฉพาะ {name}"
# Photo evidence
PHOTO_SAVED = "แนบรูปกับโครงการ {project} รอบเดือน{month} แล้วค่ะ (รวม {count} รูป)"
PHOTO_NO_PROJECT = "ขออภัยค่ะ ยังแนบรูปไม่ได้ พิมพ์ รายงาน แล้วส่งรูประหว่างตอบเรื่องงบประมาณหรือปัญหาของโครงการนะคะ"
PHOTO_NOT_OFFICER = "ขออภัยค่ะ รูปหลักฐานส่งได้เฉพาะเจ้าหน้าที่หน่วยงานในพื้นที่ค่ะ"
PHOTO_BAD_TYPE = "ขออภัยค่ะ รับเฉพาะรูปแบบ JPEG หรือ PNG ไม่เกิน 10 MB ค่ะ"
PHOTO_UNAVAILABLE = "ขออภัยค่ะ ดาวน์โหลดรูปจาก LINE ไม่สำเร็จ กรุณาส่งรูปอีกครั้งนะคะ"
PHOTO_CLOSED = "รอบเดือน{month}ปิดแล้วค่ะ แนบรูปเพิ่มไม่ได้"
PHOTO_COUNT = "📷 รูปหลักฐาน {count} รูป"
# First contact
WELCOME_REGISTERED = "สวัสดีค่ะ{name} ({role} · {unit})\n{next}\nกดเมนูด้านล่างหรือพิมพ์คำสั่งได้เลยค่ะ"
NEXT_OFFICER = "ตอนนี้ถึงเวลารายงานผลรอบเดือน{month} พิมพ์ รายงาน เพื่อเริ่มค่ะ"
NEXT_REVIEWER = "พิมพ์ ตรวจ เพื่อดูผลที่หน่วยงานส่งมา หรือ ขอรายงาน เพื่อรับไฟล์รายงานค่ะ"
NEXT_OTHER = "พิมพ์ สถานะ เพื่อดูความคืบหน้า หรือ ขอรายงาน เพื่อรับไฟล์รายงานค่ะ"
REGISTERED_SHORT = "ลงทะเบียนเรียบร้อยแล้วค่ะ"
from handlers.texts_chat import *  # noqa: E402, F403  # #24: phrases, greetings, help, audit wording
