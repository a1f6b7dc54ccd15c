"""Programme builder by keyboard: an exercise just added takes the keyboard, not the
whole session around it."""

import pytest
from playwright.sync_api import expect

from tests.browser_support import log_in
from tests.factories import ClubFactory, MembershipFactory, UserFactory
from tests.programs.conftest import lifting_session, make_template, phase_data

# Three phases of two sessions: a programme far longer than a phone screen.
PHASES = ("base", "build", "sharpen")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_builder(live_server, page, phases):
    """A club programme of these phases, open in the builder for its club's owner."""
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    program = make_template(club, phases)
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/programmes/{program.pk}/")
    return program


def settled(page) -> None:
    """Until htmx has settled what it swapped in: the builder moves the focus at that step."""
    page.wait_for_function("() => !document.querySelector('.htmx-settling')")


def test_an_added_exercise_takes_the_keyboard(live_server, page):
    open_builder(live_server, page, [phase_data()])
    session = page.locator("[id^='session-']:has(.rx-new)").first
    rows = session.locator("li.rx[id]").count()
    session.get_by_text("+ Add exercise").click()
    form = session.locator(".rx-new form.rx-form")
    form.wait_for()
    settled(page)  # htmx wires the new form up, and puts the keyboard in it, as it settles
    choice = form.locator("select[name$='-exercise']")
    values = choice.locator("option").evaluate_all("(options) => options.map(o => o.value)")
    choice.select_option(next(v for v in values if v))
    form.get_by_role("button", name="Add exercise").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(n) => document.querySelectorAll(\"[id^='session-'] li.rx[id]\").length > n", arg=rows
    )
    settled(page)  # htmx settles, then the focus moves
    label = page.evaluate(
        "() => document.activeElement && document.activeElement.getAttribute('aria-label')"
    )
    assert label and label.startswith("Edit "), label


def test_the_builder_takes_one_change_at_a_time_and_says_it_is_busy(live_server, page):
    """Both forms carry the version the page had: a second change sent before the first
    one's answer came back was refused as "someone changed this programme". While a change
    is on its way the builder is busy and takes no other; then the next one lands."""
    phases = [phase_data(sessions=[lifting_session("A"), lifting_session("B")])]
    program = open_builder(live_server, page, phases)
    sent = []

    def slow(route):
        sent.append(route.request.url)
        page.wait_for_timeout(600)
        route.continue_()

    page.route("**/exercises/*/move/", slow)
    sessions = page.locator("[id^='session-']:has(li.rx[id])")
    builder = page.locator(".builder")
    sessions.nth(0).get_by_role("button", name="Move Back squat down").click()
    assert builder.get_attribute("aria-busy") == "true"
    sessions.nth(1).get_by_role("button", name="Move Back squat down").click(force=True)
    assert "Still saving the last change" in page.locator("#builder-status").inner_text()
    page.wait_for_function("() => !document.querySelector('.builder[aria-busy]')")
    assert len(sent) == 1
    assert "Someone changed" not in page.locator("#builder-status").inner_text()
    sessions.nth(1).get_by_role("button", name="Move Back squat down").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll(\"[id^='session-']\")].filter("
        "s => (s.querySelector('li.rx[id]')?.textContent || '').includes('Bulgarian')"
        ").length === 2",
        timeout=10000,
    )
    assert "Someone changed" not in page.locator("#builder-status").inner_text()
    program.refresh_from_db()
    firsts = [
        session.prescriptions.order_by("order").first().exercise.slug
        for phase in program.phases.all()
        for session in phase.sessions.all()
    ]
    assert firsts == ["bulgarian-split-squat", "bulgarian-split-squat"]


def test_escape_on_a_new_exercise_gives_the_keyboard_back_to_add_exercise(live_server, page):
    open_builder(live_server, page, [phase_data()])
    session = page.locator("[id^='session-']:has(.rx-new)").first
    session.get_by_text("+ Add exercise").click()
    form = session.locator(".rx-new form.rx-form")
    form.wait_for()
    settled(page)  # htmx wires the new form up, and puts the keyboard in it, as it settles
    form.locator("select[name$='-exercise']").focus()
    page.keyboard.press("Escape")
    form.wait_for(state="detached")
    settled(page)  # htmx settles, then the focus moves
    text = page.evaluate("() => document.activeElement && document.activeElement.textContent")
    assert text.strip() == "+ Add exercise"


def test_a_click_that_starts_a_change_is_not_told_the_builder_is_busy(live_server, page):
    """The builder turns busy with the request a click starts: that click itself was read
    as one made while busy, and every opened editor said "Still saving the last change"."""
    open_builder(live_server, page, [phase_data()])
    session = page.locator("[id^='session-']:has(.rx-new)").first
    session.get_by_text("+ Add exercise").click()
    session.locator(".rx-new form.rx-form").wait_for()
    settled(page)
    assert "Still saving" not in page.locator("#builder-status").inner_text()
    page.get_by_role("button", name="Move Back squat down").first.click()
    page.wait_for_function("() => !document.querySelector('.builder[aria-busy]')")
    settled(page)
    assert "Still saving" not in page.locator("#builder-status").inner_text()


def test_removing_an_exercise_leaves_the_keyboard_on_the_one_in_its_place(live_server, page):
    """Removed by keyboard, the second of three: the keyboard was sent back up to the
    session's first exercise; it goes to the one that took the removed one's place."""
    open_builder(live_server, page, [phase_data()])
    page.on("dialog", lambda dialog: dialog.accept())
    session = page.locator("[id^='session-']:has(li.rx[id])").first
    names = session.locator("li.rx[id] [aria-label^='Edit ']").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-label'))"
    )
    assert len(names) == 3
    session.locator("li.rx[id]").nth(1).get_by_role("button", name="Remove").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelectorAll(\"[id^='session-'] li.rx[id]\").length === 2"
    )
    settled(page)
    label = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert label == names[2]


