"""LINE-native features (#17), against the fake LINE API (every request checked by the official spec
in the `line_server` fixture): rich menus per role, photo evidence from the data API, the loading
animation before a slow answer, reports in two taps, and first contact."""

from __future__ import annotations

import io
import struct

from PIL import Image as PilImage
from sqlalchemy import select

from bot import rich_menus
from devtools.line_events import image_event
from handlers import photos
from models.entities import Project, User
from models.line_features import LastReportRequest, Photo
from tests import plans
from tests.support import quick_labels, texts_of

OFFICER, DIVISION, CENTRAL = "Uofficer50", "Udivision", "Ucentral"
LOADING = "/v2/bot/chat/loading/start"
ANSWERS_TO_BUDGET_A = ["10", "100", "2"]  # P50: items 1-3 are indicators, item 4 is budget A


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    PilImage.new("RGB", size, "#3a7").save(out, "JPEG")
    return out.getvalue()


def send_photo(chat, store, user_id: str, message_id: str, content: bytes | None) -> list[dict]:
    """The officer sends a photo; LINE holds its content on the data API under `message_id`. The
    bot's answer, then what it pushes once the photo is fetched (with the photo's retry key)."""
    if content is not None:
        store.add_content(message_id, content)
    token = store.issue_reply_token(user_id)
    event = image_event(user_id, token)
    event["message"]["id"] = message_id
    assert chat.deliver(event) == 200
    key = photos.retry_key(message_id)
    pushed = [m for r in store.pushes() if r.delivered and r.retry_key == key for m in r.messages]
    return chat._replies_for(token) + pushed


def sequence(store, user_id: str) -> list[str]:
    """What the bot asked LINE for this user, in order: "loading" and "reply"."""
    out = []
    for record in store.all():
        body = record.json if isinstance(record.json, dict) else {}
        if record.path == LOADING and body.get("chatId") == user_id:
            out.append("loading")
        elif record.path.endswith("/reply") and user_id in record.recipients:
            out.append("reply")
    return out


# --- 3. the loading animation -----------------------------------------------------------------


def test_the_loading_animation_starts_before_a_slow_answer_and_not_before_a_quick_one(
    chat, register, line_server
):
    store = line_server.store
    register(CENTRAL, "central", "กผง.")
    store.clear()
    chat.says(CENTRAL, "ช่วยเหลือ")  # quick: no animation
    assert sequence(store, CENTRAL) == ["reply"]

    store.clear()
    chat.says(CENTRAL, "สถานะ")  # status may be large: declared slow
    assert sequence(store, CENTRAL) == ["loading", "reply"]
    loading = store.all(LOADING)[0].json
    assert loading["loadingSeconds"] % 5 == 0 and 5 <= loading["loadingSeconds"] <= 60

    store.clear()
    chat.say(CENTRAL, "ขอรายงาน")
    first = quick_labels(chat.say(CENTRAL, "ขอรายงาน"))[0]
    store.clear()
    answer = chat.say(CENTRAL, first)  # builds the file: loading first, then the file
    assert answer[0]["type"] == "flex"
    assert sequence(store, CENTRAL) == ["loading", "reply"]


# --- 1. rich menus per role ---------------------------------------------------------------------


