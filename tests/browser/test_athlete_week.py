"""The athlete's week on a phone (390x844), opened by private link, in a real browser."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from athletes.models import AthleteLink
from schedules.models import PainFlag, PlannedExercise, PlannedSession, SetLog
from tests.browser_support import log_in, open_athlete_week
from tests.factories import AthleteFactory, ClubFactory, UserFactory
from tests.plan_factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def week(live_server, page):
    return open_athlete_week(live_server, page)


def reveal(page, selector: str) -> None:
    """Open the day's session if it is folded away (today's session is always open)."""
    box = page.locator("details.aw-session-box", has=page.locator(selector))
    if box.count() and not box.evaluate("details => details.open"):
        box.locator("> summary").click()
    page.locator(selector).scroll_into_view_if_needed()


def hold_first_save(page, pattern: str) -> list:
    """Hold the first request to `pattern` until the test lets it go (`held[0].continue_()`);
    later ones pass. Returns the list the held request lands in."""
    held = []

    def hold_the_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route(pattern, hold_the_first)
    return held


def wait_until_held(page, held: list) -> None:
    for _ in range(50):
        if held:
            return
        page.wait_for_timeout(50)


def test_tick_a_set_and_it_is_still_ticked_after_reload(week, screenshot):
    page, url, squat = week
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    total = sum(
        PlannedExercise.objects.filter(session=squat.session).values_list("sets", flat=True)
    )
    count = page.locator(f'.aw-count[data-session="{squat.session_id}"]').first
    assert count.inner_text() == f"0/{total} sets"
    page.locator(f"{row} .aw-tick").click()
    page.locator(f"{row} .aw-saved", has_text="Saved").wait_for()
    assert count.inner_text() == f"1/{total} sets"  # counted without a reload
    assert errors == []  # nothing the page's security policy had to block
    screenshot(page, "athlete-week-ticked")
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).done
    page.reload()
    reveal(page, row)
    assert page.locator(f"{row} input[name=done]").is_checked()
    assert not page.locator(f"#set-{squat.pk}-2 input[name=done]").is_checked()
    screenshot(page, "athlete-week-after-reload")


def test_soreness_eight_shows_as_a_flag_on_the_coach_dashboard(
    week, browser, live_server, screenshot
):
    page, url, squat = week
    field = f"#soreness-{squat.session_id}"
    reveal(page, field)
    page.fill(field, "8")
    page.keyboard.press("Tab")
    page.locator(f"#log-{squat.session_id} .aw-saved", has_text="Saved").wait_for()
    screenshot(page, "athlete-week-soreness")
    assert PlannedSession.objects.get(pk=squat.session_id).soreness == 8

    coach = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(coach, live_server, "owner")
    coach.goto(f"{live_server.url}/dashboard/")
    row = coach.locator(f"#athlete-{squat.session.plan.athlete_id}")
    assert "Soreness 8/10" in row.inner_text()
    assert row.get_attribute("class") == "dash-attn"
    screenshot(coach, "dashboard-soreness-flag")
    coach.context.close()


def test_bad_reps_are_refused_next_to_the_field_and_kept(week, screenshot):
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    page.fill(f"{row} input[name=reps]", "99")
    page.keyboard.press("Tab")
    page.locator(f"{row} .aw-save-status", has_text="Reps must be a whole number").wait_for()
    assert page.input_value(f"{row} input[name=reps]") == "99"
    assert page.get_attribute(f"{row} input[name=reps]", "aria-invalid") == "true"
    assert not SetLog.objects.exists()
    screenshot(page, "athlete-week-bad-reps")


def test_the_reps_box_tells_a_screen_reader_its_range(week):
    """A text box (for the number keypad) says nothing of its range: it is described, as the
    written scale of RPE and soreness, and in error by the reason too."""
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    reps = page.locator(f"{row} input[name=reps]")
    expect(reps).to_have_accessible_name("Back squat, set 1: reps done")
    expect(reps).to_have_accessible_description("A whole number from 0 to 50.")
    reps.fill("51")
    page.keyboard.press("Tab")
    page.locator(f"{row} .aw-save-status", has_text="Reps must be a whole number").wait_for()
    expect(reps).to_have_accessible_description(
        re.compile(r"^A whole number from 0 to 50\. Not saved: Reps must be a whole number")
    )


def test_the_load_box_tells_a_screen_reader_its_range(week):
    """As the reps box: the load's range in the row's unit, and in error the reason too."""
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    load = page.locator(f"{row} input[name=load]")
    expect(load).to_have_accessible_name("Back squat, set 1: load in kg")
    expect(load).to_have_accessible_description("A weight from 0 to 400 kg.")
    load.fill("401")
    page.keyboard.press("Tab")
    page.locator(f"{row} .aw-save-status", has_text="Load must be a number").wait_for()
    expect(load).to_have_accessible_description(
        re.compile(r"^A weight from 0 to 400 kg\. Not saved: Load must be a number")
    )


def test_a_save_without_a_connection_keeps_the_tick_and_goes_once_back_online(week, screenshot):
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    page.context.set_offline(True)
    page.locator(f"{row} .aw-tick").click()
    page.locator(f"{row} .aw-save-status", has_text="Not saved: no connection").wait_for()
    assert page.locator(f"{row} input[name=done]").is_checked()
    assert page.locator(f"{row} .aw-retry").is_visible()
    screenshot(page, "athlete-week-offline")
    assert not SetLog.objects.exists()
    page.context.set_offline(False)
    page.locator(f"{row} .aw-saved", has_text="Saved").wait_for()
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).done


def test_a_server_that_cannot_be_reached_is_not_called_no_connection(week):
    """The phone has a signal but the server is down or restarting: the note typed is kept,
    and the athlete is not told to wait for a signal they already have."""
    page, url, squat = week
    form = f"#log-{squat.session_id}"
    reveal(page, form)
    pattern = f"**/sessions/{squat.session_id}/log/"
    page.route(pattern, lambda route: route.abort("connectionrefused"))
    page.fill(f"{form} textarea[name=note]", "Knees fine")
    page.locator(f"{form} button[type=submit]").click()
    status = page.locator(f"{form} .aw-save-status")
    status.locator(".aw-retry").wait_for()
    said = status.inner_text()
    assert said.startswith("Not saved: the server could not be reached")
    assert "no connection" not in said
    assert "signal" in said  # a weak one may be the cause all the same
    assert page.input_value(f"{form} textarea[name=note]") == "Knees fine"
    page.unroute(pattern)
    status.locator(".aw-retry").click()
    status.locator(".aw-saved", has_text="Saved").wait_for()
    assert PlannedSession.objects.get(pk=squat.session_id).athlete_note == "Knees fine"


def test_a_save_left_without_an_answer_is_given_up_and_offered_again(week):
    """A weak signal: the save goes and no answer comes, nor an error. It does not say
    "Saving…" for ever: after a while it offers Retry, and the set's value is kept."""
    page, url, squat = week
    page.clock.install()
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    held = hold_first_save(page, f"**/sets/{squat.pk}/1/")  # never answered
    page.locator(f"{row} .aw-tick").click()
    wait_until_held(page, held)
    status = page.locator(f"{row} .aw-save-status")
    expect(status).to_have_text("Saving…")
    page.clock.run_for(16_000)
    status.filter(has_text="Not confirmed: no answer came back").wait_for()
    assert page.locator(f"{row} input[name=done]").is_checked()
    page.locator(f"{row} .aw-retry").click()
    page.locator(f"{row} .aw-saved", has_text="Saved").wait_for()
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).done


def test_a_save_given_up_on_that_arrived_after_all_is_not_taken_for_another_screens(week):
    """The tick reached the server but its answer never came: "Not confirmed". Changing the
    reps before Retry saves them over the tick this screen sent, and does not say another
    screen saved the set."""
    page, url, squat = week
    page.clock.install()
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    arrived = []

    def arrives_without_answer(route):
        if arrived:
            route.continue_()
        else:
            arrived.append(route.fetch())  # saved on the server; the answer is lost

    page.route(f"**/sets/{squat.pk}/1/", arrives_without_answer)
    page.locator(f"{row} .aw-tick").click()
    wait_until_held(page, arrived)
    status = page.locator(f"{row} .aw-save-status")
    page.clock.run_for(16_000)
    status.filter(has_text="Not confirmed: no answer came back").wait_for()
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).done

    page.fill(f"{row} input[name=reps]", "4")
    page.keyboard.press("Tab")
    status.locator(".aw-saved", has_text="Saved").wait_for()
    assert "another screen" not in status.inner_text()
    log = SetLog.objects.get(planned_exercise=squat, set_number=1)
    assert (log.done, log.reps) == (True, 4)
    assert page.input_value(f"{row} input[name=reps]") == "4"
    assert page.locator(f"{row} input[name=done]").is_checked()


