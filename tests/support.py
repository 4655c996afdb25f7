"""Helpers that let tests read like conversations: officer says X, bot answers Y."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from openpyxl import load_workbook

from devtools import line_events
from devtools.line_events import (  # noqa: F401  (the tests import these names from here)
    body_of,
    event_id,
    follow_event,
    free_port,
    sticker_event,
    text_event,
)
from tests import plans

SECRET = "test-channel-secret"
TOKEN = "test-access-token"
SECRET_KEY = "test-secret-key-5f0c9a7e21d4b836"  # no credential has a default (bot/config.py)
CREDENTIALS = {"LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "SECRET_KEY": SECRET_KEY}


def remind(rt, now):
    """The daily reminder pass as the workers run it (what `tidtam remind` does): the rows and their
    jobs are written, and the pushes waited for. Returns the pass's report."""
    from scheduler.jobs import run_pass

    return run_pass(rt, now, wait_s=15)


def sign(body: str | bytes, secret: str = SECRET) -> str:
    return line_events.sign(body, secret)


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
    # True when ``post`` returns once the bot is done (the `chat` fixture drains the turn runner);
    # else ``say`` waits for the reply to its token (the turns run after the webhook answered).
    drained: bool = False
    reply_wait_s: float = 15.0

    def deliver(self, *events: dict, secret: str = SECRET) -> int:
        body = body_of(*events)
        return self.post(
            body.encode(), {"X-Line-Signature": sign(body, secret), "Content-Type": "application/json"}
        )

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
        return self._wait_replies(token)

    def _wait_replies(self, token: str) -> list[dict]:
        if not self.drained:
            self.store.wait_for(
                lambda s: any((r.json or {}).get("replyToken") == token for r in s.replies()),
                timeout=self.reply_wait_s,
            )
        return self._replies_for(token)

    def says(self, user_id: str, text: str) -> str:
        """Like ``say`` but returns all reply texts joined, for readable assertions."""
        return "\n".join(texts_of(self.say(user_id, text)))

    def follow(self, user_id: str) -> list[dict]:
        token = self.store.issue_reply_token(user_id)
        assert self.deliver(follow_event(user_id, token)) == 200
        return self._wait_replies(token)

    def sticker(self, user_id: str) -> list[dict]:
        token = self.store.issue_reply_token(user_id)
        assert self.deliver(sticker_event(user_id, token)) == 200
        return self._wait_replies(token)


def start_server(env: dict, port: int | None = None, timeout: float = 60.0):
    """Run `tidtam serve` in a subprocess; return (process, base_url) once /healthz answers."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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
    for sheet, rows in (
        ("หน่วยงาน", plans.UNITS),
        ("ตัวชี้วัด", plans.INDICATORS),
        ("เป้าหมายรายหน่วย", plans.TARGETS),
        ("งบประมาณ", plans.BUDGET),
    ):
        for row in rows:
            book[sheet].append(list(row))
    book.save(path)
