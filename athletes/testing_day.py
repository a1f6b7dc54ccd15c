"""A squad's testing day: one lift, one date, every athlete's result entered on one page.

At the end of a block a coach tests the whole squad on a lift. Each result goes through the
checks of the athlete's own test form (load and reps in range, a 1RM far above the last one
asked about, a test already recorded refused); the page saves all of them or, if any is
wrong, none, saying what is wrong beside that athlete and keeping everything typed.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from athletes import services
from athletes.access import AthleteArchived, club_for, coach_required, get_squad_for_user
from athletes.forms import SquadTestingForm, StrengthTestForm, already_recorded, recorded_as
from athletes.models import CURRENT_LAST, Athlete, Squad, StrengthTest
from exercises.models import Exercise

NOTHING_TYPED = "Enter at least one athlete's load: rows left empty are skipped."
ARCHIVED = (
    "{name} was archived (left the club) while this page was open: empty their load to save "
    "the others."
)
GONE = (
    "A result was typed for an athlete no longer in the club (deleted while this page was "
    "open): nothing was saved. Their row is gone from the list below; save again to record "
    "the others."
)
# The reps box holds 1 until changed: other reps with no load are a result half typed.
NO_LOAD = "Enter the load {name} lifted for the {reps} reps, or empty the reps to skip {name}."
# The date is every row's here: a result recorded already among others is left out.
LEAVE_OUT = "Empty {name}'s load to save the others."


@dataclass
class ResultRow:
    """One athlete's line on the page: what they lift now, what was typed, what is wrong."""

    athlete: Athlete
    current: Decimal | None = None
    load: str = ""
    reps: str = "1"
    form: StrengthTestForm | None = None
    errors: list[str] = field(default_factory=list)
    moved: bool = False  # typed for this squad, moved out of it since
    confirmed: str = ""  # the 1RM a tick of "This is right" was sent for
    tests: list[StrengthTest] = field(default_factory=list)  # of the lift, CURRENT_LAST

    @property
    def reps_wrong(self) -> bool:
        """Only the reps are wrong: the load's box is not marked."""
        return self.form is not None and set(self.form.errors) == {"reps"}

    @property
    def asked_1rm(self) -> str:
        """The 1RM a tick of "This is right" confirms, when the row asks for one."""
        return self.form.asked_1rm if self.form is not None and self.form.ask_confirmation else ""

    @property
    def confirmed_1rm(self) -> str:
        """The 1RM a tick confirmed, when the row stands by it: shown ticked while other rows
        are put right, so the page sent again is not asked about it anew."""
        if self.form is None or self.errors:
            return ""
        one_rm = StrengthTest.epley(self.form.cleaned_data["load"], self.form.cleaned_data["reps"])
        return self.confirmed if self.confirmed == str(one_rm) else ""


def _rows(squad: Squad, exercise: Exercise, posted: set[int]) -> list[ResultRow]:
    """The squad's athletes now, and any other of the club's a result was typed for (moved to
    another squad since the page was shown: their result is theirs all the same)."""
    athletes = Athlete.objects.for_club(squad.club).select_related("club")  # the form reads it
    listed = list(athletes.active().filter(squad=squad).order_by("name", "pk"))
    ids = {athlete.pk for athlete in listed}
    moved = list(athletes.filter(pk__in=posted - ids).order_by("name", "pk"))
    # Every athlete's tests of the lift read at once: the 1RM shown, and each result's
    # checks (StrengthTestForm), made from them.
    tests: dict[int, list[StrengthTest]] = {a.pk: [] for a in listed + moved}
    for test in StrengthTest.objects.filter(athlete__in=list(tests), exercise=exercise).order_by(
        *CURRENT_LAST
    ):
        test.exercise = exercise
        tests[test.athlete_id].append(test)
    return [
        ResultRow(
            athlete=a,
            current=tests[a.pk][-1].estimated_1rm if tests[a.pk] else None,  # the last wins
            moved=a.squad_id != squad.pk,
            tests=tests[a.pk],
        )
        for a in listed + moved
    ]


def _posted_ids(data) -> set[int]:
    """The athletes the page sent a load for (`load-<id>` fields)."""
    ids = set()
    for name, value in data.items():
        number = name.removeprefix("load-")
        if name.startswith("load-") and number.isdecimal() and len(number) < 12 and value.strip():
            ids.add(int(number))
    return ids


