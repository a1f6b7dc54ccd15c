"""The trail above an athlete's pages on a phone at 390x844: a long name goes on after the
list it belongs to, wrapping where it must, and every link in the trail stays finger-sized."""

import pytest

from tests.browser_support import log_in
from tests.factories import AthleteFactory, ClubFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Maximiliana Alexandrovna Konstantinopolskaya-Wetherington"


@pytest.mark.parametrize("page_name", ["athlete_exports", "athlete_progress", "athlete_plan"])
def test_a_long_name_follows_the_list_it_is_on_and_each_link_is_finger_sized(
    browser, live_server, page_name
):
    from django.urls import reverse

    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club, name=NAME)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse(page_name, args=[athlete.pk]))
    trail = page.locator("nav.crumbs")
    listed = trail.get_by_role("link", name="Athletes", exact=True)
    name = trail.get_by_role("link", name=NAME)
    first_line = lambda link: link.evaluate(  # noqa: E731
        "a => { const r = a.getClientRects()[0]; return [r.top, r.bottom, r.height]; }"
    )
    listed_box, name_box = first_line(listed), first_line(name)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    # The name starts on the line "Athletes ›" is on, not below it.
    assert abs(listed_box[0] - name_box[0]) < 2, (listed_box, name_box)
    assert listed_box[2] >= 40 and name_box[2] >= 40, (listed_box, name_box)
    assert width == 390
