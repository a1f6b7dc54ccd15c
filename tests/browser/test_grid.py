"""The coach's load grid in a real browser at 1280x800."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from schedules import loads
from schedules.models import LoadChange, PlannedExercise
from tests.browser_support import log_in
from tests.factories import (
    AthleteFactory,
    ClubFactory,
    MembershipFactory,
    SquadFactory,
    StrengthTestFactory,
    UserFactory,
)
from tests.plan_factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def grid(live_server, desktop_page):
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club, name="Amara Okafor")
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = make_plan(athlete, weeks=3)
    log_in(desktop_page, live_server, "owner")
    desktop_page.goto(f"{live_server.url}/athletes/{athlete.pk}/loads/")
    squat = PlannedExercise.objects.get(
        session__plan=plan, session__week=1, session__label="A", exercise__slug="back-squat"
    )
    return desktop_page, squat


def settled_editor(page, pk):
    """The cell's editor once htmx has settled it and moved the focus to the field it opens on.

    Typing before then races the settle step, which focuses that field again.
    """
    page.locator(f"#cell-{pk}.editing:not(.htmx-added) input[autofocus]:focus").wait_for()
    return page.locator(f"#cell-{pk} form.cell-editor")


def test_plus_shows_the_new_load_and_refreshes_the_history(grid, screenshot):
    page, squat = grid
    cell = page.locator(f"#cell-{squat.pk}")
    assert "60 kg" in cell.inner_text()
    cell.get_by_role("button", name="Back squat load up one plate step").click()
    page.locator(f"#cell-{squat.pk} .load", has_text="62.5 kg").wait_for()
    assert "✎" in page.locator(f"#cell-{squat.pk}").inner_text()
    assert "load 60 → 62.5" in page.locator("#grid-history").inner_text()
    # The status line reads the change out (the panels beside the grid are replaced unread).
    assert "Back squat, " in page.locator("#grid-announce").inner_text()
    assert "at 62.5 kg, RIR 2." in page.locator("#grid-announce").inner_text()
    squat.refresh_from_db()
    assert squat.load == Decimal("62.5")
    screenshot(page, "grid-after-plus")
    # The history panel came back out of band with a working form: undo without a reload.
    page.locator("#grid-history").get_by_role("button", name="Undo last change").click()
    page.locator(f"#cell-{squat.pk} .load", has_text="60 kg").wait_for()
    squat.refresh_from_db()
    assert squat.load == Decimal("60")
    # The undo reloaded the page: the keyboard is back in the history panel (its button is
    # disabled, nothing being left to undo), and the message is read out.
    page.wait_for_function("() => document.activeElement.id === 'grid-history'")
    page.locator("#grid-announce", has_text="Undone: 1 cell back as it was.").wait_for()


def test_a_hand_edited_cell_is_named_edited_in_words_not_by_its_pencil(grid):
    page, squat = grid
    cell = page.locator(f"#cell-{squat.pk}")
    cell.get_by_role("button", name="Back squat load up one plate step").click()
    page.locator(f"#cell-{squat.pk} .load", has_text="62.5 kg").wait_for()
    # The numbers first, as shown (voice control says them), then whose and which day.
    day = f"{squat.session.date:%-d %b}"
    expect(cell.locator("a.cell-open")).to_have_accessible_name(
        f"3×6 62.5 kg 78.1% RIR 2 , edit Back squat, {day} edited by owner just now"
    )


def test_an_undo_refused_as_moved_on_keeps_the_keyboard_in_the_history(grid):
    """Another screen undid the change first: the grid comes back (409) with the reason, and
    the keyboard is back in the history panel with the reason read out, not at the top."""
    page, squat = grid
    cell = page.locator(f"#cell-{squat.pk}")
    for load in ("62.5", "65"):  # two changes: the one before stays to undo
        cell.get_by_role("button", name="Back squat load up one plate step").click()
        page.locator(f"#cell-{squat.pk} .load", has_text=f"{load} kg").wait_for()
    batch = LoadChange.objects.latest("at", "id").batch
    loads.undo_last(athlete=squat.session.plan.athlete, user=None, batch=batch)
    page.locator("#grid-history").get_by_role("button", name="Undo last change").click()
    page.wait_for_url("**/loads/undo/")
    page.wait_for_function(
        "() => document.getElementById('grid-history').contains(document.activeElement)"
    )
    page.locator("#grid-announce", has_text="Not undone: the latest change is no longer").wait_for()


def test_on_a_phone_the_grid_with_edited_cells_scrolls_within_itself_not_the_page(
    live_server, page
):
    club = ClubFactory()
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club)
    plan = make_plan(athlete, weeks=3)
    edited = PlannedExercise.objects.filter(session__plan=plan, load__isnull=False)
    edited.update(hand_edited=True)
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/loads/")
    page.locator(".edited-mark").first.wait_for(state="attached")
    assert page.evaluate("() => document.documentElement.scrollWidth") == 390


# Each field of the open editor as laid out: its box, its focus ring's box (outline and its
# offset around it), its label's box, and whether what it shows (value, else placeholder)
# fits inside it.
EDITOR_BOXES = """(form) => {
    const box = (e) => {
        const b = e.getBoundingClientRect();
        return [b.left, b.top, b.right, b.bottom];
    };
    const canvas = document.createElement('canvas').getContext('2d');
    return [...form.querySelectorAll('.editor-field')].map((field) => {
        const input = field.querySelector('input');
        const style = getComputedStyle(input);
        const out = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
        const [left, top, right, bottom] = box(input);
        canvas.font = `${style.fontSize} ${style.fontFamily}`;
        const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
        const room = input.clientWidth - padding;
        return {
            name: input.name,
            field: box(input),
            ring: [left - out, top - out, right + out, bottom + out],
            label: box(field.querySelector('label')),
            shown: canvas.measureText(input.value || input.placeholder).width <= room,
        };
    });
}"""


def _overlap(one, other) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "coach"])
def test_the_cell_editor_gives_each_focus_ring_room_and_shows_the_note_whole(
    live_server, browser, size, screenshot
):
    """A focused field's ring touches no label and no other field, and the note's
    placeholder is not cut off: on a phone's narrow cell too."""
    club = ClubFactory()
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club)
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = make_plan(athlete, weeks=3)
    squat = PlannedExercise.objects.get(
        session__plan=plan, session__week=1, session__label="A", exercise__slug="back-squat"
    )
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/loads/")
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    form = settled_editor(page, squat.pk)
    screenshot(page, f"grid-editor-{size[0]}")
    fields = form.evaluate(EDITOR_BOXES)
    assert [f["name"] for f in fields] == ["sets", "reps", "load", "percent_1rm", "rir", "note"]
    for field in fields:
        for other in fields:
            assert not _overlap(field["ring"], other["label"]), (field["name"], other["name"])
            if other is not field:
                assert not _overlap(field["ring"], other["field"]), (field["name"], other["name"])
        assert field["shown"], field["name"]
    context.close()


