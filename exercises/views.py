from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athletes.access import club_for, coach_required
from config.text import joined, name_order
from exercises.forms import ExerciseFilterForm, ExerciseForm, fingerprint, in_use
from exercises.models import Exercise


@coach_required
@require_GET
def exercise_list(request: HttpRequest) -> HttpResponse:
    club = club_for(request)
    filters = ExerciseFilterForm(request.GET or None)
    # A club's own exercise with a shipped one's slug stands for it, as in plans and the
    # builder: the shipped one is not listed beside it.
    own = Exercise.objects.filter(club=club).values("slug")
    visible = Exercise.objects.for_club(club).exclude(club__isnull=True, slug__in=own)
    exercises = filters.apply(visible).order_by("category", "name")
    used = filters.cleaned_data if filters.is_bound else {}
    context = {
        "filters": filters,
        "exercises": exercises,
        # What a list finding nothing names, and offers to clear.
        "query": used.get("q", ""),
        "filtered": any(used.get(name) for name in filters.fields if name != "q"),
    }
    template = "exercises/list.html#results" if request.htmx else "exercises/list.html"
    return render(request, template, context, status=400 if filters.errors else 200)


@coach_required
@require_GET
def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    club = club_for(request)
    candidates = Exercise.objects.for_club(club).filter(slug=slug)
    # A club's own exercise with the same slug as a shipped one takes precedence.
    exercise = candidates.select_related("easier", "harder").shipped_first().last()
    if exercise is None:
        raise Http404
    variant_of = kept_by = ""
    if not exercise.is_shipped:
        variant_of = _listed(_variant_of(exercise))
        kept_by = _uses(exercise) if in_use(exercise) else ""
    context = {"exercise": exercise, "variant_of": variant_of, "kept_by": kept_by}
    return render(request, "exercises/detail.html", context)


@coach_required
@require_http_methods(["GET", "POST"])
def exercise_create(request: HttpRequest) -> HttpResponse:
    club = club_for(request)
    form = ExerciseForm(request.POST if request.method == "POST" else None, club=club)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                exercise = form.save()
        except IntegrityError:
            # Saved under the same key since the form's check (two tabs, or two coaches).
            form.add_error("name", "An exercise with this name was added a moment ago.")
        else:
            messages.success(request, f"{exercise.name} added to your club's exercises.")
            _say_variant_notes(request, form)
            return redirect("exercise_detail", slug=exercise.slug)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "exercises/form.html", {"form": form}, status=status)


def _say_variant_notes(request: HttpRequest, form: ExerciseForm) -> None:
    """Beside the saved message: each variant plans will not step to (another category)."""
    for note in form.variant_notes.values():
        messages.warning(request, note)


def _club_exercise(request: HttpRequest, slug: str) -> Exercise:
    """One of the club's own exercises; the shipped catalogue is read-only (404)."""
    return get_object_or_404(Exercise, club=club_for(request), slug=slug)


