"""Programme templates: the shipped default, clones, and the engine's view of a template."""

from django.db import transaction
from django.db.models import Prefetch

from athletes.models import Club
from exercises.models import Exercise
from programs import engine
from programs.models import Phase, Prescription, ProgramTemplate, SessionTemplate

DEFAULT_NAME = "Runstrength evidence-based programme"
DEFAULT_DESCRIPTION = (
    "Heavy strength work, plyometrics and conditioning, periodised back from the goal race: "
    "an introduction for athletes new to lifting, then off-season strength, base, build, "
    "sharpen and taper. Maintenance keeps the gains through heavy running blocks."
)


def template_queryset():
    prescriptions = Prescription.objects.select_related("exercise")
    return ProgramTemplate.objects.prefetch_related(
        "phases__sessions",
        Prefetch("phases__sessions__prescriptions", queryset=prescriptions),
    )


_ENGINE_TEMPLATES: dict[tuple[int, int], engine.Template] = {}


def engine_template(template: ProgramTemplate) -> engine.Template:
    """The engine's view of a template, kept per process for each template version.

    Every edit of a template bumps its version, so a worker re-reads an edited template and
    reuses an unchanged one across the many plans of a squad.
    """
    key = (template.pk, template.version)
    cached = _ENGINE_TEMPLATES.get(key)
    if cached is None:
        if len(_ENGINE_TEMPLATES) > 256:
            _ENGINE_TEMPLATES.clear()
        cached = template_to_engine(template_queryset().get(pk=template.pk))
        _ENGINE_TEMPLATES[key] = cached
    return cached


def template_to_engine(template: ProgramTemplate) -> engine.Template:
    """Rows of a (prefetched) template as the engine's template data."""
    return engine.template_from_dict(template_to_dict(template))


def template_to_dict(template: ProgramTemplate) -> dict:
    return template_rows_to_dict(
        template.name,
        [
            (phase, [(slot, list(slot.prescriptions.all())) for slot in phase.sessions.all()])
            for phase in template.phases.all()
        ],
    )


def template_rows_to_dict(name: str, phases: list) -> dict:
    """Programme rows, saved or not (a club file being read), as the engine's template data:
    `phases` holds (phase, [(session, [prescription, ...]), ...]) pairs."""
    return {
        "name": name,
        "phases": [
            {
                "phase": phase.phase,
                "weeks": phase.weeks,
                "sessions_per_week": phase.sessions_per_week,
                "reps_min": phase.reps_min,
                "reps_max": phase.reps_max,
                "percent_min": phase.percent_min,
                "percent_max": phase.percent_max,
                "sessions": [
                    {
                        "label": session.label,
                        "kind": session.kind,
                        "prescriptions": [_prescription_dict(p) for p in prescriptions],
                    }
                    for session, prescriptions in sessions
                ],
            }
            for phase, sessions in phases
        ],
    }


def _prescription_dict(p: Prescription) -> dict:
    exercise = p.exercise  # also an exercise of a club file not saved yet
    return {
        "exercise": exercise.slug if exercise else None,
        "category": p.category or (exercise.category if exercise else ""),
        "pattern": p.pattern or None,
        "unilateral": p.unilateral,
        "sets": p.sets,
        "reps": p.reps,
        "seconds": p.seconds,
        "metres": p.metres,
        "percent_1rm": p.percent_1rm,
        "rir": p.rir,
        "rest_s": p.rest_s,
        "order": p.order,
        "notes": p.notes,
    }


@transaction.atomic
def template_create_from_dict(*, data: dict, club: Club | None, name: str) -> ProgramTemplate:
    """Store engine template data as rows (used for the default and for clones)."""
    template = ProgramTemplate.objects.create(
        club=club, name=name, description=data.get("description", "")
    )
    slugs = {
        p["exercise"]
        for phase in data["phases"]
        for s in phase["sessions"]
        for p in s["prescriptions"]
        if p.get("exercise")
    }
    exercises = {}
    for exercise in Exercise.objects.for_club(club).filter(slug__in=slugs).shipped_first():
        exercises[exercise.slug] = exercise
    prescriptions = []
    for phase_order, phase_data in enumerate(data["phases"]):
        phase = Phase.objects.create(
            template=template,
            order=phase_order,
            phase=phase_data["phase"],
            weeks=phase_data["weeks"],
            sessions_per_week=phase_data["sessions_per_week"],
            reps_min=phase_data["reps_min"],
            reps_max=phase_data["reps_max"],
            percent_min=round(phase_data["percent_min"]),
            percent_max=round(phase_data["percent_max"]),
        )
        for session_order, session_data in enumerate(phase_data["sessions"]):
            session = SessionTemplate.objects.create(
                phase=phase,
                order=session_order,
                label=session_data["label"],
                kind=session_data["kind"],
            )
            for order, p in enumerate(session_data["prescriptions"]):
                prescriptions.append(
                    Prescription(
                        session=session,
                        order=order,
                        exercise=exercises.get(p.get("exercise") or ""),
                        category=p.get("category") or "",
                        pattern=p.get("pattern") or "",
                        unilateral=p.get("unilateral"),
                        sets=p["sets"],
                        reps=p.get("reps"),
                        seconds=p.get("seconds"),
                        metres=p.get("metres"),
                        percent_1rm=round(p["percent_1rm"]) if p.get("percent_1rm") else None,
                        rir=p.get("rir"),
                        rest_s=p.get("rest_s") or 0,
                        notes=p.get("notes") or "",
                    )
                )
    Prescription.objects.bulk_create(prescriptions)
    return template


def default_program() -> ProgramTemplate:
    """The shipped, read-only default programme, stored once from the engine's data."""
    existing = ProgramTemplate.objects.filter(club__isnull=True, name=DEFAULT_NAME).first()
    if existing:
        return existing
    data = engine.template_to_dict(engine.default_template())
    data["description"] = DEFAULT_DESCRIPTION
    return template_create_from_dict(data=data, club=None, name=DEFAULT_NAME)


def program_clone(*, template: ProgramTemplate, club: Club, name: str) -> ProgramTemplate:
    source = template_queryset().get(pk=template.pk)
    data = template_to_dict(source)
    data["description"] = source.description
    return template_create_from_dict(data=data, club=club, name=name)
