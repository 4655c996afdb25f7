"""Safe by default: no emulator unless asked for, production refuses unsafe settings, odd bodies
get a polite answer, a slow LINE API does not hold the webhook, logs keep what users typed out."""

from __future__ import annotations

import json
import logging
import os
import time

import pytest
from sqlalchemy import event, select

from bot.app import create_app
from bot.config import Config, ConfigError
from handlers import texts as T
from models.entities import ProblemReport, ProcessedEvent, User
from tests.support import CREDENTIALS, body_of, event_id, follow_event, sign, text_event, tidtam

OFFICER = "Uofficer50"


# --- 1. the emulator is mounted only when asked for ----------------------------------------------


def test_an_app_with_default_settings_has_no_emulator(tmp_path, monkeypatch):
    """Real-looking credentials and TIDTAM_ENV unset: nothing lists users, mints codes or signs events."""
    for name in ("TIDTAM_ENV", "TIDTAM_EMULATOR", "TIDTAM_NOW", "LINE_API_BASE_URL", "PUBLIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    monkeypatch.setenv("LINE_CHANNEL_SECRET", "8c4b2f0d3e6a4f1b9d7c5e3a1f0b2d4c")
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "a-long-channel-access-token-issued-by-line")
    app = create_app()
    client = app.test_client()
    assert client.get("/emulator/api/users").status_code == 404
    assert client.post("/emulator/api/invite", json={"role": "admin", "unit_code": "CPD"}).status_code == 404
    assert client.post("/emulator/api/send", json={"user_id": "U1", "text": "x"}).status_code == 404
    assert client.get("/fake-line/v2/bot/message/quota").status_code == 404
    assert not any(rule.rule.startswith(("/emulator", "/fake-line")) for rule in app.url_map.iter_rules())
    app.extensions["tidtam"].close()


def test_the_emulator_is_mounted_when_tidtam_emulator_is_1(tmp_path):
    config = Config.from_env(
        {**CREDENTIALS, "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}", "TIDTAM_EMULATOR": "1"}
    )
    app = create_app(config)
    assert app.test_client().get("/emulator").status_code == 200
    app.extensions["tidtam"].close()


# --- 2. production refuses unsafe settings, naming them --------------------------------------------

SAFE_PRODUCTION = {
    "TIDTAM_ENV": "production",
    "DATABASE_URL": "postgresql://tidtam@db.internal/tidtam",
    "LINE_CHANNEL_SECRET": "8c4b2f0d3e6a4f1b9d7c5e3a1f0b2d4c",
    "LINE_CHANNEL_ACCESS_TOKEN": "a-long-channel-access-token-issued-by-line",
    "PUBLIC_BASE_URL": "https://tidtam.example.go.th",
    "SECRET_KEY": "q5Yx0v3LwS9kP2nT8rB4mZ7cH1dF6gJ0",
}


def test_safe_production_settings_start():
    Config.from_env(SAFE_PRODUCTION).validate()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PUBLIC_BASE_URL", None),
        ("PUBLIC_BASE_URL", "http://tidtam.example.go.th"),
        ("PUBLIC_BASE_URL", "https://"),
        ("LINE_CHANNEL_SECRET", "development-secret"),
        ("LINE_CHANNEL_SECRET", "demo-channel-secret"),
        ("LINE_CHANNEL_ACCESS_TOKEN", "development-token"),
        ("LINE_CHANNEL_ACCESS_TOKEN", "demo-access-token"),
        ("SECRET_KEY", "k"),
        ("SECRET_KEY", "development-key"),
        ("SECRET_KEY", " " * 32),
        ("SECRET_KEY", "x" * 40),
        ("SECRET_KEY", "ab" * 20),
        ("TIDTAM_NOW", "2026-12-15T10:00:00+07:00"),
        ("TIDTAM_EMULATOR", "1"),
    ],
)
def test_production_refuses_an_unsafe_setting_and_names_it(name, value):
    environ = dict(SAFE_PRODUCTION)
    if value is None:
        del environ[name]
    else:
        environ[name] = value
    with pytest.raises(ConfigError, match=name):
        Config.from_env(environ).validate()


