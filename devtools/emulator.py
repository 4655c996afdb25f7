"""A local LINE emulator for demos and training: mounted only with TIDTAM_EMULATOR=1 or `tidtam demo`,
never in production (the start is refused).

It mounts the fake LINE Messaging API under ``/fake-line`` (point LINE_API_BASE_URL there) and a
chat page at ``/emulator``: pick a user, type, and the page posts a signed webhook event to our own
``/callback`` exactly as LINE would, then shows what the bot sent to that user. Requests LINE
would refuse are shown in red.
"""

from __future__ import annotations

import io
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from bot import rich_menus
from bot.runtime import runtime
from devtools import line_events
from devtools.fake_line import FakeLineStore
from devtools.fake_line_server import fake_line_blueprint
from models.clock import to_bangkok
from models.db import transaction
from models.entities import Role, Unit, User
from models.registration import InviteError, create_invites

FAKE_LINE_PREFIX = "/fake-line"
bp = Blueprint(
    "emulator",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/emulator/static",
)


@dataclass
class SentLog:
    """What the emulator's users sent (LINE keeps no record of it for us), so the page can show it.

    ``before`` is the number of requests the fake LINE API had recorded when the event was posted:
    the user's bubble goes before request number ``before``.
    """

    items: list[dict[str, Any]] = field(default_factory=list)
    reply_users: dict[str, str] = field(default_factory=dict)  # reply token -> user id
    lock: threading.Lock = field(default_factory=threading.Lock)


_SYNC_LOCK = threading.Lock()


def register(app: Flask) -> None:
    store = FakeLineStore(strict=False, allow_local_http=True)
    app.extensions["tidtam_emulator"] = store
    app.extensions["tidtam_emulator_menus"] = {"synced": False}
    app.extensions["tidtam_emulator_sent"] = SentLog()
    app.register_blueprint(fake_line_blueprint(store, url_prefix=FAKE_LINE_PREFIX))
    app.register_blueprint(bp)


def store() -> FakeLineStore:
    found = current_app.extensions["tidtam_emulator"]
    if not isinstance(found, FakeLineStore):
        raise RuntimeError("the emulator is not registered on this app")
    return found


def sent_log() -> SentLog:
    found = current_app.extensions["tidtam_emulator_sent"]
    if not isinstance(found, SentLog):
        raise RuntimeError("the emulator is not registered on this app")
    return found


def make_event(user_id: str, kind: str, text: str | None, reply_token: str) -> dict[str, Any]:
    """A webhook event shaped like LINE's, of the kind the page sends."""
    if kind == "text":
        return line_events.text_event(user_id, text or "", reply_token)
    if kind == "sticker":
        return line_events.sticker_event(user_id, reply_token, message_id=str(time.time_ns()))
    if kind == "image":
        event = line_events.image_event(user_id, reply_token)
        store().add_content(event["message"]["id"], _sample_photo())  # what LINE keeps for the bot
        return event
    if kind == "follow":
        return line_events.follow_event(user_id, reply_token)
    if kind == "postback":
        return line_events.postback_event(user_id, text or "", reply_token)
    raise ValueError(kind)


def _sample_photo() -> bytes:
    """A small JPEG standing for the photo a user sends from the emulator."""
    from PIL import Image  # only when the emulator sends a photo

    out = io.BytesIO()
    Image.new("RGB", (320, 240), "#6ab187").save(out, "JPEG", quality=80)
    return out.getvalue()


def _ensure_rich_menus() -> None:
    """`tidtam richmenu sync` against the emulator's fake LINE API, once per app (the bot calls the
    fake API over HTTP, as it would call LINE)."""
    state = current_app.extensions["tidtam_emulator_menus"]
    with _SYNC_LOCK:
        if not state["synced"]:
            rt = runtime()
            rich_menus.sync(rt)
            with rt.sessions() as session:  # the demo users were created without a registration
                users = session.execute(select(User.line_user_id, User.role)).all()
            rich_menus.link_rich_menus(rt, [(line_user_id, role) for line_user_id, role in users])
            state["synced"] = True


@bp.get("/emulator/api/richmenu")
def rich_menu() -> ResponseReturnValue:
    """The rich menu the user sees (linked or default), with its areas, for the page to draw."""
    try:
        _ensure_rich_menus()
    except Exception as error:  # the page shows no menu; the reason is in the log
        current_app.logger.warning("rich menu sync failed: %s", error)
        return jsonify(menu=None)
    user_id = request.args.get("user_id", "")
    menu_id = store().menu_of(user_id)
    menu = store().rich_menus.get(menu_id) if menu_id else None
    if menu is None:
        return jsonify(menu=None)
    definition = menu.definition
    return jsonify(
        menu={
            "richMenuId": menu_id,
            "chatBarText": definition.get("chatBarText", ""),
            "size": definition.get("size"),
            "areas": definition.get("areas", []),
            "image": f"/emulator/api/richmenu/{menu_id}/image",
        }
    )


