"""Reminders over December 2569 BE (FY2570, period December 2026) against the fake LINE API.

December 2026: Sat 5 (holiday), Mon 7 (holiday in lieu), Thu 10 (Constitution Day); the office
deadline, the 20th, is a Sunday, so offices are due on Friday 18; divisions on Tue 22, central on
Fri 25.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from bot.line_adapter import LineAdapter
from models import reporting as svc
from models.clock import BANGKOK
from models.entities import Disbursement, Notification, Result, User
from models.office_status import office_status
from models.periods import current_period
from scheduler import rules
from scheduler.workdays import (
    first_working_day_after,
    is_working_day,
    last_working_day_on_or_before,
    working_days_before,
)
from tests.conftest import DEMO_NOW, settle
from tests.support import SECRET, TOKEN, remind, texts_of

PUSH = "/v2/bot/message/push"
DEC = [date(2026, 12, d) for d in range(1, 32)]


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=BANGKOK)


# --- pure parts -------------------------------------------------------------------------------


def test_working_days_of_december_2569():
    assert not is_working_day(date(2026, 12, 5))  # Saturday and holiday
    assert not is_working_day(date(2026, 12, 7))  # in lieu
    assert not is_working_day(date(2026, 12, 10))  # Constitution Day
    assert is_working_day(date(2026, 12, 8))
    assert not is_working_day(date(2026, 12, 8), {date(2026, 12, 8)})  # an extra holiday
    assert last_working_day_on_or_before(date(2026, 12, 20)) == date(2026, 12, 18)
    assert working_days_before(date(2026, 12, 18), 1) == date(2026, 12, 17)
    assert working_days_before(date(2026, 12, 18), 3) == date(2026, 12, 15)
    assert working_days_before(date(2026, 12, 14), 3) == date(2026, 12, 8)  # 11, 9, 8: skips 10, 12, 13
    assert first_working_day_after(date(2026, 12, 20)) == date(2026, 12, 21)
    assert first_working_day_after(date(2026, 12, 4)) == date(2026, 12, 8)


def test_schedules_per_tier():
    month, settings = date(2026, 12, 1), rules.cal.DEFAULT_SETTINGS
    sched = {
        tier: rules.schedule(month, tier, settings, frozenset(), rules.DEFAULT_REMINDERS)
        for tier in ("office", "division", "central")
    }
    assert sched["office"] == {
        date(2026, 12, 15): "before-3",
        date(2026, 12, 17): "before-1",
        date(2026, 12, 18): "deadline",
        date(2026, 12, 21): "overdue",
    }
    assert sched["division"] == {
        date(2026, 12, 17): "before-3",
        date(2026, 12, 21): "before-1",
        date(2026, 12, 22): "deadline",
        date(2026, 12, 23): "overdue",
    }
    assert sched["central"] == {
        date(2026, 12, 22): "before-3",
        date(2026, 12, 24): "before-1",
        date(2026, 12, 25): "deadline",
        date(2026, 12, 28): "overdue",
    }


def test_plan_is_pure_and_skips_paused_and_unfollowed():
    month = date(2026, 12, 1)
    office = rules.OfficeDue(1, "สสจ.เชียงใหม่", 5, 2, ("ตัวชี้วัด ก", "ตัวชี้วัด ข", "งบ", "ปัญหา"))
    facts = rules.PeriodFacts(10, month, rules.cal.DEFAULT_SETTINGS, False, {1: office})
    people = [
        rules.Recipient(1, "Ua", "officer", 1),
        rules.Recipient(2, "Ub", "officer", 1, paused_until=date(2026, 12, 20)),
        rules.Recipient(3, "Uc", "officer", 1, following=False),
        rules.Recipient(4, "Ud", "officer", 1, active=False),
    ]
    planned = rules.plan(at(date(2026, 12, 15)), date(2026, 12, 15), [facts], people)
    assert [p.line_user_id for p in planned] == ["Ua"]
    text = planned[0].text
    assert "ตัวชี้วัด ก" in text and "และอีก 1" in text and "20 ธันวาคม 2569" in text and "เหลือ 5 วัน" in text
    assert rules.plan(at(date(2026, 12, 16)), date(2026, 12, 16), [facts], people) == []  # no rule today
    assert rules.plan(at(date(2026, 12, 19)), date(2026, 12, 19), [facts], people) == []  # Saturday


# --- the month against the fake LINE API ------------------------------------------------------


@pytest.fixture
def town(bot_app, register, chat, set_now):
    """Two officers of P50 (one pauses), one of P40, one of P90 (submits everything), a division
    and a central user."""
    users = {
        "p50a": register("Up50a", "officer", "P50"),
        "p50b": register("Up50b", "officer", "P50"),
        "p40": register("Up40", "officer", "P40"),
        "p90": register("Up90", "officer", "P90"),
        "div": register("Udiv", "division", "กพก."),
        "cen": register("Ucen", "central", "กผง."),
    }
    answer = chat.says("Up50b", "พักแจ้งเตือน")
    assert "ถึงเมื่อไร" in answer
    assert "31 ธันวาคม 2569" in chat.says("Up50b", "31/12/2569")
    rt = bot_app.extensions["tidtam"]
    with rt.sessions() as session, session.begin():
        submit_everything(session, "Up90", rt.clock.now())
    return users


def submit_everything(session, line_user_id: str, now: datetime) -> None:
    from decimal import Decimal

    user = session.scalar(select(User).where(User.line_user_id == line_user_id))
    info = current_period(session, date(2026, 12, 15))
    plan = svc.office_plan(session, user.unit_id, info.fiscal_year.id)
    for item in plan.indicators:
        svc.save_value(session, user, info, Result, item.indicator.id, Decimal(5), now)
    for project in plan.projects:
        svc.save_value(session, user, info, Disbursement, project.id, Decimal(1000), now)
        svc.save_problem_text(session, user, info, project.id, now, problems="ไม่มี")
    svc.submit(session, user, info, now)
    assert office_status(session, user.unit_id, info).complete


def runtime_of(bot_app):
    return bot_app.extensions["tidtam"]


def test_december_day_by_day(bot_app, town, line_server):
    store, rt = line_server.store, runtime_of(bot_app)
    store.clear()
    days: dict[str, list[int]] = {}
    for day in DEC:
        before = len(store.pushes())
        remind(rt, at(day))
        sent_today = store.pushes()[before:]
        again = len(store.pushes())
        second = remind(rt, at(day))
        assert len(store.pushes()) == again and second.planned == [], day  # idempotent
        if sent_today:
            assert is_working_day(day), day
        per_user = Counter(r.json["to"] for r in sent_today)
        assert max(per_user.values(), default=0) <= 1, (day, per_user)
        for user in per_user:
            days.setdefault(user, []).append(day.day)
    assert days["Up50a"] == [15, 17, 18, 21]
    assert days["Up40"] == [15, 17, 18, 21]
    assert "Up50b" not in days  # paused; the other P50 officer still got hers
    assert "Up90" not in days  # submitted everything
    assert days["Udiv"] == [16, 17, 21, 22, 23]  # 16: the digest of what P90 sent on the 15th (#16)
    assert days["Ucen"] == [22, 23, 24, 25, 28]
    assert all(r.status == 200 for r in store.pushes())

    first = texts_of(store.messages_to("Up50a"))
    assert "ยังไม่ได้ส่ง" in first[0] and "20 ธันวาคม 2569" in first[0]
    assert store.messages_to("Up50a")[0]["quickReply"]["items"][0]["action"]["text"] == "รายงาน"
    escalation = texts_of(store.messages_to("Udiv"))[2]  # 21 Dec: before-1 plus late offices
    assert "ส่งใหม่ 1 แห่ง: สำนักงานสหกรณ์จังหวัดสงขลา" in texts_of(store.messages_to("Udiv"))[0]  # the digest
    assert "เชียงใหม่" in escalation and "ขอนแก่น" in escalation and "สงขลา" not in escalation
    assert "รอการตรวจ 2 รายการ" in escalation
    central = texts_of(store.messages_to("Ucen"))
    assert "กองพัฒนาสหกรณ์" in central[1]  # 23 Dec: divisions late
    assert store.messages_to("Ucen")[0]["quickReply"]["items"][0]["action"]["text"] == "ปิดรอบ"


def test_retries_deliver_each_message_exactly_once(bot_app, town, line_server):
    store = line_server.store
    store.clear()
    store.fail_next(PUSH, [500, 429, 503], retry_after=2)
    report = remind(runtime_of(bot_app), at(date(2026, 12, 15)))
    assert report.sent == 2 and report.failed == 0 and report.waiting == 0
    delivered = Counter(r.retry_key for r in store.pushes() if r.delivered)
    assert sorted(delivered.values()) == [1, 1]
    assert len(store.messages_to("Up50a")) == 1 and len(store.messages_to("Up40")) == 1
    # Retry-After honoured: the push answered 429 was not tried again for two seconds.
    limited = next(r for r in store.pushes() if r.status == 429)
    again = next(r for r in store.pushes() if r.retry_key == limited.retry_key and r.time > limited.time)
    assert again.time - limited.time >= 1.9


@pytest.mark.line_faults
def test_a_reminder_line_refuses_is_failed_at_once_and_central_is_told(bot_app, town, line_server, db):
    """A 4xx other than 429 will not pass later: the row is failed without retries, and central is
    told whose reminder could not be delivered (to call them instead)."""
    store = line_server.store
    store.clear()
    store.fail_next(PUSH, [400])
    report = remind(runtime_of(bot_app), at(date(2026, 12, 15)))
    assert report.failed == 1 and report.sent == 1
    failed = db.scalar(select(Notification).where(Notification.status == "failed"))
    assert failed.attempts == 1 and failed.last_status == 400
    assert sum(1 for r in store.pushes() if r.retry_key == failed.retry_key) == 1
    told = [m["text"] for m in store.messages_to("Ucen") if "ส่งแจ้งเตือนไม่สำเร็จ 1 คน" in m.get("text", "")]
    assert len(told) == 1


def test_a_pass_for_a_past_moment_is_sent_not_given_up(bot_app, town, line_server, set_now):
    """`tidtam remind --at` two days ago (a pass the clock missed): the rows are written now, so the
    workers' 23-hour limit counts from now and the reminders go out."""
    set_now("2026-12-17T11:00:00+07:00")
    line_server.store.clear()
    report = remind(runtime_of(bot_app), at(date(2026, 12, 15)))
    assert (report.sent, report.failed) == (2, 0)
    assert len(line_server.store.pushes()) == 2


