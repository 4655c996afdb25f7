"""The task queue: procrastinate (PostgreSQL's own queue; no other server), and the tasks it runs.

Nothing is created at import time but the task declarations (on a blueprint): ``make_app`` builds the
procrastinate App on the configured database. PostgreSQL: ``tidtam worker`` processes run the jobs
(Procfile). SQLite (the embedded default): ``InProcessWorker`` runs the same tasks in the process on
procrastinate's in-memory connector.

The project's tables stay the source of truth: a push is a Notification row (scheduler/outbox.py);
a job only says "send row 17". A job lost with its worker is retried (heartbeats, ``sweep``); a row
whose job is missing is deferred again by ``sweep``; a row already sent is skipped; a push repeated
with the row's retry key is answered 409 by LINE and counts as sent.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

import procrastinate
from asgiref.sync import sync_to_async
from procrastinate import jobs as pjobs
from procrastinate.app import WorkerOptions
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.retry import BaseRetryStrategy
from procrastinate.testing import InMemoryConnector
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.rich_menus import link_rich_menus
from bot.runtime import Runtime
from handlers import report_request
from handlers import texts as T
from handlers.messages import Reply, Text
from models.db import transaction
from models.entities import Notification
from scheduler import outbox, photo_fetch
from scheduler.job_kinds import (
    PHOTO_QUEUE,
    PUSH_QUEUE,
    REPORT_QUEUE,
    BuildReport,
    FetchPhoto,
    Housekeeping,
    Job,
    LinkRichMenus,
    ReminderPass,
    SendRow,
    SendRows,
    Work,
    read,
)
from scheduler.sending import (
    LineRetry,
    Settings,
    missing_jobs,
    queue_reminders,
    release_held,
    send_many,
    send_one,
)

log = logging.getLogger(__name__)


# The task declarations, one per kind of job (scheduler/job_kinds.py): ``make_app`` registers them
# on each App it builds (an App per process; tests build several). procrastinate calls a task with
# the job's JSON arguments; the task reads them back as its kind, each field checked.
class Run(Protocol):
    """procrastinate's call of a task: its context and the job's JSON arguments."""

    def __call__(self, context: procrastinate.JobContext, /, **raw: object) -> object: ...


@dataclass(frozen=True)
class Declared:
    run: Run
    kind: type[Work]
    retry: bool | BaseRetryStrategy = False
    lock: str | None = None


_DECLARED: list[Declared] = []
W = TypeVar("W", bound=Work)


def task(
    kind: type[W], retry: bool | BaseRetryStrategy = False, lock: str | None = None
) -> Callable[[Callable[[Runtime, Settings, W], None]], Callable[[Runtime, Settings, W], None]]:
    """Declare the task doing ``kind`` (run on a worker thread: the work is synchronous)."""

    def declare(func: Callable[[Runtime, Settings, W], None]) -> Callable[[Runtime, Settings, W], None]:
        def run(context: procrastinate.JobContext, /, **raw: object) -> None:
            func(_rt(context), _settings(context), read(kind, raw))

        _DECLARED.append(Declared(run, kind, retry, lock))
        return func

    return declare


# --- the tasks --------------------------------------------------------------------------------


def _rt(context: procrastinate.JobContext) -> Runtime:
    rt: Runtime = context.additional_context["rt"]
    return rt


def _settings(context: procrastinate.JobContext) -> Settings:
    s: Settings = context.additional_context["settings"]
    return s


@task(SendRow, retry=LineRetry())
def send(rt: Runtime, s: Settings, job: SendRow) -> None:
    send_one(rt, job.notification_id, s)


@task(SendRows, retry=LineRetry())
def send_batch(rt: Runtime, s: Settings, job: SendRows) -> None:
    send_many(rt, job.notification_ids, s)


@task(ReminderPass, retry=LineRetry(), lock="reminder-pass")
def reminder_pass(rt: Runtime, s: Settings, job: ReminderPass) -> None:
    log.info("reminder pass for %s: %s", job.day, queue_reminders(rt, rt.clock.now(), s).summary())


@task(LinkRichMenus)
def link_menus(rt: Runtime, s: Settings, job: LinkRichMenus) -> None:
    """Link each user's rich menu to their role (registration, role change)."""
    link_rich_menus(rt, [(line_user_id, role) for line_user_id, role in job.links])


