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
    # The count is read out by the page's status line, which stays while the table changes.
    expect(page.locator("#page-announce")).to_have_text(
        "1 athlete matching “ben” in Riverside Harriers"
    )
    # A search finding nobody says so once, and that sentence is what is read out.
    page.fill("input[name=q]", "zed")
    expect(page.locator("#page-announce")).to_have_text(
        "No athlete matches “zed” in Riverside Harriers."
    )
    expect(page.locator("#roster-table")).not_to_contain_text("0 athletes")
    expect(page.get_by_role("link", name="Clear the search")).to_have_count(1)
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
    count = page.locator("#results [data-announce]").inner_text()
    expect(page.locator("#page-announce")).to_have_text(count)
    expect(page.locator("#results")).to_have_count(1)
    # A search finding nothing says so once, and that sentence is what is read out.
    page.fill("input[name=q]", "zed")
    expect(page.locator("#page-announce")).to_have_text("No exercise matches “zed”.")
    expect(page.locator("#results")).not_to_contain_text("0 exercises")
    expect(page.get_by_role("link", name="Clear the search")).to_have_count(1)


def test_back_after_the_login_ended_shows_the_login_page_whole(coach_page):
    """Back to a searched roster is a full reload, so an ended login meets the login page as
    a page of its own, not pasted inside the roster."""
    page, base = coach_page
    page.goto(f"{base}/athletes/")
    page.fill("input[name=q]", "ben")
    expect(page.locator("#roster-table tbody tr")).to_have_count(1)
    page.fill("input[name=q]", "amara")
    page.wait_for_url("**/athletes/?q=amara*")
    context = page.context
    kept = [c for c in context.cookies() if c["name"] != "sessionid"]
    context.clear_cookies()
    context.add_cookies(kept)
    page.go_back()
    page.wait_for_url(lambda url: "/login/?next=" in url)
    expect(page.locator("form:has(input[name=password])")).to_have_count(1)
    expect(page.locator("#roster-table")).to_have_count(0)
