"""The builder's edits: phases, sessions and prescriptions of a club's own template.

Each edit is a POST carrying the template version the coach saw. With htmx the response is
the changed fragment plus the rule check and the new version out of band; without
JavaScript it redirects back to the builder. Bad input is a 400 with the message next to
the field, a stale version a 409; in both cases nothing is saved.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from athletes.access import club_for, coach_required
from config.once import made_once
from programs import builder, engine
from programs.forms import PhaseAddForm, PhaseForm, PrescriptionForm, SessionForm, club_exercises
from programs.models import Phase, Prescription, ProgramTemplate, SessionTemplate
from programs.views import (
    BuilderPage,
    as_just_saved,
    as_the_page_saw_it,
    bad_version,
    describe,
    editable_template,
    posted_version,
    refuse,
    saved,
    saved_already,
    session_form,
)
from programs.views import stale as stale_response

STALE_FORM = (
    "Someone changed this programme after you opened it, so your change was not saved. "
    "What you entered is kept below: check it against the programme as it is now and "
    "save again."
)
DIRECTIONS = ("up", "down")
_END = {"up": "first", "down": "last"}  # where a row that cannot move that way already is
# Phase values when the shipped default has no such phase to copy from.
FALLBACK_PHASE = {
    "weeks": 4,
    "sessions_per_week": 2,
    "reps_min": 6,
    "reps_max": 8,
    "percent_min": 70,
    "percent_max": 80,
}


class Refused(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def _begin(request: HttpRequest, pk: int, *, form: bool = False) -> tuple[ProgramTemplate, int]:
    """The club's template and the version the coach saw, if it is still current. An edit
    sending a form (form=True) checks the version with `_unless_stale` once the form is
    built, so that a refusal can give back what the coach entered."""
    program = editable_template(request, pk)
    version = posted_version(request)
    if version is None:
        raise Refused(bad_version(request, pk))
    if not form and version != program.version:
        raise Refused(stale_response(request, pk))
    return program, version


def _unless_stale(program: ProgramTemplate, version: int, kept, done=None) -> None:
    """A form sent against an older version: 409, nothing saved; `kept()` answers with the
    current page and the form as they filled it in. Unless it repeats what is stored (a
    double click on Save): `done()` then answers as a save does (see `saved_already`)."""
    if version == program.version:
        return
    raise Refused((done and done()) or kept())


def refusable(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused as refused:
            return refused.response
        except builder.StaleTemplate:
            return stale_response(request, kwargs["pk"])
        except Http404:
            # A part another coach removed since this page was loaded: a stale edit.
            mine = ProgramTemplate.objects.filter(pk=kwargs["pk"], club=club_for(request))
            program = mine.first()
            if program is None or posted_version(request) in (None, program.version):
                raise
            return stale_response(request, program.pk)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _invalid(request, pk: int, key: str, form, fragment: str, item: str = "", item_pk=None):
    page = BuilderPage(request, pk, bound={key: form})
    if not request.htmx:
        # Back at the form (its address ends with its place): the refusal stays in view.
        return page.page(status=400, not_saved=True)
    extra = page.item(item, item_pk) if item else {}
    return page.fragment(fragment, status=400, oob=False, **extra)


def _kept(request: HttpRequest, pk: int, key: str, form) -> HttpResponse:
    return BuilderPage(request, pk, bound={key: form}).kept()


def _done(
    request,
    pk: int,
    fragment: str,
    anchor: str,
    message: str,
    item: str = "",
    item_pk=None,
    *,
    changed: bool = True,
):
    """After an edit; `changed` False if it changed nothing (the version stays)."""
    if not request.htmx:
        return saved(request, pk, anchor, message)
    page = BuilderPage(request, pk)
    as_just_saved(request, page.program, changed)
    extra = page.item(item, item_pk) if item else {}
    return page.fragment(fragment, saved_message=message, **extra)


def _direction(request: HttpRequest, pk: int) -> str:
    direction = request.POST.get("direction", "")
    if direction not in DIRECTIONS:
        raise Refused(refuse(request, pk, "Move a row up or down.", 400))
    return direction


def _phase(program: ProgramTemplate, phase_id: int) -> Phase:
    return get_object_or_404(program.phases.all(), pk=phase_id)


def _session(program: ProgramTemplate, session_id: int) -> SessionTemplate:
    qs = SessionTemplate.objects.filter(phase__template=program).select_related("phase")
    session = get_object_or_404(qs, pk=session_id)
    session.phase.template = program
    return session


def _prescription(program: ProgramTemplate, prescription_id: int) -> Prescription:
    qs = Prescription.objects.filter(session__phase__template=program)
    prescription = get_object_or_404(qs.select_related("session__phase"), pk=prescription_id)
    prescription.session.phase.template = program
    return prescription


def phase_defaults(phase: str) -> dict:
    """A new phase starts from the shipped default's numbers for that phase type."""
    spec = engine.default_template().phase(phase)
    if spec is None:
        return {"phase": phase, **FALLBACK_PHASE}
    return {
        "phase": phase,
        "weeks": min(spec.weeks, 16),
        "sessions_per_week": min(spec.sessions_per_week, 4),
        "reps_min": spec.reps_min,
        "reps_max": spec.reps_max,
        "percent_min": max(30, round(spec.percent_min)),
        "percent_max": min(100, round(spec.percent_max)),
    }


