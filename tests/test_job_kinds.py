"""The queue's jobs are typed: one frozen dataclass per kind, stored as JSON and read back checked.

A job's JSON is written by one version of the code and may be run by another (a deploy while jobs
wait): what does not fit its kind is refused with a clear error, never run with a wrong value.
"""

from __future__ import annotations

import json

import pytest

from handlers.messages import Later, PhotoWork, ReportWork
from scheduler import tasks
from scheduler.job_kinds import (
    REPORT_QUEUE,
    BuildReport,
    FetchPhoto,
    Housekeeping,
    Job,
    LinkRichMenus,
    ReminderPass,
    SendRow,
    SendRows,
    UnreadableJob,
    Work,
    later_job,
    read,
)

REPORT = ReportWork(7, "tp1", "2026-12-01", None, None, 3, None)
EVERY_KIND = [
    SendRow(17),
    SendRows([17, 18]),
    ReminderPass("2026-12-15"),
    LinkRichMenus([["U1", "officer"]]),
    Housekeeping(purge=True),
    BuildReport("U7", "key-7", REPORT),
    FetchPhoto("U8", "photo:m1", PhotoWork(8, "m1")),
]


@pytest.mark.parametrize("work", EVERY_KIND, ids=lambda w: type(w).__name__)
def test_each_kind_of_job_comes_back_from_its_json_as_it_went(work):
    stored = json.loads(json.dumps(Job(work).kwargs()))
    assert read(type(work), stored) == work


def test_every_kind_has_its_task_on_its_queue():
    app = tasks.make_app("sqlite://")
    declared = {name: task.queue for name, task in app.tasks.items() if name.startswith("tidtam:")}
    assert {kind.TASK: kind.QUEUE for kind in Work.__subclasses__()} == declared
    assert {type(w) for w in EVERY_KIND} == set(Work.__subclasses__())


@pytest.mark.parametrize(
    ("kind", "stored", "why"),
    [
        (SendRow, {"notification_id": "17"}, "notification_id"),  # a string for a row id
        (SendRow, {"notification_id": True}, "notification_id"),  # a bool is not an id
        (SendRows, {"notification_ids": [17, None]}, "notification_ids"),
        (ReminderPass, {}, "no day"),
        (BuildReport, {"line_user_id": "U7", "retry_key": "k", "args": {"user_id": 7}}, "no kind"),
        (BuildReport, {"line_user_id": "U7", "retry_key": "k", "args": "tp1"}, "not an object"),
        (
            FetchPhoto,
            {"line_user_id": "U8", "retry_key": "k", "args": {"user_id": 8, "message_id": 5}},
            "message_id",
        ),
    ],
)
def test_a_job_whose_json_does_not_fit_its_kind_is_refused(kind, stored, why):
    with pytest.raises(UnreadableJob, match=why):
        read(kind, stored)


def test_a_report_job_deferred_before_the_typed_jobs_is_still_read():
    """The JSON of a report job as it was deferred before (an outer user_id too): the same work."""
    stored = {
        "user_id": 7,
        "line_user_id": "U7",
        "retry_key": "key-7",
        "args": {"user_id": 7, "kind": "tp1", "month": "2026-12-01", "quarter": None, "owner_unit_id": 3},
    }
    assert read(BuildReport, stored) == BuildReport("U7", "key-7", REPORT)


def test_a_dialogues_later_work_becomes_its_job_with_its_lock():
    report = later_job(Later(REPORT, "U7", "key-7", "report:7"))
    assert report.work == BuildReport("U7", "key-7", REPORT)
    assert (report.task, report.queue, report.lock, report.queueing_lock) == (
        "tidtam:build_report",
        REPORT_QUEUE,
        "report:7",
        "report:7",
    )
    photo = later_job(Later(PhotoWork(8, "m1"), "U8", "photo:m1", "photo-m1"))
    assert photo.work == FetchPhoto("U8", "photo:m1", PhotoWork(8, "m1"))
    assert photo.queue == "photos"