async def housekeeping(context: procrastinate.JobContext, /, **raw: object) -> None:
    """Retry the jobs of dead workers, defer rows that lost their job, release held reminders;
    with ``purge``, also apply the retention rules (daily)."""
    job, rt, s = read(Housekeeping, raw), _rt(context), _settings(context)
    await retry_stalled(context.app, s)
    await sync_to_async(sweep_rows, thread_sensitive=False)(rt, context.app.connector, s)
    if job.purge:
        await sync_to_async(run_purge, thread_sensitive=False)(rt)


_DECLARED.append(Declared(housekeeping, Housekeeping, lock="housekeeping"))


def sweep_rows(rt: Runtime, connector: procrastinate.BaseConnector, s: Settings) -> None:
    missing_jobs(rt, connector, s)
    photo_fetch.missing_jobs(rt, connector)
    released = release_held(rt, s)
    if released:
        log.info("sweep: %d held reminder(s) released", released)


def run_purge(rt: Runtime) -> None:
    from models.retention import purge  # only the daily job needs it

    with transaction(rt.sessions) as session:
        log.info("purge: %s", purge(session, rt.clock.now()).summary())


async def retry_stalled(app: procrastinate.App, s: Settings) -> int:
    """Jobs left `doing` by a worker whose heartbeat stopped (killed, lost its host) run again."""
    stalled = list(await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=s.stalled_after_s))
    for job in stalled:
        log.warning("job %s (%s) of a dead worker: retried", job.id, job.task_name)
        await app.job_manager.retry_job(job)
    return len(stalled)


@task(BuildReport, retry=LineRetry())
def build_report(rt: Runtime, s: Settings, job: BuildReport) -> None:
    """Build a report too big for the reply window; its "file ready" push is an outbox row."""
    now, user_id, key = rt.clock.now(), job.args.user_id, job.retry_key
    with rt.sessions() as session:
        if session.scalar(select(Notification.id).where(Notification.retry_key == key)) is not None:
            return  # built already (the job ran again after its worker died)
    replies: list[Reply]
    try:
        with transaction(rt.sessions) as session:
            replies = report_request.later_replies(session, job.args, now, rt.services)
            outbox.record(session, user_id, job.line_user_id, "report", key, replies, now, retry_key=key)
            return
    except Exception:
        log.exception("report build failed")
    with transaction(rt.sessions) as session:
        outbox.record(session, user_id, job.line_user_id, "report", key, [Text(T.ERROR)], now, retry_key=key)


@task(FetchPhoto)
def fetch_photo(rt: Runtime, s: Settings, job: FetchPhoto) -> None:
    """Fetch a photo an officer sent, store it, and tell them (scheduler/photo_fetch.py)."""
    photo_fetch.fetch_photo(rt, job.args.message_id, job.retry_key)


# --- apps and workers -------------------------------------------------------------------------


def make_app(database_url: str) -> procrastinate.App:
    """The procrastinate App on the configured database: PostgreSQL's connector, or in memory for
    SQLite (the in-process worker)."""
    connector: procrastinate.BaseConnector
    if database_url.startswith("postgresql"):
        conninfo = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
        connector = procrastinate.PsycopgConnector(conninfo=conninfo)
    else:
        connector = InMemoryConnector()
    app = procrastinate.App(connector=connector)
    for d in _DECLARED:
        app.task(name=d.kind.TASK, queue=d.kind.QUEUE, pass_context=True, retry=d.retry, lock=d.lock)(d.run)
    return app


QUEUES = [PUSH_QUEUE, REPORT_QUEUE, PHOTO_QUEUE]