def test_keyboard_edit_and_live_rule_warning(grid, screenshot):
    page, squat = grid
    assert "No rule broken" in page.locator("#grid-warnings").inner_text()
    page.locator(f"#cell-{squat.pk} a.cell-open").focus()
    page.keyboard.press("Enter")
    settled_editor(page, squat.pk)
    assert page.evaluate("document.activeElement.name") == "load"
    page.fill(f"#cell-{squat.pk} input[name=rir]", "0")
    page.keyboard.press("Enter")
    page.locator(f"#cell-{squat.pk} a.cell-open").wait_for()
    warnings = page.locator("#grid-warnings")
    warnings.locator(".rule", has_text="S3").wait_for()
    assert "RIR" in warnings.inner_text() or "failure" in warnings.inner_text().lower()
    squat.refresh_from_db()
    assert squat.rir == 0
    screenshot(page, "grid-keyboard-edit")


def test_an_opened_editor_is_a_form_named_by_its_exercise_and_day(grid):
    """A screen reader entering the editor hears which cell it edits, not only "Load (kg)"."""
    page, squat = grid
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    settled_editor(page, squat.pk)
    name = f"Back squat · {squat.session.date:%-d %b}"
    expect(page.get_by_role("form", name=name)).to_be_visible()


def test_escape_closes_the_editor_without_saving(grid):
    page, squat = grid
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    settled_editor(page, squat.pk)
    page.fill(f"#cell-{squat.pk} input[name=load]", "100")
    page.keyboard.press("Escape")
    page.locator(f"#cell-{squat.pk} a.cell-open").wait_for()
    assert "60 kg" in page.locator(f"#cell-{squat.pk}").inner_text()
    squat.refresh_from_db()
    assert squat.load == Decimal("60")