def test_timeout_then_retry_counts_409_as_sent(bot_app, town, line_server, monkeypatch):
    """LINE took a push but answered after the bot gave up: the retry with the same key gets 409,
    which counts as sent; each officer sees the reminder once."""
    store, rt = line_server.store, runtime_of(bot_app)
    store.clear()

    class SlowAfterQuota(LineAdapter):
        def quota(self):
            answer = super().quota()
            store.set_latency(1.0)  # pushes now answer after the bot gave up (0.3 s)
            return answer

    def recover() -> None:  # LINE is fast again once it has accepted the first push
        store.wait_for(lambda s: any(r.delivered for r in s.pushes()), timeout=10)
        store.set_latency(0)

    monkeypatch.setattr(rt, "line", SlowAfterQuota(SECRET, TOKEN, line_server.url, timeout=0.3))
    threading.Thread(target=recover, daemon=True).start()
    report = remind(rt, at(date(2026, 12, 15)))
    assert report.sent == 2
    delivered = Counter(r.retry_key for r in store.pushes() if r.delivered)
    assert sorted(delivered.values()) == [1, 1]
    assert 409 in [r.status for r in store.pushes()]


def test_held_reminders_go_out_through_the_queue_when_the_quota_returns(bot_app, town, line_server, db):
    """The daily pass as workers run it: what the quota cannot cover is held, central is told, and
    the held reminders are sent once the quota has room again."""
    from scheduler.sending import Settings, release_held

    rt, store, settings = bot_app.extensions["tidtam"], line_server.store, Settings.from_env()
    store.clear()
    store.quota = 2  # three reminders on 21 Dec (two officers, the division), one slot for central
    report = remind(rt, at(date(2026, 12, 21)))
    assert (report.written, report.sent, report.held, report.waiting) == (3, 1, 2, 0)
    assert "sent 1, failed 0, held 2" in report.summary()
    notice = texts_of(store.messages_to("Ucen"))
    assert len(notice) == 1 and "พักไว้ 2 ข้อความ" in notice[0]
    assert Counter(db.scalars(select(Notification.status))) == {"held": 2, "sent": 2}
    store.quota = None  # a new month: the quota has room again
    assert release_held(rt, settings) == 2  # the sweep does this every minute
    assert settle(rt)
    db.expire_all()
    assert Counter(db.scalars(select(Notification.status))) == {"sent": 4}
    delivered = Counter(r.retry_key for r in store.pushes() if r.delivered)
    assert len(delivered) == 4 and set(delivered.values()) == {1}


