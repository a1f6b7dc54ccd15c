import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from schedules.calendar import PHASE_NAMES
from schedules.charts import WeekBar, bar_chart, nice_ticks
from schedules.models import PainFlag, Plan, PlannedExercise, PlannedSession, SetLog
from tests.factories import StrengthTestFactory, shipped


def progress(client, athlete):
    return client.get(reverse("athlete_progress", args=[athlete.pk]))


def test_progress_needs_the_athletes_coach(stranger_client, athlete):
    assert progress(stranger_client, athlete).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, athlete):
    assert progress(client, athlete).status_code == 302


def test_one_rm_chart_plots_every_test(owner_client, athlete):
    for weeks, load in ((12, 70), (6, 75), (1, 80)):
        StrengthTestFactory(
            athlete=athlete, tested_on=date.today() - timedelta(weeks=weeks), load=Decimal(load)
        )
    body = progress(owner_client, athlete).content.decode()
    assert "Back squat: estimated 1RM over time" in body
    assert len(re.findall(r"<circle ", body)) == 3
    assert "latest 80 kg" in body


def test_squat_chart_shows_the_body_weight_targets(owner_client, athlete):
    StrengthTestFactory(athlete=athlete, load=Decimal("80"))  # body mass 60 kg
    body = progress(owner_client, athlete).content.decode()
    assert "1.25 × body weight (75 kg)" in body
    assert "1.5 × body weight (90 kg)" in body
    assert body.count('class="ref"') == 2
    assert "1.33 × body weight" in body


def test_pound_athletes_see_targets_in_pounds(owner_client, athlete):
    athlete.units = "lb"
    athlete.save()
    StrengthTestFactory(athlete=athlete, load=Decimal("180"))
    body = progress(owner_client, athlete).content.decode()
    assert "1.5 × body weight (198 lb)" in body  # 60 kg = 132.3 lb


def test_other_lifts_have_no_squat_target(owner_client, athlete):
    StrengthTestFactory(athlete=athlete, exercise=shipped("romanian-deadlift"))
    body = progress(owner_client, athlete).content.decode()
    assert "Romanian deadlift: estimated 1RM over time" in body
    assert "body weight (" not in body


def test_volume_chart_shows_planned_and_logged_weeks(owner_client, athlete, squat):
    SetLog.objects.create(
        planned_exercise=squat, set_number=1, done=True, reps=6, load=Decimal("60")
    )
    body = progress(owner_client, athlete).content.decode()
    assert "Weekly strength volume by phase" in body
    # Week 1 plans 3x6x60 + 3x6x30 + 3x8x52.5 + 3x6x65 + 3x6x25 + 3x10x15 = 4950 kg.
    assert "planned 4,950, done 360" in body
    assert "Build" in body


def test_volume_weeks_are_named_by_the_plans_phases_as_the_plan_page_names_them(
    owner_client, athlete, squat
):
    """Sessions kept from an earlier plan keep their old phase; the week is the plan's."""
    plan = squat.session.plan
    first, *rest = plan.phases
    first_end = plan.start_date + timedelta(days=6)
    phases = [
        {**first, "phase": "off_season", "end": first_end.isoformat()},
        {**first, "start": (first_end + timedelta(days=1)).isoformat()},
        *rest,
    ]
    Plan.objects.filter(pk=plan.pk).update(phases=phases)
    body = progress(owner_client, athlete).content.decode()
    rows = body[body.index("<summary>Week by week</summary>") :]
    rows = rows.replace(" <strong>(this week)</strong>", "")  # the plan starts this week
    assert f"<td>{plan.start_date:%-d %b %Y}</td><td>Off-season</td>" in rows
    second = plan.start_date + timedelta(weeks=1)
    assert f"<td>{second:%-d %b %Y}</td><td>{PHASE_NAMES[first['phase']]}</td>" in rows
    # A week before the plan, kept from an earlier one, goes by what its sessions were.
    before = plan.start_date - timedelta(weeks=2)
    kept = PlannedSession.objects.create(
        plan=plan, date=before, time="pm", week=0, phase="sharpen", kind="lifting", label="A"
    )
    PlannedExercise.objects.create(
        session=kept,
        order=0,
        exercise=squat.exercise,
        category="max_strength",
        sets=3,
        reps=3,
        load=Decimal("70"),
        unit="kg",
    )
    rows = progress(owner_client, athlete).content.decode()
    rows = rows[rows.index("<summary>Week by week</summary>") :]
    assert f"<td>{before:%-d %b %Y}</td><td>Sharpen</td>" in rows


def test_progress_page_has_no_inline_style_or_external_images(owner_client, athlete, squat):
    StrengthTestFactory(athlete=athlete)
    body = progress(owner_client, athlete).content.decode()
    assert "style=" not in body
    assert "<script>" not in body
    assert "http" not in body.split("<svg", 1)[1].replace("http://www.w3.org/2000/svg", "")


def test_progress_without_data_says_so(owner_client, athlete):
    body = progress(owner_client, athlete).content.decode()
    assert "No strength tests yet" in body
    assert "No plan with loaded lifts yet" in body


def test_nice_ticks_cover_the_range():
    ticks = nice_ticks(63, 118)
    assert ticks[0] <= 63 and ticks[-1] >= 118
    assert len(set(round(b - a, 6) for a, b in zip(ticks, ticks[1:], strict=False))) == 1


def test_bar_chart_escapes_its_text():
    svg = bar_chart(
        chart_id="x",
        title="<b>volume</b>",
        unit="kg",
        weeks=[WeekBar(date(2027, 1, 4), "build", 100.0, 50.0)],
    )
    assert "<b>" not in svg
    assert "&lt;b&gt;volume&lt;/b&gt;" in svg


def test_volume_chart_starts_with_the_plan_even_when_its_first_week_has_no_load(
    owner_client, athlete, squat
):
    from schedules.models import PlannedExercise

    plan = squat.session.plan
    PlannedExercise.objects.filter(session__plan=plan, session__week=1).update(load=None)
    body = progress(owner_client, athlete).content.decode()
    start = plan.start_date
    body = body.replace(" (this week)", "")  # the plan starts this week
    assert f"Week of {start:%-d %b}: planned 0, done 0" in body  # an empty bar, not a gap


