"""An athlete's progress for the coach: estimated 1RM over time and weekly strength volume."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Case, Q, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from athletes.access import coach_required, get_athlete_for_user
from athletes.models import CURRENT_LAST
from config.pages import page_number
from schedules.athlete_week import monday
from schedules.calendar import phase_on
from schedules.charts import (
    PHASE_COLOURS,
    Reference,
    WeekBar,
    bar_centre,
    bar_chart,
    line_chart,
)
from schedules.logbook import (
    PHASE_NAMES,
    any_set_ticked,
    count_sets,
    pain_flags,
    sets_by_session,
    withheld_by,
)
from schedules.models import PainFlag, Plan, PlannedExercise, PlannedSession, SetLog

MAIN_LIFTS = ("back-squat", "front-squat", "romanian-deadlift", "deadlift", "calf-raise")
SQUAT_TARGETS = (Decimal("1.25"), Decimal("1.5"))  # DOMAIN section 1: long-term back squat
KG_TO_LB = Decimal("2.20462")
STRENGTH = ("max_strength", "power")
LOG_ROWS = 12
PAIN_ROWS = 20


def _logged(athlete):
    """The athlete's logged sessions, newest first."""
    return (
        PlannedSession.objects.filter(plan__athlete=athlete)
        .filter(
            Q(logged_at__isnull=False)
            | Q(rpe__isnull=False)
            | Q(soreness__isnull=False)
            | ~Q(athlete_note="")
        )
        .order_by("-date", "-time", "-id")
    )


def session_log(athlete, number: int = 1, per_page: int = LOG_ROWS) -> Page:
    """A page of the athlete's logged sessions, newest first (page 1 the latest), with what
    they told the coach: sets ticked of those planned, session RPE, next-day soreness and
    their note. Sets of an exercise left out after pain (L9) are not planned ones:
    `left_out` counts those exercises. The same few queries whatever the page; a page past
    the last (an old link, sessions removed since) is the last page."""
    page = Paginator(_logged(athlete), per_page).get_page(number)
    page.object_list = sessions = list(page.object_list)
    exercises = sets_by_session(sessions) if sessions else {}
    flags = pain_flags(athlete) if sessions else []
    for s in sessions:
        s.sets_done, s.sets_planned, s.left_out = count_sets(
            exercises.get(s.pk, []), flags, s.date, s.logged_at
        )
    return page


def one_rm_charts(athlete) -> list[dict]:
    """A line per lift, a point per test day: the day's best estimate, the one the plan loads
    from (CURRENT_LAST: a lower second test that day is no drop and no jump), so the last
    point is the plan's current 1RM."""
    series: dict[int, dict] = {}
    for test in athlete.strength_tests.select_related("exercise").order_by(*CURRENT_LAST):
        entry = series.setdefault(test.exercise_id, {"exercise": test.exercise, "days": {}})
        entry["days"][test.tested_on] = float(test.estimated_1rm)  # the day's best comes last
    for entry in series.values():
        entry["points"] = list(entry["days"].items())
    body_mass = athlete.body_mass_kg * (KG_TO_LB if athlete.units == "lb" else 1)
    rank = {slug: i for i, slug in enumerate(MAIN_LIFTS)}
    charts = []
    ordered = sorted(
        series.values(), key=lambda e: (rank.get(e["exercise"].slug, 99), e["exercise"].name)
    )
    for entry in ordered:
        exercise = entry["exercise"]
        references = []
        if exercise.slug == "back-squat":
            references = [
                Reference(
                    f"{factor} × body weight ({body_mass * factor:.0f} {athlete.units})",
                    float(body_mass * factor),
                )
                for factor in SQUAT_TARGETS
            ]
        latest = entry["points"][-1][1]
        charts.append(
            {
                "exercise": exercise,
                "latest": latest,
                "ratio": latest / float(body_mass) if exercise.slug == "back-squat" else None,
                "svg": line_chart(
                    chart_id=f"rm-{exercise.pk}",
                    title=f"{exercise.name}: estimated 1RM over time",
                    unit=athlete.units,
                    points=entry["points"],
                    references=references,
                ),
            }
        )
    return charts


