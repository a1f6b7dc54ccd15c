"""Template pages: list, create, clone, delete, read-only default, ownership, query counts."""

import re
from datetime import date

import pytest
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from programs.models import Phase, Prescription, ProgramTemplate, SessionTemplate
from programs.views import cut_to
from schedules.models import Assignment
from tests.factories import AthleteFactory
from tests.programs.conftest import as_listed, lifting_session, make_template, phase_data

MUTATING = [
    ("program_clone", ()),
    ("program_update", ()),
    ("program_delete", ()),
    ("program_phase_add", ()),
    ("program_phase_update", ("phase",)),
    ("program_phase_delete", ("phase",)),
    ("program_session_add", ("phase",)),
    ("program_session_update", ("session",)),
    ("program_session_move", ("session",)),
    ("program_session_delete", ("session",)),
    ("program_prescription_add", ("session",)),
    ("program_prescription_update", ("prescription",)),
    ("program_prescription_move", ("prescription",)),
    ("program_prescription_delete", ("prescription",)),
]
FORMS = [
    ("program_detail", ()),
    ("program_prescription_new", ("session",)),
    ("program_prescription_edit", ("prescription",)),
]


def template_url(name, program, parts) -> str:
    phase = program.phases.first()
    session = SessionTemplate.objects.filter(phase__template=program).first()
    p = Prescription.objects.filter(session=session).first()
    ids = {"phase": phase.pk, "session": session.pk, "prescription": p.pk}
    return reverse(name, args=[program.pk, *(ids[part] for part in parts)])


def counts(program) -> tuple[int, int, int]:
    return (
        Phase.objects.filter(template=program).count(),
        SessionTemplate.objects.filter(phase__template=program).count(),
        Prescription.objects.filter(session__phase__template=program).count(),
    )


