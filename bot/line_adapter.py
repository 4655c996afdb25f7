"""The only module that knows LINE.

Incoming: verify the signature, turn SDK events into plain ``Inbound`` objects.
Outgoing: turn plain replies into SDK messages that respect LINE's limits, and send them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypedDict

from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    FlexContainer,
    FlexMessage,
    ImageMessage,
    Message,
    MessageAction,
    MessagingApi,
    PushMessageRequest,
    QuickReplyItem,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
    TextMessage,
)
from linebot.v3.messaging import QuickReply as SdkQuickReply
from linebot.v3.webhooks import (
    Event,
    FollowEvent,
    ImageMessageContent,
    JoinEvent,
    LeaveEvent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
)
from urllib3.exceptions import ProtocolError, ReadTimeoutError

from bot import line_limits
from bot.line_data_api import DataAndRichMenuCalls
from handlers.messages import Flex, Image, Inbound, Reply, Text

log = logging.getLogger(__name__)

__all__ = ["InvalidSignatureError", "LineAdapter", "SendResult"]


@dataclass(frozen=True)
class SendResult:
    ok: bool
    status: int
    retry_after: float | None = None
    # True when we cannot know whether LINE got it (a read timeout): the request may have been
    # delivered, so a reply must not be repeated by push (pushes repeat safely with their key).
    ambiguous: bool = False


# Seconds: (connect, read) for every call to the LINE API. A profile is a nicety asked for while a
# webhook waits (LINE gives up on a webhook after 2 s), so it waits less.
TIMEOUT = (3.05, 10.0)
PROFILE_TIMEOUT = (0.5, 0.5)
# The loading animation is asked for before a slow answer, while the webhook waits: never long.
LOADING_TIMEOUT = (0.5, 0.5)
LOADING_SECONDS = 20  # 5..60, a multiple of 5: covers a report built within the reply window


class LineAdapter(DataAndRichMenuCalls):
    def __init__(
        self,
        channel_secret: str,
        access_token: str,
        api_base_url: str,
        timeout: float | tuple[float, float] = TIMEOUT,
        data_api_base_url: str = "https://api-data.line.me",
    ):
        self._secret = channel_secret.encode("utf-8")
        self._configuration = Configuration(host=api_base_url.rstrip("/"), access_token=access_token or "-")
        self._configuration.connection_pool_maxsize = 48  # reminder passes push from many threads
        self._configuration.retries = 0  # we retry ourselves, with retry keys and backoff
        # Message content and rich menu images live on the data host (LINE_DATA_API_BASE_URL).
        self._data_configuration = Configuration(
            host=data_api_base_url.rstrip("/"), access_token=access_token or "-"
        )
        self._data_configuration.retries = 0
        self._timeout = timeout
        self._client: ApiClient | None = None
        self._data_client: ApiClient | None = None

    # --- incoming -----------------------------------------------------------------------------

    def parse(self, received: bytes, signature: str) -> list[Inbound]:
        """Verify and parse a webhook body. Raises InvalidSignatureError for a bad signature.

        The signature is checked over the bytes as received (LINE signs those), before bad UTF-8
        is replaced. A body that is not JSON or an event the SDK cannot read is logged and skipped:
        LINE must not redeliver something that will never parse.
        """
        expected = base64.b64encode(hmac.new(self._secret, received, hashlib.sha256).digest())
        if not signature or not hmac.compare_digest(expected, signature.encode("latin-1", "replace")):
            raise InvalidSignatureError("invalid signature")
        body = received.decode("utf-8", errors="replace")
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):
            log.warning("webhook body is not JSON or nested too deeply (%d characters); ignored", len(body))
            return []
        events = payload.get("events") if isinstance(payload, dict) else None
        inbound = []
        for raw in events if isinstance(events, list) else []:
            try:
                event = to_inbound(Event.from_dict(raw), raw)
            except Exception:
                # An event type newer than the SDK (or a malformed one): keep its id so it is
                # recorded once, and let the dialogues ignore it quietly.
                raw = raw if isinstance(raw, dict) else {}
                log.info("unreadable webhook event of type %r", str(raw.get("type"))[:40])
                event_id = raw.get("webhookEventId")
                event = Inbound(
                    kind="other", user_id=None, event_id=event_id if isinstance(event_id, str) else None
                )
            if not (_storable_id(event.user_id) and _storable_id(event.event_id)):
                log.warning(
                    "webhook event ignored: an id is not one LINE sends (too long or not text)",
                    extra={"kind": event.kind},
                )
                continue
            inbound.append(event)
        return inbound

    # --- outgoing -----------------------------------------------------------------------------

    def _api(self) -> MessagingApi:
        if self._client is None:
            self._client = ApiClient(self._configuration)
        return MessagingApi(self._client)

    def reply(self, reply_token: str, replies: list[Reply]) -> SendResult:
        messages = to_sdk_messages(replies)
        if not messages:
            return SendResult(True, 200)
        request = ReplyMessageRequest(reply_token=reply_token, messages=messages)
        return self._call(
            lambda: self._api().reply_message_with_http_info(request, _request_timeout=self._timeout)
        )

    def push(self, user_id: str, replies: list[Reply], retry_key: str) -> SendResult:
        messages = to_sdk_messages(replies)
        request = PushMessageRequest(to=user_id, messages=messages)
        return self._call(
            lambda: self._api().push_message_with_http_info(
                request, x_line_retry_key=retry_key, _request_timeout=self._timeout
            ),
            accepted=(409,),
        )

    def show_loading(self, user_id: str, seconds: int = LOADING_SECONDS) -> SendResult:
        """Start LINE's loading animation in a 1:1 chat (it stops when the answer arrives)."""
        request = ShowLoadingAnimationRequest(chat_id=user_id, loading_seconds=seconds)
        return self._call(
            lambda: self._api().show_loading_animation_with_http_info(
                request, _request_timeout=LOADING_TIMEOUT
            )
        )

    def link_rich_menu(self, user_id: str, menu_id: str) -> SendResult:
        return self._call(
            lambda: self._api().link_rich_menu_id_to_user_with_http_info(
                user_id, menu_id, _request_timeout=self._timeout
            )
        )

    def display_name(self, user_id: str) -> str | None:
        """The user's LINE name, or None: asked while a webhook waits, so it waits less."""
        try:
            profile = self._api().get_profile(user_id, _request_timeout=PROFILE_TIMEOUT)
            return clean_text(profile.display_name)
        except Exception:  # a profile is a nicety: never let it block a conversation
            log.info("profile lookup failed for a user")
            return None

    def quota(self) -> tuple[int | None, int]:
        """(monthly limit or None when unlimited, messages used this month)."""
        api = self._api()
        quota = api.get_message_quota(_request_timeout=self._timeout)
        used = api.get_message_quota_consumption(_request_timeout=self._timeout)
        limit = quota.value if quota.type == "limited" else None
        return limit, used.total_usage

    def _call(self, send: Callable[[], Any], accepted: tuple[int, ...] = ()) -> SendResult:
        try:
            response = send()
            return SendResult(True, response.status_code)
        except ApiException as error:
            status = error.status or 0
            if status in accepted:
                return SendResult(True, status)
            retry_after = None
            headers = error.headers or {}
            value = headers.get("Retry-After") or headers.get("retry-after")
            if value:
                try:
                    retry_after = float(value)
                except ValueError:
                    retry_after = None
            log.warning("LINE API answered %s", status)
            return SendResult(False, status, retry_after)
        except Exception as error:  # timeouts, refused connections
            ambiguous = _is_read_timeout(error)
            log.warning("LINE API %s: %s", "timed out" if ambiguous else "unreachable", type(error).__name__)
            return SendResult(False, 0, ambiguous=ambiguous)


