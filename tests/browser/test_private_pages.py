"""A coach's pages are not kept by the browser: Back asks the server again."""

import pytest
from django.urls import reverse

from tests.browser_support import log_in
from tests.factories import AthleteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_after_logging_out_does_not_show_the_roster_again(
    live_server, desktop_page, owner, club
):
    AthleteFactory(club=club, name="Amara Okafor")
    log_in(desktop_page, live_server, "owner")
    desktop_page.goto(live_server.url + reverse("roster"))
    assert desktop_page.get_by_text("Amara Okafor").count() >= 1
    with desktop_page.expect_navigation():  # a plain form post and redirect
        desktop_page.get_by_role("button", name="Log out").click()
    desktop_page.go_back()
    desktop_page.wait_for_load_state()
    assert reverse("login") in desktop_page.url
    assert desktop_page.get_by_text("Amara Okafor").count() == 0


def test_back_after_deleting_an_athlete_says_the_athlete_is_gone(
    live_server, desktop_page, owner, club
):
    athlete = AthleteFactory(club=club, name="Tom Lee")
    log_in(desktop_page, live_server, "owner")
    desktop_page.goto(live_server.url + reverse("roster"))
    desktop_page.goto(live_server.url + reverse("athlete_detail", args=[athlete.pk]))
    athlete.delete()  # another coach's delete, or this coach's in another tab
    desktop_page.goto(live_server.url + reverse("roster"))
    desktop_page.go_back()
    desktop_page.wait_for_load_state()
    assert desktop_page.get_by_role("heading", name="Tom Lee").count() == 0
