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


@pytest.mark.parametrize("screen", ["desktop_page", "page"])  # 1280x800, 390x844
def test_no_squads_yet_starts_at_the_top_of_its_card_as_new_squad_does(
    request, live_server, screen
):
    """The empty card's words sit at its padding, level with "New squad" beside it, not a
    paragraph's margin lower."""
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    page = request.getfixturevalue(screen)
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/squads/")
    gaps = page.eval_on_selector_all(
        "main .card",
        """cards => cards.map(card => {
            const first = card.firstElementChild;
            return first.getBoundingClientRect().top - card.getBoundingClientRect().top;
        })""",
    )
    words = page.locator("main .card").first.inner_text()
    assert words.startswith("No squads yet.")
    empty, new = gaps
    assert abs(empty - new) < 1, gaps
    assert empty < 20, gaps  # the card's own padding (1rem and its border), no more
