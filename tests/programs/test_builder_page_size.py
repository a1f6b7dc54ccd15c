"""The builder's page stays light as a programme grows: a row's move and remove buttons send
one form the session (or phase) shares, each to its own address, instead of a form of
their own per row and per action. Without script these buttons still post and redirect."""

import html
import re

from django.urls import reverse

from programs.models import Prescription, SessionTemplate
from tests.programs.conftest import lifting_session, make_template, phase_data, rx

SQUATS = ["back-squat", "bulgarian-split-squat", "calf-raise"]


def page_of(client, program) -> str:
    response = client.get(reverse("program_detail", args=[program.pk]))
    assert response.status_code == 200
    return response.content.decode()


def forms(page: str) -> int:
    return len(re.findall(r"<form\b", page))


def with_rows(club, count: int, name: str):
    rows = [rx(SQUATS[i % 3], "max_strength") for i in range(count)]
    return make_template(club, [phase_data(sessions=[lifting_session("A", rows)])], name=name)


def with_sessions(club, count: int, name: str):
    sessions = [lifting_session(chr(ord("A") + i), []) for i in range(count)]
    return make_template(club, [phase_data(sessions=sessions)], name=name)


def test_the_builders_forms_do_not_grow_with_its_exercises(owner_client, club):
    few = page_of(owner_client, with_rows(club, 2, "Few"))
    many = page_of(owner_client, with_rows(club, 12, "Many"))
    assert forms(many) == forms(few)
    # Ten rows more: each its name, dose, arrows, Edit and Remove; no form of its own.
    assert (len(many) - len(few)) / 10 < 2000


def test_a_session_adds_few_forms_to_the_builder(owner_client, club):
    one = page_of(owner_client, with_sessions(club, 1, "One"))
    four = page_of(owner_client, with_sessions(club, 4, "Four"))
    # A session's own: its Remove, its Rename or change kind, and the one its rows share.
    assert (forms(four) - forms(one)) / 3 <= 3


def button(page: str, label: str) -> dict:
    tag = re.search(rf'<button [^>]*aria-label="{re.escape(label)}"[^>]*>', page).group(0)
    return {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', tag)}


def sent_with(page: str, control: dict) -> tuple[str, dict]:
    """What a browser without script sends for the button: the fields of the form it names,
    and its own name and value, to its own address."""
    form = re.search(rf'<form [^>]*id="{control["form"]}"[^>]*>(.*?)</form>', page, re.S)
    assert form, control["form"]
    fields = dict(re.findall(r'<input type="hidden" name="([\w-]+)" value="([^"]*)"', form[1]))
    assert "csrfmiddlewaretoken" in fields and "version" in fields
    fields.pop("csrfmiddlewaretoken")
    if "name" in control:
        fields[control["name"]] = control["value"]
    return control["formaction"], fields


def test_an_exercise_moves_without_script_through_the_sessions_shared_form(owner_client, club):
    program = with_rows(club, 3, "Moves")
    session = SessionTemplate.objects.get(phase__template=program)
    page = page_of(owner_client, program)
    label = "Move Bulgarian split squat down in session A of the Build phase"
    address, fields = sent_with(page, button(page, label))
    assert fields == {"version": "1", "ask_at": f"session-{session.pk}", "direction": "down"}
    response = owner_client.post(address, fields)
    assert response.status_code == 302
    assert response["Location"].endswith("#prescription-" + address.split("/")[-3])
    order = [p.exercise.slug for p in session.prescriptions.select_related("exercise")]
    assert order == ["back-squat", "calf-raise", "bulgarian-split-squat"]


def test_an_exercise_is_removed_without_script_once_the_question_is_answered(owner_client, club):
    program = with_rows(club, 3, "Removes")
    session = SessionTemplate.objects.get(phase__template=program)
    page = page_of(owner_client, program)
    label = "Remove Back squat from session A of the Build phase"
    address, fields = sent_with(page, button(page, label))
    asked = owner_client.post(address, fields)
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Remove Back squat from session A of the Build phase?" in text
    assert Prescription.objects.filter(session=session).count() == 3
    assert f"#session-{session.pk}" in re.search(r'href="([^"]*)">Cancel</a>', text)[1]
    done = owner_client.post(address, {"version": fields["version"]})
    assert done.status_code == 302
    assert Prescription.objects.filter(session=session).count() == 2


def test_a_session_moves_without_script_through_the_phases_shared_form(owner_client, club):
    program = with_sessions(club, 2, "Sessions")
    page = page_of(owner_client, program)
    label = "Move session A of the Build phase down"
    address, fields = sent_with(page, button(page, label))
    assert fields["direction"] == "down"
    assert owner_client.post(address, fields).status_code == 302
    labels = SessionTemplate.objects.filter(phase__template=program).order_by("order")
    assert [s.label for s in labels] == ["B", "A"]


def test_a_stale_row_button_is_refused_and_changes_nothing(owner_client, club):
    program = with_rows(club, 3, "Stale")
    session = SessionTemplate.objects.get(phase__template=program)
    page = page_of(owner_client, program)
    label = "Move Back squat down in session A of the Build phase"
    address, fields = sent_with(page, button(page, label))
    program.version += 1
    program.save(update_fields=["version"])
    response = owner_client.post(address, fields)
    assert response.status_code == 409
    order = [p.exercise.slug for p in session.prescriptions.select_related("exercise")]
    assert order == SQUATS
