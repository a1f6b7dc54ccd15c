"""A page that comes back after a form was sent: the keyboard lands on the first mistake,
and the page's messages are read out by its live region."""

import pytest

from tests.browser_support import log_in
from tests.factories import ClubFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coach_page(live_server, page):
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    log_in(page, live_server, "owner")
    return page


def focused_name(page) -> str | None:
    return page.evaluate("() => document.activeElement && document.activeElement.name")


def test_a_form_sent_back_with_a_mistake_puts_the_keyboard_on_it(coach_page, live_server):
    page = coach_page
    page.goto(f"{live_server.url}/athletes/new/")
    page.fill("#id_name", "Kay Tester")
    page.fill("#id_body_mass_kg", "900")
    with page.expect_navigation():  # a plain form post, sent back with its mistakes
        page.locator("main form button[type=submit]").first.press("Enter")
    assert page.locator("#id_body_mass_kg").get_attribute("aria-invalid") == "true"
    first = page.evaluate("() => document.querySelector('main form [aria-invalid=\"true\"]').name")
    assert focused_name(page) == first  # the first field marked, not the top of the page


def test_a_message_after_a_saved_form_is_read_out(coach_page, live_server):
    page = coach_page
    page.goto(f"{live_server.url}/squads/")
    page.fill("input[name=name]", "Track group")
    with page.expect_navigation():  # a plain form post and redirect
        page.locator("main form button[type=submit]").first.click()
    flash = page.locator("main > .messages").inner_text().strip()
    assert flash
    announce = page.locator("#page-announce")
    page.wait_for_function(
        "(text) => document.getElementById('page-announce').textContent.trim() === text", arg=flash
    )
    assert announce.get_attribute("role") == "status"


def test_a_search_with_an_odd_query_leaves_the_keyboard_alone(coach_page, live_server):
    page = coach_page
    page.goto(f"{live_server.url}/exercises/?category=retired")
    assert page.evaluate("() => document.activeElement === document.body")


def test_sign_up_sent_back_puts_the_keyboard_on_the_mistake_not_the_first_field(live_server, page):
    page.goto(f"{live_server.url}/signup/")
    assert focused_name(page) == "club_name"  # a fresh form starts at its top
    page.fill("#id_club_name", "Hill Runners")
    page.fill("#id_username", "hannah")
    page.fill("#id_email", "not-an-email")
    page.fill("#id_password1", "a-long-unusual-passphrase")
    page.fill("#id_password2", "a-long-unusual-passphrase")
    with page.expect_navigation():  # a plain form post, sent back with its mistakes
        page.locator("main form button[type=submit]").click()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert focused_name(page) == "email"


def test_a_double_click_on_a_button_that_asks_first_asks_once_and_sends_once(
    coach_page, live_server
):
    from athletes.models import Athlete, Club
    from tests.factories import AthleteFactory

    athlete = AthleteFactory(club=Club.objects.get(), name="Dot Clicker")
    page = coach_page
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/")
    asked, posts, held = [], [], []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.route("**/delete/", lambda route: held.append(route))  # the answer is on its way
    page.get_by_role("button", name="Delete athlete").dblclick()
    page.wait_for_timeout(500)  # room for a second question or send, if there were one
    assert len(asked) == 1 and asked[0].startswith("Delete Dot Clicker")
    assert len(posts) == 1
    with page.expect_navigation():
        held[0].continue_()
    assert not Athlete.objects.filter(pk=athlete.pk).exists()


def test_a_running_week_sent_back_puts_the_keyboard_on_the_field_at_fault(coach_page, live_server):
    """A run with no time: the message is under Time, and so is the keyboard (it went to the
    day's Run, the first field of the row marked)."""
    from athletes.models import Club
    from tests.factories import AthleteFactory

    athlete = AthleteFactory(club=Club.objects.get(), name="Fri Runner")
    page = coach_page
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/running-week/")
    page.select_option("select[name=fri_run]", "easy")
    page.select_option("select[name=fri_time]", "")
    with page.expect_navigation():  # a plain form post, sent back with its mistake
        page.get_by_role("button", name="Save running week").click()
    assert focused_name(page) == "fri_time"
    assert page.locator("select[name=fri_run]").evaluate(
        "s => getComputedStyle(s).borderColor"
    ) != (page.locator("select[name=fri_time]").evaluate("s => getComputedStyle(s).borderColor"))