def test_on_a_phone_a_save_far_down_the_programme_is_confirmed_in_view(live_server, page):
    """The confirmation came at the top of the page, out of sight of a coach who had
    scrolled down a long programme: it stays in view, as a refusal does, while the keyboard
    stays on the edited row and the status region says it once."""
    page.set_viewport_size({"width": 390, "height": 844})
    sessions = [lifting_session("A"), lifting_session("B")]
    open_builder(live_server, page, [phase_data(p, sessions=sessions) for p in PHASES])
    edit = page.get_by_role("link", name="Edit Heavy calf raise").last
    row_id = edit.evaluate("(a) => a.closest('li.rx').id")
    edit.click()
    form = page.locator(f"#{row_id} form.rx-form")
    form.wait_for()
    settled(page)
    form.locator("input[name$='-sets']").fill("4")
    form.get_by_role("button", name="Save").click()
    form.wait_for(state="detached")
    settled(page)
    said = page.locator("#builder-status .flash-success")
    assert said.inner_text() == "Exercise saved."
    assert page.evaluate("() => window.scrollY") > 844  # the coach is far down the page
    box = said.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844, box
    inside = page.evaluate(
        "(id) => document.getElementById(id).contains(document.activeElement)", row_id
    )
    assert inside, "the keyboard left the edited row"
    regions = page.locator("[role=status], [aria-live], [role=alert]")
    assert len([t for t in regions.all_inner_texts() if "Exercise saved." in t]) == 1


def test_without_javascript_a_save_lands_at_the_row_with_its_message_in_view(live_server, browser):
    """Without JavaScript a save reloads the builder at the edited row: the message from
    the top of the page stays in view there, and the row is below it, not under it."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    sessions = [lifting_session("A"), lifting_session("B")]
    open_builder(live_server, page, [phase_data(p, sessions=sessions) for p in PHASES])
    edit = page.get_by_role("link", name="Edit Heavy calf raise").last
    row_id = edit.evaluate("(a) => a.closest('li.rx').id")
    edit.click()
    page.locator("input[name$='-sets']").fill("4")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**#{row_id}")
    said = page.locator("main > .messages")
    assert said.inner_text() == "Exercise saved."
    assert page.evaluate("() => window.scrollY") > 844  # the page opened far down, at the row
    message, row = said.bounding_box(), page.locator(f"#{row_id}").bounding_box()
    assert message["y"] >= 0 and message["y"] + message["height"] <= 844, message
    assert message["y"] + message["height"] <= row["y"] < 844, (message, row)
    context.close()


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844


@pytest.mark.parametrize("form", ["phase", "session", "session-add"])
def test_without_javascript_a_refused_edit_lands_at_its_form_with_the_reason_in_view(
    live_server, browser, form
):
    """Without JavaScript a refused edit far down a long programme comes back at its form,
    the field marked and the refusal above it in view, not at the top of the page."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    sessions = [lifting_session("A"), lifting_session("B")]
    open_builder(live_server, page, [phase_data(p, sessions=sessions) for p in PHASES])
    phase = page.locator("section.phase").last
    if form == "phase":
        phase.locator(".phase-edit summary").click()
        phase.locator("input[name$='-weeks']").fill("0")
        phase.get_by_role("button", name="Save the Sharpen phase").click()
        error = "Weeks: a whole number from 1 to 16."
    elif form == "session":
        phase.locator(".session-edit summary").last.click()
        phase.locator("form.session-form input[name$='-label']").last.fill("A")
        phase.get_by_role("button", name="Save session B of the Sharpen phase").click()
        error = "This phase already has a session A."
    else:
        phase.locator("form.inline-add input[name$='-label']").last.fill("B")
        phase.get_by_role("button", name="Add session to Sharpen").click()
        error = "This phase already has a session B."
    page.wait_for_load_state()
    assert page.evaluate("() => window.scrollY") > 844  # the page opened far down, at the form
    assert in_view(page, page.get_by_text(error))
    status = page.locator("#builder-status")
    assert status.inner_text() == "Not saved: see the field marked below."
    assert in_view(page, status)
    context.close()


def test_a_save_far_down_a_copy_is_said_clear_of_the_message_the_copy_opened_with(
    live_server, page
):
    """The page's own message ("Copied as ...") stays in view at the top while scrolling;
    the status of a save made further down stood in the same place, the two drawn over each
    other and neither readable. The newer one is read, on its own."""
    sessions = [lifting_session("A"), lifting_session("B")]
    open_builder(live_server, page, [phase_data(p, sessions=sessions) for p in PHASES])
    page.get_by_role("button", name="Make a copy").click()
    copied = page.locator("main > .messages")
    expect(copied).to_contain_text("Copied as")
    move = page.get_by_role("button", name="Move Heavy calf raise up").last
    move.click()
    said = page.locator("#builder-status")
    expect(said).to_have_text("Exercise moved.")
    settled(page)
    assert page.evaluate("() => window.scrollY") > 844  # the coach is far down the page
    assert in_view(page, said)
    box = said.bounding_box()
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    on_top = page.evaluate(
        "([x, y]) => document.getElementById('builder-status').contains("
        "document.elementFromPoint(x, y))",
        list(middle),
    )
    assert on_top, "the status is covered"
    if copied.is_visible():
        other = copied.bounding_box()
        assert other["y"] + other["height"] <= box["y"] or box["y"] + box["height"] <= other["y"]
