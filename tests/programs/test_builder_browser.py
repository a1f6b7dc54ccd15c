"""The builder in Chromium: htmx edits swap their fragment and refresh the rule check."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser_support import log_in
from tests.programs.conftest import lifting_session, make_template, phase_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def builder(live_server, desktop_page, owner):
    """The owner on the builder page of a one-phase club template."""
    program = make_template(owner.membership.club, [phase_data()])
    desktop_page.asked = []

    def accept(dialog):
        desktop_page.asked.append(dialog.message)
        dialog.accept()

    desktop_page.on("dialog", accept)
    log_in(desktop_page, live_server, "owner")
    url = live_server.url + reverse("program_detail", args=[program.pk])
    desktop_page.goto(url)
    return program, url, desktop_page


def test_removing_the_single_leg_lift_shows_s4_without_a_reload(builder, screenshot):
    program, url, page = builder
    checks = page.locator("#checks")
    expect(checks).to_contain_text("No session or phase rule broken.")

    page.get_by_role("button", name="Remove Bulgarian split squat").click()
    expect(checks).to_contain_text("No single-leg lift")
    assert page.asked == ["Remove Bulgarian split squat from session A of the Build phase?"]
    expect(page.locator(".rx", has_text="Bulgarian split squat")).to_have_count(0)

    versions = page.eval_on_selector_all("input.tpl-version", "inputs => inputs.map(i => i.value)")
    assert set(versions) == {"2"}
    assert page.url == url
    screenshot(page, "programme-builder-s4")


def test_adding_an_exercise_then_a_stale_edit_in_another_tab_is_refused(builder):
    program, url, page = builder
    other = page.context.new_page()
    other.on("dialog", lambda dialog: dialog.accept())
    other.goto(url)

    page.get_by_role("link", name="Add exercise to Build session A").click()
    form = page.locator("form.rx-form:not(.htmx-added)")  # settled: htmx sends it
    form.locator("select[name$='-exercise']").select_option(label="Romanian deadlift")
    form.locator("input[name$='-reps']").fill("6")
    form.get_by_role("button", name="Add exercise").click()
    expect(page.locator(".rx", has_text="Romanian deadlift")).to_contain_text("3 × 6")

    other.get_by_role("button", name="Remove Back squat").click()
    expect(other.locator("#builder-status")).to_contain_text(
        "Someone changed this programme after you opened it"
    )
    assert program.phases.get().sessions.get().prescriptions.count() == 4


def focused(page) -> str:
    """The focused element, as its aria-label, or its tag and name."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.getAttribute('aria-label') || `${e.tagName.toLowerCase()} ${e.name || e.id}`; }"
    )


def test_the_keyboard_stays_in_place_through_moves_edits_and_escape(builder):
    program, url, page = builder
    # The status line is kept (its words replaced), so what is said in it is read out.
    page.evaluate("() => { document.getElementById('builder-status').dataset.kept = 'yes'; }")

    page.get_by_role("button", name="Move Bulgarian split squat up").focus()
    page.keyboard.press("Enter")
    expect(page.locator("li.rx").first).to_contain_text("Bulgarian split squat")
    # Now first, its up arrow is disabled: the keyboard goes to its Edit button instead.
    page.wait_for_function("() => document.activeElement !== document.body")
    assert focused(page) == "Edit Bulgarian split squat in session A of the Build phase"

    page.get_by_role("button", name="Move Back squat up").focus()
    page.keyboard.press("Enter")
    expect(page.locator("li.rx").first).to_contain_text("Back squat")
    page.wait_for_function("() => document.activeElement !== document.body")
    assert focused(page) == "Edit Back squat in session A of the Build phase"

    page.keyboard.press("Enter")  # Edit: the editor opens with the keyboard in its first field
    page.wait_for_function("() => document.activeElement.closest('.rx-form') !== null")
    assert focused(page).startswith("select ")
    page.keyboard.press("Escape")  # closed unsaved, back on its Edit button
    expect(page.locator(".rx-form")).to_have_count(0)
    page.wait_for_function("() => document.activeElement !== document.body")
    assert focused(page) == "Edit Back squat in session A of the Build phase"

    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.closest('.rx-form') !== null")
    # A refused save puts the keyboard on the field in error, not on the first field.
    page.locator(".rx-form input[name$='-seconds']").fill("30")  # a lift is dosed in reps
    page.locator(".rx-form button[type=submit]").press("Enter")
    page.wait_for_function("() => document.activeElement.getAttribute('aria-invalid') === 'true'")
    assert page.evaluate("document.activeElement.name").endswith("-seconds")
    page.locator(".rx-form input[name$='-seconds']").fill("")
    page.locator(".rx-form input[name$='-sets']").fill("4")
    page.locator(".rx-form button[type=submit]").press("Enter")
    expect(page.locator("li.rx", has_text="Back squat")).to_contain_text("4 ×")
    page.wait_for_function("() => document.activeElement !== document.body")
    assert focused(page) == "Edit Back squat in session A of the Build phase"
    expect(page.locator("#builder-status")).to_contain_text("saved")
    assert page.evaluate("() => document.getElementById('builder-status').dataset.kept") == "yes"


