import re
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from athletes.models import DAYS
from programs.engine.duration import session_minutes
from schedules.athlete_week import KIND_NAMES, athlete_week
from schedules.models import PainFlag, PlannedExercise, PlannedSession, SetLog
from tests.factories import shipped


def this_monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def read(response) -> str:
    """The page's HTML with its non-breaking spaces (which keep "31 min" on one line) read
    as the spaces they show as."""
    return response.content.decode().replace("\xa0", " ").replace("&nbsp;", " ")


def when(day) -> str:
    """How the session tip names its day: today's says today, another day's that day."""
    return "today" if day == timezone.localdate() else "that day"


def test_week_shows_sets_reps_and_load(client, plan, week_url):
    body = read(client.get(week_url))
    assert "Back squat" in body
    assert "3 × 6 @ 60 kg" in body
    assert "3 × 6 each side @ 30 kg" in body  # Bulgarian split squat


def test_a_number_is_written_joined_to_its_unit(client, plan, week_url):
    """A line breaks at a space: the page joins a number to its unit with a non-breaking
    one, so "about 31" never ends a line with "min" on the next (nor "62.5" and "kg")."""
    body = client.get(week_url).content.decode()
    assert "3\xa0×\xa06 @ 60\xa0kg" in body
    assert "Warm-up: 1\xa0×\xa05 @ 32.5\xa0kg" in body
    assert "Rest 2:30\xa0min between sets" in body
    assert re.search(r"the whole session takes about \d+\xa0min\.", body)
    assert "about 10&nbsp;minutes of easy cardio" in body
    # The folded session's line keeps its kind and time together.
    assert re.search(r"<summary><span>Session&nbsp;[A-Z] · \w+&nbsp;·&nbsp;[AP]M", body)


def test_each_set_control_names_its_exercise_for_screen_readers(client, plan, week_url):
    """On screen every exercise has its "Set 1"; read out, they must be told apart."""
    body = client.get(week_url).content.decode()
    assert re.search(r'<span class="sr-only">Back squat, set 1, session A on \w+day</span>', body)
    assert 'aria-label="Back squat, set 1: reps done"' in body
    assert 'aria-label="Back squat, set 2: load in kg"' in body
    assert '<span class="aw-tick-label" aria-hidden="true">Set 1</span>' in body


def test_heavy_lifts_get_a_warm_up_set_at_55_percent(client, plan, week_url):
    body = read(client.get(week_url))
    assert "Warm-up: 1 × 5 @ 32.5 kg" in body  # 55 % of 60 kg, rounded down to 2.5 kg
    assert "Warm-up: 1 × 5 @ 35 kg" in body  # Romanian deadlift: 55 % of 65 kg


def test_plyometrics_have_no_warm_up_set(client, plan, week_url):
    body = client.get(week_url).content.decode()
    box_jump = body[body.index("Box jump") : body.index("Back squat")]
    assert "Warm-up" not in box_jump


def test_week_shows_rest_cues_and_why(client, plan, week_url):
    body = read(client.get(week_url))
    squat = shipped("back-squat")
    assert "Rest 2:30 min between sets" in body
    assert squat.cue_list[0] in body
    assert squat.why[:40] in body
    # Heard with its exercise and session: one "Why it matters" per lift is told apart from
    # the next, and from the same lift's in another session.
    assert re.search(
        r'<summary>Why it matters<span class="sr-only">: Back squat, session A on \w+day</span>',
        body,
    )


def test_each_pain_report_is_heard_with_its_exercise(client, plan, week_url):
    """Every lift has its "Pain? Report it": read out, or listed among a page's controls,
    one is told apart from the next by its exercise and session, as "Why it matters" is."""
    body = client.get(week_url).content.decode()
    assert re.search(
        r'<summary>Pain\? Report it<span class="sr-only">: Back squat, session A on \w+day</span>',
        body,
    )
    assert body.count("<summary>Pain? Report it<span") == body.count("<summary>Pain? Report it")


def test_week_shows_the_running_week_beside_strength(client, plan, week_url):
    body = client.get(week_url).content.decode()
    assert "Quality run · PM" in body  # Tuesday in the default running week
    assert "Long run · AM" in body


def test_a_session_on_a_running_day_says_to_run_first_and_lift_hours_later(
    client, athlete, plan, week_url
):
    """W3 on the phone: Monday's easy run and Thursday's afternoon quality run each share
    their day with a lift; Friday (no run) would not."""
    body = read(client.get(week_url))
    tip = "run first, then lift at least 3 hours later (6 is better)."
    monday, thursday = this_monday(), this_monday() + timedelta(days=3)
    assert f"Easy run {when(monday)}: {tip}" in body
    assert f"Quality run {when(thursday)}: {tip}" in body
    type(athlete).objects.filter(pk=athlete.pk).update(
        running_week={**athlete.running_week, "mon": {"run": "rest"}}
    )
    body = read(client.get(week_url))
    assert f"Easy run {when(monday)}: {tip}" not in body
    assert f"Quality run {when(thursday)}: {tip}" in body


def test_a_session_moved_to_the_morning_before_an_afternoon_run_is_not_told_to_run_first(
    client, athlete, plan, week_url
):
    """Thursday's quality run is in the afternoon; a coach moved the lift to the morning."""
    thursday = plan.sessions.filter(week=1, date__week_day=5).get()
    PlannedSession.objects.filter(pk=thursday.pk).update(time="am")
    body = read(client.get(week_url))
    start = body.index(f'id="session-{thursday.pk}"')
    head = body[start : body.index("</header>", start)]
    assert "run first" not in head
    afternoon = "this afternoon" if thursday.date == timezone.localdate() else "that afternoon"
    assert (
        f"Quality run {afternoon}: keep at least 3 hours between this session and the run "
        "(6 is better)." in head
    )
    # Monday's lift after the morning run
    assert f"Easy run {when(this_monday())}: run first" in body