def test_a_session_log_whose_answer_was_lost_is_not_taken_for_another_screens(week):
    """The note reached the server but its answer was lost on a weak signal. The athlete
    adds to it and saves again: saved, without saying another screen changed the log."""
    page, url, squat = week
    form = f"#log-{squat.session_id}"
    reveal(page, form)

    def arrives_without_answer(route):
        route.fetch()  # saved on the server; the answer is lost
        route.abort()

    pattern = f"**/sessions/{squat.session_id}/log/"
    page.route(pattern, arrives_without_answer)
    page.fill(f"{form} textarea[name=note]", "Felt strong")
    page.keyboard.press("Tab")
    status = page.locator(f"{form} .aw-save-status")
    status.locator(".aw-retry").wait_for()
    page.unroute(pattern)
    assert PlannedSession.objects.get(pk=squat.session_id).athlete_note == "Felt strong"

    page.fill(f"{form} textarea[name=note]", "Felt strong, knees fine")
    page.locator(f"{form} button[type=submit]").click()
    status.locator(".aw-saved", has_text="Saved").wait_for()
    assert "another screen" not in status.inner_text()
    session = PlannedSession.objects.get(pk=squat.session_id)
    assert session.athlete_note == "Felt strong, knees fine"
    assert page.input_value(f"{form} textarea[name=note]") == "Felt strong, knees fine"


def test_retry_sends_a_save_that_could_not_be_sent(week):
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    pattern = f"**/sets/{squat.pk}/1/"
    page.route(pattern, lambda route: route.abort())
    page.locator(f"{row} .aw-tick").click()
    page.locator(f"{row} .aw-retry").wait_for()
    page.unroute(pattern)
    page.locator(f"{row} .aw-retry").click()
    page.locator(f"{row} .aw-saved", has_text="Saved").wait_for()
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).done


def test_a_refused_save_does_not_undo_what_is_being_typed_next(week):
    """Reps 55 is refused while the athlete is already typing the load: the answer marks
    the reps and leaves the load as typed, with the cursor still in it."""
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    pattern = f"**/sets/{squat.pk}/1/"
    held = hold_first_save(page, pattern)
    page.fill(f"{row} input[name=reps]", "55")
    page.keyboard.press("Tab")  # the save goes; the cursor moves on to the load
    wait_until_held(page, held)
    page.keyboard.press("Control+A")
    page.keyboard.type("62.5")
    held[0].continue_()
    page.locator(f"{row} .aw-save-status", has_text="Reps must be a whole number").wait_for()
    page.unroute(pattern)
    assert page.input_value(f"{row} input[name=reps]") == "55"
    assert page.input_value(f"{row} input[name=load]") == "62.5"
    focused = page.evaluate("() => document.activeElement && document.activeElement.name")
    assert focused == "load"
    assert not SetLog.objects.exists()


def test_go_on_the_keyboard_in_a_set_of_reps_only_saves_it_without_reloading(week):
    """A set with a reps box only: the phone keyboard's Go (Enter) saves it as a change
    does, and does not post the page away (a reload that folds the session up)."""
    page, url, squat = week
    PlannedExercise.objects.filter(pk=squat.pk).update(load=None, percent_1rm=None)
    page.goto(url)
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    assert page.locator(f"{row} input[name=load]").count() == 0
    page.evaluate("() => { window.stillHere = true; }")
    posts = []
    page.on("request", lambda r: r.method == "POST" and posts.append(r.url))
    page.fill(f"{row} input[name=reps]", "7")
    page.press(f"{row} input[name=reps]", "Enter")
    page.locator(f"{row} .aw-saved", has_text="Saved").wait_for()
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.stillHere === true")  # not reloaded
    assert len(posts) == 1
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).reps == 7


def _open_then_come_back_next_day(page, url):
    from datetime import datetime, timedelta

    now = datetime.now()
    page.clock.install(time=now)
    page.goto(url)
    page.evaluate("() => { window.stillHere = true; }")
    return now + timedelta(days=1)


def test_a_page_left_open_overnight_reloads_when_looked_at_the_next_day(week):
    """The tab stayed open overnight on a locked phone: shown again on another day, the
    page does not go on showing yesterday as today."""
    page, url, squat = week
    tomorrow = _open_then_come_back_next_day(page, url)
    page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    assert page.evaluate("() => window.stillHere === true")  # the same day: left as it is
    page.clock.set_system_time(tomorrow)
    with page.expect_navigation():
        page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    assert page.evaluate("() => window.stillHere") is None


def test_a_page_left_open_overnight_with_a_note_not_saved_asks_to_reload(week, screenshot):
    """Something typed and not saved stays: the page says it is from yesterday instead."""
    page, url, squat = week
    tomorrow = _open_then_come_back_next_day(page, url)
    note = f"#note-{squat.session_id}"
    reveal(page, note)
    page.context.set_offline(True)
    page.fill(note, "Calves tight")
    page.keyboard.press("Tab")
    page.locator(f"#log-{squat.session_id} .aw-retry").wait_for()
    page.clock.set_system_time(tomorrow)
    page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    stale = page.locator(".aw-stale")
    stale.wait_for()
    assert "This page was opened on" in stale.inner_text()
    assert page.evaluate("() => window.stillHere === true")
    assert page.input_value(note) == "Calves tight"
    screenshot(page, "athlete-week-opened-yesterday")


def test_a_slip_of_the_finger_in_a_number_is_refused_not_saved_as_nothing(week):
    """ "7-" or "6-" typed on the number keypad: refused beside the box, and what was saved
    before stays saved (a number box sent such a number as nothing, and said Saved)."""
    page, url, squat = week
    PlannedSession.objects.filter(pk=squat.session_id).update(rpe=6)
    SetLog.objects.create(planned_exercise=squat, set_number=1, done=True, reps=5)
    page.goto(url)
    form = f"#log-{squat.session_id}"
    reveal(page, f"#rpe-{squat.session_id}")
    page.locator(f"#rpe-{squat.session_id}").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("7-")
    page.keyboard.press("Tab")
    page.locator(f"{form} .error", has_text="Session RPE must be a whole number").first.wait_for()
    assert page.input_value(f"#rpe-{squat.session_id}") == "7-"  # kept, to fix
    row = f"#set-{squat.pk}-1"
    page.locator(f"{row} input[name=reps]").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("6-")
    page.keyboard.press("Tab")
    page.locator(f"{row} .aw-save-status", has_text="Reps must be a whole number").wait_for()
    assert page.input_value(f"{row} input[name=reps]") == "6-"
    assert PlannedSession.objects.get(pk=squat.session_id).rpe == 6
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).reps == 5


HIDE_PAGE = """() => {
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
}"""


def test_a_note_being_typed_is_saved_when_the_phone_is_locked(week):
    """The athlete types a note and locks the phone, the cursor still in the box: the note
    is sent then, not only once the box is left (a page put away may be thrown out)."""
    page, url, squat = week
    note = f"#note-{squat.session_id}"
    reveal(page, note)
    page.locator(note).click()
    page.keyboard.type("Left calf tight on the last set")
    page.evaluate(HIDE_PAGE)
    page.locator(f"#log-{squat.session_id} .aw-saved", has_text="Saved").wait_for()
    session = PlannedSession.objects.get(pk=squat.session_id)
    assert session.athlete_note == "Left calf tight on the last set"


def test_locking_the_phone_with_nothing_new_typed_sends_nothing(week):
    page, url, squat = week
    note = f"#note-{squat.session_id}"
    reveal(page, note)
    posts = []
    page.on("request", lambda r: r.method == "POST" and posts.append(r.url))
    page.locator(note).click()
    page.evaluate(HIDE_PAGE)
    page.wait_for_timeout(500)
    assert posts == []


def test_tap_targets_are_at_least_44_pixels(week):
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    for selector in (f"{row} .aw-tick", f"{row} input[name=reps]", ".aw-week-nav a"):
        box = page.locator(selector).first.bounding_box()
        assert box["height"] >= 44, selector


