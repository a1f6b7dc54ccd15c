"""Celery tasks for PDF exports: take the job id, claim it, call the render service."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from schedules import exports

log = logging.getLogger(__name__)

EXPORT_BROKE = (
    "The PDF could not be made: an error on the server, written to its log. "
    "If Retry fails too, tell whoever runs this site."
)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=exports.SOFT_TIME_LIMIT_S,
    time_limit=exports.HARD_TIME_LIMIT_S,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=4,
)
def render_export(self, job_id: int) -> str:
    # This task's own earlier attempt left the job running: a retry, or the same message
    # handed out again because the worker process running it died.
    redelivered = (self.request.delivery_info or {}).get("redelivered", False)
    resuming = self.request.retries > 0 or redelivered
    if not exports.export_claim(job_id, settings.CELERY_TASK_MAX_ATTEMPTS, resuming=resuming):
        return "skipped"
    from schedules.export_pdf import ExportInputError

    try:
        exports.export_render(job_id)
    except ExportInputError as exc:
        exports.export_fail(job_id, str(exc))
        return "failed"
    except SoftTimeLimitExceeded:
        exports.export_fail(job_id, "The PDF took too long to make and was stopped.")
        raise
    except (OperationalError, InterfaceError):
        raise  # retried with backoff; the attempt counter stops a poison task
    except Exception:
        log.exception("export job %s failed", job_id)
        # The error itself goes to the log only: it may name the server's files and paths.
        exports.export_fail(job_id, EXPORT_BROKE)
        raise
    return "done"


@shared_task
def purge_exports() -> dict[str, int]:
    """Delete exports older than seven days (and tidy jobs whose worker vanished)."""
    return exports.exports_purge()
