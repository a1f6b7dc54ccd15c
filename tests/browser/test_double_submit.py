"""A form sent the ordinary way is sent once, however quickly its button is clicked twice."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from athletes.models import StrengthTest
from tests.browser_support import log_in
from tests.factories import AthleteFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_double_click_on_save_records_one_test(live_server, desktop_page, owner, club):
    athlete = AthleteFactory(club=club, name="Amara Okafor")
    page = desktop_page
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("strength_test_add", args=[athlete.pk]))
    page.select_option("select[name=exercise]", label="Back squat")
    page.fill("input[name=load]", "80")
    page.fill("input[name=reps]", "3")
    # Two sends in a row, as a double click on a slow connection makes them: the second
    # is held back (a listener after the page's own counts what goes out).
    sent = page.evaluate(
        """() => {
          const form = document.querySelector("main form[method=post]");
          let sent = 0;
          document.addEventListener("submit", (event) => { sent += !event.defaultPrevented; });
          form.requestSubmit();
          form.requestSubmit();
          return sent;
        }"""
    )
    assert sent == 1
    page.wait_for_url(live_server.url + reverse("athlete_detail", args=[athlete.pk]))
    page.wait_for_load_state("networkidle")
    assert StrengthTest.objects.filter(athlete=athlete).count() == 1
    # Back on the form from the browser's history, it can be sent again.
    page.go_back()
    page.wait_for_load_state()
    page.fill("input[name=load]", "82.5")
    page.get_by_role("button", name="Save test").click()
    page.wait_for_url(live_server.url + reverse("athlete_detail", args=[athlete.pk]))
    assert StrengthTest.objects.filter(athlete=athlete).count() == 2


def test_copy_to_edit_double_clicked_without_script_makes_one_copy(
    browser, live_server, club, monkeypatch
):
    """With script off nothing in the page holds back the second click: the server knows the
    form as sent, and the second send goes to the copy the first made."""
    import time

    from programs import views
    from programs.models import ProgramTemplate
    from programs.services import default_program

    copying = views.program_clone

    def slow_clone(**kwargs):  # a slow server: the page is still there for the second click
        time.sleep(1)
        return copying(**kwargs)

    monkeypatch.setattr(views, "program_clone", slow_clone)

    MembershipFactory(club=club, role="coach", user=UserFactory(username="nojs"))
    default_program()
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, live_server, "nojs")
    page.goto(live_server.url + reverse("program_list"))
    # Two clicks as a hand makes them, the first send under way when the second goes.
    box = page.get_by_role("button", name="Copy to edit").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # The first send's page is given up for the second's (as the browser does): its answer.
    expect(page).to_have_url(re.compile(r"/programmes/\d+/$"), timeout=10_000)
    expect(page.locator("h1")).to_have_text(re.compile(r"\(copy\)"))
    copies = list(ProgramTemplate.objects.filter(club=club))
    shown = page.locator("h1").inner_text()
    context.close()
    assert [copy.name for copy in copies] == ["Runstrength evidence-based programme (copy)"]
    assert shown == copies[0].name
