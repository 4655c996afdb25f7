"""Photos are fetched by a queue task, within bounds, and the officer is always told (#23): the
webhook only records the photo; the task fetches it (15 s in all, 10 MB counted as it arrives),
refuses a picture over 40 MP from its header, shrinks a large one once, and pushes the outcome.
The hostile data API is the fake LINE API's (devtools/hostile_content.py)."""

from __future__ import annotations

import io

import pytest
from PIL import Image as PilImage
from PIL import ImageFile
from sqlalchemy import select

from devtools import hostile_content
from devtools.line_events import image_event
from handlers import photo_images, photos
from models.line_features import Photo, PhotoFetch
from tests.support import texts_of

OFFICER = "Uofficer50"
ANSWERS_TO_BUDGET_A = ["10", "100", "2"]  # P50: items 1-3 are indicators, item 4 is budget A


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    PilImage.new("RGB", size, "#3a7").save(out, "JPEG")
    return out.getvalue()


def at_budget_a(chat, register) -> None:
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    for answer in ANSWERS_TO_BUDGET_A:
        chat.says(OFFICER, answer)


def send_photo(chat, store, message_id: str, content, user_id: str = OFFICER) -> tuple[list[str], list[str]]:
    """The officer sends a photo whose content LINE serves as ``content``: (the bot's answer,
    what it pushed about that photo once fetched)."""
    if content is not None:
        store.add_content(message_id, content)
    token = store.issue_reply_token(user_id)
    event = image_event(user_id, token)
    event["message"]["id"] = message_id
    assert chat.deliver(event) == 200
    key = photos.retry_key(message_id)
    pushed = [m for r in store.pushes() if r.delivered and r.retry_key == key for m in r.messages]
    return texts_of(chat._replies_for(token)), texts_of(pushed)


def fetches_of(store, message_id: str) -> int:
    return len([r for r in store.all() if r.path == f"/v2/bot/message/{message_id}/content"])


def test_a_12_mb_photo_is_told_too_large_not_download_failed(chat, register, line_server, db):
    at_budget_a(chat, register)
    answer, told = send_photo(chat, line_server.store, "610000000000000001", hostile_content.big_jpeg())
    assert answer[0].startswith("ได้รับรูปแล้วค่ะ")
    assert told == ["ขออภัยค่ะ รูปใหญ่เกิน 10 MB แนบไม่ได้ กรุณาส่งรูปที่เล็กลงนะคะ"]
    assert db.scalar(select(Photo)) is None
    fetch = db.scalar(select(PhotoFetch))
    assert (fetch.status, fetch.outcome) == ("refused", "too_large")


def test_a_12000x12000_png_is_refused_from_its_header_without_being_decoded(
    chat, register, line_server, db, monkeypatch
):
    decoded: list[tuple[int, int]] = []
    load = ImageFile.ImageFile.load

    def spy(self):  # every decoding of a PNG or JPEG goes through here
        decoded.append(self.size)
        return load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    at_budget_a(chat, register)
    bomb = hostile_content.bomb_png()
    assert len(bomb) < 100_000  # 144 MP in a few KB
    _, told = send_photo(
        chat,
        line_server.store,
        "610000000000000002",
        bomb,
    )
    assert told == ["ขออภัยค่ะ รูปมีขนาดภาพเกิน 40 ล้านพิกเซล แนบไม่ได้ กรุณาย่อรูปแล้วส่งใหม่นะคะ"]
    assert decoded == []  # refused from the header
    assert db.scalar(select(Photo)) is None


def test_a_large_photo_is_stored_once_shrunk_to_2048_px(chat, register, line_server, db):
    at_budget_a(chat, register)
    _, told = send_photo(chat, line_server.store, "610000000000000003", jpeg((4000, 3000)))
    assert told[0].endswith("(รวม 1 รูป)")
    photo = db.scalar(select(Photo))
    assert photo.content_type == "image/jpeg" and photo.size == len(photo.content)
    assert PilImage.open(io.BytesIO(photo.content)).size == (2048, 1536)


def test_an_office_attaches_at_most_20_photos_to_an_entry_and_is_told_so(chat, register, line_server, db):
    at_budget_a(chat, register)
    store = line_server.store
    small = jpeg((16, 16))
    for n in range(20):
        _, told = send_photo(chat, store, f"6200000000000000{n:02d}", small)
        assert told[0].endswith(f"(รวม {n + 1} รูป)"), told
    answer, told = send_photo(chat, store, "620000000000000099", small)
    assert answer[0].startswith("ขออภัยค่ะ โครงการ ผลผลิต : สหกรณ์และกลุ่มเกษตรกร")
    assert answer[0].endswith("มีรูปครบ 20 รูปแล้ว แนบเพิ่มไม่ได้ค่ะ")
    assert told == [] and fetches_of(store, "620000000000000099") == 0  # not even fetched
    assert len(db.scalars(select(Photo)).all()) == 20


def test_a_photo_from_someone_not_registered_is_never_fetched(chat, line_server, db):
    store = line_server.store
    answer, told = send_photo(chat, store, "630000000000000001", jpeg(), user_id="Ustranger")
    assert "รหัสเชิญ" in "".join(answer), answer  # asked for an invite code, as for any message
    assert fetches_of(store, "630000000000000001") == 0
    assert db.scalar(select(PhotoFetch)) is None


@pytest.mark.parametrize("content", ["drip", "endless"])
def test_a_hostile_data_api_is_given_up_within_the_deadline_and_the_officer_is_told(
    chat, register, line_server, db, content
):
    """The data API sends a byte every 2 s, or never stops: the task gives up (15 s in all, 10 MB)
    and says so; the webhook answered at once (the fetch is not in it)."""
    at_budget_a(chat, register)
    stream = hostile_content.drip() if content == "drip" else hostile_content.endless()
    try:
        answer, _ = send_photo(chat, line_server.store, "640000000000000001", stream)
        assert answer[0].startswith("ได้รับรูปแล้วค่ะ")
        assert line_server.store.wait_for(
            lambda s: any(
                r.delivered and r.retry_key == photos.retry_key("640000000000000001") for r in s.pushes()
            ),
            timeout=30,
        )
    finally:
        stream.stop.set()
    [push] = [r for r in line_server.store.pushes() if r.retry_key == photos.retry_key("640000000000000001")]
    expected = "ไม่สำเร็จ" if content == "drip" else "ใหญ่เกิน 10 MB"
    assert expected in texts_of(push.messages)[0]
    db.expire_all()
    assert db.scalar(select(PhotoFetch.status)) == ("failed" if content == "drip" else "refused")


def test_a_review_never_decodes_a_large_png_stored_before_photos_were_bounded():
    big = io.BytesIO()
    PilImage.new("L", (5000, 5000)).save(big, "PNG")
    assert photo_images.thumbnail(big.getvalue()) is None
    assert photo_images.thumbnail(jpeg((6000, 4000))) is not None  # a JPEG is decoded at 1/8 scale