@coach_required
@require_POST
@made_once("Sent twice: the phase was added once.")
@refusable
def phase_add(request: HttpRequest, pk: int) -> HttpResponse:
    program, version = _begin(request, pk, form=True)
    used = set(program.phases.values_list("phase", flat=True))
    form = PhaseAddForm(request.POST, used=used, prefix="phase-add")
    _unless_stale(program, version, lambda: _kept(request, pk, "phase-add", form))
    if not form.is_valid():
        return _invalid(request, pk, "phase-add", form, "phases")
    fields = phase_defaults(form.cleaned_data["phase"])
    phase = builder.phase_add(template=program, version=version, fields=fields)
    return _done(request, pk, "phases", f"phase-{phase.pk}", "Phase added.")


@coach_required
@require_POST
@refusable
def phase_update(request: HttpRequest, pk: int, phase_id: int) -> HttpResponse:
    program, version = _begin(request, pk, form=True)
    phase = _phase(program, phase_id)
    kind = phase.phase  # as it was: validating the form sets the instance's fields
    used = set(program.phases.values_list("phase", flat=True))
    form = PhaseForm(request.POST, instance=phase, used=used, prefix=f"phase-{phase.pk}")
    _unless_stale(
        program,
        version,
        lambda: _kept(request, pk, f"phase-{phase.pk}", form),
        lambda: saved_already(
            request,
            pk,
            form,
            lambda: builder.unchanged(phase, form.cleaned_data),
            f"phase-{phase.pk}",
            "Phase saved.",
        ),
    )
    if not form.is_valid():
        return _invalid(request, pk, f"phase-{phase.pk}", form, "phase", "phase", phase.pk)
    if not builder.phase_update(phase=phase, version=version, fields=form.cleaned_data):
        message = f"Nothing changed: the {phase.get_phase_display()} phase is as it was."
        anchor = f"phase-{phase.pk}"
        return _done(request, pk, "phase", anchor, message, "phase", phase.pk, changed=False)
    if form.cleaned_data["phase"] != kind:
        # Another kind of phase takes its own place in the order plans run them, and the
        # phases left to add change: the whole list is shown again.
        response = _done(request, pk, "phases", f"phase-{phase.pk}", "Phase saved.")
        return reswap(retarget(response, "#phases"), "outerHTML") if request.htmx else response
    return _done(request, pk, "phase", f"phase-{phase.pk}", "Phase saved.", "phase", phase.pk)


@coach_required
@require_POST
@refusable
def phase_delete(request: HttpRequest, pk: int, phase_id: int) -> HttpResponse:
    program, version = _begin(request, pk)
    phase = _phase(program, phase_id)
    builder.phase_delete(phase=phase, version=version)
    return _done(request, pk, "phases", "phases", f"{phase.get_phase_display()} phase removed.")