def test_with_debug_on_a_refused_value_stays_in_its_cell(grid, settings):
    """`make run` serves with DEBUG on, where django-htmx would show a 400 as a whole page."""
    page, squat = grid
    settings.DEBUG = True
    page.reload()
    assert page.locator('script[src$="django-htmx.js"]').count() == 1
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    load = settled_editor(page, squat.pk).locator("input[name=load]")
    load.fill("61")
    load.press("Enter")
    error = page.locator(f"#cell-{squat.pk} .error")
    error.wait_for()
    assert "multiple of 2.5" in error.inner_text()
    assert page.locator("nav.mainnav").count() == 1
    assert page.locator("#grid-warnings").count() == 1
    squat.refresh_from_db()
    assert squat.load == Decimal("60")


def test_stale_edit_shows_the_current_value_and_who_changed_it(grid, screenshot):
    page, squat = grid
    coach = UserFactory(username="second")
    PlannedExercise.objects.filter(pk=squat.pk).update(
        load=Decimal("57.5"), version=2, edited_by=coach, hand_edited=True
    )
    page.locator(f"#cell-{squat.pk}").get_by_role(
        "button", name="Back squat load up one plate step"
    ).click()
    page.get_by_text("second changed this cell").wait_for()
    cell = page.locator(f"#cell-{squat.pk}")
    assert "57.5 kg" in cell.inner_text()
    squat.refresh_from_db()
    assert squat.load == Decimal("57.5")
    screenshot(page, "grid-stale-edit")


def test_apply_to_later_weeks_carries_what_was_typed(grid, screenshot):
    page, squat = grid
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    editor = settled_editor(page, squat.pk)
    editor.locator("input[name=load]").fill("65")
    editor.get_by_role("button", name="Save and apply to all later weeks").click()
    page.get_by_text("Carried forward to 2 later sessions.").wait_for()
    later = PlannedExercise.objects.filter(
        session__plan=squat.session.plan, session__label="A", exercise=squat.exercise
    ).order_by("session__date")
    assert [p.load for p in later] == [Decimal("65")] * 3
    for planned in later:
        assert "65 kg" in page.locator(f"#cell-{planned.pk}").inner_text()
    screenshot(page, "grid-after-carry")


def test_shift_later_weeks_by_the_change_keeps_their_progression(grid, screenshot):
    page, squat = grid
    later = PlannedExercise.objects.filter(
        session__plan=squat.session.plan, session__label="A", exercise=squat.exercise
    ).order_by("session__date")
    for planned, load in zip(later[1:], ("62.5", "65"), strict=True):
        PlannedExercise.objects.filter(pk=planned.pk).update(load=Decimal(load))
    page.reload()
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    editor = settled_editor(page, squat.pk)
    editor.locator("input[name=load]").fill("62.5")
    editor.get_by_role(
        "button", name="Save and shift later weeks' loads by the same change"
    ).click()
    page.get_by_text("Later weeks' loads shifted by +2.5 kg: 2 sessions.").wait_for()
    assert [p.load for p in later.all()] == [Decimal("62.5"), Decimal("65"), Decimal("67.5")]
    screenshot(page, "grid-after-shift")


def starts(text: str) -> re.Pattern:
    return re.compile("^" + re.escape(text))


