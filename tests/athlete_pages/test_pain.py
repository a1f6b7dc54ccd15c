import re
from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from schedules import moves
from schedules.export_pdf import athlete_week_html
from schedules.logbook import club_statuses
from schedules.models import PainFlag, PlannedExercise, PlannedSession, SetLog
from tests.athlete_pages.conftest import later_session
from tests.plan_factories import make_plan

HTMX = {"HTTP_HX_REQUEST": "true"}


def flag_pain(client, week_url, pe, note="Sharp pain behind the knee"):
    return client.post(f"{week_url}exercises/{pe.pk}/pain/", {"note": note}, **HTMX)


def next_squat(plan, squat):
    session = later_session(plan, squat.session)
    while not session.exercises.filter(exercise=squat.exercise).exists():
        session = later_session(plan, session)
    return session.exercises.get(exercise=squat.exercise)


def week_of(client, week_url, day):
    return client.get(f"{week_url}?week={day.isoformat()}").content.decode()


def test_reporting_pain_creates_a_flag(client, athlete, squat, week_url):
    response = flag_pain(client, week_url, squat)
    assert response.status_code == 200
    assert "Pain reported." in response.content.decode()
    flag = PainFlag.objects.get()
    assert (flag.athlete, flag.planned_exercise, flag.exercise) == (
        athlete,
        squat,
        squat.exercise,
    )
    assert flag.note == "Sharp pain behind the knee"


def test_a_pain_note_over_500_characters_is_refused(client, squat, week_url):
    response = flag_pain(client, week_url, squat, note="x" * 5000)
    assert response.status_code == 400
    assert "Keep the note to 500 characters (this one has 5000)." in response.content.decode()
    assert not PainFlag.objects.exists()


def test_a_pain_note_filling_its_box_on_several_lines_is_kept(client, squat, week_url):
    # Ten lines filling the box: it counts each line break as one character, a browser
    # sends each as two ("\r\n").
    filled = ("x" * 49 + "\r\n") * 9 + "x" * 50
    assert flag_pain(client, week_url, squat, note=filled).status_code == 200
    assert PainFlag.objects.get().note == filled.replace("\r\n", "\n")


def test_a_pain_note_of_invisible_characters_is_stored_empty(client, squat, week_url):
    assert flag_pain(client, week_url, squat, note="\u200b\u0301\ufeff").status_code == 200
    assert PainFlag.objects.get().note == ""


def test_flagged_exercise_leaves_the_next_session(client, plan, squat, week_url):
    flag_pain(client, week_url, squat)
    later = next_squat(plan, squat)
    body = week_of(client, week_url, later.session.date)
    card = body[body.index(f'id="ex-{later.pk}"') :]
    card = card[: card.index("</section>")]
    assert "Left out:" in card
    assert f'id="set-{later.pk}-1"' not in card


def test_other_exercises_of_the_next_session_stay(client, plan, squat, week_url):
    flag_pain(client, week_url, squat)
    later = next_squat(plan, squat)
    other = later.session.exercises.exclude(pk=later.pk).first()
    body = week_of(client, week_url, later.session.date)
    assert f'id="set-{other.pk}-1"' in body


def test_the_session_with_the_pain_keeps_its_log_rows(client, squat, week_url):
    flag_pain(client, week_url, squat)
    body = week_of(client, week_url, squat.session.date)
    assert f'id="set-{squat.pk}-1"' in body
    assert "Pain reported." in body


def test_a_set_of_the_painful_exercise_is_not_ticked_after_the_report(client, squat, week_url):
    """Told "Stop this exercise", the athlete could still tick its sets, and the session
    read as fully done; a set ticked before the report stays."""
    from tests.athlete_pages.test_logging import post_set

    assert post_set(client, week_url, squat, 1, done="1", reps="6", load="60").status_code == 200
    flag_pain(client, week_url, squat)

    refused = post_set(client, week_url, squat, 2, done="1", reps="6", load="60")
    assert refused.status_code == 409
    assert "you reported pain in this exercise, so it is stopped" in refused.content.decode()
    assert not SetLog.objects.filter(planned_exercise=squat, set_number=2, done=True).exists()
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).done