def weekly_volume(plan: Plan, flags: list[PainFlag] = ()) -> list[WeekBar]:
    """Planned and logged strength volume (sets x reps x load) per week of the plan; the
    athlete's pain `flags` take the lifts they leave out of sessions (L9) out of the plan."""
    planned: dict = defaultdict(float)
    done: dict = defaultdict(float)
    phases: dict = {}
    rows = (
        PlannedExercise.objects.filter(
            session__plan=plan, category__in=STRENGTH, load__isnull=False, reps__isnull=False
        )
        .annotate(ticked=any_set_ticked())
        .values_list(
            "session__date",
            "session__phase",
            "sets",
            "reps",
            "load",
            "exercise_id",
            "session__logged_at",
            "ticked",
        )
    )
    for day, phase, sets, reps, load, exercise_id, logged_at, ticked in rows:
        week = monday(day)
        phases.setdefault(week, phase)
        if withheld_by(flags, exercise_id, day, logged_at=logged_at, done=ticked):
            continue
        planned[week] += float(sets * reps * load)
    logs = SetLog.objects.filter(
        planned_exercise__session__plan=plan,
        planned_exercise__category__in=STRENGTH,
        done=True,
    ).values_list(
        "planned_exercise__session__date",
        "reps",
        "load",
        "planned_exercise__reps",
        "planned_exercise__load",
    )
    for day, reps, load, planned_reps, planned_load in logs:
        reps = planned_reps if reps is None else reps
        load = planned_load if load is None else load
        if reps and load:
            done[monday(day)] += float(reps * load)
    if not planned and not done:
        return []
    # From the plan's first week: early weeks prescribed by effort alone show as empty bars.
    starts = {monday(date.fromisoformat(block["start"])) for block in plan.phases[:1]}
    week, last = min(planned.keys() | done.keys() | starts), max(planned | done)
    weeks = []
    this_week = monday(timezone.localdate())
    while week <= last:
        # The plan's phase for the week, as the plan page names it; weeks before the plan
        # (sessions kept from an earlier one) go by what their sessions were.
        in_plan = week + timedelta(days=6) >= plan.start_date
        phase = (in_plan and phase_on(plan.phases, max(week, plan.start_date))) or phases.get(
            week, ""
        )
        weeks.append(
            WeekBar(
                week,
                phase,
                planned.get(week, 0.0),
                done.get(week, 0.0),
                PHASE_NAMES.get(phase, ""),
                # Only a week the chart has: none before the plan's first or after its last.
                now=week == this_week,
                ahead=week > this_week,
            )
        )
        week += timedelta(weeks=1)
    return weeks


def _cleared(athlete):
    """The athlete's cleared pain reports, newest first (by when they were reported)."""
    return (
        PainFlag.objects.filter(athlete=athlete, cleared_at__isnull=False)
        .order_by("-created_at", "-id")
        .values("pk")
    )


def pain_reports(athlete, number: int = 1, per_page: int = PAIN_ROWS) -> Page:
    """A page of the athlete's pain reports, the coach's record of them: the first page has
    every open one, then the latest cleared ones; later pages the older cleared ones, each
    newest first (by when it was reported). Two queries whatever the page; a page past the
    last (an old link, reports removed since) is the last page."""
    page = Paginator(_cleared(athlete), per_page).get_page(number)
    shown = Q(pk__in=page.object_list)
    if page.number == 1:
        shown |= Q(cleared_at__isnull=True)
    page.object_list = list(
        PainFlag.objects.filter(athlete=athlete)
        .filter(shown)
        .select_related("exercise", "cleared_by", "planned_exercise__session")
        .order_by(Case(When(cleared_at__isnull=True, then=0), default=1), "-created_at", "-id")
    )
    return page