def test_a_load_of_three_figures_and_a_half_shows_whole_in_its_box(week):
    page, url, squat = week
    squat.load = Decimal("142.5")
    squat.save(update_fields=["load"])
    page.goto(url)
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    box = page.locator(f"{row} input[name=load]")
    assert box.input_value() == "142.5"
    assert box.evaluate("input => input.scrollWidth <= input.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows


@pytest.mark.parametrize("width", [320, 360])
def test_a_narrow_phone_never_scrolls_sideways(week, browser, width):
    """Phones 360 px wide are common (and 320 px is what zoomed text leaves): next week's
    three buttons and a long button, such as the pain report's in a folded session, wrap
    instead of pushing the page wider than the screen."""
    _, url, squat = week
    context = browser.new_context(viewport={"width": width, "height": 780})
    page = context.new_page()
    week_two = PlannedExercise.objects.get(
        session__plan=squat.session.plan,
        session__week=2,
        session__label="A",
        exercise__slug="back-squat",
    )
    page.goto(
        f"{url}?week={week_two.session.date - timedelta(days=week_two.session.date.weekday())}"
    )
    assert page.locator(".aw-week-nav a").count() == 3
    pain = f"#pain-{week_two.pk}"
    reveal(page, pain)
    page.locator(f"{pain} summary").click()
    page.locator(f"{pain} button[type=submit]").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for button in page.locator(".aw-week-nav a").all():
        assert button.bounding_box()["height"] >= 44
    context.close()


def test_without_javascript_a_set_is_ticked_with_its_save_button_and_a_bad_log_fixed(
    week, browser, screenshot
):
    _, url, squat = week
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    row = f"#set-{squat.pk}-1"
    box = page.locator("details.aw-session-box", has=page.locator(row))
    if box.count() and not box.evaluate("details => details.open"):
        box.locator("> summary").click()
    page.check(f"{row} input[name=done]")
    page.fill(f"{row} input[name=load]", "57.5")
    with page.expect_navigation():  # a plain form post and redirect
        page.click(f"{row} button.aw-set-save")
    page.reload()
    assert page.locator(f"{row} input[name=done]").is_checked()
    log = SetLog.objects.get(planned_exercise=squat, set_number=1)
    assert (log.done, log.load) == (True, Decimal("57.5"))
    form = f"#log-{squat.session_id}"
    box = page.locator("details.aw-session-box", has=page.locator(form))
    if box.count() and not box.evaluate("details => details.open"):
        box.locator("> summary").click()
    page.fill(f"{form} input[name=rpe]", "11")
    page.fill(f"{form} textarea[name=note]", "Felt heavy today")
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")
    assert page.locator("h1").inner_text() == "Not saved"
    assert page.input_value(f"{form} textarea[name=note]") == "Felt heavy today"
    screenshot(page, "athlete-week-no-javascript-not-saved")
    page.fill(f"{form} input[name=rpe]", "7")
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")
    session = PlannedSession.objects.get(pk=squat.session_id)
    assert (session.rpe, session.athlete_note) == (7, "Felt heavy today")
    context.close()


def test_a_save_after_the_link_was_revoked_keeps_the_tick_and_says_the_link_is_gone(
    week, screenshot
):
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    AthleteLink.objects.update(revoked_at="2026-01-01T00:00Z")
    page.locator(f"{row} input[name=reps]").fill("4")
    page.locator(f"{row} .aw-tick").click()
    status = page.locator(f"{row} .aw-save-status")
    status.filter(has_text="Not saved: this link no longer works").wait_for()
    # Not told to reload: that would only find the link gone, and lose what was typed.
    assert "reload" not in status.inner_text()
    assert "Ask your coach for your new link" in status.inner_text()
    assert page.locator(f"{row} input[name=done]").is_checked()
    assert page.locator(f"{row} input[name=reps]").input_value() == "4"
    screenshot(page, "athlete-week-link-revoked")
    assert not SetLog.objects.exists()


def test_a_set_of_a_session_planned_again_since_the_page_opened_says_to_reload(week, screenshot):
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    PlannedExercise.objects.filter(pk=squat.pk).delete()  # re-planned under a new id
    page.locator(f"{row} input[name=reps]").fill("5")
    page.locator(f"{row} .aw-tick").click()
    status = page.locator(f"{row} .aw-save-status")
    status.filter(has_text="your coach may have changed the plan").wait_for()
    assert "reload the page, then enter it again" in status.inner_text()
    assert page.locator(f"{row} input[name=reps]").input_value() == "5"  # kept
    screenshot(page, "athlete-week-replanned-since")


def report_pain(page, squat, note: str) -> str:
    """Pain reported in the squat from its own box, confirmed; returns the box's selector."""
    pain = f"#pain-{squat.pk}"
    reveal(page, pain)
    page.locator(f"{pain} summary").click()
    page.fill(f"{pain} textarea", note)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"{pain} button[type=submit]").click()
    return pain


def test_reporting_pain_stops_the_exercise(week, screenshot):
    page, url, squat = week
    pain = report_pain(page, squat, "Sharp pain in the left knee")
    page.locator(f"{pain} .aw-pain-flag", has_text="Pain reported.").wait_for()
    # The keyboard is on the word that came back, so it is read out.
    page.wait_for_function("() => document.activeElement.classList.contains('aw-pain-flag')")
    # Named by its own words (a status role takes no name from its text otherwise).
    said = page.locator(f"{pain} .aw-pain-flag")
    assert said.get_attribute("aria-labelledby") == said.get_attribute("id")
    # Moved up under the exercise's name, above its stopped sets, as a reload shows it.
    assert page.locator(f"#ex-{squat.pk} > h4 + {pain} .aw-pain-flag").count() == 1
    screenshot(page, "athlete-week-pain")
    flag = PainFlag.objects.get()
    assert (flag.exercise_id, flag.note) == (squat.exercise_id, "Sharp pain in the left knee")
    # Stopped: its sets take no more ticks, there and then and after a reload (a tap on one
    # was only refused by the server).
    tick = page.locator(f"#set-{squat.pk}-1 input[name=done]")
    assert tick.is_disabled()
    page.reload()
    assert page.locator(f"#set-{squat.pk}-1 input[name=done]").is_disabled()


def test_the_sets_of_an_exercise_stopped_for_pain_look_out_of_use(week, screenshot):
    """A tap on a stopped set does nothing: its boxes must not look like the live ones."""
    page, url, squat = week
    pain = report_pain(page, squat, "Knee")
    page.locator(f"{pain} .aw-pain-flag").wait_for()
    page.reload()
    reveal(page, f"#set-{squat.pk}-1")
    live = page.locator("form.aw-setrow:not(.aw-stopped)").first
    stopped = page.locator(f"#set-{squat.pk}-1")
    assert stopped.locator("input[name=done]").is_disabled()

    def looks(row):
        return row.evaluate(
            """row => {
                const style = (selector) => getComputedStyle(row.querySelector(selector));
                return {
                    tick: style(".aw-tick-box").borderColor,
                    box: style("input[name=reps]").backgroundColor,
                    cursor: style(".aw-tick").cursor,
                };
            }"""
        )

    shown, ready = looks(stopped), looks(live)
    assert shown["tick"] != ready["tick"]
    assert shown["box"] != ready["box"]
    assert shown["cursor"] == "not-allowed"
    screenshot(page, "athlete-week-pain-stopped-sets")


def test_a_good_value_after_a_refused_one_clears_the_error(week):
    page, url, squat = week
    field = f"#rpe-{squat.session_id}"
    form = f"#log-{squat.session_id}"
    reveal(page, field)
    page.fill(field, "12")
    page.keyboard.press("Tab")
    page.locator(f"{form} .error", has_text="RPE").first.wait_for()
    assert page.get_attribute(field, "aria-invalid") == "true"
    page.fill(field, "6")
    page.keyboard.press("Tab")
    page.locator(f"{form} .aw-saved", has_text="Saved").wait_for()
    assert page.locator(f"{form} .has-error").count() == 0
    assert page.locator(f"{form} .error").count() == 0
    assert page.get_attribute(field, "aria-invalid") is None
    assert PlannedSession.objects.get(pk=squat.session_id).rpe == 6