def test_hill_sprints_on_a_running_day_are_not_told_to_wait_hours_after_the_run(
    client, athlete, plan, week_url
):
    monday = plan.sessions.filter(week=1).order_by("date").first()  # Monday: easy run
    PlannedSession.objects.filter(pk=monday.pk).update(kind="hill_sprint", label="H")
    body = client.get(week_url).content.decode()
    start = body.index(f'id="session-{monday.pk}"')
    sprints = body[start : body.index("</header>", start)]
    assert "run first" not in sprints
    thursday = this_monday() + timedelta(days=3)
    assert f"Quality run {when(thursday)}: run first" in body  # Thursday's lift still is


def test_effort_and_soreness_boxes_say_what_their_numbers_mean(client, plan, week_url):
    body = client.get(week_url).content.decode()
    nowrap = '<span class="nowrap">{}</span>'.format
    # The dot stays at the end of a line, with the words before it.
    rpe = "&nbsp;· ".join(map(nowrap, ("1 very easy", "5 steady", "10 all-out")))
    sore = "&nbsp;· ".join(map(nowrap, ("0 none", "5 clearly sore", "10 very sore")))
    assert rpe in body and sore in body
    assert f"How hard? {nowrap('RPE 1–10')}</span></label>" in body
    assert f"Soreness next day {nowrap('0–10')}</span></label>" in body


def test_week_shows_phase_and_weeks_to_race(client, athlete, plan, week_url):
    body = client.get(week_url).content.decode()
    assert "Build phase" in body
    assert f"{athlete.weeks_to_race()}</strong> weeks to City Marathon" in body


def test_today_comes_first(client, plan, week_url):
    body = client.get(week_url).content.decode()
    assert body.index('id="today-title"') < body.index('class="aw-day-list"')


def test_later_days_come_next_and_past_days_last_under_their_own_head(client, plan, week_url):
    body = client.get(week_url).content.decode()
    today = timezone.localdate()
    monday = this_monday()
    later_at = body.find("Later this week</h2>")
    earlier_at = body.find("Earlier this week</h2>")
    assert (later_at == -1) == (today.weekday() == 6)  # on a Sunday nothing is later
    assert (earlier_at == -1) == (today.weekday() == 0)  # on a Monday nothing is earlier
    for offset in range(7):
        day = monday + timedelta(days=offset)
        heads = [i for i in range(len(body)) if body.startswith(f"<h3>{day:%A} <span", i)]
        if day == today:
            assert heads == []  # today is shown once, at the top
        elif day > today:
            assert len(heads) == 1 and later_at < heads[0]
            assert earlier_at == -1 or heads[0] < earlier_at
        else:
            assert len(heads) == 1 and earlier_at < heads[0]


def test_a_week_split_around_a_wednesday(athlete, plan):
    monday = this_monday()
    week = athlete_week(athlete, monday, today=monday + timedelta(days=2))
    assert week.today.date == monday + timedelta(days=2)
    assert [d.date.weekday() for d in week.earlier_days] == [0, 1]
    assert [d.date.weekday() for d in week.later_days] == [3, 4, 5, 6]
    another = athlete_week(athlete, monday + timedelta(weeks=1), today=monday)
    assert another.today is None and another.earlier_days == []
    assert len(another.later_days) == 7


def test_the_late_log_hint_shows_only_while_a_past_session_is_unlogged(athlete, plan):
    monday = this_monday()
    sunday = athlete_week(athlete, monday, today=monday + timedelta(days=6))
    assert sunday.earlier_days and sunday.earlier_unlogged
    PlannedSession.objects.filter(plan=plan, date__lt=monday + timedelta(days=6)).update(
        logged_at=timezone.now()
    )
    assert not athlete_week(athlete, monday, today=monday + timedelta(days=6)).earlier_unlogged
    assert not athlete_week(athlete, monday, today=monday).earlier_unlogged  # nothing earlier


def test_no_late_log_hint_for_a_past_session_pain_left_empty(athlete, plan):
    monday = this_monday()
    first, second = plan.sessions.filter(date__lt=monday + timedelta(days=6)).order_by("date")
    PlannedSession.objects.filter(pk=second.pk).update(logged_at=timezone.now())
    reported = timezone.make_aware(datetime.combine(monday - timedelta(days=1), time(18)))
    for pe in first.exercises.all():
        flag = PainFlag.objects.create(athlete=athlete, exercise=pe.exercise)
        PainFlag.objects.filter(pk=flag.pk).update(created_at=reported)
    week = athlete_week(athlete, monday, today=monday + timedelta(days=6))
    assert week.days[0].sessions[0].all_withheld
    assert not week.earlier_unlogged  # nothing was left to lift in it


def test_a_day_without_running_but_with_a_session_is_no_run_not_a_rest_day(athlete, plan):
    athlete.running_week = {day: {"run": "rest"} for day in DAYS}
    athlete.save()
    week = athlete_week(athlete, this_monday(), today=this_monday())
    names = {bool(day.sessions): day.run_name for day in week.days}
    assert names == {True: "No run", False: "Rest day"}


def test_the_come_back_tomorrow_word_only_while_soreness_is_still_to_come(athlete, plan):
    monday = this_monday()
    week = athlete_week(athlete, monday + timedelta(weeks=1), today=monday)
    views = [s for d in week.days for s in d.sessions]
    assert views and all(v.soreness_later for v in views)  # all still to come
    PlannedSession.objects.filter(pk=views[0].session.pk).update(soreness=2)
    week = athlete_week(athlete, monday + timedelta(weeks=1), today=monday)
    first = next(s for d in week.days for s in d.sessions if s.session.pk == views[0].session.pk)
    assert not first.soreness_later  # already reported
    views[1].session.date = timezone.localdate() - timedelta(days=1)
    assert not views[1].soreness_later  # a day gone: tomorrow has come