def test_the_log_shows_the_coach_what_the_athlete_logged(owner_client, athlete, squat, week_url):
    """Sets ticked, session RPE, next-day soreness and the note all reach the coach."""
    client = owner_client.__class__()
    session = squat.session
    client.post(
        f"{week_url}sets/{squat.pk}/1/", {"done": "1", "reps": "6", "load": "60", "seen": ""}
    )
    response = client.post(
        f"{week_url}sessions/{session.pk}/log/",
        {"rpe": "7", "soreness": "3", "note": "Felt <b>strong</b>", "version": session.version},
    )
    assert response.status_code in (200, 302), response.content[:300]

    body = progress(owner_client, athlete).content.decode()
    log = body[body.index('id="log"') :]
    log = log[: log.index("</section>")]
    planned = sum(pe.sets for pe in session.exercises.all())
    assert f'<td><span class="nowrap">1 / {planned}</span></td>' in log
    assert "<td>7</td>" in log
    assert "3/10" in log
    assert "Felt &lt;b&gt;strong&lt;/b&gt;" in log
    # The scales are ranges, written with a dash as the athlete's page writes them.
    assert "session RPE (1–10), soreness the next day (0–10)" in body
    assert "(1-10)" not in body and "(0-10)" not in body


def test_the_log_does_not_count_a_lift_left_out_after_pain_as_planned(
    owner_client, athlete, plan, squat, week_url
):
    from tests.athlete_pages.test_pain import flag_pain, next_squat

    client = owner_client.__class__()
    assert flag_pain(client, week_url, squat).status_code == 200
    later = next_squat(plan, squat)
    others = list(later.session.exercises.exclude(pk=later.pk))
    for pe in others:
        for number in range(1, pe.sets + 1):
            url = f"{week_url}sets/{pe.pk}/{number}/"
            assert client.post(url, {"done": "1", "reps": "5", "seen": ""}).status_code == 302
    body = progress(owner_client, athlete).content.decode()
    log = body[body.index('id="log"') : body.index("</section>", body.index('id="log"'))]
    done = sum(pe.sets for pe in others)
    # Done in full: every set of what was left to lift, the squat left out after the pain.
    expected = f'<td><span class="nowrap">{done} / {done}</span><span class="muted small block">'
    assert expected + "1 exercise left out: pain</span></td>" in log


def test_the_log_is_empty_until_something_is_logged(owner_client, athlete, squat):
    body = progress(owner_client, athlete).content.decode()
    assert "Nothing logged yet." in body


