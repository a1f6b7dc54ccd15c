import re
from datetime import time, timedelta

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from schedules.models import PlannedExercise, PlannedSession


def feed(client, week_url) -> Calendar:
    response = client.get(f"{week_url}calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar: Calendar):
    return [c for c in calendar.walk("VEVENT")]


def test_feed_has_one_event_per_planned_session(client, plan, week_url):
    assert len(events(feed(client, week_url))) == PlannedSession.objects.filter(plan=plan).count()


def test_events_use_am_and_pm_slots_in_local_time(client, plan, week_url):
    PlannedSession.objects.filter(pk=plan.sessions.order_by("date").first().pk).update(time="am")
    calendar = feed(client, week_url)
    starts = sorted(e.decoded("dtstart") for e in events(calendar))
    assert (starts[0].time(), starts[1].time()) == (time(7, 0), time(18, 0))
    assert str(starts[0].tzinfo) == settings.TIME_ZONE


def minutes_on_the_week_page(client, week_url, session) -> int:
    """The "about N min" the athlete's week shows for the session."""
    page = client.get(f"{week_url}?week={session.date:%Y-%m-%d}").content.decode()
    block = page.split(f'id="session-{session.pk}"', 1)[1]
    return int(re.search(r"the whole session takes about (\d+)\smin", block)[1])


def test_an_event_lasts_as_long_as_the_week_page_says_the_session_takes(
    client, plan, first_session, week_url
):
    """Not a one-hour block: the session's length with its warm-up, as the athlete's week
    shows it, rounded up to the 5 minutes a calendar shows."""
    minutes = minutes_on_the_week_page(client, week_url, first_session)
    event = next(
        e
        for e in events(feed(client, week_url))
        if e.decoded("dtstart").date() == first_session.date
    )
    length = event.decoded("dtend") - event.decoded("dtstart")
    assert length == timedelta(minutes=-(-minutes // 5) * 5)
    assert timedelta(minutes=minutes) <= length < timedelta(minutes=minutes + 5)
    assert length < timedelta(hours=1)


def test_event_description_lists_exercises_and_loads(client, plan, week_url):
    first = plan.sessions.order_by("date").first()
    event = next(
        e for e in events(feed(client, week_url)) if e.decoded("dtstart").date() == first.date
    )
    description = str(event.get("description"))
    assert "Back squat: 3 × 6 @ 60 kg" in description
    assert "Warm-up: 1 × 5 @ 32.5 kg" in description
    assert "Box jump: 3 × 5" in description


def test_event_uids_survive_plan_regeneration(client, plan, week_url):
    before = sorted(str(e.get("uid")) for e in events(feed(client, week_url)))
    rows = list(PlannedSession.objects.filter(plan=plan).values())
    PlannedSession.objects.filter(plan=plan).delete()
    for row in rows:
        row.pop("id")
        PlannedSession.objects.create(**row)
    after = sorted(str(e.get("uid")) for e in events(feed(client, week_url)))
    assert before == after
    assert len(set(after)) == len(after)


def test_feed_follows_load_changes(client, plan, squat, week_url):
    PlannedExercise.objects.filter(pk=squat.pk).update(load=65)
    descriptions = " ".join(str(e.get("description")) for e in events(feed(client, week_url)))
    assert "Back squat: 3 × 6 @ 65 kg" in descriptions


def test_feed_of_an_athlete_without_a_plan_is_empty(client, athlete, week_url):
    assert events(feed(client, week_url)) == []


def test_a_feed_without_sessions_is_still_a_valid_calendar(client, athlete, week_url):
    """RFC 5545 (3.4) asks a calendar for one component at least: a feed subscribed to
    before the plan is made holds its time zone, not nothing a strict calendar app would
    refuse."""
    calendar = feed(client, week_url)
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
    assert str(calendar.subcomponents[0]["tzid"]) == settings.TIME_ZONE


def test_the_feed_asks_calendar_apps_to_look_for_changes_hourly(client, plan, week_url):
    """RFC 7986's REFRESH-INTERVAL and Outlook's X-PUBLISHED-TTL: left to itself an app
    may look once a day or less, and a load the coach changed in the morning would not
    reach an evening session."""
    calendar = feed(client, week_url)
    assert calendar.decoded("refresh-interval") == timedelta(hours=1)
    assert calendar["refresh-interval"].params["VALUE"] == "DURATION"
    assert str(calendar["x-published-ttl"]) == "PT1H"


def test_feed_declares_its_timezone(client, plan, week_url):
    calendar = feed(client, week_url)
    assert [str(tz.get("tzid")) for tz in calendar.walk("VTIMEZONE")] == [settings.TIME_ZONE]


def test_feed_is_not_available_under_me(client, db):
    assert client.get("/me/calendar.ics").status_code == 404


def test_feed_leaves_out_an_exercise_held_back_by_pain(client, athlete, plan, squat, week_url):
    from django.utils import timezone

    from schedules.models import PainFlag

    flag = PainFlag.objects.create(
        athlete=athlete, planned_exercise=squat, exercise=squat.exercise, note="Sharp twinge"
    )
    day = squat.session.date
    reported = timezone.localdate(flag.created_at)
    by_day = {
        e.decoded("dtstart").date(): str(e.get("description"))
        for e in events(feed(client, week_url))
    }
    later = next(d for d in sorted(by_day) if d > day and "Back squat" in by_day[d])
    told = f"{reported:%a} {reported.day} {reported:%b}"
    assert f"Back squat: left out (pain reported {told})" in by_day[later]
    assert "Back squat: 3 × 6 @ 60 kg" in by_day[day]  # the session it hurt in stays as it was
    assert "Sharp twinge" not in " ".join(by_day.values())


def test_an_exercise_left_out_for_pain_shortens_its_event(client, athlete, plan, squat, week_url):
    from schedules.models import PainFlag

    def lengths():
        return {
            e.decoded("dtstart").date(): e.decoded("dtend") - e.decoded("dtstart")
            for e in events(feed(client, week_url))
        }

    before = lengths()
    PainFlag.objects.create(athlete=athlete, planned_exercise=squat, exercise=squat.exercise)
    after = lengths()
    later = (
        PlannedSession.objects.filter(
            plan=plan, date__gt=squat.session.date, exercises__exercise=squat.exercise
        )
        .order_by("date")
        .first()
    )
    assert after[later.date] < before[later.date]
    assert after[squat.session.date] == before[squat.session.date]


def test_each_copy_of_the_feed_is_stamped_when_it_was_made(client, plan, week_url):
    from datetime import timedelta

    from django.utils import timezone

    from schedules.models import Plan

    Plan.objects.filter(pk=plan.pk).update(generated_at=timezone.now() - timedelta(days=30))
    before = timezone.now().replace(microsecond=0)
    stamps = {e.decoded("dtstamp") for e in events(feed(client, week_url))}
    assert len(stamps) == 1 and stamps.pop() >= before  # not the plan's making, long ago


def test_a_session_pain_left_empty_says_so_in_its_title(client, athlete, plan, squat, week_url):
    from datetime import datetime, timedelta

    from django.utils import timezone

    from schedules.models import PainFlag

    session = squat.session
    reported = timezone.make_aware(datetime.combine(session.date - timedelta(days=1), time(18)))
    for pe in session.exercises.all():
        flag = PainFlag.objects.create(athlete=athlete, exercise=pe.exercise)
        PainFlag.objects.filter(pk=flag.pk).update(created_at=reported)
    titles = {
        e.decoded("dtstart").date(): str(e.get("summary")) for e in events(feed(client, week_url))
    }
    assert titles[session.date] == "Strength: session A (Lifting) · left out: pain"
    # Session B shares none of its lifts: it stays as planned.
    other = session.plan.sessions.filter(label="B").order_by("date").first()
    assert titles[other.date] == "Strength: session B (Lifting)"


def test_a_name_over_two_lines_is_one_line_in_the_calendars_name(client, athlete, plan, week_url):
    """A name can come in from a spreadsheet with a line break in its cell: the feed still
    answers, its calendar named on one line, and holds every session."""
    athlete.name = "Zed\nYork-Smith"
    athlete.save(update_fields=["name"])
    calendar = feed(client, week_url)
    assert str(calendar["x-wr-calname"]) == "Strength plan: Zed York-Smith"
    assert len(events(calendar)) == PlannedSession.objects.filter(plan=plan).count()


def test_the_coachs_note_keeps_its_commas_semicolons_lines_and_emoji(client, plan, week_url):
    pe = PlannedExercise.objects.filter(session__plan=plan).order_by("session__date").first()
    pe.note = "Slow, controlled; pause 2 s\nthen drive up 🚀 \\ no bounce"
    pe.save(update_fields=["note"])
    session = next(e for e in events(feed(client, week_url)) if pe.note[:4] in e["description"])
    assert f"(note: {pe.note}" in str(session["description"])


def test_control_characters_pasted_into_a_name_or_note_leave_the_feed_valid(
    client, athlete, plan, week_url
):
    """A note pasted from a word processor can hold a vertical tab (its Shift+Enter line
    break) or another control character, which iCalendar text may not (RFC 5545 3.3.11): the
    feed gives a space in its place, and nothing else of the note changes."""
    athlete.name = "Zed\x1bYork"
    athlete.save(update_fields=["name"])
    pe = PlannedExercise.objects.filter(session__plan=plan).order_by("session__date").first()
    pe.note = "Slow down\x0bpause 2 s\x07\tthen drive\nup"
    pe.save(update_fields=["note"])
    body = client.get(f"{week_url}calendar.ics").content
    assert re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", body) is None
    calendar = Calendar.from_ical(body)
    assert str(calendar["x-wr-calname"]) == "Strength plan: Zed York"
    session = next(e for e in events(calendar) if "Slow down" in e["description"])
    assert "(note: Slow down pause 2 s \tthen drive\nup" in str(session["description"])


def test_a_comma_semicolon_or_backslash_in_the_name_is_escaped_and_read_back_as_typed(
    client, athlete, plan, week_url
):
    """The calendar's name is text (RFC 5545): its commas, semicolons and backslashes are
    escaped, so a calendar reads the name back whole, not as a list or with a backslash
    lost."""
    athlete.name = "O'Brien, Ann; C\\D"
    athlete.save(update_fields=["name"])
    body = client.get(f"{week_url}calendar.ics").content
    assert b"Strength plan: O'Brien\\, Ann\\; C\\\\D\r\n" in body
    calendar = Calendar.from_ical(body)
    assert str(calendar["x-wr-calname"]) == "Strength plan: O'Brien, Ann; C\\D"


def test_a_session_after_the_race_says_to_ask_the_coach_first(client, athlete, plan, week_url):
    """The race moved before the plan's last sessions (kept for edited loads or a log):
    each one after it says so, as the week page does; the race day's own and those before
    it do not, and the feed makes no more queries for it."""
    days = sorted(plan.sessions.values_list("date", flat=True))
    race = days[1]
    with CaptureQueriesContext(connection) as before:
        feed(client, week_url)
    type(athlete).objects.filter(pk=athlete.pk).update(race_date=race)
    type(plan).objects.filter(pk=plan.pk).update(race_date=race)  # as the re-plan makes it

    with CaptureQueriesContext(connection) as after:
        calendar = feed(client, week_url)

    said = f"After the race on {race:%a %-d %b}: ask your coach before doing it."
    descriptions = {
        e.decoded("dtstart").date(): str(e.get("description")) for e in events(calendar)
    }
    assert len(descriptions) == len(days) > 2
    for day, description in descriptions.items():
        if day > race:
            assert description.splitlines()[0] == said
            assert len(description.splitlines()) > 1  # the exercises follow it
        else:
            assert "After the race" not in description
    assert len(after) == len(before)


def test_a_plan_made_after_a_race_already_run_says_nothing_of_that_race(
    client, athlete, plan, week_url
):
    """A race already run when the plan was made: the plan is an off-season block with no
    race (services.athlete_profile), so none of its sessions is marked as after a race."""
    days = sorted(plan.sessions.values_list("date", flat=True))
    type(athlete).objects.filter(pk=athlete.pk).update(race_date=days[0] - timedelta(days=1))
    type(plan).objects.filter(pk=plan.pk).update(race_date=None)

    descriptions = [str(e.get("description")) for e in events(feed(client, week_url))]

    assert len(descriptions) == len(days) > 2
    assert not any("After the race" in d for d in descriptions)


def test_a_logged_session_says_so_in_its_title(client, plan, first_session, week_url):
    """As the load grid and the squad week mark it: looking back, the athlete's calendar
    tells the sessions done from those missed."""
    from django.utils import timezone

    PlannedSession.objects.filter(pk=first_session.pk).update(logged_at=timezone.now())
    titles = {
        e.decoded("dtstart").date(): str(e.get("summary")) for e in events(feed(client, week_url))
    }
    assert titles[first_session.date] == "Strength: session A (Lifting) · logged"
    assert sum(title.endswith("· logged") for title in titles.values()) == 1


def test_the_links_calendar_is_read_only_and_sets_no_form_cookie(client, plan, week_url):
    # A calendar app reads the feed: no form is on it, so no form cookie is handed out,
    # and a POST to it is told the address only reads (405), like any other read-only one.
    response = client.get(f"{week_url}calendar.ics")
    assert response.status_code == 200
    assert "csrftoken" not in response.cookies
    refused = Client(enforce_csrf_checks=True).post(f"{week_url}calendar.ics")
    assert refused.status_code == 405
    assert refused["Allow"] == "GET, HEAD"
    assert refused["Cache-Control"] == "no-store"


def test_the_week_page_still_hands_out_the_form_cookie(client, plan, week_url):
    assert "csrftoken" in client.get(week_url).cookies
