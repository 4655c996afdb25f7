"""Signed LINE webhook bodies as LINE sends them (see the webhook samples in LINE's docs), for the
tests, the benchmarks and the emulator."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import time
import uuid
from typing import Any

Event = dict[str, Any]


def sign(body: str | bytes, secret: str) -> str:
    """The X-Line-Signature of ``body``: base64 of HMAC-SHA256 with the channel secret."""
    raw = body.encode() if isinstance(body, str) else body
    return base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest()).decode()


def event_id() -> str:
    return uuid.uuid4().hex.upper()[:26]


def user_event(
    kind: str, user_id: str, reply_token: str, *, source: dict[str, Any] | None = None, eid: str | None = None
) -> Event:
    """The fields every event from a user has; the caller adds the kind's own field."""
    return {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": source or {"type": "user", "userId": user_id},
        "webhookEventId": eid or event_id(),
        "deliveryContext": {"isRedelivery": False},
        "replyToken": reply_token,
    }


def text_event(
    user_id: str, text: str, reply_token: str, *, source: dict[str, Any] | None = None, eid: str | None = None
) -> Event:
    event = user_event("message", user_id, reply_token, source=source, eid=eid)
    event["message"] = {"id": str(time.time_ns()), "type": "text", "text": text, "quoteToken": "q"}
    return event


def follow_event(user_id: str, reply_token: str) -> Event:
    event = user_event("follow", user_id, reply_token)
    event["follow"] = {"isUnblocked": False}
    return event


def sticker_event(user_id: str, reply_token: str, message_id: str = "1") -> Event:
    event = user_event("message", user_id, reply_token)
    event["message"] = {
        "id": message_id,
        "type": "sticker",
        "packageId": "446",
        "stickerId": "1988",
        "stickerResourceType": "STATIC",
        "quoteToken": "q",
    }
    return event


def image_event(user_id: str, reply_token: str) -> Event:
    event = user_event("message", user_id, reply_token)
    event["message"] = {
        "id": str(time.time_ns()),
        "type": "image",
        "quoteToken": "q",
        "contentProvider": {"type": "line"},
    }
    return event


def postback_event(user_id: str, data: str, reply_token: str) -> Event:
    event = user_event("postback", user_id, reply_token)
    event["postback"] = {"data": data}
    return event


def body_of(*events: Event, destination: str = "Ubot") -> str:
    return json.dumps({"destination": destination, "events": list(events)}, ensure_ascii=False)


def free_port() -> int:
    """A TCP port on the loopback interface that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
