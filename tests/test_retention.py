"""What is kept and for how long: a daily purge shrinks the tables by the documented rules."""

from __future__ import annotations

from datetime import timedelta

from click.testing import CliRunner
from sqlalchemy import func, select

from models.downloads import FileStore
from models.entities import (
    AuditLog,
    ConversationState,
    DownloadLog,
    DownloadToken,
    InviteAttempt,
    ProcessedEvent,
    User,
)
from models.retention import purge
from scheduler import jobs
from tests.support import SECRET, TOKEN

OFFICER = "Uofficer50"


def counts(db) -> dict[str, int]:
    db.expire_all()
    tables = {
        "events": ProcessedEvent,
        "tries": InviteAttempt,
        "conversations": ConversationState,
        "links": DownloadToken,
        "logs": DownloadLog,
        "audit": AuditLog,
        "users": User,
    }
    out = {name: db.scalar(select(func.count()).select_from(model)) for name, model in tables.items()}
    out["files"] = db.scalar(
        select(func.count()).select_from(DownloadToken).where(DownloadToken.content.is_not(None))
    )
    return out


def a_month_of_use(bot_app, chat, register, db) -> None:
    """An officer registers and starts a report, someone guesses codes, a report file is fetched."""
    register(OFFICER)
    chat.says("Uguesser", "ABCD-EFGH")
    chat.says("Uguesser", "ABCD-EFGJ")
    chat.says(OFFICER, "รายงาน")
    chat.says(OFFICER, "12")
    rt = bot_app.extensions["tidtam"]
    with rt.sessions() as session, session.begin():
        now = rt.clock.now()
        FileStore("https://tidtam.example").issue(
            session, b"PK report", "tp1.xlsx", "application/zip", None, now
        )
        token = session.scalar(select(DownloadToken))
        session.add(DownloadLog(token_id=token.id, at=now, remote_addr="203.0.113.9", user_agent="LINE"))


def test_the_tables_shrink_by_the_retention_rules(bot_app, chat, register, db):
    a_month_of_use(bot_app, chat, register, db)
    before = counts(db)
    assert before["events"] >= 5 and before["tries"] == 3 and before["conversations"] == 1
    assert before["files"] == before["links"] == before["logs"] == 1 and before["audit"] >= 1
    now = bot_app.extensions["tidtam"].clock.now()

    def purge_at(days: float) -> dict[str, int]:
        with bot_app.extensions["tidtam"].sessions() as session, session.begin():
            purge(session, now + timedelta(days=days))
        return counts(db)

    assert purge_at(0) == before  # nothing is due yet
    after_two_days = purge_at(2)  # the 24-hour link expired: its file goes, the row and log stay
    assert after_two_days == {**before, "files": 0}
    after_15 = purge_at(15)  # event ids after 7 days; the conversation two weeks after the last message
    assert after_15 == {**after_two_days, "events": 0, "conversations": 0}
    after_31 = purge_at(31)  # invite tries after 30 days
    assert after_31 == {**after_15, "tries": 0}
    after_a_year = purge_at(367)  # the link and its download log a year after the link expired
    assert after_a_year == {**after_31, "links": 0, "logs": 0}
    assert after_a_year["audit"] == before["audit"] and after_a_year["users"] == before["users"] == 1


def test_an_expired_link_whose_file_was_purged_answers_404(bot_app, db, set_now):
    rt = bot_app.extensions["tidtam"]
    now = rt.clock.now()
    with rt.sessions() as session, session.begin():
        fresh = FileStore("https://tidtam.example").issue(
            session, b"new", "a.xlsx", "application/zip", None, now
        )
        old = FileStore("https://tidtam.example").issue(
            session, b"old", "b.xlsx", "application/zip", None, now - timedelta(days=2)
        )
    with rt.sessions() as session, session.begin():
        assert purge(session, now).files == 1
    client = bot_app.test_client()
    assert client.get(old.removeprefix("https://tidtam.example")).status_code == 404
    fetched = client.get(fresh.removeprefix("https://tidtam.example"))
    assert fetched.status_code == 200 and fetched.data == b"new"


def test_tidtam_purge_dry_run_counts_and_deletes_nothing(bot_app, chat, register, db, db_url, line_server):
    from bot.cli import cli

    a_month_of_use(bot_app, chat, register, db)
    before = counts(db)
    env = {
        "DATABASE_URL": db_url,
        "LINE_API_BASE_URL": line_server.url,
        "TIDTAM_ENV": "development",
        "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "LINE_CHANNEL_SECRET": SECRET,
        "TIDTAM_NOW": "2027-01-20T10:00:00+07:00",
    }  # five weeks on
    dry = CliRunner().invoke(cli, ["purge", "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    assert (
        f"would purge: event ids {before['events']}, invite tries 3, conversations 1, files 1, links 0"
        in dry.output
    )
    assert counts(db) == before
    done = CliRunner().invoke(cli, ["purge"], env=env)
    assert done.exit_code == 0, done.output
    assert f"purged: event ids {before['events']}, invite tries 3, conversations 1, files 1" in done.output
    assert counts(db) == {**before, "events": 0, "tries": 0, "conversations": 0, "files": 0}


def test_the_clock_purges_daily_at_three_in_the_morning():
    scheduler = jobs.build_scheduler()
    job = {job.id: job for job in scheduler.get_jobs()}[jobs.PURGE_JOB_ID]
    assert job.func is jobs.purge_job and job.coalesce and job.max_instances == 1
    assert "hour='3'" in str(job.trigger) and "minute='0'" in str(job.trigger)