def test_a_saved_phase_gives_the_keyboard_back_to_its_settings_summary(builder):
    program, url, page = builder
    summary = page.locator(".phase-edit summary")
    summary.focus()
    page.keyboard.press("Enter")  # opens the phase's settings
    page.locator(".phase-form input[name$='-weeks']").fill("5")
    page.get_by_role("button", name="Save the Build phase").press("Enter")
    expect(page.locator(".phase-facts")).to_contain_text("5 weeks")
    # The Save button comes back inside the closed settings: the keyboard goes to the
    # summary that opens them, not to the top of the page.
    page.wait_for_function("() => document.activeElement !== document.body")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert page.evaluate("document.activeElement.closest('.phase-edit') !== null")


def test_the_builder_s_arrows_and_phase_settings_are_a_finger_s_size_on_a_phone(
    live_server, page, owner
):
    program = make_template(owner.membership.club, [phase_data()])
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("program_detail", args=[program.pk]))
    selector = (
        "li.rx .btn-icon, .session-head .btn-icon, .phase-edit summary, .session-edit summary"
    )
    sizes = page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.textContent.trim().slice(0, 20), Math.round(r.width), Math.round(r.height)]; })"
    )
    # Two arrows for each of the three lifts and for the session, and the phase's and the
    # session's settings.
    assert len(sizes) == 10
    assert [s for s in sizes if s[1] < 44 or s[2] < 44] == []


def test_renaming_the_programme_keeps_the_keyboard_in_its_head(builder):
    program, url, page = builder
    page.get_by_text("Rename or describe").focus()
    page.keyboard.press("Enter")
    name = page.locator("input[name='details-name']")
    name.fill("")
    page.locator(".details-edit button[type=submit]").press("Enter")
    # Refused: the keyboard goes to the name, marked in error, not to the top of the page.
    page.wait_for_function("() => document.activeElement.getAttribute('aria-invalid') === 'true'")
    assert page.evaluate("document.activeElement.name") == "details-name"
    page.locator("input[name='details-name']").fill("Spring block")
    page.locator(".details-edit button[type=submit]").press("Enter")
    expect(page.locator("#program-head h1")).to_have_text("Spring block")
    # Saved: the form is closed again and the keyboard is on the summary that opens it.
    page.wait_for_function("() => document.activeElement !== document.body")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Rename or describe"


def settled_on(page, label: str) -> None:
    """Waits for the builder to settle the keyboard on the control of that label (htmx may
    give it, for a moment, to the control of the same id first)."""
    page.wait_for_timeout(100)
    page.wait_for_function("() => !document.querySelector('.builder[aria-busy]')")
    page.wait_for_timeout(100)
    assert focused(page) == label