def test_the_command_refuses_to_start_in_production_with_an_http_public_url(tmp_path):
    env = {**os.environ, **SAFE_PRODUCTION, "PUBLIC_BASE_URL": "http://tidtam.example.go.th"}
    result = tidtam(env, "invite", "--role", "officer", "--unit", "P50", check=False)
    assert result.returncode == 1
    assert "PUBLIC_BASE_URL" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("written", ["Production", "prod", "production ", "PRODUCTION", "dev", "testing"])
def test_tidtam_env_other_than_exactly_production_or_development_refuses_to_start(written, monkeypatch):
    """`Production`, `prod` or `production ` used to start as development, with every check off."""
    monkeypatch.setenv("TIDTAM_ENV", written)
    with pytest.raises(ConfigError, match="TIDTAM_ENV must be exactly production or development"):
        create_app()
    with pytest.raises(ConfigError, match="TIDTAM_ENV"):
        Config.from_env({**SAFE_PRODUCTION, "TIDTAM_ENV": written}).validate()


def test_the_command_refuses_a_misspelt_tidtam_env_naming_it():
    env = {**os.environ, **SAFE_PRODUCTION, "TIDTAM_ENV": "Production"}
    result = tidtam(env, "invite", "--role", "officer", "--unit", "P50", check=False)
    assert result.returncode == 1
    assert "TIDTAM_ENV must be exactly production or development" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("env", [None, "development", "production"])
@pytest.mark.parametrize("name", ["LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "SECRET_KEY"])
def test_a_start_without_a_credential_is_refused_naming_it(name, env, tmp_path, monkeypatch):
    """No credential has a default outside `tidtam demo` and the test fixtures: the public
    development-secret would let anyone sign webhooks."""
    environ = {**SAFE_PRODUCTION} if env == "production" else {**CREDENTIALS}
    environ["DATABASE_URL"] = environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'app.db'}"
    if env is not None:
        environ["TIDTAM_ENV"] = env
    config = Config.from_env(environ)
    config.validate()  # with it, it starts
    for value in (None, "", "   "):
        without = (
            {**environ, name: value} if value is not None else {k: v for k, v in environ.items() if k != name}
        )
        with pytest.raises(ConfigError, match=f"missing settings.*{name}"):
            Config.from_env(without).validate()
    monkeypatch.delenv(name)  # the web process, from the environment
    for key, value in environ.items():
        if key != name:
            monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match=name):
        create_app()


def test_the_command_refuses_to_start_without_a_channel_secret():
    env = {k: v for k, v in os.environ.items() if k not in ("LINE_CHANNEL_SECRET", "TIDTAM_ENV")}
    result = tidtam(env, "invite", "--role", "officer", "--unit", "P50", check=False)
    assert result.returncode == 1
    assert "LINE_CHANNEL_SECRET" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("key", [" " * 32, "k", "kkkkkkkk"])
def test_a_secret_key_of_spaces_or_one_character_is_refused_in_development_too(key, tmp_path):
    environ = {**CREDENTIALS, "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}", "SECRET_KEY": key}
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        Config.from_env(environ).validate()


# --- 5. a slow LINE API does not hold the webhook ----------------------------------------------------


def test_a_slow_line_api_does_not_hold_the_webhook_past_two_seconds(chat, register, line_server, bot_app):
    register(OFFICER)
    line_server.store.set_latency(3)
    client = bot_app.test_client()  # the webhook itself: the `chat` fixture would wait for the turns

    def post(event: dict) -> int:
        body = body_of(event)
        return client.post("/callback", data=body, headers={"X-Line-Signature": sign(body)}).status_code

    try:
        token = line_server.store.issue_reply_token(OFFICER)
        started = time.monotonic()
        assert post(text_event(OFFICER, "สถานะ", token)) == 200
        assert time.monotonic() - started < 2

        newcomer = line_server.store.issue_reply_token("Unewcomer")
        started = time.monotonic()
        assert post(follow_event("Unewcomer", newcomer)) == 200  # its turn looks up the profile, too
        assert time.monotonic() - started < 2
        # The answers still arrive, after the webhook was answered.
        assert line_server.store.wait_for(
            lambda s: (
                {(r.json or {}).get("replyToken") for r in s.replies() if r.status == 200}
                >= {token, newcomer}
            ),
            timeout=15,
        )
    finally:
        line_server.store.set_latency(0)


# --- 6. bodies that used to answer 500 ------------------------------------------------------------


