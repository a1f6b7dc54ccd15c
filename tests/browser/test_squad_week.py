"""The squad's week in Chromium: the change form shows what each action takes."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schedules.models import PlannedExercise
from tests.browser_support import log_in
from tests.factories import AthleteFactory, SquadFactory
from tests.plan_factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_percentage_box_shows_only_for_scaling_loads(live_server, desktop_page, owner, club):
    squad = SquadFactory(club=club)
    make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    log_in(desktop_page, live_server, "owner")
    desktop_page.goto(live_server.url + reverse("squad_week", args=[squad.pk]))
    percent = desktop_page.locator("form.scale-week input[name=percent]")
    assert percent.is_visible()
    desktop_page.get_by_label("Deload: about 40 % fewer sets, same loads (L7)").check()
    percent.wait_for(state="hidden")
    desktop_page.get_by_label("Scale loads by a percentage").check()
    percent.wait_for(state="visible")


def test_on_a_phone_each_action_reads_whole(live_server, page, owner, club, screenshot):
    """The deload's words ("about 40 % fewer sets, same loads") were cut off in a list box
    at 390 px: each action is a button with its words wrapping beside it."""
    squad = SquadFactory(club=club)
    make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("squad_week", args=[squad.pk]))
    form = page.locator("form.scale-week")
    deload = form.get_by_label("Deload: about 40 % fewer sets, same loads (L7)")
    deload.check()
    form.locator("input[name=percent]").wait_for(state="hidden")
    form.scroll_into_view_if_needed()
    screenshot(page, "squad-week-change-phone")
    words = form.locator("label.choice span")
    assert words.count() == 2
    right = form.evaluate("f => f.getBoundingClientRect().right")
    for n in range(2):
        fits = words.nth(n).evaluate(
            "e => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right"
        )
        assert fits and fits <= right, words.nth(n).inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") == 390


def test_the_preview_fits_a_phone_with_each_day_under_its_athlete(live_server, page, owner, club):
    """At 390 px the now → after column is on screen without swiping the table sideways."""
    squad = SquadFactory(club=club)
    plan = make_plan(AthleteFactory(club=club, squad=squad, name="Amara Okafor"), weeks=1)
    log_in(page, live_server, "owner")
    url = reverse("squad_week", args=[squad.pk]) + f"?week={plan.start_date.isoformat()}"
    page.goto(live_server.url + url)
    page.locator("form.scale-week button[type=submit]").click()
    page.wait_for_url("**/week/scale/")
    table = page.locator(".table-scroll").first
    assert table.evaluate("box => box.scrollWidth <= box.clientWidth")
    first = page.locator(".table-scroll tbody tr").first
    day = plan.sessions.filter(exercises__load__isnull=False).order_by("date").first().date
    expect(first.locator("td").first).to_contain_text(f"{day:%a} {day.day} {day:%b}")
    expect(page.get_by_role("columnheader", name="Day")).to_be_hidden()


def test_on_a_phone_marks_of_hand_edits_scroll_with_the_week_not_the_page(
    live_server, page, owner, club
):
    squad = SquadFactory(club=club)
    for name in ("Amara Okafor", "Ben Hughes"):
        plan = make_plan(AthleteFactory(club=club, squad=squad, name=name), weeks=1)
        PlannedExercise.objects.filter(session__plan=plan).update(hand_edited=True)
    log_in(page, live_server, "owner")
    url = reverse("squad_week", args=[squad.pk]) + f"?week={plan.start_date.isoformat()}"
    page.goto(live_server.url + url)
    page.locator(".squadweek .edited").first.wait_for(state="attached")
    assert page.evaluate("() => document.documentElement.scrollWidth") == 390


def test_the_weeks_links_are_named_for_a_screen_reader_without_their_arrows(
    live_server, desktop_page, owner, club
):
    """Heard as "Previous week", as on the athlete's week, not "left arrow Previous week"."""
    squad = SquadFactory(club=club)
    make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    log_in(desktop_page, live_server, "owner")
    desktop_page.goto(live_server.url + reverse("squad_week", args=[squad.pk]))
    weeks = desktop_page.locator(".page-head .actions a[href^='?week=']")
    expect(weeks.first).to_have_accessible_name("Previous week")
    expect(weeks.last).to_have_accessible_name("Next week")


def test_on_a_phone_each_action_of_the_change_form_is_a_finger_high(live_server, page, owner, club):
    """44 px, as every other target on a phone: "Scale loads by a percentage", on one line,
    was 39 px."""
    squad = SquadFactory(club=club)
    make_plan(AthleteFactory(club=club, squad=squad), weeks=1)
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("squad_week", args=[squad.pk]))
    heights = page.locator("form.scale-week label.choice").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert len(heights) == 2 and min(heights) >= 43.5, heights
