"""The web process as deployed (gunicorn, gthread) under hostile conditions: oversized bodies and a
database that accepts connections but never answers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.support import SECRET, SECRET_KEY, TOKEN, body_of, free_port, sign, text_event

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def start_gunicorn(env: dict, log_path: Path) -> tuple[subprocess.Popen, int]:
    """The Procfile's web process on a free loopback port; returns once it answers HTTP."""
    port = free_port()
    with log_path.open("w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:bot.gunicorn_conf",
                "--worker-class",
                "gthread",
                "--workers",
                "1",
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "bot.app:create_app()",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/no-such-page", timeout=2)
            return process, port
        except requests.RequestException:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start: " + log_path.read_text()[-2000:])


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def web_env(database_url: str, line_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "LINE_CHANNEL_SECRET": SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "LINE_API_BASE_URL": line_url,
        "SECRET_KEY": SECRET_KEY,
        "TIDTAM_ENV": "development",
        "PUBLIC_BASE_URL": "https://tidtam.example",
        "PYTHONPATH": str(ROOT),
    }


def status_line(sock: socket.socket) -> str:
    received = b""
    while b"\r\n" not in received:
        chunk = sock.recv(4096)
        if not chunk:
            break
        received += chunk
    return received.split(b"\r\n", 1)[0].decode("latin-1")


# --- 3. request bodies are capped ---------------------------------------------------------------------


@pytest.fixture
def web(tmp_path, line_server):
    from models.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'web.db'}"
    upgrade(url)
    process, port = start_gunicorn(web_env(url, line_server.url), tmp_path / "gunicorn.log")
    yield port
    stop(process)


def test_a_200_mb_webhook_is_refused_with_413_without_being_read(web):
    with socket.create_connection(("127.0.0.1", web), timeout=5) as sock:
        sock.sendall(
            b"POST /callback HTTP/1.1\r\nHost: tidtam\r\nContent-Type: application/json\r\n"
            b"X-Line-Signature: forged\r\nContent-Length: "
            + str(200 * MB).encode()
            + b"\r\n\r\n"
            + b"{" * 65536
        )
        assert status_line(sock).startswith("HTTP/1.1 413")


def test_a_chunked_webhook_over_1_mb_is_refused_with_413(web):
    with socket.create_connection(("127.0.0.1", web), timeout=5) as sock:
        sock.sendall(
            b"POST /callback HTTP/1.1\r\nHost: tidtam\r\nContent-Type: application/json\r\n"
            b"X-Line-Signature: forged\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"{" * 65536

        def send() -> None:
            try:
                for _ in range(18):  # 1.125 MB
                    sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sock.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the server stopped reading: that is the point

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        assert status_line(sock).startswith("HTTP/1.1 413")
        sender.join(timeout=5)


def test_a_webhook_under_the_cap_is_still_served(web, line_server):
    token = line_server.store.issue_reply_token("Unewcomer")
    body = body_of(text_event("Unewcomer", "สวัสดี", token))
    response = requests.post(
        f"http://127.0.0.1:{web}/callback",
        data=body.encode(),
        timeout=10,
        headers={"X-Line-Signature": sign(body), "Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert line_server.store.wait_for(lambda s: any(r.json.get("replyToken") == token for r in s.replies()))


# --- 4. a database that accepts TCP and never answers -------------------------------------------------


class BlackHole:
    """A TCP server on loopback that accepts every connection and never answers."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self._server.getsockname()[1]
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True, name="black-hole")

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            self._held.append(conn)  # keep it open; read nothing, write nothing

    def __enter__(self) -> BlackHole:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.close()
        for conn in self._held:
            conn.close()


def test_a_database_that_never_answers_fails_fast(tmp_path, line_server):
    with BlackHole() as hole:
        url = f"postgresql+psycopg://tidtam@127.0.0.1:{hole.port}/tidtam"
        process, port = start_gunicorn(web_env(url, line_server.url), tmp_path / "gunicorn.log")
        try:
            started = time.monotonic()
            health = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=15)
            assert health.status_code == 503 and time.monotonic() - started < 5
            assert health.json() == {"status": "error", "database": "unreachable"}

            token = line_server.store.issue_reply_token("Uofficer50")
            body = body_of(text_event("Uofficer50", "สถานะ", token))
            started = time.monotonic()
            response = requests.post(
                f"http://127.0.0.1:{port}/callback",
                data=body.encode(),
                timeout=15,
                headers={"X-Line-Signature": sign(body), "Content-Type": "application/json"},
            )
            assert response.status_code == 500 and time.monotonic() - started < 5
            assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=15).status_code == 503
        finally:
            stop(process)
    log_lines = (tmp_path / "gunicorn.log").read_text().splitlines()
    assert any("Booting worker" in line for line in log_lines)
    for line in log_lines:  # gunicorn's lines and the app's, the errors too: one JSON object each
        assert isinstance(json.loads(line), dict), line
