"""Celery tasks: take ids, re-fetch, call one service; the job row records the outcome."""

import logging
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from schedules import services
from schedules.models import JobStatus, PlanJob

log = logging.getLogger(__name__)

WORKER_UNAVAILABLE = "Queued: the worker is unavailable; the plan is made when it is back."


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=4,
)
def generate_plan(self, assignment_id: int, job_id: int) -> str:
    """Generate the plan of the job's assignment (assignment_id is kept for log readers)."""
    if not services.job_claim(job_id, settings.CELERY_TASK_MAX_ATTEMPTS):
        return "skipped"
    try:
        services.plan_generate(job_id=job_id)
    except services.PlanInputError as exc:
        services.job_fail(job_id, f"The athlete's data cannot make a plan: {exc}")
        return "failed"
    except SoftTimeLimitExceeded:
        services.job_fail(job_id, "Took too long and was stopped.")
        raise
    except (OperationalError, InterfaceError):
        raise  # retried with backoff; the attempt counter stops a poison task
    except Exception:
        log.exception("plan job %s failed", job_id)
        # The error itself goes to the log only: it may name the server's files and paths.
        services.job_fail(
            job_id,
            "an error on the server, written to its log; if trying again fails too, tell whoever "
            "runs this site.",
        )
        raise
    return "done"


def enqueue_plan_jobs(jobs: list[tuple[int, int]]) -> None:
    """Send jobs to the workers; with the broker down they stay queued and say so."""
    for assignment_id, job_id in jobs:
        try:
            generate_plan.delay(assignment_id, job_id)
        except BrokerError:
            log.warning("broker unavailable; plan job %s stays queued", job_id)
            PlanJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
                reason=WORKER_UNAVAILABLE
            )


@shared_task
def requeue_stale_plan_jobs(older_than_s: int = 120) -> int:
    """Send again jobs that never reached a worker (for example while Redis was down)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_s)
    stale = list(
        PlanJob.objects.filter(status=JobStatus.QUEUED, created_at__lt=cutoff).values_list(
            "assignment_id", "pk"
        )[:500]
    )
    PlanJob.objects.filter(pk__in=[pk for _, pk in stale]).update(reason="")
    enqueue_plan_jobs(stale)
    return len(stale)
