"""A form that deletes, removes or replaces asks first, with or without script: the browser's
dialog asks where script runs; without it the form's question arrives and a page asks it."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from athletes.models import Squad
from tests.factories import AthleteFactory, SquadFactory, StrengthTestFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PASSWORD = "correct-horse-battery"  # the factories' password
ASKED = "Delete squad Tuesday &lt;b&gt;group&lt;/b&gt;? Its 1 athlete stays on the roster"


def log_in(browser: Client):
    browser.post(reverse("login"), {"username": "owner", "password": PASSWORD, "next": "/"})


def logged_out() -> Client:
    """A browser the owner used and was then logged out of (in another tab)."""
    browser = Client()
    log_in(browser)
    browser.post(reverse("logout"))
    return browser


def squads_page_form(client, squad) -> dict:
    """The squads page's delete form for SQUAD, as a browser without script sends it."""
    page = client.get(reverse("squads")).content.decode()
    action = reverse("squad_delete", args=[squad.pk])
    start = page.index(f'action="{action}"')
    form = page[start : page.index("</form>", start)]
    fields = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)
    return {name: value.replace("&lt;", "<").replace("&gt;", ">") for name, value in fields}


def test_without_script_the_delete_is_asked_on_a_page_then_done(owner_client, club):
    squad = SquadFactory(club=club, name="Tuesday <b>group</b>")
    AthleteFactory(club=club, squad=squad)
    data = squads_page_form(owner_client, squad)
    assert data["ask"].startswith("Delete squad Tuesday <b>group</b>?")
    url = reverse("squad_delete", args=[squad.pk])

    asked = owner_client.post(url, data, HTTP_REFERER="http://testserver/squads/")

    assert asked.status_code == 200
    page = asked.content.decode()
    assert ASKED in page  # the question, escaped
    assert "<b>group" not in page
    assert f'action="{url}"' in page
    assert '<input type="hidden" name="seen" value="1">' in page
    assert 'name="ask"' not in page.split('action="' + url)[1]
    assert 'href="/squads/"' in page  # Cancel: back where the coach was
    assert Squad.objects.filter(pk=squad.pk).exists()  # nothing done yet

    confirm = page[page.index(f'action="{url}"') :]
    again = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', confirm))
    done = owner_client.post(url, again)
    assert done.status_code == 302
    assert not Squad.objects.filter(pk=squad.pk).exists()


def test_a_form_sent_by_script_is_not_asked_again(owner_client, club):
    """htmx asked in the browser before sending; the server acts on what it sends."""
    squad = SquadFactory(club=club)
    url = reverse("squad_delete", args=[squad.pk])
    response = owner_client.post(url, {"seen": "0", "ask": "Delete squad?"}, HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 302)
    assert not Squad.objects.filter(pk=squad.pk).exists()


def test_the_question_is_asked_only_of_a_form_the_users_own_page_sent(owner, club):
    """The CSRF check comes first: a form from elsewhere is refused, not asked about."""
    squad = SquadFactory(club=club)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    url = reverse("squad_delete", args=[squad.pk])
    response = client.post(url, {"seen": "0", "ask": "Delete squad?"})
    assert response.status_code == 403
    assert "Please confirm" not in response.content.decode()
    assert Squad.objects.filter(pk=squad.pk).exists()


def test_cancel_never_leads_to_another_site(owner_client, club):
    squad = SquadFactory(club=club)
    url = reverse("squad_delete", args=[squad.pk])
    response = owner_client.post(
        url, {"seen": "0", "ask": "Delete squad?"}, HTTP_REFERER="https://elsewhere.example/x"
    )
    assert 'href="/">Cancel' in response.content.decode()


def test_every_form_that_asks_first_carries_its_question_for_a_browser_without_script():
    """A form posting with a dialog (data-confirm) holds the same question in its `ask` field;
    a GET form (nothing done) needs none."""
    unasked = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<form\b[^>]*\bdata-confirm\b", text):
            form = text[match.start() : text.index("</form>", match.start())]
            if 'method="post"' in form.split(">", 1)[0] and 'name="ask"' not in form:
                unasked.append(f"{path.relative_to(TEMPLATES)}: {form[:80]}")
    assert unasked == []
    assert (
        len(
            list(
                re.finditer(
                    r'name="ask"', "".join(p.read_text() for p in TEMPLATES.rglob("*.html"))
                )
            )
        )
        >= 20
    )