def _checked(request: HttpRequest, rows: list[ResultRow], day: SquadTestingForm) -> list:
    """Each typed row's test form, checked as the athlete's own form checks a test."""
    exercise, tested_on = day.cleaned_data["exercise"], day.cleaned_data["tested_on"]
    filled = []
    for row in rows:
        pk = row.athlete.pk
        row.load = request.POST.get(f"load-{pk}", "").strip()[:20]
        row.reps = request.POST.get(f"reps-{pk}", row.reps).strip()[:5]
        row.confirmed = request.POST.get(f"confirmed-{pk}", "")
        if not row.load:
            if row.reps not in ("", "1"):
                row.errors = [NO_LOAD.format(name=row.athlete.name, reps=row.reps)]
                filled.append(row)  # refused with the others: nothing of the page saved
            continue
        filled.append(row)
        if row.athlete.is_archived:
            row.errors = [ARCHIVED.format(name=row.athlete.name)]
            continue
        data = {
            "exercise": exercise.pk,
            "tested_on": tested_on.isoformat(),
            "load": row.load,
            "reps": row.reps,
            "unit": request.POST.get(f"unit-{pk}", ""),
            "confirmed": row.confirmed,
        }
        row.form = StrengthTestForm(data, athlete=row.athlete, lift=exercise, tests=row.tests)
        if not row.form.is_valid():
            row.errors = [str(e) for errors in row.form.errors.values() for e in errors]
    if any(row.form is None or row.form.twin is None for row in filled):
        for row in filled:
            if row.form is not None and row.form.twin is not None:
                row.errors = [_recorded_among_others(row, row.form.twin)]
    return filled


def _recorded_among_others(row: ResultRow, twin: StrengthTest) -> str:
    """A result the athlete has already, sent with others: not the athlete's own form's
    "change the date" (the date is every row's), but the way to save the rest."""
    return f"{recorded_as(twin, row.athlete.units)} {LEAVE_OUT.format(name=row.athlete.name)}"


def _said(rows: list[ResultRow], exercise: Exercise, tested_on) -> str:
    names = ", ".join(
        f"{row.athlete.name} {_one_rm(row.form.instance.estimated_1rm)} {row.athlete.units}"
        for row in rows
    )
    # Entered late: an athlete with a later test of the lift goes on being loaded from it.
    later = set(
        StrengthTest.objects.filter(
            athlete__in=[row.athlete.pk for row in rows],
            exercise=exercise,
            tested_on__gt=tested_on,
        ).values_list("athlete_id", flat=True)
    )
    said = (
        f"{exercise.name} tests of {tested_on:%-d %b %Y} saved for {len(rows)} "
        f"athlete{'s' if len(rows) != 1 else ''} (1RM: {names})."
    )
    if len(later) < len(rows):
        said += " Plans of those with a programme are being made again from them."
    if later:
        kept = ", ".join(row.athlete.name for row in rows if row.athlete.pk in later)
        said += f" Kept in the history only, a later test of the lift standing: {kept}."
    return said


def _one_rm(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), ROUND_HALF_UP).normalize():f}"


def _page(request, squad, day, rows, status=200, refused="") -> HttpResponse:
    context = {"squad": squad, "day": day, "rows": rows, "refused": refused}
    return render(request, "athletes/squad_tests.html", context, status=status)


