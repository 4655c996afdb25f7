"""Helpers that let tests read like conversations: officer says X, bot answers Y."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

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
