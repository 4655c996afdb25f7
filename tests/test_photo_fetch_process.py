"""Photos against a hostile data API with the processes as deployed (#23): the Procfile's web
process (gunicorn, gthread) and, on PostgreSQL, a `tidtam worker` (on SQLite the task queue runs
inside the web process). Four photos at once whose content drips a byte every 2 s or never ends:
the webhook answers each at once, the web process does not grow, and the officer is told.
A worker killed in the middle of a photo's fetch: after the restart the photo is fetched once."""

from __future__ import annotations

import io
import os
import signal
import threading
import time
from pathlib import Path

import pytest
import requests
from PIL import Image as PilImage
from sqlalchemy import select

from devtools import hostile_content
from devtools.line_events import image_event, text_event
from handlers import photos
from models.clock import Clock
from models.db import make_engine, make_session_factory
from models.line_features import Photo, PhotoFetch
from models.registration import create_invites
from tests.conftest import DEMO_NOW, on_postgres
from tests.processes import environment, tidtam
from tests.support import SECRET, body_of, sign, texts_of
from tests.test_outbox_faults import planned_database
from tests.test_web_process import start_gunicorn, stop, web_env

pytestmark = pytest.mark.faults
OFFICER = "Uofficer50"
MB = 1024 * 1024


def post(port: int, *events: dict) -> tuple[int, float]:
    body = body_of(*events)
    started = time.monotonic()
    response = requests.post(
        f"http://127.0.0.1:{port}/callback",
        data=body.encode(),
        headers={"X-Line-Signature": sign(body, SECRET), "Content-Type": "application/json"},
        timeout=30,
    )
    return response.status_code, time.monotonic() - started


def say(port: int, store, text: str) -> None:
    assert post(port, text_event(OFFICER, text, store.issue_reply_token(OFFICER)))[0] == 200


def invite(db_url: str) -> str:
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session, session.begin():
        code = create_invites(session, role="officer", unit_code="P50", now=Clock(DEMO_NOW).now())[0]
    engine.dispose()
    return code


def photo_event(store, message_id: str) -> dict:
    event = image_event(OFFICER, store.issue_reply_token(OFFICER))
    event["message"]["id"] = message_id
    return event