def test_the_editor_says_what_typed_numbers_come_to_before_saving(grid, screenshot):
    """Worked out once typing pauses (the line is read out at each change)."""
    page, squat = grid  # 60 kg of an 80 kg 1RM
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    editor = settled_editor(page, squat.pk)
    live = editor.locator(".cell-live")
    assert live.inner_text() == ""
    editor.locator("input[name=load]").fill("55")
    expect(live).to_have_text("55 kg is 68.8 % of the 80 kg 1RM.")
    editor.locator("input[name=load]").fill("90")
    expect(live).to_have_text("90 kg is 112.5 % of the 80 kg 1RM: above it.")
    editor.locator("input[name=load]").fill("60")
    editor.locator("input[name=percent_1rm]").fill("85")
    expect(live).to_have_text("85 % of the 80 kg 1RM is 67.5 kg on the plate step.")
    editor.locator("input[name=rir]").fill("0")
    expect(live).to_contain_text("RIR 0 is training to failure (S3)")
    screenshot(page, "grid-editor-live-sums")
    editor.locator("input[name=load]").fill("65")
    expect(live).to_have_text(starts("85 % would be 67.5 kg: change the load or the %"))
    editor.locator("input[name=load]").fill("67.5")  # the two agree: as the server, fine
    expect(live).to_have_text(starts("67.5 kg is 84.4 % of the 80 kg 1RM."))
    editor.locator("input[name=load]").fill("61")
    expect(live).to_have_text(starts("Use a multiple of 2.5 kg (the plate step)."))
    editor.locator("input[name=load]").fill("60.0")  # the same number: only the % changed
    expect(live).to_have_text(starts("85 % of the 80 kg 1RM is 67.5 kg"))
    editor.locator("input[name=load]").fill("60")
    editor.locator("input[name=percent_1rm]").fill("105")
    expect(live).to_have_text(starts("Enter 100 % of 1RM or less."))
    editor.locator("input[name=percent_1rm]").fill("20")
    expect(live).to_have_text(starts("Use 30 % of 1RM or more; lighter work goes by RIR."))
    editor.locator("input[name=percent_1rm]").fill("75")
    editor.locator("input[name=load]").fill("-5")  # no sum for a load that cannot be saved
    expect(live).to_have_text(starts("The load cannot be below zero."))
    editor.locator("input[name=load]").fill("0")  # lifts nothing: what to do instead
    expect(live).to_have_text(starts("A load of 0 kg lifts nothing: enter the weight to lift, or "))
    editor.locator("input[name=load]").fill("402.5")  # past the most the server takes
    expect(live).to_have_text(starts("402.5 kg is more than anyone lifts here."))
    assert PlannedExercise.objects.get(pk=squat.pk).load == Decimal("60")  # nothing saved


def test_a_carry_over_a_cell_changed_since_the_page_showed_it_is_refused(grid, screenshot):
    page, squat = grid
    later = PlannedExercise.objects.filter(
        session__plan=squat.session.plan, session__label="A", exercise=squat.exercise
    ).order_by("session__date")
    week3 = later.last()
    PlannedExercise.objects.filter(pk=week3.pk).update(load=Decimal("70"), version=9)
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    editor = settled_editor(page, squat.pk)
    editor.locator("input[name=load]").fill("65")
    editor.get_by_role("button", name="Save and apply to all later weeks").click()
    page.get_by_text("Not carried: someone changed 1 of the later cells in this row").wait_for()
    assert [p.load for p in later] == [Decimal("60"), Decimal("60"), Decimal("70")]
    assert "70 kg" in page.locator(f"#cell-{week3.pk}").inner_text()  # reloaded: shown now
    screenshot(page, "grid-carry-refused")


def test_a_carry_with_another_editor_open_in_the_row_goes_ahead(grid):
    page, squat = grid
    later = list(
        PlannedExercise.objects.filter(
            session__plan=squat.session.plan, session__label="A", exercise=squat.exercise
        ).order_by("session__date")
    )
    page.locator(f"#cell-{later[-1].pk} a.cell-open").click()
    settled_editor(page, later[-1].pk)
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    editor = settled_editor(page, squat.pk)
    editor.locator("input[name=load]").fill("65")
    editor.get_by_role("button", name="Save and apply to all later weeks").click()
    page.get_by_text("Carried forward to 2 later sessions.").wait_for()
    assert [p.load for p in PlannedExercise.objects.filter(pk__in=[c.pk for c in later])] == [
        Decimal("65")
    ] * 3
    # The page reloaded with the keyboard back on the cell and the message read out.
    page.wait_for_function(f"() => document.activeElement.closest('#cell-{squat.pk}') !== null")
    page.locator("#grid-announce", has_text="Carried forward to 2 later sessions.").wait_for()


def test_text_in_the_load_box_is_refused_not_read_as_no_load(grid):
    page, squat = grid
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    load = settled_editor(page, squat.pk).locator("input[name=load]")
    load.fill("abc")
    load.press("Enter")
    page.locator(f"#cell-{squat.pk} .error", has_text="Enter the load (kg) as a number").wait_for()
    squat.refresh_from_db()
    assert squat.load == Decimal("60")