def test_unreachable_line_api_keeps_the_plan(bot_app, town, line_server, db, monkeypatch):
    """LINE cannot be reached at 09:00: the reminders are written and left planned; the sweep (every
    minute) sends them once LINE answers, and a second pass plans nothing new."""
    from bot.app import WORKER
    from scheduler.sending import Settings
    from scheduler.tasks import sweep_rows

    rt = runtime_of(bot_app)
    line_server.store.clear()
    dead = LineAdapter(SECRET, TOKEN, "http://127.0.0.1:9", timeout=0.5)
    monkeypatch.setattr(rt, "line", dead)
    report = remind(rt, at(date(2026, 12, 15)))
    assert report.unreachable and report.written == 2 and report.sent == 0
    assert line_server.store.pushes() == []
    monkeypatch.setattr(rt, "line", LineAdapter(SECRET, TOKEN, line_server.url))
    assert remind(rt, at(date(2026, 12, 15), 10)).planned == []
    sweep_rows(rt, bot_app.extensions[WORKER].app.connector, Settings.from_env())
    assert settle(rt)
    assert len(line_server.store.pushes()) == 2
    assert set(db.scalars(select(Notification.status))) == {"sent"}


def test_nudge_once_per_period(bot_app, register, chat, set_now, line_server):
    register("Up40", "officer", "P40")
    set_now("2026-12-11T15:00:00+07:00")
    assert "ข้อ" in chat.says("Up40", "รายงาน")
    store, rt = line_server.store, runtime_of(bot_app)
    store.clear()
    remind(rt, at(date(2026, 12, 14)))
    nudge = store.messages_to("Up40")
    assert len(nudge) == 1 and "ค้าง" in nudge[0]["text"]
    assert nudge[0]["quickReply"]["items"][0]["action"]["text"] == "รายงาน"
    remind(rt, at(date(2026, 12, 16)))
    assert len(store.messages_to("Up40")) == 1  # once per period


