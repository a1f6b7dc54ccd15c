"""Every main page, for a coach at 1280x800 and on a phone at 390x844, checked by axe-core
in Chromium: no serious or critical accessibility problem (contrast, names, labels...)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, AthleteLink, Squad
from programs.models import ProgramTemplate
from schedules import demo, services
from schedules.models import PlanJob
from tests.browser_support import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"coach": (1280, 800), "phone": (390, 844)}


def shipped_squat() -> int:
    from exercises.models import Exercise

    return Exercise.objects.get(club__isnull=True, slug="back-squat").pk


def results_of_testing_day(squad: Squad) -> str:
    """A squad's testing day at its results: a row an athlete."""
    day = timezone.localdate().isoformat()
    return reverse("squad_tests", args=[squad.pk]) + f"?exercise={shipped_squat()}&tested_on={day}"


def coach_pages(athlete: Athlete, squad: Squad, template: ProgramTemplate) -> list[str]:
    return [
        reverse("roster"),
        reverse("athlete_detail", args=[athlete.pk]),
        reverse("athlete_edit", args=[athlete.pk]),
        reverse("running_week_edit", args=[athlete.pk]),
        reverse("strength_test_add", args=[athlete.pk]),
        reverse("strength_test_edit", args=[athlete.pk, athlete.strength_tests.first().pk]),
        reverse("athlete_plan", args=[athlete.pk]),
        reverse("plan_grid", args=[athlete.pk]),
        reverse("athlete_progress", args=[athlete.pk]),
        reverse("assign_athlete", args=[athlete.pk]),
        reverse("squads"),
        reverse("squad_week", args=[squad.pk]),
        reverse("squad_tests", args=[squad.pk]),
        results_of_testing_day(squad),
        reverse("dashboard"),
        reverse("program_list"),
        reverse("program_detail", args=[template.pk]),
        reverse("exercise_list"),
        reverse("exercise_detail", args=["back-squat"]),
        reverse("club_coaches"),
        reverse("club_leave"),
        reverse("export_list"),
        reverse("roster_import"),
    ]


def serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')[:160]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


