"""Helpers that let tests read like conversations: officer says X, bot answers Y."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from openpyxl import load_workbook

from tests import plans

SECRET = "test-channel-secret"
TOKEN = "test-access-token"


def sign(body: str | bytes, secret: str = SECRET) -> str:
    raw = body.encode() if isinstance(body, str) else body
    return base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest()).decode()


def event_id() -> str:
    return uuid.uuid4().hex.upper()[:26]


def text_event(user_id: str, text: str, reply_token: str, *, source: dict | None = None, eid: str | None = None) -> dict:
    return {
        "type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
        "source": source or {"type": "user", "userId": user_id},
        "webhookEventId": eid or event_id(), "deliveryContext": {"isRedelivery": False},
        "replyToken": reply_token,
        "message": {"id": str(time.time_ns()), "type": "text", "text": text, "quoteToken": "q"},
    }


def follow_event(user_id: str, reply_token: str) -> dict:
    return {
        "type": "follow", "mode": "active", "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user_id}, "webhookEventId": event_id(),
        "deliveryContext": {"isRedelivery": False}, "replyToken": reply_token,
        "follow": {"isUnblocked": False},
    }


def sticker_event(user_id: str, reply_token: str) -> dict:
    return {
        "type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user_id}, "webhookEventId": event_id(),
        "deliveryContext": {"isRedelivery": False}, "replyToken": reply_token,
        "message": {"id": "1", "type": "sticker", "packageId": "446", "stickerId": "1988",
                    "stickerResourceType": "STATIC", "quoteToken": "q"},
    }


def body_of(*events: dict) -> str:
    return json.dumps({"destination": "Ubot", "events": list(events)}, ensure_ascii=False)


def texts_of(messages: list[dict[str, Any]]) -> list[str]:
    return [m.get("text") or m.get("altText") or "" for m in messages]


def quick_labels(messages: list[dict[str, Any]]) -> list[str]:
    if not messages:
        return []
    items = (messages[-1].get("quickReply") or {}).get("items") or []
    return [i["action"]["label"] for i in items]


@dataclass
class Chat:
    """Talks to the bot through signed webhooks and reads what it sent through the fake LINE API."""

    post: Any  # callable(body: bytes, headers: dict) -> status code
    store: Any  # FakeLineStore
    sent: list[str] = field(default_factory=list)

    def deliver(self, *events: dict, secret: str = SECRET) -> int:
        body = body_of(*events)
        return self.post(body.encode(), {"X-Line-Signature": sign(body, secret), "Content-Type": "application/json"})

    def _replies_for(self, token: str) -> list[dict]:
        out = []
        for record in self.store.replies():
            if (record.json or {}).get("replyToken") == token and record.status == 200:
                out.extend(record.messages)
        return out

    def say(self, user_id: str, text: str) -> list[dict]:
        """User types ``text``; returns the message objects the bot replied with."""
        token = self.store.issue_reply_token(user_id)
        status = self.deliver(text_event(user_id, text, token))
        assert status == 200, status
        return self._replies_for(token)

    def says(self, user_id: str, text: str) -> str:
        """Like ``say`` but returns all reply texts joined, for readable assertions."""
        return "\n".join(texts_of(self.say(user_id, text)))

    def follow(self, user_id: str) -> list[dict]:
        token = self.store.issue_reply_token(user_id)
        assert self.deliver(follow_event(user_id, token)) == 200
        return self._replies_for(token)

    def sticker(self, user_id: str) -> list[dict]:
        token = self.store.issue_reply_token(user_id)
        assert self.deliver(sticker_event(user_id, token)) == 200
        return self._replies_for(token)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int | None = None, timeout: float = 60.0):
    """Run `tidtam serve` in a subprocess; return (process, base_url) once /healthz answers."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except requests.ConnectionError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("tidtam serve did not start")


def http_chat(url: str, store) -> Chat:
    def post(body: bytes, headers: dict) -> int:
        return requests.post(f"{url}/callback", data=body, headers=headers, timeout=10).status_code

    return Chat(post=post, store=store)


def tidtam(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result



def fill_template(path: Path) -> None:
    book = load_workbook(path)
    for sheet, rows in (("หน่วยงาน", plans.UNITS), ("ตัวชี้วัด", plans.INDICATORS),
                        ("เป้าหมายรายหน่วย", plans.TARGETS), ("งบประมาณ", plans.BUDGET)):
        for row in rows:
            book[sheet].append(list(row))
    book.save(path)