def test_soreness_cannot_be_typed_before_the_sessions_day(client, plan, week_url):
    """The form refuses soreness for a session still to come (it is told the day after), so
    its box takes none: typed with the effort and the note, it sent all three back."""
    from unittest import mock

    monday = this_monday()
    sessions = list(plan.sessions.filter(date__gte=monday).order_by("date"))
    today = sessions[0].date  # the day of this week's first session
    noon = timezone.make_aware(datetime.combine(today, time(12)))
    with mock.patch("django.utils.timezone.now", return_value=noon):
        body = client.get(f"{week_url}?week={(monday + timedelta(weeks=1)).isoformat()}")
        body = body.content.decode() + client.get(week_url).content.decode()

    def soreness_box(session) -> str:
        html = body[body.index(f'id="soreness-{session.pk}"') :]
        return html[: html.index(">")]

    later = [s for s in sessions if s.date > today]
    assert later and all(" readonly" in soreness_box(s) for s in later)
    assert " readonly" not in soreness_box(sessions[0])  # an evening's report is taken


def test_week_links_to_previous_and_next_weeks(client, plan, week_url):
    monday = this_monday()
    body = client.get(week_url).content.decode()
    assert f"?week={(monday - timedelta(weeks=1)).isoformat()}" in body
    assert f"?week={(monday + timedelta(weeks=1)).isoformat()}" in body


def test_next_week_shows_its_own_sessions(client, plan, week_url):
    next_monday = this_monday() + timedelta(weeks=1)
    response = client.get(f"{week_url}?week={(next_monday + timedelta(days=2)).isoformat()}")
    body = response.content.decode()
    ids = PlannedSession.objects.filter(plan=plan, date__gte=next_monday).values_list(
        "pk", flat=True
    )
    for pk in ids:
        assert f'id="session-{pk}"' in body
    sunday = next_monday + timedelta(days=6)
    dates = f"{next_monday.day} {next_monday:%b} – {sunday.day} {sunday:%b}"
    assert f'<h1>Next week <span class="aw-dates">{dates}</span></h1>' in body
    # The browser tab says it as the heading does.
    assert f"<title>{plan.athlete.name}: next week" in body


def test_a_later_week_gives_its_year(client, plan, week_url):
    later = this_monday() + timedelta(weeks=3)
    body = client.get(f"{week_url}?week={later.isoformat()}").content.decode()
    sunday = later + timedelta(days=6)
    year = f" {later.year}" if later.year != sunday.year else ""  # a week across New Year
    assert f"<h1>{later.day} {later:%b}{year} – {sunday.day} {sunday:%b %Y}</h1>" in body


def test_weeks_to_race_count_from_the_week_shown(client, athlete, plan, week_url):
    later = this_monday() + timedelta(weeks=3)
    body = client.get(f"{week_url}?week={later.isoformat()}").content.decode()
    expected = athlete.weeks_to_race(later)
    assert f"<strong>{expected}</strong> weeks to City Marathon" in body
    assert expected == athlete.weeks_to_race() - 3


@pytest.mark.parametrize(("weekday", "days"), [(2, 5), (6, 1)])
def test_a_race_in_the_next_days_of_next_week_is_counted_in_days(
    client, athlete, plan, week_url, weekday, days
):
    """Less than a week away, but in next week: not "0 weeks to" the race."""
    from unittest import mock

    day = this_monday() + timedelta(days=weekday)
    athlete.race_date = this_monday() + timedelta(days=7)
    athlete.save(update_fields=["race_date"])
    noon = timezone.make_aware(datetime.combine(day, time(12)))
    with mock.patch("django.utils.timezone.now", return_value=noon):
        body = client.get(week_url).content.decode()
    assert "<strong>0</strong>" not in body
    assert f"<strong>{days}</strong> day{'s' * (days != 1)} to City Marathon" in body


@pytest.mark.parametrize("weekday", range(7))
def test_this_week_counts_one_week_more_to_the_race_than_next_week(
    client, athlete, plan, week_url, weekday
):
    """A race on a Wednesday, three weeks after next week's: whatever the day it is looked at,
    this week is 4 weeks to it and next week 3, never both "3 weeks to" the race."""
    from unittest import mock

    athlete.race_date = this_monday() + timedelta(weeks=4, days=2)
    athlete.save(update_fields=["race_date"])
    noon = timezone.make_aware(datetime.combine(this_monday() + timedelta(days=weekday), time(12)))

    def count(week) -> str:
        with mock.patch("django.utils.timezone.now", return_value=noon):
            body = client.get(f"{week_url}?week={week.isoformat()}").content.decode()
        line = body[body.index('class="aw-phase-line"') : body.index('aria-label="Weeks"')]
        return " ".join(re.sub(r"<[^>]+>", " ", line).split())

    assert "4 weeks to City Marathon" in count(this_monday())
    assert "3 weeks to City Marathon" in count(this_monday() + timedelta(weeks=1))


@pytest.mark.parametrize(("weekday", "days"), [(0, 9), (3, 6), (6, 3)])
def test_a_race_days_away_in_next_week_is_still_counted_in_days(
    client, athlete, plan, week_url, weekday, days
):
    """Next week's Wednesday: in days once it is less than a week away, else one week."""
    from unittest import mock

    athlete.race_date = this_monday() + timedelta(days=9)
    athlete.save(update_fields=["race_date"])
    noon = timezone.make_aware(datetime.combine(this_monday() + timedelta(days=weekday), time(12)))
    with mock.patch("django.utils.timezone.now", return_value=noon):
        body = client.get(week_url).content.decode()
    if days < 7:
        assert f"<strong>{days}</strong> days to City Marathon" in body
    else:
        assert "<strong>1</strong> week to City Marathon" in body


