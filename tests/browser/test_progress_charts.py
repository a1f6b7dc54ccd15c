"""The progress page's 1RM charts at 1280x800 and on a phone at 390x844: the dates under a
chart never run into each other, however many tests there are and however close."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.browser_support import log_in
from tests.factories import (
    AthleteFactory,
    ClubFactory,
    MembershipFactory,
    StrengthTestFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def athlete(live_server):
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club, name="Finn O'Brien", body_mass_kg=Decimal("70"))
    # A test every four weeks through the year, the last two seven weeks apart: the last
    # dates fall close together at the right-hand end of the axis.
    days = [date(2026, 1, 5) + timedelta(days=27 * i) for i in range(12)] + [date(2026, 11, 20)]
    for n, day in enumerate(days):
        StrengthTestFactory(athlete=athlete, tested_on=day, load=Decimal(60 + 2.5 * n), reps=1)
    return athlete


def _overlaps(boxes: list[dict], gap: float = 4) -> list[tuple[int, int]]:
    """Neighbouring labels closer than `gap` pixels."""
    boxes = sorted(boxes, key=lambda b: b["x"])
    return [
        (i, i + 1)
        for i, (a, b) in enumerate(zip(boxes, boxes[1:], strict=False))
        if a["x"] + a["width"] + gap > b["x"]
    ]


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_the_dates_under_a_1rm_chart_do_not_run_into_each_other(
    browser, live_server, athlete, size
):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/progress/")
    chart = page.locator("svg.rs-chart").first
    # The date labels sit on the line below the plot (charts.HEIGHT - charts.BOTTOM + 18).
    dates = chart.locator("text[y='244']")
    texts = dates.all_text_contents()
    boxes = [label.bounding_box() for label in dates.all()]
    frame = chart.bounding_box()
    context.close()
    assert len(texts) >= 3  # dates between the first and the last too
    assert texts[-1] == "20 Nov 26"
    assert not _overlaps(boxes), texts
    assert all(
        frame["x"] <= b["x"] and b["x"] + b["width"] <= frame["x"] + frame["width"] + 1
        for b in boxes
    )


def twenty_weeks_in(browser, live_server, athlete, size):
    """The athlete's progress page, 20 weeks into a 30-week plan, open at `size`: this
    week's Monday, the browser context (to close) and the page."""
    from django.utils import timezone

    from schedules.athlete_week import monday
    from tests.plan_factories import make_plan

    this_week = monday(timezone.localdate())
    make_plan(athlete, weeks=30, start=this_week - timedelta(weeks=20))
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/progress/")
    return this_week, context, page


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_the_volume_chart_opens_with_the_week_under_way_in_view(
    browser, live_server, athlete, size
):
    """20 weeks into a 30-week plan, the chart scrolls sideways on a phone: it opens with
    this week's bar in view, not at the plan's first weeks."""
    this_week, context, page = twenty_weeks_in(browser, live_server, athlete, size)
    frame = page.locator("figure.pg-wide")
    bar = frame.locator(
        "g", has=page.locator(f"title:text-matches('^Week of {this_week:%-d %b} .this week.:')")
    )
    frame.scroll_into_view_if_needed()
    shown, week = frame.bounding_box(), bar.bounding_box()
    label = frame.locator("text.this-week").bounding_box()  # "This week", above the bar
    context.close()
    assert shown["x"] <= week["x"] and week["x"] + week["width"] <= shown["x"] + shown["width"]
    assert shown["x"] <= label["x"] and label["x"] + label["width"] <= shown["x"] + shown["width"]
    assert label["x"] <= week["x"] + week["width"] / 2 <= label["x"] + label["width"]


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_the_volume_charts_scale_stays_in_view_beside_the_week_under_way(
    browser, live_server, athlete, size
):
    """Scrolled sideways to this week on a phone, the chart keeps its kg scale at its left,
    in front of the bars going under it, each number level with its grid line; at 1280 the
    chart looks as it did, the scale where the bars begin."""
    this_week, context, page = twenty_weeks_in(browser, live_server, athlete, size)
    frame = page.locator("figure.pg-wide")
    frame.scroll_into_view_if_needed()
    scrolled = frame.evaluate("frame => frame.scrollLeft")
    shown = frame.bounding_box()
    scale = frame.locator("text", has_text=re.compile(r"^(kg|0|[\d,]+)$"))
    boxes = {label.text_content(): label.bounding_box() for label in scale.all()}
    # In front: what the page shows at the middle of each number is that number.
    on_top = [
        page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y)?.textContent ?? null",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        for box in boxes.values()
    ]
    baseline = frame.locator("line[stroke='#17212b']").bounding_box()
    bar = frame.locator(
        "g", has=page.locator(f"title:text-matches('^Week of {this_week:%-d %b} .this week.:')")
    ).bounding_box()
    context.close()
    assert scrolled > 0 if size[0] == 390 else scrolled == 0  # on a phone, to this week
    assert "kg" in boxes and "0" in boxes and len(boxes) >= 4, boxes
    for box in boxes.values():
        assert shown["x"] <= box["x"] and box["x"] + box["width"] <= bar["x"]
    assert on_top == list(boxes)
    zero = boxes["0"]
    assert abs(zero["y"] + zero["height"] / 2 - baseline["y"]) < 4
    if not scrolled:  # the bars begin by the scale
        assert 0 < baseline["x"] - (zero["x"] + zero["width"]) < 12


def test_on_a_phone_the_log_shows_its_soreness_column_beside_a_lift_left_out(browser, live_server):
    """The log's four columns fit a phone's width, a session with a lift left out after pain
    too: the soreness, the column a coach looks for, is not pushed out of the frame."""
    from django.test import Client

    from athletes.models import AthleteLink
    from schedules.models import PlannedExercise
    from tests.athlete_pages.test_pain import flag_pain, next_squat
    from tests.plan_factories import make_plan

    club = ClubFactory(name="Riverside Harriers")
    owner = UserFactory(username="owner")
    MembershipFactory(club=club, role="owner", user=owner)
    athlete = AthleteFactory(club=club, name="Amara Okafor")
    plan = make_plan(athlete, weeks=2)
    week_url = f"/w/{AthleteLink.issue(athlete=athlete, created_by=owner)[1]}/"
    squat = (
        PlannedExercise.objects.filter(session__plan=plan, exercise__slug="back-squat")
        .order_by("session__date")
        .first()
    )
    client = Client()
    assert flag_pain(client, week_url, squat).status_code == 200
    later = next_squat(plan, squat)
    for pe in later.session.exercises.exclude(pk=later.pk):
        for number in range(1, pe.sets + 1):
            url = f"{week_url}sets/{pe.pk}/{number}/"
            assert client.post(url, {"done": "1", "reps": "5", "seen": ""}).status_code == 302
    later.session.__class__.objects.filter(pk=later.session.pk).update(soreness=6)

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/progress/")
    assert page.locator("#log", has_text="1 exercise left out: pain").count() == 1
    frame = page.locator("#log .table-scroll")
    wide, shown = frame.evaluate("frame => [frame.scrollWidth, frame.clientWidth]")
    soreness = page.locator("#log .dash-sore", has_text="6/10").bounding_box()
    box = frame.bounding_box()
    context.close()
    assert wide <= shown
    assert soreness["x"] + soreness["width"] <= box["x"] + box["width"]
