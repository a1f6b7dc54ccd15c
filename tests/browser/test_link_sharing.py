"""Sharing an athlete's private link from the coach's page, in a real browser."""

import pytest

from tests.browser_support import log_in
from tests.factories import AthleteFactory, ClubFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_private_link_can_be_copied_with_one_tap(live_server, page, screenshot):
    club = ClubFactory()
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club, name="Amara Okafor")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/link/")
    page.get_by_role("button", name="Create a private link").click()
    shown = page.locator("#shown-url").input_value()
    assert shown.startswith(live_server.url + "/w/")
    page.get_by_role("button", name="Copy").click()
    page.get_by_role("status").filter(has_text="Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == shown
    screenshot(page, "link-copied-phone")