def test_rich_menus_are_created_uploaded_and_linked_per_role_and_sync_is_safe_twice(
    bot_app, chat, register, line_server, db
):
    store = line_server.store
    rt = bot_app.extensions["tidtam"]
    first = rich_menus.sync(rt)
    pages = ["officer", "division", "central", "central-2", "admin", "unregistered"]
    assert len(first.created) == len(pages) and first.deleted == []
    assert sorted(store.aliases) == sorted(f"tidtam-{p}" for p in pages)
    for menu_id in store.aliases.values():
        menu = store.rich_menus[menu_id]
        assert menu.image is not None and len(menu.image) < 1_000_000
        assert menu.image_type == "image/png"
        assert struct.unpack(">II", menu.image[16:24]) == (2500, 843)
    uploads = [r for r in store.all() if r.path.endswith("/content") and r.method == "POST"]
    assert len(uploads) == len(pages) and all(not r.problems for r in uploads)
    assert store.default_menu == store.aliases["tidtam-unregistered"]  # before registration

    # Every area sends a word the router understands; central's pages switch through aliases.
    central = store.rich_menus[store.aliases["tidtam-central"]].definition
    actions = [area["action"] for area in central["areas"]]
    assert {
        "type": "richmenuswitch",
        "richMenuAliasId": "tidtam-central-2",
        "data": "richmenu:central-2",
    } in actions
    assert [a["text"] for a in actions if a["type"] == "message"][0] == "ขอรายงาน"

    created = len(store.all("/v2/bot/richmenu"))
    again = rich_menus.sync(rt)
    assert again.created == [] and len(again.kept) == len(pages) and again.deleted == []
    assert len(store.all("/v2/bot/richmenu")) == created  # nothing created the second time
    assert len(store.rich_menus) == len(pages)

    # Registration links the role's menu (after the reply).
    register(OFFICER)
    register(CENTRAL, "central", "กผง.")
    assert store.wait_for(lambda s: s.menu_of(OFFICER) == s.aliases["tidtam-officer"])
    assert store.wait_for(lambda s: s.menu_of(CENTRAL) == s.aliases["tidtam-central"])
    assert store.menu_of("Unobody") == store.aliases["tidtam-unregistered"]

    # A role change relinks: the officer becomes a division reviewer.
    user = db.scalar(select(User).where(User.line_user_id == OFFICER))
    user.role = "division"
    db.commit()
    assert rich_menus.link_rich_menu_for(rt, OFFICER, user.role)
    assert store.menu_of(OFFICER) == store.aliases["tidtam-division"]


def test_a_changed_menu_is_replaced_and_its_users_relinked(bot_app, chat, register, line_server, monkeypatch):
    store = line_server.store
    rt = bot_app.extensions["tidtam"]
    rich_menus.sync(rt)
    register(OFFICER)
    assert store.wait_for(lambda s: s.menu_of(OFFICER) == s.aliases["tidtam-officer"])
    old = store.aliases["tidtam-officer"]

    monkeypatch.setitem(rich_menus.COLOURS, "officer", "#D9480F")  # a new look for the officers' menu
    changed = rich_menus.sync(rt)
    assert len(changed.created) == 1 and changed.created[0].startswith("tidtam-officer-")
    assert changed.relinked == 1 and len(changed.deleted) == 1
    assert store.aliases["tidtam-officer"] != old and old not in store.rich_menus
    assert store.menu_of(OFFICER) == store.aliases["tidtam-officer"]


def test_the_rich_menu_switch_postback_is_not_answered(chat, register, line_server):
    from devtools.line_events import postback_event

    register(CENTRAL, "central", "กผง.")
    token = line_server.store.issue_reply_token(CENTRAL)
    assert chat.deliver(postback_event(CENTRAL, "richmenu:central-2", token)) == 200
    assert chat._replies_for(token) == []


# --- 4. reports in two taps ---------------------------------------------------------------------


