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

from bot.web_limits import REQUEST_DEADLINE_S
from tests.support import SECRET, SECRET_KEY, TOKEN, body_of, free_port, sign, text_event

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def procfile_web_command() -> str:
    """The Procfile's `web` command, as a platform runs it (PORT, WEB_CONCURRENCY, WEB_THREADS)."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.removeprefix("web:").strip()
    raise AssertionError("the Procfile has no web process")


def start_gunicorn(
    env: dict, log_path: Path, *, workers: str | None = "1", threads: str | None = "4"
) -> tuple[subprocess.Popen, int]:
    """The Procfile's web command on a free port (one worker of four threads unless told: None is
    the Procfile's own default); returns once it answers HTTP."""
    port = free_port()
    env = {
        **env,
        "PORT": str(port),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    }
    for name, value in (("WEB_CONCURRENCY", workers), ("WEB_THREADS", threads)):
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    with log_path.open("w") as log_file:
        process = subprocess.Popen(
            ["bash", "-c", "exec " + procfile_web_command()],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
    deadline = time.time() + 90
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


def test_healthz_says_503_within_4_s_while_webhooks_wait_for_a_database_that_never_answers(
    tmp_path, line_server
):
    """The health check does not queue behind webhooks: they hold every web thread here (8 webhooks,
    4 threads), each waiting for the database's connect timeout."""
    with BlackHole() as hole:
        url = f"postgresql+psycopg://tidtam@127.0.0.1:{hole.port}/tidtam"
        process, port = start_gunicorn(web_env(url, line_server.url), tmp_path / "gunicorn.log")
        try:

            def webhook(n: int) -> None:
                body = body_of(text_event(f"Uofficer{n}", "สถานะ", f"token{n}"))
                headers = {"X-Line-Signature": sign(body), "Content-Type": "application/json"}
                requests.post(
                    f"http://127.0.0.1:{port}/callback", data=body.encode(), headers=headers, timeout=30
                )

            waiting = [threading.Thread(target=webhook, args=(n,), daemon=True) for n in range(8)]
            for thread in waiting:
                thread.start()
            time.sleep(0.5)  # the webhooks hold the threads
            started = time.monotonic()
            health = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=15)
            took = time.monotonic() - started
            assert health.status_code == 503 and took < 4, took
            for thread in waiting:
                thread.join(timeout=30)
        finally:
            stop(process)


# --- 5. slow clients cannot starve the web -------------------------------------------------------------


def half_sent_webhook(port: int, n: int) -> socket.socket:
    """A connection that sends its headers and half its body, then holds."""
    body = body_of(text_event(f"Uslow{n:02d}", "สถานะ " * 200, f"slow{n}")).encode()
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(
        b"POST /callback HTTP/1.1\r\nHost: tidtam\r\nContent-Type: application/json\r\n"
        + b"X-Line-Signature: "
        + sign(body).encode()
        + b"\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body[: len(body) // 2]
    )
    return sock


def timed(call) -> tuple[requests.Response | None, float]:
    started = time.monotonic()
    try:
        response = call()
    except requests.Timeout:
        response = None
    return response, time.monotonic() - started


def test_fifty_half_sent_bodies_stop_neither_healthz_nor_a_webhook(db_url, line_server, tmp_path):
    """Under the Procfile's web command with its own defaults (5 workers x 2 threads)."""
    from models.migrate import upgrade

    upgrade(db_url)
    process, port = start_gunicorn(
        web_env(db_url, line_server.url), tmp_path / "gunicorn.log", workers=None, threads=None
    )
    base = f"http://127.0.0.1:{port}"

    def health() -> requests.Response:
        return requests.get(f"{base}/healthz", timeout=5)

    def webhook(n: int) -> requests.Response:
        token = line_server.store.issue_reply_token(f"Uvalid{n}")
        body = body_of(text_event(f"Uvalid{n}", "สวัสดี", token))
        headers = {"X-Line-Signature": sign(body), "Content-Type": "application/json"}
        return requests.post(f"{base}/callback", data=body.encode(), headers=headers, timeout=5)

    held: list[socket.socket] = []
    try:
        for n in range(10):  # every worker has served a request or two before the clients come
            health()
            webhook(100 + n)
        held = [half_sent_webhook(port, n) for n in range(50)]
        time.sleep(1)  # the half bodies have arrived
        answers = [timed(health) for _ in range(10)] + [timed(lambda n=n: webhook(n)) for n in range(10)]
        print("healthz and webhook times (s):", [round(took, 3) for _, took in answers])
        for response, took in answers:
            assert response is not None and response.status_code == 200 and took < 1, took
        # A request must arrive whole within REQUEST_DEADLINE_S of its first byte: then 408, closed.
        held[0].settimeout(REQUEST_DEADLINE_S + 10)
        assert status_line(held[0]).startswith("HTTP/1.1 408")
    finally:
        for sock in held:
            sock.close()
        stop(process)


