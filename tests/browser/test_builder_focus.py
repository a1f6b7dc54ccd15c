"""Programme builder by keyboard: an exercise just added takes the keyboard, not the
whole session around it."""

import pytest

from tests.browser_support import log_in
from tests.factories import ClubFactory, MembershipFactory, UserFactory
from tests.programs.conftest import make_template, phase_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_added_exercise_takes_the_keyboard(live_server, page):
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    program = make_template(club, [phase_data()])
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/programmes/{program.pk}/")
    session = page.locator("[id^='session-']:has(.rx-new)").first
    rows = session.locator("li.rx[id]").count()
    session.get_by_text("+ Add exercise").click()
    form = session.locator(".rx-new form.rx-form")
    form.wait_for()
    choice = form.locator("select[name$='-exercise']")
    values = choice.locator("option").evaluate_all("(options) => options.map(o => o.value)")
    choice.select_option(next(v for v in values if v))
    form.get_by_role("button", name="Add exercise").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(n) => document.querySelectorAll(\"[id^='session-'] li.rx[id]\").length > n", arg=rows
    )
    page.wait_for_timeout(200)  # htmx settles, then the focus moves
    label = page.evaluate(
        "() => document.activeElement && document.activeElement.getAttribute('aria-label')"
    )
    assert label and label.startswith("Edit "), label