def reach_problems(chat):
    chat.says(OFFICER, "รายงาน")
    for answer in ["1", "2", "3"]:
        chat.says(OFFICER, answer)
    assert "ปัญหา" in chat.says(OFFICER, "100")


def test_a_nul_byte_in_an_answer_is_dropped_and_the_report_goes_on(chat, register, db, caplog):
    register(OFFICER)
    reach_problems(chat)
    answer = chat.says(OFFICER, "ฝนตก\x00หนัก")
    assert "แนวทางแก้ไข" in answer and T.ERROR not in answer
    chat.says(OFFICER, "เลื่อน\x00ไป")
    chat.says(OFFICER, "0")
    chat.says(OFFICER, "ไม่มี")
    assert "เรียบร้อย" in chat.says(OFFICER, "ยืนยัน")
    assert {p.problems for p in db.scalars(select(ProblemReport))} == {"ฝนตกหนัก", "ไม่มี"}


def test_a_lone_surrogate_in_an_answer_is_replaced_and_the_report_goes_on(chat, register, line_server, db):
    register(OFFICER)
    reach_problems(chat)
    token = line_server.store.issue_reply_token(OFFICER)
    # JSON may carry a lone surrogate escape; Python decodes it into a string no database stores.
    body = json.dumps({"destination": "Ubot", "events": [text_event(OFFICER, "ฝนตก\ud800หนัก", token)]})
    assert "\\ud800" in body
    assert (
        chat.post(body.encode(), {"X-Line-Signature": sign(body), "Content-Type": "application/json"}) == 200
    )
    replies = [
        m.get("text", "")
        for r in line_server.store.replies()
        if r.json.get("replyToken") == token
        for m in r.messages
    ]
    assert replies and "แนวทางแก้ไข" in replies[0] and T.ERROR not in replies[0]
    chat.says(OFFICER, "ไม่มี")
    chat.says(OFFICER, "0")
    chat.says(OFFICER, "ไม่มี")
    assert "เรียบร้อย" in chat.says(OFFICER, "ยืนยัน")
    assert "ฝนตก\ufffdหนัก" in {p.problems for p in db.scalars(select(ProblemReport))}


def test_signed_deeply_nested_json_is_answered_200_and_logged_without_the_body(chat, caplog):
    body = '{"events": [' + "[" * 50_000 + "]" * 50_000 + "]}"
    with caplog.at_level(logging.INFO):
        assert (
            chat.post(body.encode(), {"X-Line-Signature": sign(body), "Content-Type": "application/json"})
            == 200
        )
    assert "webhook body" in caplog.text
    assert "[[[[" not in caplog.text


def test_events_whose_ids_are_longer_than_their_columns_are_ignored(chat, line_server, db, caplog):
    long_user = "U" + "f" * 200
    token = line_server.store.issue_reply_token(long_user)
    with caplog.at_level(logging.INFO):
        assert chat.deliver(text_event(long_user, "สวัสดี", token)) == 200
        assert chat.deliver(text_event(OFFICER, "สวัสดี", "t1", eid="E" * 300)) == 200
    assert line_server.store.replies() == []
    assert db.scalars(select(User)).all() == [] and db.scalars(select(ProcessedEvent)).all() == []
    assert "ignored" in caplog.text and "สวัสดี" not in caplog.text and long_user not in caplog.text


# --- 8. logs keep bound parameters out --------------------------------------------------------------


def test_a_database_error_does_not_log_what_the_user_typed(bot_app, chat, register, line_server, caplog):
    register(OFFICER)
    reach_problems(chat)
    engine = bot_app.extensions["tidtam"].engine
    dbapi = engine.dialect.loaded_dbapi
    secret_text = "ลับเฉพาะ-ข้อความของผู้ใช้"

    def fail_when_saving_it(conn, cursor, statement, parameters, context, executemany):
        if secret_text in repr(parameters):
            raise dbapi.OperationalError("the database went away")

    event.listen(engine, "before_cursor_execute", fail_when_saving_it)
    try:
        with caplog.at_level(logging.INFO):
            token = line_server.store.issue_reply_token(OFFICER)
            # Recorded (200); its turn fails on the database and waits for a retry (bot/turn_runner.py).
            assert chat.deliver(text_event(OFFICER, secret_text, token, eid=event_id())) == 200
    finally:
        event.remove(engine, "before_cursor_execute", fail_when_saving_it)
    assert "the database went away" in caplog.text
    assert secret_text not in caplog.text and OFFICER not in caplog.text