def test_reporting_pain_asks_first(week):
    page, url, squat = week
    pain = f"#pain-{squat.pk}"
    reveal(page, pain)
    page.locator(f"{pain} summary").click()
    asked, sent = [], []
    page.on("request", lambda request: "/pain/" in request.url and sent.append(request.url))

    def answer_no(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", answer_no)
    page.locator(f"{pain} button[type=submit]").click()
    page.wait_for_timeout(500)
    assert asked == ["Stop Back squat and tell your coach about the pain?"]
    assert sent == [] and not PainFlag.objects.exists()


def test_a_note_shows_the_room_left_before_it_is_sent(week):
    page, url, squat = week
    note = f"#note-{squat.session_id}"
    reveal(page, note)
    page.fill(note, "x" * 20)
    counter = page.locator(f"#log-{squat.session_id} .aw-count-chars")
    assert counter.inner_text() == "20 / 500"
    page.fill(note, "x" * 600)
    assert counter.inner_text() == "100 characters too many (500 at most)"


def test_a_note_is_counted_in_characters_as_the_server_counts_them(week):
    page, url, squat = week
    note = f"#note-{squat.session_id}"
    reveal(page, note)
    counter = page.locator(f"#log-{squat.session_id} .aw-count-chars")
    page.fill(note, "\U0001f600" * 200 + "x" * 150)  # 550 UTF-16 units, 350 characters
    assert counter.inner_text() == "350 / 500"
    page.fill(note, "\U0001f600" * 501)
    assert counter.inner_text() == "1 character too many (500 at most)"
    page.fill(note, "  " + "x" * 500 + "  ")  # the spaces at either end are not saved
    assert counter.inner_text() == "500 / 500"


def test_a_note_counter_speaks_only_near_the_limit(week):
    page, url, squat = week
    note = f"#note-{squat.session_id}"
    reveal(page, note)
    counter = page.locator(f"#log-{squat.session_id} .aw-count-chars")
    page.fill(note, "x" * 20)
    assert counter.get_attribute("aria-live") == "off"
    assert counter.inner_text() == "20 / 500"  # still shown
    page.fill(note, "x" * 450)
    assert counter.get_attribute("aria-live") == "polite"
    page.fill(note, "x" * 600)
    assert counter.get_attribute("aria-live") == "polite"


def test_a_fix_made_while_a_refused_save_is_on_its_way_is_sent(week):
    """Reps 55 goes and is refused; meanwhile the athlete types a load and corrects the reps.
    The correction must be saved, not lost with the form the refusal replaces."""
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    held = hold_first_save(page, f"**/sets/{squat.pk}/1/")
    page.fill(f"{row} input[name=reps]", "55")
    page.keyboard.press("Tab")  # the refused save goes; the cursor is in the load
    wait_until_held(page, held)
    page.keyboard.type("40")
    page.fill(f"{row} input[name=reps]", "6")
    page.keyboard.press("Tab")
    held[0].continue_()
    page.locator(f"{row} .aw-saved", has_text="Saved").wait_for()
    log = SetLog.objects.get(planned_exercise=squat, set_number=1)
    assert (log.reps, log.load) == (6, 40)


def test_a_conflict_is_shown_not_overwritten_by_a_change_made_meanwhile(week, screenshot):
    """Another screen saved this set after the page loaded. The page's save gets 409; a load
    typed while it was on its way is neither sent over theirs nor shown in the box as if
    saved: the boxes show the set as saved, and the load typed is named beside the refusal,
    with a button that saves this screen's values after all."""
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    SetLog.objects.create(
        planned_exercise=squat, set_number=1, done=True, reps=3, load=Decimal("50")
    )
    held = hold_first_save(page, f"**/sets/{squat.pk}/1/")
    posts = []
    page.on("request", lambda r: r.method == "POST" and "/sets/" in r.url and posts.append(r))
    page.fill(f"{row} input[name=reps]", "5")
    page.keyboard.press("Tab")
    wait_until_held(page, held)
    page.keyboard.press("Control+A")
    page.keyboard.type("62.5")
    page.keyboard.press("Tab")
    held[0].continue_()
    status = page.locator(f"{row} .aw-save-status")
    status.filter(has_text="Changed on another screen").wait_for()
    page.wait_for_timeout(500)  # time for any resend to leave
    assert len(posts) == 1  # the page's own save only: nothing was sent over theirs
    log = SetLog.objects.get(planned_exercise=squat, set_number=1)
    assert (log.reps, log.load) == (3, Decimal("50"))
    # The boxes show what is saved, as the message says; what was typed is kept beside it.
    assert page.input_value(f"{row} input[name=reps]") == "3"
    assert page.input_value(f"{row} input[name=load]") == "50"
    assert "Typed here while it was saving, also not saved: 62.5 kg." in status.inner_text()
    screenshot(page, "athlete-week-conflict-typed-meanwhile")

    mine = page.locator(f"{row} .aw-keep-mine")
    assert mine.inner_text() == "Save mine instead: not ticked, 5 reps, 62.5 kg"
    mine.click()
    page.locator(f"{row} .aw-saved", has_text="Saved").wait_for()
    log.refresh_from_db()
    assert (log.reps, log.load) == (5, Decimal("62.5"))
    assert page.input_value(f"{row} input[name=reps]") == "5"
    assert page.input_value(f"{row} input[name=load]") == "62.5"


def test_a_set_changed_again_after_a_conflict_still_names_what_this_screen_typed(week, screenshot):
    """After the refusal the athlete does not tap "Save mine instead" but changes the load
    again. That change is saved, over the other screen's set; the reps typed here, which the
    other screen's value still hides, are not dropped without a word: named beside "Saved"
    with the button that saves them, and gone once they are saved. Leaving asks first."""
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    SetLog.objects.create(
        planned_exercise=squat, set_number=1, done=True, reps=3, load=Decimal("50")
    )
    held = hold_first_save(page, f"**/sets/{squat.pk}/1/")
    page.fill(f"{row} input[name=reps]", "5")
    page.keyboard.press("Tab")
    wait_until_held(page, held)
    page.keyboard.press("Control+A")
    page.keyboard.type("62.5")
    page.keyboard.press("Tab")
    held[0].continue_()
    status = page.locator(f"{row} .aw-save-status")
    status.filter(has_text="Changed on another screen").wait_for()
    assert "also not saved: 62.5 kg." in status.inner_text()

    page.fill(f"{row} input[name=load]", "55")  # not the button: the load changed again
    page.keyboard.press("Tab")
    page.locator(f"{row} .aw-saved", has_text="Saved").wait_for()
    log = SetLog.objects.get(planned_exercise=squat, set_number=1)
    assert (log.done, log.reps, log.load) == (True, 3, Decimal("55"))
    expect(status).to_contain_text(
        "Saved that change. Yours from before (5 reps) is still not saved."
    )
    mine = page.locator(f"{row} .aw-keep-mine")
    expect(mine).to_have_text("Save mine instead: 5 reps")
    screenshot(page, "athlete-week-conflict-changed-again")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay: leaving would lose the 5 reps

    page.on("dialog", answer)
    page.locator("a[rel=next]").first.click()
    page.wait_for_timeout(500)
    assert asked == ["confirm"]
    page.remove_listener("dialog", answer)

    mine.click()
    page.locator(f"{row} .aw-saved", has_text="Saved").wait_for()
    page.wait_for_timeout(300)
    log.refresh_from_db()
    assert (log.done, log.reps, log.load) == (True, 5, Decimal("55"))
    assert status.inner_text() == "Saved"
    assert page.input_value(f"{row} input[name=load]") == "55"


def test_reps_refused_for_another_screens_save_are_named_after_the_next_change(week):
    """Nothing typed while the save was on its way: the refusal names this screen's 4 reps.
    Changing the load next saves the load alone, and the 4 reps stay named, not dropped."""
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    SetLog.objects.create(
        planned_exercise=squat, set_number=1, done=True, reps=5, load=Decimal("60")
    )
    page.fill(f"{row} input[name=reps]", "4")
    page.keyboard.press("Tab")
    status = page.locator(f"{row} .aw-save-status")
    status.filter(has_text="Changed on another screen").wait_for()
    page.fill(f"{row} input[name=load]", "57.5")
    page.keyboard.press("Tab")
    expect(status).to_contain_text("Yours from before (4 reps) is still not saved.")
    log = SetLog.objects.get(planned_exercise=squat, set_number=1)
    assert (log.reps, log.load) == (5, Decimal("57.5"))
    # Typed over instead: the athlete chose anew, nothing is left to name.
    page.fill(f"{row} input[name=reps]", "6")
    page.keyboard.press("Tab")
    expect(status).to_have_text("Saved")
    log.refresh_from_db()
    assert (log.reps, log.load) == (6, Decimal("57.5"))


def test_a_conflict_arriving_mid_typing_keeps_the_keys_off_the_saved_values(week):
    """The refusal arrives while the athlete is still typing the load: the box shows the
    load saved on the other screen, the keys pressed next do not land in it (they would make
    a number nobody typed, saved once the box is left), and what was typed is named."""
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    SetLog.objects.create(
        planned_exercise=squat, set_number=1, done=True, reps=3, load=Decimal("50")
    )
    held = hold_first_save(page, f"**/sets/{squat.pk}/1/")
    page.fill(f"{row} input[name=reps]", "5")
    page.keyboard.press("Tab")
    wait_until_held(page, held)
    page.keyboard.press("Control+A")
    page.keyboard.type("62")
    held[0].continue_()
    status = page.locator(f"{row} .aw-save-status")
    status.filter(has_text="Changed on another screen").wait_for()
    page.keyboard.type(".5")
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)
    assert page.input_value(f"{row} input[name=load]") == "50"
    assert "also not saved: 62 kg." in status.inner_text()
    log = SetLog.objects.get(planned_exercise=squat, set_number=1)
    assert (log.reps, log.load) == (3, Decimal("50"))