def test_cleared_flag_puts_the_exercise_back(client, owner, plan, squat, week_url):
    flag_pain(client, week_url, squat)
    flag = PainFlag.objects.get()
    coach = client.__class__()
    coach.force_login(owner)
    coach.post(reverse("dashboard_pain_clear", args=[flag.pk]))
    later = next_squat(plan, squat)
    body = week_of(client, week_url, later.session.date)
    assert f'id="set-{later.pk}-1"' in body


def test_flag_only_touches_the_same_exercise(client, plan, squat, week_url):
    flag_pain(client, week_url, squat)
    untouched = PlannedExercise.objects.filter(session__plan=plan).exclude(exercise=squat.exercise)
    body = week_of(client, week_url, squat.session.date)
    for pe in untouched.filter(session=squat.session):
        assert f'id="set-{pe.pk}-1"' in body


def test_pain_reported_late_leaves_the_sessions_in_between_as_they_were(
    client, plan, squat, week_url
):
    """Pain reported days after the session: only sessions from the report on lose it."""
    between = next_squat(plan, squat)
    flag_pain(client, week_url, squat)

    def reported_on(day):
        at = timezone.make_aware(datetime.combine(day, time(9)))
        PainFlag.objects.update(created_at=at)
        body = week_of(client, week_url, between.session.date)
        card = body[body.index(f'id="ex-{between.pk}"') :]
        return card[: card.index("</section>")]

    card = reported_on(between.session.date + timedelta(days=1))
    assert "Left out:" not in card
    assert f'id="set-{between.pk}-1"' in card
    assert "Left out:" in reported_on(between.session.date)


def test_a_flag_never_hides_sets_already_logged(client, plan, squat, week_url):
    later = next_squat(plan, squat)
    SetLog.objects.create(planned_exercise=later, set_number=1, done=True, reps=5, load=60)
    flag_pain(client, week_url, squat)
    body = week_of(client, week_url, later.session.date)
    card = body[body.index(f'id="ex-{later.pk}"') :]
    card = card[: card.index("</section>")]
    assert "Left out:" not in card
    assert f'id="set-{later.pk}-1"' in card


def test_a_second_report_on_the_same_exercise_adds_to_the_open_flag(client, squat, week_url):
    flag_pain(client, week_url, squat, note="Sharp behind the knee")
    flag_pain(client, week_url, squat, note="")
    flag_pain(client, week_url, squat, note="Worse on stairs")
    flag = PainFlag.objects.get()
    assert flag.note == "Sharp behind the knee\nWorse on stairs"


def test_a_second_report_too_long_for_the_open_flags_note_is_refused_and_kept_as_typed(
    client, squat, week_url
):
    """Cut short to fit, the end of what the athlete typed would be lost unseen."""
    first = "Sharp behind the knee. " * 17  # 390 characters, stripped
    assert flag_pain(client, week_url, squat, note=first).status_code == 200
    more = "Worse on stairs, and now it aches at night too. " * 3  # 143 characters, stripped

    response = flag_pain(client, week_url, squat, note=more)

    assert response.status_code == 400
    body = response.content.decode()
    assert "what you add to it can be 109 characters long (this has 143)." in body
    assert more.strip() in body  # kept in its field, to shorten and send again
    assert PainFlag.objects.get().note == first.strip()


def test_a_session_with_every_exercise_left_out_says_there_is_nothing_to_lift(
    client, plan, squat, week_url
):
    """Pain reported on each exercise of a session: the next session of that label holds
    nothing to lift, and says so once at its head."""
    for pe in squat.session.exercises.all():
        assert flag_pain(client, week_url, pe).status_code == 200
    later = next_squat(plan, squat).session
    body = week_of(client, week_url, later.date)
    start = body.index(f'id="session-{later.pk}"')
    head = body[start : body.index("</header>", start)]
    assert "Nothing to lift in this session:" in head and "Warm up with" not in head
    # Folded on its day's line, it says so instead of "0/0 sets".
    summary = body[body.rindex("<summary>", 0, start) : start]
    assert "left out: pain</span>" in summary and "0/0 sets" not in summary
    other = later_session(plan, squat.session)
    if other.pk != later.pk:  # a session of other exercises is left as it was
        text = week_of(client, week_url, other.date)
        start = text.index(f'id="session-{other.pk}"')
        assert "Nothing to lift" not in text[start : text.index("</header>", start)]
    # One exercise back: the session has something to lift again.
    coach_flag = PainFlag.objects.filter(exercise=squat.exercise).get()
    PainFlag.objects.filter(pk=coach_flag.pk).update(cleared_at=timezone.now())
    body = week_of(client, week_url, later.date)
    start = body.index(f'id="session-{later.pk}"')
    assert "Nothing to lift" not in body[start : body.index("</header>", start)]


