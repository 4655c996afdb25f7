"""A local LINE emulator for demos and training (development only, never in production).

It mounts the fake LINE Messaging API under ``/fake-line`` (point LINE_API_BASE_URL there) and a
chat page at ``/emulator``: pick a user, type, and the page posts a signed webhook event to our own
``/callback`` exactly as LINE would, then shows what the bot sent to that user. Requests LINE
would refuse are shown in red.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

from flask import Blueprint, Flask, current_app, jsonify, render_template, request
from sqlalchemy import select

from bot.fake_line import FakeLineStore, fake_line_blueprint
from bot.runtime import runtime
from models.entities import Role, Unit, User

FAKE_LINE_PREFIX = "/fake-line"
bp = Blueprint("emulator", __name__, template_folder="templates", static_folder="static",
               static_url_path="/emulator/static")


def register(app: Flask) -> None:
    store = FakeLineStore(strict=False, allow_local_http=True)
    app.extensions["tidtam_emulator"] = store
    app.register_blueprint(fake_line_blueprint(store, url_prefix=FAKE_LINE_PREFIX))
    app.register_blueprint(bp)


def store() -> FakeLineStore:
    return current_app.extensions["tidtam_emulator"]


def sign(secret: str, body: str) -> str:
    digest = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def make_event(user_id: str, kind: str, text: str | None, reply_token: str) -> dict:
    """A webhook event shaped like LINE's (see shared/line-webhook-samples)."""
    event = {
        "type": "message",
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user_id},
        "webhookEventId": uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": False},
        "replyToken": reply_token,
    }
    if kind == "text":
        event["message"] = {"id": str(time.time_ns()), "type": "text", "text": text or "", "quoteToken": "q"}
    elif kind == "sticker":
        event["message"] = {"id": str(time.time_ns()), "type": "sticker", "packageId": "446",
                            "stickerId": "1988", "stickerResourceType": "STATIC", "quoteToken": "q"}
    elif kind == "image":
        event["message"] = {"id": str(time.time_ns()), "type": "image", "quoteToken": "q",
                            "contentProvider": {"type": "line"}}
    elif kind == "follow":
        event["type"] = "follow"
        event["follow"] = {"isUnblocked": False}
    elif kind == "postback":
        event["type"] = "postback"
        event["postback"] = {"data": text or ""}
    else:
        raise ValueError(kind)
    return event


@bp.get("/emulator")
def page():
    return render_template("emulator.html")


@bp.get("/emulator/api/users")
def users():
    with runtime().sessions() as session:
        rows = session.execute(select(User, Unit).join(Unit, User.unit_id == Unit.id).order_by(User.id)).all()
        listed = [
            {
                "line_user_id": user.line_user_id,
                "display_name": user.display_name or user.line_user_id,
                "role": user.role,
                "unit": unit.name,
            }
            for user, unit in rows
        ]
    order = {r.value: i for i, r in enumerate(Role)}
    listed.sort(key=lambda u: order.get(u["role"], 9))
    return jsonify(users=listed)


@bp.post("/emulator/api/send")
def send():
    payload = request.get_json(silent=True) or {}
    user_id = str(payload.get("user_id") or "").strip()
    kind = payload.get("type", "text")
    if not user_id or len(user_id) > 64 or kind not in ("text", "sticker", "image", "follow", "postback"):
        return jsonify(error="bad request"), 400
    text = str(payload.get("text") or "")[:5000]
    if kind == "text" and not text.strip():
        return jsonify(error="empty text"), 400
    name = str(payload.get("display_name") or "").strip()
    if name:
        store().profiles[user_id] = {"userId": user_id, "displayName": name[:100]}
    token = store().issue_reply_token(user_id)
    body = json.dumps({"destination": "Uemulator", "events": [make_event(user_id, kind, text, token)]},
                      ensure_ascii=False)
    # Through the real webhook, signature and all, exactly as LINE would call it.
    response = current_app.test_client().post(
        "/callback", data=body.encode(), content_type="application/json",
        headers={"X-Line-Signature": sign(runtime().config.channel_secret, body)},
    )
    return jsonify(ok=response.status_code == 200, status=response.status_code)


@bp.get("/emulator/api/messages")
def messages():
    user_id = request.args.get("user_id", "")
    after = request.args.get("after", default=0, type=int)
    items = []
    for index, record in enumerate(store().all()):
        if index < after:
            continue
        mine = user_id in record.recipients or (record.json or {}).get("to") == user_id
        if not mine and not (record.problems and record.path.endswith("/reply")):
            continue
        items.append({
            "index": index,
            "path": record.path,
            "status": record.status,
            "problems": record.problems,
            "messages": record.messages,
            "time": record.time,
        })
    return jsonify(next=len(store().all()), items=items)
