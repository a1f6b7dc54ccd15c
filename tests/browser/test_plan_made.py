"""The plan page while its plan is made: once made, the plan takes the status's place and the
keyboard goes on from its heading."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programs.services import default_program
from schedules.models import JobStatus, PlanJob
from schedules.tasks import generate_plan
from tests.browser_support import log_in
from tests.factories import AthleteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_a_plan_made_while_the_page_waits_takes_the_keyboard_to_its_heading(
    live_server, browser, owner, club, celery_outbox, size
):
    athlete = AthleteFactory(club=club, name="Amara Okafor")
    program = default_program()
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("assign_athlete", args=[athlete.pk]))
    page.select_option("select[name=template]", value=str(program.pk))
    page.get_by_role("button", name="Assign and make the plan").focus()
    page.keyboard.press("Enter")  # as a keyboard user sends it
    page.wait_for_url(live_server.url + reverse("athlete_plan", args=[athlete.pk]))
    status = page.locator("#plan-job")
    expect(status).to_contain_text("Queued")
    flash = page.locator("main > .messages")
    expect(flash).to_have_text(
        "Programme assigned to Amara Okafor."
        " Next: give Amara Okafor their week from Athlete access."
    )
    expect(flash.get_by_role("link", name="Athlete access")).to_have_attribute(
        "href", reverse("athlete_link", args=[athlete.pk])
    )

    job = PlanJob.objects.get()
    generate_plan(job.assignment_id, job.pk)  # as a worker does, while the page polls
    assert PlanJob.objects.get().status == JobStatus.DONE
    expect(status).to_have_text("Plan ready: it is shown below.")
    expect(page.locator(".calendar")).to_be_visible()
    heading = page.locator("#plan-title")
    expect(heading).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "plan-title"
    assert page.evaluate("document.activeElement.textContent") == "Amara Okafor's plan"
    # Nothing above the plan still says it is being made.
    expect(page.locator("main")).not_to_contain_text("being made")
    # The keyboard goes on from the heading: the plan page's own buttons come next.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Adjust loads"
    context.close()