def test_sessions_move_and_change_by_keyboard_with_the_keyboard_kept_in_place(
    live_server, desktop_page, owner, screenshot
):
    page = desktop_page
    phases = [phase_data(sessions=[lifting_session("A"), lifting_session("B")])]
    program = make_template(owner.membership.club, phases)
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("program_detail", args=[program.pk]))
    heads = page.locator(".session-head h3")

    page.get_by_role("button", name="Move session B of the Build phase up").focus()
    page.keyboard.press("Enter")
    expect(heads.first).to_contain_text("Session B")
    # First now, its up arrow is disabled: the keyboard goes to the arrow beside it.
    settled_on(page, "Move session B of the Build phase down")
    page.keyboard.press("Enter")
    expect(heads.first).to_contain_text("Session A")
    settled_on(page, "Move session B of the Build phase up")  # last again: down is disabled
    expect(page.locator("#builder-status")).to_contain_text("Session B moved down.")

    summary = page.locator("summary", has_text="Rename or change kind").last
    summary.focus()
    page.keyboard.press("Enter")
    form = page.locator("form.session-form").last
    form.locator("input[name$='-label']").fill("D")
    form.locator("select[name$='-kind']").select_option("plyometric")
    form.get_by_role("button", name="Save session B of the Build phase").press("Enter")
    # Refused beside the kind, with the reason; the keyboard is on the kind.
    page.wait_for_function("() => document.activeElement.getAttribute('aria-invalid') === 'true'")
    assert page.evaluate("document.activeElement.name").endswith("-kind")
    expect(page.locator(".session-form .error")).to_contain_text("are heavy lifts")
    screenshot(page, "programme-builder-session-kind-refused")
    page.locator("form.session-form select[name$='-kind']").last.select_option("lifting")
    page.locator("form.session-form button[type=submit]").last.press("Enter")
    expect(heads.last).to_contain_text("Session D")
    # Saved: the form is folded away and the keyboard is on the summary that opens it.
    settled_on(page, "Rename session D of the Build phase or change its kind")
    assert program.phases.get().sessions.get(label="D").kind == "lifting"
    screenshot(page, "programme-builder-sessions")


def test_the_session_controls_on_a_phone(live_server, page, owner, screenshot):
    phases = [phase_data(sessions=[lifting_session("A"), lifting_session("B")])]
    program = make_template(owner.membership.club, phases)
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("program_detail", args=[program.pk]))
    page.locator("summary", has_text="Rename or change kind").first.click()
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "programme-builder-sessions-phone")


def test_renaming_a_session_keeps_an_exercise_being_edited_in_it_as_typed(builder):
    program, url, page = builder
    page.get_by_role("link", name="Edit Back squat in session A of the Build phase").click()
    editor = page.locator("li.rx-editing form.rx-form:not(.htmx-added)")
    editor.locator("input[name$='-sets']").fill("5")
    editor.locator("input[name$='-notes']").fill("Pause at the bottom")

    page.get_by_text("Rename or change kind").click()
    form = page.locator("form.session-form")
    form.locator("input[name$='-label']").fill("X")
    form.get_by_role("button", name="Save session A of the Build phase").click()
    expect(page.locator(".session-head h3")).to_contain_text("Session X")
    # The keyboard stays with the session's form, not in the editor left open.
    settled_on(page, "Rename session X of the Build phase or change its kind")

    # The exercise's editor is still open, with what was typed in it, and saves it.
    editor = page.locator("li.rx-editing form.rx-form")
    expect(editor.locator("input[name$='-sets']")).to_have_value("5")
    expect(editor.locator("input[name$='-notes']")).to_have_value("Pause at the bottom")
    editor.get_by_role("button", name="Save").click()
    expect(page.locator("li.rx", has_text="Back squat")).to_contain_text("5 ×")
    expect(page.locator("#builder-status")).to_contain_text("Exercise saved.")
    squat = program.phases.get().sessions.get().prescriptions.get(exercise__slug="back-squat")
    assert (squat.sets, squat.notes) == (5, "Pause at the bottom")
    assert squat.session.label == "X"