def test_the_race_week_names_the_race_day(client, athlete, plan, week_url):
    race = athlete.race_date
    body = client.get(f"{week_url}?week={race.isoformat()}").content.decode()
    assert f"<strong>Race week:</strong> City Marathon on {race:%A}" in body
    head = body.index(f"<h3>{race:%A} <span")
    assert '<span class="pill aw-race">Race day</span>' in body[head : head + 300]
    after = client.get(f"{week_url}?week={(race + timedelta(days=7)).isoformat()}")
    text = after.content.decode()
    assert "weeks to City Marathon" not in text
    assert race > timezone.localdate()
    assert f"Your plan ends on {race:%A} {race.day} {race:%B %Y}." in text


def test_a_race_week_with_no_lifting_says_so_once_above_its_days(client, athlete, plan, week_url):
    """Seven days of "No strength work" read like a plan gone missing: the week says once
    that race week has no lifting, on purpose (W4)."""
    race = athlete.race_date
    monday = race - timedelta(days=race.weekday())
    PlannedSession.objects.filter(plan=plan, date__range=(monday, race)).delete()
    body = client.get(f"{week_url}?week={race.isoformat()}").content.decode()
    assert body.count("No lifting this week: it is race week") == 1
    assert "fresh legs for City Marathon" in body
    first = race - timedelta(days=3)
    assert (
        f"no strength work from {first:%A} {first.day} {first:%B} to race day, the 72 hours "
        "before it" in body
    )
    # A week of the plan with lifting in it says nothing of the kind.
    first = client.get(f"{week_url}?week={plan.start_date.isoformat()}").content.decode()
    assert "No lifting this week" not in first


def test_a_week_after_a_plan_that_is_over_says_it_ended(client, athlete, week_url):
    from tests.plan_factories import make_plan

    plan = make_plan(athlete, weeks=1, start=this_monday() - timedelta(weeks=3))
    type(plan).objects.filter(pk=plan.pk).update(race_date=None)  # the race is still ahead
    end = plan.start_date + timedelta(days=6)
    text = client.get(week_url).content.decode()
    assert f"Your plan ended on {end:%A} {end.day} {end:%B %Y}." in text


def test_a_week_before_the_plan_says_when_it_starts(client, plan, week_url):
    before = plan.start_date - timedelta(weeks=2)
    body = client.get(f"{week_url}?week={before.isoformat()}").content.decode()
    start = plan.start_date
    assert f"it starts on {start:%A} {start.day} {start:%B %Y}." in body
    assert f'?week={start.isoformat()}">Go to its first week</a>' in body


def test_a_week_before_the_plan_is_named_as_its_heading_names_it(client, athlete, week_url):
    """Next week is not "this week": the words follow the week shown."""
    from tests.plan_factories import make_plan

    plan = make_plan(athlete, weeks=2, start=this_monday() + timedelta(weeks=3))
    later = [f"?week={(this_monday() + timedelta(weeks=n)).isoformat()}" for n in (1, 2)]
    said = {
        "": "This week is before your plan",
        later[0]: "Next week is before your plan",
        later[1]: "These dates are before your plan",
    }
    for query, words in said.items():
        body = client.get(week_url + query).content.decode()
        assert f"{words}: it starts on {plan.start_date:%A}" in body, query
        assert sum(other in body for other in said.values()) == 1, query


def test_a_week_long_before_the_plan_says_when_it_starts_not_a_count_to_the_race(
    client, plan, week_url
):
    """Paged back two years: not "120 weeks to City Marathon", a race nobody had in view."""
    before = plan.start_date - timedelta(weeks=104)
    body = client.get(f"{week_url}?week={before.isoformat()}").content.decode()
    start = plan.start_date
    assert "weeks to City Marathon" not in body
    assert f"it starts on {start:%A} {start.day} {start:%B %Y}." in body


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_plan_starting_far_ahead_counts_to_the_race_from_this_week_and_from_its_weeks(
    client, athlete, week_url, signed_in
):
    from tests.factories import UserFactory
    from tests.plan_factories import make_plan

    athlete.race_date = this_monday() + timedelta(weeks=30, days=5)
    athlete.save(update_fields=["race_date"])
    plan = make_plan(athlete, weeks=2, start=this_monday() + timedelta(weeks=20))
    if signed_in:
        athlete.user = UserFactory(username="amara")
        athlete.save(update_fields=["user"])
        client.force_login(athlete.user)
        week_url = "/me/"

    def head(week) -> str:
        body = client.get(f"{week_url}?week={week.isoformat()}").content.decode()
        return body[body.index('class="aw-week-head"') : body.index('aria-label="Weeks"')]

    # Whenever the plan starts, and whatever the day (30 on a Sunday too, as its first week's
    # 10 is 20 weeks on).
    assert "<strong>30</strong> weeks to City Marathon" in head(this_monday())
    assert "to City Marathon" not in head(this_monday() + timedelta(weeks=5))
    assert "<strong>10</strong> weeks to City Marathon" in head(plan.start_date)


def test_with_no_plan_a_past_week_counts_nothing_to_the_race(client, athlete, week_url):
    past = this_monday() - timedelta(weeks=30)
    assert "to City Marathon" not in client.get(f"{week_url}?week={past}").content.decode()
    later = this_monday() + timedelta(weeks=3)
    expected = athlete.weeks_to_race(later)
    body = client.get(f"{week_url}?week={later}").content.decode()
    assert f"<strong>{expected}</strong> weeks to City Marathon" in body


@pytest.mark.parametrize("week", ["not-a-date", "0001-01-01", "9999-12-31", "2026-02-30"])
def test_a_bad_week_parameter_shows_this_week(client, plan, week_url, week):
    response = client.get(f"{week_url}?week={week}")
    assert response.status_code == 200
    assert "This week" in response.content.decode()