def test_ticking_another_exercise_of_the_session_keeps_the_painful_one_out(
    client, owner_client, athlete, plan, squat, week_url
):
    flag_pain(client, week_url, squat)
    later = next_squat(plan, squat)
    other = later.session.exercises.exclude(pk=later.pk).order_by("order").first()
    response = client.post(
        f"{week_url}sets/{other.pk}/1/", {"done": "1", "reps": "5", "load": "", "seen": ""}, **HTMX
    )
    assert response.status_code == 200
    later.session.refresh_from_db()
    assert later.session.logged_at is not None  # the session counts as logged now
    body = week_of(client, week_url, later.session.date)
    card = body[body.index(f'id="ex-{later.pk}"') :]
    card = card[: card.index("</section>")]
    assert "Left out:" in card
    assert f'id="set-{later.pk}-1"' not in card
    # The coach's plan page says the same.
    plan_page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    at = plan_page.index(f'id="session-{later.session.pk}"')
    session_card = plan_page[at : plan_page.index("</ul>", at)]
    assert '<li class="held">Back squat' in session_card


def _reported_at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_a_session_lifted_on_the_day_before_the_pain_was_reported_stays_as_it_was_done(
    client, plan, squat, week_url
):
    later = next_squat(plan, squat)
    flag_pain(client, week_url, squat)
    PainFlag.objects.update(created_at=_reported_at(later.session.date, 12))

    def shown_after_logging_at(hour):
        PlannedSession.objects.filter(pk=later.session_id).update(
            logged_at=_reported_at(later.session.date, hour)
        )
        body = week_of(client, week_url, later.session.date)
        card = body[body.index(f'id="ex-{later.pk}"') :]
        return "Left out:" not in card[: card.index("</section>")]

    assert shown_after_logging_at(8)  # lifted in the morning, pain reported at noon
    assert not shown_after_logging_at(13)


def test_a_session_ticked_ahead_of_its_day_still_loses_the_painful_exercise(
    client, plan, squat, week_url
):
    later = next_squat(plan, squat)
    PlannedSession.objects.filter(pk=later.session_id).update(
        logged_at=timezone.now() - timedelta(hours=1)
    )
    flag_pain(client, week_url, squat)
    body = week_of(client, week_url, later.session.date)
    card = body[body.index(f'id="ex-{later.pk}"') :]
    assert "Left out:" in card[: card.index("</section>")]


def _tick(client, week_url, pe, number):
    return client.post(
        f"{week_url}sets/{pe.pk}/{number}/",
        {"done": "1", "reps": "6", "load": "", "seen": ""},
        **HTMX,
    )


def _left_out_on_each_page(client, owner_client, athlete, week_url, pe):
    """Whether each page shows `pe` as left out after pain (DOMAIN L9)."""
    body = week_of(client, week_url, pe.session.date)
    card = body[body.index(f'id="ex-{pe.pk}"') :]
    card = card[: card.index("</section>")]
    plan_page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    at = plan_page.index(f'id="session-{pe.session.pk}"')
    grid = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()
    cell = grid[grid.index(f'id="cell-{pe.pk}"') :]
    feed = Calendar.from_ical(client.get(f"{week_url}calendar.ics").content)
    [event] = [
        e
        for e in feed.walk("VEVENT")
        if e.decoded("dtstart").date() == pe.session.date and "Back squat" in str(e["description"])
    ]
    monday = pe.session.date - timedelta(days=pe.session.date.weekday())
    document = owner_client.get(reverse("athlete_plan_json", args=[athlete.pk])).json()
    [session] = [
        s
        for s in document["sessions"]
        if s["date"] == pe.session.date.isoformat() and s["label"] == pe.session.label
    ]
    return {
        "plan.json": pe.exercise.slug not in {e["exercise"] for e in session["exercises"]},
        "phone": "Left out:" in card,
        "plan page": '<li class="held">Back squat' in plan_page[at : plan_page.index("</ul>", at)],
        "grid": "left out: pain" in cell[: cell.index("</td>")],
        "calendar": "Back squat: left out" in str(event["description"]),
        "pdf": "Left out: pain reported" in athlete_week_html(athlete, monday, "a4"),
    }


