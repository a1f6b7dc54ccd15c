"""PDF exports as jobs: request, claim, render, retry, and the seven-day clean-up."""

import logging
import time
import uuid
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from athletes.models import Athlete, Club, Squad
from schedules.models import ExportJob, ExportKind, JobStatus

log = logging.getLogger(__name__)

EXPORT_LIFETIME = timedelta(days=7)
# Time limits of one render: the soft limit lets the task record a readable failure.
SOFT_TIME_LIMIT_S = 60
HARD_TIME_LIMIT_S = 90
# A job still "running" this long after it started lost its worker.
STUCK_AFTER = timedelta(seconds=HARD_TIME_LIMIT_S * 2)
PROGRESS_EVERY_S = 0.2
WORKER_UNAVAILABLE = "Waiting for a worker: the PDF is made as soon as one is back."


def export_request(
    *,
    club: Club,
    user,
    kind: str,
    paper: str = "a4",
    athlete: Athlete | None = None,
    squad: Squad | None = None,
    week_start: date | None = None,
) -> ExportJob:
    """Create a queued export job; it is sent to a worker once the transaction commits."""
    total = (
        Athlete.objects.filter(squad=squad).active().count() if kind == ExportKind.SQUAD_WEEK else 1
    )
    with transaction.atomic():
        job = ExportJob.objects.create(
            club=club,
            created_by=user,
            kind=kind,
            athlete=athlete,
            squad=squad,
            week_start=week_start,
            paper=paper,
            total=total,
        )
        _enqueue_after_commit(job.pk)
    return job


def export_retry(job: ExportJob) -> bool:
    """Queue a failed job again from scratch; False when it is not failed (any more)."""
    with transaction.atomic():
        reset = ExportJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED,
            reason="",
            attempts=0,
            done_count=0,
            started_at=None,
            finished_at=None,
        )
        if reset:
            _enqueue_after_commit(job.pk)
    return bool(reset)


def _enqueue_after_commit(job_id: int) -> None:
    transaction.on_commit(lambda: enqueue(job_id))


def enqueue(job_id: int) -> None:
    from schedules.export_tasks import render_export

    try:
        render_export.delay(job_id)
    except BrokerError:
        log.warning("broker unavailable; export job %s stays queued", job_id)
        ExportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            reason=WORKER_UNAVAILABLE
        )


def export_claim(job_id: int, max_attempts: int, *, resuming: bool = False) -> bool:
    """Mark the job running and count the attempt; False if another worker has it.

    A running job is claimed again only by a retry of the task that claimed it, or once
    its worker is certainly gone (the hard time limit has passed), so two workers never
    render the same job.
    """
    now = timezone.now()
    claimable = Q(status=JobStatus.QUEUED) | Q(
        status=JobStatus.RUNNING, started_at__lt=now - timedelta(seconds=HARD_TIME_LIMIT_S)
    )
    if resuming:
        claimable |= Q(status=JobStatus.RUNNING)
    claimed = (
        ExportJob.objects.filter(claimable, pk=job_id).update(
            status=JobStatus.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            reason="",
            done_count=0,
        )
        == 1
    )
    if not claimed:
        return False
    attempts = ExportJob.objects.filter(pk=job_id).values_list("attempts", flat=True).first()
    if attempts > max_attempts:
        export_fail(job_id, f"Stopped after {max_attempts} attempts that did not finish.")
        return False
    return True


def export_fail(job_id: int, reason: str) -> None:
    ExportJob.objects.filter(pk=job_id).exclude(status=JobStatus.DONE).update(
        status=JobStatus.FAILED, reason=reason[:300], finished_at=timezone.now()
    )


def _progress_recorder(job_id: int):
    last = [0.0]

    def record(done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last[0] >= PROGRESS_EVERY_S:
            last[0] = now
            ExportJob.objects.filter(pk=job_id).update(done_count=done, total=total)

    return record


def document_html(job: ExportJob) -> tuple[str, bool]:
    """The print HTML of the job's document, and whether it is laid out landscape."""
    from schedules import export_pdf

    if job.kind == ExportKind.ATHLETE_BLOCK:
        return export_pdf.athlete_block_html(job.athlete, job.paper), False
    if job.kind == ExportKind.ATHLETE_WEEK:
        return export_pdf.athlete_week_html(job.athlete, job.week_start, job.paper), False
    progress = _progress_recorder(job.pk)
    return export_pdf.squad_week_html(job.squad, job.week_start, job.paper, progress), True


def export_render(job_id: int) -> ExportJob | None:
    """Render a claimed job's PDF, store it and record pages, size and time."""
    from schedules import export_pdf

    job = (
        ExportJob.objects.select_related("club", "athlete__club", "squad__club")
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.status != JobStatus.RUNNING:
        return None
    started = time.perf_counter()
    html, landscape = document_html(job)
    pdf, pages = export_pdf.render_pdf(html, paper=job.paper, landscape=landscape)
    if job.kind == ExportKind.ATHLETE_WEEK and pages > 1:
        # A week sheet is one page: fuller than its estimate, it goes without cue lines.
        html = export_pdf.athlete_week_html(job.athlete, job.week_start, job.paper, True)
        pdf, pages = export_pdf.render_pdf(html, paper=job.paper, landscape=landscape)
    render_ms = round((time.perf_counter() - started) * 1000)
    job.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    finished = ExportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.DONE,
        file=job.file.name,
        pages=pages,
        size_bytes=len(pdf),
        render_ms=render_ms,
        done_count=F("total"),
        reason="",
        finished_at=timezone.now(),
    )
    if not finished:
        default_storage.delete(job.file.name)  # the job was failed meanwhile
        return None
    job.refresh_from_db()
    return job


def exports_purge(*, now=None) -> dict[str, int]:
    """Delete exports older than seven days; fail jobs whose worker vanished and send
    again jobs that never reached one (a second delivery of a job is skipped at claim)."""
    now = now or timezone.now()
    # Each deleted job's file goes with it (schedules.receivers.delete_export_file).
    deleted, _ = ExportJob.objects.filter(created_at__lt=now - EXPORT_LIFETIME).delete()
    stuck = ExportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - STUCK_AFTER)
    failed = stuck.update(
        status=JobStatus.FAILED,
        reason="The worker stopped before the PDF was finished. Press Retry.",
        finished_at=now,
    )
    waiting = list(
        ExportJob.objects.filter(
            status=JobStatus.QUEUED, created_at__lt=now - STUCK_AFTER
        ).values_list("pk", flat=True)[:500]
    )
    for job_id in waiting:
        enqueue(job_id)
    return {"deleted": deleted, "failed": failed, "requeued": len(waiting)}