def _is_read_timeout(error: BaseException) -> bool:
    """A read timeout means the request reached LINE; a refused connection means it did not."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ReadTimeoutError | ProtocolError) or "ReadTimeout" in type(seen).__name__:
            return True
        reason = getattr(seen, "reason", None)
        seen = reason if isinstance(reason, BaseException) else seen.__cause__
    return False


# --- events → Inbound -------------------------------------------------------------------------


def _timestamp(value: int | None) -> datetime | None:
    return datetime.fromtimestamp(value / 1000, tz=UTC) if value else None


# LINE's ids are short ASCII (a user id is 33 characters, a webhook event id 26); the columns
# that keep them hold 64.
MAX_ID_LENGTH = 64
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: str | None) -> str | None:
    """Text any database stores: NUL characters dropped, lone surrogates (valid as JSON escapes,
    invalid as text) replaced with U+FFFD."""
    if not value:
        return value
    return _LONE_SURROGATE.sub("\ufffd", value.replace("\x00", ""))


def _storable_id(value: str | None) -> bool:
    return value is None or (
        isinstance(value, str) and len(value) <= MAX_ID_LENGTH and clean_text(value) == value
    )


class _Common(TypedDict):
    """What every kind of Inbound takes from the event."""

    user_id: str | None
    source: str
    reply_token: str | None
    event_id: str | None
    timestamp: datetime | None
    redelivery: bool
    mode: str


def to_inbound(event: Event, raw: dict[str, Any]) -> Inbound:
    source = getattr(event, "source", None)
    source_type = getattr(source, "type", None) or "user"
    user_id = getattr(source, "user_id", None)
    delivery = getattr(event, "delivery_context", None)
    common = _Common(
        user_id=user_id,
        source=source_type,
        reply_token=getattr(event, "reply_token", None),
        event_id=getattr(event, "webhook_event_id", None) or raw.get("webhookEventId"),
        timestamp=_timestamp(getattr(event, "timestamp", None)),
        redelivery=bool(getattr(delivery, "is_redelivery", False)),
        mode=str(getattr(event, "mode", "active") or "active"),
    )
    if isinstance(event, MessageEvent):
        message = event.message
        if isinstance(message, TextMessageContent):
            return Inbound(kind="text", text=clean_text(message.text), **common)
        if isinstance(message, StickerMessageContent):
            return Inbound(kind="sticker", **common)
        provider = getattr(getattr(message, "content_provider", None), "type", None)
        if isinstance(message, ImageMessageContent) and provider == "line":
            return Inbound(kind="image", message_id=message.id, **common)
        return Inbound(kind="media", **common)
    if isinstance(event, PostbackEvent):
        return Inbound(kind="postback", data=clean_text(event.postback.data), **common)
    if isinstance(event, FollowEvent):
        return Inbound(kind="follow", **common)
    if isinstance(event, UnfollowEvent):
        return Inbound(kind="unfollow", **common)
    if isinstance(event, JoinEvent):
        return Inbound(kind="join", **common)
    if isinstance(event, LeaveEvent):
        return Inbound(kind="leave", **common)
    return Inbound(kind="other", **common)


# --- replies → SDK messages -------------------------------------------------------------------


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def split_text(text: str, limit: int = line_limits.MAX_TEXT - 100) -> list[str]:
    """Split a long text at line breaks into pieces LINE accepts."""
    if line_limits.utf16_len(text) <= limit:
        return [text]
    pieces, current = [], ""
    for line in text.split("\n"):
        while line_limits.utf16_len(line) > limit:  # a single very long line
            head, line = line[: limit // 2], line[limit // 2 :]
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        candidate = f"{current}\n{line}" if current else line
        if line_limits.utf16_len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def _quick_reply(reply: Text | Flex | Image) -> SdkQuickReply | None:
    items = [
        QuickReplyItem(
            action=MessageAction(
                label=_clip(q.label, line_limits.QUICK_REPLY_LABEL),
                text=_clip(q.text, line_limits.MESSAGE_ACTION_TEXT),
            )
        )
        for q in reply.quick_replies[: line_limits.MAX_QUICK_REPLY_ITEMS]
    ]
    return SdkQuickReply(items=items) if items else None


def to_sdk_messages(replies: list[Reply]) -> list[Message]:
    """Plain replies → at most five SDK messages; long texts are split, the last keeps the buttons."""
    messages: list[Message] = []
    for reply in replies:
        if isinstance(reply, Text):
            pieces = split_text(reply.text or " ")
            for i, piece in enumerate(pieces):
                last = i == len(pieces) - 1
                messages.append(TextMessage(text=piece, quick_reply=_quick_reply(reply) if last else None))
        elif isinstance(reply, Flex):
            messages.append(
                FlexMessage(
                    alt_text=_clip(reply.alt_text, line_limits.MAX_ALT_TEXT),
                    contents=FlexContainer.from_dict(reply.contents),
                    quick_reply=_quick_reply(reply),
                )
            )
        elif isinstance(reply, Image):
            messages.append(
                ImageMessage(
                    original_content_url=reply.url,
                    preview_image_url=reply.preview_url,
                    quick_reply=_quick_reply(reply),
                )
            )
    if len(messages) > line_limits.MAX_MESSAGES:
        # LINE takes five messages per request. No dialogue answers with more (the dialogue fuzzer
        # checks it); should one, the last five are sent (the last carries the quick replies)
        # and the earliest are dropped, with a warning in the log.
        log.warning("more than %d messages in one reply; dropping the oldest", line_limits.MAX_MESSAGES)
        messages = messages[-line_limits.MAX_MESSAGES :]
    return messages