def test_a_set_ticked_on_another_screen_is_counted_when_this_pages_save_is_refused(week):
    """Another screen ticked the set meanwhile: this page's save of it is refused (409) and
    the row now shows it ticked, and the session's "n/m sets" counts it, as after a save."""
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    total = sum(
        PlannedExercise.objects.filter(session=squat.session).values_list("sets", flat=True)
    )
    count = page.locator(f'.aw-count[data-session="{squat.session_id}"]').first
    assert count.inner_text() == f"0/{total} sets"
    SetLog.objects.create(
        planned_exercise=squat, set_number=1, done=True, reps=5, load=Decimal("60")
    )
    page.fill(f"{row} input[name=reps]", "4")
    page.keyboard.press("Tab")
    page.locator(f"{row} .aw-save-status", has_text="Changed on another screen").wait_for()
    assert page.locator(f"{row} input[name=done]").is_checked()
    expect(count).to_have_text(f"1/{total} sets")


def test_a_server_busy_restarting_keeps_the_tick_and_offers_retry(week):
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    pattern = f"**/sets/{squat.pk}/1/"
    page.route(pattern, lambda route: route.fulfill(status=503, body="Service Unavailable"))
    page.locator(f"{row} .aw-tick").click()
    page.locator(f"{row} .aw-save-status", has_text="the server is busy or restarting").wait_for()
    assert page.locator(f"{row} input[name=done]").is_checked()
    page.unroute(pattern)
    page.locator(f"{row} .aw-retry").click()
    page.locator(f"{row} .aw-saved", has_text="Saved").wait_for()
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).done


def test_leaving_with_a_note_not_saved_asks_first(week):
    """A note whose save did not arrive is kept on the page; going to another week asks
    before it is lost. Once saved, the page goes without asking."""
    page, url, squat = week
    form = f"#log-{squat.session_id}"
    reveal(page, f"{form} textarea[name=note]")
    pattern = f"**/sessions/{squat.session_id}/log/"
    page.route(pattern, lambda route: route.abort())
    page.fill(f"{form} textarea[name=note]", "Knee felt odd on the last set")
    page.locator(f"{form} button[type=submit]").click()
    page.locator(f"{form} .aw-retry").wait_for()
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.locator("a[rel=next]").first.click()
    page.wait_for_timeout(500)
    assert asked == ["confirm"]  # asked by the page itself: Safari on the iPhone never asks
    assert page.input_value(f"{form} textarea[name=note]") == "Knee felt odd on the last set"

    page.unroute(pattern)
    page.locator(f"{form} .aw-retry").click()
    page.locator(f"{form} .aw-saved", has_text="Saved").wait_for()
    page.locator("a[rel=next]").first.click()
    page.wait_for_url("**?week=*")
    assert asked == ["confirm"]  # not asked again
    assert PlannedSession.objects.get(pk=squat.session_id).athlete_note == (
        "Knee felt odd on the last set"
    )


def test_leaving_by_the_weeks_link_with_a_tick_not_saved_asks_on_the_page_itself(week):
    """No signal: a tick could not be saved. The week's link asks on the page itself (Safari
    on the iPhone never asks before a page is left, and the tick went unseen); going on
    anyway leaves at once, without being asked a second time. A reload still asks."""
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    page.route(f"**/sets/{squat.pk}/1/", lambda route: route.abort())  # no signal
    page.locator(f"{row} .aw-tick").click()
    page.locator(f"{row} .aw-retry").wait_for()
    asked = []

    def answer(dialog):
        asked.append((dialog.type, dialog.message))
        if dialog.type == "beforeunload":
            dialog.dismiss()
        else:
            dialog.accept()

    page.on("dialog", answer)
    page.evaluate("() => { window.stillHere = true; location.reload(); }")
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.stillHere") is True  # asked, and stayed
    page.locator("a[rel=prev]").first.click()
    page.wait_for_url("**?week=*")
    assert asked == [
        ("beforeunload", ""),
        (
            "confirm",
            "What you typed is not saved yet, and leaving this page loses it. Leave anyway?",
        ),
    ]


def test_leaving_that_did_not_happen_asks_again_the_next_time(week):
    """The athlete chose to leave with a tick not saved, but the next week's page did not
    come (the page stays): leaving again asks again, the page's own question as the
    browser's (a reload)."""
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    page.route(f"**/sets/{squat.pk}/1/", lambda route: route.abort())  # no signal
    page.locator(f"{row} .aw-tick").click()
    page.locator(f"{row} .aw-retry").wait_for()
    page.route(re.compile(r"[?&]week="), lambda route: route.fulfill(status=204))  # not coming
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        if dialog.type == "beforeunload":
            dialog.dismiss()
        else:
            dialog.accept()

    page.on("dialog", answer)
    page.evaluate("() => { window.stillHere = true; }")
    page.locator("a[rel=next]").first.click()
    page.wait_for_timeout(1500)
    assert asked == ["confirm"]  # once: not the browser's question on top
    page.evaluate("() => location.reload()")
    page.wait_for_timeout(500)
    assert asked == ["confirm", "beforeunload"]  # asked again
    assert page.evaluate("() => window.stillHere") is True
    page.locator("a[rel=prev]").first.click()
    page.wait_for_timeout(500)
    assert asked == ["confirm", "beforeunload", "confirm"]
    assert page.locator(f"{row} input[name=done]").is_checked()


def test_text_typed_while_a_save_is_on_its_way_still_asks_before_leaving(week):
    """The effort saved while the note was being typed: the note has not gone yet, so
    leaving asks first; logging out too."""
    page, url, squat = week
    form = f"#log-{squat.session_id}"
    reveal(page, f"{form} input[name=rpe]")
    held = hold_first_save(page, f"**/sessions/{squat.session_id}/log/")
    page.fill(f"{form} input[name=rpe]", "7")
    page.keyboard.press("Tab")  # the effort goes; the cursor moves on
    wait_until_held(page, held)
    page.fill(f"{form} textarea[name=note]", "Knee felt odd")
    held[0].continue_()
    page.locator(f"{form} .aw-saved", has_text="Saved").wait_for()
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.locator("a[rel=next]").first.click()
    page.wait_for_timeout(500)
    assert asked == ["confirm"]
    assert page.input_value(f"{form} textarea[name=note]") == "Knee felt odd"


