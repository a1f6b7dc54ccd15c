"""A failed plan or PDF tried again from the keyboard: the button goes with the status it
stood in, and the keyboard goes on from the new status, not from the top of the page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programs.services import default_program
from schedules import export_tasks, services
from schedules.forms import next_monday
from schedules.models import ExportJob, ExportKind, JobStatus
from tests.browser_support import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_try_again_on_a_failed_plan_leaves_the_keyboard_on_its_new_status(
    live_server, desktop_page, owner, athlete, celery_outbox
):
    page = desktop_page
    [job] = services.assign_program(
        athletes=[athlete], template=default_program(), start_date=next_monday(), user=None
    )
    services.job_claim(job.pk, 3)
    services.job_fail(job.pk, "Plan generation failed: RuntimeError: worker lost")
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("athlete_plan", args=[athlete.pk]))
    page.get_by_role("button", name="Try again").focus()
    page.keyboard.press("Enter")
    status = page.locator("#plan-job")
    expect(status).to_contain_text("Queued")
    expect(status).to_be_focused()
    page.keyboard.press("Tab")  # and goes on from there, past the status
    assert page.evaluate(
        "document.getElementById('plan-job').compareDocumentPosition("
        "document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING"
    )


def test_retry_on_a_failed_export_leaves_the_keyboard_on_its_new_status(
    live_server, desktop_page, owner, athlete, monkeypatch
):
    page = desktop_page
    monkeypatch.setattr(export_tasks.render_export, "delay", lambda job_id: None)
    job = ExportJob.objects.create(
        club=athlete.club,
        kind=ExportKind.ATHLETE_BLOCK,
        athlete=athlete,
        status=JobStatus.FAILED,
        reason="The PDF could not be made.",
    )
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("export_job", args=[job.pk]))
    page.get_by_role("button", name="Retry").focus()
    page.keyboard.press("Enter")
    status = page.locator("#export-status")
    expect(status).to_contain_text("Waiting in the queue")
    expect(status).to_be_focused()