def test_central_gets_this_months_tp1_in_two_taps_from_the_rich_menu(
    bot_app, chat, register, line_server, db
):
    store = line_server.store
    rich_menus.sync(bot_app.extensions["tidtam"])
    register(CENTRAL, "central", "กผง.")
    assert store.wait_for(lambda s: s.menu_of(CENTRAL) == s.aliases["tidtam-central"])
    menu = store.rich_menus[store.menu_of(CENTRAL)].definition
    area = next(a for a in menu["areas"] if a["action"].get("label") == "ขอรายงาน")

    tap1 = chat.say(CENTRAL, area["action"]["text"])  # tap 1: the rich menu area
    first = tap1[-1]["quickReply"]["items"][0]["action"]
    assert first["label"] == "ตป.๑ ธ.ค. 2569"  # the usual choice first: this month's ตป.๑
    assert "ตป.๑" in quick_labels(tap1) and "รายไตรมาส" in quick_labels(tap1)

    tap2 = chat.say(CENTRAL, first["text"])  # tap 2: the first quick reply
    flex, image = tap2
    assert flex["type"] == "flex" and image["type"] == "image"
    assert flex["altText"] == "รายงาน ตป.๑ ธ.ค. 2569 พร้อมดาวน์โหลดแล้วค่ะ"
    assert "ทุกหน่วยงาน" in str(flex["contents"])  # central's scope: everything

    # After the file, the other kinds of the same month, one tap each; the request is remembered.
    others = [i["action"] for i in image["quickReply"]["items"]]
    labels = ["สงป.๓๐๑", "ความครบถ้วน", "ข้อมูลรายเดือน", "ไตรมาส 1/2570", "ยกเลิก"]  # December ends Q1 (#24)
    assert [o["label"] for o in others] == labels
    bb301 = next(o for o in others if o["label"] == "สงป.๓๐๑")
    assert chat.say(CENTRAL, bb301["text"])[0]["altText"].startswith("รายงาน สงป.๓๐๑ ธ.ค. 2569")
    user_id = db.scalar(select(User.id).where(User.line_user_id == CENTRAL))
    last = db.get(LastReportRequest, user_id)
    assert last is not None and last.kind == "bb301" and last.scope_unit_id is None
    assert quick_labels(chat.say(CENTRAL, "ขอรายงาน"))[0] == "สงป.๓๐๑ ธ.ค. 2569"


def test_divisions_are_offered_by_short_name_sending_the_full_name_and_remembered(chat, register, db):
    register(CENTRAL, "central", "กผง.")
    chat.say(CENTRAL, "ขอรายงาน")
    chat.say(CENTRAL, "ตป.๑")
    asked = chat.say(CENTRAL, "ธ.ค. 2569")
    texts = [i["action"]["text"] for i in asked[-1]["quickReply"]["items"]]
    assert "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร" in texts  # the button sends the full name
    assert "กพก." in quick_labels(asked)  # #24: its label is the short name, not a name cut at 20
    answer = chat.say(CENTRAL, "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร")
    assert "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร" in str(answer[0]["contents"])
    usual = chat.say(CENTRAL, "ขอรายงาน")[-1]["quickReply"]["items"][0]["action"]
    assert usual["text"] == "ตป.๑ ธ.ค. 2569 กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร"


def test_months_may_be_typed_short_with_slashes_or_by_name_alone(chat, register):
    register(OFFICER)
    for typed in ("ธ.ค. 69", "12/2569", "ธันวาคม", "12/69", "ธันวาคม 2569"):
        chat.say(OFFICER, "ขอรายงาน")
        chat.say(OFFICER, "ตป.๑")
        answer = chat.say(OFFICER, typed)
        assert answer[0].get("altText") == "รายงาน ตป.๑ ธ.ค. 2569 พร้อมดาวน์โหลดแล้วค่ะ", (
            typed,
            texts_of(answer),
        )
    chat.say(OFFICER, "ขอรายงาน")
    assert chat.say(OFFICER, "ตป.๑ ธ.ค. 69")[0]["type"] == "flex"  # a whole request in one go
    chat.say(OFFICER, "ขอรายงาน")
    chat.say(OFFICER, "ตป.๑")
    assert "ไม่พบรอบรายงานนี้" in "\n".join(texts_of(chat.say(OFFICER, "ม.ค. 2590")))


# --- 2. photo evidence --------------------------------------------------------------------------