def told(store, message_id: str) -> list[str]:
    key = photos.retry_key(message_id)
    return texts_of([m for r in store.pushes() if r.delivered and r.retry_key == key for m in r.messages])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def web_worker_pid(master: int) -> int:
    """gunicorn's worker: the one child of the master."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def jpeg() -> bytes:
    out = io.BytesIO()
    PilImage.new("RGB", (64, 48), "#3a7").save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def deployed(db_url, line_server, tmp_path):
    """The web process (and on PostgreSQL a worker) on a planned database, with the officer
    registered and at budget item A of `รายงาน`. Yields (web port, web worker pid)."""
    planned_database(db_url, tmp_path)
    extra = {"LINE_DATA_API_BASE_URL": line_server.url, "TIDTAM_NOW": DEMO_NOW}
    web, port = start_gunicorn({**web_env(db_url, line_server.url), **extra}, tmp_path / "web.log")
    worker = (
        tidtam("worker", environment(db_url, line_server.url, **extra), tmp_path / "w.log")
        if on_postgres()
        else None
    )
    try:
        store = line_server.store
        for text in [invite(db_url), "รายงาน", "10", "100", "2"]:
            say(port, store, text)
        yield port, web_worker_pid(web.pid)
    finally:
        if worker is not None:
            worker.stop()
        stop(web)


def test_four_hostile_photos_at_once_leave_the_webhook_answering_and_the_web_process_small(
    deployed, line_server
):
    port, pid = deployed
    store = line_server.store
    store.add_content("650000000000000000", jpeg())  # a first photo: everything it needs is loaded
    assert post(port, photo_event(store, "650000000000000000"))[0] == 200
    assert store.wait_for(lambda s: told(s, "650000000000000000"), timeout=30)
    before = rss_mb(pid)

    streams = {
        f"65000000000000000{n}": hostile_content.drip() if n % 2 else hostile_content.endless()
        for n in range(1, 5)
    }
    answers: dict[str, tuple[int, float]] = {}
    try:
        for message_id, stream in streams.items():
            store.add_content(message_id, stream)

        def send(message_id: str) -> None:
            answers[message_id] = post(port, photo_event(store, message_id))

        senders = [threading.Thread(target=send, args=(m,)) for m in streams]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(30)
        assert store.wait_for(lambda s: all(told(s, m) for m in streams), timeout=60)
    finally:
        for stream in streams.values():
            stream.stop.set()
    grown = rss_mb(pid) - before

    assert all(status == 200 and took < 1.0 for status, took in answers.values()), answers
    assert grown < 50, f"the web process grew {grown:.0f} MB"
    for message_id in streams:
        [text] = told(store, message_id)
        expected = "ใหญ่เกิน 10 MB" if int(message_id[-1]) % 2 == 0 else "ไม่สำเร็จ"
        assert expected in text, text


@pytest.mark.postgres_only
@pytest.mark.skipif(not on_postgres(), reason="needs TIDTAM_TEST_DATABASE_URL on PostgreSQL")
def test_a_worker_killed_during_a_photo_fetch_fetches_it_once_after_the_restart(
    db_url, line_server, tmp_path
):
    planned_database(db_url, tmp_path)
    store = line_server.store
    extra = {
        "LINE_DATA_API_BASE_URL": line_server.url,
        "TIDTAM_NOW": DEMO_NOW,
        "TIDTAM_HEARTBEAT_S": "0.5",
        "TIDTAM_STALLED_AFTER_S": "2",
    }
    web, port = start_gunicorn({**web_env(db_url, line_server.url), **extra}, tmp_path / "web.log")
    env = environment(db_url, line_server.url, **extra)
    message_id = "660000000000000001"
    slow = hostile_content.drip(every_s=0.5)
    path = f"/v2/bot/message/{message_id}/content"
    try:
        for text in [invite(db_url), "รายงาน", "10", "100", "2"]:
            say(port, store, text)
        store.add_content(message_id, slow)
        assert post(port, photo_event(store, message_id))[0] == 200
        first = tidtam("worker", env, tmp_path / "worker1.log")
        try:
            assert store.wait_for(lambda s: s.all(path), timeout=30), first.output()[-3000:]
            time.sleep(1)  # bytes are arriving
        finally:
            first.kill()  # SIGKILL in the middle of the fetch: its job stays "doing"
        assert told(store, message_id) == []
        store.add_content(message_id, jpeg())  # LINE serves it normally now
        time.sleep(2.5)  # the dead worker's heartbeat is older than TIDTAM_STALLED_AFTER_S
        second = tidtam("worker", env, tmp_path / "worker2.log")
        try:
            assert store.wait_for(lambda s: told(s, message_id), timeout=30), second.output()[-3000:]
            time.sleep(1)  # room for a (wrong) second fetch or push
        finally:
            second.stop()
    finally:
        slow.stop.set()
        stop(web)
    assert len(store.all(path)) == 2  # the one the kill cut short, and one after the restart
    [text] = told(store, message_id)
    assert text.endswith("(รวม 1 รูป)")
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session:
        assert len(session.scalars(select(Photo)).all()) == 1
        fetch = session.scalar(select(PhotoFetch))
        assert (fetch.status, fetch.attempts) == ("stored", 2)
    engine.dispose()


@pytest.mark.skipif(on_postgres(), reason="SQLite: the task queue runs inside the web process")
def test_the_web_process_killed_during_a_photo_fetch_fetches_it_once_after_the_restart(
    db_url, line_server, tmp_path
):
    """On SQLite the queue lives in the web process and dies with it: the photo waits in its table,
    and the restarted process's sweep defers its fetch again."""
    planned_database(db_url, tmp_path)
    store = line_server.store
    env = {
        **web_env(db_url, line_server.url),
        "LINE_DATA_API_BASE_URL": line_server.url,
        "TIDTAM_NOW": DEMO_NOW,
    }
    message_id = "670000000000000001"
    path = f"/v2/bot/message/{message_id}/content"
    slow = hostile_content.drip(every_s=0.5)
    web, port = start_gunicorn(env, tmp_path / "web1.log")
    try:
        for text in [invite(db_url), "รายงาน", "10", "100", "2"]:
            say(port, store, text)
        store.add_content(message_id, slow)
        assert post(port, photo_event(store, message_id))[0] == 200
        assert store.wait_for(lambda s: s.all(path), timeout=30)
        time.sleep(1)  # bytes are arriving
    finally:
        os.kill(web_worker_pid(web.pid), signal.SIGKILL)  # no clean-up: the in-memory queue is gone
        web.kill()
        web.wait(timeout=10)
        slow.stop.set()
    assert told(store, message_id) == []
    store.add_content(message_id, jpeg())  # LINE serves it normally now
    web, port = start_gunicorn(env, tmp_path / "web2.log")
    try:
        assert store.wait_for(lambda s: told(s, message_id), timeout=30)
        time.sleep(1)  # room for a (wrong) second fetch or push
    finally:
        stop(web)
    assert len(store.all(path)) == 2  # the one the kill cut short, and one after the restart
    [text] = told(store, message_id)
    assert text.endswith("(รวม 1 รูป)")
