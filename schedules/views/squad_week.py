import hashlib
from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from athletes.access import AthleteArchived, coach_required, get_squad_for_user
from athletes.models import CURRENT_LAST, Athlete, StrengthTest
from config.text import name_order
from programs import engine
from programs.catalogue import catalogue_for_club
from programs.engine.phases import HEAVY_PHASES
from schedules import loads, logbook, services
from schedules.calendar import first_week_with_sessions
from schedules.forms import ScaleWeekForm
from schedules.grid import kind_words
from schedules.models import (
    JobStatus,
    LoadChange,
    Plan,
    PlanJob,
    PlannedExercise,
    PlannedSession,
)
from schedules.views.grid import week_start


def _week_sessions(squad, monday):
    exercises = logbook.exercises_with_ticks()
    return (
        PlannedSession.objects.filter(
            plan__athlete__squad=squad,
            plan__athlete__archived_at__isnull=True,
            date__gte=monday,
            date__lt=monday + timedelta(days=7),
        )
        .select_related("plan__athlete")
        .prefetch_related(Prefetch("exercises", queryset=exercises))
        .order_by("date", "time", "id")
    )


def _week_context(squad, monday, form: ScaleWeekForm) -> dict:
    athletes = sorted(
        Athlete.objects.filter(club=squad.club, squad=squad)
        .active()
        .annotate(
            has_plan=Exists(Plan.objects.filter(athlete=OuterRef("pk"))),
            planning=Exists(
                PlanJob.objects.filter(
                    athlete=OuterRef("pk"), status__in=(JobStatus.QUEUED, JobStatus.RUNNING)
                )
            ),
            plan_phases=F("plan__phases"),
        ),
        key=lambda a: name_order(a.name),
    )
    for athlete in athletes:
        # A plan over before this week (a race gone by) leaves a row of dashes: it says why.
        end = Plan(phases=athlete.plan_phases).end_date if athlete.has_plan else None
        athlete.plan_ended = end if end and end < monday else None
    by_athlete = defaultdict(lambda: defaultdict(list))
    kinds: dict[str, list[str]] = defaultdict(list)  # each label's, in the order they come
    sessions = list(_week_sessions(squad, monday))
    for session in sessions:
        by_athlete[session.plan.athlete_id][session.label].append(session)
        if session.kind not in kinds[session.label]:
            kinds[session.label].append(session.kind)
    labels = sorted(kinds)
    rows = [(a, [by_athlete[a.pk].get(label, []) for label in labels]) for a in athletes]
    return {
        "squad": squad,
        "monday": monday,
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
        "sunday": monday + timedelta(days=6),
        "labels": labels,
        # Each column's heading says what kind of session it is, as the load grid's does.
        "columns": [(label, kind_words(kinds[label])) for label in labels],
        "rows": rows,
        "held": logbook.held_exercises(sessions, logbook.pain_flags_by_athlete(athletes)),
        "form": form,
    }


@coach_required
@require_GET
def squad_week(request: HttpRequest, pk: int) -> HttpResponse:
    squad = get_squad_for_user(request, pk)
    monday = week_start(request.GET.get("week"), timezone.localdate())
    moved_from = None
    if not request.GET.get("week"):
        # This week empty (say, a programme assigned from next Monday): open on the first
        # week that has sessions, and say so.
        first = first_week_with_sessions(
            PlannedSession.objects.filter(
                plan__athlete__squad=squad, plan__athlete__archived_at__isnull=True
            ),
            monday,
        )
        moved_from, monday = (monday, first) if first != monday else (None, monday)
    form = ScaleWeekForm(initial={"week": monday, "action": "scale", "percent": -10})
    context = {**_week_context(squad, monday, form), "moved_from": moved_from}
    return render(request, "schedules/squad_week.html", context)


def _scaled(
    planned: PlannedExercise, action: str, percent: int, one_rm: Decimal | None = None
) -> dict:
    if action == "deload":
        sets = max(1, round(planned.sets * 0.6))
        return {"sets": sets} if sets != planned.sets else {}
    if planned.load is None or planned.load <= 0:
        return {}
    factor = Decimal(100 + percent) / 100
    # Down to the plate step, never heavier than asked (L1); a load already at the lightest
    # plate stays there instead of vanishing to nothing.
    load = Decimal(str(engine.round_to_plate(float(planned.load * factor), planned.unit)))
    load = max(load, min(planned.load, loads.plate(planned.unit)))
    load = min(load, max(planned.load, loads.MAX_LOAD[planned.unit]))  # no heavier than that
    if load == planned.load:
        return {}
    if one_rm:
        return loads.derive(planned, {"load": load}, one_rm)  # the % as a grid edit sets it
    values = {"load": load}
    if planned.percent_1rm is not None:
        # No 1RM on record: the same share of the same unknown 1RM, the % moves with the load.
        values["percent_1rm"] = (planned.percent_1rm * load / planned.load).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )
    return values


