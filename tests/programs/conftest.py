import pytest
from django.urls import reverse

from programs.models import ProgramTemplate
from programs.services import default_program, program_clone, template_create_from_dict


def phase_data(phase: str = "build", sessions=None, **values) -> dict:
    data = {
        "phase": phase,
        "weeks": 4,
        "sessions_per_week": 2,
        "reps_min": 3,
        "reps_max": 6,
        "percent_min": 75,
        "percent_max": 85,
        "sessions": sessions if sessions is not None else [lifting_session("A")],
    }
    data.update(values)
    return data


def rx(slug: str | None, category: str, **values) -> dict:
    data = {"exercise": slug, "category": category, "sets": 3, "rest_s": 150}
    data.update(values)
    return data


def lifting_session(label: str, prescriptions=None) -> dict:
    if prescriptions is None:
        prescriptions = [
            rx("back-squat", "max_strength"),
            rx("bulgarian-split-squat", "max_strength", unilateral=True),
            rx("calf-raise", "max_strength"),
        ]
    return {"label": label, "kind": "lifting", "prescriptions": prescriptions}


def as_listed(program) -> dict:
    """What the list's archive and delete forms send for the programme as it is now: the
    version the page shows and the athletes it says follow it."""
    program = ProgramTemplate.objects.get(pk=program.pk)
    seen = program.assignments.filter(active=True, athlete__archived_at__isnull=True).count()
    return {"version": program.version, "seen": seen}


def make_template(club, phases, name="Club strength") -> object:
    return template_create_from_dict(data={"phases": phases}, club=club, name=name)


@pytest.fixture
def shipped_program(db):
    return default_program()


@pytest.fixture
def program(club):
    """A small club template: one build phase, one lifting session of three lifts."""
    return make_template(club, [phase_data()])


@pytest.fixture
def big_program(club, shipped_program):
    return program_clone(template=shipped_program, club=club, name="Big copy")


@pytest.fixture
def foreign_program(stranger):
    return make_template(stranger.membership.club, [phase_data()], name="Their programme")


@pytest.fixture
def htmx(owner_client):
    """The owner's client sending requests as htmx does."""
    owner_client.defaults["HTTP_HX_REQUEST"] = "true"
    return owner_client


def url(name, program, *args):
    """A builder address of `program`."""
    return reverse(name, args=[program.pk, *args])


def version(program) -> int:
    return ProgramTemplate.objects.get(pk=program.pk).version


def beside(html: str, name: str) -> str:
    """The messages shown under one field."""
    start = html.find(f'id="id_{name}_error"')
    assert start != -1, f"no message beside {name}"
    part = html[start:]
    return part[: part.index("</div>")]