def test_the_keyboard_stays_on_the_cell_after_a_save_or_a_refusal(grid):
    page, squat = grid
    page.locator(f"#cell-{squat.pk} a.cell-open").focus()
    page.keyboard.press("Enter")
    load = settled_editor(page, squat.pk).locator("input[name=load]")
    load.fill("61")
    load.press("Enter")
    page.locator(f"#cell-{squat.pk} .error").wait_for()
    page.wait_for_function(f"() => document.activeElement.closest('#cell-{squat.pk}') !== null")
    assert page.evaluate("document.activeElement.name") == "load"  # the field in error
    page.keyboard.press("Control+A")
    page.keyboard.type("62.5")
    page.keyboard.press("Enter")
    page.locator(f"#cell-{squat.pk} a.cell-open").wait_for()
    page.wait_for_function("() => document.activeElement.classList.contains('cell-open')")
    assert page.evaluate("document.activeElement.closest('td').id") == f"cell-{squat.pk}"
    plus = page.get_by_role("button", name="Back squat load up one plate step").first
    plus.focus()
    page.keyboard.press("Enter")
    page.locator(f"#cell-{squat.pk} .load", has_text="65 kg").wait_for()
    label = f"Back squat load up one plate step, {squat.session.date:%-d %b}"
    page.wait_for_function(f"() => document.activeElement.getAttribute('aria-label') === '{label}'")
    squat.refresh_from_db()
    assert squat.load == Decimal("65")


def test_a_refusal_not_of_one_field_is_read_out_and_takes_the_keyboard(grid):
    """A shift asked for with the load box emptied is refused for the change as a whole, not
    for a field: its message was a plain line that a screen reader never heard, the keyboard
    back on the first field (Sets) as if nothing had happened."""
    page, squat = grid
    page.locator(f"#cell-{squat.pk} a.cell-open").focus()
    page.keyboard.press("Enter")
    editor = settled_editor(page, squat.pk)
    editor.locator("input[name=load]").fill("")
    editor.get_by_role(
        "button", name="Save and shift later weeks' loads by the same change"
    ).focus()
    page.keyboard.press("Enter")
    message = page.locator(f"#cell-{squat.pk} .cell-editor .error")
    expect(message).to_have_text(
        "Change the load (or % 1RM) to shift later weeks by the same amount."
    )
    expect(message).to_have_attribute("role", "alert")
    expect(message).to_be_focused()
    page.keyboard.press("Tab")  # on into the editor's fields
    assert page.evaluate("document.activeElement.name") == "sets"
    assert PlannedExercise.objects.get(pk=squat.pk).load == squat.load


def test_a_grid_left_open_after_its_login_ended_goes_to_the_login_page(grid):
    """The login page must not be pasted into the cell, nor the load change look saved."""
    page, squat = grid
    context = page.context
    kept = [c for c in context.cookies() if c["name"] != "sessionid"]
    context.clear_cookies()
    context.add_cookies(kept)
    page.locator(f"#cell-{squat.pk}").get_by_role(
        "button", name="Back squat load up one plate step"
    ).click()
    page.wait_for_url("**/login/?next=*")
    assert f"next=%2Fathletes%2F{squat.session.plan.athlete_id}%2Floads%2F" in page.url
    squat.refresh_from_db()
    assert squat.load == Decimal("60")


def test_a_save_that_fails_says_so_in_the_cell_and_a_retry_clears_it(grid, screenshot):
    page, squat = grid
    cell = page.locator(f"#cell-{squat.pk}")
    plus = cell.get_by_role("button", name="Back squat load up one plate step")
    page.context.set_offline(True)
    plus.click()
    cell.locator(".request-failed", has_text="Not saved: no connection").wait_for()
    assert "60 kg" in cell.inner_text()
    screenshot(page, "grid-save-failed")
    page.context.set_offline(False)
    # A server in trouble is said too, not swallowed.
    page.route(lambda url: url.endswith("/step/"), lambda route: route.fulfill(status=500))
    plus.click()
    cell.locator(".request-failed", has_text="the server had a problem").wait_for()
    assert cell.locator(".request-failed").count() == 1
    page.unroute_all()
    plus.click()
    page.locator(f"#cell-{squat.pk} .load", has_text="62.5 kg").wait_for()
    assert page.locator(f"#cell-{squat.pk} .request-failed").count() == 0
    squat.refresh_from_db()
    assert squat.load == Decimal("62.5")