@coach_required
@require_http_methods(["GET", "POST"])
def squad_tests(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the lift and the day (GET), then enter each athlete's result and save them
    together (POST): all saved, or none and the page back with what is wrong."""
    club = club_for(request)
    try:
        squad = get_squad_for_user(request, pk)
    except Http404:
        if request.method == "POST" and (typed := _typed(request, club)):
            # Deleted while the page was open: nothing saved, and what was typed shown to
            # enter again on each athlete's page rather than lost.
            return _typed_page(request, typed, "The squad was deleted while this page was open.")
        raise
    sent = request.POST if request.method == "POST" else request.GET
    if "exercise" not in sent or (request.method == "GET" and "change" in sent):
        # The lift and the day to choose (again, from the results page: as chosen there).
        chosen = {name: sent[name] for name in ("exercise", "tested_on") if sent.get(name)}
        day = SquadTestingForm(initial=chosen, club=club)
        if not Athlete.objects.active().filter(squad=squad).exists():
            return _page(request, squad, day, [])  # said before a lift and day are asked for
        return _page(request, squad, day, None)
    day = SquadTestingForm(sent, club=club)
    if not day.is_valid():
        if request.method == "POST" and (typed := _typed(request, club)):
            # The lift deleted or changed while the results were being typed.
            status = 409 if "exercise" in day.errors else 400
            return _typed_page(request, typed, day_problem(day), squad=squad, status=status)
        return _page(request, squad, day, None, status=400)
    exercise = day.cleaned_data["exercise"]
    if request.method == "GET":
        return _page(request, squad, day, _rows(squad, exercise, set()))
    posted = _posted_ids(request.POST)
    rows = _rows(squad, exercise, posted)
    filled = _checked(request, rows, day)
    if posted - {row.athlete.pk for row in rows}:
        # Deleted meanwhile (or never the club's): saving the others alone would leave the
        # coach thinking every result typed is recorded.
        return _page(request, squad, day, rows, status=409, refused=GONE)
    if not filled:
        return _page(request, squad, day, rows, status=400, refused=NOTHING_TYPED)
    if any(row.errors for row in filled):
        stale = any(row.form is not None and row.form.stale_unit for row in filled)
        status = 409 if stale or any(row.athlete.is_archived for row in filled) else 400
        return _page(request, squad, day, rows, status=status, refused=_refusal(filled))
    tests = []
    for row in filled:
        test = row.form.save(commit=False)
        test.athlete = row.athlete
        tests.append(test)
    units = {row.athlete.pk: row.form.cleaned_data["unit"] for row in filled}
    of = {row.athlete.pk: row for row in filled}
    try:
        # All saved together, in the same few queries however large the squad.
        services.strength_tests_save(tests=tests, units=units)
    except services.UnitChanged as changed:
        current = of[changed.athlete_id]
        current.athlete.units = changed.units
        current.errors = [
            f"{current.athlete.name}'s loads are in {changed.units} since this page was opened: "
            f"enter the load in {changed.units}."
        ]
        return _page(request, squad, day, rows, status=409, refused=_refusal(filled))
    except services.DuplicateTest as duplicate:
        # Saved a moment ago by another send of this page: each result checked again, the
        # athletes' tests read anew, says which of them are recorded already, not the first
        # one alone.
        rows = _rows(squad, exercise, _posted_ids(request.POST))
        filled = _checked(request, rows, day)
        current = next(
            (row for row in filled if row.athlete.pk == duplicate.twin.athlete_id), filled[0]
        )
        if not any(row.errors for row in filled):
            current.errors = [
                _recorded_among_others(current, duplicate.twin)
                if len(filled) > 1
                else already_recorded(duplicate.twin, current.athlete.units)
            ]
        return _page(request, squad, day, rows, status=400, refused=_refusal(filled))
    except services.AthleteGone:
        rows = _rows(squad, exercise, posted)
        filled = _checked(request, rows, day)
        return _page(request, squad, day, rows, status=409, refused=GONE)
    except AthleteArchived as archived:
        current = of[archived.athlete.pk]
        current.errors = [ARCHIVED.format(name=current.athlete.name)]
        return _page(request, squad, day, rows, status=409, refused=_refusal(filled))
    messages.success(request, _said(filled, exercise, day.cleaned_data["tested_on"]))
    return redirect("squads")


@dataclass
class Typed:
    """A result typed for an athlete, kept to be shown when it cannot be saved."""

    athlete: Athlete
    load: str
    reps: str
    unit: str


def _typed(request: HttpRequest, club) -> list[Typed]:
    """The results the page sent, for the club's own athletes only."""
    ids = _posted_ids(request.POST)
    athletes = Athlete.objects.for_club(club).filter(pk__in=ids).order_by("name", "pk")
    return [
        Typed(
            athlete=athlete,
            load=request.POST.get(f"load-{athlete.pk}", "").strip()[:20],
            reps=request.POST.get(f"reps-{athlete.pk}", "").strip()[:5],
            unit=request.POST.get(f"unit-{athlete.pk}", "")[:2] or athlete.units,
        )
        for athlete in athletes
    ]


def day_problem(day: SquadTestingForm) -> str:
    """Why the chosen lift or day no longer holds, in the form's own words."""
    return " ".join(str(e) for errors in day.errors.values() for e in errors)


def _typed_page(request, typed, why: str, squad=None, status: int = 404) -> HttpResponse:
    context = {"typed": typed, "why": why, "squad": squad}
    return render(request, "athletes/squad_tests_unsaved.html", context, status=status)


def _refusal(filled: list[ResultRow]) -> str:
    wrong = [row for row in filled if row.errors]
    names = ", ".join(row.athlete.name for row in wrong)
    if all(row.form is not None and row.form.twin is not None for row in filled):
        # The page sent again after it was saved (twice clicked, or back and saved again).
        return (
            f"These results are recorded already ({names}): this page was saved before, "
            "and nothing was saved again."
        )
    return (
        f"Nothing saved yet: {len(wrong)} result{'s' if len(wrong) != 1 else ''} to look at "
        f"({names}). Everything typed is kept below."
    )