def test_a_note_typed_as_the_login_ends_comes_back_after_logging_in_and_is_saved(live_server, page):
    """The login ended while the athlete typed (a session that ran out): the save went to
    the log-in page and the note was lost. It comes back, into its form, and is saved."""
    club = ClubFactory(name="Riverside Harriers")
    user = UserFactory(username="amara")
    athlete = AthleteFactory(club=club, name="Amara Okafor", user=user)
    plan = make_plan(athlete, weeks=2)
    session = PlannedSession.objects.filter(plan=plan).order_by("date").first()
    log_in(page, live_server, "amara", lands="/me/")
    reveal(page, f"#note-{session.pk}")
    page.fill(f"#note-{session.pk}", "Felt strong on the last set")

    page.context.clear_cookies(name="sessionid")  # the login ends
    page.locator(f"#note-{session.pk}").blur()  # the change goes to be saved
    page.wait_for_url("**/login/**")
    # Meanwhile saved from another screen: only what was typed here is sent again.
    PlannedSession.objects.filter(pk=session.pk).update(rpe=7, version=F("version") + 1)
    page.fill("#id_username", "amara")
    page.fill("#id_password", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/me/")

    note = page.locator(f"#note-{session.pk}")
    # Put back once htmx has started, a moment after the page has loaded.
    expect(note).to_have_value("Felt strong on the last set")
    for _ in range(50):
        session.refresh_from_db()
        if session.athlete_note:
            break
        page.wait_for_timeout(100)
    assert session.athlete_note == "Felt strong on the last set"
    assert session.rpe == 7


def test_on_a_monday_the_soreness_link_opens_sundays_session_on_last_weeks_page(week, screenshot):
    from datetime import datetime, time, timedelta
    from unittest import mock

    from django.utils import timezone

    page, url, squat = week
    monday = squat.session.date - timedelta(days=squat.session.date.weekday())
    noon = timezone.make_aware(datetime.combine(monday, time(12)))
    PlannedSession.objects.filter(pk=squat.session_id).update(
        date=monday - timedelta(days=1), logged_at=noon - timedelta(days=1), soreness=None
    )
    with mock.patch("django.utils.timezone.now", return_value=noon):
        page.goto(url)
        with page.expect_navigation():
            page.locator(".aw-ask-soreness a", has_text="Tell your coach").click()
        assert f"?week={monday - timedelta(days=7)}" in page.url
        field = page.locator(f"#soreness-{squat.session_id}")
        assert field.evaluate("box => box === document.activeElement")
        assert field.is_visible()
        screenshot(page, "athlete-week-soreness-asked-on-monday")
        page.fill(f"#soreness-{squat.session_id}", "4")
        page.keyboard.press("Tab")
        page.locator(f"#log-{squat.session_id} .aw-saved", has_text="Saved").wait_for()
        # Told, a reload opens the week where the athlete left it, without the keyboard put
        # back in the box just filled.
        assert "#soreness" not in page.url
        assert f"?week={monday - timedelta(days=7)}" in page.url
        page.evaluate("window.scrollTo(0, 0)")
        page.reload()
        page.locator(f"#soreness-{squat.session_id}").wait_for(state="attached")
        assert page.evaluate("document.activeElement === document.body")
        assert page.evaluate("window.scrollY") == 0
    assert PlannedSession.objects.get(pk=squat.session_id).soreness == 4


@pytest.fixture
def signed_in_with_feed(live_server, page):
    """An athlete signed in, with a calendar address made before, and a session's note that
    could not be saved (no signal)."""
    from athletes.models import CalendarFeed

    club = ClubFactory(name="Riverside Harriers")
    athlete = AthleteFactory(club=club, name="Amara Okafor", user=UserFactory(username="amara"))
    plan = make_plan(athlete, weeks=2)
    CalendarFeed.issue(athlete=athlete)
    session = PlannedSession.objects.filter(plan=plan).order_by("date").first()
    log_in(page, live_server, "amara", lands="/me/")
    form = f"#log-{session.pk}"
    reveal(page, f"{form} textarea[name=note]")
    page.route(f"**/sessions/{session.pk}/log/", lambda route: route.abort())
    page.fill(f"{form} textarea[name=note]", "Knee felt odd")
    page.locator(f"{form} button[type=submit]").click()
    page.locator(f"{form} .aw-retry").wait_for()
    return page, athlete, form


@pytest.mark.parametrize("button", ["Make a new address", "Stop this address"])
def test_the_calendar_address_buttons_ask_before_losing_a_note_not_saved(
    signed_in_with_feed, button
):
    """The calendar address's buttons leave the page as its links do: with a note not saved,
    they ask first (after their own question), and staying keeps the note and the address."""
    from athletes.models import CalendarFeed

    page, athlete, form = signed_in_with_feed
    before = list(CalendarFeed.live(athlete).values_list("pk", flat=True))
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        if "Leave anyway?" in dialog.message:
            dialog.dismiss()  # stay on the page
        else:
            dialog.accept()  # yes, that address

    page.on("dialog", answer)
    page.locator("#calendar button", has_text=button).click()
    page.wait_for_timeout(500)
    assert len(asked) == 2
    assert asked[1] == (
        "What you typed is not saved yet, and leaving this page loses it. Leave anyway?"
    )
    assert page.input_value(f"{form} textarea[name=note]") == "Knee felt odd"
    assert list(CalendarFeed.live(athlete).values_list("pk", flat=True)) == before


def test_a_calendar_address_button_said_no_to_does_not_ask_about_leaving(signed_in_with_feed):
    page, athlete, form = signed_in_with_feed
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    page.locator("#calendar button", has_text="Stop this address").click()
    page.wait_for_timeout(500)
    assert len(asked) == 1 and asked[0].startswith("Stop this calendar address?")


def test_a_box_saved_after_a_refusal_is_described_by_its_range_only(week):
    """Refused, the reps box is described by its range and the reason; once saved, by its
    range alone: not by "Saved", nor by a reason that has gone."""
    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    reps = page.locator(f"{row} input[name=reps]")
    reps.fill("51")
    page.keyboard.press("Tab")
    page.locator(f"{row} .aw-save-status", has_text="Reps must be a whole number").wait_for()
    assert (
        reps.get_attribute("aria-describedby")
        == f"set-{squat.pk}-1-reps-range set-{squat.pk}-1-status"
    )
    reps.fill("8")
    page.keyboard.press("Tab")
    page.locator(f"{row} .aw-saved", has_text="Saved").wait_for()
    assert reps.get_attribute("aria-describedby") == f"set-{squat.pk}-1-reps-range"
    expect(reps).to_have_accessible_description("A whole number from 0 to 50.")
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).reps == 8


def test_an_effort_saved_after_a_refusal_is_described_by_its_scale_only(week):
    page, url, squat = week
    form = f"#log-{squat.session_id}"
    field = page.locator(f"#rpe-{squat.session_id}")
    reveal(page, f"#rpe-{squat.session_id}")
    field.fill("12")
    page.keyboard.press("Tab")
    page.locator(f"{form} .error", has_text="RPE").first.wait_for()
    assert field.get_attribute("aria-describedby") == (
        f"rpe-{squat.session_id}-scale rpe-{squat.session_id}-error"
    )
    field.fill("6")
    page.keyboard.press("Tab")
    page.locator(f"{form} .aw-saved", has_text="Saved").wait_for()
    assert field.get_attribute("aria-describedby") == f"rpe-{squat.session_id}-scale"
    expect(field).to_have_accessible_description("1 very easy · 5 steady · 10 all-out")


LINES_OF = """element => {
    const lines = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (!rect || !rect.width) continue;
            const line = lines.find(l => Math.abs(l.top - rect.top) < 4);
            if (line) {
                line.gap = Math.max(line.gap, rect.left - line.right);
                line.text += node.data[i];
                line.right = rect.right;
            } else lines.push({top: rect.top, text: node.data[i], right: rect.right, gap: 0});
        }
    }
    return lines.map(l => [l.text.replace(/\\s+/g, " ").trim(), l.gap]);
}"""


def lines_of(locator) -> list[str]:
    """The words of each line the element is laid out in, in a row as they read: no gap wider
    than a space between two letters of a line."""
    lines = locator.evaluate(LINES_OF)
    assert all(gap < 2 for _, gap in lines), lines
    return [text for text, _ in lines]


def test_the_effort_and_soreness_scales_keep_each_number_with_its_words_at_320(week):
    """On the narrowest phone the hints wrap between their steps, never between a number
    and what it means ("5" / "steady"), and "RPE 1-10" is not broken at its dash."""
    page, url, squat = week
    page.set_viewport_size({"width": 320, "height": 700})
    session = squat.session_id
    reveal(page, f"#rpe-{session}")
    rpe = lines_of(page.locator(f"#rpe-{session}-scale"))
    sore = lines_of(page.locator(f"#soreness-{session}-scale"))
    label = lines_of(page.locator(f"label[for=rpe-{session}]"))
    sore_label = lines_of(page.locator(f"label[for=soreness-{session}]"))
    assert len(rpe) > 1, rpe  # it does wrap at 320: where is what matters
    assert not any(line.startswith("·") for line in rpe + sore), (rpe, sore)
    for step in ("1 very easy", "5 steady", "10 all-out"):
        assert any(step in line for line in rpe), rpe
    for step in ("0 none", "5 clearly sore", "10 very sore"):
        assert any(step in line for line in sore), sore
    assert any(re.search(r"RPE 1.10", line) for line in label), label
    assert any(re.search(r"0.10$", line) for line in sore_label), sore_label
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_email_password_and_log_out_sit_on_one_line_in_the_top_bar(live_server, browser):
    """Signed in, the top bar's Email and Password (links) and Log out (a button) read as one row:
    their words at the same height, at a finger's height each, on a phone and a desktop."""
    club = ClubFactory(name="Riverside Harriers")
    AthleteFactory(club=club, name="Amara Okafor", user=UserFactory(username="amara"))
    for width, height in [(390, 844), (1280, 800)]:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        log_in(page, live_server, "amara", lands="/me/")
        words = page.evaluate(
            """() => [...document.querySelectorAll('.athlete-bar .account .linkish')].map((el) => {
                const range = document.createRange();
                range.selectNodeContents(el);
                const box = range.getBoundingClientRect();
                const tall = el.getBoundingClientRect().height;
                return [el.textContent, box.top + box.height / 2, tall];
            })"""
        )
        assert [text for text, _, _ in words] == ["Email", "Password", "Log out"]
        middles = [middle for _, middle, _ in words]
        assert max(middles) - min(middles) < 0.5, words
        assert all(tall >= 44 for _, _, tall in words)
        context.close()


