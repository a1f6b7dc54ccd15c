"""A change asking for a re-plan while a worker claims the queued job: the change is named
by the job that plans it, never added to one already under way."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction

from schedules import services
from schedules.models import JobStatus, PlanJob
from tests.row_locks import until_another_waits
from tests.schedules.test_generation import assign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("two transactions waiting on a row lock need PostgreSQL (DATABASE_URL)")


def claim_under_way(job_id: int) -> tuple[threading.Thread, threading.Event]:
    """A worker's claim that has written the job's row and commits half a second later."""
    claimed = threading.Event()

    def claim():
        try:
            with transaction.atomic():
                assert services.job_claim(job_id, max_attempts=3)
                claimed.set()
                until_another_waits()  # the other side has reached the lock
        finally:
            connection.close()

    thread = threading.Thread(target=claim)
    thread.start()
    return thread, claimed


def test_a_change_meeting_a_claim_under_way_queues_a_job_that_names_it(athlete, program):
    assign(athlete, program)
    first = PlanJob.objects.get(athlete=athlete)
    services.job_claim(first.pk, max_attempts=3)
    services.plan_generate(job_id=first.pk)
    athlete.race_date += timedelta(weeks=1)
    athlete.save()
    queued = services.plan_request_regeneration(athlete, {"race_date"})

    thread, claimed = claim_under_way(queued.pk)
    assert claimed.wait(5)
    again = services.plan_request_regeneration(athlete, {"running_week"})
    thread.join()

    assert again.pk != queued.pk
    assert PlanJob.objects.get(pk=queued.pk).changes == ["race_date"]
    fresh = PlanJob.objects.get(pk=again.pk)
    assert (fresh.status, fresh.changes) == (JobStatus.QUEUED, ["running_week"])


def test_a_change_before_the_claim_joins_the_queued_job(athlete, program):
    assign(athlete, program)
    job = PlanJob.objects.get(athlete=athlete)
    same = services.plan_request_regeneration(athlete, {"race_date"})
    assert same.pk == job.pk
    assert PlanJob.objects.get(pk=job.pk).changes == ["race_date"]