def test_a_phase_swapped_whole_keeps_the_other_forms_open_in_it_as_typed(builder):
    """Adding a session brings back its whole phase: an exercise being added to another
    session and the phase's settings being changed stay open, with what was typed."""
    program, url, page = builder
    page.get_by_role("link", name="Add exercise to Build session A").click()
    adding = page.locator(".rx-new form.rx-form:not(.htmx-added)")
    adding.locator("select[name$='-exercise']").select_option(label="Romanian deadlift")
    adding.locator("input[name$='-reps']").fill("7")
    page.get_by_text("Change phase, weeks, sessions and loads").click()
    page.locator(".phase-form input[name$='-weeks']").fill("6")

    page.get_by_role("button", name="Add session to Build").click()
    expect(page.locator(".session-head h3")).to_have_count(2)

    adding = page.locator(".rx-new form.rx-form")
    expect(adding.locator("select[name$='-exercise'] option:checked")).to_have_text(
        "Romanian deadlift"
    )
    expect(adding.locator("input[name$='-reps']")).to_have_value("7")
    expect(page.locator(".phase-form input[name$='-weeks']")).to_be_visible()
    expect(page.locator(".phase-form input[name$='-weeks']")).to_have_value("6")

    # Both save, against the programme as it is now.
    adding.get_by_role("button", name="Add exercise").click()
    expect(page.locator(".rx", has_text="Romanian deadlift")).to_contain_text("3 × 7")
    page.get_by_role("button", name="Save the Build phase").click()
    expect(page.locator(".phase-facts")).to_contain_text("6 weeks")
    assert program.phases.get().weeks == 6


def test_a_refused_phase_edit_stays_as_typed_when_a_session_of_it_is_renamed(builder):
    """A form sent back with a mistake holds what the coach typed, not what is saved."""
    program, url, page = builder
    page.get_by_text("Change phase, weeks, sessions and loads").click()
    page.locator(".phase-form input[name$='-percent_min']").fill("95")
    page.locator(".phase-form input[name$='-percent_max']").fill("40")
    page.get_by_role("button", name="Save the Build phase").click()
    expect(page.locator(".phase-form")).to_contain_text("Must be at least the lower percentage.")

    page.get_by_text("Rename or change kind").click()
    page.locator("form.session-form input[name$='-label']").fill("X")
    page.get_by_role("button", name="Save session A of the Build phase").click()
    expect(page.locator(".session-head h3")).to_contain_text("Session X")

    form = page.locator(".phase-form")
    expect(form.locator("input[name$='-percent_min']")).to_have_value("95")
    expect(form.locator("input[name$='-percent_max']")).to_have_value("40")
    expect(form).to_contain_text("Must be at least the lower percentage.")
    assert program.phases.get().percent_min == 75


def test_a_phase_made_another_kind_gives_the_keyboard_back_to_its_settings_summary(builder):
    """Another kind of phase brings back the whole list: the keyboard went to the list
    as a whole; it goes back to the phase's settings, as for any saved phase."""
    program, url, page = builder
    summary = page.locator(".phase-edit summary")
    summary.focus()
    page.keyboard.press("Enter")
    page.locator(".phase-form select[name$='-phase']").select_option("base")
    page.get_by_role("button", name="Save the Build phase").press("Enter")
    expect(page.locator(".phase h2")).to_have_text("Base")
    page.wait_for_timeout(100)
    page.wait_for_function("() => !document.querySelector('.builder[aria-busy]')")
    page.wait_for_timeout(100)
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert page.evaluate("document.activeElement.closest('.phase-edit') !== null")
    assert page.evaluate("document.activeElement.closest('section.phase').id") == (
        f"phase-{program.phases.get().pk}"
    )
