"""Export jobs: enqueue after commit, exclusive claims, failures, retries, clean-up."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from schedules import export_pdf, export_tasks, exports
from schedules.models import ExportJob, ExportKind, JobStatus
from tests.exports.conftest import block_job, render


@pytest.fixture
def sent(monkeypatch):
    """Job ids handed to the broker (no broker or worker is needed in tests)."""
    ids = []
    monkeypatch.setattr(export_tasks.render_export, "delay", ids.append)
    return ids


def test_request_creates_a_queued_job_sent_after_commit(
    athlete, owner, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = exports.export_request(
            club=athlete.club, user=owner, kind=ExportKind.ATHLETE_BLOCK, athlete=athlete
        )
        assert sent == []
    assert sent == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.total, job.created_by) == (JobStatus.QUEUED, 1, owner)


def test_squad_request_counts_the_squads_athletes(squad, owner, sent):
    job = exports.export_request(
        club=squad.club,
        user=owner,
        kind=ExportKind.SQUAD_WEEK,
        squad=squad,
        week_start=timezone.localdate(),
    )
    assert job.total == 4


def test_broker_down_leaves_the_job_queued_and_says_so(athlete, monkeypatch):
    from kombu.exceptions import OperationalError

    def down(job_id):
        raise OperationalError("connection refused")

    monkeypatch.setattr(export_tasks.render_export, "delay", down)
    job = block_job(athlete)
    exports.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.reason == exports.WORKER_UNAVAILABLE


def test_only_one_worker_can_claim_a_job(athlete):
    job = block_job(athlete)
    assert exports.export_claim(job.pk, 3) is True
    assert exports.export_claim(job.pk, 3) is False
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.RUNNING, 1)


def test_a_running_job_is_claimed_again_only_once_its_worker_is_surely_gone(athlete):
    job = block_job(athlete)
    exports.export_claim(job.pk, 3)
    gone = timezone.now() - timedelta(seconds=exports.HARD_TIME_LIMIT_S + 1)
    ExportJob.objects.filter(pk=job.pk).update(started_at=gone)
    assert exports.export_claim(job.pk, 3) is True


def test_a_retry_of_the_same_task_resumes_its_running_job(athlete):
    job = block_job(athlete)
    exports.export_claim(job.pk, 3)
    assert exports.export_claim(job.pk, 3, resuming=True) is True


def test_attempt_counter_stops_a_poison_job(athlete):
    job = block_job(athlete)
    ExportJob.objects.filter(pk=job.pk).update(attempts=3)
    assert exports.export_claim(job.pk, 3) is False
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "3 attempts" in job.reason


def test_finished_job_is_not_rendered_again(athlete, plan):
    job = render(block_job(athlete))
    assert export_tasks.render_export.apply(args=[job.pk]).get() == "skipped"


def test_task_renders_a_queued_job(athlete, plan):
    job = block_job(athlete)
    assert export_tasks.render_export.apply(args=[job.pk]).get() == "done"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.file.read(4) == b"%PDF"


def test_renderer_error_fails_the_job_with_a_readable_reason(athlete, plan, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the layout engine fell over")

    monkeypatch.setattr(export_pdf, "render_pdf", broken)
    job = block_job(athlete)
    export_tasks.render_export.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    # What went wrong inside is for the server's log (it may name files and paths), not the
    # coach's page: they are told it was not their input, and to try again.
    assert job.reason == (
        "The PDF could not be made: an error on the server, written to its log. "
        "If Retry fails too, tell whoever runs this site."
    )
    assert "layout engine" not in job.reason
    assert not job.file


def test_missing_plan_fails_the_job_saying_what_to_do(athlete):
    job = block_job(athlete)
    assert export_tasks.render_export.apply(args=[job.pk]).get() == "failed"
    job.refresh_from_db()
    assert job.reason == "Amara Okafor has no plan yet: assign a programme first."


def test_retry_queues_a_failed_job_again_from_scratch(
    athlete, plan, sent, django_capture_on_commit_callbacks
):
    job = block_job(athlete)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, reason="x", attempts=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert exports.export_retry(job) is True
    job.refresh_from_db()
    assert (job.status, job.reason, job.attempts) == (JobStatus.QUEUED, "", 0)
    assert sent == [job.pk]


def test_retry_of_a_job_that_is_not_failed_does_nothing(athlete, sent):
    job = block_job(athlete)
    assert exports.export_retry(job) is False


def test_task_has_time_limits_and_late_acknowledgement():
    task = export_tasks.render_export
    assert task.soft_time_limit == exports.SOFT_TIME_LIMIT_S
    assert task.time_limit == exports.HARD_TIME_LIMIT_S > task.soft_time_limit
    assert task.acks_late and task.reject_on_worker_lost
    assert settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD > 0
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > task.time_limit


def test_purge_deletes_exports_older_than_seven_days_with_their_files(
    athlete, plan, django_capture_on_commit_callbacks
):
    old = render(block_job(athlete))
    recent = render(block_job(athlete))
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    storage = old.file.storage
    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows are gone
        assert exports.exports_purge()["deleted"] == 1
    assert not ExportJob.objects.filter(pk=old.pk).exists()
    assert not storage.exists(old.file.name)
    assert storage.exists(recent.file.name)


def test_purge_fails_jobs_whose_worker_vanished(athlete):
    job = block_job(athlete)
    exports.export_claim(job.pk, 3)
    ExportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - timedelta(hours=1))
    assert exports.exports_purge()["failed"] == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Retry" in job.reason


def test_purge_sends_again_jobs_that_never_reached_a_worker(athlete, sent):
    job = block_job(athlete)
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert exports.exports_purge()["requeued"] == 1
    assert sent == [job.pk]


def test_purge_command_deletes_old_exports(athlete, capsys):
    job = block_job(athlete)
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=8))
    call_command("purge_exports")
    assert "Deleted 1 export(s)" in capsys.readouterr().out
    assert not ExportJob.objects.exists()


def test_purge_runs_periodically():
    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "schedules.export_tasks.purge_exports" in entries
