"""A fake LINE Messaging API, for the tests and for the local emulator.

`FakeLineStore` records every request the bot makes and decides how to answer (faults, latency,
quota, strictness). `fake_line_blueprint(store, url_prefix)` serves the API paths of
messaging-api.yml from a Flask blueprint (the emulator mounts it inside the main app);
`create_fake_line_app(store)` wraps that blueprint in an app of its own, and `FakeLineServer` runs
that app on a free loopback port in a thread (these three are in `devtools.fake_line_server`):

    with FakeLineServer() as server:
        config = Configuration(host=server.url, access_token="test")
        ...
        assert server.store.pushes()[0].problems == []

Behaviour copied from LINE: Bearer token required (401), single-use reply tokens (400), body
limits from `bot.line_limits` (400 with `details`, unless `store.strict` is False), retry keys on
push/multicast (409 + `x-line-accepted-request-id` for a duplicate, nothing delivered twice),
monthly quota counted per push/multicast recipient (429 when exceeded), profiles (404 if unknown).
Rich menus (create, list, delete, image upload on the data host, aliases, default menu, per-user and
bulk links; `menu_of(user)` tells which menu a user sees) and message content (`add_content`, served
on the data host's `/v2/bot/message/{id}/content`) behave as LINE documents them.
"""

from __future__ import annotations

import json
import random
import re
import struct
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from itertools import count
from typing import Any

from bot.line_limits import (
    LOADING_PATH,
    MULTICAST_PATH,
    PUSH_PATH,
    REPLY_PATH,
    RETRY_KEY_HEADER,
    check_request,
)
from devtools.hostile_content import Streamed

QUOTA_PATH = "/v2/bot/message/quota"
CONSUMPTION_PATH = "/v2/bot/message/quota/consumption"
PROFILE_PREFIX = "/v2/bot/profile/"
RICH_MENU = "/v2/bot/richmenu"
MAX_RICH_MENU_IMAGE = 1_000_000
_MENU_ID = r"richmenu-[0-9a-f]{32}"
_ROUTES = [
    ("GET", re.compile(r"^/v2/bot/richmenu/list$"), "menu_list"),
    ("GET", re.compile(r"^/v2/bot/richmenu/alias/list$"), "alias_list"),
    ("POST", re.compile(r"^/v2/bot/richmenu/alias$"), "alias_create"),
    ("GET", re.compile(r"^/v2/bot/richmenu/alias/([A-Za-z0-9_-]+)$"), "alias_get"),
    ("POST", re.compile(r"^/v2/bot/richmenu/alias/([A-Za-z0-9_-]+)$"), "alias_update"),
    ("DELETE", re.compile(r"^/v2/bot/richmenu/alias/([A-Za-z0-9_-]+)$"), "alias_delete"),
    ("POST", re.compile(r"^/v2/bot/richmenu/bulk/link$"), "bulk_link"),
    ("POST", re.compile(r"^/v2/bot/richmenu$"), "menu_create"),
    ("POST", re.compile(rf"^/v2/bot/richmenu/({_MENU_ID})/content$"), "image_upload"),
    ("GET", re.compile(rf"^/v2/bot/richmenu/({_MENU_ID})/content$"), "image_get"),
    ("GET", re.compile(rf"^/v2/bot/richmenu/({_MENU_ID})$"), "menu_get"),
    ("DELETE", re.compile(rf"^/v2/bot/richmenu/({_MENU_ID})$"), "menu_delete"),
    ("POST", re.compile(rf"^/v2/bot/user/all/richmenu/({_MENU_ID})$"), "default_set"),
    ("GET", re.compile(r"^/v2/bot/user/all/richmenu$"), "default_get"),
    ("POST", re.compile(rf"^/v2/bot/user/([^/]+)/richmenu/({_MENU_ID})$"), "user_link"),
    ("GET", re.compile(r"^/v2/bot/user/([^/]+)/richmenu$"), "user_get"),
    ("DELETE", re.compile(r"^/v2/bot/user/([^/]+)/richmenu$"), "user_unlink"),
    ("GET", re.compile(r"^/v2/bot/message/([^/]+)/content$"), "content_get"),
]
DELIVERY_PATHS = frozenset({REPLY_PATH, PUSH_PATH, MULTICAST_PATH})
COUNTED_PATHS = frozenset({PUSH_PATH, MULTICAST_PATH})  # count against the monthly quota
FAULT_MESSAGES = {
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}