def test_list_shows_the_shipped_default_and_the_clubs_own(owner_client, program, foreign_program):
    response = owner_client.get(reverse("program_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Runstrength evidence-based programme" in html
    assert "Copy to edit" in html
    assert "Club strength" in html
    assert "Their programme" not in html


NAMES = ["Hills 10", "hills 2", "Émile's block", "Base", "Hills 1"]
IN_ORDER = ["Base", "Émile's block", "Hills 1", "hills 2", "Hills 10"]


def test_the_clubs_programmes_are_listed_in_alphabetical_order(owner_client, club):
    """Not in the database's byte order: "hills 2" after every capital, "Émile's" last,
    "Hills 10" before "Hills 2"."""
    for name in NAMES:
        make_template(club, [phase_data()], name=name)
    html = owner_client.get(reverse("program_list")).content.decode()
    places = [html.index(f">{name.replace(chr(39), '&#x27;')}</a>") for name in IN_ORDER]
    assert places == sorted(places)


def test_the_assign_form_offers_the_programmes_in_alphabetical_order(
    owner_client, club, athlete, shipped_program
):
    for name in NAMES:
        make_template(club, [phase_data()], name=name)
    html = owner_client.get(reverse("assign_athlete", args=[athlete.pk])).content.decode()
    offered = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', html)
    # The shipped programme first, then the club's own.
    assert offered == [
        "Runstrength evidence-based programme",
        *[name.replace("'", "&#x27;") for name in IN_ORDER],
    ]


COPIES = ["Winter base (copy 10)", "Winter base (copy 2)", "Winter base (copy)", "Winter base"]
COPIES_IN_ORDER = [
    "Winter base",
    "Winter base (copy)",
    "Winter base (copy 2)",
    "Winter base (copy 10)",
]


def test_the_first_copy_is_listed_and_offered_before_the_second(owner_client, club, athlete):
    """ "X (copy)" is the first copy of X: before "X (copy 2)", on the list as when assigning
    (a closing bracket is not counted after the space before a number)."""
    for name in COPIES:
        make_template(club, [phase_data()], name=name)
    html = owner_client.get(reverse("program_list")).content.decode()
    places = [html.index(f">{name}</a>") for name in COPIES_IN_ORDER]
    assert places == sorted(places)
    html = owner_client.get(reverse("assign_athlete", args=[athlete.pk])).content.decode()
    offered = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', html)
    assert [name for name in offered if name.startswith("Winter")] == COPIES_IN_ORDER


def test_top_bar_links_to_programmes(owner_client):
    html = owner_client.get(reverse("roster")).content.decode()
    assert f'href="{reverse("program_list")}"' in html


def test_create_makes_an_empty_club_template(owner_client, club):
    response = owner_client.post(
        reverse("program_create"), {"new-name": "Winter base", "new-description": ""}
    )
    program = ProgramTemplate.objects.get(name="Winter base")
    assert response.status_code == 302
    assert response["Location"] == reverse("program_detail", args=[program.pk])
    assert program.club == club
    assert counts(program) == (0, 0, 0)


def test_a_description_keeps_its_line_breaks_and_stays_text(owner_client, club):
    description = "Winter block.\nTwo lifts a week, <b>heavy</b>.\r\nDeload in week 4."
    owner_client.post(
        reverse("program_create"), {"new-name": "Winter base", "new-description": description}
    )
    program = ProgramTemplate.objects.get(name="Winter base")
    html = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    assert (
        '<p class="muted">Winter block.<br>Two lifts a week, &lt;b&gt;heavy&lt;/b&gt;.<br>'
        "Deload in week 4.</p>" in html
    )


def test_a_description_filling_its_box_on_several_lines_is_kept(owner_client, club):
    # Ten lines filling the box: it counts each line break as one character, a browser
    # sends each as two ("\r\n").
    filled = ("x" * 199 + "\r\n") * 9 + "x" * 200
    response = owner_client.post(
        reverse("program_create"), {"new-name": "Winter base", "new-description": filled}
    )
    assert response.status_code == 302, response.content.decode()
    program = ProgramTemplate.objects.get(name="Winter base")
    assert program.description == filled.replace("\r\n", "\n")


def test_create_without_a_name_is_a_400_next_to_the_field(owner_client):
    response = owner_client.post(reverse("program_create"), {"new-name": "", "new-description": ""})
    assert response.status_code == 400
    assert "Give the programme a name." in response.content.decode()
    assert not ProgramTemplate.objects.exclude(club__isnull=True).exists()


def test_clone_of_the_default_is_an_editable_club_copy(owner_client, club, shipped_program):
    response = owner_client.post(reverse("program_clone", args=[shipped_program.pk]))
    copy = ProgramTemplate.objects.get(club=club)
    assert response.status_code == 302
    assert response["Location"] == reverse("program_detail", args=[copy.pk])
    assert copy.name == "Runstrength evidence-based programme (copy)"
    assert counts(copy) == counts(shipped_program)
    assert counts(copy)[2] > 50
    html = owner_client.get(response["Location"]).content.decode()
    assert f'hx-post="{reverse("program_update", args=[copy.pk])}"' in html


@pytest.mark.parametrize(
    ("name", "copied"),
    [
        # Cut where a word ends: no space left before the suffix.
        ("x" * 92 + " and", "x" * 92 + " (copy)"),
        # A flag is two characters: never half of one, which shows as a stray letter.
        ("y" * 92 + "\U0001f1ec\U0001f1e7 ok", "y" * 92 + " (copy)"),
    ],
)
def test_a_long_names_copy_is_cut_cleanly(owner_client, club, name, copied):
    program = make_template(club, [phase_data()], name=name)
    owner_client.post(reverse("program_clone", args=[program.pk]))
    copy = ProgramTemplate.objects.get(club=club, name__endswith="(copy)")
    assert copy.name == copied


def test_clone_keeps_the_exercises_in_order(owner_client, club, shipped_program):
    owner_client.post(reverse("program_clone", args=[shipped_program.pk]))
    copy = ProgramTemplate.objects.get(club=club)

    def rows(program):
        return list(
            Prescription.objects.filter(session__phase__template=program)
            .order_by("session__phase__order", "session__order", "order")
            .values_list("exercise__slug", "sets", "reps", "percent_1rm", "rir")
        )

    assert rows(copy) == rows(shipped_program)


def test_shipped_default_is_shown_read_only(owner_client, shipped_program):
    response = owner_client.get(reverse("program_detail", args=[shipped_program.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Shipped · read-only" in html
    assert "Back squat" in html
    assert "hx-post" not in html
    assert "+ Add exercise" not in html


@pytest.mark.parametrize(("name", "parts"), MUTATING[1:])
def test_shipped_default_edits_are_404(owner_client, shipped_program, name, parts):
    before = counts(shipped_program)
    response = owner_client.post(template_url(name, shipped_program, parts), {"version": 1})
    assert response.status_code == 404
    assert counts(shipped_program) == before


@pytest.mark.parametrize(("name", "parts"), FORMS[1:])
def test_shipped_default_edit_forms_are_404(owner_client, shipped_program, name, parts):
    assert owner_client.get(template_url(name, shipped_program, parts)).status_code == 404


@pytest.mark.parametrize(("name", "parts"), MUTATING)
def test_stranger_gets_404_on_every_edit(stranger_client, program, name, parts):
    response = stranger_client.post(template_url(name, program, parts), {"version": 1})
    assert response.status_code == 404
    assert counts(program) == (1, 1, 3)


@pytest.mark.parametrize(("name", "parts"), FORMS)
def test_stranger_gets_404_on_every_page(stranger_client, program, name, parts):
    assert stranger_client.get(template_url(name, program, parts)).status_code == 404


def test_stranger_gets_404_when_asking_for_one_fragment(stranger_client, program):
    session = SessionTemplate.objects.get(phase__template=program)
    detail = reverse("program_detail", args=[program.pk])
    response = stranger_client.get(f"{detail}?session={session.pk}", HTTP_HX_REQUEST="true")
    assert response.status_code == 404


def test_fragment_of_a_session_of_another_template_is_a_404(owner_client, program, big_program):
    other = SessionTemplate.objects.filter(phase__template=big_program).first()
    detail = reverse("program_detail", args=[program.pk])
    response = owner_client.get(f"{detail}?session={other.pk}", HTTP_HX_REQUEST="true")
    assert response.status_code == 404


def test_fragment_of_a_session_cancels_an_add(owner_client, program):
    session = SessionTemplate.objects.get(phase__template=program)
    detail = reverse("program_detail", args=[program.pk])
    response = owner_client.get(f"{detail}?session={session.pk}", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith(f'<div class="session kind-lifting" id="session-{session.pk}">')
    assert "hx-swap-oob" not in html


def test_ids_of_another_template_are_a_404(owner_client, program, big_program):
    phase = big_program.phases.first()
    response = owner_client.post(
        reverse("program_phase_delete", args=[program.pk, phase.pk]), {"version": 1}
    )
    assert response.status_code == 404
    assert Phase.objects.filter(pk=phase.pk).exists()


@pytest.mark.parametrize(("name", "parts"), MUTATING)
def test_get_is_405_on_every_edit(owner_client, program, name, parts):
    assert owner_client.get(template_url(name, program, parts)).status_code == 405


def test_anonymous_is_sent_to_log_in(client, program):
    response = client.get(reverse("program_detail", args=[program.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_delete_removes_a_club_template(owner_client, program):
    response = owner_client.post(reverse("program_delete", args=[program.pk]), as_listed(program))
    assert response.status_code == 302
    assert not ProgramTemplate.objects.filter(pk=program.pk).exists()


def test_delete_is_refused_while_athletes_follow_the_template(owner_client, program, athlete):
    Assignment.objects.create(athlete=athlete, template=program, start_date=date(2027, 1, 4))
    response = owner_client.post(
        reverse("program_delete", args=[program.pk]), as_listed(program), follow=True
    )
    # Assigning another programme would not make it deletable: the plans made from it keep it.
    assert (
        "Not deleted: Club strength is assigned to 1 athlete, and the plans made from it keep "
        "it. To take it off the list, assign them another programme, then archive it."
    ) in response.content.decode()
    assert ProgramTemplate.objects.filter(pk=program.pk).exists()


def test_delete_is_refused_when_past_plans_came_from_it(owner_client, program, athlete):
    Assignment.objects.create(
        athlete=athlete, template=program, start_date=date(2027, 1, 4), active=False
    )
    response = owner_client.post(
        reverse("program_delete", args=[program.pk]), as_listed(program), follow=True
    )
    assert "is kept because earlier plans were built from it" in response.content.decode()
    assert ProgramTemplate.objects.filter(pk=program.pk).exists()


def test_list_says_how_many_athletes_follow_a_template(owner_client, program, club):
    for athlete in AthleteFactory.create_batch(2, club=club):
        Assignment.objects.create(athlete=athlete, template=program, start_date=date(2027, 1, 4))
    html = owner_client.get(reverse("program_list")).content.decode()
    assert "assigned to 2 athletes" in html


# Session, user, membership, club, template, phases, sessions, prescriptions with their
# exercises, and the catalogue for the rule check: the same whatever the template's size.
BUILDER_QUERIES = 9


def test_builder_queries_do_not_grow_with_a_small_template(
    owner_client, program, django_assert_max_num_queries
):
    with django_assert_max_num_queries(BUILDER_QUERIES):
        response = owner_client.get(reverse("program_detail", args=[program.pk]))
    assert response.status_code == 200


def test_builder_queries_do_not_grow_with_a_big_template(
    owner_client, big_program, django_assert_max_num_queries
):
    assert counts(big_program)[2] > 90
    with django_assert_max_num_queries(BUILDER_QUERIES):
        response = owner_client.get(reverse("program_detail", args=[big_program.pk]))
    assert response.content.decode().count('class="rx"') == counts(big_program)[2]


def test_builder_queries_do_not_grow_with_many_phases(
    owner_client, club, django_assert_max_num_queries
):
    phases = [
        phase_data(p, sessions=[lifting_session("A"), lifting_session("B")])
        for p in ("base", "build", "sharpen", "taper")
    ]
    program = make_template(club, phases)
    with django_assert_max_num_queries(BUILDER_QUERIES):
        owner_client.get(reverse("program_detail", args=[program.pk]))


def test_each_copy_gets_a_name_of_its_own(owner_client, club, shipped_program):
    for _ in range(3):
        owner_client.post(reverse("program_clone", args=[shipped_program.pk]))
    names = sorted(ProgramTemplate.objects.filter(club=club).values_list("name", flat=True))
    base = shipped_program.name
    assert names == [f"{base} (copy 2)", f"{base} (copy 3)", f"{base} (copy)"]


def test_a_copy_of_a_copy_is_numbered_not_called_a_copy_twice(owner_client, club):
    """Copying "Winter base (copy)" to try a change gives "Winter base (copy 2)", not
    "Winter base (copy) (copy)", and so on down the line."""
    ProgramTemplate.objects.create(club=club, name="Winter base")
    first = ProgramTemplate.objects.create(club=club, name="Winter base (copy)")
    owner_client.post(reverse("program_clone", args=[first.pk]))
    second = ProgramTemplate.objects.get(club=club, name="Winter base (copy 2)")
    owner_client.post(reverse("program_clone", args=[second.pk]))
    names = sorted(ProgramTemplate.objects.filter(club=club).values_list("name", flat=True))
    assert names == [
        "Winter base",
        "Winter base (copy 2)",
        "Winter base (copy 3)",
        "Winter base (copy)",
    ]


def once_tokens(html: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="once" value="([^"]+)">', html)


def test_copy_to_edit_clicked_twice_without_script_makes_one_copy(
    owner_client, club, shipped_program
):
    """Without JavaScript a double click sends the form twice: the second goes to the copy
    the first made, saying so, and makes no other. A copy asked for again from the page
    loaded anew is another copy."""
    html = owner_client.get(reverse("program_list")).content.decode()
    tokens = once_tokens(html)
    assert len(tokens) == 2 and len(set(tokens)) == 2  # Copy to edit, Create programme
    url = reverse("program_clone", args=[shipped_program.pk])
    first = owner_client.post(url, {"once": tokens[0]})
    second = owner_client.post(url, {"once": tokens[0]}, follow=True)
    copy = ProgramTemplate.objects.get(club=club)
    assert first["Location"] == reverse("program_detail", args=[copy.pk])
    assert second.redirect_chain == [(first["Location"], 302)]
    assert "Sent twice: one copy was made, this one." in second.content.decode()

    builder = owner_client.get(reverse("program_detail", args=[shipped_program.pk]))
    again = once_tokens(builder.content.decode())
    assert len(again) == 1 and again[0] not in tokens
    owner_client.post(url, {"once": again[0]})
    assert ProgramTemplate.objects.filter(club=club).count() == 2


def test_create_programme_sent_twice_without_script_makes_one(owner_client, club):
    """The second send goes to the programme the first made, not to "that name is taken"."""
    token = once_tokens(owner_client.get(reverse("program_list")).content.decode())[1]
    data = {"new-name": "Winter base", "new-description": "", "once": token}
    first = owner_client.post(reverse("program_create"), data)
    second = owner_client.post(reverse("program_create"), data)
    program = ProgramTemplate.objects.get(club=club)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == reverse("program_detail", args=[program.pk])
    # Another name sent from the same page (after Back) is another programme.
    owner_client.post(reverse("program_create"), {**data, "new-name": "Spring base"})
    assert ProgramTemplate.objects.filter(club=club).count() == 2


class CacheDown:
    """The cache as it answers while Redis is stopped: every call fails."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379.")

        return fail


def test_a_programme_is_made_and_copied_while_the_cache_is_down(
    owner_client, club, shipped_program, monkeypatch
):
    """Redis stopped: pages and their forms still work (as assigning a plan does); a form
    sent once makes its programme, the guard against a second send standing aside."""
    monkeypatch.setattr("config.once.cache", CacheDown())
    data = {"new-name": "Winter base", "new-description": "", "once": "token-1"}
    made = owner_client.post(reverse("program_create"), data)
    assert made.status_code == 302
    copied = owner_client.post(
        reverse("program_clone", args=[shipped_program.pk]), {"once": "token-2"}
    )
    assert copied.status_code == 302
    assert ProgramTemplate.objects.filter(club=club).count() == 2


def test_a_create_refused_then_sent_again_as_it_was_is_refused_again(owner_client, club):
    """Only a form that made something is known as sent: a refused one is answered anew."""
    token = once_tokens(owner_client.get(reverse("program_list")).content.decode())[1]
    data = {"new-name": "", "new-description": "", "once": token}
    assert owner_client.post(reverse("program_create"), data).status_code == 400
    assert owner_client.post(reverse("program_create"), data).status_code == 400
    assert not ProgramTemplate.objects.filter(club=club).exists()


@pytest.mark.parametrize(
    "name", ["Winter base", "WINTER BASE", "Runstrength evidence-based programme"]
)
def test_a_name_another_programme_has_is_refused(owner_client, club, shipped_program, name):
    owner_client.post(reverse("program_create"), {"new-name": "Winter base", "new-description": ""})
    response = owner_client.post(
        reverse("program_create"), {"new-name": name, "new-description": ""}
    )
    assert response.status_code == 400
    assert "Another programme has this name: choose another." in response.content.decode()
    assert ProgramTemplate.objects.filter(club=club).count() == 1


def test_programmes_that_already_share_a_name_can_still_be_saved(owner_client, club):
    """Copies made before names were checked may share one: saving such a programme's
    description is no rename, and is not refused."""
    first = ProgramTemplate.objects.create(club=club, name="Winter base")
    ProgramTemplate.objects.create(club=club, name="Winter base")
    data = {
        "version": first.version,
        "details-name": "Winter base",
        "details-description": "Two lifts a week.",
    }
    response = owner_client.post(reverse("program_update", args=[first.pk]), data)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.description == "Two lifts a week."


def test_a_lift_loaded_by_body_weight_is_not_described_as_a_percentage_of_a_1rm(owner_client, club):
    """A single-leg calf raise is planned as a weight held, growing to a third of body
    weight (L6): the builder said "phase % 1RM" of it, a figure the plans never use."""
    from tests.programs.conftest import rx

    session = lifting_session(
        "A",
        [
            rx("back-squat", "max_strength"),
            rx("single-leg-calf-raise", "max_strength", unilateral=True),
        ],
    )
    program = make_template(club, [phase_data(sessions=[session])])
    html = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    calf = html[html.index(">Single-leg calf raise<") :]
    calf = calf[: calf.index("</li>")]
    squat = html[html.index(">Back squat<") :]
    squat = squat[: squat.index("</li>")]
    assert "3 × phase reps · weight held, up to 25-33 % of body weight (L6)" in calf
    assert "% 1RM" not in calf
    assert "3 × phase reps · phase % 1RM" in squat


@pytest.mark.parametrize(
    ("text", "room", "cut"),
    [
        ("short", 10, "short"),
        ("a" * 8 + "e\u0301", 9, "a" * 8),  # not a letter without its accent
        ("ab\U0001f469\u200d\U0001f467", 4, "ab"),  # not half of a joined emoji
        ("ab\U0001f1ec\U0001f1e7\U0001f1eb\U0001f1f7", 5, "ab\U0001f1ec\U0001f1e7"),  # flags
        ("one " + "w" * 40, 30, "one " + "w" * 26),  # no word end near: cut in the word
    ],
)
def test_cut_to_keeps_what_shows_as_one_mark_whole(text, room, cut):
    assert cut_to(text, room) == cut


def test_a_programme_name_typed_decomposed_is_measured_as_it_is_stored(owner_client, club):
    from tests.athletes.test_forms import at_the_limit

    typed, stored = at_the_limit(ProgramTemplate._meta.get_field("name").max_length)
    response = owner_client.post(
        reverse("program_create"), {"new-name": typed, "new-description": ""}
    )
    assert response.status_code == 302
    assert ProgramTemplate.objects.get(club=club).name == stored
