"""A plan job's status and Try again, as a coach without JavaScript meets them: whole pages
with the site around them, never a bare fragment or a line of plain text."""

from django.urls import reverse

from schedules import services
from schedules.forms import next_monday
from schedules.models import Assignment, JobStatus, PlanJob
from tests.schedules.test_plan_views import _failed_job


def test_try_again_on_a_job_that_no_longer_failed_says_so_on_the_plan_page(
    owner_client, athlete, program, run_jobs
):
    [job] = services.assign_program(
        athletes=[athlete], template=program, start_date=next_monday(), user=None
    )
    run_jobs()
    assert PlanJob.objects.get(pk=job.pk).status == JobStatus.DONE

    response = owner_client.post(reverse("plan_job_retry", args=[job.pk]))

    assert response.status_code == 409
    body = response.content.decode()
    assert "<html" in body  # the site's page, not a line of plain text
    assert "Not retried: this plan job did not fail" in body
    assert f"{athlete.name}'s plan" in body
    assert PlanJob.objects.count() == 1  # nothing queued


def test_try_again_without_a_programme_assigned_says_so_on_the_plan_page(
    owner_client, athlete, program
):
    job = _failed_job(athlete, program)
    Assignment.objects.filter(athlete=athlete).update(active=False)

    response = owner_client.post(reverse("plan_job_retry", args=[job.pk]))

    assert response.status_code == 409
    body = response.content.decode()
    assert "<html" in body
    assert "Not retried: no programme is assigned now; assign one first." in body
    assert PlanJob.objects.count() == 1


def test_try_again_refused_with_htmx_stays_a_fragment_in_place_of_the_status(
    owner_client, athlete, program, run_jobs
):
    [job] = services.assign_program(
        athletes=[athlete], template=program, start_date=next_monday(), user=None
    )
    run_jobs()

    response = owner_client.post(reverse("plan_job_retry", args=[job.pk]), HTTP_HX_REQUEST="true")

    assert response.status_code == 409
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="plan-job"' in body  # the status box it replaces stays for the message
    assert "Not retried: this plan job did not fail" in body


def test_job_status_opened_as_a_page_has_the_site_around_it(owner_client, athlete, program):
    job = _failed_job(athlete, program)

    response = owner_client.get(reverse("plan_job", args=[job.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body and "<title>" in body
    assert "The plan could not be made" in body
    assert reverse("athlete_plan", args=[athlete.pk]) in body  # a way back to the plan
    polled = owner_client.get(reverse("plan_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "<html" not in polled.content.decode()


def test_try_again_on_a_failed_job_with_a_newer_one_since_says_so(
    owner_client, athlete, program, run_jobs
):
    # A plan page left open on an old failure: the plan has been made again since, so
    # trying the old job again would only make it once more.
    job = _failed_job(athlete, program)
    [newer] = services.assign_program(
        athletes=[athlete], template=program, start_date=next_monday(), user=None
    )
    run_jobs()

    response = owner_client.post(reverse("plan_job_retry", args=[job.pk]))

    assert response.status_code == 409
    body = response.content.decode()
    assert "Not retried: a newer plan job was made since" in body
    assert PlanJob.objects.count() == 2  # nothing queued
    htmx = owner_client.post(reverse("plan_job_retry", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert htmx.status_code == 409
    assert "Not retried: a newer plan job was made since" in htmx.content.decode()
    assert PlanJob.objects.count() == 2


def test_try_again_refused_for_a_newer_job_shows_that_job_in_the_status_box(
    owner_client, athlete, program, run_jobs
):
    # The box the refusal replaces said the newer job's status is "on this page": it must
    # then be that job's status, not the old failure again with its Try again button.
    job = _failed_job(athlete, program)
    [newer] = services.assign_program(
        athletes=[athlete], template=program, start_date=next_monday(), user=None
    )
    run_jobs()
    assert PlanJob.objects.get(pk=newer.pk).status == JobStatus.DONE

    htmx = owner_client.post(reverse("plan_job_retry", args=[job.pk]), HTTP_HX_REQUEST="true")

    assert htmx.status_code == 409
    body = htmx.content.decode()
    assert "Not retried: a newer plan job was made since" in body
    assert reverse("plan_job_retry", args=[job.pk]) not in body  # no Try again of the old one
    assert "The plan could not be made" not in body
    assert "Plan ready." in body
    assert PlanJob.objects.count() == 2