def demo_club() -> tuple[Athlete, Squad, ProgramTemplate]:
    """The demo club with its plans made (as the worker makes them) and its history."""
    club, _ = demo.demo_club_create()
    for job in PlanJob.objects.filter(athlete__club=club):  # what the worker does
        services.job_claim(job.pk, 3)
        services.plan_generate(job_id=job.pk)
    demo._demo_history(club, timezone.localdate())
    athlete = Athlete.objects.filter(club=club, plan__isnull=False).order_by("pk").first()
    squad = Squad.objects.filter(club=club).first()
    template = ProgramTemplate.objects.filter(club=club).first() or ProgramTemplate.objects.first()
    return athlete, squad, template


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_main_pages_have_no_serious_accessibility_problem(browser, live_server, size):
    athlete, squad, template = demo_club()
    _, token = AthleteLink.issue(athlete=athlete)

    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    log_in(page, live_server, demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
    problems = {}
    for path in [*coach_pages(athlete, squad, template), f"/w/{token}/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        found = serious(page)
        if found:
            problems[path] = found
    context.close()
    assert problems == {}


# Sent empty: each comes back with its fields marked and their messages beside them.
FORMS_SENT_EMPTY = ("athlete_create", "exercise_create", "password_change")


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_pages_before_logging_in_and_forms_sent_back_have_no_serious_problem(
    browser, live_server, size
):
    """The log-in, password reset and sign-up pages (with a wrong password and a malformed
    address sent), the forms a coach most often gets back with mistakes, and the load grid
    with a cell's editor open and its value refused."""
    athlete, _, _ = demo_club()
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    problems = {}

    def check(what: str) -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= width, what
        found = serious(page)
        if found:
            problems[what] = found

    for name in ("login", "password_reset", "signup"):
        page.goto(live_server.url + reverse(name))
        check(name)
    page.goto(live_server.url + reverse("password_reset"))
    page.fill("#id_email", "not-an-address")
    page.click("main button[type=submit]")
    page.locator("#id_email[aria-invalid=true]").wait_for()
    check("password reset refused")
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", demo.DEMO_USERNAME)
    page.fill("#id_password", "not-the-password")
    page.click("main button[type=submit]")
    page.locator(".form-errors").wait_for()
    check("login refused")

    log_in(page, live_server, demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
    for name in FORMS_SENT_EMPTY:
        page.goto(live_server.url + reverse(name))
        page.locator("main form[method=post] button[type=submit]").last.click()
        page.locator("[aria-invalid=true]").first.wait_for()
        check(f"{name} sent empty")
    page.goto(live_server.url + reverse("plan_grid", args=[athlete.pk]))
    page.locator("#grid a.cell-open").first.click()
    page.locator(".cell-editor input[autofocus]:focus").wait_for()
    check("grid editor open")
    page.fill(".cell-editor input[name=load]", "heavy")
    page.locator(".cell-editor button[type=submit]").first.click()
    page.locator(".cell-editor [aria-invalid=true]").wait_for()
    check("grid editor refused")
    context.close()
    assert problems == {}


def test_a_coach_on_a_phone_gets_targets_a_finger_can_hit(browser, live_server):
    """44 px or more on a touch screen: the menu and the club's name beside it (22 px), the
    running week's Edit, the plan's Move and its export panel's Recent exports, the grid's
    cells (a cell without a load was 35 px tall), and the names on the roster, dashboard,
    exercise list, an exercise's easier and harder ones and a programme's exercises (20 px,
    as lines of text)."""
    athlete, squad, template = demo_club()
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    log_in(page, live_server, demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
    short = []
    for path, selector in (
        (reverse("athlete_detail", args=[athlete.pk]), ".mainnav a"),
        (reverse("athlete_detail", args=[athlete.pk]), ".account .clubname"),
        (reverse("athlete_detail", args=[athlete.pk]), "a[href$='/running-week/']"),
        (reverse("athlete_detail", args=[athlete.pk]), ".test-actions a, .test-actions button"),
        (reverse("athlete_plan", args=[athlete.pk]), ".cal-move"),
        (reverse("plan_grid", args=[athlete.pk]), "#grid .cell-open"),
        (reverse("roster"), "main tbody a"),
        (reverse("dashboard"), ".dash-name a"),
        (reverse("exercise_list"), "#results .ex-card > a"),
        (reverse("exercise_detail", args=["back-squat"]), ".facts dd a"),
        (reverse("program_detail", args=[template.pk]), ".rx-name a"),
        (reverse("athlete_plan", args=[athlete.pk]), ".export-panel a"),
        (results_of_testing_day(squad), ".testing-table input:not([type=hidden])"),
    ):
        page.goto(live_server.url + path)
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        heights = page.locator(selector).evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().height)"
        )
        assert heights, selector
        short += [(selector, round(h)) for h in heights if h < 43.5]
    context.close()
    assert short == []


def test_on_a_phone_the_open_export_menu_sits_in_the_pages_flow_edge_to_edge(browser, live_server):
    """At 390x844 the open panel takes a row of its own among the plan's buttons, as wide
    as the page's text (it was narrower, set off from the page's right edge); at 1280x800
    it still lies over the plan, under its button."""
    athlete, _, _ = demo_club()
    url = live_server.url + reverse("athlete_plan", args=[athlete.pk])
    for width, height in ((390, 844), (1280, 800)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        log_in(page, live_server, demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
        page.goto(url)
        menu = page.locator("details.export-menu")
        menu.locator("summary").click()
        panel = menu.locator(".export-panel").bounding_box()
        text = page.locator(".page-head").bounding_box()
        summary = menu.locator("summary").bounding_box()
        position = menu.locator(".export-panel").evaluate("el => getComputedStyle(el).position")
        if width == 390:
            assert position == "static"
            assert abs(panel["x"] - text["x"]) < 1
            assert abs(panel["x"] + panel["width"] - (text["x"] + text["width"])) < 1
            assert panel["y"] >= summary["y"] + summary["height"]  # under its button
            assert page.evaluate("() => document.documentElement.scrollWidth") == 390
        else:
            assert position == "absolute" and panel["width"] == 320
            assert panel["x"] >= 0  # whole in the window, not cut off at its left edge
            assert abs(panel["x"] - summary["x"]) < 1  # hung from its button's left edge
        context.close()


def test_escape_closes_the_export_menu_and_a_form_opened_in_place(browser, live_server):
    """The export menu lies over the plan on a wide screen, and a form opened in place stays
    open until its button is found again: Escape closes either from inside it, keeping what
    was typed, and the keyboard goes back to the button that opened it."""
    athlete, _, _ = demo_club()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, live_server, demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
    is_open = "el => el.open"
    focused = "el => document.activeElement === el"

    page.goto(live_server.url + reverse("athlete_plan", args=[athlete.pk]))
    menu = page.locator("details.export-menu")
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert menu.locator("select[name=paper]").first.evaluate(focused)
    page.keyboard.press("Escape")
    assert not menu.evaluate(is_open)
    assert menu.locator("summary").evaluate(focused)

    page.goto(live_server.url + reverse("athlete_detail", args=[athlete.pk]))
    panel = page.locator("details.add-test")
    panel.locator("summary").focus()
    page.keyboard.press("Enter")
    panel.locator("input[name=reps]").fill("5")
    page.keyboard.press("Escape")
    assert not panel.evaluate(is_open)
    assert panel.locator("summary").evaluate(focused)
    page.keyboard.press("Enter")
    assert panel.locator("input[name=reps]").input_value() == "5"
    context.close()


PHASES = ("intro", "off_season", "base", "build", "sharpen", "taper", "maintenance")

# A session of the plan's calendar on its phase's colour, with each kind of quiet text it
# may hold: its length, the day it was moved from, a lift left out for pain (struck through)
# and one edited by hand (its pencil).
SESSION_ON_EACH_PHASE = """(phases) => {
    const calendar = document.querySelector('.calendar');
    const found = [];
    const parse = (colour) => colour.match(/[\\d.]+/g).map(Number);
    const luminance = (colour) => {
        const linear = (c) => {
            c /= 255;
            return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        const [r, g, b] = parse(colour);
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    for (const phase of phases) {
        const week = document.createElement('section');
        week.className = `cal-week phase-${phase}`;
        week.innerHTML = '<div class="cal-day"><div class="cal-session kind-lifting">'
            + '<div class="cal-session-head"><strong>A</strong> <span>Lifting · PM</span></div>'
            + '<span class="cal-length">about 50 min</span>'
            + '<span class="moved-from">moved from Tue 1 Dec</span>'
            + '<ul><li class="held">Back squat <span class="dose">3×5 @ 60 kg</span></li>'
            + '<li>Step-up <span class="dose">3×8</span> <span class="no-1rm">no 1RM yet</span>'
            + ' <span class="edited">✎</span></li></ul></div></div>';
        calendar.append(week);
        const ground = getComputedStyle(week.querySelector('.cal-session')).backgroundColor;
        for (const text of week.querySelectorAll('.cal-session span, .cal-session li')) {
            const high = Math.max(luminance(getComputedStyle(text).color), luminance(ground));
            const low = Math.min(luminance(getComputedStyle(text).color), luminance(ground));
            found.push([phase, text.className || text.tagName, (high + 0.05) / (low + 0.05)]);
        }
        week.remove();
    }
    return found;
}"""


def test_quiet_text_in_a_plan_session_reads_on_every_phases_colour(browser, live_server):
    """WCAG AA, 4.5:1 for text: the day a session was moved from, a lift left out for pain
    and the pencil of a hand edit were in the page's grey or amber, made for white, and
    fell to 3.7:1 on the pink of a sharpen week."""
    athlete, _, _ = demo_club()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, live_server, demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
    page.goto(live_server.url + reverse("athlete_plan", args=[athlete.pk]))
    found = page.evaluate(SESSION_ON_EACH_PHASE, list(PHASES))
    context.close()
    assert len(found) == len(PHASES) * 9
    assert [(phase, what, round(ratio, 2)) for phase, what, ratio in found if ratio < 4.5] == []