def worker_options(rt: Runtime, s: Settings) -> WorkerOptions:
    return {
        "queues": QUEUES,
        "concurrency": s.concurrency,
        "additional_context": {"rt": rt, "settings": s},
        "update_heartbeat_interval": s.heartbeat_s,
        "stalled_worker_timeout": s.stalled_after_s,
        "delete_jobs": "successful",
        # Jobs deferred now arrive by LISTEN/NOTIFY; retries scheduled for later are found by polling
        # (a push retried after 0.3 s should not wait a whole second more).
        "fetch_job_polling_interval": 0.5,
    }


async def _run_worker(rt: Runtime, s: Settings) -> None:
    app = make_app(rt.config.normalized_database_url())
    async with app.open_async():
        await retry_stalled(app, s)  # jobs a killed worker left behind run again at once
        await app.run_worker_async(**worker_options(rt, s))


def run_worker(rt: Runtime, s: Settings | None = None) -> None:  # pragma: no cover - blocks
    """`tidtam worker`: run jobs of the push, report and photo queues until stopped (SIGTERM: graceful)."""
    asyncio.run(_run_worker(rt, s or Settings.from_env()))


class InProcessWorker:
    """The same tasks inside this process: on SQLite with procrastinate's in-memory connector (jobs
    deferred after commit arrive through ``submit``), on PostgreSQL with the real connector (tests,
    a demo on PostgreSQL). One thread for the process, started with the app, never per request."""

    def __init__(self, rt: Runtime, s: Settings | None = None) -> None:
        self.rt = rt
        self.settings = s or Settings.from_env()
        self.app = make_app(rt.config.normalized_database_url())
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._main, daemon=True, name="tidtam-worker")

    def start(self) -> InProcessWorker:
        if isinstance(self.app.connector, InMemoryConnector):
            outbox.install_after_commit(self.rt.sessions, self.submit)
        self._thread.start()
        self._ready.wait(10)
        for queued in self.submit([Job(Housekeeping(), queueing_lock="housekeeping")]):
            queued.result(10)  # rows a restart left: the sweep is queued when start returns
        return self

    def _main(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        finally:
            loop.close()

    async def _serve(self) -> None:
        async with self.app.open_async():
            options = worker_options(self.rt, self.settings)
            options["install_signal_handlers"] = False
            options["fetch_job_polling_interval"] = 0.25
            self._task = asyncio.ensure_future(self.app.run_worker_async(**options))
            self._ready.set()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def submit(self, jobs: list[Job]) -> list[concurrent.futures.Future[None]]:
        """Defer jobs (thread-safe; does not wait: the futures say when each is queued)."""
        if self._loop is None or self._loop.is_closed():
            log.warning("in-process worker not running: %d job(s) left for the sweep", len(jobs))
            return []
        return [asyncio.run_coroutine_threadsafe(self._defer(job), self._loop) for job in jobs]

    async def _defer(self, job: Job) -> None:
        scheduled = job.scheduled_at
        with contextlib.suppress(AlreadyEnqueued):
            await self.app.job_manager.defer_job_async(
                pjobs.Job(
                    id=None,
                    queue=job.queue,
                    priority=job.priority,
                    lock=job.lock,
                    queueing_lock=job.queueing_lock,
                    task_name=job.task,
                    task_kwargs=job.kwargs(),
                    scheduled_at=scheduled,
                )
            )

    def idle(self) -> bool:
        """No job waiting or running (scheduled retries count as waiting)."""
        connector = self.app.connector
        if not isinstance(connector, InMemoryConnector):
            return False
        return all(j["status"] not in ("todo", "doing") for j in list(connector.jobs.values()))

    def wait_idle(self, timeout_s: float) -> bool:
        """Wait until no job is waiting or running (in memory; the real connector: at once)."""
        if not isinstance(self.app.connector, InMemoryConnector):
            return True
        deadline = time.monotonic() + timeout_s
        while not self.idle():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def stop(self) -> None:
        if self._loop is not None and self._task is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._task.cancel)
        self._thread.join(10)
