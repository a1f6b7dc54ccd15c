"""Long words people type (a name with no spaces, a race, a cue, a username, a note) wrap
on every page, at 1280x800 and on a phone at 390x844: no page scrolls sideways, and nothing
is hidden or drawn over its neighbours."""

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.models import AthleteLink
from exercises.models import Exercise
from schedules.models import LoadChange, PainFlag, PlannedExercise
from tests.browser_support import log_in
from tests.factories import (
    AthleteFactory,
    ClubFactory,
    MembershipFactory,
    SquadFactory,
    UserFactory,
)
from tests.plan_factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"coach": (1280, 800), "phone": (390, 844)}
NAME = ("Wolfeschlegelsteinhausenbergerdorff" * 3)[:100]
SQUAD = ("Langstreckenlaufgemeinschaft" * 3)[:80]
RACE = ("InternationalerStadtmarathon" * 4)[:100]
EXERCISE = ("Singlelegromaniandeadlifttokneedrive" * 3)[:75]
CUE = "Keep " + "hipssquareandpelvislevelthroughouttherep" * 4
USERNAME = ("coachwithaverylongusername" * 6)[:148]
NOTE = "Sharp" + "ouch" * 60


@pytest.fixture
def club_with_long_words(live_server):
    club = ClubFactory(name="Riverside Harriers")
    owner = MembershipFactory(club=club, role="owner", user=UserFactory(username="owner")).user
    long_user = MembershipFactory(club=club, role="coach", user=UserFactory(username=USERNAME))
    squad = SquadFactory(club=club, name=SQUAD)
    athlete = AthleteFactory(
        club=club, squad=squad, name=NAME, goal_race_name=RACE, notes="x" * 150
    )
    AthleteFactory(club=club, name="Amara Okafor")
    plan = make_plan(athlete, weeks=2)
    exercise = Exercise.objects.create(
        club=club,
        slug="long-words",
        name=EXERCISE,
        category="max_strength",
        pattern="hinge",
        laterality="bilateral",
        plane="sagittal",
        equipment="barbell",
        load_mode="percent_1rm",
        why="Stronger hips.\n" + "Unbrokenwordwithoutanyspaces" * 5,
        cues=CUE + "\nShort cue",
        difficulty=2,
    )
    rows = PlannedExercise.objects.filter(session__plan=plan)
    rows.filter(exercise__slug="back-squat").update(exercise=exercise)
    first = rows.filter(exercise=exercise).order_by("session__date").first()
    PainFlag.objects.create(
        athlete=athlete, planned_exercise=first, exercise=first.exercise, note=NOTE
    )
    LoadChange.objects.create(
        planned_exercise=first,
        athlete=athlete,
        user=long_user.user,
        field="note",
        old_value="",
        new_value="Note" + "z" * 190,
    )
    _, token = AthleteLink.issue(athlete=athlete)
    return owner, athlete, exercise, token


def coach_pages(athlete, exercise) -> dict[str, str]:
    return {
        "dashboard": reverse("dashboard"),
        "roster": reverse("roster"),
        "roster search": reverse("roster") + "?q=" + NAME,
        "athlete": reverse("athlete_detail", args=[athlete.pk]),
        "loads": reverse("plan_grid", args=[athlete.pk]),
        "assign": reverse("assign_athlete", args=[athlete.pk]),
        "running week": reverse("running_week_edit", args=[athlete.pk]),
        "1RM test": reverse("strength_test_add", args=[athlete.pk]),
        "exercise": reverse("exercise_detail", args=[exercise.slug]),
        "coaches": reverse("club_coaches"),
    }


