"""Edits in the builder: every mutation, its bad input and its stale version."""

import re

import pytest
from django.urls import reverse

from programs.models import Phase, Prescription, ProgramTemplate, SessionTemplate
from tests.factories import shipped
from tests.programs.conftest import make_template, phase_data


def url(name, program, *args):
    return reverse(name, args=[program.pk, *args])


def first_session(program) -> SessionTemplate:
    return SessionTemplate.objects.filter(phase__template=program).first()


def prescriptions(session) -> list[str]:
    return [p.exercise.slug for p in session.prescriptions.select_related("exercise")]


def version(program) -> int:
    return ProgramTemplate.objects.get(pk=program.pk).version


PHASE_FIELDS = {
    "phase": "build",
    "weeks": "5",
    "sessions_per_week": "2",
    "reps_min": "4",
    "reps_max": "6",
    "percent_min": "78",
    "percent_max": "88",
}


def phase_post(item, v, **changes) -> dict:
    data = {f"phase-{item.pk}-{k}": v2 for k, v2 in {**PHASE_FIELDS, **changes}.items()}
    data["version"] = v
    return data


def rx_post(prefix: str, v: int, **values) -> dict:
    data = {"exercise": f"ex:{shipped('romanian-deadlift').pk}", "sets": "3", "rest_s": "120"}
    data.update(values)
    posted = {f"{prefix}-{k}": value for k, value in data.items()}
    posted["version"] = v
    return posted


def test_adding_a_phase_copies_the_default_numbers_for_its_type(owner_client, program):
    response = owner_client.post(
        url("program_phase_add", program), {"phase-add-phase": "base", "version": 1}
    )
    phase = program.phases.get(phase="base")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#phase-{phase.pk}")
    assert (phase.reps_min, phase.reps_max, phase.percent_min, phase.percent_max) == (8, 10, 65, 75)
    assert phase.order == 1
    assert version(program) == 2


def test_the_add_phase_help_promises_only_what_a_new_phase_copies(owner_client, program):
    """A new phase copies the default's numbers and no session: the help says so, and says
    to add the sessions, as the new phase's empty session list does."""
    owner_client.post(url("program_phase_add", program), {"phase-add-phase": "base", "version": 1})
    assert not SessionTemplate.objects.filter(phase__template=program, phase__phase="base")
    html = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    assert "weeks, lifts a week, reps and loads for that phase type; then add its sessions" in html
    assert "weeks, sessions and loads for that phase type" not in html