@pytest.mark.parametrize("width", [390, 320])
def test_the_top_bar_keeps_the_brand_and_the_account_links_on_one_row_on_a_phone(
    live_server, browser, width
):
    """Signed in on a phone, the logo and Email, Password and Log out share the top bar's one
    row: nothing wraps under the brand, nothing runs off the screen, every link is whole."""
    club = ClubFactory(name="Riverside Harriers")
    AthleteFactory(club=club, name="Amara Okafor", user=UserFactory(username="amara"))
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    log_in(page, live_server, "amara", lands="/me/")
    boxes = page.evaluate(
        """() => [...document.querySelectorAll(
                '.athlete-bar .brand img, .athlete-bar .account .linkish')].map((el) => {
            const box = el.getBoundingClientRect();
            return [el.textContent, box.left, box.right, box.top + box.height / 2];
        })"""
    )
    assert [text for text, *_ in boxes] == ["", "Email", "Password", "Log out"]
    middles = [middle for *_, middle in boxes]
    assert max(middles) - min(middles) < 1, boxes  # one row, the logo's
    assert all(left >= 0 and right <= width for _, left, right, _ in boxes), boxes
    rights = [right for _, _, right, _ in boxes]
    lefts = [left for _, left, _, _ in boxes]
    assert all(lefts[i + 1] > rights[i] for i in range(len(boxes) - 1)), boxes  # no overlap
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_a_save_after_the_coach_archived_a_signed_in_athlete_says_so(live_server, page):
    """Signed in, the page open, then archived by the coach: the next save is not just
    "refused", it says why, and what was typed stays."""
    from athletes import services

    club = ClubFactory(name="Riverside Harriers")
    athlete = AthleteFactory(club=club, name="Amara Okafor", user=UserFactory(username="amara"))
    plan = make_plan(athlete, weeks=2)
    squat = PlannedExercise.objects.get(
        session__plan=plan, session__week=1, session__label="A", exercise__slug="back-squat"
    )
    log_in(page, live_server, "amara", lands="/me/")
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    services.athlete_archive(athlete=athlete)
    page.locator(f"{row} input[name=reps]").fill("4")
    page.locator(f"{row} .aw-tick").click()
    status = page.locator(f"{row} .aw-save-status")
    status.filter(has_text="your coach has archived your record").wait_for()
    assert "ask your coach to restore it" in status.inner_text()
    assert page.locator(f"{row} input[name=done]").is_checked()
    assert page.locator(f"{row} input[name=reps]").input_value() == "4"
    assert not SetLog.objects.exists()


def test_a_save_by_link_after_the_coach_archived_the_athlete_says_so(week):
    """The link's page open, then the athlete archived by the coach: the next save says
    why, as for a login, instead of sending them to ask for a new link."""
    from athletes import services

    page, url, squat = week
    row = f"#set-{squat.pk}-1"
    reveal(page, row)
    services.athlete_archive(athlete=squat.session.plan.athlete)
    page.locator(f"{row} .aw-tick").click()
    status = page.locator(f"{row} .aw-save-status")
    status.filter(has_text="your coach has archived your record").wait_for()
    assert "new link" not in status.inner_text()
    assert page.locator(f"{row} input[name=done]").is_checked()
    assert not SetLog.objects.exists()


def test_the_weeks_links_are_named_for_a_screen_reader_without_their_arrows(week):
    page, url, squat = week
    expect(page.locator("a[rel=prev]")).to_have_accessible_name("Previous week")
    expect(page.locator("a[rel=next]")).to_have_accessible_name("Next week")


def test_once_the_soreness_asked_for_is_saved_the_week_no_longer_asks_for_it(week, screenshot):
    from datetime import datetime, time, timedelta
    from unittest import mock

    from django.utils import timezone

    page, url, squat = week
    day = squat.session.date
    noon = timezone.make_aware(datetime.combine(day + timedelta(days=1), time(12)))
    if day.weekday() == 6:  # asked on a Monday, the session is on last week's page
        day -= timedelta(days=1)
        noon -= timedelta(days=1)
    PlannedSession.objects.filter(pk=squat.session_id).update(
        date=day, logged_at=noon - timedelta(days=1), soreness=None
    )
    with mock.patch("django.utils.timezone.now", return_value=noon):
        page.goto(url)
        ask = page.locator(".aw-ask-soreness")
        expect(ask).to_contain_text("How sore are you today")
        ask.locator("a", has_text="Tell your coach").click()
        page.keyboard.type("4")
        page.keyboard.press("Tab")
        page.locator(f"#log-{squat.session_id} .aw-saved", has_text="Saved").wait_for()
    # Told, the athlete is thanked where they were asked, not asked again; a screen reader
    # hears the thanks, and "Saved" once.
    expect(ask).not_to_contain_text("How sore are you today")
    heard = page.evaluate(
        """() => [...document.querySelectorAll("[role=status], [role=alert], [aria-live]")]
            .filter((region) => region.getAttribute("aria-live") !== "off")
            .map((region) => region.textContent.trim()).filter(Boolean)"""
    )
    assert "Thank you: your coach has your soreness, 4/10." in heard
    assert sum(text.count("Saved") for text in heard) == 1
    expect(ask).to_contain_text("4/10")
    expect(ask.locator("a")).to_have_count(0)
    screenshot(page, "athlete-week-soreness-told")
    assert PlannedSession.objects.get(pk=squat.session_id).soreness == 4


def test_the_race_day_reads_in_white_on_red_today_and_in_the_week(live_server, page, screenshot):
    """The race day's red pill, on today's card and on its day in the week, is read in a bright
    gym: white on red, not the black of the run pills beside it (3.2:1)."""
    from datetime import timedelta

    from axe_playwright_python.sync_playwright import Axe
    from django.utils import timezone

    club = ClubFactory()
    today = timezone.localdate()
    athlete = AthleteFactory(club=club, race_date=today)
    make_plan(athlete, weeks=1)
    _, token = AthleteLink.issue(athlete=athlete)
    url = f"{live_server.url}/w/{token}/"
    for week in (today, today + timedelta(days=7)):
        type(athlete).objects.filter(pk=athlete.pk).update(race_date=week)
        page.goto(f"{url}?week={week.isoformat()}")
        pills = page.locator(".pill.aw-race")
        assert pills.count() == 1
        assert pills.evaluate("pill => getComputedStyle(pill).color") == "rgb(255, 255, 255)"
        results = Axe().run(page, options={"runOnly": ["color-contrast"]})
        assert results.response["violations"] == []
    screenshot(page, "athlete-week-race-day")


def test_a_refused_effort_or_note_is_outlined_in_red_beside_its_message(week, screenshot):
    """In a bright gym a faint pink is not seen: a refused RPE or note shows in the red the
    set boxes use, not the dark grey border every box has."""
    page, url, squat = week
    form = f"#log-{squat.session_id}"
    reveal(page, form)
    grey = page.locator(f"{form} textarea[name=note]").evaluate(
        "box => getComputedStyle(box).borderTopColor"
    )
    page.fill(f"{form} input[name=rpe]", "11")
    page.keyboard.press("Tab")
    expect(page.locator(f"{form} .field.has-error")).to_have_count(1)
    page.fill(f"{form} textarea[name=note]", "x" * 501)
    page.keyboard.press("Tab")
    expect(page.locator(f"{form} .field.has-error")).to_have_count(2)
    for name in ("input[name=rpe]", "textarea[name=note]"):
        colour = page.locator(f"{form} {name}").evaluate(
            "box => getComputedStyle(box).borderTopColor"
        )
        assert colour == "rgb(180, 35, 24)", name  # --danger
        assert colour != grey
    screenshot(page, "athlete-week-refused-effort")


def test_earlier_this_week_stands_apart_from_the_last_day_later_this_week(live_server, page):
    """Mid-week the page lists the days to come, then the days gone: the second heading has
    room above it, as every other section has, and does not sit on the card before it."""
    from datetime import datetime, time
    from unittest import mock

    from django.utils import timezone

    athlete = AthleteFactory(club=ClubFactory())
    make_plan(athlete, weeks=1)
    _, token = AthleteLink.issue(athlete=athlete)
    today = timezone.localdate()
    wednesday = today - timedelta(days=today.weekday() - 2)
    noon = timezone.make_aware(datetime.combine(wednesday, time(12)))
    with mock.patch("django.utils.timezone.now", return_value=noon):
        page.goto(f"{live_server.url}/w/{token}/")
        gap = page.evaluate(
            """() => {
                const days = document.querySelectorAll("#days-title + .aw-day-list > li");
                const last = days[days.length - 1];
                const head = document.getElementById("earlier-title");
                return head.getBoundingClientRect().top - last.getBoundingClientRect().bottom;
            }"""
        )
    assert gap >= 16


@pytest.mark.parametrize("text_size", ["130%", "150%"])
def test_large_text_on_a_phone_keeps_the_weeks_buttons_on_the_screen(week, text_size):
    """A phone set to larger text (Android scales a page's text by its font size setting):
    next week's three buttons wrap, not "Next" pushed off the screen's edge."""
    page, url, squat = week
    next_week = squat.session.date - timedelta(days=squat.session.date.weekday() - 7)
    page.goto(f"{url}?week={next_week.isoformat()}")
    page.evaluate(
        "size => document.documentElement.style.setProperty('font-size', size)", text_size
    )
    buttons = page.locator(".aw-week-nav a")
    assert buttons.count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for button in buttons.all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert box["height"] >= 44