def test_an_editor_opened_at_the_grids_edge_comes_fully_into_view(live_server, desktop_page):
    club = ClubFactory()
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club)
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = make_plan(athlete, weeks=16)
    page = desktop_page
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/loads/")
    scroller = page.locator("#grid").bounding_box()
    right = scroller["x"] + scroller["width"]
    squats = PlannedExercise.objects.filter(
        session__plan=plan, session__label="A", exercise__slug="back-squat"
    ).order_by("session__date")
    # The first cell the grid's right edge cuts through.
    edge = next(
        s
        for s in squats
        if (box := page.locator(f"#cell-{s.pk}").bounding_box())["x"] < right
        and box["x"] + box["width"] > right
    )
    page.locator(f"#cell-{edge.pk} a.cell-open").click()
    editor = settled_editor(page, edge.pk)
    page.wait_for_timeout(300)  # let a smooth scroll finish, if any
    box = editor.bounding_box()
    assert box["x"] >= scroller["x"] and box["x"] + box["width"] <= right + 1


def test_the_editor_line_speaks_once_typing_pauses_not_at_every_key(grid):
    page, squat = grid
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    editor = settled_editor(page, squat.pk)
    page.evaluate(
        """(id) => {
            window.liveChanges = 0;
            const line = document.querySelector(`#cell-${id} .cell-live`);
            new MutationObserver(() => { window.liveChanges += 1; })
                .observe(line, {childList: true, characterData: true, subtree: true});
        }""",
        squat.pk,
    )
    load = editor.locator("input[name=load]")
    load.fill("")
    load.press_sequentially("72.5", delay=60)
    expect(editor.locator(".cell-live")).to_have_text(starts("72.5 kg is 90.6 %"))
    assert page.evaluate("() => window.liveChanges") == 1


def test_from_a_cell_editor_the_keyboard_reaches_the_history_without_the_whole_grid(grid):
    page, squat = grid
    cell = page.locator(f"#cell-{squat.pk}")
    cell.get_by_role("button", name="Back squat load up one plate step").click()
    page.locator(f"#cell-{squat.pk} .load", has_text="62.5 kg").wait_for()  # one to undo
    page.locator(f"#cell-{squat.pk}:not(.htmx-added) a.cell-open").click()  # htmx opens it
    editor = settled_editor(page, squat.pk)
    link = editor.get_by_role("link", name="Go to the history and undo")
    link.focus()
    assert link.is_visible()  # shown where it is once it has the focus
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'grid-history'")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Undo last change"


def test_the_grid_opens_at_this_week_and_keeps_the_weeks_in_view_down_a_long_plan(
    live_server, browser
):
    """Ten weeks in, at 390x844: the week under way is the first one beside the exercise
    names, and its head stays in view while the coach scrolls down the sessions."""
    from datetime import timedelta

    from django.utils import timezone

    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club, name="Amara Okafor")
    today = timezone.localdate()
    make_plan(athlete, weeks=16, start=today - timedelta(days=today.weekday(), weeks=9))
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/loads/")
    week = page.locator("th.this-week")
    assert week.inner_text().startswith("Wk 10 · this week")
    names = page.locator("#grid thead .rowhead")
    left = week.bounding_box()["x"]
    assert abs(left - (names.bounding_box()["x"] + names.bounding_box()["width"])) < 2
    page.locator("#grid").evaluate("frame => frame.scrollBy(0, 600)")
    frame_top = page.locator("#grid").bounding_box()["y"]
    assert abs(week.bounding_box()["y"] - frame_top) < 2  # pinned to the top of the grid
    page.emulate_media(media="print")  # printed, every row is on paper
    assert page.locator("#grid").evaluate("frame => getComputedStyle(frame).maxHeight") == "none"
    page.context.close()