def _one_rep_maxes(squad) -> dict[int, dict[str, Decimal]]:
    """Each squad athlete's current 1RM per lift (Athlete.current_one_rep_maxes), in one
    query."""
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    tests = StrengthTest.objects.filter(athlete__squad=squad).order_by(*CURRENT_LAST)
    for athlete_id, slug, one_rm in tests.values_list(
        "athlete_id", "exercise__slug", "estimated_1rm"
    ):
        found[athlete_id][slug] = one_rm  # the current one comes last and wins
    return found


def _fingerprint(rows, action: str, percent: int) -> str:
    """The change a preview showed: which rows at which versions, and what it does to them."""
    versions = sorted((planned.pk, planned.version) for planned in rows)
    return hashlib.sha256(repr((action, percent, versions)).encode()).hexdigest()[:24]


ROUNDING_NOTE = 5  # percentage points off the asked change before a line says so
# The heaviest any phase asks for (DOMAIN P4: 85-90 % 1RM for experienced lifters): a load
# scaled past it is worth a look before it reaches the athletes.
HEAVIEST_PERCENT = 90
LIGHTEST_PERCENT = 70  # the least a heavy phase's strength lift asks for (DOMAIN P8)


def _preview_line(
    session: PlannedSession,
    planned: PlannedExercise,
    values: dict,
    percent: int,
    one_rm: Decimal | None = None,
) -> dict:
    """One prescription as it is and as it would be, in the grid's words; a light load that
    the plate step moves much further than asked says by how much."""
    off = ""
    if "sets" in values:
        before, after = _sets(planned.sets), _sets(values["sets"])
    else:
        unit = planned.unit
        before = f"{format(planned.load.normalize(), 'f')} {unit}"
        after = f"{format(values['load'].normalize(), 'f')} {unit}"
        actual = (values["load"] - planned.load) / planned.load * 100 if planned.load else 0
        if abs(actual - percent) >= ROUNDING_NOTE:
            off = f"{actual:+.0f} %".replace("-", "−")
    # Marked when the load rises past the line: one above it already and lowered is not.
    # With a 1RM on record, both against it (a stored % may be of an older test).
    percent_before, percent_after = planned.percent_1rm, values.get("percent_1rm")
    if one_rm and "load" in values:
        percent_before = planned.load / one_rm * 100
        percent_after = (values["load"] / one_rm * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    heavy = (
        "load" in values
        and percent_after is not None
        and percent_after > max(HEAVIEST_PERCENT, percent_before or 0)
    )
    # P8: a heavy phase's strength lift scaled under 70 % is too light to help running
    # economy; one already under it and lowered further is the plan's own warning.
    light = (
        "load" in values
        and planned.category == "max_strength"
        and session.phase in HEAVY_PHASES
        and percent_after is not None
        and percent_after < LIGHTEST_PERCENT <= (percent_before or LIGHTEST_PERCENT)
    )
    return {
        "athlete": session.plan.athlete.name,
        "day": session.date,
        "exercise": planned.exercise.name,
        "before": before,
        "after": after,
        "off": off,
        "heavy": f"{percent_after.normalize():f} % 1RM" if heavy else "",
        "light": f"{percent_after.normalize():f} % 1RM (P8)" if light else "",
        "by_hand": planned.hand_edited,  # a coach's own figure: changed too, so marked
    }


@coach_required
@require_POST
def squad_week_scale(request: HttpRequest, pk: int) -> HttpResponse:
    """First post shows what would change; the confirmed post applies it to the squad."""
    squad = get_squad_for_user(request, pk)
    form = ScaleWeekForm(request.POST)
    if not form.is_valid():
        # The week again, with the message beside the field that needs it.
        day = form.cleaned_data.get("week") or timezone.localdate()
        monday = week_start(day.isoformat(), timezone.localdate())
        context = _week_context(squad, monday, form)
        return render(request, "schedules/squad_week.html", context, status=400)
    monday = week_start(form.cleaned_data["week"].isoformat(), timezone.localdate())
    action, percent = form.cleaned_data["action"], form.cleaned_data["percent"] or 0
    changes = defaultdict(list)
    athletes = {}
    preview = []
    one_rms = _one_rep_maxes(squad)
    deloads: list[int] = []  # sessions a deload marks as one (L7)
    already: dict[int, str] = {}  # athletes whose sessions that week are a deload already
    # Loads the percentage leaves where they are, rounded down to the plate step (or held at
    # the lightest plate, or the heaviest load): a change too small to move them.
    too_small: list[int] = []  # their athletes, one a load
    loaded: list[int] = []  # the week's loads a rise would change or leave: cut before?
    for session in _week_sessions(squad, monday).filter(logged_at__isnull=True):
        if action == "deload" and session.deload:
            # Cut again it would lose about two thirds of its volume, not L7's 40 %.
            already[session.plan.athlete_id] = session.plan.athlete.name
            continue
        changed = False
        for planned in session.exercises.all():
            one_rm = one_rms[session.plan.athlete_id].get(planned.exercise.slug)
            values = _scaled(planned, action, percent, one_rm)
            if not values and action == "scale" and planned.load and planned.load > 0:
                too_small.append(session.plan.athlete_id)
            if action == "scale" and percent > 0 and planned.hand_edited and planned.load:
                loaded.append(planned.pk)
            if values:
                planned.session = session
                changes[session.plan.athlete_id].append(loads.Change(planned, values))
                athletes[session.plan.athlete_id] = session.plan
                preview.append(_preview_line(session, planned, values, percent, one_rm))
                changed = True
        if changed and action == "deload":
            deloads.append(session.pk)
    count = sum(len(c) for c in changes.values())
    # What the preview showed: the confirmation applies only to exactly those rows as they
    # were, so a second click (or a change meanwhile) never scales a week twice.
    seen = _fingerprint((c.planned for group in changes.values() for c in group), action, percent)
    context = {
        "squad": squad,
        "form": form,
        "monday": monday,
        "count": count,
        "athlete_count": len(changes),
        "action": action,
        "percent": percent,
        "percent_text": str(percent).replace("-", "−"),  # as the marks beside the loads
        "preview": preview,
        "rounded": any(line["off"] for line in preview),
        "heavy": sum(bool(line["heavy"]) for line in preview),
        "heaviest_percent": HEAVIEST_PERCENT,
        "light": sum(bool(line["light"]) for line in preview),
        "by_hand": sum(line["by_hand"] for line in preview),
        "lightest_percent": LIGHTEST_PERCENT,
        "seen": seen,
        "too_small": len(too_small),
        # Beside the loads it changes, those of the same athletes it leaves: counted.
        "left_as_is": sum(1 for athlete in too_small if athlete in changes),
        "after_cut": _cut_before(loaded),
        # Said among the reasons an athlete is not changed only when it is one of theirs.
        "too_small_unchanged": bool(set(too_small) - set(changes)),
        "already": sorted(already.values(), key=name_order),
        # Said, so that nobody is thought changed who is not (a race week without lifting,
        # a week all logged, no plan yet).
        "unchanged": sorted(
            Athlete.objects.filter(club=squad.club, squad=squad)
            .active()
            .exclude(pk__in=list(changes))
            .exclude(pk__in=list(already))
            .values_list("name", flat=True),
            key=name_order,
        ),
    }
    if request.POST.get("confirm") != "1":
        return render(request, "schedules/squad_week_confirm.html", context)
    stale = {
        **context,
        "stale": "The week changed since that preview (it may have been applied already): "
        "nothing was changed. Here is what applying it now would do.",
    }
    if request.POST.get("seen") != seen:
        return render(request, "schedules/squad_week_confirm.html", stale, status=409)
    every = [change for group in changes.values() for change in group]
    try:
        with transaction.atomic():
            # The whole squad's cells in one write, each athlete's recorded as theirs.
            loads.apply_changes(
                athlete=None,
                user=request.user,
                batch=loads.deload_batch() if action == "deload" else None,
                changes=every,
                versions={c.planned.pk: c.planned.version for c in every},
            )
            # A deload week is one for the rules and the carry too: S1 allows its fewer
            # sets, and a change carried forward from an earlier week leaves its sets alone.
            PlannedSession.objects.filter(pk__in=deloads).update(deload=True)
    except (loads.StaleEdit, loads.CellGone):
        return render(request, "schedules/squad_week_confirm.html", stale, status=409)
    except AthleteArchived as refused:
        # Archived as it was sent: nobody's week changed; the week as it is now, without them.
        messages.error(
            request,
            f"Not applied: {refused.athlete.name} was archived as it was sent, so nobody's "
            "week was changed. Here is the squad's week as it is now.",
        )
        context = _week_context(squad, monday, ScaleWeekForm(initial=form.cleaned_data))
        return render(request, "schedules/squad_week.html", context, status=409)
    records, _ = catalogue_for_club(squad.club)  # one club: its catalogue read once
    services.plans_recheck(list(athletes.values()), one_rms, records)
    people = len(changes)
    messages.success(
        request,
        f"Changed {count} prescription{'s' * (count != 1)} for {people} "
        f"athlete{'s' * (people != 1)}.",
    )
    return redirect(reverse("squad_week", args=[squad.pk]) + f"?week={monday.isoformat()}")


def _cut_before(planned: list[int]) -> bool:
    """Whether any of these loads stands lowered by a coach's change (a squad's lighter week,
    a grid edit): a rise by the same percentage does not bring it back, each rounding down
    to the plate step."""
    if not planned:
        return False
    changes = LoadChange.objects.filter(
        planned_exercise__in=planned, field="load", undone=False
    ).values_list("old_value", "new_value")
    for old, new in changes:
        try:
            if Decimal(new) < Decimal(old):
                return True
        except (ArithmeticError, ValueError):  # a load cleared or set: no cut to speak of
            continue
    return False


def _sets(count: int) -> str:
    return f"{count} set{'' if count == 1 else 's'}"
