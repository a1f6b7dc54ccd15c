"""The programmes page on a coach's screen and a phone: its cards' words start level."""

import pytest

from tests.browser_support import log_in
from tests.factories import ClubFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("screen", ["desktop_page", "page"])  # 1280x800, 390x844
def test_new_empty_programme_starts_at_the_top_of_its_card(request, live_server, screen):
    """The "New empty programme" heading sits at its card's padding, as the shipped
    programme's card starts, not a heading's margin lower."""
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    page = request.getfixturevalue(screen)
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/programmes/")
    gap = """card => card.firstElementChild.getBoundingClientRect().top
        - card.getBoundingClientRect().top"""
    new = page.eval_on_selector("main .card.new-template", gap)
    shipped = page.eval_on_selector("main .card.shipped-card", gap)
    first = page.eval_on_selector(
        "main .card.new-template", "card => card.firstElementChild.textContent"
    )
    assert first == "New empty programme"
    assert abs(new - shipped) < 1, (new, shipped)
    assert new < 20, new  # the card's own padding (1rem and its border), no more