@dataclass
class RecordedRequest:
    """One request the fake received, and how it answered."""

    method: str
    path: str  # API path, without the mount prefix: "/v2/bot/message/push"
    headers: dict[str, str]  # lower-case names
    json: Any  # parsed body, or None
    status: int = 0
    problems: list[str] = field(default_factory=list)  # from line_limits.check_request
    retry_key: str | None = None
    time: float = field(default_factory=time.time)
    recipients: list[str | None] = field(default_factory=list)  # who received it (delivered only)
    request_id: str | None = None  # x-line-request-id answered
    content_type: str = ""  # of the request body
    raw: bytes = b""  # the body when it is not JSON (a rich menu image)

    @property
    def delivered(self) -> bool:
        """True when LINE would have shown the messages to the recipients."""
        return self.path in DELIVERY_PATHS and self.status == 200

    @property
    def messages(self) -> list[dict[str, Any]]:
        body = self.json if isinstance(self.json, dict) else {}
        messages = body.get("messages")
        return messages if isinstance(messages, list) else []


@dataclass
class _Fault:
    path_prefix: str
    statuses: deque[int]
    retry_after: int | None


@dataclass
class _Answer:
    status: int
    body: Any  # JSON, or bytes (served as they are, with headers["content-type"])
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class RichMenu:
    definition: dict[str, Any]
    image: bytes | None = None
    image_type: str = ""