def progress_url(athlete, log_number: int, pain_number: int, anchor: str) -> str:
    """The progress page at a page of the log (`?page=`) and of the pain reports (`?pain=`),
    a first page unsaid."""
    base = reverse("athlete_progress", args=[athlete.pk])
    query = urlencode(
        [(name, n) for name, n in (("page", log_number), ("pain", pain_number)) if n > 1]
    )
    return f"{base}{'?' if query else ''}{query}#{anchor}"


def back_to_progress(athlete, data) -> str:
    """Where a pain report cleared on the progress page comes back to: the pages of the log
    and of the pain reports the coach was on (`page`, `pain` in `data`), each the last one
    there is if theirs is gone meanwhile, never a page that is not found."""
    log_pages = Paginator(_logged(athlete), LOG_ROWS).num_pages
    pain_pages = Paginator(_cleared(athlete), PAIN_ROWS).num_pages
    return progress_url(
        athlete,
        min(page_number(data.get("page")), log_pages),
        min(page_number(data.get("pain")), pain_pages),
        "pain",
    )


def page_links(athlete, log: Page, pain: Page) -> dict[str, str]:
    """The pagers' links, each keeping the other list at the page it shows: the log's as
    `?page=`, the pain reports' as `?pain=` (a first page goes unsaid)."""

    def url(log_number: int, pain_number: int, anchor: str) -> str:
        return progress_url(athlete, log_number, pain_number, anchor)

    links = {}
    if log.has_previous():
        links["log_newer"] = url(log.previous_page_number(), pain.number, "log")
    if log.has_next():
        links["log_older"] = url(log.next_page_number(), pain.number, "log")
    if pain.has_previous():
        links["pain_newer"] = url(log.number, pain.previous_page_number(), "pain")
    if pain.has_next():
        links["pain_older"] = url(log.number, pain.next_page_number(), "pain")
    return links


def this_week_at(weeks: list[WeekBar]) -> str:
    """Where the week under way is across the volume chart (the plan's last week once it has
    ended), for a phone to open the chart there rather than at a long plan's first weeks;
    "" before the plan begins."""
    this_week = monday(timezone.localdate())
    if not weeks or this_week < weeks[0].start:
        return ""
    index = min((this_week - weeks[0].start).days // 7, len(weeks) - 1)
    return f"{bar_centre(len(weeks), index):.3f}"


@coach_required
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_athlete_for_user(request, pk)
    # Each at its last page if past it (an old link); anything but a page number opens the first.
    log = session_log(athlete, page_number(request.GET.get("page")))
    pain = pain_reports(athlete, page_number(request.GET.get("pain")))
    plan = Plan.objects.filter(athlete=athlete).only("id", "phases", "units").first()
    weeks = weekly_volume(plan, pain_flags(athlete)) if plan else []
    unit = plan.units if plan else athlete.units
    context = {
        "volume_now": this_week_at(weeks),
        "athlete": athlete,
        "rm_charts": one_rm_charts(athlete),
        "weeks": weeks,
        "volume_svg": bar_chart(
            chart_id="volume",
            title="Weekly strength volume by phase",
            unit=unit,
            weeks=weeks,
        )
        if weeks
        else "",
        # The colours the chart shows: a phase whose weeks have no bar (prescribed by effort
        # alone, as a novice's introduction often is) is named in the table, not the key.
        "phases": [
            (PHASE_NAMES[p], PHASE_COLOURS[p])
            for p in PHASE_COLOURS
            if any(w.phase == p and (w.planned or w.done) for w in weeks)
        ],
        "unit": unit,
        "log": log,
        "sessions": log.object_list,
        "pain": pain,
        "pain_reports": pain.object_list,
        "links": page_links(athlete, log, pain),
    }
    return render(request, "schedules/progress.html", context)