@coach_required
@require_http_methods(["GET", "POST"])
def exercise_edit(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = _club_exercise(request, slug)
    form = ExerciseForm(
        request.POST if request.method == "POST" else None, instance=exercise, club=exercise.club
    )
    status = 200
    if request.method == "POST":
        with transaction.atomic():
            # Locked from the check to the save: two saves of one version cannot both pass.
            list(Exercise.objects.select_for_update().filter(pk=exercise.pk).values_list("pk"))
            if form.is_valid() and not form.is_stale():
                form.save()
                messages.success(request, f"{exercise.name} saved.")
                _say_variant_notes(request, form)
                return redirect("exercise_detail", slug=exercise.slug)
        status = 400
        if form.is_valid():  # valid but stale: someone saved it since
            status = 409
            form = _stale_form(request, exercise)
    # The heading names the exercise as saved, not as typed in a refused form.
    context = {"form": form, "exercise": Exercise.objects.get(pk=exercise.pk)}
    return render(request, "exercises/form.html", context, status=status)


def _stale_form(request: HttpRequest, exercise: Exercise) -> ExerciseForm:
    """The form refused because someone saved the exercise since it was shown: what was
    typed, kept, now carrying the version saved since, so saving again is a deliberate
    choice that goes through (a reload would send the old version, refused again)."""
    current = Exercise.objects.get(pk=exercise.pk)
    data = request.POST.copy()
    data["seen"] = fingerprint(current)
    form = ExerciseForm(data, instance=current, club=current.club)
    form.is_valid()
    form.add_error(
        None,
        "Not saved: this exercise was changed by someone else since you opened it. "
        "Save again to keep this version in place of theirs, or open the exercise to see "
        "theirs first.",
    )
    return form


def _uses(exercise: Exercise) -> str:
    """What keeps an exercise, in words: "the programme “Track winter” and the 1RM tests of
    Amara Okafor and Ben Hughes"."""
    from athletes.models import Athlete, StrengthTest
    from programs.models import Prescription
    from schedules.models import PainFlag, PlannedExercise

    # An archived programme is marked so: it is not on the list, but folded under Archived.
    programmes = sorted(
        f"“{name}” (archived)" if archived else f"“{name}”"
        for name, archived in set(
            Prescription.objects.filter(exercise=exercise).values_list(
                "session__phase__template__name", "session__phase__template__archived"
            )
        )
    )
    parts = []
    if programmes:
        names = ", ".join(programmes[:3])
        more = f" and {len(programmes) - 3} more" if len(programmes) > 3 else ""
        parts.append(f"the programme{'s' if len(programmes) > 1 else ''} {names}{more}")
    for model, words in (
        (StrengthTest, "1RM tests"),
        (PlannedExercise, "plans"),
        (PainFlag, "pain reports"),
    ):
        field = "session__plan__athlete" if model is PlannedExercise else "athlete"
        used = model.objects.filter(exercise=exercise).values(field)
        whose = Athlete.objects.filter(club=exercise.club_id, pk__in=used)
        if names := _athlete_names(whose.only("name", "archived_at")):
            parts.append(
                f"{names[0]}’s {words}" if len(names) == 1 else f"the {words} of " + _some(names)
            )
    if not parts:
        return "other exercises (as their easier or harder variant)"
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def _athlete_names(athletes) -> list[str]:
    """Athletes' names in roster order, an archived one's marked so (it is not on the roster)."""
    ordered = sorted(athletes, key=lambda a: name_order(a.name))
    return [f"{a.name} (archived)" if a.archived_at else a.name for a in ordered]


def _some(names: list[str]) -> str:
    """ "A, B and C", or "A, B, C and 2 more athletes": the coach looks them up by name."""
    if len(names) <= 3:
        return joined(names)
    more = len(names) - 3
    return joined([*names[:3], f"{more} more athlete{'s' if more > 1 else ''}"])


def _variant_of(exercise: Exercise) -> list[str]:
    """The names of the club's other exercises that have this one as a variant: deleting it
    leaves them without one (nothing takes its place)."""
    others = Exercise.objects.filter(club=exercise.club_id).exclude(pk=exercise.pk)
    names = others.filter(Q(easier=exercise) | Q(harder=exercise)).values_list("name", flat=True)
    return sorted(set(names))


def _listed(names: list[str]) -> str:
    """Names in quotes, the last two joined by "and" ("“A”, “B” and “C”", "... and 2 more"):
    a name can hold a comma ("Bear crawl, weighted"), so a bare list would read as fewer."""
    shown = [f"“{name}”" for name in names[:3]]
    if len(names) > 3:
        shown.append(f"{len(names) - 3} more")
    return joined(shown)


@coach_required
@require_POST
def exercise_delete(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = _club_exercise(request, slug)
    name = exercise.name
    variant_of = _variant_of(exercise)
    try:
        exercise.delete()
    except (ProtectedError, RestrictedError):
        messages.error(
            request,
            f"{name} is kept, in use in {_uses(exercise)}. "
            "Take it out of those first, or keep it and edit it.",
        )
        return redirect("exercise_detail", slug=slug)
    said = f"{name} deleted from your club's exercises."
    if variant_of:
        have = "has" if len(variant_of) == 1 else "have"
        said += f" It was a variant of {_listed(variant_of)}, which now {have} none in its place."
    messages.success(request, said)
    return redirect("exercise_list")