def test_a_lift_ticked_ahead_of_the_pain_report_stays_on_every_page(
    client, owner_client, athlete, plan, squat, week_url
):
    later = next_squat(plan, squat)
    for number in (1, 2, 3):  # next week's squat ticked ahead, in full
        assert _tick(client, week_url, later, number).status_code == 200
    flag_pain(client, week_url, squat)  # then pain on this week's squat
    shown = _left_out_on_each_page(client, owner_client, athlete, week_url, later)
    assert shown == dict.fromkeys(shown, False)  # what was lifted stays as it was done


def test_a_set_of_a_lift_left_out_after_pain_cannot_be_ticked(
    client, owner_client, athlete, plan, squat, week_url
):
    flag_pain(client, week_url, squat)
    later = next_squat(plan, squat)
    shown = _left_out_on_each_page(client, owner_client, athlete, week_url, later)
    assert shown == dict.fromkeys(shown, True)
    # A page loaded before the report still has the set rows: its tick is refused.
    response = _tick(client, week_url, later, 1)
    assert response.status_code == 409
    assert "left out after your pain report" in response.content.decode()
    assert not SetLog.objects.filter(planned_exercise=later).exists()
    shown = _left_out_on_each_page(client, owner_client, athlete, week_url, later)
    assert shown == dict.fromkeys(shown, True)


def test_a_session_ticked_the_day_before_loses_the_lift_when_pain_is_reported_on_its_day(
    client, plan, squat, week_url
):
    later = next_squat(plan, squat)
    flag_pain(client, week_url, squat)
    day = later.session.date
    PainFlag.objects.update(created_at=_reported_at(day, 9))
    # The split squat ticked the evening before: ticked ahead, not lifted on the report's
    # day before the report.
    other = later.session.exercises.exclude(pk=later.pk).order_by("order").first()
    SetLog.objects.create(planned_exercise=other, set_number=1, done=True)
    PlannedSession.objects.filter(pk=later.session_id).update(
        logged_at=_reported_at(day - timedelta(days=1), 20)
    )
    body = week_of(client, week_url, day)
    card = body[body.index(f'id="ex-{later.pk}"') :]
    assert "Left out:" in card[: card.index("</section>")]


def test_clearing_a_flag_puts_the_lift_back_from_that_day_not_in_the_sessions_before(
    client, owner_client, athlete, plan, squat, week_url
):
    flag_pain(client, week_url, squat)
    later = next_squat(plan, squat)
    day = later.session.date
    # Cleared the day after the session: it was held without the squat, and still reads so.
    PainFlag.objects.update(cleared_at=_reported_at(day + timedelta(days=1), 9))
    shown = _left_out_on_each_page(client, owner_client, athlete, week_url, later)
    assert shown == dict.fromkeys(shown, True)
    back = day + timedelta(days=1)
    page = week_of(client, week_url, day)
    assert (
        f"Your coach put it back on {back.day} {back:%b}, for the sessions after this one." in page
    )
    # Cleared on the session's day or before: the squat is back in it.
    PainFlag.objects.update(cleared_at=_reported_at(day, 7))
    shown = _left_out_on_each_page(client, owner_client, athlete, week_url, later)
    assert shown == dict.fromkeys(shown, False)


def _card(client, week_url, pe):
    body = week_of(client, week_url, pe.session.date)
    card = body[body.index(f'id="ex-{pe.pk}"') :]
    return card[: card.index("</section>")]


