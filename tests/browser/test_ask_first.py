"""Deleting asks first in a real browser: with script by the browser's dialog, without it on
a page of its own; either way nothing is done until the coach says yes."""

import re

import pytest

from athletes.models import Squad
from programs.models import Phase
from programs.services import default_program, program_clone
from tests.browser_support import log_in
from tests.factories import ClubFactory, MembershipFactory, SquadFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def owner_club():
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    return club


def answer_next_dialog(page, asked: list, *, yes: bool) -> None:
    """The browser's next dialog: its question goes into ASKED, and it is answered."""

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept() if yes else dialog.dismiss()

    page.once("dialog", answer)


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_without_script_a_delete_is_asked_on_a_page(
    browser, live_server, screenshot, width, height
):
    club = owner_club()
    squad = SquadFactory(club=club, name="Marathon group")
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/squads/")

    page.get_by_role("button", name="Delete Marathon group").click()

    page.wait_for_selector("h1:has-text('Please confirm')")
    assert "Delete squad Marathon group?" in page.inner_text("main")
    screenshot(page, f"ask-first-no-script-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert Squad.objects.filter(pk=squad.pk).exists()
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(f"{live_server.url}/squads/")
    assert Squad.objects.filter(pk=squad.pk).exists()

    page.get_by_role("button", name="Delete Marathon group").click()
    page.get_by_role("button", name="Yes, go ahead").click()
    page.wait_for_url(f"{live_server.url}/squads/")
    assert "Squad “Marathon group” deleted." in page.inner_text("main")
    assert not Squad.objects.filter(pk=squad.pk).exists()
    context.close()


def test_with_script_the_dialog_asks_and_no_page_follows(live_server, desktop_page):
    club = owner_club()
    squad = SquadFactory(club=club, name="Marathon group")
    log_in(desktop_page, live_server, "owner")
    desktop_page.goto(f"{live_server.url}/squads/")
    asked = []
    answer_next_dialog(desktop_page, asked, yes=False)
    desktop_page.get_by_role("button", name="Delete Marathon group").click()
    assert asked == ["Delete squad Marathon group?"]
    assert Squad.objects.filter(pk=squad.pk).exists()

    answer_next_dialog(desktop_page, asked, yes=True)
    desktop_page.get_by_role("button", name="Delete Marathon group").click()
    desktop_page.wait_for_selector("text=Squad “Marathon group” deleted.")
    assert "Please confirm" not in desktop_page.inner_text("main")
    assert not Squad.objects.filter(pk=squad.pk).exists()


def test_with_script_the_builders_removals_are_asked_by_the_dialog(live_server, desktop_page):
    """The builder's Remove buttons are sent by htmx: its confirm step asks the question."""
    club = owner_club()
    program = program_clone(template=default_program(), club=club, name="Winter block")
    phases = Phase.objects.filter(template=program).count()
    log_in(desktop_page, live_server, "owner")
    desktop_page.goto(f"{live_server.url}/programmes/{program.pk}/")
    asked = []
    remove = desktop_page.get_by_role("button", name="Remove the Introduction phase")
    answer_next_dialog(desktop_page, asked, yes=False)
    remove.click()
    assert asked == ["Remove the Introduction phase with its sessions?"]
    assert Phase.objects.filter(template=program).count() == phases

    answer_next_dialog(desktop_page, asked, yes=True)
    remove.click()
    remove.wait_for(state="detached")
    assert Phase.objects.filter(template=program).count() == phases - 1
    assert "Please confirm" not in desktop_page.inner_text("main")


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_without_script_the_builders_removal_names_its_phase_and_cancel_stays_there(
    browser, live_server, screenshot, width, height
):
    club = owner_club()
    program = program_clone(template=default_program(), club=club, name="Winter block")
    session = program.phases.get(phase="base").sessions.get(label="A")
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, live_server, "owner")
    builder = f"{live_server.url}/programmes/{program.pk}/"
    page.goto(builder)

    page.get_by_role("button", name="Remove session A of the Base phase").click()
    page.wait_for_selector("h1:has-text('Please confirm')")
    assert "Remove session A of the Base phase and its exercises?" in page.inner_text("main")
    screenshot(page, f"ask-first-builder-no-script-{width}")
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(f"{builder}#session-{session.pk}")
    assert page.evaluate("scrollY") > 0
    assert program.phases.get(phase="base").sessions.filter(pk=session.pk).exists()

    page.get_by_role("button", name="Remove session A of the Base phase").click()
    page.get_by_role("button", name="Yes, go ahead").click()
    page.wait_for_selector("text=Session A removed.")
    assert not program.phases.get(phase="base").sessions.filter(pk=session.pk).exists()
    context.close()


def test_without_script_an_exercises_arrows_and_remove_send_their_sessions_form(
    browser, live_server
):
    """An exercise's arrows and Remove send the one form its session's rows share, each to
    its own address: without script they move and remove that exercise, asking first."""
    club = owner_club()
    program = program_clone(template=default_program(), club=club, name="Winter block")
    session = program.phases.get(phase="base").sessions.get(label="A")
    first, second = [p.pk for p in session.prescriptions.all()[:2]]
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, "owner")
    builder = f"{live_server.url}/programmes/{program.pk}/"
    page.goto(builder)

    down = page.locator(f"#prescription-{first}").get_by_role(
        "button", name=re.compile("^Move .* down")
    )
    down.click()
    page.wait_for_url(f"{builder}#prescription-{first}")
    assert page.locator("main > .messages").inner_text() == "Exercise moved."
    assert [p.pk for p in session.prescriptions.all()[:2]] == [second, first]

    row = page.locator(f"#prescription-{first}")
    name = row.locator(".rx-name").inner_text()
    row.get_by_role("button", name="Remove").click()
    page.wait_for_selector("h1:has-text('Please confirm')")
    question = f"Remove {name} from session A of the Base phase?"
    assert question in page.inner_text("main")
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(f"{builder}#session-{session.pk}")
    assert session.prescriptions.filter(pk=first).exists()

    page.locator(f"#prescription-{first}").get_by_role("button", name="Remove").click()
    page.get_by_role("button", name="Yes, go ahead").click()
    page.wait_for_selector("text=Exercise removed.")
    assert not session.prescriptions.filter(pk=first).exists()
    context.close()


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_without_script_cancel_from_a_page_sent_back_to_a_form_opens_a_page(
    browser, live_server, screenshot, width, height
):
    """The programmes page sent back for a new programme without a name has the form's
    address, which opens only for a form: Cancel leads to the programmes instead. Its
    Yes for a delete looks like the page's own Delete button."""
    club = owner_club()
    program = program_clone(template=default_program(), club=club, name="Winter block")
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/programmes/")
    page.get_by_role("button", name="Create programme").click()
    page.wait_for_url(f"{live_server.url}/programmes/new/")

    page.get_by_role("button", name="Delete Winter block").click()
    page.wait_for_selector("h1:has-text('Please confirm')")
    yes = page.get_by_role("button", name="Yes, go ahead")
    assert "btn-danger" in yes.get_attribute("class")
    screenshot(page, f"ask-first-delete-no-script-{width}")
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(f"{live_server.url}/programmes/")
    assert page.get_by_role("button", name="Delete Winter block").is_visible()
    assert type(program).objects.filter(pk=program.pk).exists()
    context.close()