def test_a_photo_is_fetched_from_the_data_api_stored_counted_and_shown_to_the_reviewer(
    bot_app, chat, register, line_server, db
):
    store = line_server.store
    register(OFFICER)
    register(DIVISION, "division", "กพก.")
    chat.says(OFFICER, "รายงาน")
    for answer in ANSWERS_TO_BUDGET_A:
        chat.says(OFFICER, answer)
    photo = jpeg()
    first = texts_of(send_photo(chat, store, OFFICER, "600000000000000001", photo))
    # The answer names the project and asks the question again; the outcome comes by push.
    assert first[0].startswith("ได้รับรูปแล้วค่ะ กำลังแนบกับโครงการ ผลผลิต : สหกรณ์และกลุ่มเกษตรกร")
    assert "ข้อ 4/" in first[-2]  # the question it was on, again
    assert first[-1].startswith("แนบรูปกับโครงการ ผลผลิต : สหกรณ์และกลุ่มเกษตรกร")
    assert first[-1].endswith("รอบเดือนธันวาคม 2569 แล้วค่ะ (รวม 1 รูป)")
    fetched = [r for r in store.all() if r.path == "/v2/bot/message/600000000000000001/content"]
    assert len(fetched) == 1 and fetched[0].method == "GET" and fetched[0].status == 200

    assert (
        "(รวม 2 รูป)" in texts_of(send_photo(chat, store, OFFICER, "600000000000000002", jpeg((32, 32))))[-1]
    )
    assert (
        "JPEG หรือ PNG"
        in texts_of(send_photo(chat, store, OFFICER, "600000000000000003", b"GIF89a" + b"0" * 40))[-1]
    )
    assert "ไม่สำเร็จ" in texts_of(send_photo(chat, store, OFFICER, "600000000000000004", None))[-1]

    rows = db.scalars(select(Photo).order_by(Photo.id)).all()
    project_a = db.scalar(select(Project.id).where(Project.name == plans.PROJECT_A))
    assert [(r.line_message_id, r.content_type, r.project_id) for r in rows] == [
        ("600000000000000001", "image/jpeg", project_a),
        ("600000000000000002", "image/jpeg", project_a),
    ]
    assert rows[0].content == photo and rows[0].size == len(photo)

    for answer in ["50000", "ฝนตกหนัก", "เลื่อนการอบรม", "0", "ไม่มี"]:
        chat.says(OFFICER, answer)
    assert "เรียบร้อย" in chat.says(OFFICER, "ยืนยัน")
    # Afterwards, until the period closes: attached to the project the office answered last.
    assert "(รวม 1 รูป)" in texts_of(send_photo(chat, store, OFFICER, "600000000000000005", jpeg()))[-1]

    chat.says(DIVISION, "ตรวจ")
    review = chat.say(DIVISION, "P50")
    assert "📷 รูปหลักฐาน 2 รูป" in review[0]["text"], review[0]["text"]
    # The newest photo itself, as a thumbnail behind an expiring link; the decision comes last.
    assert [m["type"] for m in review] == ["text", "image", "text"]
    assert review[-1]["text"] == "กด อนุมัติ หรือ ส่งกลับ (พร้อมเหตุผล) ค่ะ"
    link = review[1]["originalContentUrl"].removeprefix("https://tidtam.example")
    thumb = bot_app.test_client().get(link)
    assert thumb.status_code == 200 and thumb.data[:3] == b"\xff\xd8\xff"
    assert PilImage.open(io.BytesIO(thumb.data)).size == (64, 48)  # small photos stay as they are


def test_only_officers_attach_photos(chat, register, line_server):
    register(DIVISION, "division", "กพก.")
    answer = texts_of(send_photo(chat, line_server.store, DIVISION, "600000000000000009", jpeg()))
    assert answer == ["ขออภัยค่ะ รูปหลักฐานส่งได้เฉพาะเจ้าหน้าที่หน่วยงานในพื้นที่ค่ะ"]


# --- 5. first contact ---------------------------------------------------------------------------


def test_a_registered_user_who_opens_the_chat_is_greeted_with_what_to_do_next(chat, register):
    register(OFFICER)
    greeting = texts_of(chat.follow(OFFICER))
    assert len(greeting) == 1
    assert "ตอนนี้ถึงเวลารายงานผลรอบเดือนธันวาคม 2569 พิมพ์ รายงาน เพื่อเริ่มค่ะ" in greeting[0]
    assert "เจ้าหน้าที่หน่วยงานในพื้นที่" in greeting[0]


