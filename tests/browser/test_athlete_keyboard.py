"""The athlete's week on a phone (390x844) from the keyboard, as a screen reader meets it:
the keyboard is never dropped to the top of the page when a save changes what it was on."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from schedules.models import PlannedSession, SetLog
from tests.browser_support import open_athlete_week

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where the keyboard is: nothing (the page's top) or the element's tag, class and text.
FOCUSED = """() => {
    const active = document.activeElement;
    if (!active || active === document.body) {
        return null;
    }
    return {
        tag: active.tagName.toLowerCase(),
        name: active.getAttribute('name'),
        cls: active.className,
        text: active.textContent.trim(),
        in: active.closest('form') ? active.closest('form').id : null,
    };
}"""


@pytest.fixture
def week(live_server, page):
    page, _, squat = open_athlete_week(live_server, page)
    return page, squat


def reveal(page, selector: str) -> None:
    """Open the day's session if it is folded away (today's session is always open)."""
    box = page.locator("details.aw-session-box", has=page.locator(selector))
    if box.count() and not box.evaluate("details => details.open"):
        box.locator("> summary").click()
    page.locator(selector).scroll_into_view_if_needed()


def test_retry_pressed_from_the_keyboard_keeps_it_in_the_set_row(week):
    """Retry goes as the save leaves ("Saving…" takes its place): the keyboard was dropped
    to the page's top. It stays on the row's status, which says "Saved" next, and Tab goes
    on from there."""
    page, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    pattern = f"**/sets/{squat.pk}/1/"
    page.route(pattern, lambda route: route.abort())
    page.locator(f"{row} input[name=done]").focus()
    page.keyboard.press("Space")
    page.locator(f"{row} .aw-retry").wait_for()
    page.unroute(pattern)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["text"] == "Retry"
    page.keyboard.press("Enter")
    page.locator(f"{row} .aw-saved", has_text="Saved").wait_for()
    focused = page.evaluate(FOCUSED)
    assert focused is not None
    assert focused["in"] == f"set-{squat.pk}-1"
    assert "aw-save-status" in focused["cls"]
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).done


def test_save_mine_instead_pressed_from_the_keyboard_keeps_it_in_the_set_row(week):
    """After a set refused for another screen's save, "Save mine instead" goes with the
    save it sends: the keyboard stays on the row's status, not the page's top."""
    page, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    SetLog.objects.create(
        planned_exercise=squat, set_number=1, done=True, reps=3, load=Decimal("50")
    )
    held = []
    page.route(
        f"**/sets/{squat.pk}/1/",
        lambda route: route.continue_() if held else held.append(route),
    )
    page.fill(f"{row} input[name=reps]", "5")
    page.keyboard.press("Tab")  # the save goes; a load is typed while it is on its way
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(50)
    page.keyboard.press("Control+A")
    page.keyboard.type("62.5")
    page.keyboard.press("Tab")
    held[0].continue_()
    page.locator(f"{row} .aw-keep-mine").wait_for()
    page.locator(f"{row} .aw-keep-mine").focus()
    page.keyboard.press("Enter")
    page.locator(f"{row} .aw-saved", has_text="Saved").wait_for()
    focused = page.evaluate(FOCUSED)
    assert focused is not None
    assert focused["in"] == f"set-{squat.pk}-1"
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).reps == 5


def test_a_session_log_refused_from_its_save_button_puts_the_keyboard_on_the_field(week):
    """Save pressed from the keyboard with an effort of 12: the refusal replaces the form,
    its button too, and the keyboard fell to the page's top. It goes to the box in error,
    which is read out with its reason."""
    page, squat = week
    form = f"#log-{squat.session_id}"
    reveal(page, form)
    page.fill(f"{form} input[name=rpe]", "12")
    page.locator(f"{form} button[type=submit]").focus()  # the effort's change goes now
    page.locator(f"{form} input[name=rpe][aria-invalid=true]").wait_for()
    page.locator(f"{form} button[type=submit]").focus()
    page.keyboard.press("Enter")  # refused again, from the button this time
    page.wait_for_timeout(500)
    focused = page.evaluate(FOCUSED)
    assert focused is not None
    assert (focused["in"], focused["name"]) == (f"log-{squat.session_id}", "rpe")
    described = page.locator(f"{form} input[name=rpe]").get_attribute("aria-describedby")
    assert f"rpe-{squat.session_id}-error" in described.split()
    assert PlannedSession.objects.get(pk=squat.session_id).rpe is None


def test_a_session_log_refused_with_no_field_in_error_keeps_the_keyboard_on_save(week):
    """A log saved on another screen meanwhile (409): no box is in error, and the keyboard
    stays on the new form's Save button, where it was."""
    page, squat = week
    form = f"#log-{squat.session_id}"
    reveal(page, form)
    PlannedSession.objects.filter(pk=squat.session_id).update(rpe=6, version=5)
    page.fill(f"{form} textarea[name=note]", "Knees fine")
    page.locator(f"{form} button[type=submit]").focus()  # the note's change goes now
    page.wait_for_timeout(800)
    focused = page.evaluate(FOCUSED)
    assert focused is not None
    assert (focused["in"], focused["tag"]) == (f"log-{squat.session_id}", "button")


def test_a_set_refused_after_the_keyboard_moved_on_is_read_out(week):
    """Reps of 55 go as the keyboard leaves the box, and the refusal comes back in a new
    form, its status with it: a status that arrives with the text already in it is seldom
    read out, and the keyboard is on the load box, which the reason does not describe. The
    page's own status line says it."""
    page, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    page.fill(f"{row} input[name=reps]", "55")
    page.keyboard.press("Tab")
    status = page.locator(f"{row} .aw-save-status")
    status.filter(has_text="Reps").wait_for()
    said = status.inner_text().strip()
    assert page.evaluate(FOCUSED)["name"] == "load"
    expect(page.locator("#page-announce")).to_have_text(said)
    assert not SetLog.objects.exists()
