"""Moving athletes between squads from the roster, in a real browser."""

import pytest
from playwright.sync_api import expect

from athletes.models import Athlete
from tests.browser_support import log_in
from tests.factories import (
    AthleteFactory,
    ClubFactory,
    MembershipFactory,
    SquadFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ticking_every_athlete_a_search_shows_moves_those_only(live_server, desktop_page):
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    road = SquadFactory(club=club, name="Road")
    SquadFactory(club=club, name="Track")
    for name in ("Amara Okafor", "Ben Hughes", "Bea Lund"):
        AthleteFactory(club=club, name=name, squad=road)
    page = desktop_page
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/")
    page.fill("input[name=q]", "b")
    expect(page.locator("#roster-table tbody tr")).to_have_count(2)
    page.get_by_label("Select every athlete shown").check()
    expect(page.locator("input[name=athletes]:checked")).to_have_count(2)
    page.get_by_label("Select Ben Hughes").uncheck()
    expect(page.get_by_label("Select every athlete shown")).not_to_be_checked()
    page.get_by_label("Select Ben Hughes").check()
    expect(page.get_by_label("Select every athlete shown")).to_be_checked()
    page.get_by_label("Move selected athletes to").select_option(label="Track")
    page.get_by_role("button", name="Move", exact=True).press("Enter")
    expect(page.get_by_text("2 athletes moved to Track.")).to_be_visible()
    expect(page.locator("#q")).to_have_value("b")
    moved = dict(Athlete.objects.values_list("name", "squad__name"))
    assert moved == {"Amara Okafor": "Road", "Ben Hughes": "Track", "Bea Lund": "Track"}


def test_the_tick_boxes_are_big_enough_for_a_finger_on_a_phone(live_server, page):
    """At least 24 by 24 CSS pixels, the smallest target a finger should be asked to hit."""
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    AthleteFactory(club=club, name="Amara Okafor")
    SquadFactory(club=club, name="Road")  # without a squad to move to, no boxes are shown

    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/")
    for box in (
        page.get_by_label("Select Amara Okafor"),
        page.get_by_label("Select every athlete shown"),
    ):
        size = box.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24, size


def test_on_a_phone_a_finger_a_little_off_a_tick_box_still_ticks_it(live_server, page):
    """The box is drawn at 24 px, but takes a tap anywhere in the 44 px around it, as every
    other target on a phone does; a tap beside it does not open the athlete's page."""
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    AthleteFactory(club=club, name="Amara Okafor")
    SquadFactory(club=club, name="Road")
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/")
    for label in ("Select Amara Okafor", "Select every athlete shown"):
        box = page.get_by_label(label)
        size = box.bounding_box()
        middle = (size["x"] + size["width"] / 2, size["y"] + size["height"] / 2)
        for dx, dy in ((-20, 0), (20, 0), (0, -20), (0, 20), (-19, -19), (19, 19)):
            ticked = box.is_checked()
            page.mouse.click(middle[0] + dx, middle[1] + dy)
            assert box.is_checked() is not ticked, (label, dx, dy)
            assert page.url == f"{live_server.url}/athletes/"
