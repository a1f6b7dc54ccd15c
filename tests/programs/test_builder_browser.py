"""The builder in Chromium: htmx edits swap their fragment and refresh the rule check."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.programs.conftest import make_template, phase_data


def logged_in_page(browser, live_server, client, user):
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_removing_the_single_leg_lift_shows_s4_without_a_reload(
    browser, live_server, client, owner
):
    program = make_template(owner.membership.club, [phase_data()])
    page = logged_in_page(browser, live_server, client, owner)
    page.goto(live_server.url + reverse("program_detail", args=[program.pk]))
    checks = page.locator("#checks")
    assert "No session or phase rule broken." in checks.inner_text()

    row = page.locator(".rx", has_text="Bulgarian split squat")
    row.get_by_role("button", name="Remove Bulgarian split squat").click()
    expect(checks).to_contain_text("No single-leg exercise")
    expect(page.locator(".rx", has_text="Bulgarian split squat")).to_have_count(0)

    versions = page.eval_on_selector_all("input.tpl-version", "inputs => inputs.map(i => i.value)")
    assert set(versions) == {"2"}
    assert page.url.endswith(reverse("program_detail", args=[program.pk]))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_adding_an_exercise_and_a_stale_edit_in_another_tab(browser, live_server, client, owner):
    program = make_template(owner.membership.club, [phase_data()])
    url = live_server.url + reverse("program_detail", args=[program.pk])
    page = logged_in_page(browser, live_server, client, owner)
    page.goto(url)
    other = page.context.new_page()
    other.on("dialog", lambda dialog: dialog.accept())
    other.goto(url)

    page.get_by_role("link", name="+ Add exercise").click()
    form = page.locator("form.rx-form")
    form.locator("select[name$='-exercise']").select_option(label="Romanian deadlift")
    form.locator("input[name$='-reps']").fill("6")
    form.get_by_role("button", name="Add exercise").click()
    expect(page.locator(".rx-name", has_text="Romanian deadlift")).to_have_count(1)
    expect(page.locator(".rx", has_text="Romanian deadlift")).to_contain_text("3 × 6")

    other.get_by_role("button", name="Remove Back squat").click()
    expect(other.locator("#builder-status")).to_contain_text(
        "Someone changed this template after you opened it"
    )
    assert program.phases.get().sessions.get().prescriptions.count() == 4
