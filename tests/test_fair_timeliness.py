"""Timeliness that is fair (issue #22 point 6), on the tree plan of six local governments (FY2570,
December due on the 20th). On 15 Dec nobody is missing December yet; on 15 Jan December counts,
January does not; an officer who registered a minute ago is not named among the most often late;
the whole table is behind a download button."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from openpyxl import load_workbook

from models.clock import Clock
from models.registration import create_invites
from reports.timeliness import SHEET_OFFICERS, SHEET_OFFICES
from tests.support import texts_of
from tests.test_org_tree import submit, tree_app, tree_chat  # noqa: F401  (fixtures)


def test_only_months_past_their_deadline_count_and_newcomers_are_not_blamed(tree_app, tree_chat):  # noqa: F811
    chat, rt = tree_chat, tree_app.extensions["tidtam"]

    def register(line_user_id: str, role: str, unit: str) -> None:
        with rt.sessions() as session, session.begin():
            code = create_invites(session, role=role, unit_code=unit, now=rt.clock.now())[0]
        assert "ลงทะเบียนเรียบร้อย" in chat.says(line_user_id, code)

    register("Udept", "central", "สถ.")
    register("UL5001", "officer", "L5001")  # 15 Dec
    register("UL4001", "officer", "L4001")

    # 15 Dec, December due on the 20th: nothing is missing yet
    answer = chat.says("Udept", "ความตรงเวลา")
    assert "ยังไม่มีรอบที่เลยกำหนดส่ง" in answer and "20 ธันวาคม 2569" in answer
    assert "ไม่ส่ง 1" not in answer

    with rt.sessions() as session, session.begin():
        submit(session, "UL5001", rt.clock.now())  # on time; L4001 never sends December

    # 15 Jan: December counts, January (due on the 20th) does not; an officer of L5002, which
    # missed December, registers a minute before central asks
    rt.clock = Clock("2027-01-15T10:00:00+07:00")
    register("UL5002", "officer", "L5002")
    rt.clock = Clock("2027-01-15T10:01:00+07:00")
    messages = chat.say("Udept", "ความตรงเวลา")
    text = "\n".join(texts_of(messages))
    assert "(1 รอบที่เลยกำหนดส่งแล้ว)" in text
    assert "L5002 เทศบาลเมืองแม่โจ้: ตรงเวลา 0 · ช้า 0 · ไม่ส่ง 1" in text  # the office missed it
    late_officers = text.split("ผู้ใช้ที่ส่งช้า/ไม่ส่งบ่อยที่สุด:")[1]
    assert "UL4001 (เทศบาลนครขอนแก่น): ตรงเวลา 0 · ช้า 0 · ไม่ส่ง 1" in late_officers
    assert "UL5002" not in late_officers  # registered after December was due

    # The table is a button (a LINE URI action), and its workbook judges the same months
    button = messages[-1]["contents"]["footer"]["contents"][0]["action"]
    assert messages[-1]["type"] == "flex" and button["type"] == "uri"
    download = tree_app.test_client().get(urlsplit(button["uri"]).path, headers={"User-Agent": "pytest"})
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.data))
    head = [c.value for c in book[SHEET_OFFICES][2]]
    assert "ธันวาคม 2569" in head and "มกราคม 2570" not in head
    officers = {row[0]: row for row in book[SHEET_OFFICERS].iter_rows(min_row=3, values_only=True)}
    december = head.index("ธันวาคม 2569")
    assert officers["UL5002"][december] == "-" and officers["UL5002"][-1] is None  # not judged
    assert officers["UL4001"][december] == "ยังไม่ส่ง" and officers["UL5001"][december] == "ตรงเวลา"