def test_a_pain_note_too_long_is_refused_without_first_asking_to_stop(week):
    """ "Stop Back squat and tell your coach?" answered yes, then "Not sent": the athlete
    agreed to stop for nothing. A note already counted as too long is sent unasked, and
    refused next to the box, the note kept to be shortened."""
    page, url, squat = week
    pain = f"#pain-{squat.pk}"
    reveal(page, pain)
    page.locator(f"{pain} summary").click()
    page.fill(f"{pain} textarea", "k" * 501)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.locator(f"{pain} button[type=submit]").click()
    page.locator(f"{pain} .error[role=alert]", has_text="500 characters").wait_for()
    assert asked == []
    assert page.input_value(f"{pain} textarea") == "k" * 501
    assert not PainFlag.objects.exists()
    # Shortened, it is asked first again.
    page.fill(f"{pain} textarea", "Knee")
    page.locator(f"{pain} button[type=submit]").click()
    page.locator(f"{pain} .aw-pain-flag").wait_for()
    assert asked == ["Stop Back squat and tell your coach about the pain?"]


# A number and its unit ("31 min", "62.5 kg", "90 s", "3 × 6"), and a session's kind and
# time ("Conditioning · PM"), as the page writes them: with a space of either kind.
TOGETHER = r"""() => {
  const pattern = new RegExp([
    String.raw`\d+(?:[.:]\d+)?[ \u00a0](?:kg|lb|min|minutes|hours|s|m|reps|sets)\b`,
    String.raw`\d+[ \u00a0]×[ \u00a0]\d+`,
    String.raw`(?:Lifting|Conditioning|Plyometrics|Hill sprints)[ \u00a0]·[ \u00a0](?:AM|PM)`,
  ].join("|"), "g");
  const split = [];
  const walk = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    if (node.parentElement.closest(".sr-only") || !node.parentElement.getClientRects().length) {
      continue;
    }
    for (const found of node.data.matchAll(pattern)) {
      const range = document.createRange();
      range.setStart(node, found.index);
      range.setEnd(node, found.index + found[0].length);
      const rects = [...range.getClientRects()].filter((rect) => rect.width);
      const lines = new Set(rects.map((rect) => Math.round(rect.top)));
      if (lines.size > 1) {
        split.push(found[0]);
      }
    }
  }
  return split;
}"""


def test_a_number_stays_on_the_line_of_its_unit_at_any_width(week):
    """ "about 31" at the end of a line and "min" on the next, "Conditioning ·" and "PM":
    at no phone width, nor a laptop's, is a number parted from its unit."""
    page, url, squat = week
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    split = {}
    for width in [*range(300, 480, 2), *range(1200, 1400, 4)]:
        page.set_viewport_size({"width": width, "height": 844})
        for text in page.evaluate(TOGETHER):
            split.setdefault(text, width)
    assert split == {}


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ({"abort": "connectionrefused"}, "Not sent: the server could not be reached"),
        ({"status": 502}, "Not sent: the server is busy or restarting"),
    ],
)
def test_a_pain_report_that_does_not_arrive_says_not_sent_as_a_refused_one_does(week, answer, said):
    """A report is sent, not saved: one that does not reach the server says "Not sent", as
    the server's own refusal of one does, the note kept and Retry offered."""
    page, url, squat = week
    pattern = f"**/exercises/{squat.pk}/pain/"
    if "abort" in answer:
        page.route(pattern, lambda route: route.abort(answer["abort"]))
    else:
        page.route(pattern, lambda route: route.fulfill(status=answer["status"], body="Bad"))
    pain = report_pain(page, squat, "Knee")
    status = page.locator(f"{pain} .aw-save-status")
    status.locator(".aw-retry").wait_for()
    assert status.inner_text().startswith(said)
    assert "saved" not in status.inner_text().lower()
    assert page.input_value(f"{pain} textarea") == "Knee"
    assert not PainFlag.objects.exists()


def test_a_soreness_box_not_open_yet_looks_and_acts_disabled(week):
    """Next week's session cannot take a soreness yet (the server refuses one): its box takes
    no typing, and is drawn as a box not in use, grey and with a faint edge, beside the
    effort box that is."""
    page, url, _ = week
    today = timezone.localdate()
    next_week = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    session = PlannedSession.objects.filter(date__gte=next_week).order_by("date").first()
    page.goto(f"{url}?week={next_week.isoformat()}")
    reveal(page, f"#soreness-{session.pk}")
    soreness, rpe = page.locator(f"#soreness-{session.pk}"), page.locator(f"#rpe-{session.pk}")
    expect(soreness).to_have_attribute("readonly", "")
    soreness.click()
    page.keyboard.type("4")
    expect(soreness).to_have_value("")
    style = (
        "box => { const s = getComputedStyle(box); return [s.borderTopColor, s.backgroundColor]; }"
    )
    (locked_edge, locked_fill), (open_edge, open_fill) = (
        soreness.evaluate(style),
        rpe.evaluate(style),
    )
    assert locked_fill != open_fill
    assert locked_edge != open_edge
    expect(page.locator(f"#soreness-{session.pk}-when")).to_have_text(
        "Fill this in the day after the session."
    )


def test_the_soreness_box_keeps_its_scale_and_when_to_fill_it_close_under_it(week):
    """Under the soreness box, its scale and when to fill it read as one note to the box:
    not two paragraphs a blank line apart (their margins doubled in the column)."""
    page, url, squat = week
    later = (
        PlannedSession.objects.filter(plan=squat.session.plan, date__gt=timezone.localdate())
        .order_by("date")
        .first()
    )
    page.goto(f"{url}?week={later.date.isoformat()}")
    reveal(page, f"#soreness-{later.pk}")
    gaps = page.evaluate(
        """(pk) => {
            const box = (id) => document.getElementById(id).getBoundingClientRect();
            const input = box(`soreness-${pk}`), scale = box(`soreness-${pk}-scale`);
            const when = box(`soreness-${pk}-when`);
            return [scale.top - input.bottom, when.top - scale.bottom, when.height];
        }""",
        later.pk,
    )
    under_box, under_scale, tall = gaps
    assert tall > 0  # when to fill it is shown
    assert 0 <= under_box <= 8 and 0 <= under_scale <= 8, gaps


@pytest.mark.parametrize("width", [360, 375])
def test_a_set_row_keeps_its_tick_reps_and_load_on_one_line_on_a_small_phone(
    live_server, browser, width
):
    """On a 360 or 375 px phone (most Androids, an iPhone mini or SE), a set of a session
    folded in its day keeps its tick, reps and load on one line, as at 390 px, and a load
    of 887.5 still shows whole in its box."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page, url, squat = open_athlete_week(live_server, page)
    later = PlannedExercise.objects.filter(
        session__plan=squat.session.plan,
        exercise=squat.exercise,
        session__date__gte=squat.session.date + timedelta(7),
    ).first()
    page.goto(f"{url}?week={later.session.date.isoformat()}")
    row = f"#set-{later.pk}-1"
    reveal(page, row)
    page.fill(f"{row} input[name=load]", "887.5")
    tick, load, box = page.evaluate(
        """(row) => {
            const form = document.querySelector(row);
            const input = form.querySelector('input[name=load]');
            const top = (el) => el.getBoundingClientRect();
            return [top(form.querySelector('.aw-tick')).bottom, top(input).top,
                    input.scrollWidth <= input.clientWidth];
        }""",
        row,
    )
    assert load < tick, (load, tick)  # beside the tick, not under it
    assert box
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


@pytest.mark.parametrize("width", [360, 375, 390])
def test_without_javascript_a_set_row_reads_tick_reps_load_then_its_save_button(
    live_server, browser, width
):
    """Without the page's script each set has its own "Save set". On a phone the row keeps
    its tick, reps and load on one line, in today's session and in one folded in its day;
    the button, with no room left beside them, comes after the load at the row's end, not
    back under the tick, and nothing makes the page scroll sideways."""
    context = browser.new_context(
        viewport={"width": width, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page, url, squat = open_athlete_week(live_server, page)
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    rows = page.evaluate(
        """() => [...document.querySelectorAll('form.aw-setrow')]
            .filter((row) => row.querySelector('input[name=load]'))
            .map((row) => {
                const box = (selector) => row.querySelector(selector).getBoundingClientRect();
                const [r, tick, reps, load, save] = [row.getBoundingClientRect(), box('.aw-tick'),
                    box('input[name=reps]'), box('input[name=load]'), box('.aw-set-save')];
                return {id: row.id, oneLine: reps.top < tick.bottom && load.top < tick.bottom,
                        afterLoad: save.left >= load.left && save.top >= load.top - 1,
                        inside: save.right <= r.right && load.right <= r.right};
            })"""
    )
    assert len(rows) > 10, rows  # every loaded row of the week's sessions
    assert [
        row for row in rows if not (row["oneLine"] and row["afterLoad"] and row["inside"])
    ] == []
    assert page.evaluate("document.documentElement.scrollWidth") == width
    context.close()