def test_the_registration_reply_names_the_role_once(bot_app, chat):
    from models.registration import create_invites

    rt = bot_app.extensions["tidtam"]
    with rt.sessions() as session, session.begin():
        code = create_invites(session, role="officer", unit_code="P50", now=rt.clock.now())[0]
    answer = chat.says(OFFICER, code)
    assert "ลงทะเบียนเรียบร้อย" in answer
    assert answer.count("เจ้าหน้าที่หน่วยงานในพื้นที่") == 1, answer


def test_photos_follow_the_retention_rules(chat, register, line_server, db, bot_app):
    from datetime import timedelta

    from models.retention import purge

    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    for answer in ANSWERS_TO_BUDGET_A:
        chat.says(OFFICER, answer)
    send_photo(chat, line_server.store, OFFICER, "600000000000000042", jpeg())
    now = bot_app.extensions["tidtam"].clock.now()
    assert purge(db, now + timedelta(days=729)).photos == 0  # kept two years
    assert purge(db, now + timedelta(days=731)).photos == 1
    db.commit()
    photo = db.scalar(select(Photo))
    assert photo.content is None and photo.size > 0  # the picture is gone, the record stays


def test_a_role_changed_in_chat_relinks_the_rich_menu(bot_app, chat, register, line_server):
    """Admin makes a division reviewer an admin in `ผู้ใช้`: the user's rich menu follows the new
    role (a queue task deferred with the change)."""
    store = line_server.store
    rich_menus.sync(bot_app.extensions["tidtam"])
    register("Uadmin", "admin", "กผง.")
    register(DIVISION, "division", "กพก.")
    assert store.wait_for(lambda s: s.menu_of(DIVISION) == s.aliases["tidtam-division"])

    assert "พิมพ์รหัสหน่วยงาน" in chat.says("Uadmin", "ผู้ใช้")
    assert "1. " in chat.says("Uadmin", "กพก.")
    assert "ต้องการทำอะไร" in chat.says("Uadmin", "1")
    chat.says("Uadmin", "เปลี่ยนบทบาท")
    assert "ผู้ดูแลระบบ" in chat.says("Uadmin", "ผู้ดูแลระบบ")
    assert store.wait_for(lambda s: s.menu_of(DIVISION) == s.aliases["tidtam-admin"])


def test_a_deactivated_user_gets_the_menu_of_someone_who_may_not_act(bot_app, chat, register, line_server):
    """Admin deactivates a division reviewer in `ผู้ใช้`: the reviewer's menu becomes the
    unregistered one (its review buttons would only be refused); reactivated, the role's again."""
    store = line_server.store
    rich_menus.sync(bot_app.extensions["tidtam"])
    register("Uadmin", "admin", "กผง.")
    register(DIVISION, "division", "กพก.")
    assert store.wait_for(lambda s: s.menu_of(DIVISION) == s.aliases["tidtam-division"])

    chat.says("Uadmin", "ผู้ใช้")
    chat.says("Uadmin", "กพก.")
    assert "ต้องการทำอะไร" in chat.says("Uadmin", "1")
    assert "ใช้บอทไม่ได้" in chat.says("Uadmin", "ระงับการใช้งาน")
    assert "ระงับการใช้งานของ" in chat.says("Uadmin", "ยืนยัน")
    assert store.wait_for(lambda s: s.menu_of(DIVISION) == s.aliases["tidtam-unregistered"])
    assert "ถูกระงับ" in chat.says(DIVISION, "ตรวจ")

    chat.says("Uadmin", "ผู้ใช้")
    chat.says("Uadmin", "กพก.")
    chat.says("Uadmin", "1")
    assert "เปิดการใช้งานของ" in chat.says("Uadmin", "เปิดการใช้งาน")
    assert store.wait_for(lambda s: s.menu_of(DIVISION) == s.aliases["tidtam-division"])
