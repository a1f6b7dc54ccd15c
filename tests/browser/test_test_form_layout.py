"""A 1RM test's own page on a coach's screen: four short fields, in a column a form's width
as the squad rename and testing day pages give them, not boxes drawn across the screen."""

import pytest

from tests.browser_support import log_in
from tests.factories import (
    AthleteFactory,
    ClubFactory,
    MembershipFactory,
    StrengthTestFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("which", ["new", "correction"])
def test_the_test_form_is_a_forms_width_at_1280(live_server, desktop_page, which):
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club, name="Amara Okafor")
    test = StrengthTestFactory(athlete=athlete)
    log_in(desktop_page, live_server, "owner")
    path = "tests/new/" if which == "new" else f"tests/{test.pk}/edit/"
    desktop_page.goto(f"{live_server.url}/athletes/{athlete.pk}/{path}")
    for name in ("exercise", "load", "reps"):
        width = desktop_page.locator(f"main [name={name}]").bounding_box()["width"]
        assert width < 500, (name, width)