def test_a_body_refused_as_malformed_is_refused_not_asked_about_nor_acted_on(owner_client, club):
    squad = SquadFactory(club=club)
    fields = {f"f{i}": "1" for i in range(1100)} | {"seen": "0", "ask": "Delete squad?"}
    response = owner_client.post(reverse("squad_delete", args=[squad.pk]), fields)
    assert response.status_code == 400
    assert "Please confirm" not in response.content.decode()
    assert Squad.objects.filter(pk=squad.pk).exists()


def test_a_form_sent_after_logging_out_is_not_asked_about_but_leads_back_to_its_page(
    owner, athlete
):
    """Logged out in another tab: the question would be asked of nobody, and its Yes would
    land the login on the form's own address, which answers only a form. The login comes
    first, then back to the page the form was on."""
    browser = logged_out()
    page = reverse("athlete_detail", args=[athlete.pk])
    url = reverse("athlete_delete", args=[athlete.pk])
    response = browser.post(
        url, {"ask": "Delete Amara Okafor?"}, HTTP_REFERER=f"http://testserver{page}"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={page}"
    assert athlete.__class__.objects.filter(pk=athlete.pk).exists()


def test_yes_sent_with_the_login_gone_leads_back_to_the_page_asked_from(owner, club):
    """The confirm page's own address answers only a POST: logging in again must not land
    there (a dead end) but on the page the coach asked from, as it would with script."""
    squad = SquadFactory(club=club, name="Tuesday group")
    url = reverse("squad_delete", args=[squad.pk])
    browser = Client()
    log_in(browser)
    asked = browser.post(
        url, {"seen": "0", "ask": "Delete squad?"}, HTTP_REFERER="http://testserver/squads/"
    ).content.decode()
    again = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', asked))
    browser.post(reverse("logout"))  # in another tab

    refused = browser.post(url, again, HTTP_REFERER=f"http://testserver{url}")

    assert refused.status_code == 302
    assert Squad.objects.filter(pk=squad.pk).exists()
    log_in(browser)
    offered = browser.get("/resend/").content.decode()
    assert f'href="{url}"' not in offered  # never back to the POST-only address
    assert 'href="/squads/"' in offered
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', offered))
    assert fields.keys() == {"csrfmiddlewaretoken", "seen"}


def test_yes_of_a_button_alone_with_the_login_gone_logs_in_back_to_the_page(owner, athlete):
    url = reverse("athlete_archive", args=[athlete.pk])
    detail = reverse("athlete_detail", args=[athlete.pk])
    browser = Client()
    log_in(browser)
    asked = browser.post(
        url, {"ask": "Archive?"}, HTTP_REFERER=f"http://testserver{detail}"
    ).content.decode()
    again = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', asked))
    browser.post(reverse("logout"))

    refused = browser.post(url, again, HTTP_REFERER=f"http://testserver{url}")

    assert refused.status_code == 302
    assert refused["Location"] == f"/login/?next={detail}"
    athlete.refresh_from_db()
    assert not athlete.is_archived


def test_a_form_sent_with_the_login_gone_is_not_asked_about_but_sent_to_log_in(owner, club):
    """Nobody to ask: the login page comes first, then the page the coach was on, where
    the button is offered again (a delete is not kept as typing to send later)."""
    squad = SquadFactory(club=club)
    browser = logged_out()
    response = browser.post(
        reverse("squad_delete", args=[squad.pk]),
        {"seen": "0", "ask": "Delete squad?"},
        HTTP_REFERER="http://testserver/squads/",
    )
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/squads/"
    assert Squad.objects.filter(pk=squad.pk).exists()


def questions(page: str) -> list[str]:
    """A form's question, in its field or in the button that sends it (a list's Remove)."""
    return [
        value.replace("&#x27;", "'")
        for value in re.findall(
            r'(?:<input type="hidden"|<button [^>]*) name="ask" value="([^"]*)"', page
        )
    ]


def test_each_question_names_what_it_acts_on_read_on_a_page_of_its_own(owner_client, club):
    """Without script the question is read away from the page it was asked on: "the link",
    "this invitation", "session A" (every phase has one) must say whose and which."""
    from athletes.link_views import login_invite_token
    from athletes.models import AthleteLink, Invitation
    from programs.services import default_program, program_clone

    athlete = AthleteFactory(club=club, name="Grace Kim")
    AthleteLink.issue(athlete=athlete)
    login_invite_token(athlete)
    access = owner_client.get(reverse("athlete_link", args=[athlete.pk])).content.decode()
    assert questions(access) == [
        "Issue a new link for Grace Kim? The current one stops working.",
        "Revoke Grace Kim's link? It stops working at once.",
        "Withdraw Grace Kim's login invitation? Its link stops working.",
    ]

    owner = club.memberships.get().user
    Invitation.issue(club=club, created_by=owner, email="sam@example.com")
    Invitation.issue(club=club, created_by=owner)
    coaches = owner_client.get(reverse("club_coaches")).content.decode()
    asked = questions(coaches)
    assert "Withdraw the invitation for sam@example.com? Its link will stop working." in asked
    assert any(q.startswith("Withdraw the invitation with no address, made ") for q in asked)
    assert "Withdraw: the invitation for sam@example.com" in coaches  # its button's name

    program = program_clone(template=default_program(), club=club, name="Winter block")
    builder = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    asked = questions(builder)
    assert "Remove session A of the Introduction phase and its exercises?" in asked
    assert "Remove session A of the Base phase and its exercises?" in asked
    assert not any("this session" in q for q in asked)
    assert any(
        re.fullmatch(r"Remove .+ from session A of the Introduction phase\?", q) for q in asked
    )


def test_the_button_focused_on_the_page_asking_carries_the_question(owner_client, club):
    """Focus starts on Yes: a screen reader reads the question with it, not the button's
    name alone."""
    squad = SquadFactory(club=club, name="Tuesday group")
    page = owner_client.post(
        reverse("squad_delete", args=[squad.pk]), {"seen": "0", "ask": "Delete squad?"}
    ).content.decode()
    assert '<p id="confirm-question">Delete squad?</p>' in page
    button = re.search(r"<button [^>]*autofocus[^>]*>", page).group(0)
    assert 'aria-describedby="confirm-question"' in button


def test_cancel_goes_back_to_the_part_of_the_page_the_question_was_asked_from(owner_client, club):
    """A long page (the builder, an athlete's tests, the dashboard on a phone): Cancel lands
    where the button was, as Yes does, not at the top of the page."""
    from athletes.models import StrengthTest
    from tests.factories import StrengthTestFactory

    athlete = AthleteFactory(club=club)
    StrengthTestFactory(athlete=athlete)
    test = StrengthTest.objects.get(athlete=athlete)
    detail = reverse("athlete_detail", args=[athlete.pk])
    page = owner_client.get(detail).content.decode()
    action = reverse("strength_test_delete", args=[athlete.pk, test.pk])
    form = page[page.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    assert '<input type="hidden" name="ask_at" value="tests">' in form

    asked = owner_client.post(
        action,
        {"ask": "Delete the test?", "ask_at": "tests", "tests": "2"},
        HTTP_REFERER=f"http://testserver{detail}?tests=2",
    ).content.decode()
    assert f'href="{detail}?tests=2#tests">Cancel' in asked
    assert 'name="ask_at"' not in asked  # where it was asked, not sent on
    assert '<input type="hidden" name="tests" value="2">' in asked

    for elsewhere in ('x" onclick="alert(1)', "a b", "#tests", "-1", "x" * 100):
        asked = owner_client.post(
            action, {"ask": "Delete?", "ask_at": elsewhere}, HTTP_REFERER="http://testserver/"
        ).content.decode()
        assert 'href="/">Cancel' in asked


def test_where_a_question_was_asked_from_is_not_kept_as_typing_to_send_later(owner, athlete):
    """With script the question is not sent, the place it was asked from is: a button alone
    sent with the login gone leads back to its page, not to an offer to send it again."""
    detail = reverse("athlete_detail", args=[athlete.pk])
    browser = logged_out()
    response = browser.post(
        reverse("athlete_archive", args=[athlete.pk]),
        {"ask_at": "remove"},
        HTTP_REFERER=f"http://testserver{detail}",
    )
    assert response["Location"] == f"/login/?next={detail}"


def test_the_long_pages_forms_say_where_they_were_asked_from(owner_client, club):
    from programs.services import default_program, program_clone

    program = program_clone(template=default_program(), club=club, name="Winter block")
    builder = owner_client.get(reverse("program_detail", args=[program.pk])).content.decode()
    forms = re.findall(r'<form [^>]*action="[^"]*/delete/"[^>]*>.*?</form>', builder)
    removals = [f for f in forms if re.search(r"/(phases|sessions|exercises)/\d+/delete/", f)]
    assert removals
    for form in removals:
        assert re.search(r'name="ask_at" value="(phase|session)-\d+"', form), form
    # An exercise's Remove sends the form its session's rows share, which says which session.
    buttons = re.findall(r'<button [^>]*formaction="[^"]*/exercises/\d+/delete/"[^>]*>', builder)
    assert buttons
    for button in buttons:
        shared = re.search(r'form="(session-(\d+)-rows)"', button)
        form = re.search(rf'<form [^>]*id="{shared[1]}"[^>]*>.*?</form>', builder)
        assert f'name="ask_at" value="session-{shared[2]}"' in form[0], button
    athlete = AthleteFactory(club=club)
    detail = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    assert detail.count('<input type="hidden" name="ask_at" value="remove">') == 2
    assert 'id="remove"' in detail


def cancel_of(page: str) -> str:
    return re.search(r'href="([^"]*)">Cancel</a>', page).group(1)


def test_cancel_from_a_page_sent_back_in_answer_to_a_form_leads_to_a_page_that_opens(
    owner_client, club
):
    """A page sent back in answer to a form (a new programme refused for want of a name,
    the builder after a phase it refused) keeps the form's address, which answers only a
    form: Cancel leads to the nearest page above it, never to "Method not allowed"."""
    from programs.services import default_program, program_clone

    program = program_clone(template=default_program(), club=club, name="Winter block")
    delete = reverse("program_delete", args=[program.pk])
    refused = owner_client.post(reverse("program_create"), {"new-name": ""})
    assert refused.status_code == 400
    assert f'action="{delete}"' in refused.content.decode()  # its Delete is offered there
    asked = owner_client.post(
        delete, {"ask": "Delete Winter block?"}, HTTP_REFERER="http://testserver/programmes/new/"
    ).content.decode()
    assert cancel_of(asked) == "/programmes/"
    assert owner_client.get(cancel_of(asked)).status_code == 200

    phase = program.phases.first()
    added = reverse("program_phase_add", args=[program.pk])
    asked = owner_client.post(
        reverse("program_phase_delete", args=[program.pk, phase.pk]),
        {"ask": "Remove the phase?", "ask_at": f"phase-{phase.pk}", "page": "2"},
        HTTP_REFERER=f"http://testserver{added}?page=2",
    ).content.decode()
    assert cancel_of(asked) == f"/programmes/{program.pk}/#phase-{phase.pk}"


def test_cancel_from_any_address_of_the_site_leads_to_a_page_that_opens(db):
    """Whatever address the question was asked from, Cancel opens with a GET."""
    from tests.hardening.hostile import client_for
    from tests.hardening.world import ROUTES, build_world

    world = build_world()
    coach = client_for(world, "coach")
    delete = reverse("squad_delete", args=[world.squad.pk])
    dead_ends = []
    for name, (_, arguments) in ROUTES.items():
        url = reverse(name, kwargs=arguments(world) if arguments else None)
        asked = coach.post(
            delete, {"seen": "0", "ask": "Delete squad?"}, HTTP_REFERER=f"http://testserver{url}"
        ).content.decode()
        if coach.get(cancel_of(asked)).status_code == 405:
            dead_ends.append(f"{url} -> {cancel_of(asked)}")
    assert dead_ends == []
    assert Squad.objects.filter(pk=world.squad.pk).exists()


def test_a_form_sent_with_the_login_gone_from_a_page_sent_back_to_a_form_logs_in_to_a_page(
    owner, club
):
    browser = logged_out()
    squad = SquadFactory(club=club)
    response = browser.post(
        reverse("squad_delete", args=[squad.pk]),
        {"seen": "0", "ask": "Delete squad?"},
        HTTP_REFERER="http://testserver/programmes/new/",
    )
    assert response["Location"] == "/login/?next=/programmes/"


# What each question of the product asks to do, by its first word: undoing nothing of it
# (deleting, removing, revoking, withdrawing, stopping) or not (archiving keeps the history).
DESTROYING = {"Delete", "Remove", "Revoke", "Withdraw", "Stop"}
KEEPING = {"Archive", "Put", "Make", "Issue"}


def yes_button(page: str) -> str:
    return re.search(r"<button [^>]*>Yes, go ahead</button>", page).group(0)


def test_yes_looks_like_the_other_delete_buttons_when_it_destroys_or_revokes(owner_client, club):
    squad = SquadFactory(club=club)
    url = reverse("squad_delete", args=[squad.pk])
    for verb in sorted(DESTROYING):
        asked = owner_client.post(url, {"ask": f"{verb} it?"}).content.decode()
        assert 'class="btn btn-danger"' in yes_button(asked), verb
    for verb in sorted(KEEPING):
        asked = owner_client.post(url, {"ask": f"{verb} it?"}).content.decode()
        assert 'class="btn btn-primary"' in yes_button(asked), verb
    asked = owner_client.post(url, {"ask": "Deleted twice?"}).content.decode()
    assert 'class="btn btn-primary"' in yes_button(asked)


def test_every_question_of_the_product_is_known_to_destroy_or_not():
    """A new question starting with a new word is put in one list or the other, so that its
    Yes without script looks as its button does."""
    text = "".join(p.read_text() for p in TEMPLATES.rglob("*.html"))
    verbs = {v.split()[0] for v in re.findall(r'name="ask" value="([^"]*)"', text)}
    assert verbs - DESTROYING - KEEPING == set()
    assert verbs >= DESTROYING


def main_of(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_yes_for_something_deleted_meanwhile_says_so_with_the_way_on(owner_client, club):
    """Two tabs: the squad deleted in one, then Yes in the other. Not a bare "not found":
    the site's own page, in its layout, saying nothing was done, and a way back to the
    squads, still a 404."""
    squad = SquadFactory(club=club, name="Tuesday group")
    url = reverse("squad_delete", args=[squad.pk])
    asked = owner_client.post(
        url, {"seen": "0", "ask": "Delete squad?"}, HTTP_REFERER="http://testserver/squads/"
    ).content.decode()
    again = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', asked))
    squad.delete()  # in the other tab

    gone = owner_client.post(url, again)

    assert gone.status_code == 404
    page = gone.content.decode()
    assert 'aria-label="Main"' in page  # the coach's own layout, with its menu
    assert "Nothing was done" in main_of(page)
    assert "deleted already" in main_of(page)
    assert 'href="/squads/"' in main_of(page)


def test_a_delete_sent_by_script_for_something_gone_meanwhile_says_so_too(owner_client, club):
    """The browser's dialog asked; the form goes without its question, from the athlete's
    page, which went with the athlete: the way on is the roster, not that page."""
    athlete = AthleteFactory(club=club)
    detail = reverse("athlete_detail", args=[athlete.pk])
    url = reverse("athlete_delete", args=[athlete.pk])
    athlete.delete()
    gone = owner_client.post(url, {"ask_at": "remove"}, HTTP_REFERER=f"http://testserver{detail}")
    assert gone.status_code == 404
    assert "Nothing was done" in main_of(gone.content.decode())
    assert 'href="/athletes/"' in main_of(gone.content.decode())


@pytest.mark.parametrize("asked", [False, True])
def test_a_test_deleted_from_the_page_of_an_athlete_gone_meanwhile_leads_to_the_roster(
    owner_client, club, asked
):
    """The athlete deleted in another tab, then one of their 1RM tests deleted from their
    page left open (the dialog asked, or the page asking without script): their page went
    with them, so the way on is the roster, not a link to a page that is not found."""
    athlete = AthleteFactory(club=club)
    test = StrengthTestFactory(athlete=athlete)
    detail = reverse("athlete_detail", args=[athlete.pk])
    url = reverse("strength_test_delete", args=[athlete.pk, test.pk])
    data = {"asked_from": detail} if asked else {}
    athlete.delete()  # in the other tab
    gone = owner_client.post(url, data, HTTP_REFERER=f"http://testserver{detail}")
    assert gone.status_code == 404
    page = main_of(gone.content.decode())
    assert "Nothing was done" in page
    assert f'href="{detail}' not in page
    assert 'href="/athletes/"' in page


def test_a_test_deleted_meanwhile_leads_back_to_the_athletes_page_still_there(owner_client, club):
    """Only the test gone (deleted in another tab): the athlete's page is still the way on."""
    athlete = AthleteFactory(club=club)
    test = StrengthTestFactory(athlete=athlete)
    detail = reverse("athlete_detail", args=[athlete.pk])
    url = reverse("strength_test_delete", args=[athlete.pk, test.pk])
    test.delete()  # in the other tab
    gone = owner_client.post(url, {}, HTTP_REFERER=f"http://testserver{detail}")
    assert gone.status_code == 404
    assert f'href="{detail}"' in main_of(gone.content.decode())


@pytest.mark.parametrize("word", ["edit", "delete"])
def test_the_way_on_from_an_exercise_named_as_its_pages_leads_past_it(owner_client, club, word):
    """An exercise whose address is a word of its pages' addresses ("Edit" at
    /exercises/edit/, its form at /exercises/edit/edit/), deleted in another tab: the way on
    from its form is the exercises, not its own page, gone with it."""
    from exercises.models import Exercise

    exercise = Exercise.objects.create(
        club=club,
        slug=word,
        name=word.title(),
        category="power",
        pattern="squat",
        laterality="bilateral",
        plane="sagittal",
        equipment="machine",
        load_mode="percent_1rm",
        difficulty=2,
    )
    for name in ("exercise_edit", "exercise_delete"):
        url = reverse(name, args=[exercise.slug])
        referer = url if name == "exercise_edit" else reverse("exercise_detail", args=[word])
        Exercise.objects.filter(pk=exercise.pk).delete()  # in the other tab
        gone = owner_client.post(url, {"name": "Sled"}, HTTP_REFERER=f"http://testserver{referer}")
        assert gone.status_code == 404
        assert 'href="/exercises/"' in main_of(gone.content.decode()), name


def test_another_clubs_record_is_not_found_as_anything_gone_with_nothing_told(owner_client, club):
    """The same page as for a squad deleted meanwhile: it names nothing, and says nothing
    of whether the record is there (in another club) or was ever."""
    from athletes.models import Club

    other = SquadFactory(club=Club.objects.create(name="Elsewhere AC"), name="Secret squad")
    gone = SquadFactory(club=club)
    gone_url = reverse("squad_delete", args=[gone.pk])
    gone.delete()
    answers = [
        owner_client.post(
            url,
            {"seen": "0", "asked_from": "/squads/"},
            HTTP_REFERER=f"http://testserver{url}",
        )
        for url in (reverse("squad_delete", args=[other.pk]), gone_url)
    ]
    assert [a.status_code for a in answers] == [404, 404]
    theirs, ours = (main_of(a.content.decode()) for a in answers)
    assert theirs == ours
    assert "Secret" not in theirs and "Elsewhere" not in theirs
    assert Squad.objects.filter(pk=other.pk).exists()


def test_a_form_sent_without_a_club_login_is_not_found_as_before(client, club):
    """Only a coach's own form is told of it (an athlete's login, say, is not shown the
    coaches' page)."""
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    squad = SquadFactory(club=club)
    response = client.post(reverse("squad_delete", args=[squad.pk]), {"seen": "0"})
    assert response.status_code == 404
    assert "Nothing was done" not in response.content.decode()


def test_a_file_sent_with_a_question_is_chosen_again_on_the_page_asking(owner_client, club):
    """A page cannot send on a file the browser chose: it asks for the file again, with the
    form's other fields, instead of sending the form on without it."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    race = (timezone.localdate() + timedelta(weeks=12)).isoformat()
    text = (
        "name,sex,body_mass_kg,experience,event,race_date\n"
        f"Ada Runner,female,58,novice,marathon,{race}\n"
    ).encode()
    url = reverse("roster_import")

    def roster_file():
        return SimpleUploadedFile("roster.csv", text, content_type="text/csv")

    asked = owner_client.post(
        url, {"file": roster_file(), "ask": "Replace the roster?", "mode": "replace"}
    ).content.decode()

    form = asked[asked.index(f'action="{url}"') - 40 :]
    form = form[: form.index("</form>")]
    assert 'enctype="multipart/form-data"' in form
    chosen = re.search(r'<input type="file" id="([\w-]+)" name="file" required', form)
    assert chosen, form
    assert f'<label for="{chosen.group(1)}">' in form
    assert '<input type="hidden" name="mode" value="replace">' in form
    assert 'name="file" value=' not in form  # not sent on as an empty text

    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    done = owner_client.post(url, {**fields, "file": roster_file()})
    assert done.status_code == 200
    assert "Ready to import 1 athlete" in done.content.decode()
