"""A coach's pages at 1280x800 from the keyboard, as a screen reader meets them: the names
controls are read out by, and where the keyboard goes when part of a page changes."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser_support import log_in
from tests.factories import AthleteFactory, ClubFactory, MembershipFactory, UserFactory
from tests.plan_factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def athlete(live_server):
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club, name="Amara Okafor")
    make_plan(athlete, weeks=2)
    return athlete


def test_the_export_menu_is_named_by_its_words_not_its_arrow(live_server, desktop_page, athlete):
    """The arrow drawn after "Export PDF" was read out with it ("Export PDF, black
    down-pointing small triangle")."""
    page = desktop_page
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("athlete_plan", args=[athlete.pk]))
    summary = page.locator("details.export-menu > summary")
    expect(summary).to_have_accessible_name("Export PDF")
    # Still drawn on the screen.
    drawn = summary.evaluate("el => getComputedStyle(el, '::after').content")
    assert "▾" in drawn


def test_each_paper_choice_of_the_export_menu_is_told_by_its_form(
    live_server, desktop_page, athlete
):
    """Two boxes both read "Paper": each sits in a group named by its form's title, so a
    screen reader says which export it is for."""
    page = desktop_page
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("athlete_plan", args=[athlete.pk]))
    menu = page.locator("details.export-menu")
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    for title, button in (
        ("Whole plan (block)", "Export block"),
        ("One week sheet", "Export week"),
    ):
        group = menu.get_by_role("group", name=title, exact=True)
        expect(group.get_by_role("combobox", name="Paper")).to_have_count(1)
        expect(group.get_by_role("button", name=button)).to_have_count(1)
