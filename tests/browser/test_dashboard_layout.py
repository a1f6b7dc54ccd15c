"""The dashboard's name column at 1280x800 and on a phone at 390x844: each athlete's name,
squad and "Progress and log" link sit on lines of their own, squad or none."""

import pytest

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
    name = cell.get_by_role("link", name="Amara Okafor").bounding_box()
    progress = cell.get_by_role("link", name="Progress and log").bounding_box()
    context.close()
    assert progress["y"] >= name["y"] + name["height"]
    assert progress["x"] == name["x"]