@coach_required
@require_POST
@made_once("Sent twice: the session was added once.")
@refusable
def session_add(request: HttpRequest, pk: int, phase_id: int) -> HttpResponse:
    program, version = _begin(request, pk, form=True)
    phase = _phase(program, phase_id)
    key = f"session-add-{phase.pk}"
    taken = set(phase.sessions.values_list("label", flat=True))
    form = SessionForm(request.POST, taken=taken, prefix=key)
    _unless_stale(program, version, lambda: _kept(request, pk, key, form))
    if not form.is_valid():
        return _invalid(request, pk, key, form, "phase", "phase", phase.pk)
    session = builder.session_add(phase=phase, version=version, fields=form.cleaned_data)
    message = f"Session {session.label} added."
    return _done(request, pk, "phase", f"session-{session.pk}", message, "phase", phase.pk)


@coach_required
@require_POST
@refusable
def session_update(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    """A session's label and kind; a kind its exercises do not allow is refused beside the
    field. The whole phase comes back: the label a new session is offered may change."""
    program, version = _begin(request, pk, form=True)
    session = _session(program, session_id)
    key = f"session-{session.pk}"
    siblings = list(session.phase.sessions.all())
    items = list(session.prescriptions.select_related("exercise"))
    form = session_form(session, siblings, items, data=request.POST)
    _unless_stale(
        program,
        version,
        lambda: _kept(request, pk, key, form),
        lambda: saved_already(
            request,
            pk,
            form,
            lambda: builder.unchanged(session, form.cleaned_data),
            key,
            f"Session {session.label} saved.",
        ),
    )
    phase_pk = session.phase_id
    if not form.is_valid():
        return _invalid(request, pk, key, form, "phase", "phase", phase_pk)
    changed = builder.session_update(session=session, version=version, fields=form.cleaned_data)
    label = form.cleaned_data["label"]
    message = (
        f"Session {label} saved." if changed else f"Nothing changed: session {label} is as it was."
    )
    anchor = f"session-{session.pk}"
    return _done(request, pk, "phase", anchor, message, "phase", phase_pk, changed=changed)


@coach_required
@require_POST
@refusable
def session_move(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    """A session one place up or down in its phase: plans take the lifting and plyometric
    sessions in this order, week after week, and a new lifter's first conditioning one."""
    program, version = _begin(request, pk)
    session = _session(program, session_id)
    direction = _direction(request, pk)
    moved = builder.session_move(session=session, version=version, direction=direction)
    phase_pk = session.phase_id
    message = f"Session {session.label} " + (
        f"moved {direction}." if moved else f"is already {_END[direction]}."
    )
    anchor = f"session-{session.pk}"
    return _done(request, pk, "phase", anchor, message, "phase", phase_pk, changed=moved)


@coach_required
@require_POST
@refusable
def session_delete(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    program, version = _begin(request, pk)
    session = _session(program, session_id)
    builder.session_delete(session=session, version=version)
    phase_pk = session.phase_id
    message = f"Session {session.label} removed."
    return _done(request, pk, "phase", f"phase-{phase_pk}", message, "phase", phase_pk)


def _form_page(request, program, form, *, session, prescription=None, status=200, alert=""):
    """The prescription form on a page of its own, for browsers without JavaScript."""
    context = {
        "program": program,
        "form": form,
        "session": session,
        "p": prescription,
        "alert": alert,
        # The exercise (or planner slot) the form edits, as the builder lists it.
        "name": describe(prescription)[0] if prescription else "",
        # After a refusal: the exercise as another coach left it, to compare.
        "now": describe(prescription) if alert and prescription else None,
    }
    return render(request, "programs/prescription_form.html", context, status=status)


@coach_required
@require_GET
def prescription_new(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    program = editable_template(request, pk)
    session = _session(program, session_id)
    key = f"prescription-add-{session.pk}"
    exercises = club_exercises(club_for(request))
    form = PrescriptionForm(exercises=exercises, kind=session.kind, prefix=key)
    if request.htmx:
        as_the_page_saw_it(request, program)
        context = {"program": program, "session": session, "form": form}
        return render(request, "programs/builder.html#prescription_add", context)
    return _form_page(request, program, form, session=session)


@coach_required
@require_POST
@made_once("Sent twice: the exercise was added once.")
@refusable
def prescription_add(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    program, version = _begin(request, pk, form=True)
    session = _session(program, session_id)
    key = f"prescription-add-{session.pk}"
    exercises = club_exercises(club_for(request))
    # Only an exercise the session's kind holds: the rule check would flag it after.
    form = PrescriptionForm(request.POST, exercises=exercises, kind=session.kind, prefix=key)
    _unless_stale(
        program,
        version,
        lambda: (
            _kept(request, pk, key, form)
            if request.htmx
            else _form_page(request, program, form, session=session, status=409, alert=STALE_FORM)
        ),
    )
    if not form.is_valid():
        if not request.htmx:
            return _form_page(request, program, form, session=session, status=400)
        return _invalid(request, pk, key, form, "session", "session", session.pk)
    fields = form.prescription_fields()
    prescription = builder.prescription_add(session=session, version=version, fields=fields)
    anchor = f"prescription-{prescription.pk}"
    return _done(request, pk, "session", anchor, "Exercise added.", "session", session.pk)


@coach_required
@require_GET
def prescription_edit(request: HttpRequest, pk: int, prescription_id: int) -> HttpResponse:
    program = editable_template(request, pk)
    prescription = _prescription(program, prescription_id)
    initial = PrescriptionForm.initial_for(prescription)
    form = PrescriptionForm(
        initial=initial,
        exercises=club_exercises(club_for(request)),
        kind=prescription.session.kind,
        kept=initial["exercise"],
        prefix=f"prescription-{prescription.pk}",
    )
    if request.htmx:
        as_the_page_saw_it(request, program)
        prescription.form = form
        context = {"program": program, "p": prescription, "editable": True}
        return render(request, "programs/builder.html#prescription", context)
    return _form_page(
        request, program, form, session=prescription.session, prescription=prescription
    )


@coach_required
@require_POST
@refusable
def prescription_update(request: HttpRequest, pk: int, prescription_id: int) -> HttpResponse:
    program, version = _begin(request, pk, form=True)
    prescription = _prescription(program, prescription_id)
    key = f"prescription-{prescription.pk}"
    exercises = club_exercises(club_for(request))
    # An exercise changed to one the session's kind cannot hold is refused, as when added;
    # a row already out of place keeps its exercise while its other fields are saved.
    form = PrescriptionForm(
        request.POST,
        exercises=exercises,
        kind=prescription.session.kind,
        kept=PrescriptionForm.initial_for(prescription)["exercise"],
        prefix=key,
    )
    _unless_stale(
        program,
        version,
        lambda: (
            _kept(request, pk, key, form)
            if request.htmx
            else _form_page(
                request,
                program,
                form,
                session=prescription.session,
                prescription=prescription,
                status=409,
                alert=STALE_FORM,
            )
        ),
        lambda: saved_already(
            request,
            pk,
            form,
            lambda: builder.prescription_unchanged(prescription, form.prescription_fields()),
            key,
            "Exercise saved.",
        ),
    )
    if not form.is_valid():
        if not request.htmx:
            session = prescription.session
            return _form_page(
                request, program, form, session=session, prescription=prescription, status=400
            )
        return _invalid(request, pk, key, form, "prescription", "prescription", prescription.pk)
    fields = form.prescription_fields()
    changed = builder.prescription_update(prescription=prescription, version=version, fields=fields)
    message = "Exercise saved." if changed else "Nothing changed: the exercise is as it was."
    return _done(
        request, pk, "prescription", key, message, "prescription", prescription.pk, changed=changed
    )


@coach_required
@require_POST
@refusable
def prescription_move(request: HttpRequest, pk: int, prescription_id: int) -> HttpResponse:
    program, version = _begin(request, pk)
    prescription = _prescription(program, prescription_id)
    direction = _direction(request, pk)
    moved = builder.prescription_move(
        prescription=prescription, version=version, direction=direction
    )
    session_pk = prescription.session_id
    anchor = f"prescription-{prescription.pk}"
    message = "Exercise moved." if moved else f"The exercise is already {_END[direction]}."
    return _done(request, pk, "session", anchor, message, "session", session_pk, changed=moved)


@coach_required
@require_POST
@refusable
def prescription_delete(request: HttpRequest, pk: int, prescription_id: int) -> HttpResponse:
    program, version = _begin(request, pk)
    prescription = _prescription(program, prescription_id)
    builder.prescription_delete(prescription=prescription, version=version)
    session_pk = prescription.session_id
    anchor = f"session-{session_pk}"
    return _done(request, pk, "session", anchor, "Exercise removed.", "session", session_pk)
