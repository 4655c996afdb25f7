"""Thai wording of issue #24 item 3, the officer's side: where a month stands in สถานะ, the compact
summary before ยืนยัน, a resubmission's changes, and the reasons an answer is refused.
handlers/texts.py is full (400 lines): the officer's dialogues import this module as ``TO``."""

# --- สถานะ: per month, what was sent, approved, returned (why) and what waits for review ---------
STATUS_REVIEW = "ผลตรวจตัวชี้วัด {n} ข้อ: {parts}"  # only results are reviewed, not budget nor problems
STATUS_REVIEW_APPROVED = "อนุมัติแล้ว {n}"
STATUS_REVIEW_WAITING = "รอกองตรวจ {n}"
STATUS_REVIEW_RETURNED = "ส่งกลับ {n}"
STATUS_REVIEW_NONE = "ยังไม่มีผลที่ส่งให้กองตรวจ"
STATUS_REVIEW_JOIN = " · "
STATUS_REASON = "   เหตุผล: {reason}"
STATUS_REASON_NONE = "   (กองไม่ได้ระบุเหตุผล)"
STATUS_OTHER_MONTHS = "เดือนอื่นที่ยังเปิดอยู่:"
STATUS_MONTH_LINE = "• {month}: ส่งแล้ว {done}/{total} ข้อ · {review}"

# --- the summary before ยืนยัน: one short line per item ----------------------------------------
SUMMARY_ITEM = "{n}. {label}: {value}"
SUMMARY_DISB = "เบิกจ่าย {project}"
SUMMARY_PROB = "ปัญหา {project}"
SUMMARY_PROB_VALUE = "{problems} / แก้: {solutions}"
SUMMARY_NOT_ANSWERED = "— ยังไม่ตอบ"

# --- a resubmission: only what changed since it was sent ---------------------------------------
RESUBMIT_HEAD = "สรุปรายงานที่จะส่งอีกครั้ง เดือน{period}\nข้อที่แก้หรือยังไม่ได้ส่ง {n} ข้อ (เดิม → ใหม่):"
RESUBMIT_ITEM = "{n}. {label}"
RESUBMIT_CHANGE = "   {old} → {new}"
RESUBMIT_NEW = "{n}. {label}: {value} (ใหม่)"
RESUBMIT_STILL_RETURNED = "{n}. {label}: {value} (ยังไม่ได้แก้)"
RESUBMIT_UNCHANGED = "อีก {n} ข้อส่งไปแล้ว ไม่มีการเปลี่ยนแปลง"
RESUBMIT_FOOTER = "ถูกต้องแล้วกด ยืนยัน เพื่อส่งข้อเหล่านี้ให้กอง หรือพิมพ์หมายเลขข้อที่ต้องการแก้ไขค่ะ"

# --- refusals that say why -------------------------------------------------------------------
ERR_TEXT_NO_WORDS = (
    "ข้อนี้ต้องตอบเป็นข้อความค่ะ “{text}” มีแต่ตัวเลขหรือเครื่องหมาย ไม่บอกว่าเกิดอะไรขึ้น "
    "กรุณาเล่าสั้น ๆ เป็นคำพูด เช่น ฝนตกหนัก เลื่อนการอบรม 5 วัน (ถ้าไม่มี พิมพ์ ไม่มี)"
)

# --- a question that shows this month's answer: the earlier month is named as such ----------------
Q_LATEST_BEFORE_MONTH = "ค่าเดือนก่อน {before}"
Q_INDICATOR_LATEST_ANSWERED = (
    "{progress} · {project}\nตัวชี้วัด: {name}\nเป้าหมาย {target}{before}\nค่าปัจจุบันเป็นเท่าไรคะ? ({unit})"
)

# --- #24 item 4: the officer's note to the division on a resubmission --------------------------
W_NOTE = "เพิ่มหมายเหตุ"  # a quick reply at the resubmission's summary
W_NOTE_EDIT = "แก้หมายเหตุ"  # the same, once a note was written
NOTE_ASK = (
    "พิมพ์หมายเหตุสั้น ๆ ถึงกองผู้ตรวจค่ะ เช่น แก้ตามงบการเงิน 12 ธ.ค. "
    "(บอกว่าแก้อะไรหรือทำไมค่าเป็นเช่นนี้) หรือกด ย้อนกลับ เพื่อไม่ใส่หมายเหตุ"
)
NOTE_ASK_EDIT = "หมายเหตุเดิม: {note}\nพิมพ์หมายเหตุใหม่แทนได้เลยค่ะ หรือกด ย้อนกลับ เพื่อใช้หมายเหตุเดิม"
NOTE_TOO_LONG = "หมายเหตุยาว {n} ตัวอักษรค่ะ กรุณาพิมพ์ให้สั้นลงไม่เกิน {limit} ตัวอักษร"
NOTE_HINT = "กด เพิ่มหมายเหตุ เพื่อบอกกองว่าแก้อะไร (ไม่บังคับ)"
NOTE_LINE = "📝 หมายเหตุถึงกอง: {note}"
NOTE_SENT = "ส่งหมายเหตุถึงกองแล้ว: {note}"
