"""A session's label, kind and place in its phase."""

import re

import pytest

from programs import engine
from programs.catalogue import engine_catalogue
from programs.checks import sample_athletes
from programs.forms import kind_limits
from programs.models import ProgramTemplate, SessionTemplate
from programs.services import template_queryset, template_to_engine
from tests.programs.conftest import (
    beside,
    lifting_session,
    make_template,
    phase_data,
    rx,
    url,
    version,
)


def session_post(session, v, **values) -> dict:
    data = {"label": session.label, "kind": session.kind, **values}
    return {"version": v, **{f"session-{session.pk}-{k}": x for k, x in data.items()}}


@pytest.fixture
def two_sessions(club):
    """A build phase with lifting sessions A and B, then conditioning C."""
    conditioning = {
        "label": "C",
        "kind": "conditioning",
        "prescriptions": [rx("side-plank", "conditioning", seconds=30)],
    }
    sessions = [lifting_session("A"), lifting_session("B"), conditioning]
    return make_template(club, [phase_data(sessions=sessions)])


def labels(program) -> list[str]:
    phase = program.phases.get()
    return [s.label for s in phase.sessions.all()]


# -- label and kind ------------------------------------------------------------------------


def test_a_session_is_renamed_and_the_phase_comes_back(htmx, two_sessions):
    session = two_sessions.phases.get().sessions.get(label="B")
    response = htmx.post(
        url("program_session_update", two_sessions, session.pk), session_post(session, 1, label="D")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="phase-{session.phase_id}"' in html
    assert "Session D" in html and "Session D saved." in html
    assert labels(two_sessions) == ["A", "D", "C"]
    assert version(two_sessions) == 2


def test_renaming_to_a_label_the_phase_has_is_a_400_beside_the_label(htmx, two_sessions):
    session = two_sessions.phases.get().sessions.get(label="B")
    data = session_post(session, 1, label="a")
    response = htmx.post(url("program_session_update", two_sessions, session.pk), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This phase already has a session A." in beside(html, f"session-{session.pk}-label")
    assert labels(two_sessions) == ["A", "B", "C"] and version(two_sessions) == 1


def test_keeping_its_own_label_is_no_clash(htmx, two_sessions):
    session = two_sessions.phases.get().sessions.get(label="C")
    data = session_post(session, 1, label="c", kind="lifting")
    response = htmx.post(url("program_session_update", two_sessions, session.pk), data)
    assert response.status_code == 200
    session.refresh_from_db()
    assert (session.label, session.kind) == ("c", "lifting")


@pytest.mark.parametrize("kind", ["plyometric", "conditioning", "hill_sprint"])
def test_heavy_lifts_keep_a_session_lifting_and_the_field_says_why(htmx, two_sessions, kind):
    session = two_sessions.phases.get().sessions.get(label="A")
    data = session_post(session, 1, kind=kind)
    response = htmx.post(url("program_session_update", two_sessions, session.pk), data)
    assert response.status_code == 400
    message = beside(response.content.decode(), f"session-{session.pk}-kind")
    assert "Back squat, Bulgarian split squat and Heavy calf raise are heavy lifts" in message
    assert "only in a lifting session (S1, S4, W5)" in message
    # Said once: the refusal stands in for the help that said it beforehand.
    assert f'id="id_session-{session.pk}-kind_helptext"' not in response.content.decode()
    session.refresh_from_db()
    assert session.kind == "lifting" and version(two_sessions) == 1


def test_the_kind_field_says_beforehand_which_kinds_the_exercises_allow(owner_client, club):
    jumps = {
        "label": "P",
        "kind": "lifting",
        "prescriptions": [rx("box-jump", "plyometric", reps=5)],
    }
    program = make_template(club, [phase_data(sessions=[lifting_session("A"), jumps, {
        "label": "E", "kind": "lifting", "prescriptions": []}])])  # fmt: skip
    phase = program.phases.get()
    heavy, plyo, empty = phase.sessions.all()
    html = owner_client.get(url("program_detail", program)).content.decode()

    def help_of(session):
        found = re.search(rf'id="id_session-{session.pk}-kind_helptext">([^<]*)<', html)
        return found[1] if found else None

    assert help_of(heavy).startswith(
        "Not conditioning, plyometrics or hill sprints: Back squat, Bulgarian split squat and "
    )
    assert help_of(plyo) == (
        "Not conditioning or hill sprints: Box jump is a jump, kept off the day before a "
        "quality run only in a lifting or plyometric session (W1)."
    )
    assert help_of(empty) is None  # no exercise: any kind
    # The help is read with the field.
    assert f'aria-describedby="id_session-{heavy.pk}-kind_helptext"' in html


def test_a_session_of_jumps_may_become_plyometric_but_not_conditioning(htmx, club):
    jumps = {
        "label": "P",
        "kind": "lifting",
        "prescriptions": [rx("box-jump", "plyometric", reps=5)],
    }
    program = make_template(club, [phase_data(sessions=[jumps])])
    session = program.phases.get().sessions.get()
    edit = url("program_session_update", program, session.pk)
    refused = htmx.post(edit, session_post(session, 1, kind="conditioning"))
    assert refused.status_code == 400
    assert "Not conditioning: Box jump is a jump" in refused.content.decode()
    assert htmx.post(edit, session_post(session, 1, kind="plyometric")).status_code == 200
    session.refresh_from_db()
    assert session.kind == "plyometric"


def test_an_empty_session_takes_any_kind(htmx, club):
    program = make_template(club, [phase_data(sessions=[lifting_session("A", [])])])
    session = program.phases.get().sessions.get()
    data = session_post(session, 1, kind="hill_sprint")
    assert htmx.post(url("program_session_update", program, session.pk), data).status_code == 200
    session.refresh_from_db()
    assert session.kind == "hill_sprint"


def test_a_refused_kind_without_javascript_is_the_page_with_the_form_open(owner_client, program):
    session = program.phases.get().sessions.get()
    data = session_post(session, 1, label="Z", kind="plyometric")
    response = owner_client.post(url("program_session_update", program, session.pk), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Club strength</h1>" in html
    assert re.search(r'<details class="session-edit" open>', html)
    assert f'name="session-{session.pk}-label" value="Z"' in html
    session.refresh_from_db()
    assert session.label == "A"


def test_a_rename_without_javascript_goes_back_to_the_session(owner_client, program):
    session = program.phases.get().sessions.get()
    response = owner_client.post(
        url("program_session_update", program, session.pk), session_post(session, 1, label="Q")
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#session-{session.pk}")
    page = owner_client.get(response["Location"]).content.decode()
    assert "Session Q saved." in page


def test_a_stale_rename_without_javascript_keeps_what_was_typed(owner_client, program):
    session = program.phases.get().sessions.get()
    ProgramTemplate.objects.filter(pk=program.pk).update(version=2)
    data = session_post(session, 1, label="Q")
    response = owner_client.post(url("program_session_update", program, session.pk), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "What you entered is kept" in html
    assert f'name="session-{session.pk}-label" value="Q"' in html
    session.refresh_from_db()
    assert session.label == "A" and version(program) == 2


# -- order ---------------------------------------------------------------------------------


def test_a_session_moves_up_and_down_without_javascript(owner_client, two_sessions):
    b = two_sessions.phases.get().sessions.get(label="B")
    move = url("program_session_move", two_sessions, b.pk)
    response = owner_client.post(move, {"direction": "up", "version": 1})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#session-{b.pk}")
    assert labels(two_sessions) == ["B", "A", "C"]
    owner_client.post(move, {"direction": "down", "version": 2})
    owner_client.post(move, {"direction": "down", "version": 3})
    assert labels(two_sessions) == ["A", "C", "B"]
    assert [s.order for s in two_sessions.phases.get().sessions.all()] == [0, 1, 2]


def test_a_session_moved_with_htmx_returns_its_phase_in_the_new_order(htmx, two_sessions):
    phase = two_sessions.phases.get()
    a, b = phase.sessions.get(label="A"), phase.sessions.get(label="B")
    response = htmx.post(
        url("program_session_move", two_sessions, b.pk), {"direction": "up", "version": 1}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(f'id="session-{b.pk}"') < html.index(f'id="session-{a.pk}"')
    # The first session's up arrow and the last one's down arrow do nothing: disabled.
    assert re.search(rf'id="session-{b.pk}-up" disabled', html)
    assert not re.search(rf'id="session-{a.pk}-up" disabled', html)
    assert "Session B moved up." in html
    assert 'value="2" class="tpl-version" hx-swap-oob' in html


@pytest.mark.parametrize(
    ("label", "direction", "end"), [("A", "up", "first"), ("C", "down", "last")]
)
def test_a_session_moved_past_its_end_says_it_is_already_there(
    owner_client, htmx, two_sessions, label, direction, end
):
    """A hand-made post moving the first session up or the last down changes nothing, says so
    and leaves the version as it was (other coaches' pages are not made stale)."""
    session = two_sessions.phases.get().sessions.get(label=label)
    move = url("program_session_move", two_sessions, session.pk)
    response = htmx.post(move, {"direction": direction, "version": 1})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Session {label} is already {end}." in html and "moved" not in html
    assert 'value="1" class="tpl-version" hx-swap-oob' in html
    response = owner_client.post(move, {"direction": direction, "version": 1}, follow=True)
    assert f"Session {label} is already {end}." in response.content.decode()
    assert labels(two_sessions) == ["A", "B", "C"] and version(two_sessions) == 1


def test_a_move_in_an_unknown_direction_is_a_400(owner_client, two_sessions):
    b = two_sessions.phases.get().sessions.get(label="B")
    data = {"direction": "sideways", "version": 1}
    response = owner_client.post(url("program_session_move", two_sessions, b.pk), data)
    assert response.status_code == 400
    assert labels(two_sessions) == ["A", "B", "C"] and version(two_sessions) == 1


@pytest.mark.parametrize("name", ["program_session_move", "program_session_update"])
def test_a_stale_session_edit_is_a_409_with_htmx_too(htmx, two_sessions, name):
    b = two_sessions.phases.get().sessions.get(label="B")
    ProgramTemplate.objects.filter(pk=two_sessions.pk).update(version=3)
    data = session_post(b, 1, label="X") | {"direction": "up"}
    response = htmx.post(url(name, two_sessions, b.pk), data)
    assert response.status_code == 409
    # A move (a button) is said above the builder; a rename's typed form is kept open on
    # the programme as it is now.
    typed = name == "program_session_update"
    assert response["HX-Retarget"] == ("#main" if typed else "#builder-status")
    assert labels(two_sessions) == ["A", "B", "C"] and version(two_sessions) == 3


def test_the_shipped_programmes_sessions_cannot_be_moved_or_renamed(owner_client, shipped_program):
    session = SessionTemplate.objects.filter(phase__template=shipped_program).first()
    move = url("program_session_move", shipped_program, session.pk)
    assert owner_client.post(move, {"direction": "down", "version": 1}).status_code == 404
    edit = url("program_session_update", shipped_program, session.pk)
    assert owner_client.post(edit, session_post(session, 1, label="Z")).status_code == 404
    html = owner_client.get(url("program_detail", shipped_program)).content.decode()
    assert "/move/" not in html and "Rename or change kind" not in html


def _first_lifting_label(program, club) -> str:
    spec = template_to_engine(template_queryset().get(pk=program.pk))
    catalogue = engine_catalogue(club)
    sample = sample_athletes(engine_today())[0]
    profile = engine.parse_profile(sample.profile, {r.slug for r in catalogue})
    plan = engine.build_plan(profile, spec, catalogue)
    first = min(
        (s for s in plan.sessions if s.kind == "lifting" and s.phase == "build"),
        key=lambda s: s.date,
    )
    return first.label


def engine_today():
    from datetime import date

    return date(2026, 1, 5)


def test_the_order_is_the_order_plans_take_the_sessions_in(owner_client, club, two_sessions):
    """Why a coach moves a session: plans go through a phase's lifting sessions in their
    order, so the one moved up is the first the athlete does."""
    assert _first_lifting_label(two_sessions, club) == "A"
    b = two_sessions.phases.get().sessions.get(label="B")
    owner_client.post(
        url("program_session_move", two_sessions, b.pk), {"direction": "up", "version": 1}
    )
    assert _first_lifting_label(two_sessions, club) == "B"
    html = owner_client.get(url("program_detail", two_sessions)).content.decode()
    assert "Plans go through the lifting and plyometric sessions in this order" in html


def test_s_and_c_keeps_a_session_off_hill_sprints_and_a_mix_may_suit_no_kind(htmx, club):
    plank = rx("side-plank", "conditioning", seconds=30)
    mixed = [rx("back-squat", "max_strength"), rx("hill-sprint", "hill_sprint", seconds=8)]
    sessions = [
        {"label": "C", "kind": "conditioning", "prescriptions": [plank]},
        {"label": "M", "kind": "lifting", "prescriptions": mixed},
    ]
    program = make_template(club, [phase_data(sessions=sessions)])
    conditioning, mix = program.phases.get().sessions.all()
    edit = url("program_session_update", program, conditioning.pk)
    refused = htmx.post(edit, session_post(conditioning, 1, kind="hill_sprint"))
    assert refused.status_code == 400
    assert "Not hill sprints: Side plank is S&amp;C, which has no place in a hill-sprint" in (
        refused.content.decode()
    )
    html = htmx.post(edit, session_post(conditioning, 1, kind="plyometric")).content.decode()
    assert f'id="id_session-{mix.pk}-kind_helptext">No kind suits all its exercises: ' in html
    conditioning.refresh_from_db()
    assert conditioning.kind == "plyometric"


def test_a_session_its_exercises_already_misfit_can_be_renamed_keeping_its_kind(htmx, club):
    """A heavy lift brought into a plyometric session before the kind field refused it (an
    imported programme, or an older one): the rule check names it, and the session can still
    be renamed with its kind as it is, as the refusal's "or keep the session's kind" says.
    Another kind its exercises do not allow is still refused."""
    sessions = [{"label": "P", "kind": "plyometric", "prescriptions": [
        rx("box-jump", "plyometric", reps=5), rx("back-squat", "max_strength")]}]  # fmt: skip
    program = make_template(club, [phase_data(sessions=sessions)])
    session = program.phases.get().sessions.get()
    edit = url("program_session_update", program, session.pk)
    refused = htmx.post(edit, session_post(session, 1, kind="conditioning"))
    assert refused.status_code == 400 and version(program) == 1
    response = htmx.post(edit, session_post(session, 1, label="Q"))
    assert response.status_code == 200
    session.refresh_from_db()
    assert (session.label, session.kind) == ("Q", "plyometric") and version(program) == 2


def test_exercise_names_holding_a_comma_get_and_before_the_last_name():
    """Each name is joined as a whole: "and" comes before the last name, never inside a name
    that holds a comma of its own."""
    lifts = [("Back squat", "max_strength"), ("Step-up, weighted", "max_strength")]
    assert kind_limits(lifts)[0][0].startswith("Back squat and Step-up, weighted are heavy lifts")
    lifts.insert(0, ("Lunge, walking", "max_strength"))
    said = kind_limits(lifts)[0][0]
    assert said.startswith("Lunge, walking, Back squat and Step-up, weighted are heavy lifts")