@bp.get("/emulator/api/richmenu/<menu_id>/image")
def rich_menu_image(menu_id: str) -> ResponseReturnValue:
    menu = store().rich_menus.get(menu_id)
    if menu is None or menu.image is None:
        return jsonify(error="not found"), 404
    return Response(menu.image, mimetype=menu.image_type or "image/png")


@bp.post("/emulator/api/richmenu/switch")
def rich_menu_switch() -> ResponseReturnValue:
    """A richmenuswitch area: LINE shows the aliased menu to this user (the postback follows)."""
    payload = request.get_json(silent=True) or {}
    user_id = str(payload.get("user_id") or "")
    alias = str(payload.get("alias") or "")
    if not user_id or not store().switch_menu(user_id, alias):
        return jsonify(error="unknown alias"), 400
    return jsonify(ok=True)


def _sync_in_background(app: Flask) -> None:
    with app.app_context():
        try:
            _ensure_rich_menus()
        except Exception as error:  # the page shows no menu; the reason is in the log
            app.logger.warning("rich menu sync failed: %s", error)


@bp.get("/emulator")
def page() -> ResponseReturnValue:
    if not current_app.extensions["tidtam_emulator_menus"]["synced"]:
        # Draw and upload the rich menus while the page loads (a few seconds the first time).
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        threading.Thread(target=_sync_in_background, args=(app,), daemon=True, name="emulator-menus").start()
    return render_template("emulator.html")


@bp.get("/emulator/api/users")
def users() -> ResponseReturnValue:
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
def send() -> ResponseReturnValue:
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
    log = sent_log()
    with log.lock:
        log.reply_users[token] = user_id
        entry = {
            "seq": len(log.items),
            "client_id": str(payload.get("client_id") or "")[:64],
            "user_id": user_id,
            "type": kind,
            "text": text,
            "display_text": str(payload.get("display_text") or "")[:300] if kind == "postback" else "",
            "before": len(store().all()),
            "time": time.time(),
        }
        log.items.append(entry)
    body = json.dumps(
        {"destination": "Uemulator", "events": [make_event(user_id, kind, text, token)]}, ensure_ascii=False
    )
    # Through the real webhook, signature and all, exactly as LINE would call it.
    response = current_app.test_client().post(
        "/callback",
        data=body.encode(),
        content_type="application/json",
        headers={"X-Line-Signature": line_events.sign(body, runtime().config.channel_secret)},
    )
    entry["status"] = response.status_code
    return jsonify(
        ok=response.status_code == 200, status=response.status_code, seq=entry["seq"], before=entry["before"]
    )


@bp.get("/emulator/api/messages")
def messages() -> ResponseReturnValue:
    user_id = request.args.get("user_id", "")
    after = request.args.get("after", default=0, type=int)
    log = sent_log()
    with log.lock:
        sent = [dict(entry) for entry in log.items if entry["user_id"] == user_id]
        reply_users = dict(log.reply_users)
    items = []
    records = store().all()
    for index, record in enumerate(records):
        if index < after:
            continue
        body = record.json if isinstance(record.json, dict) else {}
        to = body.get("to")
        token = body.get("replyToken") if isinstance(body.get("replyToken"), str) else None
        mine = (
            user_id in record.recipients
            or to == user_id
            or (isinstance(to, list) and user_id in to)
            or body.get("chatId") == user_id
            or (token is not None and reply_users.get(token) == user_id)
        )
        # A reply that failed and cannot be traced to a user is shown to everyone.
        unowned = record.path.endswith("/reply") and not record.recipients and token not in reply_users
        if not mine and not (record.problems and unowned):
            continue
        items.append(
            {
                "index": index,
                "path": record.path,
                "status": record.status,
                "problems": record.problems,
                "messages": record.messages,
                "time": record.time,
            }
        )
    # `sent`: what this user sent through the emulator (all of it; each has `before`, see SentLog).
    return jsonify(next=len(records), items=items, sent=sent)


@bp.get("/emulator/api/info")
def info() -> ResponseReturnValue:
    """The moment the app acts as if it were (TIDTAM_NOW), for the page's header."""
    now = to_bangkok(runtime().clock.now())
    return jsonify(now=now.isoformat(), fixed=runtime().clock.fixed is not None)


@bp.get("/emulator/api/units")
def units() -> ResponseReturnValue:
    with runtime().sessions() as session:
        rows = session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.kind, Unit.code)).all()
        listed = [{"code": u.code, "name": u.name, "kind": u.kind} for u in rows]
    return jsonify(units=listed)


@bp.post("/emulator/api/invite")
def invite() -> ResponseReturnValue:
    """Create one invite code (like `tidtam invite`), so the page can try the registration flow."""
    payload = request.get_json(silent=True) or {}
    role = str(payload.get("role") or "")
    unit_code = str(payload.get("unit_code") or "")
    try:
        with transaction(runtime().sessions) as session:
            codes = create_invites(session, role=role, unit_code=unit_code, now=runtime().clock.now())
    except InviteError as error:
        return jsonify(error=str(error)), 400
    return jsonify(code=codes[0], role=role, unit_code=unit_code)