def test_pause_and_resume_in_chat(bot_app, register, chat, db):
    register("Uo", "officer", "P50")
    assert "ถึงเมื่อไร" in chat.says("Uo", "พักแจ้งเตือน")
    assert "ไม่เข้าใจวันที่" in chat.says("Uo", "พรุ่งนี้มั้ง")
    assert "22 ธันวาคม 2569" in chat.says("Uo", "1 สัปดาห์")  # DEMO_NOW is 15 Dec
    user = db.scalar(select(User).where(User.line_user_id == "Uo"))
    assert user.reminders_paused_until == date(2026, 12, 22)
    chat.says("Uo", "พักแจ้งเตือน")
    chat.says("Uo", "2027-01-05")
    db.expire_all()
    assert db.get(User, user.id).reminders_paused_until == date(2027, 1, 5)
    assert "เปิดการแจ้งเตือนแล้ว" in chat.says("Uo", "เปิดแจ้งเตือน")
    db.expire_all()
    assert db.get(User, user.id).reminders_paused_until is None


# --- the CLI ----------------------------------------------------------------------------------


def cli_env(db_url: str, line_server) -> dict[str, str]:
    return {
        "DATABASE_URL": db_url,
        "LINE_API_BASE_URL": line_server.url,
        "TIDTAM_ENV": "development",
        "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "LINE_CHANNEL_SECRET": SECRET,
        # The app's clock: on PostgreSQL the app's in-process worker sends what the command queues,
        # and both must agree on how old a row is.
        "TIDTAM_NOW": DEMO_NOW,
    }


