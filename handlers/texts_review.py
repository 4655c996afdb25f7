"""Thai wording of issue #24 point 4, the reviewer's side: what changed since a return, offices by
name, return prompts from the reviewer's own list. Imported directly (handlers/texts.py is full)."""

# --- offices by name (handlers/unit_names.py) ---
# A unit's short name: its code when the plan gave it a Thai abbreviation (กพก., สสพ.1), else its
# name with the usual abbreviation of a long prefix, else the name clipped between words.
SHORT_PREFIXES = {
    "สำนักงานสหกรณ์จังหวัด": "สกจ.",
    "สำนักงานส่งเสริมสหกรณ์กรุงเทพมหานคร พื้นที่ ": "สสพ.",
    "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด": "สถจ.",
    "องค์การบริหารส่วนตำบล": "อบต.",
    "องค์การบริหารส่วนจังหวัด": "อบจ.",
}
NAMES_MORE = " …และอีก {n} แห่ง"
OFFICE_NAMED = "{name} ({code})"

# --- the review queue ---
REVIEW_MISSING = "ยังไม่ส่ง {n} แห่ง: {names}"
REVIEW_RETURNED = "ส่งกลับแล้ว รอแก้ไข {n} แห่ง: {names}"
REVIEW_RESUBMITTED_MARK = " · 🔁 ส่งแก้ไขแล้ว {n} ข้อ"

# --- one office's results after a return ---
SINCE_RETURN_HEAD = "🔁 ส่งกลับให้แก้ไขเมื่อ {when} · ส่งกลับมาแล้ว {back} ข้อ{numbers}"
SINCE_RETURN_UNCHANGED = "ไม่เปลี่ยนแปลงตั้งแต่ส่งกลับ: ข้อ {numbers}"
SINCE_RETURN_NUMBERS = " (ข้อ {numbers})"
STATE_RESUBMITTED = "ส่งแก้ไขแล้ว"
STATE_UNCHANGED = "{state} (ไม่เปลี่ยนแปลง)"
ITEM_FIXED = "🔁 แก้ไขแล้ว: {old} → {new}"
ITEM_SAME = "🔁 ส่งกลับมาโดยไม่แก้ค่า ({value})"
ITEM_CHANGED_AFTER = "✏️ แก้ไขหลังส่งกลับ: {old} → {new}"

# --- returning items ---
REVIEW_PICK_ITEMS = "พิมพ์หมายเลขข้อที่ต้องแก้ไข เช่น {example} หรือพิมพ์ ทั้งหมด ค่ะ"

# --- approving and undoing, one office named ---
REVIEW_APPROVE_CONFIRM = (
    "อนุมัติ {office} ทั้ง {n} ข้อ?\nรอบเดือน{month} · กด ยืนยัน เพื่ออนุมัติ (ยกเลิกการอนุมัติได้จนกว่าจะปิดรอบ) ค่ะ"
)
REVIEW_UNDO_CONFIRM = "ยกเลิกการอนุมัติ {office} ทั้ง {n} ข้อ?\nผลจะกลับไปรอตรวจ กด ยืนยัน ค่ะ"

# --- closing ---
CLOSE_LATE = "ส่งช้า {n} แห่ง: {names}"
CLOSE_NOT_SENT = "ยังส่งไม่ครบ {n} แห่ง: {names}"

# --- timeliness ---
TIMELINESS_OFFICER_LINE = "• {name} ({office}): ตรงเวลา {on_time} · ช้า {late} · ไม่ส่ง {missing}"

# --- the officer's note on a resubmission (#24 item 4) ---
NOTE_FROM_OFFICE = "💬 หมายเหตุจากหน่วยงาน: {note}"
AUDIT_NOTE_FIELD = "หมายเหตุจากหน่วยงาน"  # its field in ประวัติ and `tidtam audit`
