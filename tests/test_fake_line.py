"""The fake LINE API (devtools.fake_line), the limits checker (bot.line_limits) and the spec validator
(devtools.line_openapi), driven by the real line-bot-sdk where it matters."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import urllib3.util.connection as connection
from flask import Flask
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    FlexBox,
    FlexBubble,
    FlexButton,
    FlexMessage,
    FlexText,
    ImageMessage,
    MessageAction,
    MessagingApi,
    MulticastRequest,
    PostbackAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
    TextMessage,
    URIAction,
)

from bot import line_limits as ll
from bot.line_adapter import LineAdapter
from devtools.fake_line import FakeLineStore, RecordedRequest
from devtools.fake_line_server import FakeLineServer, create_fake_line_app, fake_line_blueprint
from devtools.line_openapi import SpecValidator, default_spec_path
from handlers.messages import Text

PUSH = "/v2/bot/message/push"
REPLY = "/v2/bot/message/reply"
MULTICAST = "/v2/bot/message/multicast"
LOADING = "/v2/bot/chat/loading/start"
USER = "U" + "a" * 32
OTHER = "U" + "b" * 32


# --- Fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[FakeLineServer]:
    with FakeLineServer() as running:
        yield running


@pytest.fixture
def store(server: FakeLineServer) -> Iterator[FakeLineStore]:
    server.store.clear()
    server.store.strict = True
    server.store.quota = 1000
    server.store.allow_local_http = False
    server.store.profiles.clear()
    yield server.store
    server.store.clear()


@pytest.fixture
def api(server: FakeLineServer, store: FakeLineStore) -> Iterator[MessagingApi]:
    with ApiClient(Configuration(host=server.url, access_token="test")) as client:
        yield MessagingApi(client)


@pytest.fixture(scope="module")
def spec() -> SpecValidator:
    return SpecValidator()


def text(s: str, **kwargs) -> TextMessage:
    return TextMessage(text=s, **kwargs)


def quick_reply(*labels: str) -> QuickReply:
    return QuickReply(
        items=[QuickReplyItem(action=MessageAction(label=label, text=label)) for label in labels]
    )


def only(records: list[RecordedRequest]) -> RecordedRequest:
    assert len(records) == 1, records
    return records[0]


# --- Push, reply, multicast through the SDK -------------------------------------------------------


def test_push_is_recorded_and_valid(api, store, spec):
    message = text("สวัสดีครับ 👋", quick_reply=quick_reply("รายงานผล", "ดูสถานะ"))
    response = api.push_message(
        PushMessageRequest(to=USER, messages=[message]), x_line_retry_key=str(uuid.uuid4())
    )

    assert len(response.sent_messages) == 1 and response.sent_messages[0].id
    record = only(store.pushes())
    assert record.status == 200 and record.delivered
    assert record.headers["authorization"] == "Bearer test"
    assert record.retry_key is not None and record.request_id
    assert record.problems == []
    assert spec.validate(record) == []
    assert store.messages_to(USER) == [record.json["messages"][0]]
    assert store.messages_to(USER)[0]["quickReply"]["items"][1]["action"]["label"] == "ดูสถานะ"
    assert store.usage == 1


def test_push_without_retry_key_is_fine(api, store):
    api.push_message(PushMessageRequest(to=USER, messages=[text("hi")]))
    record = only(store.pushes())
    assert record.status == 200 and record.retry_key is None and record.problems == []


def test_sdk_flex_and_image_bodies_are_valid(api, store, spec):
    bubble = FlexBubble(
        body=FlexBox(
            layout="vertical",
            contents=[
                FlexText(text="ผลการดำเนินงาน"),
                FlexButton(action=URIAction(label="ดาวน์โหลด", uri="https://example.org/d/abc")),
                FlexButton(action=PostbackAction(label="ส่งกลับ", data="a=return&id=1", display_text="ส่งกลับ")),
            ],
        )
    )
    messages = [
        FlexMessage(alt_text="รายงาน", contents=bubble),
        ImageMessage(
            original_content_url="https://example.org/a.png", preview_image_url="https://example.org/p.png"
        ),
    ]
    api.push_message(PushMessageRequest(to=USER, messages=messages))
    record = only(store.pushes())
    assert record.status == 200, record.problems
    assert spec.validate(record) == []


def test_reply_goes_to_bound_user_and_token_is_single_use(api, store, spec):
    token = store.issue_reply_token(USER)
    api.reply_message(ReplyMessageRequest(reply_token=token, messages=[text("one"), text("two")]))
    assert [m["text"] for m in store.messages_to(USER)] == ["one", "two"]
    assert spec.validate(only(store.replies())) == []
    assert store.usage == 0  # replies are free

    with pytest.raises(ApiException) as caught:
        api.reply_message(ReplyMessageRequest(reply_token=token, messages=[text("three")]))
    assert caught.value.status == 400
    assert json.loads(caught.value.body) == {"message": "Invalid reply token"}
    assert [r.status for r in store.replies()] == [200, 400]
    assert len(store.messages_to(USER)) == 2


def test_reply_with_unknown_token_is_recorded_without_user(api, store):
    api.reply_message(ReplyMessageRequest(reply_token="never-bound", messages=[text("x")]))
    assert only(store.replies()).recipients == [None]
    assert store.messages_to(USER) == []


def test_multicast_counts_each_recipient(api, store, spec):
    api.multicast(
        MulticastRequest(to=[USER, OTHER], messages=[text("เตือน")]), x_line_retry_key=str(uuid.uuid4())
    )
    record = only(store.multicasts())
    assert record.status == 200 and spec.validate(record) == []
    assert store.messages_to(OTHER) == [{"type": "text", "text": "เตือน"}]
    assert store.usage == 2


# --- Retry keys and faults --------------------------------------------------------------------------


def test_duplicate_retry_key_answers_409_and_delivers_once(api, store):
    key = str(uuid.uuid4())
    request = PushMessageRequest(to=USER, messages=[text("reminder")])
    api.push_message(request, x_line_retry_key=key)
    first = only(store.pushes())

    with pytest.raises(ApiException) as caught:
        api.push_message(request, x_line_retry_key=key)
    assert caught.value.status == 409
    assert caught.value.headers["x-line-accepted-request-id"] == first.request_id
    assert [r.status for r in store.pushes()] == [200, 409]
    assert len(store.messages_to(USER)) == 1
    assert store.usage == 1


def test_fail_next_500_then_success_with_same_retry_key(api, store):
    store.fail_next(PUSH, [500])
    key = str(uuid.uuid4())
    request = PushMessageRequest(to=USER, messages=[text("retry me")])
    with pytest.raises(ApiException) as caught:
        api.push_message(request, x_line_retry_key=key)
    assert caught.value.status == 500
    assert json.loads(caught.value.body) == {"message": "Internal server error"}

    api.push_message(request, x_line_retry_key=key)
    assert [r.status for r in store.pushes()] == [500, 200]
    assert len(store.messages_to(USER)) == 1


def test_429_carries_retry_after(api, store):
    store.fail_next("/v2/bot/message", [429, 503], retry_after=7)
    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to=USER, messages=[text("x")]))
    assert caught.value.status == 429
    assert caught.value.headers["Retry-After"] == "7"
    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to=USER, messages=[text("x")]))
    assert caught.value.status == 503
    api.push_message(PushMessageRequest(to=USER, messages=[text("x")]))
    assert [r.status for r in store.pushes()] == [429, 503, 200]


def test_faults_only_hit_matching_paths(api, store):
    store.fail_next(PUSH, [500])
    api.reply_message(ReplyMessageRequest(reply_token=store.issue_reply_token(USER), messages=[text("x")]))
    assert only(store.replies()).status == 200


def test_quota_exhausted_answers_429(api, store):
    store.quota = 2
    api.multicast(MulticastRequest(to=[USER, OTHER], messages=[text("a")]))
    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to=USER, messages=[text("b")]))
    assert caught.value.status == 429
    assert store.usage == 2
    assert api.get_message_quota_consumption().total_usage == 2


# --- Limits enforced by the fake -----------------------------------------------------------------


def test_quick_reply_label_over_20_is_rejected_when_strict(api, store):
    message = text("choose", quick_reply=quick_reply("x" * 21))
    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to=USER, messages=[message]))
    assert caught.value.status == 400
    body = json.loads(caught.value.body)
    assert body["message"] == "The request body has 1 error(s)"
    assert body["details"][0]["property"] == "messages[0].quickReply.items[0].action.label"
    record = only(store.pushes())
    assert "21 UTF-16 units, max 20" in record.problems[0]
    assert store.messages_to(USER) == []


def test_non_strict_delivers_but_records_problem(api, store):
    store.strict = False
    api.push_message(
        PushMessageRequest(to=USER, messages=[text("choose", quick_reply=quick_reply("x" * 21))])
    )
    record = only(store.pushes())
    assert record.status == 200 and record.delivered
    assert len(record.problems) == 1
    assert len(store.messages_to(USER)) == 1


def test_text_of_5001_utf16_units_is_a_problem(api, store):
    too_long = "😀" * 2500 + "a"  # 2500 emoji = 5000 units, plus one
    assert len(too_long) == 2501 and ll.utf16_len(too_long) == 5001
    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to=USER, messages=[text(too_long)]))
    assert caught.value.status == 400
    assert only(store.pushes()).problems == ["messages[0].text: 5001 UTF-16 units, max 5000"]

    api.push_message(PushMessageRequest(to=USER, messages=[text("😀" * 2500)]))
    assert store.pushes()[-1].status == 200


def test_invalid_retry_key_is_rejected(api, store, spec):
    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to=USER, messages=[text("x")]), x_line_retry_key="not-a-uuid")
    assert caught.value.status == 400
    record = only(store.pushes())
    assert record.problems == ["X-Line-Retry-Key: 'not-a-uuid' is not a UUID"]
    assert spec.validate(record) == ["header X-Line-Retry-Key: 'not-a-uuid' is not a 'uuid'"]


def test_missing_bearer_token_is_401(server, store):
    response = requests.post(
        server.url + PUSH, json={"to": USER, "messages": [{"type": "text", "text": "x"}]}
    )
    assert response.status_code == 401
    assert "message" in response.json()
    assert only(store.pushes()).status == 401
    assert store.messages_to(USER) == []


def test_latency_is_applied(api, store):
    store.set_latency(0.05)
    started = time.perf_counter()
    api.get_message_quota()
    assert time.perf_counter() - started >= 0.05


# --- Other endpoints -----------------------------------------------------------------------------


def test_profile_known_and_unknown(api, store):
    store.profiles[USER] = {"displayName": "สมชาย", "language": "th"}
    profile = api.get_profile(USER)
    assert profile.display_name == "สมชาย" and profile.user_id == USER
    with pytest.raises(ApiException) as caught:
        api.get_profile(OTHER)
    assert caught.value.status == 404
    assert json.loads(caught.value.body) == {"message": "Not found"}


def test_loading_animation(api, store, spec):
    api.show_loading_animation(ShowLoadingAnimationRequest(chat_id=USER, loading_seconds=10))
    assert only(store.all(LOADING)).status == 202
    assert spec.validate(only(store.all(LOADING))) == []

    store.clear()
    with pytest.raises(ApiException) as caught:
        api.show_loading_animation(ShowLoadingAnimationRequest(chat_id=USER, loading_seconds=7))
    assert caught.value.status == 400
    assert "loadingSeconds" in only(store.all(LOADING)).problems[0]


def test_quota_endpoints(api, store):
    quota = api.get_message_quota()
    assert quota.type == "limited" and quota.value == 1000
    assert api.get_message_quota_consumption().total_usage == 0
    api.push_message(PushMessageRequest(to=USER, messages=[text("x")]))
    assert api.get_message_quota_consumption().total_usage == 1
    store.quota = None
    assert api.get_message_quota().type == "none"


def test_unknown_endpoint_is_recorded_404(server, store):
    response = requests.get(server.url + "/v2/bot/info", headers={"Authorization": "Bearer t"})
    assert response.status_code == 404
    assert only(store.all("/v2/bot/info")).status == 404


def test_blueprint_under_prefix_records_api_paths():
    store = FakeLineStore()
    app = Flask("host")
    app.register_blueprint(fake_line_blueprint(store, "/fake-line"))
    client = app.test_client()
    body = {"to": USER, "messages": [{"type": "text", "text": "hi"}]}
    response = client.post("/fake-line" + PUSH, json=body, headers={"Authorization": "Bearer t"})
    assert response.status_code == 200
    assert response.headers["x-line-request-id"]
    assert only(store.pushes()).path == PUSH
    assert store.messages_to(USER) == body["messages"]


def test_standalone_app_and_wait_for():
    store = FakeLineStore()
    client = create_fake_line_app(store).test_client()
    client.get("/v2/bot/message/quota", headers={"Authorization": "Bearer t"})
    assert store.wait_for(lambda s: len(s.all()) == 1, timeout=0.1)
    assert not store.wait_for(lambda s: len(s.all()) == 2, timeout=0.01)


# --- Spec validator on its own -------------------------------------------------------------------


def test_default_spec_path_exists():
    assert default_spec_path().is_file()


def test_the_line_specs_live_in_the_repository_with_their_licence_and_source():
    """A plain clone has everything the tests validate against: nothing is read from ../shared."""
    from tests.conftest import DATA, ROOT

    samples = DATA / "line-webhook-samples" / "webhook.json"
    for data_file in (default_spec_path(), samples):
        assert data_file.is_file() and data_file.resolve().is_relative_to(ROOT.resolve()), data_file
        assert "Apache License" in (data_file.parent / "LICENSE").read_text()
        assert "Commit:" in (data_file.parent / "SOURCE.md").read_text()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"to": USER, "messages": [{"type": "text"}]}, "'text' is a required property"),
        ({"to": USER, "messages": [{"type": "file", "url": "x"}]}, "messages[0].type: unknown value 'file'"),
        ({"messages": [{"type": "text", "text": "x"}]}, "'to' is a required property"),
        ({"to": USER, "messages": []}, "should be non-empty"),
        (
            {
                "to": USER,
                "messages": [
                    {"type": "text", "text": "x", "quickReply": {"items": [{"action": {"type": "zap"}}]}}
                ],
            },
            "action.type: unknown value 'zap'",
        ),
    ],
)
def test_spec_reports_invalid_bodies(spec, body, expected):
    problems = spec.validate_parts("POST", PUSH, body, {"authorization": "Bearer t"})
    assert any(expected in p for p in problems), problems


def test_spec_reports_unknown_path_and_missing_auth(spec):
    assert spec.validate_parts("POST", "/v2/bot/nope", {}, {"authorization": "Bearer t"})
    assert spec.validate_parts("GET", "/v2/bot/message/quota", None, {})
    assert (
        spec.validate_parts("GET", "/fake-line/v2/bot/message/quota", None, {"authorization": "Bearer t"})
        == []
    )


# --- check_request on plain dicts ----------------------------------------------------------------


def push(*messages: dict) -> dict:
    return {"to": USER, "messages": list(messages)}


def msg(s: str = "x", **extra) -> dict:
    return {"type": "text", "text": s, **extra}


def qr_item(label: str = "ok", **action) -> dict:
    return {"type": "action", "action": {"type": "message", "label": label, "text": label, **action}}


def bubble_with(action: dict, filler: str = "") -> dict:
    return {
        "type": "bubble",
        "body": {
            "type": "box",
            "layout": "vertical",
            "contents": [{"type": "text", "text": filler or "t"}, {"type": "button", "action": action}],
        },
    }


def flex(contents: dict, alt: str = "alt") -> dict:
    return {"type": "flex", "altText": alt, "contents": contents}


def test_utf16_len():
    assert ll.utf16_len("") == 0
    assert ll.utf16_len("ติดตาม") == 6
    assert ll.utf16_len("😀") == 2


def test_valid_bodies_have_no_problems():
    assert ll.check_request(PUSH, push(msg("hi", quickReply={"items": [qr_item()] * 13}))) == []
    assert ll.check_request(REPLY, {"replyToken": "t", "messages": [msg()] * 5}) == []
    assert ll.check_request(MULTICAST, {"to": [USER] * 500, "messages": [msg()]}) == []
    assert ll.check_request(LOADING, {"chatId": USER, "loadingSeconds": 60}) == []
    assert ll.check_request(LOADING, {"chatId": USER}) == []
    assert ll.check_request(PUSH, push(msg()), {"x-line-retry-key": str(uuid.uuid4())}) == []
    assert ll.check_request("/fake-line" + PUSH, push(msg("x" * ll.MAX_TEXT))) == []


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        (PUSH, push(), "messages: 0 messages"),
        (PUSH, push(*[msg()] * 6), "messages: 6 messages"),
        (PUSH, {"messages": [msg()]}, "to: required"),
        (REPLY, {"messages": [msg()]}, "replyToken: required"),
        (PUSH, push(msg("")), "messages[0].text: required"),
        (PUSH, push({"type": "text"}), "messages[0].text: required"),
        (PUSH, push({"type": "file"}), "unknown message type 'file'"),
        (PUSH, push(msg("x" * 5001)), "5001 UTF-16 units, max 5000"),
        (PUSH, push(msg(quickReply={"items": [qr_item()] * 14})), "14 items, max 13"),
        (PUSH, push(msg(quickReply={"items": [qr_item("x" * 21)]})), "action.label: 21 UTF-16 units, max 20"),
        (PUSH, push(msg(quickReply={"items": [qr_item()], "style": 1})), "quickReply.style: unknown field"),
        (
            PUSH,
            push(msg(quickReply={"items": [{**qr_item(), "color": "red"}]})),
            "items[0].color: unknown field",
        ),
        (
            PUSH,
            push(msg(quickReply={"items": [{"type": "action", "action": {"type": "message", "text": "a"}}]})),
            "label: required",
        ),
        (
            PUSH,
            push(msg(quickReply={"items": [qr_item(type="richmenuswitch")]})),
            "not allowed in a quick reply",
        ),
        (
            PUSH,
            push(msg(quickReply={"items": [qr_item(text="t" * 301)]})),
            "action.text: 301 UTF-16 units, max 300",
        ),
        (
            PUSH,
            push(
                msg(
                    quickReply={
                        "items": [
                            {
                                "type": "action",
                                "action": {"type": "postback", "label": "a", "data": "d" * 301},
                            }
                        ]
                    }
                )
            ),
            "action.data: 301 characters, max 300",
        ),
        (
            PUSH,
            push(
                msg(
                    quickReply={
                        "items": [
                            {
                                "type": "action",
                                "action": {
                                    "type": "postback",
                                    "label": "a",
                                    "data": "d",
                                    "displayText": "d" * 301,
                                },
                            }
                        ]
                    }
                )
            ),
            "displayText: 301 UTF-16 units, max 300",
        ),
        (
            PUSH,
            push(flex(bubble_with({"type": "uri", "label": "y" * 41, "uri": "https://x.org"}))),
            "action.label: 41 UTF-16 units, max 40",
        ),
        (
            PUSH,
            push(flex(bubble_with({"type": "message", "label": "ok", "text": "z" * 301}))),
            "action.text: 301",
        ),
        (
            PUSH,
            push(flex(bubble_with({"type": "uri", "label": "ok", "uri": "https://x.org"}), alt="")),
            "altText: required",
        ),
        (
            PUSH,
            push(flex(bubble_with({"type": "uri", "label": "ok", "uri": "https://x.org"}), alt="a" * 401)),
            "altText: 401 UTF-16 units, max 400",
        ),
        (
            PUSH,
            push(
                flex(bubble_with({"type": "uri", "label": "ok", "uri": "https://x.org"}, filler="f" * 30_000))
            ),
            "bubble JSON is",
        ),
        (
            PUSH,
            push(
                flex(
                    {
                        "type": "carousel",
                        "contents": [bubble_with({"type": "uri", "label": "ok", "uri": "https://x.org"})]
                        * 13,
                    }
                )
            ),
            "13 bubbles, must be 1 to 12",
        ),
        (
            PUSH,
            push(
                flex(
                    {
                        "type": "carousel",
                        "contents": [
                            bubble_with(
                                {"type": "uri", "label": "ok", "uri": "https://x.org"}, filler="f" * 9_000
                            )
                        ]
                        * 6,
                    }
                )
            ),
            "carousel JSON is",
        ),
        (
            PUSH,
            push(
                {
                    "type": "image",
                    "originalContentUrl": "http://example.org/a.png",
                    "previewImageUrl": "https://e.org/p.png",
                }
            ),
            "originalContentUrl: must be an https URL",
        ),
        (
            PUSH,
            push(
                {
                    "type": "image",
                    "originalContentUrl": "https://e.org/" + "a" * 2000,
                    "previewImageUrl": "https://e.org/p.png",
                }
            ),
            "2014 characters, max 2000",
        ),
        (
            PUSH,
            push({"type": "image", "originalContentUrl": "https://e.org/a.png"}),
            "previewImageUrl: required",
        ),
        (MULTICAST, {"to": [], "messages": [msg()]}, "to: 0 user IDs"),
        (MULTICAST, {"to": [USER] * 501, "messages": [msg()]}, "to: 501 user IDs"),
        (LOADING, {"chatId": USER, "loadingSeconds": 7}, "loadingSeconds: 7"),
        (LOADING, {"chatId": USER, "loadingSeconds": 65}, "loadingSeconds: 65"),
        (LOADING, {"chatId": USER, "loadingSeconds": 0}, "loadingSeconds: 0"),
        (LOADING, {"loadingSeconds": 5}, "chatId: required"),
        (PUSH, push(*[msg("x" * 5000)] * 5) | {"pad": "p" * 2_000_000}, "body: "),
    ],
)
def test_check_request_problems(path, body, expected):
    problems = ll.check_request(path, body)
    assert any(expected in p for p in problems), problems


def test_retry_key_must_be_uuid_but_is_optional():
    assert ll.check_request(PUSH, push(msg()), {}) == []
    assert ll.check_request(MULTICAST, {"to": [USER], "messages": [msg()]}, {"X-Line-Retry-Key": "abc"}) == [
        "X-Line-Retry-Key: 'abc' is not a UUID"
    ]


def test_local_http_images_only_when_allowed():
    image = {
        "type": "image",
        "originalContentUrl": "http://127.0.0.1:5000/c.png",
        "previewImageUrl": "http://localhost/p.png",
    }
    assert len(ll.check_request(PUSH, push(image))) == 2
    assert ll.check_request(PUSH, push(image), allow_local_http=True) == []
    remote = {**image, "originalContentUrl": "http://example.org/c.png"}
    assert len(ll.check_request(PUSH, push(remote), allow_local_http=True)) == 1


def test_local_http_store_setting(server, store, api):
    store.allow_local_http = True
    image = ImageMessage(
        original_content_url="http://127.0.0.1:5000/c.png", preview_image_url="http://127.0.0.1:5000/p.png"
    )
    api.push_message(PushMessageRequest(to=USER, messages=[image]))
    assert only(store.pushes()).status == 200


def test_concurrent_pushes_are_all_recorded(server, store):
    store.set_latency(0.02)

    def send(i: int) -> None:
        with ApiClient(Configuration(host=server.url, access_token="test")) as client:
            MessagingApi(client).push_message(
                PushMessageRequest(to=f"U{i}", messages=[text(str(i))]), x_line_retry_key=str(uuid.uuid4())
            )

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(send, range(20)))
    assert time.perf_counter() - started < 0.02 * 20  # served in parallel
    assert sorted(int(r.json["to"][1:]) for r in store.pushes()) == list(range(20))
    assert store.usage == 20


def test_the_keep_alive_server_answers_many_pushes_on_one_connection():
    """The load benchmarks' fake (aiohttp) keeps connections alive, as LINE's API does: a bot
    pushing 20 messages opens one TCP connection and every push is recorded once."""
    opened = []
    original = connection.create_connection

    def counting(*args, **kwargs):
        opened.append(args[0])
        return original(*args, **kwargs)

    with FakeLineServer(keep_alive=True) as server:
        line = LineAdapter("secret", "token", server.url)
        connection.create_connection = counting
        try:
            results = [line.push("U" + "a" * 32, [Text("สวัสดีค่ะ")], str(uuid.uuid4())) for _ in range(20)]
        finally:
            connection.create_connection = original
        assert all(r.ok for r in results)
        assert len(opened) == 1
        assert len([r for r in server.store.requests if r.path == "/v2/bot/message/push"]) == 20