def open_page(browser, live_server, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page, width


def sideways(page) -> int:
    """How far the page reaches past the window's right edge, in CSS pixels."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def spilling(page, selector: str) -> list[str]:
    """Elements whose own text reaches past their edges (drawn over what is beside them,
    or cut off by their box)."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((el) => el.scrollWidth > el.clientWidth + 1)
            .map((el) => el.textContent.trim().slice(0, 40))""",
        selector,
    )


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_coach_pages_wrap_long_words(browser, live_server, club_with_long_words, size):
    owner, athlete, exercise, _ = club_with_long_words
    context, page, width = open_page(browser, live_server, size)
    log_in(page, live_server, "owner")
    wide = {}
    for name, path in coach_pages(athlete, exercise).items():
        assert page.goto(live_server.url + path).status == 200, path
        if sideways(page) > 0:
            wide[name] = sideways(page)
    context.close()
    assert wide == {}


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_the_dashboard_keeps_the_flags_and_their_clear_button_in_view(
    browser, live_server, club_with_long_words, size
):
    context, page, width = open_page(browser, live_server, size)
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("dashboard"))
    frame = page.locator(".dash-wrap").bounding_box()
    clear = page.locator(".dash-flag-pain button", has_text="Clear")
    assert clear.count() == 1
    button = clear.bounding_box()
    assert (
        frame["x"] <= button["x"] and button["x"] + button["width"] <= frame["x"] + frame["width"]
    )
    assert button["x"] + button["width"] <= width
    # Nothing in the table runs past its frame, where it would be cut off or need scrolling.
    assert (
        page.evaluate(
            "(() => { const w = document.querySelector('.dash-wrap');"
            " return w.scrollWidth - w.clientWidth; })()"
        )
        <= 0
    )
    assert spilling(page, ".dash-name, .dash-flag > span") == []
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_the_load_grid_wraps_an_exercise_name_and_the_history(
    browser, live_server, club_with_long_words, size
):
    owner, athlete, *_ = club_with_long_words
    context, page, width = open_page(browser, live_server, size)
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("plan_grid", args=[athlete.pk]))
    assert page.locator(".rowhead", has_text=EXERCISE[:30]).count() == 1
    assert spilling(page, ".loadgrid .rowhead") == []
    assert spilling(page, ".history li") == []
    assert sideways(page) <= 0
    context.close()


def test_the_athlete_page_keeps_two_columns_of_equal_width(
    browser, live_server, club_with_long_words
):
    owner, athlete, *_ = club_with_long_words
    context, page, width = open_page(browser, live_server, "coach")
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("athlete_detail", args=[athlete.pk]))
    widths = page.evaluate(
        "[...document.querySelectorAll('.grid-2 > .card')].map((c) => c.offsetWidth)"
    )
    assert len(set(widths)) == 1, widths  # the goal race does not squeeze the notes
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_the_athletes_week_does_not_scroll_sideways(
    browser, live_server, club_with_long_words, size
):
    *_, token = club_with_long_words
    context, page, width = open_page(browser, live_server, size)
    page.goto(f"{live_server.url}/w/{token}/")
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    assert page.locator(".aw-cues li", has_text=CUE[:20]).count() >= 1
    assert page.locator(".aw-phase-line", has_text=RACE[:20]).count() == 1
    assert sideways(page) <= 0
    assert spilling(page, ".aw-cues li, .aw-phase-line, .aw-who, .aw-exercise h4") == []
    context.close()


def test_ordinary_names_stay_whole_in_tables_on_a_phone(browser, live_server):
    """Breaking long words must not break ordinary ones: at 390 px a roster or squad table
    keeps "Featherstonehaugh" on one line, its columns sharing the width as they need."""
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    squad = SquadFactory(club=club, name="Marathon group")
    for name in ("Featherstonehaugh", "Wojciechowska", "Amara Okafor"):
        athlete = AthleteFactory(club=club, squad=squad, name=name, goal_race_name="Lakeside")
        make_plan(athlete, weeks=1)
    context, page, _ = open_page(browser, live_server, "phone")
    log_in(page, live_server, "owner")
    for path in (reverse("roster"), reverse("squad_week", args=[squad.pk])):
        page.goto(live_server.url + path)
        # The text's own line boxes: an inline block is one box however its text wraps.
        broken = page.evaluate(
            """() => {
              const lines = (el) => {
                const range = document.createRange();
                range.selectNodeContents(el);
                return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
              };
              return [...document.querySelectorAll('td, th')]
                .flatMap((td) => [...td.querySelectorAll('a, span, strong')]
                  .filter((el) => ['Featherstonehaugh', 'Wojciechowska']
                    .includes(el.textContent.trim()) && lines(el) > 1)
                  .map((el) => el.textContent.trim()));
            }"""
        )
        assert broken == [], path
        assert sideways(page) == 0, path
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_the_squad_week_keeps_a_long_name_from_pushing_the_sessions_out_of_view(
    browser, live_server, club_with_long_words, size
):
    owner, athlete, *_ = club_with_long_words
    context, page, width = open_page(browser, live_server, size)
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("squad_week", args=[athlete.squad_id]))
    name = page.locator("tbody th[scope=row]", has_text=NAME[:20]).bounding_box()
    first_session = page.locator("thead th", has_text="Session A").bounding_box()
    # The name wraps in a column of its own size; the first session starts on screen.
    assert name["width"] <= min(320, width * 0.5), name
    assert first_session["x"] < width * 0.6, first_session
    assert sideways(page) <= 0
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_the_roster_keeps_a_long_name_and_race_from_pushing_the_columns_out_of_view(
    browser, live_server, club_with_long_words, size
):
    owner, athlete, *_ = club_with_long_words
    context, page, width = open_page(browser, live_server, size)
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("roster"))
    race = page.locator("thead th", has_text="Goal race").bounding_box()
    name = page.locator("tbody a", has_text=NAME[:20]).bounding_box()
    # The name and the race wrap in columns of their own size: the race starts on screen
    # (on a phone the table may still scroll in its frame; at 1280 it all fits).
    assert name["width"] <= min(320, width * 0.5), name
    assert race["x"] < width * 0.8, race
    if size == "coach":
        assert race["x"] + race["width"] <= width, race
    # On a phone the event goes under the name (with the experience), its column left out.
    row = page.locator("tbody tr", has_text=NAME[:20])
    under_name = row.locator("td.wrap .muted").first.inner_text()
    assert (athlete.get_event_display() in under_name) is (size == "phone"), under_name
    assert page.locator("thead th", has_text="Event").is_visible() is (size == "coach")
    assert sideways(page) <= 0
    context.close()


def test_the_roster_keeps_the_running_week_in_view_at_1280_beside_a_long_name_squad_and_race(
    browser, live_server, club_with_long_words
):
    context, page, width = open_page(browser, live_server, "coach")
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("roster"))
    assert page.locator("tbody", has_text=SQUAD[:20]).count() == 1
    frame = page.locator("#roster-table .table-scroll").bounding_box()
    week = page.locator("thead th", has_text="Running week").bounding_box()
    # Every column shows without scrolling the table sideways in its frame.
    assert week["x"] + week["width"] <= frame["x"] + frame["width"], (week, frame)
    assert (
        page.evaluate(
            "(() => { const f = document.querySelector('#roster-table .table-scroll');"
            " return f.scrollWidth - f.clientWidth; })()"
        )
        <= 0
    )
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_a_long_club_name_shows_two_lines_and_nothing_of_a_third(browser, live_server, size):
    club = ClubFactory(name=("Riverside Harriers and Athletic Club of the Valley " * 2)[:100])
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    context, page, width = open_page(browser, live_server, size)
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("roster"))
    lines = page.locator(".account .clubname > span").evaluate(
        "el => el.clientHeight / parseFloat(getComputedStyle(el).lineHeight)"
    )
    context.close()
    assert lines == pytest.approx(2, abs=0.05)  # a third line's top would show in any more


@pytest.mark.parametrize("page_shown", ["roster", "archived"])
def test_a_long_name_on_the_roster_wraps_in_its_column_on_a_phone(
    browser, live_server, club_with_long_words, page_shown
):
    """On a phone a name is a finger-sized link: its long word still breaks inside the
    name's column instead of being drawn over the event and race beside it."""
    owner, athlete, *_ = club_with_long_words
    if page_shown == "archived":
        type(athlete).objects.filter(pk=athlete.pk).update(archived_at=timezone.now())
    context, page, width = open_page(browser, live_server, "phone")
    log_in(page, live_server, "owner")
    page.goto(
        live_server.url + reverse("roster") + ("?show=archived" if page_shown == "archived" else "")
    )
    assert page.locator("tbody a", has_text=NAME[:20]).count() == 1
    assert spilling(page, "tbody a.tap-line") == []
    context.close()