def held_big_body(port: int) -> socket.socket:
    """A connection that declares a 1 MB body and sends exactly 1 MB (head included), then holds."""
    head = b"POST /callback HTTP/1.1\r\nHost: tidtam\r\nContent-Length: %d\r\n\r\n" % MB
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(head + b" " * (MB - len(head)))
    return sock


def test_slow_clients_filling_a_workers_buffer_keep_neither_healthz_nor_a_webhook_out(
    db_url, line_server, tmp_path
):
    """One worker buffers 32 MB at most: 34 connections holding 1 MB each fill it to the byte (a client
    that reconnects as it is turned away). A small request gets in; the oldest big body is turned away."""
    from models.migrate import upgrade

    upgrade(db_url)
    process, port = start_gunicorn(web_env(db_url, line_server.url), tmp_path / "gunicorn.log")
    base = f"http://127.0.0.1:{port}"
    token = line_server.store.issue_reply_token("Uvalid")
    body = body_of(text_event("Uvalid", "สวัสดี", token))
    headers = {"X-Line-Signature": sign(body), "Content-Type": "application/json"}
    held: list[socket.socket] = []
    try:
        held = [held_big_body(port) for _ in range(34)]
        time.sleep(1)  # the bodies have arrived: the worker holds 32 MB
        health, health_took = timed(lambda: requests.get(f"{base}/healthz", timeout=5))
        hook, hook_took = timed(
            lambda: requests.post(f"{base}/callback", data=body.encode(), headers=headers, timeout=5)
        )
        print("healthz and webhook times (s):", round(health_took, 3), round(hook_took, 3))
        assert health is not None and health.status_code == 200 and health_took < 1, health_took
        assert hook is not None and hook.status_code == 200 and hook_took < 1, hook_took
        assert line_server.store.wait_for(
            lambda s: any(r.json.get("replyToken") == token for r in s.replies())
        )
        assert status_line(held[0]).startswith("HTTP/1.1 503")
    finally:
        for sock in held:
            sock.close()
        stop(process)


def test_a_request_is_handed_to_a_thread_only_once_it_has_arrived_whole():
    from bot.web_worker import Arrival, Verdict

    def verdicts(*pieces: bytes) -> list[Verdict]:
        arrival, seen = Arrival(deadline=0.0), []
        for piece in pieces:
            arrival.data += piece
            seen.append(arrival.verdict())
        return seen

    head = b"POST /callback HTTP/1.1\r\nHost: tidtam\r\n"
    assert verdicts(head, b"Content-Length: 4\r\n\r\nab", b"cd") == [
        Verdict.WAIT,
        Verdict.WAIT,
        Verdict.READY,
    ]
    assert verdicts(b"GET /healthz HTTP/1.1\r\n", b"\r\n") == [Verdict.WAIT, Verdict.READY]
    chunked = [head + b"Transfer-Encoding: chunked\r\n\r\n4\r\nab", b"cd\r\n2;x=y\r\nef\r\n0\r\n", b"\r\n"]
    assert verdicts(*chunked) == [Verdict.WAIT, Verdict.WAIT, Verdict.READY]
    assert verdicts(head + b"Content-Length: %d\r\n\r\n" % (MB + 1)) == [Verdict.TOO_LARGE]
    assert verdicts(head + b"Transfer-Encoding: chunked\r\n\r\n%x\r\n" % (MB + 1)) == [Verdict.TOO_LARGE]
    assert verdicts(head + b"X-Filler: " + b"x" * 70_000) == [Verdict.HEAD_TOO_LARGE]


def test_one_chunk_arriving_in_pieces_is_counted_once():
    """A 300 KB chunk read 16 KB at a time is 300 KB of body, not 300 KB again at every read."""
    from bot.web_worker import Arrival, Verdict

    arrival = Arrival(deadline=0.0)
    arrival.data += b"POST /callback HTTP/1.1\r\nHost: tidtam\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunk = b"{" * (300 * 1024)
    arrival.data += b"%x\r\n" % len(chunk)
    seen = []
    for start in range(0, len(chunk), 16 * 1024):
        arrival.data += chunk[start : start + 16 * 1024]
        seen.append(arrival.verdict())
    assert seen == [Verdict.WAIT] * 19
    arrival.data += b"\r\n0\r\n\r\n"
    assert arrival.verdict() is Verdict.READY
    assert arrival.received == len(chunk)


def test_a_chunked_webhook_under_the_cap_is_served(web, line_server):
    token = line_server.store.issue_reply_token("Unewcomer")
    body = body_of(text_event("Unewcomer", "สวัสดี", token)).encode()
    with socket.create_connection(("127.0.0.1", web), timeout=10) as sock:
        sock.sendall(
            b"POST /callback HTTP/1.1\r\nHost: tidtam\r\nContent-Type: application/json\r\nX-Line-Signature: "
            + sign(body).encode()
            + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        for start in range(0, len(body), 100):
            piece = body[start : start + 100]
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            time.sleep(0.01)
        sock.sendall(b"0\r\n\r\n")
        assert status_line(sock).startswith("HTTP/1.1 200")
