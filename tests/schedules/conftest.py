import pytest

from programs.services import default_program
from schedules import services
from schedules.models import JobStatus, PlanJob


def run_queued_jobs() -> list[PlanJob]:
    """Do what a worker does for every queued plan job, in this process."""
    for job in PlanJob.objects.filter(status=JobStatus.QUEUED).order_by("pk"):
        if services.job_claim(job.pk, max_attempts=3):
            services.plan_generate(job_id=job.pk)
    return list(PlanJob.objects.order_by("pk"))


@pytest.fixture
def program(db):
    return default_program()


@pytest.fixture
def run_jobs():
    return run_queued_jobs
