"""The task queue's jobs, one frozen dataclass per kind (``Work``): a job's fields are its task's
arguments, stored as the job's JSON (``Job.kwargs``; scheduler/outbox.py defers it in the caller's
transaction) and read back, each field checked against its type, by the worker (``read``;
scheduler/tasks.py declares one task per kind). A dialogue's slow work (handlers/messages.py,
``Later``) becomes a job here (``later_job``).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, TypeVar

from procrastinate.types import JSONValue

from handlers.messages import Later, PhotoWork, ReportWork

PUSH_QUEUE, REPORT_QUEUE, PHOTO_QUEUE = "push", "reports", "photos"
SEND_TASK = "tidtam:send"  # one row (scheduler/tasks.py declares the tasks under these names)
SEND_BATCH_TASK = "tidtam:send_batch"  # many rows, pushed side by side
REPORT_TASK = "tidtam:build_report"
RICH_MENU_TASK = "tidtam:link_rich_menus"  # a registration or a role change
REMINDER_TASK = "tidtam:reminder_pass"
HOUSEKEEPING_TASK = "tidtam:housekeeping"
PHOTO_TASK = "tidtam:fetch_photo"  # a photo an officer sent, from LINE's data API


@dataclass(frozen=True)
class Work:
    """What a job does; each kind names its task and queue."""

    TASK: ClassVar[str]
    QUEUE: ClassVar[str] = PUSH_QUEUE


@dataclass(frozen=True)
class SendRow(Work):
    """Push one outbox row."""

    TASK = SEND_TASK
    notification_id: int


@dataclass(frozen=True)
class SendRows(Work):
    """Push many rows side by side (a batch of reminders, a batch retried)."""

    TASK = SEND_BATCH_TASK
    notification_ids: list[int]


@dataclass(frozen=True)
class ReminderPass(Work):
    """Decide and write the day's reminders (ISO date, Bangkok)."""

    TASK = REMINDER_TASK
    day: str


@dataclass(frozen=True)
class LinkRichMenus(Work):
    """Link each (LINE user id, role) to the role's rich menu."""

    TASK = RICH_MENU_TASK
    links: list[list[str]]


@dataclass(frozen=True)
class Housekeeping(Work):
    """Retry dead workers' jobs, defer rows that lost theirs, release held reminders; ``purge``: the
    retention rules too (daily)."""

    TASK = HOUSEKEEPING_TASK
    purge: bool = False


@dataclass(frozen=True)
class BuildReport(Work):
    """A report too big for the reply window (a dialogue's Later), pushed with ``retry_key``."""

    TASK, QUEUE = REPORT_TASK, REPORT_QUEUE
    line_user_id: str
    retry_key: str
    args: ReportWork


@dataclass(frozen=True)
class FetchPhoto(Work):
    """A photo an officer sent (a dialogue's Later), fetched from LINE's data API."""

    TASK, QUEUE = PHOTO_TASK, PHOTO_QUEUE
    line_user_id: str
    retry_key: str
    args: PhotoWork


W = TypeVar("W", bound=Work)


class UnreadableJob(ValueError):
    """A job's JSON does not fit its kind (written by another version, or by hand)."""


def read(kind: type[W], raw: Mapping[str, object]) -> W:
    """The job ``kind`` from its stored JSON arguments, each field checked against its type."""
    return kind(**_fields(kind, raw))


def _fields(kind: type[object], raw: object) -> dict[str, object]:
    if not isinstance(raw, Mapping):
        raise UnreadableJob(f"{kind.__name__}: {raw!r} is not an object")
    hints = typing.get_type_hints(kind)
    values: dict[str, object] = {}
    for f in dataclasses.fields(kind):  # type: ignore[arg-type]  # every kind is a dataclass
        if f.name not in raw:
            if f.default is dataclasses.MISSING:
                raise UnreadableJob(f"{kind.__name__}: no {f.name}")
            continue
        value, hint = raw[f.name], hints[f.name]
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            values[f.name] = hint(**_fields(hint, value))
        elif _fits(value, hint):
            values[f.name] = value
        else:
            raise UnreadableJob(f"{kind.__name__}.{f.name}: {value!r} is not {hint}")
    return values


def _fits(value: object, hint: object) -> bool:
    """Whether a JSON value has the type of a field: str, int, bool, None, unions and lists of them."""
    origin, arms = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, arm) for arm in arms)
    if origin is list:
        return isinstance(value, list) and all(_fits(v, arms[0]) for v in value)
    if hint is type(None):
        return value is None
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(hint, type) and isinstance(value, hint)


def later_job(later: Later) -> Job:
    """A dialogue's Later as its job; the lock: identical requests are done once, one at a time."""
    work: Work
    if isinstance(later.work, ReportWork):
        work = BuildReport(later.line_user_id, later.retry_key, later.work)
    else:
        work = FetchPhoto(later.line_user_id, later.retry_key, later.work)
    return Job(work, lock=later.lock, queueing_lock=later.lock)


@dataclass(frozen=True)
class Job:
    """A job to defer: its work and procrastinate's own options."""

    work: Work
    priority: int = 0
    lock: str | None = None
    queueing_lock: str | None = None
    scheduled_at: datetime | None = None

    @property
    def task(self) -> str:
        return self.work.TASK

    @property
    def queue(self) -> str:
        return self.work.QUEUE

    def kwargs(self) -> dict[str, JSONValue]:
        """The task's arguments as JSON values."""
        return dataclasses.asdict(self.work)