def test_a_session_lifted_the_morning_the_flag_is_cleared_stays_as_it_was_done(
    client, owner_client, athlete, plan, squat, week_url
):
    """Monday 07:00: the phone shows the squat left out, the athlete lifts the rest and
    ticks it all. Monday 09:00: the coach clears the flag. The session was done without
    the squat and must keep reading so (as _lifted_before does for a report that day)."""
    flag_pain(client, week_url, squat)
    later = next_squat(plan, squat)
    day = later.session.date
    others = list(later.session.exercises.exclude(pk=later.pk))
    for pe in others:
        for number in range(1, pe.sets + 1):
            SetLog.objects.create(planned_exercise=pe, set_number=number, done=True)
    PlannedSession.objects.filter(pk=later.session_id).update(logged_at=_reported_at(day, 7))
    assert "Left out:" in _card(client, week_url, later)  # as the athlete saw it at 07:00
    PainFlag.objects.update(cleared_at=_reported_at(day, 9))

    [status] = club_statuses(athlete.club, today=day)
    body = owner_client.get(reverse("athlete_progress", args=[athlete.pk])).content.decode()
    done = sum(pe.sets for pe in others)
    shown = {
        "phone left out": "Left out:" in _card(client, week_url, later),
        "dashboard partly done": status.week_part,
        "progress log": re.search(r'<td><span class="nowrap">(\d+ / \d+)', body).group(1),
    }
    assert shown == {
        "phone left out": True,
        "dashboard partly done": 0,
        "progress log": f"{done} / {done}",
    }


def test_a_set_of_a_lift_left_out_by_a_since_cleared_flag_cannot_be_ticked(
    client, owner_client, athlete, plan, squat, week_url
):
    """Cleared the day after the session: every page still reads the squat as left out
    of it, so a tick from a page loaded before the report is refused, as for an open flag."""
    flag_pain(client, week_url, squat)
    later = next_squat(plan, squat)
    PainFlag.objects.update(cleared_at=_reported_at(later.session.date + timedelta(days=1), 9))
    assert "Left out:" in _card(client, week_url, later)
    response = _tick(client, week_url, later, 1)
    assert response.status_code == 409
    assert not SetLog.objects.filter(planned_exercise=later).exists()


def test_a_session_held_out_by_two_open_reports_does_not_say_the_lift_is_back(
    client, owner, athlete, week_url
):
    """Week 2's squat lifted Monday 18:00; at 20:00 the athlete reports pain on week 1's
    squat (late), at 20:05 on week 2's: two open flags on the squat. The coach clears the
    older one on Tuesday of week 3. Week 3's squat is still held out by the open report,
    yet the phone tells the athlete the coach put it back."""
    plan = make_plan(athlete, weeks=3)
    s1, s2, s3 = PlannedExercise.objects.filter(
        session__plan=plan, exercise__slug="back-squat"
    ).order_by("session__date")
    day2, day3 = s2.session.date, s3.session.date
    for number in range(1, s2.sets + 1):
        SetLog.objects.create(planned_exercise=s2, set_number=number, done=True)
    PlannedSession.objects.filter(pk=s2.session_id).update(logged_at=_reported_at(day2, 18))
    older = PainFlag.objects.create(athlete=athlete, planned_exercise=s1, exercise=s1.exercise)
    newer = PainFlag.objects.create(athlete=athlete, planned_exercise=s2, exercise=s2.exercise)
    PainFlag.objects.filter(pk=older.pk).update(created_at=_reported_at(day2, 20))
    PainFlag.objects.filter(pk=newer.pk).update(created_at=_reported_at(day2, 21))
    PainFlag.objects.filter(pk=older.pk).update(
        cleared_at=_reported_at(day3 + timedelta(days=1), 9), cleared_by=owner
    )
    card = _card(client, week_url, s3)
    assert "Left out:" in card
    text = card[card.index("Left out:") :][:160]
    assert "Your coach will put it back when it is safe." in text, text


