"""LINE Messaging API limits, as a pure checker.

`check_request(path, body, headers)` lists what LINE would refuse in a request body (or what breaks
the LINE-LIMITS notes of the design). The bot uses the constants to stay inside the limits; the fake LINE
server and the tests use `check_request` to catch what the bot got wrong.

No Flask, no linebot: plain dicts in, plain strings out. Every problem reads
"<property path>: <what is wrong>", e.g. "messages[0].text: 5001 UTF-16 units, max 5000".

Character limits are counted in UTF-16 code units, as LINE does (an emoji outside the BMP counts 2;
Thai letters count 1). Size limits ("30 KB") are read as decimal kilobytes, the stricter reading.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

# --- Numbers the bot must respect -------------------------------------------------------------

MAX_MESSAGES = 5  # message objects per reply / push / multicast
MAX_TEXT = 5000  # text message, UTF-16 units
MAX_QUICK_REPLY_ITEMS = 13
QUICK_REPLY_LABEL = 20  # quick reply action label
TEMPLATE_ACTION_LABEL = 20  # template (buttons, confirm, carousel) action label
FLEX_ACTION_LABEL = 40  # flex message action label
POSTBACK_DATA = 300
DISPLAY_TEXT = 300  # postback displayText
MESSAGE_ACTION_TEXT = 300  # message action text
URI_ACTION_URI = 1000  # uri action uri
MAX_ALT_TEXT = 400  # flex / template altText
MAX_BUBBLE_BYTES = 30_000  # one flex bubble as JSON
MAX_CAROUSEL_BYTES = 50_000  # one flex carousel as JSON
MAX_CAROUSEL_BUBBLES = 12
MAX_IMAGE_URL = 2000  # image originalContentUrl / previewImageUrl / quick reply imageUrl
MAX_MULTICAST_TO = 500
MAX_BODY_BYTES = 2_000_000  # whole request body
LOADING_SECONDS_MIN = 5
LOADING_SECONDS_MAX = 60
LOADING_SECONDS_STEP = 5

REPLY_PATH = "/v2/bot/message/reply"
PUSH_PATH = "/v2/bot/message/push"
MULTICAST_PATH = "/v2/bot/message/multicast"
BROADCAST_PATH = "/v2/bot/message/broadcast"
NARROWCAST_PATH = "/v2/bot/message/narrowcast"
LOADING_PATH = "/v2/bot/chat/loading/start"
MESSAGE_PATHS = frozenset({REPLY_PATH, PUSH_PATH, MULTICAST_PATH, BROADCAST_PATH, NARROWCAST_PATH})
RETRY_KEY_PATHS = frozenset({PUSH_PATH, MULTICAST_PATH, BROADCAST_PATH, NARROWCAST_PATH})
RETRY_KEY_HEADER = "X-Line-Retry-Key"

MESSAGE_TYPES = frozenset(
    {
        "text",
        "textV2",
        "sticker",
        "image",
        "video",
        "audio",
        "location",
        "imagemap",
        "template",
        "flex",
        "coupon",
    }
)
QUICK_REPLY_ACTION_TYPES = frozenset(
    {"postback", "message", "uri", "datetimepicker", "camera", "cameraRoll", "location", "clipboard"}
)
QUICK_REPLY_KEYS = frozenset({"items"})
QUICK_REPLY_ITEM_KEYS = frozenset({"type", "action", "imageUrl"})
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})

_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def utf16_len(s: str) -> int:
    """Length of `s` in UTF-16 code units, the unit LINE counts characters in."""
    return len(s.encode("utf-16-le")) // 2


def json_size(value: Any) -> int:
    """Size in bytes of `value` as UTF-8 JSON (how flex and body sizes are measured here)."""
    return len(json.dumps(value, ensure_ascii=False).encode())


def is_valid_retry_key(value: str) -> bool:
    """True when `value` is a UUID in the hyphenated hexadecimal form LINE expects."""
    return bool(_UUID_RE.match(value))


def canonical_path(path: str) -> str:
    """The API path without query string, host or mount prefix ("/fake-line/v2/..." -> "/v2/...")."""
    path = path.split("?", 1)[0]
    index = path.find("/v2/")
    return path[index:] if index >= 0 else path


def check_request(
    path: str,
    body: Any,
    headers: Mapping[str, str] | None = None,
    *,
    allow_local_http: bool = False,
) -> list[str]:
    """Problems LINE would refuse (or LINE-LIMITS.md forbids) in a Messaging API request.

    `allow_local_http` also accepts http://127.0.0.1 and http://localhost image URLs (the local
    demo serves images itself); real LINE only accepts https.
    """
    path = canonical_path(path)
    problems: list[str] = []
    problems += _check_headers(path, headers or {})
    if body is None:
        return problems
    if not isinstance(body, dict):
        return [*problems, "body: must be a JSON object"]
    size = json_size(body)
    if size > MAX_BODY_BYTES:
        problems.append(f"body: {size} bytes, max {MAX_BODY_BYTES}")
    if path in MESSAGE_PATHS:
        problems += _check_message_request(path, body, allow_local_http)
    elif path == LOADING_PATH:
        problems += _check_loading(body)
    return problems


# --- Request level ------------------------------------------------------------------------------


def _header(headers: Mapping[str, str], name: str) -> str | None:
    lower = name.lower()
    for key, value in headers.items():
        if key.lower() == lower:
            return value
    return None


def _check_headers(path: str, headers: Mapping[str, str]) -> list[str]:
    retry_key = _header(headers, RETRY_KEY_HEADER)
    if retry_key is None or path not in RETRY_KEY_PATHS:
        return []
    if not is_valid_retry_key(retry_key):
        return [f"{RETRY_KEY_HEADER}: {retry_key!r} is not a UUID"]
    return []


def _check_message_request(path: str, body: dict[str, Any], allow_local_http: bool) -> list[str]:
    problems: list[str] = []
    if path == REPLY_PATH:
        problems += _check_nonempty_string(body, "replyToken")
    elif path == PUSH_PATH:
        problems += _check_nonempty_string(body, "to")
    elif path == MULTICAST_PATH:
        problems += _check_multicast_to(body.get("to"))
    problems += _check_messages(body.get("messages"), allow_local_http)
    return problems


def _check_nonempty_string(body: dict[str, Any], key: str) -> list[str]:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        return [f"{key}: required, a non-empty string"]
    return []


def _check_multicast_to(to: Any) -> list[str]:
    if not isinstance(to, list):
        return ["to: required, a list of user IDs"]
    if not 1 <= len(to) <= MAX_MULTICAST_TO:
        return [f"to: {len(to)} user IDs, must be 1 to {MAX_MULTICAST_TO}"]
    return [
        f"to[{i}]: must be a non-empty string" for i, u in enumerate(to) if not isinstance(u, str) or not u
    ]


def _check_loading(body: dict[str, Any]) -> list[str]:
    problems = _check_nonempty_string(body, "chatId")
    if "loadingSeconds" not in body:
        return problems  # optional: LINE defaults to 20 seconds
    seconds = body["loadingSeconds"]
    valid = (
        isinstance(seconds, int)
        and not isinstance(seconds, bool)
        and LOADING_SECONDS_MIN <= seconds <= LOADING_SECONDS_MAX
        and seconds % LOADING_SECONDS_STEP == 0
    )
    if not valid:
        problems.append(
            f"loadingSeconds: {seconds!r}, must be a multiple of {LOADING_SECONDS_STEP} "
            f"from {LOADING_SECONDS_MIN} to {LOADING_SECONDS_MAX}"
        )
    return problems


# --- Messages -----------------------------------------------------------------------------------


def _check_messages(messages: Any, allow_local_http: bool) -> list[str]:
    if not isinstance(messages, list):
        return ["messages: required, a list of message objects"]
    if not 1 <= len(messages) <= MAX_MESSAGES:
        return [f"messages: {len(messages)} messages, must be 1 to {MAX_MESSAGES}"]
    problems: list[str] = []
    for i, message in enumerate(messages):
        problems += _check_message(f"messages[{i}]", message, allow_local_http)
    return problems


def _check_message(where: str, message: Any, allow_local_http: bool) -> list[str]:
    if not isinstance(message, dict):
        return [f"{where}: must be a message object"]
    kind = message.get("type")
    if kind not in MESSAGE_TYPES:
        return [f"{where}.type: unknown message type {kind!r}"]
    problems: list[str] = []
    if kind in ("text", "textV2"):
        problems += _check_text(f"{where}.text", message.get("text"), MAX_TEXT)
    elif kind == "flex":
        problems += _check_flex_message(where, message)
    elif kind == "template":
        problems += _check_template_message(where, message)
    elif kind == "image":
        for key in ("originalContentUrl", "previewImageUrl"):
            problems += _check_image_url(f"{where}.{key}", message.get(key), allow_local_http, required=True)
    if "quickReply" in message:
        problems += _check_quick_reply(f"{where}.quickReply", message["quickReply"], allow_local_http)
    return problems


def _check_text(where: str, text: Any, limit: int, *, required: bool = True) -> list[str]:
    if text is None and not required:
        return []
    if not isinstance(text, str) or not text:
        return [f"{where}: required, a non-empty string"]
    length = utf16_len(text)
    if length > limit:
        return [f"{where}: {length} UTF-16 units, max {limit}"]
    return []


def _check_image_url(where: str, url: Any, allow_local_http: bool, *, required: bool) -> list[str]:
    if url is None and not required:
        return []
    if not isinstance(url, str) or not url:
        return [f"{where}: required, an https URL"]
    problems: list[str] = []
    if len(url) > MAX_IMAGE_URL:
        problems.append(f"{where}: {len(url)} characters, max {MAX_IMAGE_URL}")
    parts = urlsplit(url)
    local = allow_local_http and parts.scheme == "http" and parts.hostname in LOCAL_HOSTS
    if not local and (parts.scheme != "https" or not parts.hostname):
        problems.append(f"{where}: must be an https URL, got {url[:80]!r}")
    return problems


# --- Quick reply --------------------------------------------------------------------------------


def _check_quick_reply(where: str, quick_reply: Any, allow_local_http: bool) -> list[str]:
    if not isinstance(quick_reply, dict):
        return [f"{where}: must be an object"]
    problems = [f"{where}.{key}: unknown field" for key in quick_reply if key not in QUICK_REPLY_KEYS]
    items = quick_reply.get("items")
    if not isinstance(items, list) or not items:
        return [*problems, f"{where}.items: required, a non-empty list"]
    if len(items) > MAX_QUICK_REPLY_ITEMS:
        problems.append(f"{where}.items: {len(items)} items, max {MAX_QUICK_REPLY_ITEMS}")
    for i, item in enumerate(items):
        problems += _check_quick_reply_item(f"{where}.items[{i}]", item, allow_local_http)
    return problems


def _check_quick_reply_item(where: str, item: Any, allow_local_http: bool) -> list[str]:
    if not isinstance(item, dict):
        return [f"{where}: must be an object"]
    problems = [f"{where}.{key}: unknown field" for key in item if key not in QUICK_REPLY_ITEM_KEYS]
    if item.get("type") != "action":
        problems.append(f"{where}.type: must be 'action'")
    problems += _check_image_url(f"{where}.imageUrl", item.get("imageUrl"), allow_local_http, required=False)
    action = item.get("action")
    if not isinstance(action, dict):
        return [*problems, f"{where}.action: required, an action object"]
    if action.get("type") not in QUICK_REPLY_ACTION_TYPES:
        problems.append(f"{where}.action.type: {action.get('type')!r} is not allowed in a quick reply")
    if not action.get("label"):
        problems.append(f"{where}.action.label: required in a quick reply")
    problems += _check_action(f"{where}.action", action, QUICK_REPLY_LABEL)
    return problems


# --- Actions ------------------------------------------------------------------------------------


def _check_action(where: str, action: dict[str, Any], label_limit: int) -> list[str]:
    """Length limits shared by every kind of action (quick reply, flex, template)."""
    problems = _check_text(f"{where}.label", action.get("label"), label_limit, required=False)
    kind = action.get("type")
    if kind == "postback":
        data = action.get("data")
        if not isinstance(data, str):
            problems.append(f"{where}.data: required for a postback action")
        elif utf16_len(data) > POSTBACK_DATA:
            problems.append(f"{where}.data: {utf16_len(data)} characters, max {POSTBACK_DATA}")
        problems += _check_text(
            f"{where}.displayText", action.get("displayText"), DISPLAY_TEXT, required=False
        )
        problems += _check_text(f"{where}.text", action.get("text"), DISPLAY_TEXT, required=False)
    elif kind == "message":
        problems += _check_text(f"{where}.text", action.get("text"), MESSAGE_ACTION_TEXT)
    elif kind == "uri":
        problems += _check_text(f"{where}.uri", action.get("uri"), URI_ACTION_URI)
    return problems


def _iter_actions(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every action object under `node`: values of `action` / `defaultAction` and items of `actions`."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{where}.{key}"
            if key in ("action", "defaultAction") and isinstance(value, dict):
                yield here, value
            elif key == "actions" and isinstance(value, list):
                for i, action in enumerate(value):
                    if isinstance(action, dict):
                        yield f"{here}[{i}]", action
            yield from _iter_actions(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _iter_actions(value, f"{where}[{i}]")


# --- Flex and template --------------------------------------------------------------------------


def _check_flex_message(where: str, message: dict[str, Any]) -> list[str]:
    problems = _check_text(f"{where}.altText", message.get("altText"), MAX_ALT_TEXT)
    contents = message.get("contents")
    if not isinstance(contents, dict):
        return [*problems, f"{where}.contents: required, a bubble or carousel"]
    here = f"{where}.contents"
    kind = contents.get("type")
    if kind == "bubble":
        problems += _check_size(here, contents, MAX_BUBBLE_BYTES, "bubble")
    elif kind == "carousel":
        problems += _check_carousel(here, contents)
    else:
        problems.append(f"{here}.type: must be 'bubble' or 'carousel', got {kind!r}")
    for action_where, action in _iter_actions(contents, here):
        problems += _check_action(action_where, action, FLEX_ACTION_LABEL)
    return problems


def _check_carousel(where: str, carousel: dict[str, Any]) -> list[str]:
    problems = _check_size(where, carousel, MAX_CAROUSEL_BYTES, "carousel")
    bubbles = carousel.get("contents")
    if not isinstance(bubbles, list) or not 1 <= len(bubbles) <= MAX_CAROUSEL_BUBBLES:
        count = len(bubbles) if isinstance(bubbles, list) else 0
        return [*problems, f"{where}.contents: {count} bubbles, must be 1 to {MAX_CAROUSEL_BUBBLES}"]
    for i, bubble in enumerate(bubbles):
        problems += _check_size(f"{where}.contents[{i}]", bubble, MAX_BUBBLE_BYTES, "bubble")
    return problems


def _check_size(where: str, value: Any, limit: int, what: str) -> list[str]:
    size = json_size(value)
    if size > limit:
        return [f"{where}: {what} JSON is {size} bytes, max {limit}"]
    return []


def _check_template_message(where: str, message: dict[str, Any]) -> list[str]:
    problems = _check_text(f"{where}.altText", message.get("altText"), MAX_ALT_TEXT)
    template = message.get("template")
    if not isinstance(template, dict):
        return [*problems, f"{where}.template: required, a template object"]
    for action_where, action in _iter_actions(template, f"{where}.template"):
        problems += _check_action(action_where, action, TEMPLATE_ACTION_LABEL)
    return problems