def test_a_cells_note_is_read_on_a_touch_screen_without_hovering(live_server, browser):
    """At 390x844 on a touch screen (no hover, so no tooltip), the note's words are in the
    cell, cut to two lines; a tap on a logged cell shows the whole of it. Columns keep
    their width however long the note."""
    from django.utils import timezone

    club = ClubFactory()
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club)
    plan = make_plan(athlete, weeks=3)
    rows = PlannedExercise.objects.filter(session__plan=plan, exercise__slug="back-squat")
    first, second = rows.order_by("session__date")[:2]
    long_note = "Slow <b>eccentric</b>, " + "brace hard and drive up through the floor " * 4
    rows.filter(pk=first.pk).update(note=long_note)
    rows.filter(pk=second.pk).update(note="Pause at depth")
    first.session.logged_at = timezone.now()
    first.session.save(update_fields=["logged_at"])
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/loads/")
    short = page.locator(f"#cell-{second.pk} .cell-note")
    expect(short).to_be_visible()
    # The words (read out after "Note for the athlete:"), not a "note" badge.
    assert short.inner_text().endswith("Pause at depth")
    note = page.locator(f"#cell-{first.pk} .cell-note")
    expect(note).to_contain_text("Slow <b>eccentric</b>, brace hard")
    clipped = note.bounding_box()["height"]
    line = note.evaluate("n => parseFloat(getComputedStyle(n).lineHeight)")
    assert clipped <= 2 * line + 1  # two lines of it, not the whole paragraph
    width = page.locator(f"#cell-{first.pk}").bounding_box()["width"]
    assert width < 160  # the long note does not widen its week's column
    page.locator(f"#cell-{first.pk} .cell-open").tap()
    expect(note).to_be_visible()
    assert note.bounding_box()["height"] > 4 * line  # tapped: the whole note shows
    assert page.evaluate("() => document.documentElement.scrollWidth") == 390
    context.close()


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)])
def test_without_javascript_a_step_lands_on_the_cell_with_what_was_saved_in_view(
    live_server, browser, size
):
    """The grid comes back at the changed cell: the message is beside it, in view, and the
    cell is clear of the weeks' heads and the exercises' names pinned over the grid."""
    club = ClubFactory()
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club)
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = make_plan(athlete, weeks=8)
    rows = PlannedExercise.objects.filter(session__plan=plan, load__isnull=False)
    cell = rows.order_by("-session__date", "-pk").first()
    width, height = size
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/loads/")
    page.locator(f"#cell-{cell.pk} button.step").last.click()
    page.wait_for_url(re.compile(f"#cell-{cell.pk}$"))
    saved = page.locator(f"#cell-{cell.pk} .cell-flash")
    expect(saved).to_have_text(re.compile(r"^Saved: "))
    expect(saved).to_be_in_viewport(ratio=1)
    box = page.locator(f"#cell-{cell.pk} .cell-open").bounding_box()
    # The head row's corner, pinned at the top left of the grid's frame.
    corner = page.locator("#grid thead .rowhead").bounding_box()
    assert corner["y"] >= -1  # the weeks' heads are on the screen
    assert box["y"] >= corner["y"] + corner["height"] - 1  # below them
    assert box["x"] >= corner["x"] + corner["width"] - 1  # right of the names
    page.keyboard.press("Tab")  # the keyboard goes on from the cell
    expect(page.locator(f"#cell-{cell.pk} .cell-open")).to_be_focused()
    context.close()


def test_a_grid_open_while_the_plan_is_made_again_reloads_once_it_is_made(grid):
    """The status polls; once the plan is made the grid reloads, unless a cell's editor is
    open: then what was typed stays and the status offers the reload."""
    from schedules.models import JobStatus, PlanJob

    page, squat = grid
    plan = squat.session.plan
    job = PlanJob.objects.create(assignment=plan.assignment, athlete=plan.athlete)
    page.reload()
    page.locator("#plan-job", has_text="The plan is being made again").wait_for()
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    editor = settled_editor(page, squat.pk)
    editor.locator("input[name=note]").fill("typed meanwhile")
    PlanJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    page.locator("#plan-job", has_text="The plan is made again.").wait_for()
    assert editor.locator("input[name=note]").input_value() == "typed meanwhile"

    job = PlanJob.objects.create(assignment=plan.assignment, athlete=plan.athlete)
    page.reload()
    page.locator("#plan-job", has_text="The plan is being made again").wait_for()
    PlanJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    page.locator("#plan-job").wait_for(state="detached")  # reloaded, nothing left to wait for
    assert page.locator(f"#cell-{squat.pk}").is_visible()