def test_pain_reported_from_a_session_still_to_come_leaves_the_lift_out_from_now_on(
    client, owner_client, athlete, week_url
):
    plan = make_plan(athlete, weeks=2, start=timezone.localdate())
    today, next_week = PlannedExercise.objects.filter(
        session__plan=plan, exercise__slug="back-squat"
    ).order_by("session__date")
    # Looking at next week's session, the athlete reports pain in its squat.
    assert flag_pain(client, week_url, next_week).status_code == 200
    flag = PainFlag.objects.get()
    assert flag.planned_exercise is None  # pain now, not in that session
    next_week.session.refresh_from_db()
    assert next_week.session.logged_at is None  # which is not done by it
    assert not moves.started(next_week.session)  # and can still be moved
    # Every session from now on loses the squat: today's, not yet lifted, and next week's.
    for later in (today, next_week):
        shown = _left_out_on_each_page(client, owner_client, athlete, week_url, later)
        assert shown == dict.fromkeys(shown, True), (later.session.date, shown)
    # A second report from the same card adds to the flag.
    flag_pain(client, week_url, next_week, note="Worse on stairs")
    assert PainFlag.objects.get().note == "Sharp pain behind the knee\nWorse on stairs"


def test_pain_in_a_session_of_next_week_lifted_early_names_that_session(client, athlete, week_url):
    """Next week's session may be lifted early: pain reported once it is under way came up
    in it, as in today's session, so the coach sees where and the session stays logged."""
    plan = make_plan(athlete, weeks=2, start=timezone.localdate())
    _, next_week = PlannedExercise.objects.filter(
        session__plan=plan, exercise__slug="back-squat"
    ).order_by("session__date")
    other = next_week.session.exercises.exclude(pk=next_week.pk).order_by("order").first()
    assert _tick(client, week_url, other, 1).status_code == 200  # lifted early, under way
    flag_pain(client, week_url, next_week)
    flag = PainFlag.objects.get()
    assert flag.planned_exercise == next_week
    next_week.session.refresh_from_db()
    assert next_week.session.logged_at is not None
    assert moves.started(next_week.session)


def test_pain_reported_from_a_later_card_leaves_a_session_lifted_earlier_today_as_done(
    client, athlete, week_url
):
    plan = make_plan(athlete, weeks=2, start=timezone.localdate())
    today, next_week = PlannedExercise.objects.filter(
        session__plan=plan, exercise__slug="back-squat"
    ).order_by("session__date")
    other = today.session.exercises.exclude(pk=today.pk).order_by("order").first()
    assert _tick(client, week_url, other, 1).status_code == 200  # today's session under way
    flag_pain(client, week_url, next_week)
    assert "Left out:" not in _card(client, week_url, today)
    assert "Left out:" in _card(client, week_url, next_week)


def test_a_session_logged_ahead_before_the_flag_was_cleared_stays_as_it_was_done(
    client, athlete, plan, squat, week_url
):
    flag_pain(client, week_url, squat)
    later = next_squat(plan, squat)
    others = list(later.session.exercises.exclude(pk=later.pk))
    for pe in others:  # the next session done a day early, without the squat
        for number in range(1, pe.sets + 1):
            assert _tick(client, week_url, pe, number).status_code == 200
    PainFlag.objects.update(cleared_at=timezone.now() + timedelta(minutes=1), cleared_by=None)
    assert "Left out:" in _card(client, week_url, later)
    [status] = club_statuses(athlete.club, today=later.session.date)
    assert (status.week_done, status.week_part) == (1, 0)


def test_a_refused_tick_shows_the_set_as_not_ticked(client, plan, squat, week_url):
    flag_pain(client, week_url, squat)
    later = next_squat(plan, squat)
    response = _tick(client, week_url, later, 1)
    assert response.status_code == 409
    assert 'name="done" value="1">' in response.content.decode()  # the box, not checked
    assert 'value="1" checked' not in response.content.decode()


def test_the_soreness_line_says_when_to_fill_it_in(client, plan, squat, week_url):
    later = next_squat(plan, squat)
    body = week_of(client, week_url, later.session.date)
    assert f'id="soreness-{later.session.pk}-when">Fill this in the day after the session.' in body