def test_the_clock_logs_json_lines(contract_env, tmp_path):
    """`tidtam scheduler` (the clock) logs its start and a reminder pass: every line is one JSON object."""
    import signal
    import subprocess
    import sys

    from scheduler.jobs import RUN_AT_START_ENV

    env = {**contract_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'clock.db'}", RUN_AT_START_ENV: "1"}
    tidtam(env, "db", "upgrade")
    log_path = tmp_path / "clock.log"
    with log_path.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "scheduler"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
        try:
            deadline = time.time() + 30
            while time.time() < deadline and "reminder pass" not in log_path.read_text():
                time.sleep(0.2)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=10)
    lines = [line for line in log_path.read_text().splitlines() if line.strip()]
    assert any("reminder pass" in line for line in lines), lines
    for line in lines:
        assert isinstance(json.loads(line), dict), line


def test_serve_logs_json_lines(contract_env, tmp_path):
    import subprocess
    import sys

    import requests

    from tests.support import free_port

    port = free_port()
    env = {**contract_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
        try:
            deadline = time.time() + 30
            while time.time() < deadline:
                try:
                    if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                        break
                except requests.ConnectionError:
                    time.sleep(0.2)
        finally:
            process.terminate()
            process.wait(timeout=10)
    lines = [line for line in log_path.read_text().splitlines() if line.strip()]
    assert any("TIDTAM_NOW" in line for line in lines)
    for line in lines:
        assert isinstance(json.loads(line), dict), line


def test_json_log_lines_hide_the_values_postgresql_quotes_in_error_details():
    import sys

    from bot.logs import JsonFormatter

    try:
        raise RuntimeError(
            'duplicate key value violates unique constraint "app_user_line_user_id_key"\n'
            "DETAIL:  Key (line_user_id)=(Usecret42) already exists."
        )
    except RuntimeError:
        record = logging.LogRecord(
            "bot.webhook", logging.ERROR, __file__, 1, "dialogue failed", None, sys.exc_info()
        )
    line = json.loads(JsonFormatter().format(record))
    assert "unique constraint" in line["error"] and "Usecret42" not in line["error"]


# --- 9. the signature covers the bytes received; a download token stays out of the logs ---------------


def bad_utf8_body(user_id: str, token: str) -> bytes:
    """A signed webhook whose text carries a byte that is not UTF-8 (LINE signs the bytes)."""
    body = json.dumps({"destination": "Ubot", "events": [text_event(user_id, "สวัสดีMARK", token)]})
    return body.encode().replace(b"MARK", b"\xff")


def test_the_signature_is_checked_over_the_raw_bytes(chat, line_server, db):
    token = line_server.store.issue_reply_token("Unewcomer")
    raw = bad_utf8_body("Unewcomer", token)
    headers = {"X-Line-Signature": sign(raw), "Content-Type": "application/json"}
    assert chat.post(raw, headers) == 200
    assert len(db.scalars(select(ProcessedEvent)).all()) == 1


def test_a_signature_over_the_text_after_bad_utf8_was_replaced_is_refused(chat, line_server, db):
    raw = bad_utf8_body("Unewcomer", line_server.store.issue_reply_token("Unewcomer"))
    replaced = raw.decode("utf-8", errors="replace")
    headers = {"X-Line-Signature": sign(replaced), "Content-Type": "application/json"}
    assert chat.post(raw, headers) == 400
    assert db.scalars(select(ProcessedEvent)).all() == []


def test_a_failing_download_logs_the_route_not_the_token(bot_app, caplog):
    engine = bot_app.extensions["tidtam"].engine
    dbapi = engine.dialect.loaded_dbapi
    token = "Zq3-download-token-that-must-not-be-logged"

    def fail(conn, cursor, statement, parameters, context, executemany):
        raise dbapi.OperationalError("the database went away")

    event.listen(engine, "before_cursor_execute", fail)
    try:
        with caplog.at_level(logging.INFO):
            assert bot_app.test_client().get(f"/files/{token}").status_code == 500
    finally:
        event.remove(engine, "before_cursor_execute", fail)
    assert "Exception on /files/<token> [GET]" in caplog.text
    assert token not in caplog.text