def test_a_cell_opened_from_the_keyboard_takes_what_is_typed_in_place_of_its_load(grid):
    """Enter, a number, Enter: the week's new load, as in a spreadsheet (not 60 run on into
    6070, nor the number put into the sets)."""
    page, squat = grid
    sets = squat.sets
    page.locator(f"#cell-{squat.pk} a.cell-open").focus()
    page.keyboard.press("Enter")
    settled_editor(page, squat.pk)
    page.keyboard.type("70")
    page.keyboard.press("Enter")
    page.locator(f"#cell-{squat.pk} .load", has_text="70 kg").wait_for()
    squat.refresh_from_db()
    assert (squat.load, squat.sets) == (Decimal("70"), sets)


def held_editor_opening(page):
    """Holds the editors' requests back until let go: what is typed meanwhile is typed before
    the editor is there, as on a slow connection. Returns the function that lets them go."""
    held = []

    def hold(route):
        if route.request.method == "GET":
            held.append(route)
        else:
            route.continue_()

    page.route("**/loads/*/edit/", hold)

    def let_go():
        page.wait_for_function("() => true")  # the request reaches the handler meanwhile
        assert held, "no editor was asked for"
        while held:
            held.pop().continue_()

    return let_go


def test_numbers_typed_as_a_click_opens_the_editor_land_in_its_load(grid):
    """A click on the cell and the new load typed at once, before the editor is there: the
    keys are kept and typed over the load it opens on, and Enter typed after them saves."""
    page, squat = grid
    let_go = held_editor_opening(page)
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    page.keyboard.type("65")
    page.keyboard.press("Enter")
    let_go()
    page.locator(f"#cell-{squat.pk}:not(.editing) .load", has_text="65 kg").wait_for()
    assert PlannedExercise.objects.get(pk=squat.pk).load == Decimal("65")


def test_numbers_typed_as_the_keyboard_opens_the_editor_land_in_its_load(grid):
    """Enter on the cell, then the load at once (a slip corrected on the way): the editor
    opens with what was typed in its load, its sum said, nothing saved before Enter."""
    page, squat = grid
    let_go = held_editor_opening(page)
    page.locator(f"#cell-{squat.pk} a.cell-open").focus()
    page.keyboard.press("Enter")
    page.keyboard.type("71")
    page.keyboard.press("Backspace")
    page.keyboard.type("0")
    let_go()
    editor = settled_editor(page, squat.pk)
    expect(editor.locator("input[name=load]")).to_have_value("70")
    expect(editor.locator(".cell-live")).to_have_text("70 kg is 87.5 % of the 80 kg 1RM.")
    page.keyboard.type("2.5")  # the keyboard is in the field, after what was typed
    expect(editor.locator("input[name=load]")).to_have_value("702.5")
    assert PlannedExercise.objects.get(pk=squat.pk).load == Decimal("60")


def test_escape_while_the_editor_is_on_its_way_drops_the_typing_ahead(grid):
    """Escape says no to what was typed ahead and to what comes after it: the editor opens on
    the load as it is, and keys pressed after Escape are not typed into it."""
    page, squat = grid
    let_go = held_editor_opening(page)
    page.locator(f"#cell-{squat.pk} a.cell-open").click()
    page.keyboard.type("6")
    page.keyboard.press("Escape")
    page.keyboard.type("5")
    let_go()
    editor = settled_editor(page, squat.pk)
    expect(editor.locator("input[name=load]")).to_have_value("60")
    assert PlannedExercise.objects.get(pk=squat.pk).load == Decimal("60")


def test_the_grid_opened_from_a_later_squad_week_shows_that_week_first(live_server, browser):
    """From the squad's week four weeks ahead, at 390x844: that week is the first beside
    the exercise names, where the coach adjusts its loads."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    squad = SquadFactory(club=club)
    athlete = AthleteFactory(club=club, squad=squad, name="Amara Okafor")
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    make_plan(athlete, weeks=12, start=monday)
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(page, live_server, "owner")
    later = monday + timedelta(weeks=4)
    page.goto(live_server.url + reverse("squad_week", args=[squad.pk]) + f"?week={later}")
    page.get_by_role("link", name="Amara Okafor").click()
    page.wait_for_url("**/loads/**")
    week = page.locator("th.shown-week")
    assert week.inner_text().startswith("Wk 5")
    names = page.locator("#grid thead .rowhead")
    left = week.bounding_box()["x"]
    assert abs(left - (names.bounding_box()["x"] + names.bounding_box()["width"])) < 2
    page.context.close()