def test_adding_a_phase_with_htmx_returns_the_phases_and_the_rule_check_out_of_band(htmx, program):
    response = htmx.post(
        url("program_phase_add", program), {"phase-add-phase": "taper", "version": 1}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="phases"' in html
    assert "Taper" in html
    assert 'id="checks"' in html and 'hx-swap-oob="true"' in html
    assert 'value="2" class="tpl-version" hx-swap-oob="outerHTML:input.tpl-version"' in html


def test_adding_a_phase_type_the_template_has_is_refused(owner_client, program):
    response = owner_client.post(
        url("program_phase_add", program), {"phase-add-phase": "build", "version": 1}
    )
    assert response.status_code == 400
    assert "Choose a phase to add." in response.content.decode()
    assert program.phases.count() == 1
    assert version(program) == 1


def test_phase_edit_saves_every_field(owner_client, program):
    phase = program.phases.get()
    response = owner_client.post(
        url("program_phase_update", program, phase.pk), phase_post(phase, 1)
    )
    phase.refresh_from_db()
    assert response.status_code == 302
    assert (phase.weeks, phase.reps_min, phase.percent_min, phase.percent_max) == (5, 4, 78, 88)
    assert version(program) == 2


def test_phase_edit_with_htmx_returns_the_phase_fragment(htmx, program):
    phase = program.phases.get()
    response = htmx.post(url("program_phase_update", program, phase.pk), phase_post(phase, 1))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(
        f'<section class="card phase phase-build" id="phase-{phase.pk}"'
    )
    assert "5 weeks · 2 lifts a week · 4-6 reps · 78-88 % 1RM" in html
    assert "Lifting or plyometric sessions; conditioning and hill sprints come on top." in html


def test_a_phase_made_another_kind_shows_the_phases_again_in_their_order(htmx, program):
    """Build turned off-season runs before base: the list is shown again in the order plans
    run the phases, and the phases left to add offer build again, not off-season."""
    build = program.phases.get()
    htmx.post(url("program_phase_add", program), {"phase-add-phase": "base", "version": 1})
    response = htmx.post(
        url("program_phase_update", program, build.pk),
        phase_post(build, 2, phase="off_season", reps_min="4", reps_max="6"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#phases" and response["HX-Reswap"] == "outerHTML"
    assert html.lstrip().startswith('<div id="phases" class="phases">')
    assert html.index(f'id="phase-{build.pk}"') < html.index("phase-base")
    add = html[html.index('name="phase-add-phase"') :]
    add = add[: add.index("</select>")]
    assert 'value="build"' in add and 'value="off_season"' not in add


def test_phase_edit_with_reps_from_above_reps_to_is_a_400_next_to_the_field(htmx, program):
    phase = program.phases.get()
    data = phase_post(phase, 1, reps_min="8", reps_max="5")
    response = htmx.post(url("program_phase_update", program, phase.pk), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Must be at least the lower rep count." in html
    assert "outerHTML:input.tpl-version" not in html  # the version stays: nothing was saved
    # Out of band only the status above the builder: no earlier "saved" stands beside this.
    assert html.count("hx-swap-oob") == 1
    assert "Not saved: see the field marked below." in html
    phase.refresh_from_db()
    assert (phase.reps_min, phase.reps_max) == (3, 6)
    assert version(program) == 1


def test_phase_edit_out_of_range_is_a_400_on_the_page_without_javascript(owner_client, program):
    phase = program.phases.get()
    data = phase_post(phase, 1, weeks="40", percent_min="20")
    response = owner_client.post(url("program_phase_update", program, phase.pk), data)
    html = response.content.decode()
    assert response.status_code == 400
    # Each field named with its range, in the athlete forms' words, not Django's own.
    assert "Weeks: a whole number from 1 to 16." in html
    assert "% 1RM min: a whole number from 30 to 100." in html
    assert "Ensure this value" not in html
    assert "<h1>Club strength</h1>" in html
    phase.refresh_from_db()
    assert phase.weeks == 4


def test_phase_can_not_take_a_type_another_phase_has(owner_client, program):
    owner_client.post(url("program_phase_add", program), {"phase-add-phase": "base", "version": 1})
    build = program.phases.get(phase="build")
    data = phase_post(build, 2, phase="base")
    response = owner_client.post(url("program_phase_update", program, build.pk), data)
    assert response.status_code == 400
    assert "This programme already has that phase." in response.content.decode()


def test_phases_show_in_the_order_plans_run_them_whatever_order_they_were_added(
    owner_client, program
):
    # The fixture template has a build phase; base comes before build in every plan.
    owner_client.post(url("program_phase_add", program), {"phase-add-phase": "base", "version": 1})
    html = owner_client.get(url("program_detail", program)).content.decode()
    base, build = program.phases.get(phase="base"), program.phases.get(phase="build")
    assert html.index(f'id="phase-{base.pk}"') < html.index(f'id="phase-{build.pk}"')
    assert f"/phases/{base.pk}/move/" not in html  # no order to change: plans fix it
    assert 'aria-label="Move Base up"' not in html


def test_phase_remove_takes_its_sessions_and_exercises(owner_client, program):
    phase = program.phases.get()
    response = owner_client.post(url("program_phase_delete", program, phase.pk), {"version": 1})
    assert response.status_code == 302
    assert not Phase.objects.filter(pk=phase.pk).exists()
    assert not Prescription.objects.filter(session__phase=phase).exists()


def test_a_removed_phase_is_said_to_be_a_phase(htmx, program):
    """ "Build removed." read as an order to build: the message says what went."""
    phase = program.phases.get()
    response = htmx.post(url("program_phase_delete", program, phase.pk), {"version": 1})
    assert response.status_code == 200
    assert "Build phase removed." in response.content.decode()


def test_session_add_appends_a_session_to_the_phase(htmx, program):
    phase = program.phases.get()
    data = {f"session-add-{phase.pk}-label": "C", f"session-add-{phase.pk}-kind": "conditioning"}
    response = htmx.post(url("program_session_add", program, phase.pk), {**data, "version": 1})
    assert response.status_code == 200
    assert "Session C" in response.content.decode()
    assert [(s.label, s.kind, s.order) for s in phase.sessions.all()] == [
        ("A", "lifting", 0),
        ("C", "conditioning", 1),
    ]


def test_session_add_with_a_label_the_phase_has_is_a_400(htmx, program):
    phase = program.phases.get()
    data = {f"session-add-{phase.pk}-label": "a", f"session-add-{phase.pk}-kind": "lifting"}
    response = htmx.post(url("program_session_add", program, phase.pk), {**data, "version": 1})
    assert response.status_code == 400
    assert "This phase already has a session A." in response.content.decode()
    assert phase.sessions.count() == 1


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("", "Give the session a label, such as A or B."),
        ("   ", "Give the session a label, such as A or B."),
        *(
            (label, "Use letters or numbers in the label")
            for label in ("\u200b", "\u200f", "\ufeff", "\u0301")
        ),
    ],
)
def test_a_session_label_empty_or_of_invisible_characters_is_a_400(htmx, program, label, message):
    phase = program.phases.get()
    data = {f"session-add-{phase.pk}-label": label, f"session-add-{phase.pk}-kind": "lifting"}
    response = htmx.post(url("program_session_add", program, phase.pk), {**data, "version": 1})
    assert response.status_code == 400
    body = response.content.decode()
    beside = body[body.index(f'id="id_session-add-{phase.pk}-label_error"') :]
    assert message in beside[: beside.index("</div>")]
    assert phase.sessions.count() == 1


def test_session_remove_deletes_it(owner_client, program):
    session = first_session(program)
    response = owner_client.post(url("program_session_delete", program, session.pk), {"version": 1})
    assert response.status_code == 302
    assert not SessionTemplate.objects.filter(pk=session.pk).exists()


def test_new_exercise_form_lists_the_clubs_catalogue_and_planner_slots(htmx, program):
    session = first_session(program)
    response = htmx.get(url("program_prescription_new", program, session.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Romanian deadlift" in html
    assert "Any maximal strength · squat" in html


def test_new_exercise_form_without_javascript_is_a_page(owner_client, program):
    session = first_session(program)
    response = owner_client.get(url("program_prescription_new", program, session.pk))
    assert response.status_code == 200
    assert "<h1>Add an exercise</h1>" in response.content.decode()


def test_the_builders_forms_leave_checking_to_the_server(owner_client, htmx, program):
    """The browser's own bubbles ("Please select an item in the list") said less than the
    builder's messages beside the field, and kept them from showing: no form asks for them."""
    import re

    session = first_session(program)
    pages = [
        owner_client.get(reverse("program_detail", args=[program.pk])),
        htmx.get(url("program_prescription_new", program, session.pk)),
        owner_client.get(url("program_prescription_new", program, session.pk)),
    ]
    forms = [
        tag
        for page in pages
        for tag in re.findall(r"<form [^>]*>", page.content.decode())
        if 'action="/logout/"' not in tag  # the page's top bar: a button only
    ]
    assert len(forms) > 5
    assert [tag for tag in forms if "novalidate" not in tag] == []


def test_exercise_add_appends_the_exercise_last(htmx, program):
    session = first_session(program)
    prefix = f"prescription-add-{session.pk}"
    response = htmx.post(
        url("program_prescription_add", program, session.pk),
        rx_post(prefix, 1, reps="6", percent_1rm="80", rir="2", notes="Slow down"),
    )
    added = session.prescriptions.last()
    assert response.status_code == 200
    assert "Romanian deadlift" in response.content.decode()
    assert added.exercise.slug == "romanian-deadlift"
    assert (added.category, added.pattern, added.unilateral) == ("max_strength", "hinge", False)
    assert (added.sets, added.reps, added.percent_1rm, added.rir) == (3, 6, 80, 2)
    assert added.notes == "Slow down"


def test_planner_slot_add_stores_category_pattern_and_side(owner_client, program):
    session = first_session(program)
    prefix = f"prescription-add-{session.pk}"
    data = rx_post(prefix, 1, exercise="any:max_strength:lunge", side="unilateral")
    response = owner_client.post(url("program_prescription_add", program, session.pk), data)
    added = session.prescriptions.last()
    assert response.status_code == 302
    assert added.exercise is None
    assert (added.category, added.pattern, added.unilateral) == ("max_strength", "lunge", True)


def test_exercise_add_with_seconds_for_a_lift_done_for_reps_is_a_400(htmx, program):
    session = first_session(program)
    prefix = f"prescription-add-{session.pk}"
    response = htmx.post(
        url("program_prescription_add", program, session.pk), rx_post(prefix, 1, seconds="30")
    )
    assert response.status_code == 400
    assert "Romanian deadlift is dosed in reps; leave this empty." in response.content.decode()
    assert session.prescriptions.count() == 3
    assert version(program) == 1


def test_an_in_page_save_says_so_in_the_status_line(htmx, program):
    session = first_session(program)
    prefix = f"prescription-add-{session.pk}"
    response = htmx.post(url("program_prescription_add", program, session.pk), rx_post(prefix, 1))
    html = response.content.decode()
    status = html[html.index('id="builder-status"') :]
    # Its words replace the live region's own, which stays: a new region is seldom read out.
    assert 'hx-swap-oob="innerHTML"' in status[:200]
    assert "Exercise added." in status[: status.index("</div>")]


def test_a_hold_without_its_seconds_is_a_400_next_to_the_seconds(htmx, program):
    session = first_session(program)
    prefix = f"prescription-add-{session.pk}"
    data = rx_post(prefix, 1, exercise=f"ex:{shipped('side-plank').pk}")
    response = htmx.post(url("program_prescription_add", program, session.pk), data)
    assert response.status_code == 400
    assert "Side plank is dosed in seconds: give the seconds." in response.content.decode()
    assert session.prescriptions.count() == 3
    data = rx_post(prefix, 1, exercise=f"ex:{shipped('side-plank').pk}", seconds="30")
    assert htmx.post(url("program_prescription_add", program, session.pk), data).status_code == 200
    assert session.prescriptions.last().seconds == 30


def test_exercise_add_with_an_unknown_exercise_is_a_400_on_the_form_page(owner_client, program):
    session = first_session(program)
    prefix = f"prescription-add-{session.pk}"
    data = rx_post(prefix, 1, exercise="ex:999999", sets="9")
    response = owner_client.post(url("program_prescription_add", program, session.pk), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Add an exercise</h1>" in html
    assert "Sets: a whole number from 1 to 8." in html
    assert session.prescriptions.count() == 3


def test_exercise_add_refuses_another_clubs_exercise(owner_client, program, stranger):
    from exercises.models import Exercise

    theirs = Exercise.objects.create(
        club=stranger.membership.club,
        slug="secret-lift",
        name="Secret lift",
        category="max_strength",
        pattern="squat",
        laterality="bilateral",
        equipment="barbell",
        load_mode="percent_1rm",
    )
    session = first_session(program)
    data = rx_post(f"prescription-add-{session.pk}", 1, exercise=f"ex:{theirs.pk}")
    response = owner_client.post(url("program_prescription_add", program, session.pk), data)
    assert response.status_code == 400
    assert session.prescriptions.count() == 3


def test_the_exercise_edit_page_names_the_exercise_escaped(owner_client, program, club):
    """Without JavaScript the form is a page of its own: its heading says which exercise of
    the session it edits, as typed (a club's exercise name is text, not markup)."""
    from exercises.models import Exercise

    ours = Exercise.objects.create(
        club=club,
        slug="box-step-up",
        name="Step-up <b>box</b> & hold",
        category="max_strength",
        pattern="lunge",
        laterality="unilateral",
        equipment="dumbbell",
        load_mode="percent_1rm",
    )
    p = first_session(program).prescriptions.first()
    Prescription.objects.filter(pk=p.pk).update(exercise=ours)
    html = owner_client.get(url("program_prescription_edit", program, p.pk)).content.decode()
    assert "<h1>Edit Step-up &lt;b&gt;box&lt;/b&gt; &amp; hold</h1>" in html
    assert "<b>box</b>" not in html


def test_exercise_edit_form_is_filled_in(htmx, program):
    p = first_session(program).prescriptions.first()
    response = htmx.get(url("program_prescription_edit", program, p.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<li class="rx rx-editing" id="prescription-{p.pk}">' in html
    assert f'<option value="ex:{p.exercise_id}" selected>' in html


def test_exercise_edit_saves_and_returns_the_row(htmx, program):
    p = first_session(program).prescriptions.first()
    data = rx_post(f"prescription-{p.pk}", 1, reps="5", percent_1rm="85", rir="1")
    response = htmx.post(url("program_prescription_update", program, p.pk), data)
    html = response.content.decode()
    p.refresh_from_db()
    assert response.status_code == 200
    assert "3 × 5 · 85 % 1RM · 1 rep in reserve · rest 2 min" in html
    assert (p.exercise.slug, p.reps, p.percent_1rm) == ("romanian-deadlift", 5, 85)


def test_exercise_edit_with_percent_for_a_bodyweight_exercise_is_a_400(htmx, program):
    p = first_session(program).prescriptions.first()
    data = rx_post(
        f"prescription-{p.pk}", 1, exercise=f"ex:{shipped('glute-bridge').pk}", percent_1rm="80"
    )
    response = htmx.post(url("program_prescription_update", program, p.pk), data)
    assert response.status_code == 400
    assert "Glute bridge is not loaded from a 1RM." in response.content.decode()
    p.refresh_from_db()
    assert p.exercise.slug == "back-squat"


def test_exercise_move_down_and_up(owner_client, program):
    session = first_session(program)
    squat = session.prescriptions.first()
    move = url("program_prescription_move", program, squat.pk)
    owner_client.post(move, {"direction": "down", "version": 1})
    assert prescriptions(session) == ["bulgarian-split-squat", "back-squat", "calf-raise"]
    owner_client.post(move, {"direction": "up", "version": 2})
    assert prescriptions(session) == ["back-squat", "bulgarian-split-squat", "calf-raise"]


def test_exercise_move_with_htmx_returns_the_session(htmx, program):
    session = first_session(program)
    calf = session.prescriptions.last()
    response = htmx.post(
        url("program_prescription_move", program, calf.pk), {"direction": "up", "version": 1}
    )
    assert response.status_code == 200
    assert f'id="session-{session.pk}"' in response.content.decode()
    assert prescriptions(session) == ["back-squat", "calf-raise", "bulgarian-split-squat"]


def test_an_exercises_buttons_name_its_session_and_phase(htmx, club):
    """Each session of each phase has its own Back squat: its buttons say whose they are,
    as a screen reader lists them all together."""
    program = make_template(club, [phase_data("base"), phase_data("build")], name="Two phases")
    page = htmx.get(url("program_detail", program), HTTP_HX_REQUEST="").content.decode()
    for phase in ("Base", "Build"):
        where = f"session A of the {phase} phase"
        for label in (
            f"Move Back squat up in {where}",
            f"Move Back squat down in {where}",
            f"Edit Back squat in {where}",
            f"Remove Back squat from {where}",
        ):
            assert page.count(f'aria-label="{label}"') == 1, label
    # The same in a session sent back after a change, and in an exercise's row put back.
    squat = Prescription.objects.get(
        session__phase__template=program, session__phase__phase="build", order=0
    )
    moved = htmx.post(
        url("program_prescription_move", program, squat.pk), {"direction": "down", "version": 1}
    ).content.decode()
    assert 'aria-label="Move Back squat up in session A of the Build phase"' in moved
    row = htmx.get(url("program_detail", program), {"prescription": squat.pk}).content.decode()
    assert 'aria-label="Edit Back squat in session A of the Build phase"' in row


def test_an_exercise_moved_past_its_end_says_it_is_already_there(owner_client, program):
    session = first_session(program)
    squat, calf = session.prescriptions.first(), session.prescriptions.last()
    for row, direction, end in ((squat, "up", "first"), (calf, "down", "last")):
        move = url("program_prescription_move", program, row.pk)
        response = owner_client.post(move, {"direction": direction, "version": 1}, follow=True)
        assert f"The exercise is already {end}." in response.content.decode()
        assert "Exercise moved." not in response.content.decode()
    assert prescriptions(session) == ["back-squat", "bulgarian-split-squat", "calf-raise"]
    assert version(program) == 1


def test_exercise_remove_deletes_it(owner_client, program):
    session = first_session(program)
    squat = session.prescriptions.first()
    owner_client.post(url("program_prescription_delete", program, squat.pk), {"version": 1})
    assert prescriptions(session) == ["bulgarian-split-squat", "calf-raise"]


def test_rename_saves_name_and_description(htmx, program):
    data = {
        "details-name": "Spring block",
        "details-description": "For the 10k squad",
        "version": 1,
    }
    response = htmx.post(url("program_update", program), data)
    program.refresh_from_db()
    assert response.status_code == 200
    assert "<h1>Spring block</h1>" in response.content.decode()
    # First in the answer, where htmx takes the browser tab's title from.
    assert response.content.decode().startswith("<title>Spring block · Runstrength</title>")
    # The coach's word for it, as on every page: a programme.
    assert "Programme name and description saved." in response.content.decode()
    assert (program.name, program.description, program.version) == (
        "Spring block",
        "For the 10k squad",
        2,
    )


def test_rename_to_blank_is_a_400(owner_client, program):
    data = {"details-name": "  ", "details-description": "", "version": 1}
    response = owner_client.post(url("program_update", program), data)
    assert response.status_code == 400
    program.refresh_from_db()
    assert program.name == "Club strength"


def test_a_rename_refused_with_htmx_points_up_to_the_field_in_the_programme_s_head(htmx, program):
    """The status line sits below the programme's head, where its name is edited: the
    refusal sends the coach up to the field, not down into the builder."""
    data = {"details-name": "  ", "details-description": "", "version": 1}
    response = htmx.post(url("program_update", program), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give the programme a name." in html
    assert "Not saved: see the field marked above." in html
    assert "marked below" not in html.replace("Please correct the fields marked below", "")


def _edits(program):
    """(url, data) for one edit of every kind, all claiming version 1."""
    phase = program.phases.get()
    session = first_session(program)
    p = session.prescriptions.first()
    return [
        (url("program_update", program), {"details-name": "X", "details-description": ""}),
        (url("program_phase_add", program), {"phase-add-phase": "base"}),
        (url("program_phase_update", program, phase.pk), phase_post(phase, 1)),
        (url("program_phase_delete", program, phase.pk), {}),
        (
            url("program_session_add", program, phase.pk),
            {f"session-add-{phase.pk}-label": "C", f"session-add-{phase.pk}-kind": "lifting"},
        ),
        (url("program_session_delete", program, session.pk), {}),
        (
            url("program_session_update", program, session.pk),
            {f"session-{session.pk}-label": "D", f"session-{session.pk}-kind": "lifting"},
        ),
        (url("program_session_move", program, session.pk), {"direction": "down"}),
        (
            url("program_prescription_add", program, session.pk),
            rx_post(f"prescription-add-{session.pk}", 1),
        ),
        (url("program_prescription_update", program, p.pk), rx_post(f"prescription-{p.pk}", 1)),
        (url("program_prescription_move", program, p.pk), {"direction": "down"}),
        (url("program_prescription_delete", program, p.pk), {}),
    ]


@pytest.mark.parametrize("index", range(12))
def test_every_edit_on_a_stale_version_is_a_409_and_saves_nothing(owner_client, program, index):
    edit_url, data = _edits(program)[index]
    ProgramTemplate.objects.filter(pk=program.pk).update(version=2)
    before = (Phase.objects.count(), SessionTemplate.objects.count(), Prescription.objects.count())
    response = owner_client.post(edit_url, {**data, "version": 1})
    assert response.status_code == 409
    assert "Someone changed this programme after you opened it" in response.content.decode()
    after = (Phase.objects.count(), SessionTemplate.objects.count(), Prescription.objects.count())
    assert after == before
    assert version(program) == 2


def test_stale_edit_with_htmx_keeps_what_was_typed_beside_the_programme_as_it_is_now(htmx, program):
    """Another coach saved first: the page is swapped for the programme as it is now, with
    this coach's form still open and filled in as they left it, so no typing is lost to a
    reload (which is all the page offered)."""
    phase = program.phases.get()
    ProgramTemplate.objects.filter(pk=program.pk).update(version=5)
    typed = phase_post(phase, 1, weeks="7")
    response = htmx.post(url("program_phase_update", program, phase.pk), typed)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#main"
    assert response["HX-Reselect"] == "#main"
    assert response["HX-Reswap"] == f"outerHTML show:#id_phase-{phase.pk}-phase:top"
    body = response.content.decode()
    assert "What you entered is kept in its form on this page" in body
    assert f'name="phase-{phase.pk}-weeks" value="7"' in body
    assert 'name="version" value="5"' in body  # saving again is against the current one
    phase.refresh_from_db()
    assert phase.weeks == 4


def test_a_stale_rename_with_htmx_keeps_what_was_typed(htmx, program):
    ProgramTemplate.objects.filter(pk=program.pk).update(version=3)
    typed = {"version": 1, "details-name": "Winter block", "details-description": "Typed"}
    response = htmx.post(url("program_update", program), typed)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#main"
    body = response.content.decode()
    assert 'value="Winter block"' in body
    program.refresh_from_db()
    assert program.name != "Winter block"


@pytest.mark.parametrize("adding", [False, True])
def test_a_stale_exercise_edit_with_htmx_keeps_what_was_typed_on_the_builder(htmx, program, adding):
    """An exercise's form sent with htmx is refused as the other forms are: the builder as
    it is now in place of the page, the form open as typed; not the page of its own that
    browsers without JavaScript get, pasted into the exercise's row."""
    session = first_session(program)
    p = session.prescriptions.first()
    ProgramTemplate.objects.filter(pk=program.pk).update(version=4)
    key = f"prescription-add-{session.pk}" if adding else f"prescription-{p.pk}"
    edit_url = (
        url("program_prescription_add", program, session.pk)
        if adding
        else url("program_prescription_update", program, p.pk)
    )
    response = htmx.post(edit_url, rx_post(key, 1, sets="7"))
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#main"
    assert response["HX-Reselect"] == "#main"
    body = response.content.decode()
    assert f'name="{key}-sets" value="7"' in body
    assert 'name="version" value="4"' in body
    assert not Prescription.objects.filter(session__phase__template=program, sets=7).exists()


@pytest.mark.parametrize("index", range(12))
def test_every_edit_without_a_version_is_a_400(owner_client, program, index):
    edit_url, data = _edits(program)[index]
    data = {k: v for k, v in data.items() if k != "version"}
    response = owner_client.post(edit_url, data)
    assert response.status_code == 400
    assert "This form is missing the programme" in response.content.decode()
    assert version(program) == 1


def test_editing_a_planner_slot_keeps_its_side_chosen(htmx, program):
    session = first_session(program)
    data = rx_post(f"prescription-add-{session.pk}", 1, exercise="any:max_strength:lunge")
    htmx.post(
        url("program_prescription_add", program, session.pk),
        {**data, f"prescription-add-{session.pk}-side": "unilateral"},
    )
    slot = session.prescriptions.last()
    html = htmx.get(url("program_prescription_edit", program, slot.pk)).content.decode()
    assert '<option value="any:max_strength:lunge" selected>' in html
    assert '<option value="unilateral" selected>Single-leg</option>' in html


def test_planner_slots_read_as_a_list_without_repeats(db):
    from exercises.models import Exercise
    from programs.forms import PrescriptionForm

    catalogue = list(Exercise.objects.filter(club__isnull=True))
    values = [v for v, _ in PrescriptionForm(exercises=catalogue).fields["exercise"].choices[1][1]]
    assert "any:mobility:" in values and "any:mobility:mobility" not in values
    assert values.index("any:max_strength:") < values.index("any:max_strength:squat")
    assert values.index("any:max_strength:squat") < values.index("any:mobility:")
    # A prescription already on the one-pattern slot still shows it, so a save keeps it.
    kept = PrescriptionForm(exercises=catalogue, initial={"exercise": "any:mobility:mobility"})
    assert "any:mobility:mobility" in [v for v, _ in kept.fields["exercise"].choices[1][1]]


def form_version(html: str) -> int:
    import re

    return int(re.search(r'name="version" value="(\d+)" class="tpl-version"', html)[1])


def test_a_form_fetched_into_a_stale_page_cannot_pass_over_another_coachs_change(htmx, program):
    """Coach A's page was loaded at version 1; coach B then changed the phase. The form A
    opens afterwards carries A's version, so saving it is refused instead of building on a
    page that does not show B's change."""
    phase = program.phases.get()
    session = first_session(program)
    response = htmx.post(url("program_phase_update", program, phase.pk), phase_post(phase, 1))
    assert response.status_code == 200 and version(program) == 2  # coach B's save

    fetched = htmx.get(url("program_prescription_new", program, session.pk), {"version": 1})
    assert form_version(fetched.content.decode()) == 1
    prefix = f"prescription-add-{session.pk}"
    refused = htmx.post(url("program_prescription_add", program, session.pk), rx_post(prefix, 1))
    assert refused.status_code == 409
    assert "romanian-deadlift" not in prescriptions(session)
    # Cancel fragments and edit forms are fetched the same way.
    item = session.prescriptions.first()
    edit = htmx.get(url("program_prescription_edit", program, item.pk), {"version": 1})
    assert form_version(edit.content.decode()) == 1
    cancel = htmx.get(url("program_detail", program), {"session": session.pk, "version": 1})
    assert form_version(cancel.content.decode()) == 1
    # A page that is current gets the current version, and a made-up newer one is ignored.
    current = htmx.get(url("program_prescription_new", program, session.pk), {"version": 7})
    assert form_version(current.content.decode()) == 2


def test_after_a_save_the_page_moves_to_the_version_that_save_made(rf, owner, program):
    from programs.views import as_just_saved

    request = rf.post("/", {"version": "2"})
    program.version = 5  # two more saves landed meanwhile, not shown on this page
    as_just_saved(request, program)
    assert program.version == 3


def test_thousands_of_digits_in_a_builder_url_are_ignored_not_a_500(htmx, program):
    p = first_session(program).prescriptions.first()
    digits = "1" * 5000
    for path, status in (
        (f"{url('program_detail', program)}?session={digits}", 404),  # no such session
        (f"{url('program_detail', program)}?prescription={digits}", 404),
        (f"{url('program_detail', program)}?session={p.session_id}&version={digits}", 200),
        (f"{url('program_prescription_edit', program, p.pk)}?version={digits}", 200),
    ):
        assert htmx.get(path).status_code == status, path


def field_value(html: str, name: str) -> str | None:
    """The value an input shows, or the selected option of a select, by field name."""
    import re

    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    if tag:
        value = re.search(r'\bvalue="([^"]*)"', tag[0])
        return value[1] if value else None
    select = re.search(rf'<select[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    if select:
        chosen = re.search(r'<option value="([^"]*)"[^>]*\bselected\b', select[1])
        return chosen[1] if chosen else None
    return None


def folded_away(html: str, name: str) -> bool:
    """Whether the field is inside a closed <details> (the builder's folded edit forms)."""
    import re

    closed = re.findall(r"<details(?![^>]*\bopen\b)[^>]*>(.*?)</details>", html, re.S)
    return any(f'name="{name}"' in part for part in closed)


def _kept_edits(program):
    """(url, data, field, typed) for every edit that sends a form: a value the coach typed
    that the programme does not have."""
    phase = program.phases.get()
    session = first_session(program)
    p = session.prescriptions.first()
    add_key, edit_key = f"prescription-add-{session.pk}", f"prescription-{p.pk}"
    return [
        (
            url("program_update", program),
            {"details-name": "Spring block", "details-description": "For the 10k squad"},
            "details-name",
            "Spring block",
        ),
        (
            url("program_phase_add", program),
            {"phase-add-phase": "taper"},
            "phase-add-phase",
            "taper",
        ),
        (
            url("program_phase_update", program, phase.pk),
            phase_post(phase, 1, weeks="7"),
            f"phase-{phase.pk}-weeks",
            "7",
        ),
        (
            url("program_session_add", program, phase.pk),
            {f"session-add-{phase.pk}-label": "Q", f"session-add-{phase.pk}-kind": "lifting"},
            f"session-add-{phase.pk}-label",
            "Q",
        ),
        (
            url("program_session_update", program, session.pk),
            {f"session-{session.pk}-label": "Q", f"session-{session.pk}-kind": "lifting"},
            f"session-{session.pk}-label",
            "Q",
        ),
        (
            url("program_prescription_add", program, session.pk),
            rx_post(add_key, 1, sets="5", rest_s="95"),
            f"{add_key}-rest_s",
            "95",
        ),
        (
            url("program_prescription_update", program, p.pk),
            rx_post(edit_key, 1, sets="5", rest_s="95"),
            f"{edit_key}-rest_s",
            "95",
        ),
    ]


@pytest.mark.parametrize("index", range(7))
def test_a_stale_form_without_javascript_gives_back_what_was_entered(owner_client, program, index):
    """Another coach saved first: nothing is saved, and the page comes back as the
    programme is now with the refused form as it was filled in, carrying the current
    version so that the coach can check it and save again."""
    edit_url, data, field, typed = _kept_edits(program)[index]
    ProgramTemplate.objects.filter(pk=program.pk).update(version=2)
    before = (Phase.objects.count(), SessionTemplate.objects.count(), Prescription.objects.count())
    response = owner_client.post(edit_url, {**data, "version": 1})
    html = response.content.decode()
    assert response.status_code == 409
    assert "What you entered is kept" in html
    assert field_value(html, field) == typed
    assert field_value(html, "version") == "2"
    assert not folded_away(html, field)  # the form shows, open, what the coach entered
    if "exercises/add" not in edit_url and "/exercises/" in edit_url:
        assert "Saved now: <strong>Back squat</strong>" in html  # the edit refused, to compare
    after = (Phase.objects.count(), SessionTemplate.objects.count(), Prescription.objects.count())
    assert after == before and version(program) == 2

    again = owner_client.post(edit_url, {**data, "version": 2})
    assert again.status_code == 302
    assert version(program) == 3


@pytest.mark.parametrize("index", [0, 2, 4, 6])
def test_a_save_sent_twice_without_javascript_is_saved_once_not_refused(
    owner_client, program, index
):
    """A double click on Save sends the form twice, both at the version the page had: the
    second finds its own change saved, with exactly the values it carries. That is done,
    not another coach's change; any other value sent at the old version is still refused."""
    edit_url, data, field, typed = _kept_edits(program)[index]
    first = owner_client.post(edit_url, {**data, "version": 1})
    assert first.status_code == 302 and version(program) == 2
    second = owner_client.post(edit_url, {**data, "version": 1}, follow=True)
    html = second.content.decode()
    assert second.status_code == 200
    assert second.redirect_chain == [(first["Location"], 302)]
    assert "Someone changed this programme" not in html
    assert "saved." in html
    assert version(program) == 2

    other = {**data, field: "Q2" if typed == "Q" else f"{typed}1"}
    if field.endswith("-weeks") or field.endswith("-rest_s"):
        other[field] = str(int(typed) + 1)
    refused = owner_client.post(edit_url, {**other, "version": 1})
    assert refused.status_code == 409
    assert version(program) == 2


def test_a_stale_edit_of_a_phase_another_coach_removed_is_a_409(owner_client, htmx, program):
    phase = program.phases.get()
    data = phase_post(phase, 1, weeks="7")
    Phase.objects.filter(pk=phase.pk).delete()
    ProgramTemplate.objects.filter(pk=program.pk).update(version=2)
    for client in (owner_client, htmx):
        response = client.post(url("program_phase_update", program, phase.pk), data)
        assert response.status_code == 409
        assert "Someone changed this programme" in response.content.decode()
    # With the version current, a part that is not there is still not found.
    current = owner_client.post(
        url("program_phase_update", program, phase.pk), {**data, "version": 2}
    )
    assert current.status_code == 404


def test_a_plyometric_exercise_without_reps_is_a_400_not_ten_reps_in_the_plans(htmx, program):
    """The phase's reps are a heavy lift's: a box jump left without reps would be planned at
    10 a set (DOMAIN: 3-4 x 5), while the form said it took the phase's."""
    session = first_session(program)
    prefix = f"prescription-add-{session.pk}"
    data = rx_post(prefix, 1, exercise=f"ex:{shipped('box-jump').pk}")
    response = htmx.post(url("program_prescription_add", program, session.pk), data)
    assert response.status_code == 400
    assert "Box jump takes no reps from the phase: give the reps." in response.content.decode()
    assert session.prescriptions.count() == 3
    assert version(program) == 1
    data = rx_post(prefix, 1, exercise=f"ex:{shipped('box-jump').pk}", reps="5")
    assert htmx.post(url("program_prescription_add", program, session.pk), data).status_code == 200
    assert (session.prescriptions.last().sets, session.prescriptions.last().reps) == (3, 5)


def test_a_planner_chosen_power_exercise_needs_its_amount_too(htmx, program):
    session = first_session(program)
    prefix = f"prescription-add-{session.pk}"
    data = rx_post(prefix, 1, exercise="any:power:")
    response = htmx.post(url("program_prescription_add", program, session.pk), data)
    assert response.status_code == 400
    assert "A power exercise takes no reps from the phase" in response.content.decode()
    assert session.prescriptions.count() == 3


def test_a_percent_of_1rm_for_a_planner_choice_never_loaded_from_one_is_a_400(htmx, program):
    # Plans would leave it out, while the builder listed "80 % 1RM" beside the jumps.
    session = first_session(program)
    prefix = f"prescription-add-{session.pk}"
    data = rx_post(prefix, 1, exercise="any:plyometric:", reps="5", percent_1rm="80")
    response = htmx.post(url("program_prescription_add", program, session.pk), data)
    assert response.status_code == 400
    assert (
        "No plyometric exercise the planner could choose here is loaded from a 1RM: leave "
        "this empty." in response.content.decode()
    )
    assert session.prescriptions.count() == 3
    # A heavy lift left to the planner may still be given its % 1RM.
    data = rx_post(prefix, 1, exercise="any:max_strength:squat", percent_1rm="80")
    response = htmx.post(url("program_prescription_add", program, session.pk), data)
    assert response.status_code == 200
    assert session.prescriptions.last().percent_1rm == 80
    # A single-leg calf raise is loaded from body mass, whatever the two-legged one takes.
    data = rx_post(
        prefix,
        version(program),
        exercise="any:max_strength:calf",
        side="unilateral",
        percent_1rm="80",
    )
    response = htmx.post(url("program_prescription_add", program, session.pk), data)
    assert response.status_code == 400
    assert "No maximal strength exercise the planner could choose here is loaded from a 1RM" in (
        response.content.decode()
    )
    assert session.prescriptions.count() == 4


def test_heavy_lifts_and_conditioning_may_still_leave_reps_to_the_plan(htmx, program):
    session = first_session(program)
    prefix = f"prescription-add-{session.pk}"
    for choice in ("any:max_strength:", f"ex:{shipped('glute-bridge').pk}"):
        data = rx_post(prefix, version(program), exercise=choice)
        response = htmx.post(url("program_prescription_add", program, session.pk), data)
        assert response.status_code == 200, choice
    assert session.prescriptions.count() == 5


@pytest.mark.parametrize("by_htmx", [True, False])
def test_exercise_add_refuses_an_exercise_the_sessions_kind_cannot_hold(
    owner_client, program, by_htmx
):
    phase = first_session(program).phase
    session = SessionTemplate.objects.create(phase=phase, label="P", kind="plyometric", order=9)
    prefix = f"prescription-add-{session.pk}"
    if by_htmx:
        owner_client.defaults["HTTP_HX_REQUEST"] = "true"
    client = owner_client
    add = url("program_prescription_add", program, session.pk)
    for exercise, said in (
        (f"ex:{shipped('back-squat').pk}", "Back squat: a heavy lift"),
        ("any:max_strength:squat", "A heavy lift"),
    ):
        response = client.post(add, rx_post(prefix, 1, exercise=exercise, reps="5"))
        assert response.status_code == 400
        html = response.content.decode()
        field = html[html.index(f'id="id_{prefix}-exercise"') :]
        field = field[: field.index("</div>")]
        assert f"{said} in a plyometric session; it belongs in a lifting session." in field, field
        assert not session.prescriptions.exists()
        assert version(program) == 1
    # A jump is at home there.
    data = rx_post(prefix, 1, exercise="any:plyometric:", reps="5")
    assert client.post(add, data).status_code == (200 if by_htmx else 302)
    assert session.prescriptions.count() == 1


@pytest.mark.parametrize("by_htmx", [True, False])
def test_exercise_forms_offer_only_what_the_sessions_kind_holds(owner_client, program, by_htmx):
    """The add and edit forms list only the exercises and planner slots the session's kind
    can hold (the rest are refused on save); an edited row already out of place still has
    its own exercise listed, so its other fields can be saved."""
    import re

    phase = first_session(program).phase
    session = SessionTemplate.objects.create(phase=phase, label="P", kind="plyometric", order=9)
    lift = Prescription.objects.create(
        session=session, exercise=shipped("back-squat"), sets=3, rest_s=120
    )
    if by_htmx:
        owner_client.defaults["HTTP_HX_REQUEST"] = "true"

    def offered(page: str, prefix: str) -> list[str]:
        html = owner_client.get(page).content.decode()
        field = html[html.index(f'id="id_{prefix}-exercise"') :]
        return re.findall(r'<option value="([^"]*)"', field[: field.index("</select>")])

    added = offered(
        url("program_prescription_new", program, session.pk), f"prescription-add-{session.pk}"
    )
    assert f"ex:{shipped('box-jump').pk}" in added and "any:plyometric:" in added
    assert "any:conditioning:" in added
    assert f"ex:{shipped('back-squat').pk}" not in added
    assert not [v for v in added if v.startswith(("any:max_strength:", "any:power:"))]
    edited = offered(url("program_prescription_edit", program, lift.pk), f"prescription-{lift.pk}")
    assert f"ex:{shipped('back-squat').pk}" in edited and "any:plyometric:" in edited
    assert f"ex:{shipped('deadlift').pk}" not in edited
    assert "any:max_strength:" not in edited


@pytest.mark.parametrize("by_htmx", [True, False])
def test_exercise_edit_refuses_a_change_to_one_the_sessions_kind_cannot_hold(
    owner_client, program, by_htmx
):
    phase = first_session(program).phase
    session = SessionTemplate.objects.create(phase=phase, label="P", kind="plyometric", order=9)
    jump = Prescription.objects.create(
        session=session, exercise=shipped("box-jump"), sets=3, reps=5, rest_s=120
    )
    # Left there before adding one was checked: a heavy lift in the plyometric session.
    lift = Prescription.objects.create(
        session=session, order=1, exercise=shipped("back-squat"), sets=3, rest_s=120
    )
    if by_htmx:
        owner_client.defaults["HTTP_HX_REQUEST"] = "true"
    ok = 200 if by_htmx else 302
    v = version(program)
    for p, exercise, said in (
        (jump, f"ex:{shipped('back-squat').pk}", "Back squat: a heavy lift"),
        (jump, "any:max_strength:squat", "A heavy lift"),
        (lift, f"ex:{shipped('deadlift').pk}", "Deadlift: a heavy lift"),
    ):
        prefix = f"prescription-{p.pk}"
        data = rx_post(prefix, v, exercise=exercise, reps="5")
        response = owner_client.post(url("program_prescription_update", program, p.pk), data)
        assert response.status_code == 400
        html = response.content.decode()
        field = html[html.index(f'id="id_{prefix}-exercise"') :]
        field = field[: field.index("</div>")]
        assert f"{said} in a plyometric session; it belongs in a lifting session." in field, field
        assert version(program) == v
    assert prescriptions(session) == ["box-jump", "back-squat"]
    # The misplaced lift kept as it is still has its other fields saved.
    data = rx_post(f"prescription-{lift.pk}", v, exercise=f"ex:{shipped('back-squat').pk}")
    data[f"prescription-{lift.pk}-sets"] = "4"
    response = owner_client.post(url("program_prescription_update", program, lift.pk), data)
    assert response.status_code == ok
    lift.refresh_from_db()
    assert (lift.exercise.slug, lift.sets) == ("back-squat", 4)
    # Another jump is at home there.
    data = rx_post(f"prescription-{jump.pk}", v + 1, exercise=f"ex:{shipped('pogo-jump').pk}")
    data[f"prescription-{jump.pk}-reps"] = "10"
    response = owner_client.post(url("program_prescription_update", program, jump.pk), data)
    assert response.status_code == ok
    assert prescriptions(session) == ["pogo-jump", "back-squat"]


@pytest.mark.parametrize("by_htmx", [True, False])
@pytest.mark.parametrize("editing", [True, False])
def test_a_refused_exercise_stays_chosen_with_the_rest_of_what_was_typed(
    owner_client, program, by_htmx, editing
):
    """The form shown again after an exercise the session's kind cannot hold keeps that
    exercise chosen (not "Choose an exercise"), the reason beside it, and the other fields
    as typed."""
    import re

    phase = first_session(program).phase
    session = SessionTemplate.objects.create(phase=phase, label="P", kind="plyometric", order=9)
    jump = Prescription.objects.create(
        session=session, exercise=shipped("box-jump"), sets=3, reps=5, rest_s=120
    )
    if by_htmx:
        owner_client.defaults["HTTP_HX_REQUEST"] = "true"
    squat = f"ex:{shipped('back-squat').pk}"
    if editing:
        prefix, address = (
            f"prescription-{jump.pk}",
            url("program_prescription_update", program, jump.pk),
        )
    else:
        prefix = f"prescription-add-{session.pk}"
        address = url("program_prescription_add", program, session.pk)
    data = rx_post(prefix, 1, exercise=squat, sets="5", reps="4", notes="Slow down")
    response = owner_client.post(address, data)
    assert response.status_code == 400
    html = response.content.decode()
    field = html[html.index(f'id="id_{prefix}-exercise"') :]
    select = field[: field.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"[^>]*selected', select) == [squat], select
    assert "Back squat: a heavy lift in a plyometric session" in field[: field.index("</div>")]
    assert f'name="{prefix}-sets" value="5"' in html
    assert f'name="{prefix}-reps" value="4"' in html
    assert f'name="{prefix}-notes" value="Slow down"' in html
    assert prescriptions(session) == ["box-jump"]
    assert version(program) == 1


def _as_it_is(program, edit: str) -> tuple[str, dict, str]:
    """The address, the form as the coach was shown it (nothing changed) and what is said."""
    from programs.forms import PrescriptionForm

    program.refresh_from_db()
    if edit == "programme":
        data = {"details-name": program.name, "details-description": program.description}
        said = "Nothing changed: the programme&#x27;s name and description are as they were."
        return reverse("program_update", args=[program.pk]), data, said
    if edit == "phase":
        phase = program.phases.get()
        data = {f"phase-{phase.pk}-{name}": getattr(phase, name) for name in PHASE_FIELDS}
        said = "Nothing changed: the Build phase is as it was."
        return url("program_phase_update", program, phase.pk), data, said
    if edit == "session":
        session = first_session(program)
        data = {
            f"session-{session.pk}-label": session.label,
            f"session-{session.pk}-kind": "lifting",
        }
        said = f"Nothing changed: session {session.label} is as it was."
        return url("program_session_update", program, session.pk), data, said
    p = first_session(program).prescriptions.last()  # a planner-chosen one for "slot"
    initial = PrescriptionForm.initial_for(p)
    data = {f"prescription-{p.pk}-{k}": "" if v is None else v for k, v in initial.items()}
    said = "Nothing changed: the exercise is as it was."
    return url("program_prescription_update", program, p.pk), data, said


@pytest.mark.parametrize("edit", ["programme", "phase", "session", "exercise", "slot"])
@pytest.mark.parametrize("by_htmx", [True, False])
def test_an_edit_saved_as_it_was_changes_nothing_and_says_so(owner_client, program, edit, by_htmx):
    """Saving a form unchanged writes nothing: the version stays (no other coach's page is
    made stale), the programme is not 'changed' on the list, and the coach is told."""
    first = first_session(program)
    if edit == "slot":
        Prescription.objects.create(
            session=first, order=9, category="plyometric", unilateral=True, sets=3, reps=5
        )
    program.refresh_from_db()
    stamp = program.updated_at
    rows = list(first.prescriptions.values())
    if by_htmx:
        owner_client.defaults["HTTP_HX_REQUEST"] = "true"
    address, data, said = _as_it_is(program, edit)
    response = owner_client.post(address, {**data, "version": 1}, follow=not by_htmx)
    assert response.status_code == 200
    html = response.content.decode()
    assert said in html
    assert "saved." not in html
    if by_htmx:
        assert 'value="1" class="tpl-version" hx-swap-oob' in html
    program.refresh_from_db()
    assert (program.version, program.updated_at) == (1, stamp)
    assert list(first.prescriptions.values()) == rows
    # A change made after is saved as before, from the version the page still has.
    address, data, _ = _as_it_is(program, edit)
    key = next(k for k in data if k.endswith(("-name", "-weeks", "-label", "-sets")))
    data[key] = {"-name": "Renamed", "-weeks": "6", "-label": "Z", "-sets": "5"}[
        key[key.rindex("-") :]
    ]
    response = owner_client.post(address, {**data, "version": 1})
    assert response.status_code == (200 if by_htmx else 302)
    assert version(program) == 2


@pytest.mark.parametrize(
    ("edit", "field", "value", "stored"),
    [
        ("programme", "description", "Winter block", "Winter block"),
        ("phase", "phase", "base", "base"),
        ("phase", "sessions_per_week", "3", 3),
        ("phase", "reps_min", "2", 2),
        ("phase", "reps_max", "8", 8),
        ("phase", "percent_min", "70", 70),
        ("phase", "percent_max", "90", 90),
        ("session", "kind", "plyometric", "plyometric"),
        ("exercise", "reps", "5", 5),
        ("exercise", "percent_1rm", "80", 80),
        ("exercise", "rir", "2", 2),
        ("exercise", "rest_s", "90", 90),
        ("exercise", "notes", "Pause at the bottom", "Pause at the bottom"),
        ("exercise", "exercise", "slot", None),
        ("slot", "side", "bilateral", False),
    ],
)
def test_an_edit_to_any_one_field_is_saved_not_taken_for_no_change(
    owner_client, program, edit, field, value, stored
):
    """Whatever one field is changed, alone, it is saved and the version moves on: the
    check for an unchanged form compares every field the form writes."""
    first = first_session(program)
    if edit == "session":
        first.prescriptions.all().delete()  # a plyometric session holds no heavy lift
    if edit == "slot":
        Prescription.objects.create(
            session=first, order=9, category="plyometric", unilateral=True, sets=3, reps=5
        )
    address, data, _ = _as_it_is(program, edit)
    key = next(k for k in data if k.endswith(f"-{field}"))
    if value == "slot":
        value = "any:max_strength:"
    data[key] = value
    response = owner_client.post(address, {**data, "version": 1})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert version(program) == 2
    row = {
        "programme": lambda: ProgramTemplate.objects.get(pk=program.pk),
        "phase": lambda: program.phases.get(),
        "session": lambda: first_session(program),
        "exercise": lambda: first.prescriptions.last(),
        "slot": lambda: first.prescriptions.last(),
    }[edit]()
    name = {"side": "unilateral"}.get(field, field)
    assert getattr(row, name) == stored


def once_token(html: str, action: str) -> str:
    """The one-time token of the form sent to ACTION on a builder page."""
    form = html[html.index(f'action="{action}') :]
    form = form[: form.index("</form>")]
    return re.search(r'name="once" value="([^"]+)"', form)[1]


@pytest.mark.parametrize("what", ["phase", "session", "exercise"])
def test_an_add_sent_twice_without_javascript_adds_once_and_says_so(owner_client, program, what):
    """A double click on an add button, without script, sends the form twice at the same
    version: the second goes where the first went, saying so, and adds nothing; it is not
    refused as another coach's change."""
    session = first_session(program)
    if what == "phase":
        action = url("program_phase_add", program)
        data = {"phase-add-phase": "taper", "version": 1}
        count = lambda: Phase.objects.filter(template=program).count()  # noqa: E731
    elif what == "session":
        phase = session.phase
        action = url("program_session_add", program, phase.pk)
        data = {f"session-add-{phase.pk}-label": "C", f"session-add-{phase.pk}-kind": "lifting"}
        data["version"] = 1
        count = lambda: phase.sessions.count()  # noqa: E731
    else:
        action = url("program_prescription_add", program, session.pk)
        data = rx_post(f"prescription-add-{session.pk}", 1, reps="6", percent_1rm="80", rir="2")
        count = lambda: session.prescriptions.count()  # noqa: E731
    page = owner_client.get(
        url("program_prescription_new", program, session.pk)
        if what == "exercise"
        else url("program_detail", program)
    ).content.decode()
    data["once"] = once_token(page, action)
    before = count()
    first = owner_client.post(action, data)
    assert first.status_code == 302 and count() == before + 1
    second = owner_client.post(action, data, follow=True)
    assert second.status_code == 200 and count() == before + 1
    assert second.redirect_chain[0][0] == first["Location"]
    body = second.content.decode()
    assert "Sent twice: the" in body and "Someone changed this programme" not in body
