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


def test_an_invitation_opened_on_a_phone_never_sends_its_token_as_referer(live_server, page):
    """The page's own files and its forms get the site's origin as Referer, not the address
    with the token; the athlete still creates the login, and a logged-in visitor can still
    log out first."""
    from django.urls import reverse

    from athletes.link_views import login_invite_token

    club = ClubFactory()
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club, name="Amara Okafor")
    token = login_invite_token(athlete)
    url = live_server.url + reverse("athlete_login_accept", args=[token])
    referers = []
    page.on("request", lambda request: referers.append(request.headers.get("referer") or ""))
    log_in(page, live_server, "owner")
    page.goto(url)
    page.get_by_role("button", name="Log out first").click()
    page.wait_for_url(url)
    page.fill("#id_username", "amara")
    page.fill("#id_password1", "long-enough-pass-8812")
    page.fill("#id_password2", "long-enough-pass-8812")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/me/")
    athlete.refresh_from_db()
    assert athlete.user.username == "amara"
    assert len(referers) > 5 and not [r for r in referers if token in r]