def test_the_progress_page_queries_do_not_grow_with_the_log(owner_client, athlete, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schedules.models import PlannedSession

    sessions = list(PlannedSession.objects.filter(plan=plan).order_by("date"))
    counts = []
    for session in sessions[:2]:
        PlannedSession.objects.filter(pk=session.pk).update(rpe=6, athlete_note="ok")
        with CaptureQueriesContext(connection) as queries:
            progress(owner_client, athlete)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_pain_reports_open_and_cleared_are_on_the_progress_page(owner_client, owner, athlete, plan):
    from django.utils import timezone

    from schedules.models import PainFlag, PlannedExercise

    body = progress(owner_client, athlete).content.decode()
    assert "No pain reported." in body
    squat, rdl = (
        PlannedExercise.objects.filter(session__plan=plan, exercise__slug=slug).first()
        for slug in ("back-squat", "romanian-deadlift")
    )
    PainFlag.objects.create(
        athlete=athlete,
        planned_exercise=squat,
        exercise=squat.exercise,
        note="Knee <b>hurt</b>",
        cleared_at=timezone.now(),
        cleared_by=owner,
    )
    body = progress(owner_client, athlete).content.decode()
    assert "Newest first." not in body  # one report has no order to tell
    open_flag = PainFlag.objects.create(
        athlete=athlete, planned_exercise=rdl, exercise=rdl.exercise, note="Hamstring"
    )
    body = progress(owner_client, athlete).content.decode()
    assert "Newest first." in body
    pain = body[body.index('id="pain"') :]
    pain = pain[: pain.index("</section>")]
    assert pain.index("Romanian deadlift") < pain.index("Back squat")  # newest first
    assert "Knee &lt;b&gt;hurt&lt;/b&gt;" in pain
    assert f"by {owner.username}: back in the sessions." in pain
    assert pain.count("Left out of the next sessions") == 1
    # Cleared from here, the coach comes back here.
    response = owner_client.post(
        reverse("dashboard_pain_clear", args=[open_flag.pk]), {"back": "progress"}
    )
    assert response["Location"] == reverse("athlete_progress", args=[athlete.pk]) + "#pain"
    open_flag.refresh_from_db()
    assert open_flag.cleared_by == owner


def test_an_old_open_pain_report_is_listed_before_many_newer_cleared_ones(
    owner_client, owner, athlete, plan
):
    from django.utils import timezone

    from schedules.models import PainFlag, PlannedExercise
    from schedules.views.progress import PAIN_ROWS

    rdl = PlannedExercise.objects.filter(session__plan=plan, exercise__slug="romanian-deadlift")[0]
    squat = PlannedExercise.objects.filter(session__plan=plan, exercise__slug="back-squat")[0]
    open_flag = PainFlag.objects.create(
        athlete=athlete, planned_exercise=rdl, exercise=rdl.exercise, note="Old and open"
    )
    for n in range(PAIN_ROWS + 3):
        PainFlag.objects.create(
            athlete=athlete,
            planned_exercise=squat,
            exercise=squat.exercise,
            note=f"cleared {n}",
            cleared_at=timezone.now(),
            cleared_by=owner,
        )
    body = progress(owner_client, athlete).content.decode()
    pain = body[body.index('id="pain"') :]
    pain = pain[: pain.index("</section>")]
    assert pain.index("Old and open") < pain.index(">cleared ")
    assert f'action="{reverse("dashboard_pain_clear", args=[open_flag.pk])}"' in pain
    assert pain.count("back in the sessions") == PAIN_ROWS


def test_cleared_pain_reports_are_listed_by_when_they_were_reported(
    owner_client, owner, athlete, plan
):
    from datetime import timedelta

    from django.utils import timezone

    from schedules.models import PainFlag, PlannedExercise

    squat = PlannedExercise.objects.filter(session__plan=plan, exercise__slug="back-squat")[0]
    now = timezone.now()
    for note, reported, cleared in (("reported long ago", 10, 0), ("reported lately", 2, 1)):
        flag = PainFlag.objects.create(
            athlete=athlete,
            planned_exercise=squat,
            exercise=squat.exercise,
            note=note,
            cleared_at=now - timedelta(days=cleared),
            cleared_by=owner,
        )
        PainFlag.objects.filter(pk=flag.pk).update(created_at=now - timedelta(days=reported))
    body = progress(owner_client, athlete).content.decode()
    assert body.index("reported lately") < body.index("reported long ago")


def test_the_volume_chart_does_not_count_a_lift_left_out_after_pain_as_planned(
    client, athlete, plan, squat, week_url
):
    from schedules.logbook import pain_flags
    from schedules.views.progress import weekly_volume
    from tests.athlete_pages.test_pain import _reported_at, flag_pain, next_squat

    flag_pain(client, week_url, squat)
    later = next_squat(plan, squat)
    week = list(
        PlannedExercise.objects.filter(
            session__plan=plan, session__week=later.session.week
        ).exclude(pk=later.pk)
    )
    for pe in week:  # everything of week 2 the athlete was given, done as planned
        for number in range(1, pe.sets + 1):
            SetLog.objects.create(planned_exercise=pe, set_number=number, done=True)
    PlannedSession.objects.filter(plan=plan, week=later.session.week).update(
        logged_at=_reported_at(later.session.date, 18)
    )
    bar = weekly_volume(plan, pain_flags(athlete))[-1]
    assert bar.done > 0
    assert (bar.planned, bar.done) == (bar.done, bar.done)


def test_one_rm_chart_gives_each_point_to_a_tenth_as_the_caption_does(owner_client, athlete):
    """A chart's text (what a screen reader reads, and a point's tooltip) says the
    estimate the caption and the plan's PDF give, not one rounded a kilogram away."""
    StrengthTestFactory(athlete=athlete, tested_on=date(2026, 3, 2), load=Decimal("100"), reps=5)
    body = progress(owner_client, athlete).content.decode()
    assert "latest 116.7 kg" in body  # 100 x (1 + 5/30)
    desc = re.search(r"<desc [^>]*>([^<]*)</desc>", body).group(1)
    assert desc == "2 Mar 2026: 116.7 kg"  # as the page writes dates
    assert "<title>2 Mar 2026: 116.7 kg</title>" in body


def test_without_a_strength_test_the_page_links_to_recording_one(owner_client, athlete):
    body = owner_client.get(reverse("athlete_progress", args=[athlete.pk])).content.decode()
    add = reverse("strength_test_add", args=[athlete.pk])
    assert f'No strength tests yet. <a href="{add}">Record a 1RM or rep test</a>' in body


def test_an_archived_athletes_empty_progress_offers_nothing_their_record_refuses(
    owner_client, athlete
):
    """Read-only while archived: no link to a test form whose save is refused, and no promise
    of sessions or pain reports to come through a link that is refused."""
    from django.utils import timezone

    athlete.name, athlete.archived_at = "Ada Lovelace", timezone.now()
    athlete.save()
    body = owner_client.get(reverse("athlete_progress", args=[athlete.pk])).content.decode()
    assert reverse("strength_test_add", args=[athlete.pk]) not in body
    assert "No strength test was recorded for Ada Lovelace." in body
    assert "Sessions appear here as" not in body
    assert "When " not in body.split("No pain reported.")[1][:10]


def _target_label(svg: str, words: str) -> str:
    return re.search(rf"<text [^>]*>{re.escape(words)}", svg).group(0)


def test_a_squat_target_the_line_rises_through_is_labelled_where_the_line_leaves_room():
    from schedules.charts import Reference, line_chart

    start = date(2026, 1, 5)
    points = [(start + timedelta(weeks=4 * i), v) for i, v in enumerate((60, 62, 64, 70, 88))]
    svg = line_chart(
        chart_id="rm",
        title="Back squat",
        unit="kg",
        points=points,
        references=[Reference("1.25 × body weight (88 kg)", 88), Reference("far off", 140)],
    )
    reached = _target_label(svg, "1.25 × body weight (88 kg)")
    assert 'text-anchor="end"' not in reached  # at the left, clear of the line
    assert 'paint-order="stroke"' in reached  # and on a halo, should the line come close
    assert svg.index(reached) > svg.index("<polyline ")
    assert 'text-anchor="end"' in _target_label(svg, "far off")  # clear of it at the right


def test_an_archived_athletes_progress_leads_back_to_the_archived_athletes(owner_client, athlete):
    """The trail names the list the athlete's own page leads back to."""
    from django.utils import timezone

    trail = '<nav class="crumbs" aria-label="Breadcrumb">'
    crumb = f'{trail}<a href="{reverse("roster")}">Athletes</a>'
    assert crumb in progress(owner_client, athlete).content.decode()
    athlete.archived_at = timezone.now()
    athlete.save()
    for page in (progress(owner_client, athlete), owner_client.get(athlete_url(athlete))):
        assert f'<a href="{reverse("roster")}?show=archived">Archived athletes</a>' in (
            page.content.decode()
        )


def athlete_url(athlete) -> str:
    return reverse("athlete_detail", args=[athlete.pk])


def test_two_tests_of_a_lift_on_one_day_give_the_chart_and_the_plan_the_days_best(
    owner_client, athlete
):
    """A heavy single, then a set of five: one point for the day, at its best estimate,
    whichever order they were typed in, and the chart's latest is the 1RM the plan loads
    from, the athlete's page shows and the squad week works percentages from."""
    from athletes.models import Squad
    from schedules.views.squad_week import _one_rep_maxes

    athlete.squad = Squad.objects.create(club=athlete.club, name="Road")
    athlete.save()
    StrengthTestFactory(athlete=athlete, tested_on=date(2026, 1, 5), load=Decimal("90"))
    for day, loads in ((date(2026, 3, 2), ("100", "80")), (date(2026, 3, 9), ("80", "100"))):
        for load in loads:  # 100 x 1 is 100; 80 x 5 is 93.3
            StrengthTestFactory(
                athlete=athlete, tested_on=day, load=Decimal(load), reps=1 if load == "100" else 5
            )
        body = progress(owner_client, athlete).content.decode()
        chart = body[body.index("Back squat: estimated 1RM over time") :]
        assert f"<title>{day:%-d %b %Y}: 100 kg</title>" in chart
        assert "93.3 kg" not in chart  # no drop nor jump on the day
        assert "latest 100 kg" in body
        assert athlete.current_one_rep_maxes() == {"back-squat": Decimal("100")}
        assert _one_rep_maxes(athlete.squad)[athlete.pk] == {"back-squat": Decimal("100")}
        page = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
        current = '<strong>100</strong> kg</td><td class="muted small"><span class="nowrap">100 × 1'
        assert current + f'</span> on <span class="nowrap">{day:%-d %b}' in page
    assert len(re.findall(r"<circle ", body)) == 3  # 5 Jan, 2 Mar, 9 Mar
    # A later day's test is the current 1RM, though an earlier day's was higher.
    StrengthTestFactory(athlete=athlete, tested_on=date(2026, 3, 16), load=Decimal("95"))
    assert athlete.current_one_rep_maxes() == {"back-squat": Decimal("95")}
    assert "latest 95 kg" in progress(owner_client, athlete).content.decode()


def _log_of(body: str) -> str:
    log = body[body.index('id="log"') :]
    return log[: log.index("</section>")]


def test_the_coach_pages_back_through_every_logged_session(owner_client, athlete):
    """Older sessions than the latest page are a link away, each session on one page only,
    in the same few queries whatever the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schedules.views.progress import LOG_ROWS
    from tests.plan_factories import make_plan

    plan = make_plan(athlete, weeks=14)
    sessions = list(PlannedSession.objects.filter(plan=plan).order_by("-date", "-time", "-id"))
    assert len(sessions) > 2 * LOG_ROWS
    for n, session in enumerate(sessions):
        PlannedSession.objects.filter(pk=session.pk).update(athlete_note=f"note {n:02}")
    url = reverse("athlete_progress", args=[athlete.pk])
    seen, counts, number = [], [], 1
    while True:
        with CaptureQueriesContext(connection) as queries:
            response = owner_client.get(url if number == 1 else f"{url}?page={number}")
        counts.append(len(queries.captured_queries))
        log = _log_of(response.content.decode())
        seen += re.findall(r"note \d\d", log)
        older = re.search(r'<a href="([^"]*)">Older sessions</a>', log)
        if number > 1:
            newer = url if number == 2 else f"{url}?page={number - 1}"
            assert f'<a href="{newer}#log">Newer sessions</a>' in log
        if older is None:
            break
        number += 1
        assert older.group(1) == f"{url}?page={number}#log"
    assert seen == [f"note {n:02}" for n in range(len(sessions))]  # newest first, each once
    assert number == -(-len(sessions) // LOG_ROWS)
    assert len(set(counts)) == 1, counts
    first = _log_of(owner_client.get(url).content.decode())
    assert f"Sessions 1 to {LOG_ROWS} of {len(sessions)}, newest first" in first
    assert "Newer sessions" not in first


def test_a_log_page_that_is_not_there_is_the_first_or_the_last(owner_client, athlete):
    """Anything but a page number opens the first page; a number past the last (an old link,
    sessions removed since) opens the last one, in the same queries as any page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schedules.views.progress import LOG_ROWS
    from tests.plan_factories import make_plan

    plan = make_plan(athlete, weeks=14)
    PlannedSession.objects.filter(plan=plan).update(rpe=6)
    pages = -(-PlannedSession.objects.filter(plan=plan).count() // LOG_ROWS)
    assert pages > 2
    url = reverse("athlete_progress", args=[athlete.pk])
    first = _log_of(owner_client.get(url).content.decode())
    assert "Newer sessions" not in first and "Older sessions" in first
    for value in ("", "two", "0", "-1", "1.5", "٣", "9" * 5000, "1e3", " 2"):
        response = owner_client.get(url, {"page": value})
        assert response.status_code == 200, value
        assert _log_of(response.content.decode()) == first
    counts = []
    with CaptureQueriesContext(connection) as queries:
        last = _log_of(owner_client.get(url, {"page": str(pages)}).content.decode())
    counts.append(len(queries.captured_queries))
    assert "Older sessions" not in last and "Newer sessions" in last
    for value in (str(pages + 1), "999999"):
        with CaptureQueriesContext(connection) as queries:
            response = owner_client.get(url, {"page": value})
        counts.append(len(queries.captured_queries))
        assert response.status_code == 200, value
        assert _log_of(response.content.decode()) == last
    assert len(set(counts)) == 1, counts


def _pain_of(body: str) -> str:
    pain = body[body.index('id="pain"') :]
    pain = pain[: pain.index("</section>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", pain)  # masked anew


def _pain_reported(athlete, plan, owner, cleared: int, open_: int = 1) -> None:
    """`open_` open reports and `cleared` cleared ones, noted "open n" and "cleared nn",
    reported a day apart, the higher numbers the older ones."""
    from django.utils import timezone

    from schedules.models import PainFlag

    squat = PlannedExercise.objects.filter(session__plan=plan, exercise__slug="back-squat")[0]
    now = timezone.now()
    for n in range(open_ + cleared):
        is_open = n < open_
        flag = PainFlag.objects.create(
            athlete=athlete,
            planned_exercise=squat,
            exercise=squat.exercise,
            note=f"open {n}" if is_open else f"cleared {n - open_:02}",
            cleared_at=None if is_open else now,
            cleared_by=None if is_open else owner,
        )
        PainFlag.objects.filter(pk=flag.pk).update(created_at=now - timedelta(days=n))


def test_the_coach_pages_back_through_every_cleared_pain_report(owner_client, owner, athlete, plan):
    """Past the latest cleared reports, older ones are a link away (?pain=), each on one page
    only, the open ones on the first, in the same few queries whatever the page; the log's
    page is kept as the reports are paged, and theirs as the log is."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schedules.views.progress import PAIN_ROWS

    cleared = 2 * PAIN_ROWS + 5
    _pain_reported(athlete, plan, owner, cleared)
    url = reverse("athlete_progress", args=[athlete.pk])
    seen, counts, number = [], [], 1
    while True:
        with CaptureQueriesContext(connection) as queries:
            response = owner_client.get(url if number == 1 else f"{url}?pain={number}")
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
        pain = _pain_of(response.content.decode())
        assert ("open 0" in pain) == (number == 1)
        seen += re.findall(r">(cleared \d\d)<", pain)
        older = re.search(r'<a href="([^"]*)">Older reports</a>', pain)
        if number > 1:
            newer = f"{url}#pain" if number == 2 else f"{url}?pain={number - 1}#pain"
            assert f'<a href="{newer}">Newer reports</a>' in pain
        if older is None:
            break
        number += 1
        assert older.group(1) == f"{url}?pain={number}#pain"
    assert seen == [f"cleared {n:02}" for n in range(cleared)]  # newest first, each once
    assert number == 3
    assert len(set(counts)) == 1, counts
    second = _pain_of(owner_client.get(url, {"pain": "2"}).content.decode())
    assert f"Cleared reports {PAIN_ROWS + 1} to {2 * PAIN_ROWS} of {cleared}" in second


def test_each_pager_keeps_the_page_the_other_list_is_at(athlete):
    from django.core.paginator import Paginator

    from schedules.views.progress import page_links

    url = reverse("athlete_progress", args=[athlete.pk])
    log, pain = Paginator(range(30), 12).page(2), Paginator(range(50), 20).page(3)
    assert page_links(athlete, log, pain) == {
        "log_newer": f"{url}?pain=3#log",
        "log_older": f"{url}?page=3&pain=3#log",
        "pain_newer": f"{url}?page=2&pain=2#pain",
    }
    log, pain = Paginator(range(30), 12).page(1), Paginator(range(50), 20).page(1)
    assert page_links(athlete, log, pain) == {
        "log_older": f"{url}?page=2#log",
        "pain_older": f"{url}?pain=2#pain",
    }


def test_a_pain_page_that_is_not_there_is_the_first_or_the_last(owner_client, owner, athlete, plan):
    """Anything but a page number opens the first page; a number past the last (an old link,
    reports removed since) opens the last one, in the same queries as any page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schedules.views.progress import PAIN_ROWS

    _pain_reported(athlete, plan, owner, PAIN_ROWS + 1)
    url = reverse("athlete_progress", args=[athlete.pk])
    first = _pain_of(owner_client.get(url).content.decode())
    assert "open 0" in first and "Older reports" in first
    for value in ("", "two", "0", "-1", "1.5", "٣", "9" * 5000, "1e3", " 2"):
        response = owner_client.get(url, {"pain": value})
        assert response.status_code == 200, value
        assert _pain_of(response.content.decode()) == first
    counts = []
    with CaptureQueriesContext(connection) as queries:
        second = _pain_of(owner_client.get(url, {"pain": "2"}).content.decode())
    counts.append(len(queries.captured_queries))
    assert "Newer reports" in second and "Older reports" not in second
    for value in ("3", "999999"):
        with CaptureQueriesContext(connection) as queries:
            response = owner_client.get(url, {"pain": value})
        counts.append(len(queries.captured_queries))
        assert response.status_code == 200, value
        assert _pain_of(response.content.decode()) == second
    assert len(set(counts)) == 1, counts
    # None cleared: the first page is there (open ones, or none), and is the last.
    PainFlag.objects.filter(athlete=athlete).delete()
    first = _pain_of(owner_client.get(url).content.decode())
    response = owner_client.get(url, {"pain": "2"})
    assert response.status_code == 200
    assert _pain_of(response.content.decode()) == first


def test_a_pain_report_cleared_from_a_later_page_comes_back_to_that_page(
    owner_client, owner, athlete
):
    """The Clear form carries the pages of the log and of the pain reports it is on; the
    coach comes back to them, or to the last page there is if theirs is gone meanwhile."""
    from schedules.views.progress import LOG_ROWS, PAIN_ROWS
    from tests.plan_factories import make_plan

    plan = make_plan(athlete, weeks=14)
    PlannedSession.objects.filter(plan=plan).update(rpe=6)
    log_pages = -(-PlannedSession.objects.filter(plan=plan).count() // LOG_ROWS)
    assert log_pages >= 3
    _pain_reported(athlete, plan, owner, PAIN_ROWS + 1, open_=3)
    url = reverse("athlete_progress", args=[athlete.pk])
    first, second, third = PainFlag.objects.filter(cleared_at=None).order_by("-created_at")
    # As the page's form sends it once the coach said yes (the question's field left out).
    pain = _pain_of(owner_client.get(url, {"page": "2"}).content.decode())
    form = re.search(
        rf'<form method="post" action="{reverse("dashboard_pain_clear", args=[first.pk])}"'
        r"[^>]*>(.*?)</form>",
        pain,
    ).group(1)
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    assert data.pop("ask").startswith("Put ")
    response = owner_client.post(reverse("dashboard_pain_clear", args=[first.pk]), data)
    assert response["Location"] == f"{url}?page=2#pain"
    assert owner_client.get(response["Location"]).status_code == 200
    # The pain reports' page is kept too.
    clear = reverse("dashboard_pain_clear", args=[second.pk])
    response = owner_client.post(clear, {"back": "progress", "page": "2", "pain": "2"})
    assert response["Location"] == f"{url}?page=2&pain=2#pain"
    # A page gone meanwhile (or never there) is the last one there is, not "not found".
    clear = reverse("dashboard_pain_clear", args=[third.pk])
    response = owner_client.post(clear, {"back": "progress", "page": "99", "pain": "7"})
    assert response["Location"] == f"{url}?page={log_pages}&pain=2#pain"
    assert owner_client.get(response["Location"]).status_code == 200


def test_the_volume_chart_says_where_the_week_under_way_is(owner_client, athlete):
    """20 weeks into a 30-week plan: a phone opens the chart there, not at week 1."""
    from schedules.athlete_week import monday
    from schedules.charts import bar_centre
    from tests.plan_factories import make_plan

    make_plan(athlete, weeks=30, start=monday(timezone.localdate()) - timedelta(weeks=20))
    body = progress(owner_client, athlete).content.decode()
    assert f'data-this-week="{bar_centre(30, 20):.3f}"' in body


def test_the_week_under_way_is_the_last_of_an_ended_plan_and_none_before_one_starts():
    from schedules.athlete_week import monday
    from schedules.charts import bar_centre
    from schedules.views.progress import this_week_at

    now = monday(timezone.localdate())

    def weeks(first: date, count: int) -> list[WeekBar]:
        return [WeekBar(first + timedelta(weeks=i), "build", 100, 0) for i in range(count)]

    assert this_week_at(weeks(now - timedelta(weeks=3), 10)) == f"{bar_centre(10, 3):.3f}"
    assert this_week_at(weeks(now - timedelta(weeks=15), 10)) == f"{bar_centre(10, 9):.3f}"
    assert this_week_at(weeks(now + timedelta(weeks=1), 10)) == ""
    assert this_week_at([]) == ""


def volume_svg(first: date, count: int) -> str:
    """The volume chart of `count` weeks from the week of `first`, the week under way marked
    as the progress page marks it."""
    from schedules.athlete_week import monday

    now = monday(timezone.localdate())
    start = monday(first)
    weeks = [
        WeekBar(
            start + timedelta(weeks=i),
            "build",
            1000.0,
            500.0,
            now=start + timedelta(weeks=i) == now,
        )
        for i in range(count)
    ]
    return str(bar_chart(chart_id="volume", title="Volume", unit="kg", weeks=weeks))


def test_the_volume_chart_marks_the_week_under_way():
    """A band behind this week's bar and "This week" above it, said in the text alternative
    and the bar's tooltip too, where a screen reader or a hover finds it."""
    from schedules.charts import BAR_WIDTH, LEFT, RIGHT, TOP

    today = timezone.localdate()
    svg = volume_svg(today - timedelta(weeks=3), 10)
    slot = (BAR_WIDTH - LEFT - RIGHT) / 10
    assert svg.count('class="this-week"') == 2
    band = re.search(r'<rect class="this-week" x="([\d.]+)" y="([\d.]+)"', svg)
    assert float(band.group(1)) == pytest.approx(LEFT + 3 * slot, abs=0.1)
    assert float(band.group(2)) == TOP
    label = re.search(r'<text class="this-week" x="([\d.]+)"[^>]*>This week</text>', svg)
    assert float(label.group(1)) == pytest.approx(LEFT + 3.5 * slot, abs=0.1)
    # Behind the bars: drawn before the first of them.
    assert svg.index('class="this-week"') < svg.index("<g><title>")
    this_week = f"{today - timedelta(days=today.weekday()):%-d %b}"
    desc = re.search(r'<desc id="volume-d">([^<]*)</desc>', svg).group(1)
    assert f"week of {this_week} (this week): planned 1,000, done 500 kg" in desc
    assert desc.count("this week") == 1
    assert f"<title>Week of {this_week} (this week): planned 1,000, done 500 kg</title>" in svg


@pytest.mark.parametrize("weeks_ago", [10, -1, 30])  # ended, not started, long ended
def test_the_volume_chart_marks_no_week_outside_the_plan(weeks_ago):
    """Once the plan's last week is over, or before its first, no week is this week."""
    svg = volume_svg(timezone.localdate() - timedelta(weeks=weeks_ago), 10)
    assert "this-week" not in svg and "This week" not in svg and "this week" not in svg


def test_the_this_week_label_stays_inside_the_chart_at_either_end():
    from schedules.charts import BAR_WIDTH, CHAR_EM, FONT_SIZE, LEFT, RIGHT

    wide = len("This week") * CHAR_EM * FONT_SIZE
    for first, count in ((0, 30), (29, 30)):  # this week the first, then the last of 30
        svg = volume_svg(timezone.localdate() - timedelta(weeks=first), count)
        x = float(re.search(r'<text class="this-week" x="([\d.]+)"', svg).group(1))
        assert x - wide / 2 >= LEFT and x + wide / 2 <= BAR_WIDTH - RIGHT


def test_the_progress_page_marks_this_week_in_the_chart_and_the_table(owner_client, athlete):
    from schedules.athlete_week import monday
    from tests.plan_factories import make_plan

    now = monday(timezone.localdate())
    make_plan(athlete, weeks=12, start=now - timedelta(weeks=4))
    body = progress(owner_client, athlete).content.decode()
    assert body.count('<text class="this-week"') == 1
    rows = re.findall(r'<tr class="pg-this-week"><td>([^<]*)<strong>\(this week\)</strong>', body)
    assert rows == [f"{now:%-d %b %Y} "]


def test_the_progress_page_marks_no_week_once_the_plan_has_ended(owner_client, athlete):
    from schedules.athlete_week import monday
    from tests.plan_factories import make_plan

    make_plan(athlete, weeks=6, start=monday(timezone.localdate()) - timedelta(weeks=10))
    body = progress(owner_client, athlete).content.decode()
    assert "Weekly strength volume by phase" in body
    assert 'class="this-week"' not in body and "This week<" not in body
    assert "(this week)" not in body and "pg-this-week" not in body


def test_the_volume_key_names_only_the_phases_the_chart_has_a_bar_for(owner_client, athlete, squat):
    """A first phase prescribed by effort alone (no 1RM yet) has empty weeks: its colour is
    nowhere on the chart, so the key leaves it out; the week-by-week table still names it."""
    plan = squat.session.plan
    first, *rest = plan.phases
    first_end = plan.start_date + timedelta(days=6)
    phases = [
        {**first, "phase": "intro", "end": first_end.isoformat()},
        {**first, "start": (first_end + timedelta(days=1)).isoformat()},
        *rest,
    ]
    Plan.objects.filter(pk=plan.pk).update(phases=phases)
    PlannedExercise.objects.filter(session__plan=plan, session__week=1).update(load=None)
    body = progress(owner_client, athlete).content.decode()
    key = body.split('<ul class="pg-legend">', 1)[1].split("</ul>", 1)[0]
    assert "Build" in key and "Introduction" not in key
    rows = body[body.index("<summary>Week by week</summary>") :]
    assert "<td>Introduction</td><td>0</td><td>0</td>" in rows


@pytest.mark.parametrize("weeks_ago", range(0, 52, 3))
def test_a_crowded_volume_chart_keeps_this_weeks_date_under_its_bar(weeks_ago):
    """A year's plan has room for a date under every few bars only: the one under this
    week's is kept, clear of its neighbours, unless it would run into the plan's last."""
    from schedules.athlete_week import monday
    from schedules.charts import CHAR_EM, FONT_SIZE, LABEL_PAD

    now = monday(timezone.localdate())
    svg = volume_svg(now - timedelta(weeks=weeks_ago), 52)
    labels = re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)"[^>]*>(\d+ \w+)<', svg)
    texts = [text for _, _, text in labels]
    last = f"{now + timedelta(weeks=51 - weeks_ago):%-d %b}"
    assert texts[-1] == last
    this_week = f"{now:%-d %b}"
    if weeks_ago <= 45:  # closer to the end, the last date stands for both
        assert this_week in texts
    spans = []
    for x, anchor, text in labels:
        x, wide = float(x), len(text) * CHAR_EM * FONT_SIZE
        start = {"start": x, "end": x - wide, "middle": x - wide / 2}[anchor]
        spans.append((start, start + wide))
    assert all(b[0] - a[1] >= LABEL_PAD for a, b in zip(spans, spans[1:], strict=False))


@pytest.mark.parametrize("weeks_ago", range(0, 52, 5))
def test_a_crowded_volume_chart_dates_its_bars_at_an_even_step_through_this_week(weeks_ago):
    """Every few bars a date, the same number of bars apart all along (this week's among
    them), not one squeezed in beside this week's; only the plan's last may come sooner."""
    from schedules.athlete_week import monday

    now = monday(timezone.localdate())
    first = now - timedelta(weeks=weeks_ago)
    svg = volume_svg(first, 52)
    labels = re.findall(r'<text x="[\d.]+" y="[\d.]+" text-anchor="\w+"[^>]*>(\d+ \w+)<', svg)
    weeks = {f"{first + timedelta(weeks=i):%-d %b}": i for i in range(52)}
    shown = [weeks[text] for text in labels[:-1]]
    steps = {b - a for a, b in zip(shown, shown[1:], strict=False)}
    assert len(steps) == 1, shown
    if weeks_ago <= 45:  # closer to the end, the last date stands for this week's
        assert weeks_ago in shown


@pytest.mark.parametrize(
    ("logged", "says"),
    [
        (1, "One session so far, as Dana logged it: "),
        (2, "All 2 sessions, newest first, as Dana logged them: "),
    ],
)
def test_a_short_log_says_how_many_sessions_in_plain_words(owner_client, athlete, logged, says):
    """A coach's first logged session reads as one session, not 'All 1'."""
    from tests.plan_factories import make_plan

    athlete.name = "Dana"
    athlete.save()
    plan = make_plan(athlete, weeks=2)
    sessions = PlannedSession.objects.filter(plan=plan).order_by("date")[:logged]
    PlannedSession.objects.filter(pk__in=[s.pk for s in sessions]).update(athlete_note="ok")
    log = _log_of(progress(owner_client, athlete).content.decode())
    assert says in log
    assert "All 1" not in log


def _date_labels(svg: str) -> list[tuple[float, str, str]]:
    """The x axis's labels of a 1RM chart: where, how anchored, what they say."""
    found = re.findall(r'<text x="([\d.]+)" y="244" text-anchor="(\w+)"[^>]*>([^<]+)<', svg)
    return [(float(x), anchor, text) for x, anchor, text in found]


def _clear_of_each_other(labels) -> bool:
    from schedules.charts import CHAR_EM, LABEL_PAD, PHONE_FONT_SIZE

    spans = []
    for x, anchor, text in labels:
        wide = len(text) * CHAR_EM * PHONE_FONT_SIZE
        start = {"start": x, "end": x - wide, "middle": x - wide / 2}[anchor]
        spans.append((start, start + wide))
    return all(b[0] - a[1] >= LABEL_PAD for a, b in zip(spans, spans[1:], strict=False))


def _rm_chart(days: list[date]) -> str:
    from schedules.charts import line_chart

    points = [(day, 60 + 2.5 * i) for i, day in enumerate(days)]
    return str(line_chart(chart_id="rm", title="Back squat", unit="kg", points=points))


def test_a_1rm_chart_dates_every_test_there_is_room_for():
    """Four tests four weeks apart: a date under each, not only under the first and the
    last; the year said at the ends, so that the dates between are short enough to fit."""
    days = [date(2026, 1, 5) + timedelta(weeks=4 * i) for i in range(4)]
    labels = _date_labels(_rm_chart(days))
    assert [text for _, _, text in labels] == ["5 Jan 26", "2 Feb", "2 Mar", "30 Mar 26"]
    assert _clear_of_each_other(labels)
    days = [date(2025, 12, 1) + timedelta(weeks=4 * i) for i in range(3)]
    labels = _date_labels(_rm_chart(days))
    assert [text for _, _, text in labels] == ["1 Dec 25", "29 Dec", "26 Jan 26"]


@pytest.mark.parametrize("count", [6, 9, 13, 25, 60])
def test_a_1rm_chart_with_many_tests_dates_an_even_share_of_them(count):
    """More tests than dates fit: every so many tests a date, the same number apart all
    along (the last always dated, after at most the same step), and more than the ends."""
    days = [date(2026, 1, 5) + timedelta(days=14 * i) for i in range(count)]
    labels = _date_labels(_rm_chart(days))
    texts = [text for _, _, text in labels]
    assert texts[0] == "5 Jan 26" and texts[-1] == f"{days[-1]:%-d %b %y}"
    assert len(texts) >= 3
    assert _clear_of_each_other(labels)
    named = {f"{day:%-d %b}": i for i, day in enumerate(days)}
    shown = [named[" ".join(text.split()[:2])] for text in texts]
    steps = [b - a for a, b in zip(shown, shown[1:], strict=False)]
    assert max(steps) - min(steps) <= 1, shown


def test_a_1rm_chart_of_one_test_dates_it():
    labels = _date_labels(_rm_chart([date(2026, 3, 2)]))
    assert [text for _, _, text in labels] == ["2 Mar 26"]


def test_the_volume_charts_scale_is_drawn_beside_it_at_the_same_scale():
    """The scale is a drawing of its own, hidden from screen readers (the chart's text
    alternative says every number), and the stylesheet gives it and the chart the shares
    of the width their drawings have, so that the numbers stay level with the grid."""
    from pathlib import Path

    from schedules.charts import BAR_WIDTH, HEIGHT, LEFT

    svg = volume_svg(timezone.localdate(), 10)
    scale, chart = re.findall(r"<svg [^>]*>", svg)
    assert f'viewBox="0 0 {LEFT} {HEIGHT}"' in scale and 'aria-hidden="true"' in scale
    assert f'viewBox="{LEFT} 0 {BAR_WIDTH - LEFT} {HEIGHT}"' in chart and 'role="img"' in chart
    assert svg.count('role="img"') == 1 and "<title id=" in svg and "planned 1,000" in svg
    css = (Path(__file__).parents[2] / "static/css/app.css").read_text()
    columns = f"minmax(0, {LEFT}fr) minmax(0, {BAR_WIDTH - LEFT}fr)"
    assert f".rs-scaled {{ display: grid; grid-template-columns: {columns};" in css


@pytest.mark.parametrize("top", [900.0, 9_000.0, 60_000.0, 99_000.0, 240_000.0, 2_400_000.0])
def test_every_number_of_the_volume_charts_scale_fits_beside_the_chart(top):
    """A club in pounds can lift 100,000 a week: the scale's numbers (drawn right-aligned
    6 units left of the chart) must fit in its LEFT units, or their first digits are cut."""
    from schedules.charts import CHAR_EM, FONT_SIZE, LEFT

    weeks = [WeekBar(date(2026, 3, 2) + timedelta(weeks=i), "base", top, top / 2) for i in range(4)]
    svg = str(bar_chart(chart_id="v", title="Volume", unit="lb", weeks=weeks))
    scale = re.search(r'<svg class="rs-scale".*?</svg>', svg).group(0)
    numbers = re.findall(r">([^<]+)</text>", scale)[:-1]  # the last is the unit
    assert len(numbers) >= 3, numbers
    for number in numbers:
        assert 6 + len(number) * CHAR_EM * FONT_SIZE <= LEFT, number
    # Every number stays a number a coach reads at a glance, in order, from 0 up.
    size = {"k": 1_000, "M": 1_000_000}
    values = [float(n.replace(",", "").rstrip("kM")) * size.get(n[-1], 1) for n in numbers]
    assert numbers[0] == "0" and values == sorted(values) and max(values) >= top


def _dot_hidden_by(svg: str, words: str) -> bool:
    """Whether the label `words`, as large as a phone draws it, covers a dot of the line."""
    from schedules.charts import CHAR_EM, PHONE_FONT_SIZE

    label = _target_label(svg, words)
    x, y = (float(re.search(rf' {k}="([\d.]+)"', label).group(1)) for k in ("x", "y"))
    wide = len(words) * CHAR_EM * PHONE_FONT_SIZE
    left = x - wide if 'text-anchor="end"' in label else x
    dots = [
        (float(a), float(b)) for a, b in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    ]
    return any(
        left - 5 <= cx <= left + wide + 5 and y - PHONE_FONT_SIZE - 5 <= cy <= y + 4 + 5
        for cx, cy in dots
    )


def test_a_first_test_just_past_a_squat_target_keeps_its_dot_clear_of_the_targets_label():
    """One test day: its dot sits mid-chart, where a target's label would cover it from
    either end on a phone; the label goes under its line instead."""
    from schedules.charts import Reference, line_chart

    words = "1.25 × body weight (152 lb)"
    svg = str(
        line_chart(
            chart_id="rm",
            title="Back squat",
            unit="lb",
            points=[(date(2026, 12, 1), 157.5)],
            references=[Reference(words, 151.6), Reference("1.5 × body weight (182 lb)", 181.9)],
        )
    )
    assert "<circle " in svg
    assert not _dot_hidden_by(svg, words)
    assert not _dot_hidden_by(svg, "1.5 × body weight (182 lb)")


def test_a_week_still_to_come_reads_to_come_not_nothing_logged(owner_client, athlete, squat):
    """Next week can have nothing logged yet: its row and bar say it is to come rather
    than 0 logged, which reads as sessions missed; this week says what is logged so far."""
    plan = squat.session.plan
    next_week = plan.start_date + timedelta(weeks=1)
    body = progress(owner_client, athlete).content.decode()
    rows = body[body.index("<summary>Week by week</summary>") :]
    row = rows[rows.index(f"<td>{next_week:%-d %b %Y}</td>") :].split("</tr>", 1)[0]
    assert row.endswith('<td><span class="muted nowrap">to come</span></td>')
    assert f"Week of {next_week:%-d %b}: planned 4,950 kg, still to come" in body
    assert f"week of {next_week:%-d %b}: planned 4,950 kg, still to come" in body
    this_week = rows[: rows.index(f"<td>{next_week:%-d %b %Y}</td>")]
    assert "to come" not in this_week and "<td>0</td></tr>" in this_week


def test_a_session_logged_ahead_shows_in_its_weeks_volume(owner_client, athlete, squat):
    from schedules.athlete_week import monday

    later = PlannedExercise.objects.filter(
        session__plan=squat.session.plan, exercise=squat.exercise
    ).order_by("-session__date")[0]
    SetLog.objects.create(planned_exercise=later, set_number=1, done=True, reps=6, load=60)
    body = progress(owner_client, athlete).content.decode()
    week = monday(later.session.date)
    assert f"Week of {week:%-d %b}: planned 4,950, done 360 kg" in body


def _label_box(svg: str, words: str) -> tuple[float, float, float, float]:
    from schedules.charts import CHAR_EM, PHONE_FONT_SIZE

    label = _target_label(svg, words)
    x, y = (float(re.search(rf' {k}="([\d.]+)"', label).group(1)) for k in ("x", "y"))
    wide = len(words) * CHAR_EM * PHONE_FONT_SIZE
    left = x - wide if 'text-anchor="end"' in label else x
    return left, y - PHONE_FONT_SIZE, left + wide, y + 4


def test_a_squat_targets_label_never_goes_under_its_line_onto_the_other_targets_label():
    """Two tests rising to just past the upper target: under its line, that target's label
    would sit on the lower one's, which leaves neither readable; over the line, the line
    runs under a halo instead."""
    from schedules.charts import Reference, line_chart

    upper, lower = "1.5 × body weight (82 kg)", "1.25 × body weight (69 kg)"
    svg = str(
        line_chart(
            chart_id="rm",
            title="Back squat",
            unit="kg",
            points=[(date(2026, 1, 5), 75.0), (date(2026, 2, 2), 97.2)],
            references=[Reference(lower, 68.57), Reference(upper, 82.29)],
        )
    )
    a, b = _label_box(svg, lower), _label_box(svg, upper)
    assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