def test_cli_dry_run_prints_and_sends_nothing(bot_app, town, line_server, db_url, db):
    from bot.cli import cli

    line_server.store.clear()
    runner = CliRunner()
    result = runner.invoke(
        cli, ["remind", "--at", "2026-12-15T09:00", "--dry-run"], env=cli_env(db_url, line_server)
    )
    assert result.exit_code == 0, result.output
    assert "Up50a" in result.output and "office/before-3" in result.output and "ยังไม่ได้ส่ง" in result.output
    assert "Up90" not in result.output
    assert line_server.store.pushes() == []
    assert db.scalar(select(func.count(Notification.id))) == 0

    result = runner.invoke(cli, ["remind", "--at", "2026-12-15T09:00"], env=cli_env(db_url, line_server))
    assert result.exit_code == 0, result.output
    assert "sent 2" in result.output
    result = runner.invoke(cli, ["remind", "--at", "2026-12-15T09:00"], env=cli_env(db_url, line_server))
    assert "sent 0" in result.output and len(line_server.store.pushes()) == 2

    bad = runner.invoke(cli, ["remind", "--at", "tomorrow"], env=cli_env(db_url, line_server))
    assert bad.exit_code == 1 and "--at" in bad.output


def test_cli_holidays(bot_app, town, line_server, db_url):
    from bot.cli import cli

    runner = CliRunner()
    env = cli_env(db_url, line_server)
    added = runner.invoke(cli, ["holiday", "add", "2026-12-16", "วันหยุดพิเศษ"], env=env)
    assert added.exit_code == 0, added.output
    assert "16 ธันวาคม 2569" in added.output
    listing = runner.invoke(cli, ["holiday", "list", "--year", "2569"], env=env)
    assert "2026-12-16" in listing.output and "วันหยุดพิเศษ" in listing.output and "2026-12-10" in listing.output
    assert runner.invoke(cli, ["holiday", "add", "16/12", "x"], env=env).exit_code == 1
    # The extra holiday moves the office reminders: 3 working days before Fri 18 is now Mon 14.
    dry = runner.invoke(cli, ["remind", "--at", "2026-12-14T09:00", "--dry-run"], env=env)
    assert "office/before-3" in dry.output, dry.output


def test_reminders_do_not_count_as_other_days(bot_app, town, line_server):
    """A second pass later the same day plans nothing for someone already reminded today."""
    store, rt = line_server.store, runtime_of(bot_app)
    store.clear()
    remind(rt, at(date(2026, 12, 21)))
    count = len(store.pushes())
    later = remind(rt, at(date(2026, 12, 21)) + timedelta(hours=6))
    assert later.planned == [] and len(store.pushes()) == count