def test_loads_show_in_pounds_for_pound_athletes(client, athlete, plan, week_url):
    PlannedExercise.objects.filter(session__plan=plan).update(unit="lb")
    PlannedExercise.objects.filter(session__plan=plan, exercise__slug="back-squat").update(
        load=Decimal("135")
    )
    body = read(client.get(week_url))
    assert "3 × 6 @ 135 lb" in body
    assert "Warm-up: 1 × 5 @ 70 lb" in body  # 55 % of 135 lb = 74.25, down to 5 lb


@pytest.mark.parametrize(
    ("unit", "load", "warm_up"),
    [("lb", "45", "25"), ("lb", "35", "20"), ("lb", "25", "15"), ("kg", "22.5", "12.5")],
)
def test_a_light_lifts_warm_up_stays_within_50_to_60_percent(
    client, squat, week_url, unit, load, warm_up
):
    """Rounded down from 55 %, these fall below half the working weight (45 lb: 20 lb); the
    next plate up is in S6's 50-60 % band. The phone and the PDFs say the same."""
    from schedules.export_pdf import exercise_row

    PlannedExercise.objects.filter(pk=squat.pk).update(unit=unit, load=Decimal(load))
    squat.refresh_from_db()
    card = read(client.get(week_url)).split(f'id="ex-{squat.pk}"')[1].split("</section>")[0]
    assert f"3 × 6 @ {load} {unit}" in card
    assert f"Warm-up: 1 × 5 @ {warm_up} {unit}" in card
    assert exercise_row(squat).warmup == f"{warm_up} {unit} × 5"


@pytest.mark.parametrize(("unit", "load"), [("kg", "7.5"), ("lb", "15")])
def test_a_lift_too_light_for_a_warm_up_in_the_band_has_none(client, squat, week_url, unit, load):
    """7.5 kg: 2.5 kg is a third of it and 5 kg two thirds; no plate load is within S6's
    50-60 %, so no warm-up line is given rather than one outside the band."""
    from schedules.export_pdf import exercise_row

    PlannedExercise.objects.filter(pk=squat.pk).update(unit=unit, load=Decimal(load))
    squat.refresh_from_db()
    card = read(client.get(week_url)).split(f'id="ex-{squat.pk}"')[1].split("</section>")[0]
    assert f"3 × 6 @ {load} {unit}" in card
    assert "Warm-up" not in card
    assert not exercise_row(squat).warmup


def test_no_1rm_is_prescribed_by_effort(client, squat, week_url):
    """Said in words an athlete knows: "1RM" alone is the coach's shorthand."""
    PlannedExercise.objects.filter(pk=squat.pk).update(load=None)
    body = client.get(week_url).content.decode()
    assert "No one-rep max (1RM) yet: pick a weight you could lift 2 more times" in body
    assert "No 1RM yet" not in body


def test_athlete_without_a_plan_sees_a_friendly_page(client, athlete, week_url):
    response = client.get(week_url)
    assert response.status_code == 200
    assert "has not made your plan yet" in response.content.decode()


def test_logged_sets_show_as_ticked(client, squat, week_url):
    client.post(f"{week_url}sets/{squat.pk}/2/", {"done": "1", "reps": "5", "load": "57.5"})
    body = client.get(f"{week_url}?week={squat.session.date.isoformat()}").content.decode()
    row = body[body.index(f'id="set-{squat.pk}-2"') :]
    row = row[: row.index("</form>")]
    assert "checked" in row
    assert 'value="57.5"' in row and 'value="5"' in row


def test_week_page_has_no_inline_script_or_style(client, plan, week_url):
    body = client.get(week_url).content.decode()
    assert "style=" not in body
    assert "<script>" not in body
    assert " onclick=" not in body


