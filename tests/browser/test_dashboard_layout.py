"""The dashboard's name column at 1280x800 and on a phone at 390x844: each athlete's name,
squad and "Progress and log" link sit on lines of their own, squad or none."""

import pytest

from athletes.models import Athlete
from tests.browser_support import log_in
from tests.factories import AthleteFactory, ClubFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def athlete(live_server):
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    return AthleteFactory(club=club, name="Amara Okafor", squad=None)


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_the_progress_link_of_an_athlete_in_no_squad_is_below_the_name(
    browser, live_server, athlete, size
):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/dashboard/")
    cell = page.locator(f"#athlete-{athlete.pk} .dash-name")
    name = cell.get_by_role("link", name="Amara Okafor", exact=True).bounding_box()
    progress = cell.get_by_role("link", name="Progress and log").bounding_box()
    context.close()
    assert progress["y"] >= name["y"] + name["height"]
    assert progress["x"] == name["x"]


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_the_page_links_are_finger_sized_on_one_line_within_the_screen(
    browser, live_server, athlete, size
):
    """Eleven pages (1 … 5 6 7 … 11 from page 6): the numbers fit one line even on a
    phone, each at least 44 pixels square, Previous and Next beside or below them."""
    Athlete.objects.bulk_create(
        [AthleteFactory.build(club=athlete.club, name=f"Runner {i:03d}") for i in range(520)]
    )
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/dashboard/?page=6")
    pager = page.get_by_role("navigation", name="Pages of the dashboard")
    numbers = [link.bounding_box() for link in pager.locator("ol a").all()]
    previous = pager.get_by_role("link", name="Previous").bounding_box()
    following = pager.get_by_role("link", name="Next").bounding_box()
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert len(numbers) == 5  # 1, 5, 6, 7, 11
    assert len({box["y"] for box in numbers}) == 1
    assert all(box["width"] >= 44 and box["height"] >= 44 for box in numbers)
    assert previous["height"] >= 44 and following["height"] >= 44
    assert previous["x"] + previous["width"] <= following["x"]
    assert width <= size[0]


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_an_athlete_with_nothing_to_flag_shows_no_bare_flags_label_on_a_phone(
    browser, live_server, athlete, size
):
    """No plan yet, so nothing to flag: a phone lists each cell under its label, and an
    empty "Flags:" line said nothing. The table keeps the cell, for its column."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/dashboard/")
    flags = page.locator(f'#athlete-{athlete.pk} td[data-label="Flags"]')
    shown = flags.is_visible()
    context.close()
    assert shown == (size[0] > 600)
