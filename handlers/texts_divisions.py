"""Thai wording of issue #22 items 3 and 4 (divisions' own work, entry on behalf): re-exported by
`handlers.texts` (through handlers/texts_org.py), so handlers use `T.NAME`."""

W_REPORT_FOR = "รายงานแทน"
FOR_NONE = "ขออภัยค่ะ ไม่มีหน่วยงานที่คุณรายงานแทนได้ในรอบนี้"
FOR_ASK = "ต้องการรายงานแทนหน่วยงานใดคะ กดปุ่ม หรือพิมพ์หมายเลข รหัส หรือชื่อหน่วยงาน\n{units}"
FOR_LINE = "{n}. {code} {name}"
FOR_MORE = "และอีก {n} แห่ง (พิมพ์รหัสหรือชื่อหน่วยงาน)"
FOR_NOT_IN_SCOPE = "ขออภัยค่ะ {unit} ไม่อยู่ในขอบเขตที่คุณรายงานแทนได้ กรุณาเลือกหน่วยงานจากรายการค่ะ"
FOR_UNKNOWN = "ไม่พบหน่วยงานนี้ในรายการที่คุณรายงานแทนได้ค่ะ กรุณากดปุ่มหรือพิมพ์รหัสหน่วยงานอีกครั้ง"
FOR_HEAD = "📝 รายงานแทน {code} {name} · ทุกค่าที่บันทึกจะระบุว่าคุณบันทึกแทนค่ะ"
ON_BEHALF_BY = "บันทึกแทนโดย {who}"
REMIND_LATE_OWN_WORK = "⚠️ กองที่ยังส่งงานของกองไม่ครบหลังกำหนด ({deadline}) {n} กอง: {names}"
HELP_REPORT_FOR = "รายงานแทน — รายงานผลแทนหน่วยงานในความรับผิดชอบ (หน่วยงานในกำกับ หรือหน่วยงานที่รายงานตัวชี้วัดของกอง)"