def test_the_grid_does_not_call_a_lift_left_out_of_a_logged_session_logged(
    client, owner_client, athlete, plan, squat, week_url
):
    flag_pain(client, week_url, squat)
    later = next_squat(plan, squat)
    other = later.session.exercises.exclude(pk=later.pk).order_by("order").first()
    assert _tick(client, week_url, other, 1).status_code == 200
    grid = owner_client.get(reverse("plan_grid", args=[athlete.pk])).content.decode()

    def cell(pe):
        html = grid[grid.index(f'id="cell-{pe.pk}"') :]
        return html[: html.index("</td>")]

    assert "left out: pain" in cell(later) and "✓ logged" not in cell(later)
    assert "✓ logged" in cell(other)


def _squats(athlete):
    plan = make_plan(athlete, weeks=2, start=timezone.localdate())
    return PlannedExercise.objects.filter(session__plan=plan, exercise__slug="back-squat").order_by(
        "session__date"
    )


def test_a_flag_saved_naming_a_session_still_to_come_holds_the_lift_from_its_report(
    client, owner_client, athlete, week_url
):
    today, next_week = _squats(athlete)
    # As reports from a session still to come were saved before they named no session.
    PainFlag.objects.create(
        athlete=athlete, planned_exercise=next_week, exercise=next_week.exercise
    )
    for pe in (today, next_week):
        shown = _left_out_on_each_page(client, owner_client, athlete, week_url, pe)
        assert shown == dict.fromkeys(shown, True), (pe.session.date, shown)


def test_one_pain_is_one_alert_and_a_report_on_a_lift_already_left_out_logs_nothing(
    client, athlete, week_url
):
    today, next_week = _squats(athlete)
    flag_pain(client, week_url, next_week, note="Knee hurts on the stairs")
    assert "Left out:" in _card(client, week_url, today)
    # A page from before still shows today's pain form: its report adds to the flag.
    flag_pain(client, week_url, today, note="Sharp pain in the squat")
    [flag] = PainFlag.objects.all()
    assert flag.note == "Knee hurts on the stairs\nSharp pain in the squat"
    today.session.refresh_from_db()
    assert today.session.logged_at is None  # nothing was lifted
    [row] = club_statuses(athlete.club)
    assert len(row.pain) == 1


def test_the_sets_of_an_exercise_stopped_for_pain_are_shown_as_they_are_not_offered(
    client, squat, week_url
):
    """Ticked before the report or not at all, they take no more changes (the server would
    refuse them): neither a tick nor an untick that could not be put back."""
    import re

    assert _tick(client, week_url, squat, 1).status_code == 200
    flag_pain(client, week_url, squat)
    page = client.get(week_url).content.decode()
    rows = re.findall(
        rf'<form class="aw-setrow[^"]*" id="set-{squat.pk}-\d+".*?</form>', page, re.S
    )
    assert len(rows) == squat.sets
    assert all("aw-stopped" in row and "hx-post" not in row for row in rows)
    assert all(re.search(r'name="done" value="1"( checked)? disabled>', row) for row in rows)
    assert 'name="done" value="1" checked disabled>' in rows[0]  # done before the report


def test_pain_reported_is_read_first_under_the_exercises_name(client, squat, week_url):
    """Stopped for pain: the word that it is stopped comes right under the exercise's name,
    before its prescription, its stopped sets and its cues, not after them. Not yet
    reported, its "Pain? Report it" stays at the end, after the lift is explained."""
    before = _card(client, week_url, squat)
    assert before.index('class="aw-sets"') < before.index('class="aw-pain"')
    # Reported without the page's script: back on the week at the notice.
    response = client.post(f"{week_url}exercises/{squat.pk}/pain/", {"note": "Knee"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#pain-{squat.pk}")
    card = _card(client, week_url, squat)
    order = [
        card.index(f"<h4>{squat.exercise.name}</h4>"),
        card.index(f'<div class="aw-pain" id="pain-{squat.pk}">'),
        card.index("<strong>Pain reported.</strong>"),
        card.index('class="aw-dose"'),
        card.index('class="aw-setrow aw-stopped"'),
        card.index('class="aw-cues"'),
        card.index('class="aw-why"'),
    ]
    assert order == sorted(order)
    assert card.count('class="aw-pain"') == 1  # moved, not shown twice
    assert re.match(
        rf'\s*<h4>{squat.exercise.name}</h4>\s*<div class="aw-pain" id="pain-{squat.pk}">',
        card[card.index("<h4>") :],
    )
