"""The squads page on a coach's screen: each squad's actions read as one row."""

import pytest

from tests.browser_support import log_in
from tests.factories import ClubFactory, MembershipFactory, SquadFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_squads_actions_sit_on_one_line_at_1280(live_server, desktop_page):
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    SquadFactory(club=club, name="Marathon group")
    log_in(desktop_page, live_server, "owner")
    desktop_page.goto(f"{live_server.url}/squads/")
    tops = desktop_page.eval_on_selector_all(
        ".list-row .actions .btn", "buttons => buttons.map(b => b.getBoundingClientRect().top)"
    )
    assert len(tops) == 7  # Athletes … Rename, and Delete
    assert max(tops) - min(tops) < 2, tops
