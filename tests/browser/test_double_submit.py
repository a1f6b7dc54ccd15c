"""A form sent the ordinary way is sent once, however quickly its button is clicked twice."""

import pytest
from django.urls import reverse

from athletes.models import StrengthTest
from tests.browser_support import log_in
from tests.factories import AthleteFactory

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
