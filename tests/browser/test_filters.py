"""Roster and exercise filters in a real browser: typing narrows the list in place."""

import pytest
from playwright.sync_api import expect

from tests.browser_support import log_in
from tests.factories import AthleteFactory, ClubFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coach_page(live_server, desktop_page):
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    for name in ("Amara Okafor", "Ben Hughes", "Chloe Martin"):
        AthleteFactory(club=club, name=name)
    log_in(desktop_page, live_server, "owner")
    return desktop_page, live_server.url


def test_searching_the_roster_replaces_the_table_once(coach_page):
    page, base = coach_page
    page.goto(f"{base}/athletes/")
    page.fill("input[name=q]", "ben")
    expect(page.locator("#roster-table tbody tr")).to_have_count(1)
    expect(page.locator("#roster-table")).to_have_count(1)  # not nested in itself
    expect(page.locator("#roster-table")).to_contain_text("Ben Hughes")
    page.fill("input[name=q]", "")
    expect(page.locator("#roster-table tbody tr")).to_have_count(3)
    expect(page.locator("#roster-table")).to_have_count(1)


def test_filtering_exercises_replaces_the_results_once(coach_page):
    page, base = coach_page
    page.goto(f"{base}/exercises/")
    page.fill("input[name=q]", "squat")
    expect(page.locator("#results")).to_contain_text("Back squat")
    expect(page.locator("#results")).not_to_contain_text("Romanian deadlift")
    page.fill("input[name=q]", "deadlift")
    expect(page.locator("#results")).to_contain_text("Romanian deadlift")
    expect(page.locator("#results")).to_have_count(1)