def test_week_page_uses_a_constant_number_of_queries(
    client, plan, week_url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        client.get(week_url)
    session = plan.sessions.order_by("date").first()
    for extra in range(6):
        PlannedExercise.objects.create(
            session=session,
            order=10 + extra,
            exercise=shipped("calf-raise"),
            category="max_strength",
            sets=4,
            reps=8,
            load=Decimal("40"),
            unit="kg",
        )
    with django_assert_max_num_queries(5):
        client.get(week_url)


def test_a_log_save_uses_a_constant_number_of_queries(
    client, squat, week_url, django_assert_max_num_queries
):
    """A first tick locks and inserts (the athlete's row held first, against an archive); a
    later change is one conditional UPDATE of the set (the archive checked in it) and one of
    the session's logged mark (asked of the database, so an untick elsewhere cannot leave a
    ticked session unmarked)."""
    url = f"{week_url}sets/{squat.pk}/1/"
    with django_assert_max_num_queries(13):
        response = client.post(url, {"done": "1", "reps": "6"}, HTTP_HX_REQUEST="true")
    for reps in (5, 6, 4):
        stamp = SetLog.objects.get(planned_exercise=squat).updated_at.isoformat()
        with django_assert_max_num_queries(4):
            response = client.post(
                url, {"done": "1", "reps": reps, "seen": stamp}, HTTP_HX_REQUEST="true"
            )
        assert response.status_code == 200
    assert SetLog.objects.get(planned_exercise=squat).reps == 4


def test_a_session_log_save_uses_a_constant_number_of_queries(
    client, first_session, week_url, django_assert_max_num_queries
):
    for version in (1, 2):
        with django_assert_max_num_queries(4):
            response = client.post(
                f"{week_url}sessions/{first_session.pk}/log/",
                {"version": version, "rpe": 7},
                HTTP_HX_REQUEST="true",
            )
        assert response.status_code == 200


def test_a_week_without_sessions_still_shows_the_phase(client, plan, week_url):
    PlannedSession.objects.filter(plan=plan, date__lt=this_monday() + timedelta(weeks=1)).delete()
    body = client.get(week_url).content.decode()
    assert "Build phase" in body
    assert "No strength work" in body


def test_phone_and_pdf_agree_on_warm_ups_and_sides(athlete, plan, squat):
    """One rule for the warm-up set (S6) and for 'each side', whatever shows the session."""
    from schedules.athlete_week import prescription_text, warm_up_text
    from schedules.export_pdf import exercise_row

    assert warm_up_text(squat) == "Warm-up: 1 × 5 @ 32.5 kg"
    assert exercise_row(squat).warmup == "32.5 kg × 5"
    # A light accessory load (a 5 kg single-leg calf raise, no 1RM behind it): no warm-up set.
    light = PlannedExercise.objects.filter(session=squat.session).exclude(pk=squat.pk).first()
    light.category, light.load, light.percent_1rm, light.reps = "max_strength", 5, None, 10
    assert warm_up_text(light) == "" and exercise_row(light).warmup == ""
    squat.reps, squat.seconds, squat.unilateral = None, 30, True
    assert prescription_text(squat).startswith("3 × 30 s each side")
    assert exercise_row(squat).each_leg
    # A carry is done with each hand in turn: 20 m a side.
    squat.seconds, squat.metres, squat.load = None, 20, None
    assert prescription_text(squat) == "3 × 20 m each side"
    # Bounding is single-leg work, but 20 m is covered once, the legs in turn (DOMAIN:
    # bounding 3 x 20-30 m); so are hill sprints of 8 s.
    squat.exercise = shipped("bounding")
    assert prescription_text(squat) == "3 × 20 m"
    assert not exercise_row(squat).each_leg
    squat.exercise, squat.category = shipped("hill-sprint"), "hill_sprint"
    squat.metres, squat.seconds, squat.sets = None, 8, 6
    assert prescription_text(squat) == "6 × 8 s"
    assert not exercise_row(squat).each_leg


def test_a_prescriptions_note_reaches_the_phone_and_calendar(client, squat, week_url, token):
    PlannedExercise.objects.filter(pk=squat.pk).update(note="Slow <b>down</b> on the way down")
    body = client.get(week_url).content.decode()
    card = body[body.index(f'id="ex-{squat.pk}"') :]
    assert "<strong>Note:</strong> Slow &lt;b&gt;down&lt;/b&gt; on the way down" in card
    feed = client.get(f"{week_url}calendar.ics").content.decode().replace("\r\n ", "")
    assert "note: Slow <b>down</b> on the way down" in feed


def test_why_it_matters_keeps_its_line_breaks_on_the_phone(client, squat, week_url):
    squat.exercise.why = "Stiffer tendons.\nBetter <i>economy</i>."
    squat.exercise.save()
    body = client.get(week_url).content.decode()
    card = body[body.index(f'id="ex-{squat.pk}"') :]
    assert "<p>Stiffer tendons.<br>Better &lt;i&gt;economy&lt;/i&gt;.</p>" in card


def test_a_load_of_zero_is_a_load_not_a_missing_1rm(client, squat, week_url):
    """As the PDF prints it: the coach set 0 (an empty bar), not "no 1RM yet"."""
    PlannedExercise.objects.filter(pk=squat.pk).update(load=Decimal("0"))
    body = read(client.get(week_url))
    assert "3 × 6 @ 0 kg" in body
    assert "one-rep max" not in body.split("Back squat", 1)[1].split("Romanian", 1)[0]


def test_a_week_across_new_year_gives_both_years(client, athlete, week_url):
    from datetime import date

    from tests.plan_factories import make_plan

    make_plan(athlete, weeks=2, start=date(2030, 12, 23))
    body = client.get(f"{week_url}?week=2030-12-30").content.decode()
    assert "<h1>30 Dec 2030 – 5 Jan 2031</h1>" in body


def test_a_session_the_coach_moved_says_so_on_the_athletes_week(
    client, plan, first_session, week_url
):
    moved_from = first_session.date
    moved_to = moved_from + timedelta(days=8)  # next week's Tuesday: never today
    PlannedSession.objects.filter(pk=first_session.pk).update(
        date=moved_to, moved_from=moved_from, hand_edited=True
    )
    body = read(client.get(f"{week_url}?week={moved_to.isoformat()}"))
    assert f"Moved here from {moved_from:%A %-d %B} by your coach." in body
    assert "· PM · moved here</span>" in body  # on the day's folded line too


def test_each_session_says_how_long_it_takes_with_its_warm_up(client, first_session, week_url):
    squat = first_session.exercises.get(exercise__slug="back-squat")
    first_session.exercises.exclude(pk=squat.pk).delete()
    PlannedExercise.objects.filter(pk=squat.pk).update(sets=3, reps=5, rest_s=180)
    body = read(client.get(f"{week_url}?week={first_session.date.isoformat()}"))
    # 10 min warm-up, three sets of 5 reps with 3 min rest between, one lighter set first.
    assert "the whole session takes about 19 min." in body


def test_an_exercise_left_out_after_pain_does_not_count_in_the_length(
    client, plan, squat, week_url
):
    later = (
        PlannedExercise.objects.filter(session__plan=plan, exercise=squat.exercise)
        .exclude(pk=squat.pk)
        .get()
    )
    exercises = list(later.session.exercises.all())
    url = f"{week_url}?week={later.session.date.isoformat()}"
    full = session_minutes(exercises)
    assert f"the whole session takes about {full} min." in read(client.get(url))
    response = client.post(f"{week_url}exercises/{squat.pk}/pain/", {"note": "knee"})
    assert response.status_code == 302
    left = session_minutes([e for e in exercises if e.pk != later.pk])
    assert left < full
    assert f"the whole session takes about {left} min." in read(client.get(url))


def test_a_session_after_next_week_shows_when_it_can_be_logged(client, plan, week_url):
    near, far = plan.sessions.filter(label="A").order_by("date")[:2]
    near.date, far.date = this_monday() + timedelta(days=13), this_monday() + timedelta(days=14)
    near.save(update_fields=["date"])
    far.save(update_fields=["date"])
    body = read(client.get(f"{week_url}?week={far.date.isoformat()}"))
    body += read(client.get(f"{week_url}?week={near.date.isoformat()}"))
    far_squat = far.exercises.get(exercise__slug="back-squat")
    near_squat = near.exercises.get(exercise__slug="back-squat")
    opens = this_monday() + timedelta(days=7)
    assert f"log this session from {opens:%A} {opens.day} {opens:%b}, the week before" in body
    assert f"sets/{far_squat.pk}/1/" not in body  # no set to tick yet
    assert f'id="log-{far.pk}"' not in body  # nor effort and soreness to fill in
    assert "3 × 6 @ 60 kg" in body  # what to lift is there all the same
    assert f"sets/{near_squat.pk}/1/" in body
    assert f'id="log-{near.pk}"' in body


def test_the_day_after_a_logged_session_the_week_asks_how_sore_the_athlete_is(
    client, plan, week_url
):
    """The coach's soreness flags (L8) hang on a report made the day after; nothing asked
    for it, and yesterday's session sat folded away under "Earlier this week"."""
    from unittest import mock

    wednesday = this_monday() + timedelta(days=2)
    noon = timezone.make_aware(datetime.combine(wednesday, time(12)))
    session = PlannedSession.objects.filter(plan=plan).order_by("date").first()
    PlannedSession.objects.filter(pk=session.pk).update(
        date=wednesday - timedelta(days=1), logged_at=noon - timedelta(days=1), soreness=None
    )
    with mock.patch("django.utils.timezone.now", return_value=noon):
        page = client.get(week_url).content.decode()
        asked = f'<a href="#soreness-{session.pk}" data-opens="soreness-{session.pk}">'
        assert "How sore are you today, after yesterday's session" in page
        assert asked in page
        PlannedSession.objects.filter(pk=session.pk).update(soreness=3)
        assert "How sore are you today" not in client.get(week_url).content.decode()


def test_on_a_monday_the_week_asks_about_sundays_session_and_links_to_last_week(
    client, plan, week_url, django_assert_max_num_queries
):
    """Sunday's session is last week's: on Monday this week's page still asks how sore it
    left the athlete, and the link opens last week's page at that session's soreness box."""
    from unittest import mock

    monday = this_monday()
    sunday = monday - timedelta(days=1)
    noon = timezone.make_aware(datetime.combine(monday, time(12)))
    session = PlannedSession.objects.filter(plan=plan).order_by("date").first()
    PlannedSession.objects.filter(pk=session.pk).update(
        date=sunday, logged_at=noon - timedelta(days=1), soreness=None
    )
    last_week = f"{week_url}?week={(monday - timedelta(days=7)).isoformat()}"
    with mock.patch("django.utils.timezone.now", return_value=noon):
        with django_assert_max_num_queries(5):  # as on any other day
            page = client.get(week_url).content.decode()
        assert "How sore are you today, after yesterday's session" in page
        assert f'<a href="{last_week}#soreness-{session.pk}"' in page
        assert f'id="soreness-{session.pk}"' in client.get(last_week).content.decode()
        PlannedSession.objects.filter(pk=session.pk).update(soreness=2)
        assert "How sore are you today" not in client.get(week_url).content.decode()
    tuesday = noon + timedelta(days=1)
    PlannedSession.objects.filter(pk=session.pk).update(soreness=None)
    with mock.patch("django.utils.timezone.now", return_value=tuesday):
        assert "How sore are you today" not in client.get(week_url).content.decode()


def test_the_tip_of_a_session_on_another_day_does_not_say_today(client, plan, week_url):
    """Monday's easy run and Thursday's quality run: on a day that is neither, no session
    tip says "today"."""
    from unittest import mock

    friday = this_monday() + timedelta(days=4)
    noon = timezone.make_aware(datetime.combine(friday, time(12)))
    with mock.patch("django.utils.timezone.now", return_value=noon):
        body = client.get(week_url).content.decode()
    assert "Easy run that day: run first" in body and "Quality run that day: run first" in body
    assert "run today" not in body


def test_a_soreness_saved_takes_away_the_word_on_when_to_fill_it_in(
    client, first_session, week_url
):
    """On the session's day the box takes an evening's report, so its word says when it is
    best filled in, not to come back tomorrow over a box that takes one now; once a
    soreness is saved, that word goes with it."""
    from unittest import mock

    noon = timezone.make_aware(datetime.combine(first_session.date, time(12)))
    url = f"{week_url}sessions/{first_session.pk}/log/"
    hint = f'id="soreness-{first_session.pk}-when"'
    with mock.patch("django.utils.timezone.now", return_value=noon):
        page = client.get(week_url).content.decode()
        box = page[page.index(f'id="soreness-{first_session.pk}"') :]
        assert " readonly" not in box[: box.index(">")]
        assert "Come back tomorrow" not in page
        assert f"{hint}>Best filled in tomorrow morning; tonight works too.</p>" in page
        saved = client.post(url, {"version": 1, "rpe": 7}, HTTP_HX_REQUEST="true").content.decode()
        assert hint not in saved  # no soreness yet: the word stays
        response = client.post(url, {"version": 2, "soreness": 3}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert f'<p class="muted small" {hint} hx-swap-oob="true" hidden></p>' in body
    # A page opened once the soreness is in holds the line too, empty and hidden, so a
    # later save's out-of-band swap finds its place (else htmx reports no target).
    with mock.patch("django.utils.timezone.now", return_value=noon):
        page = client.get(week_url).content.decode()
    assert f'<p class="muted small" {hint} hidden></p>' in page


def test_an_exercise_card_escapes_its_name_and_cues_as_text_and_in_attributes(
    client, squat, week_url
):
    """The cards are built in Python (schedules.athlete_html): a club's exercise named with
    quotes and markup reads as typed, in the heading, the cues and the pain form's question."""
    squat.exercise.name = 'Squat "deep" <b>&</b>'
    squat.exercise.cues = "Knees <out>\nChest 'up'"
    squat.exercise.save()
    body = client.get(week_url).content.decode()
    card = body[body.index(f'id="ex-{squat.pk}"') :]
    card = card[: card.index("</section>")]
    assert "<h4>Squat &quot;deep&quot; &lt;b&gt;&amp;&lt;/b&gt;</h4>" in card
    assert "<li>Knees &lt;out&gt;</li><li>Chest &#x27;up&#x27;</li>" in card
    assert (
        'hx-confirm="Stop Squat &quot;deep&quot; &lt;b&gt;&amp;&lt;/b&gt; and tell your coach'
        in card
    )
    assert "<b>" not in card


def test_sessions_of_days_the_athlete_was_archived_are_not_called_missed_logs(athlete, plan):
    """Restored mid-week: the days before, while they were archived, held nothing of theirs
    to log, so the week does not ask for a missed log."""
    from athletes.models import Athlete
    from schedules.athlete_week import athlete_week

    start = plan.start_date
    thursday = start + timedelta(days=3)
    assert plan.sessions.filter(date__lt=thursday, logged_at=None).exists()
    assert athlete_week(athlete, start, thursday).earlier_unlogged
    away = [{"from": (start - timedelta(days=5)).isoformat(), "until": thursday.isoformat()}]
    Athlete.objects.filter(pk=athlete.pk).update(archived_periods=away)
    athlete.refresh_from_db()
    assert not athlete_week(athlete, start, thursday).earlier_unlogged
    # One day of the week after the restore, not logged, is asked about again.
    away[0]["until"] = (start + timedelta(days=1)).isoformat()
    Athlete.objects.filter(pk=athlete.pk).update(archived_periods=away)
    athlete.refresh_from_db()
    later = plan.sessions.filter(date__gte=start + timedelta(days=1), date__lt=thursday)
    assert athlete_week(athlete, start, thursday).earlier_unlogged == later.exists()


@pytest.mark.parametrize(("unit", "top"), [("kg", "400"), ("lb", "880")])
def test_the_load_box_tells_a_screen_reader_its_range_in_its_unit(
    client, plan, squat, week_url, unit, top
):
    """A text box says nothing of its range: the load box is described by the range the
    server takes in the row's unit, as the reps box is."""
    PlannedExercise.objects.filter(session__plan=plan).update(unit=unit)
    body = client.get(week_url).content.decode()
    row = f"set-{squat.pk}-1"
    assert (
        f'aria-label="Back squat, set 1: load in {unit}" aria-describedby="{row}-load-range"'
        in body
    )
    assert (
        f'<span class="sr-only" id="{row}-load-range">A weight from 0 to {top} {unit}.</span>'
        in body
    )


def test_a_session_after_the_race_says_so_and_to_ask_the_coach(
    client, athlete, plan, week_url, django_assert_max_num_queries
):
    """The race moved before a session a re-plan kept (for the coach's load edits or the
    athlete's log): the athlete's week marks it as after the race, as the printed plan
    does, folded and open, from the athlete's row with no query more."""
    later = this_monday() + timedelta(weeks=1)
    first, second = plan.sessions.filter(date__gte=later).order_by("date")[:2]
    race = first.date + timedelta(days=1)  # between next week's two sessions
    athlete.race_date = race
    athlete.save(update_fields=["race_date"])
    type(plan).objects.filter(pk=plan.pk).update(race_date=race)  # as the re-plan makes it
    with django_assert_max_num_queries(5):
        body = read(client.get(f"{week_url}?week={later.isoformat()}"))
    said = f"After the race on {race:%a %-d %b}: ask your coach before doing it."
    assert body.count(said) == 1
    card = body[body.index(f'id="session-{second.pk}"') :]
    assert card.index(said) < card.index("</header>")
    folded = body[: body.index(f'id="session-{second.pk}"')].rsplit("<summary>", 1)[1]
    assert f"Session {second.label} · Lifting · {second.time.upper()} · after the race" in folded
    before = body[body.index(f'id="session-{first.pk}"') :].split("</article>", 1)[0]
    assert "after the race" not in before.lower()


def test_a_plan_made_after_a_race_already_run_marks_no_session_after_it(
    client, athlete, plan, week_url
):
    """A race already run when the plan was made: the plan is an off-season block with no
    race (services.athlete_profile), so its sessions are not marked as after a race."""
    later = this_monday() + timedelta(weeks=1)
    athlete.race_date = plan.start_date - timedelta(days=1)
    athlete.save(update_fields=["race_date"])
    type(plan).objects.filter(pk=plan.pk).update(race_date=None)

    body = client.get(f"{week_url}?week={later.isoformat()}").content.decode()

    assert plan.sessions.filter(date__gte=later, date__lt=later + timedelta(weeks=1)).exists()
    assert 'id="session-' in body
    assert "after the race" not in body.lower()


def test_today_s_session_heading_reads_as_the_day_boxes_do(client, plan, week_url):
    """ "Session A · Lifting · PM" today as in a day's box, not "Session A Lifting · PM"."""
    session = plan.sessions.order_by("date").first()
    PlannedSession.objects.filter(pk=session.pk).update(date=timezone.localdate(), time="pm")
    session.refresh_from_db()
    words = f"Session {session.label} · {KIND_NAMES[session.kind]} · PM"
    body = read(client.get(week_url))
    today = body[body.index('<section class="aw-today"') :]
    today = today[: today.index("</section>")]
    heading = re.search(r"<h3>(.*?)</h3>", today, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", heading) == words