class FakeLineStore:
    """Thread-safe recorder and behaviour of the fake LINE API."""

    def __init__(self, *, strict: bool = True, quota: int | None = 1000, allow_local_http: bool = False):
        self.strict = strict  # reject requests with limit problems (400), like LINE
        self.quota: int | None = quota  # monthly message quota; None = no limit
        self.allow_local_http = allow_local_http  # accept http://127.0.0.1 image URLs (emulator)
        self.profiles: dict[str, dict[str, Any]] = {}
        self.requests: list[RecordedRequest] = []
        self.latency = 0.0
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._faults: list[_Fault] = []
        self._random_fault: tuple[str, float, tuple[int, ...], random.Random] | None = None
        self._reply_users: dict[str, str] = {}
        self._used_tokens: set[str] = set()
        self._accepted_keys: dict[str, RecordedRequest] = {}
        self._usage = 0
        self._ids = count(460_000_000_000_000_001)
        self.rich_menus: dict[str, RichMenu] = {}
        self.aliases: dict[str, str] = {}
        self.default_menu: str | None = None
        self.user_menus: dict[str, str] = {}
        self.contents: dict[str, tuple[bytes | Streamed, str]] = {}
        # Called with (method, path) as each request arrives, before it is answered: a test can look
        # at what the caller holds while it waits for LINE.
        self.on_request: Callable[[str, str], None] | None = None

    # --- Programming the fake -------------------------------------------------------------------

    def bind_reply_token(self, token: str, user_id: str) -> None:
        """Tell the fake which user a reply token (sent in a webhook) belongs to."""
        with self._lock:
            self._reply_users[token] = user_id

    def issue_reply_token(self, user_id: str) -> str:
        """A fresh reply token bound to `user_id` (to put in a webhook event)."""
        token = uuid.uuid4().hex
        self.bind_reply_token(token, user_id)
        return token

    def fail_next(self, path_prefix: str, statuses: list[int], retry_after: int | None = None) -> None:
        """Answer the next requests whose path starts with `path_prefix` with `statuses`, in order."""
        with self._lock:
            self._faults.append(_Fault(path_prefix, deque(statuses), retry_after))

    def set_failure_rate(
        self, path_prefix: str, rate: float, statuses: tuple[int, ...] = (500, 429), seed: int = 0
    ) -> None:
        """Answer a random share of matching requests with one of `statuses` (benchmarks)."""
        with self._lock:
            self._random_fault = (path_prefix, rate, statuses, random.Random(seed))

    def set_latency(self, seconds: float) -> None:
        """Sleep this long before answering each request."""
        self.latency = seconds

    def add_content(
        self, message_id: str, content: bytes | Streamed, content_type: str = "image/jpeg"
    ) -> None:
        """What `GET /v2/bot/message/{message_id}/content` answers (a photo a user sent); a
        `Streamed` body (devtools/hostile_content.py) is served at its own pace."""
        with self._lock:
            self.contents[message_id] = (content, content_type)

    def switch_menu(self, user_id: str, alias: str) -> bool:
        """What a richmenuswitch area does in the LINE app: show the aliased menu to this user."""
        with self._lock:
            menu_id = self.aliases.get(alias)
            if menu_id is None:
                return False
            self.user_menus[user_id] = menu_id
            return True

    def menu_of(self, user_id: str) -> str | None:
        """The rich menu a user sees: the one linked to them, else the default one."""
        with self._lock:
            return self.user_menus.get(user_id) or self.default_menu

    def clear(self) -> None:
        """Forget requests, faults, latency, tokens, retry keys and usage (keeps profiles, quota, strict)."""
        with self._lock:
            self.requests.clear()
            self._faults.clear()
            self._random_fault = None
            self._reply_users.clear()
            self._used_tokens.clear()
            self._accepted_keys.clear()
            self._usage = 0
            self.latency = 0.0

    # --- Reading what happened ------------------------------------------------------------------

    def all(self, path: str | None = None) -> list[RecordedRequest]:
        """A snapshot of the recorded requests, optionally only those to `path`."""
        with self._lock:
            return [r for r in self.requests if path is None or r.path == path]

    def replies(self) -> list[RecordedRequest]:
        """Every reply request, whatever it was answered."""
        return self.all(REPLY_PATH)

    def pushes(self) -> list[RecordedRequest]:
        """Every push request, whatever it was answered."""
        return self.all(PUSH_PATH)

    def multicasts(self) -> list[RecordedRequest]:
        return self.all(MULTICAST_PATH)

    def messages_to(self, user_id: str) -> list[dict[str, Any]]:
        """Message objects delivered to `user_id` by reply, push or multicast, in order."""
        return [m for r in self.all() if r.delivered and user_id in r.recipients for m in r.messages]

    def problems(self) -> list[str]:
        """Every limit problem seen so far, prefixed with the request path."""
        return [f"{r.path} {p}" for r in self.all() for p in r.problems]

    @property
    def usage(self) -> int:
        """Messages counted against the quota this month (push/multicast recipients)."""
        with self._lock:
            return self._usage

    def wait_for(self, predicate: Callable[[FakeLineStore], bool], timeout: float = 5.0) -> bool:
        """Block until `predicate(store)` is true (re-checked after each request) or timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self), timeout)

    # --- Answering (used by the blueprint) ------------------------------------------------------

    def handle(
        self, method: str, path: str, headers: dict[str, str], raw_body: bytes, *, wait: bool = True
    ) -> _Answer:
        """Record one request and decide the answer (after the latency, unless the caller waits it
        out itself: ``wait=False``)."""
        if self.on_request is not None:
            self.on_request(method, path)
        if wait and self.latency > 0:
            time.sleep(self.latency)
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        binary = content_type.startswith("image/")
        body, bad_json = (None, False) if binary else _parse_json(raw_body)
        record = RecordedRequest(
            method=method,
            path=path,
            headers=headers,
            json=body,
            retry_key=headers.get(RETRY_KEY_HEADER.lower()),
            content_type=content_type,
            raw=raw_body if binary else b"",
        )
        if method == "POST" and not binary:
            record.problems = (
                ["body: not valid JSON"]
                if bad_json
                else check_request(path, body, headers, allow_local_http=self.allow_local_http)
            )
        with self._changed:
            answer = self._answer(record)
            record.status = answer.status
            record.request_id = answer.headers.get("x-line-request-id")
            self.requests.append(record)
            self._changed.notify_all()
        return answer

    def _answer(self, record: RecordedRequest) -> _Answer:
        answer = self._check_auth(record) or self._take_fault(record.path)
        if answer is None:
            answer = self._route(record)
        answer.headers.setdefault("x-line-request-id", str(uuid.uuid4()))
        return answer

    def _check_auth(self, record: RecordedRequest) -> _Answer | None:
        scheme, _, token = record.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return None
        return _error(
            401, "Authentication failed. Confirm that the access token in the authorization header is valid."
        )

    def _take_fault(self, path: str) -> _Answer | None:
        random_fault = self._random_fault
        if random_fault is not None and path.startswith(random_fault[0]):
            prefix, rate, statuses, rng = random_fault
            with self._lock:
                roll, status = rng.random(), rng.choice(statuses)
            if roll < rate:
                return _error(status, FAULT_MESSAGES.get(status, HTTPStatus(status).phrase))
        for fault in self._faults:
            if path.startswith(fault.path_prefix) and fault.statuses:
                status = fault.statuses.popleft()
                if not fault.statuses:
                    self._faults.remove(fault)
                answer = _error(status, FAULT_MESSAGES.get(status, HTTPStatus(status).phrase))
                if status == 429 and fault.retry_after is not None:
                    answer.headers["Retry-After"] = str(fault.retry_after)
                return answer
        return None

    def _route(self, record: RecordedRequest) -> _Answer:
        path, method = record.path, record.method
        if method == "POST" and path in DELIVERY_PATHS:
            return self._deliver(record)
        if method == "POST" and path == LOADING_PATH:
            return self._reject(record) or _Answer(202, {})
        if method == "GET" and path == QUOTA_PATH:
            quota = {"type": "none"} if self.quota is None else {"type": "limited", "value": self.quota}
            return _Answer(200, quota)
        if method == "GET" and path == CONSUMPTION_PATH:
            return _Answer(200, {"totalUsage": self._usage})
        if method == "GET" and path.startswith(PROFILE_PREFIX):
            return self._profile(path.removeprefix(PROFILE_PREFIX))
        for route_method, pattern, name in _ROUTES:
            match = pattern.match(path)
            if match and route_method == method:
                answer: _Answer = getattr(self, "_" + name)(record, *match.groups())
                return answer
        return _error(404, "Not found")

    # --- rich menus and message content ---------------------------------------------------------

    def _menu_create(self, record: RecordedRequest) -> _Answer:
        rejected = self._reject(record)
        if rejected:
            return rejected
        body = record.json if isinstance(record.json, dict) else {}
        problems = _rich_menu_problems(body)
        if problems:
            return _error(400, "The request body has errors", details=[_detail(p) for p in problems])
        menu_id = "richmenu-" + uuid.uuid4().hex
        self.rich_menus[menu_id] = RichMenu(dict(body))
        return _Answer(200, {"richMenuId": menu_id})

    def _menu_list(self, record: RecordedRequest) -> _Answer:
        menus = [{"richMenuId": i, **m.definition} for i, m in self.rich_menus.items()]
        return _Answer(200, {"richmenus": menus})

    def _menu_get(self, record: RecordedRequest, menu_id: str) -> _Answer:
        menu = self.rich_menus.get(menu_id)
        return _Answer(200, {"richMenuId": menu_id, **menu.definition}) if menu else _error(404, "Not found")

    def _menu_delete(self, record: RecordedRequest, menu_id: str) -> _Answer:
        if self.rich_menus.pop(menu_id, None) is None:
            return _error(404, "Not found")
        self.user_menus = {u: m for u, m in self.user_menus.items() if m != menu_id}
        if self.default_menu == menu_id:
            self.default_menu = None
        return _Answer(200, {})

    def _image_upload(self, record: RecordedRequest, menu_id: str) -> _Answer:
        menu = self.rich_menus.get(menu_id)
        if menu is None:
            return _error(404, "Not found")
        if menu.image is not None:
            return _error(400, "An image has already been uploaded to the richmenu")
        problems = _image_problems(record, menu.definition)
        if problems:
            record.problems = problems
            return _error(400, "; ".join(problems))
        menu.image, menu.image_type = record.raw, record.content_type
        return _Answer(200, {})

    def _image_get(self, record: RecordedRequest, menu_id: str) -> _Answer:
        menu = self.rich_menus.get(menu_id)
        if menu is None or menu.image is None:
            return _error(404, "Not found")
        return _Answer(200, menu.image, {"content-type": menu.image_type})

    def _alias_list(self, record: RecordedRequest) -> _Answer:
        aliases = [{"richMenuAliasId": a, "richMenuId": m} for a, m in self.aliases.items()]
        return _Answer(200, {"aliases": aliases})

    def _alias_create(self, record: RecordedRequest) -> _Answer:
        body = record.json if isinstance(record.json, dict) else {}
        alias, menu_id = body.get("richMenuAliasId"), body.get("richMenuId")
        if not isinstance(alias, str) or menu_id not in self.rich_menus:
            return _error(400, "richmenu not found")
        if alias in self.aliases:
            return _error(400, "conflict richmenu alias id")
        self.aliases[alias] = str(menu_id)
        return _Answer(200, {})

    def _alias_get(self, record: RecordedRequest, alias: str) -> _Answer:
        if alias not in self.aliases:
            return _error(404, "richmenu alias not found")
        return _Answer(200, {"richMenuAliasId": alias, "richMenuId": self.aliases[alias]})

    def _alias_update(self, record: RecordedRequest, alias: str) -> _Answer:
        menu_id = (record.json or {}).get("richMenuId") if isinstance(record.json, dict) else None
        if alias not in self.aliases or menu_id not in self.rich_menus:
            return _error(400, "richmenu alias or richmenu not found")
        self.aliases[alias] = str(menu_id)
        return _Answer(200, {})

    def _alias_delete(self, record: RecordedRequest, alias: str) -> _Answer:
        return _Answer(200, {}) if self.aliases.pop(alias, None) else _error(404, "Not found")

    def _ready(self, menu_id: str) -> _Answer | None:
        menu = self.rich_menus.get(menu_id)
        if menu is None:
            return _error(404, "richmenu not found")
        if menu.image is None:
            return _error(400, "must upload richmenu image before applying it to user")
        return None

    def _default_set(self, record: RecordedRequest, menu_id: str) -> _Answer:
        refused = self._ready(menu_id)
        if refused:
            return refused
        self.default_menu = menu_id
        return _Answer(200, {})

    def _default_get(self, record: RecordedRequest) -> _Answer:
        if self.default_menu is None:
            return _error(404, "no default richmenu")
        return _Answer(200, {"richMenuId": self.default_menu})

    def _user_link(self, record: RecordedRequest, user_id: str, menu_id: str) -> _Answer:
        refused = self._ready(menu_id)
        if refused:
            return refused
        self.user_menus[user_id] = menu_id
        return _Answer(200, {})

    def _bulk_link(self, record: RecordedRequest) -> _Answer:
        body = record.json if isinstance(record.json, dict) else {}
        menu_id, users = str(body.get("richMenuId")), body.get("userIds")
        refused = self._ready(menu_id)
        if refused:
            return refused
        if not isinstance(users, list) or not 1 <= len(users) <= 500:
            return _error(400, "userIds: 1 to 500 user ids")
        for user_id in users:
            self.user_menus[str(user_id)] = menu_id
        return _Answer(202, {})

    def _user_get(self, record: RecordedRequest, user_id: str) -> _Answer:
        menu_id = self.user_menus.get(user_id)
        return _Answer(200, {"richMenuId": menu_id}) if menu_id else _error(404, "the user has no richmenu")

    def _user_unlink(self, record: RecordedRequest, user_id: str) -> _Answer:
        self.user_menus.pop(user_id, None)
        return _Answer(200, {})

    def _content_get(self, record: RecordedRequest, message_id: str) -> _Answer:
        found = self.contents.get(message_id)
        if found is None:
            return _error(404, "Not found")
        return _Answer(200, found[0], {"content-type": found[1]})

    def _reject(self, record: RecordedRequest) -> _Answer | None:
        """400 for a request with limit problems, when strict."""
        if not record.problems or not self.strict:
            return None
        details = [_detail(problem) for problem in record.problems]
        return _error(400, f"The request body has {len(details)} error(s)", details=details)

    def _deliver(self, record: RecordedRequest) -> _Answer:
        rejected = self._reject(record)
        if rejected:
            return rejected
        body = record.json
        if not isinstance(body, dict):
            return _error(
                400, "The request body has 1 error(s)", details=[{"message": "must be a JSON object"}]
            )
        if record.path in COUNTED_PATHS and record.retry_key in self._accepted_keys:
            return self._duplicate(self._accepted_keys[record.retry_key])
        if record.path == REPLY_PATH:
            token = body.get("replyToken")
            if token in self._used_tokens:
                return _error(400, "Invalid reply token")
            recipients: list[str | None] = [self._reply_users.get(token) if isinstance(token, str) else None]
        else:
            to = body.get("to")
            recipients = list(to) if isinstance(to, list) else [to]
        if (
            record.path in COUNTED_PATHS
            and self.quota is not None
            and self._usage + len(recipients) > self.quota
        ):
            return _error(429, "You have reached your monthly limit.")
        return self._accept(record, recipients)

    def _accept(self, record: RecordedRequest, recipients: list[str | None]) -> _Answer:
        record.recipients = recipients
        if record.path == REPLY_PATH:
            self._used_tokens.add(record.json.get("replyToken"))
        else:
            self._usage += len(recipients)
        answer = _Answer(200, {}, {"x-line-request-id": str(uuid.uuid4())})
        if record.path != MULTICAST_PATH:
            answer.body = {"sentMessages": [self._sent_message() for _ in record.messages]}
        if record.retry_key and record.path in COUNTED_PATHS:
            self._accepted_keys[record.retry_key] = record
        return answer

    def _duplicate(self, original: RecordedRequest) -> _Answer:
        accepted_id = original.request_id or ""
        return _error(
            409, "The retry key is already accepted", headers={"x-line-accepted-request-id": accepted_id}
        )

    def _sent_message(self) -> dict[str, str]:
        return {"id": str(next(self._ids)), "quoteToken": uuid.uuid4().hex}

    def _profile(self, user_id: str) -> _Answer:
        profile = self.profiles.get(user_id)
        if profile is None:
            return _error(404, "Not found")
        return _Answer(200, {"userId": user_id, **profile})


def _rich_menu_problems(body: dict[str, Any]) -> list[str]:
    """What LINE refuses in a rich menu object (LINE-LIMITS: size, chatBarText, areas)."""
    problems = []
    found_size = body.get("size")
    size: dict[str, Any] = found_size if isinstance(found_size, dict) else {}
    width, height = size.get("width", 0), size.get("height", 0)
    if not (800 <= width <= 2500 and height >= 250 and width / max(height, 1) >= 1.45):
        problems.append(f"size: {width}x{height} is not a rich menu size")
    if not 1 <= len(str(body.get("chatBarText", ""))) <= 14:
        problems.append("chatBarText: 1 to 14 characters")
    found_areas = body.get("areas")
    areas: list[Any] = found_areas if isinstance(found_areas, list) else []
    if len(areas) > 20:
        problems.append(f"areas: {len(areas)} areas, max 20")
    for i, area in enumerate(areas):
        b = area.get("bounds", {})
        if b.get("x", 0) + b.get("width", 0) > width or b.get("y", 0) + b.get("height", 0) > height:
            problems.append(f"areas[{i}].bounds: outside the menu")
    return problems


def _image_problems(record: RecordedRequest, definition: dict[str, Any]) -> list[str]:
    """A rich menu image: JPEG or PNG, at most 1 MB, the menu's own size."""
    raw = record.raw
    if record.content_type not in ("image/png", "image/jpeg"):
        return [f"content-type: {record.content_type or 'none'}, expected image/png or image/jpeg"]
    if len(raw) > MAX_RICH_MENU_IMAGE:
        return [f"image: {len(raw)} bytes, max {MAX_RICH_MENU_IMAGE}"]
    size = definition.get("size", {})
    if record.content_type == "image/png":
        if raw[:8] != b"\x89PNG\r\n\x1a\n" or len(raw) < 24:
            return ["image: not a PNG"]
        width, height = struct.unpack(">II", raw[16:24])
        if (width, height) != (size.get("width"), size.get("height")):
            return [f"image: {width}x{height}, the menu is {size.get('width')}x{size.get('height')}"]
    elif raw[:3] != b"\xff\xd8\xff":
        return ["image: not a JPEG"]
    return []


def _parse_json(raw: bytes) -> tuple[Any, bool]:
    """(parsed body or None, True when the body was present but not JSON)."""
    if not raw:
        return None, False
    try:
        return json.loads(raw), False
    except ValueError:
        return None, True


def _error(
    status: int,
    message: str,
    *,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> _Answer:
    body: dict[str, Any] = {"message": message}
    if details:
        body["details"] = details
    return _Answer(status, body, dict(headers or {}))


def _detail(problem: str) -> dict[str, str]:
    """LINE's error detail {"message", "property"} from "property: message"."""
    prop, sep, message = problem.partition(": ")
    return {"message": message, "property": prop} if sep else {"message": problem}
