"""Archiving an athlete who left the club: off every list, access refused, history kept."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, AthleteLink, CalendarFeed, StrengthTest
from athletes.services import athlete_archive
from programs.models import ProgramTemplate
from schedules import services as plan_services
from schedules.models import JobStatus, LoadChange, PainFlag, PlanJob, PlannedSession, SetLog
from tests.factories import AthleteFactory, SquadFactory, StrengthTestFactory, UserFactory
from tests.plan_factories import make_plan


@pytest.fixture
def squad(club):
    return SquadFactory(club=club, name="Road squad")


@pytest.fixture
def leaver(club, squad):
    """An athlete with a season behind them: a test, a plan with a logged set, a link."""
    athlete = AthleteFactory(club=club, squad=squad, name="Lena Leaving")
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = make_plan(athlete, weeks=2)
    cell = plan.sessions.order_by("date").first().exercises.first()
    SetLog.objects.create(planned_exercise=cell, set_number=1, done=True)
    return athlete


@pytest.fixture
def stayer(club, squad):
    athlete = AthleteFactory(club=club, squad=squad, name="Sam Staying")
    make_plan(athlete, weeks=2)
    return athlete


def _archive(client, athlete):
    return client.post(reverse("athlete_archive", args=[athlete.pk]))


def test_archiving_keeps_every_record_and_says_so(owner_client, leaver):
    response = _archive(owner_client, leaver)
    assert response.status_code == 302
    assert response["Location"] == reverse("athlete_detail", args=[leaver.pk])
    leaver.refresh_from_db()
    assert leaver.archived_at is not None
    assert StrengthTest.objects.filter(athlete=leaver).count() == 1
    assert SetLog.objects.filter(planned_exercise__session__plan__athlete=leaver).count() == 1
    page = owner_client.get(reverse("athlete_detail", args=[leaver.pk])).content.decode()
    assert "is archived" in page and "Archived on" in page
    assert reverse("athlete_restore", args=[leaver.pk]) in page
    assert reverse("athlete_edit", args=[leaver.pk]) not in page  # read-only
    assert reverse("athlete_archive", args=[leaver.pk]) not in page
    # Their history stays viewable.
    assert owner_client.get(reverse("athlete_plan", args=[leaver.pk])).status_code == 200
    assert owner_client.get(reverse("athlete_progress", args=[leaver.pk])).status_code == 200


def test_a_coach_archives_and_restores_too(client, coach, leaver):
    client.force_login(coach)
    assert _archive(client, leaver).status_code == 302
    assert Athlete.objects.get(pk=leaver.pk).archived_at is not None
    assert client.post(reverse("athlete_restore", args=[leaver.pk])).status_code == 302
    assert Athlete.objects.get(pk=leaver.pk).archived_at is None


def test_archiving_twice_changes_nothing_the_second_time(owner_client, leaver):
    _archive(owner_client, leaver)
    first = Athlete.objects.get(pk=leaver.pk).archived_at
    response = _archive(owner_client, leaver)
    assert response.status_code == 302
    assert Athlete.objects.get(pk=leaver.pk).archived_at == first
    page = owner_client.get(response["Location"]).content.decode()
    assert "was archived already" in page


@pytest.mark.parametrize("name", ["athlete_archive", "athlete_restore"])
def test_another_clubs_athlete_is_not_found(stranger_client, leaver, name):
    if name == "athlete_restore":
        athlete_archive(athlete=leaver)
    before = Athlete.objects.get(pk=leaver.pk).archived_at
    response = stranger_client.post(reverse(name, args=[leaver.pk]))
    assert response.status_code == 404
    assert Athlete.objects.get(pk=leaver.pk).archived_at == before


@pytest.mark.parametrize("name", ["athlete_archive", "athlete_restore"])
def test_a_get_changes_nothing(owner_client, leaver, name):
    if name == "athlete_restore":
        athlete_archive(athlete=leaver)
    before = Athlete.objects.get(pk=leaver.pk).archived_at
    assert owner_client.get(reverse(name, args=[leaver.pk])).status_code == 405
    assert Athlete.objects.get(pk=leaver.pk).archived_at == before


def test_an_archived_athlete_leaves_the_roster_for_its_archived_list(owner_client, leaver, stayer):
    athlete_archive(athlete=leaver)
    page = owner_client.get(reverse("roster")).content.decode()
    assert "Sam Staying" in page and "Lena Leaving" not in page
    assert "Archived (1)" in page
    archived = owner_client.get(reverse("roster"), {"show": "archived"}).content.decode()
    assert "Lena Leaving" in archived and "Sam Staying" not in archived
    assert reverse("athlete_restore", args=[leaver.pk]) in archived
    # Searching the roster does not find them either.
    found = owner_client.get(reverse("roster"), {"q": "lena"}).content.decode()
    assert "Lena Leaving" not in found


def test_the_roster_says_nothing_of_an_archive_when_there_is_none(owner_client, stayer):
    assert "Archived (" not in owner_client.get(reverse("roster")).content.decode()


def test_the_roster_csv_leaves_archived_athletes_to_their_own_file(owner_client, leaver, stayer):
    athlete_archive(athlete=leaver)
    default = owner_client.get(reverse("roster_export")).content.decode()
    assert "Sam Staying" in default and "Lena Leaving" not in default
    response = owner_client.get(reverse("roster_export"), {"show": "archived"})
    assert "Lena Leaving" in response.content.decode()
    assert "Sam Staying" not in response.content.decode()
    assert "roster-archived.csv" in response["Content-Disposition"]


def test_an_archived_athlete_leaves_the_dashboard_and_squad_pages(
    owner_client, leaver, stayer, squad
):
    athlete_archive(athlete=leaver)
    for url in (
        reverse("dashboard"),
        reverse("squad_week", args=[squad.pk]),
        reverse("assign_squad", args=[squad.pk]),
        reverse("squads"),
        reverse("squad_exports", args=[squad.pk]),
    ):
        page = owner_client.get(url).content.decode()
        assert "Sam Staying" in page or "1 athlete" in page, url
        assert "Lena Leaving" not in page, url
    assert "1 athlete<" in owner_client.get(reverse("squads")).content.decode()


def test_assigning_a_squad_leaves_an_archived_athlete_as_they_were(
    owner_client, leaver, stayer, squad
):
    athlete_archive(athlete=leaver)
    before = leaver.assignments.get(active=True)
    template = ProgramTemplate.objects.get(name="Test programme")
    page = owner_client.get(reverse("assign_squad", args=[squad.pk])).content.decode()
    seen = page.split('name="seen" value="')[1].split('"')[0]
    monday = timezone.localdate() + timezone.timedelta(days=7 - timezone.localdate().weekday())
    response = owner_client.post(
        reverse("assign_squad", args=[squad.pk]),
        {"template": template.pk, "start_date": monday.isoformat(), "seen": seen},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert leaver.assignments.get(active=True) == before
    assert not PlanJob.objects.filter(athlete=leaver).exists()
    assert PlanJob.objects.filter(athlete=stayer).exists()


def test_an_archived_athlete_is_not_planned_again(leaver, stayer):
    athlete_archive(athlete=Athlete.objects.get(pk=leaver.pk))
    template = ProgramTemplate.objects.get(name="Test programme")
    jobs = plan_services.replan_programme(template)
    assert {job.athlete_id for job in jobs} == {stayer.pk}
    assert plan_services.plan_request_regeneration(Athlete.objects.get(pk=leaver.pk)) is None


def test_a_job_queued_before_archiving_leaves_the_plan_as_it_was(leaver):
    job = PlanJob.objects.create(
        assignment=leaver.assignments.get(active=True), athlete=leaver, status=JobStatus.RUNNING
    )
    athlete_archive(athlete=leaver)
    generated = leaver.plan.generated_at
    assert plan_services.plan_generate(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and "archived" in job.reason
    leaver.plan.refresh_from_db()
    assert leaver.plan.generated_at == generated


def test_an_archived_athletes_record_cannot_be_changed(owner_client, leaver):
    athlete_archive(athlete=leaver)
    response = owner_client.post(
        reverse("strength_test_add", args=[leaver.pk]),
        {
            "exercise": StrengthTest.objects.get(athlete=leaver).exercise_id,
            "tested_on": timezone.localdate().isoformat(),
            "load": "90",
            "reps": "1",
            "unit": "kg",
        },
    )
    # Refused as a conflict, said plainly (archived, perhaps, while the form was open).
    assert response.status_code == 409
    assert (
        "<h1>Not saved</h1>" in response.content.decode()
        and '<p role="alert">Lena Leaving was archived at ' in response.content.decode()
        and "so their record is read-only. Restore them from their page to change it."
        in response.content.decode()
    )
    assert StrengthTest.objects.filter(athlete=leaver).count() == 1
    session = leaver.plan.sessions.order_by("date").first()
    cell = session.exercises.first()
    load = cell.load
    response = owner_client.post(reverse("cell_edit", args=[cell.pk]), {"load": "1"})
    assert response.status_code == 409
    cell.refresh_from_db()
    assert cell.load == load
    date = session.date
    response = owner_client.post(reverse("session_move", args=[session.pk]), {"slot": "x"})
    assert response.status_code == 409
    session.refresh_from_db()
    assert session.date == date


def test_a_change_sent_by_htmx_for_an_archived_athlete_reloads_the_page_saying_why(
    owner_client, leaver
):
    athlete_archive(athlete=leaver)
    cell = leaver.plan.sessions.order_by("date").first().exercises.first()
    response = owner_client.post(
        reverse("cell_edit", args=[cell.pk]), {"load": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert response["HX-Refresh"] == "true"
    page = owner_client.get(reverse("plan_grid", args=[leaver.pk])).content.decode()
    assert "Not saved: Lena Leaving was archived at " in page


def test_an_archived_athlete_cannot_log_in_and_is_told_why(owner_client, leaver):
    user = UserFactory(username="lena")
    user.set_password("a-long-password-1")
    user.save()
    leaver.user = user
    leaver.save(update_fields=["user"])
    athlete_archive(athlete=leaver)
    runner = Client()
    response = runner.post(reverse("login"), {"username": "lena", "password": "a-long-password-1"})
    assert response.status_code == 400
    assert "Your coach has archived your record (you left the club)" in response.content.decode()
    assert "_auth_user_id" not in runner.session
    owner_client.post(reverse("athlete_restore", args=[leaver.pk]))
    response = runner.post(reverse("login"), {"username": "lena", "password": "a-long-password-1"})
    assert response.status_code == 302


def test_the_private_link_is_refused_while_archived_and_works_after_restore(
    client, owner_client, leaver
):
    _, token = AthleteLink.issue(athlete=leaver)
    url = reverse("athlete_week", args=[token])
    assert client.get(url).status_code == 200
    _archive(owner_client, leaver)
    refused = client.get(url)
    # Told why, as a signed-in athlete is: not sent to ask for a new link, which their coach
    # cannot make until they are restored.
    assert refused.status_code == 403 and refused["Cache-Control"] == "no-store"
    page = refused.content.decode()
    assert "Your coach has archived your record (you left the club)" in page
    assert "this link then works again" in page
    assert "Log out" not in page and "ask them to send it again" not in page
    assert refused["Referrer-Policy"] == "no-referrer"
    assert AthleteLink.objects.filter(athlete=leaver, revoked_at__isnull=True).exists()  # kept
    # A save from a page opened before says it too (the page's script reads the header).
    cell = leaver.plan.sessions.order_by("date").first().exercises.first()
    save = client.post(f"{url}sets/{cell.pk}/1/", {"done": "1"}, HTTP_HX_REQUEST="true")
    assert save.status_code == 403 and save["X-Athlete-Login"] == "archived"
    assert not save.has_header("X-Athlete-Link")
    owner_client.post(reverse("athlete_restore", args=[leaver.pk]))
    assert client.get(url).status_code == 200


def test_the_login_and_calendar_are_refused_while_archived_and_work_after_restore(
    owner_client, leaver
):
    user = UserFactory(username="lena")
    leaver.user = user
    leaver.save(update_fields=["user"])
    runner = Client()
    runner.force_login(user)
    _, token = CalendarFeed.issue(athlete=leaver)
    feed = reverse("athlete_feed", args=[token])
    assert runner.get("/me/").status_code == 200
    assert runner.get(feed).status_code == 200
    _archive(owner_client, leaver)
    page = runner.get("/me/")
    assert page.status_code == 403 and page["Cache-Control"] == "no-store"
    assert "Your coach has archived your record (you left the club)" in page.content.decode()
    assert runner.get(feed).status_code == 404
    assert runner.post(reverse("me_feed_issue")).status_code == 403  # told why, as on the week
    owner_client.post(reverse("athlete_restore", args=[leaver.pk]))
    assert runner.get("/me/").status_code == 200
    assert runner.get(feed).status_code == 200


def test_restoring_brings_the_athlete_back_everywhere(owner_client, leaver, squad):
    athlete_archive(athlete=leaver)
    response = owner_client.post(reverse("athlete_restore", args=[leaver.pk]))
    assert response.status_code == 302
    page = owner_client.get(response["Location"]).content.decode()
    assert "is back on the roster" in page and "issue a new link" in page
    assert "Lena Leaving" in owner_client.get(reverse("roster")).content.decode()
    assert "Lena Leaving" in owner_client.get(reverse("dashboard")).content.decode()
    week = owner_client.get(reverse("squad_week", args=[squad.pk])).content.decode()
    assert "Lena Leaving" in week


def test_the_delete_confirmation_suggests_archiving(owner_client, leaver):
    page = owner_client.get(reverse("athlete_detail", args=[leaver.pk])).content.decode()
    assert "archive them instead" in page


def test_an_archived_athlete_can_still_be_deleted(owner_client, leaver):
    athlete_archive(athlete=leaver)
    response = owner_client.post(reverse("athlete_delete", args=[leaver.pk]))
    assert response.status_code == 302
    assert not Athlete.objects.filter(pk=leaver.pk).exists()


def test_scaling_the_squads_week_leaves_an_archived_athletes_loads(
    owner_client, leaver, stayer, squad
):
    athlete_archive(athlete=leaver)
    monday = stayer.plan.start_date.isoformat()
    data = {"week": monday, "action": "scale", "percent": "-10"}
    url = reverse("squad_week_scale", args=[squad.pk])
    preview = owner_client.post(url, data).content.decode()
    assert "Lena Leaving" not in preview and "Sam Staying" in preview
    seen = preview.split('name="seen" value="')[1].split('"')[0]
    owner_client.post(url, {**data, "confirm": "1", "seen": seen})
    assert not LoadChange.objects.filter(athlete=leaver).exists()
    assert LoadChange.objects.filter(athlete=stayer).exists()


@pytest.mark.parametrize("name", ["athlete_plan", "plan_grid", "athlete_progress"])
def test_the_plan_pages_of_an_archived_athlete_say_they_are_read_only(owner_client, leaver, name):
    athlete_archive(athlete=leaver)
    page = owner_client.get(reverse(name, args=[leaver.pk]))
    assert page.status_code == 200
    assert "Lena Leaving is archived: kept here read-only" in page.content.decode()


def test_the_plan_page_of_an_archived_athlete_offers_no_assignment(owner_client, leaver):
    assign = reverse("assign_athlete", args=[leaver.pk])
    assert assign in owner_client.get(reverse("athlete_plan", args=[leaver.pk])).content.decode()
    athlete_archive(athlete=leaver)
    page = owner_client.get(reverse("athlete_plan", args=[leaver.pk])).content.decode()
    assert assign not in page


def test_the_load_grid_of_an_archived_athlete_offers_no_edit(owner_client, leaver):
    cell = leaver.plan.sessions.order_by("-date").first().exercises.exclude(load=None).first()
    edit, step = reverse("cell_edit", args=[cell.pk]), reverse("cell_step", args=[cell.pk])
    page = owner_client.get(reverse("plan_grid", args=[leaver.pk])).content.decode()
    assert edit in page and step in page and "open a cell to edit it" in page
    athlete_archive(athlete=leaver)
    page = owner_client.get(reverse("plan_grid", args=[leaver.pk])).content.decode()
    assert f'id="cell-{cell.pk}"' in page
    assert edit not in page and step not in page and "open a cell to edit it" not in page


def test_an_archived_athletes_pain_flag_stays_as_reported(owner_client, leaver):
    """Clearing a pain flag puts the exercise back into the plan: a change to the record."""
    cell = leaver.plan.sessions.order_by("date").first().exercises.first()
    flag = PainFlag.objects.create(athlete=leaver, planned_exercise=cell, exercise=cell.exercise)
    athlete_archive(athlete=leaver)
    page = owner_client.get(reverse("athlete_progress", args=[leaver.pk])).content.decode()
    assert "Left out of the next sessions" in page
    assert reverse("dashboard_pain_clear", args=[flag.pk]) not in page  # no Clear offered
    response = owner_client.post(
        reverse("dashboard_pain_clear", args=[flag.pk]), {"back": "progress"}
    )
    assert response.status_code == 409
    assert "so their record is read-only" in response.content.decode()
    flag.refresh_from_db()
    assert flag.cleared_at is None


def test_an_archived_athletes_soreness_cannot_be_marked_seen(owner_client, leaver):
    session = leaver.plan.sessions.order_by("date").first()
    PlannedSession.objects.filter(pk=session.pk).update(soreness=7, soreness_at=timezone.now())
    athlete_archive(athlete=leaver)
    response = owner_client.post(
        reverse("dashboard_soreness_seen", args=[session.pk]), {"value": "7"}
    )
    assert response.status_code == 409
    session.refresh_from_db()
    assert session.soreness_seen is None and session.soreness_seen_at is None


def test_the_htmx_refusal_escapes_the_athletes_name(owner_client, leaver):
    Athlete.objects.filter(pk=leaver.pk).update(name='<img src=x onerror="alert(1)">')
    athlete_archive(athlete=leaver)
    cell = leaver.plan.sessions.order_by("date").first().exercises.first()
    response = owner_client.post(
        reverse("cell_edit", args=[cell.pk]), {"load": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "<img" not in body and "&lt;img src=x" in body


def test_an_archived_athletes_access_can_still_be_taken_away(owner_client, leaver):
    user = UserFactory(username="lena")
    leaver.user = user
    leaver.save(update_fields=["user"])
    link, _ = AthleteLink.issue(athlete=leaver)
    athlete_archive(athlete=leaver)
    page = owner_client.get(reverse("athlete_link", args=[leaver.pk])).content.decode()
    assert reverse("athlete_link_issue", args=[leaver.pk]) not in page
    assert reverse("athlete_login_invite", args=[leaver.pk]) not in page
    assert owner_client.post(reverse("athlete_link_issue", args=[leaver.pk])).status_code == 409
    response = owner_client.post(
        reverse("athlete_link_revoke", args=[leaver.pk]), {"seen": str(link.pk)}
    )
    assert response.status_code == 302
    assert not AthleteLink.objects.filter(athlete=leaver, revoked_at__isnull=True).exists()
    response = owner_client.post(reverse("athlete_login_remove", args=[leaver.pk]))
    assert response.status_code == 302
    leaver.refresh_from_db()
    assert leaver.user is None


def test_a_squad_assignment_shown_before_an_archive_names_it(owner_client, leaver, stayer, squad):
    template = ProgramTemplate.objects.get(name="Test programme")
    page = owner_client.get(reverse("assign_squad", args=[squad.pk])).content.decode()
    seen = page.split('name="seen" value="')[1].split('"')[0]
    athlete_archive(athlete=leaver)
    monday = timezone.localdate() + timezone.timedelta(days=7 - timezone.localdate().weekday())
    response = owner_client.post(
        reverse("assign_squad", args=[squad.pk]),
        {"template": template.pk, "start_date": monday.isoformat(), "seen": seen},
    )
    assert response.status_code == 409
    assert "Lena Leaving was archived" in response.content.decode()
    assert "Lena Leaving left the squad" not in response.content.decode()


def test_a_club_whose_athletes_are_all_archived_says_so(owner_client, leaver):
    athlete_archive(athlete=leaver)
    for name in ("dashboard", "roster"):
        page = owner_client.get(reverse(name)).content.decode()
        assert "No athletes on the roster: 1 archived" in page
        assert "?show=archived" in page and "No athletes yet" not in page


@pytest.mark.parametrize(
    "name", ["athlete_edit", "running_week_edit", "strength_test_add", "strength_test_edit"]
)
def test_the_forms_of_an_archived_athlete_say_they_are_read_only_and_offer_no_save(
    owner_client, leaver, name
):
    test = leaver.strength_tests.get()
    args = [leaver.pk, test.pk] if name == "strength_test_edit" else [leaver.pk]
    url = reverse(name, args=args)
    main = owner_client.get(url).content.decode().split('<main id="main"')[1]
    assert 'method="post"' in main and "Save" in main  # a form while they are on the roster
    athlete_archive(athlete=leaver)
    response = owner_client.get(url)
    assert response.status_code == 200
    main = response.content.decode().split('<main id="main"')[1].split("</main>")[0]
    assert "Lena Leaving is archived: kept here read-only" in main
    assert reverse("athlete_detail", args=[leaver.pk]) in main  # restored from there
    assert 'method="post"' not in main and "Save" not in main and "<input" not in main


@pytest.mark.parametrize("name", ["assign_athlete", "session_move"])
def test_the_assign_and_move_pages_of_an_archived_athlete_say_they_are_read_only(
    owner_client, leaver, name
):
    session = leaver.plan.sessions.order_by("-date").first()  # next week's: movable
    url = reverse(name, args=[session.pk if name == "session_move" else leaver.pk])
    main = owner_client.get(url).content.decode().split('<main id="main"')[1]
    assert 'method="post"' in main  # a form while they are on the roster
    athlete_archive(athlete=leaver)
    response = owner_client.get(url)
    assert response.status_code == 200
    main = response.content.decode().split('<main id="main"')[1].split("</main>")[0]
    assert "Lena Leaving is archived: kept here read-only" in main
    assert reverse("athlete_detail", args=[leaver.pk]) in main  # restored from there
    assert 'method="post"' not in main and "<input" not in main and "<select" not in main
    assert 'type="submit"' not in main


def test_a_form_refused_as_the_athlete_was_archived_shows_what_was_typed(owner_client, leaver):
    """Archived in another tab while the coach typed: nothing is saved, and what they
    typed is shown (escaped) to copy, not lost with the page."""
    athlete_archive(athlete=leaver)
    response = owner_client.post(
        reverse("athlete_edit", args=[leaver.pk]),
        {
            "csrfmiddlewaretoken": "x",
            "seen": "12:34",
            "name": "Lena <b>Back</b>",
            "goal_race_name": "Berlin Marathon",
            "notes": "Left calf tight\nafter the long run",
            "race_date": "",
            "event": leaver.event,
            "squad": str(leaver.squad_id or ""),
            "password1": "hunter2-secret",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    typed = page[page.index('id="typed"') :]
    assert "Lena &lt;b&gt;Back&lt;/b&gt;" in typed and "<b>Back" not in page
    assert "Berlin Marathon" in typed and "Left calf tight" in typed
    assert "Goal race name" in typed
    # Only what was typed: not the form's own bookkeeping, nor what was left empty.
    assert "12:34" not in typed and "csrfmiddlewaretoken" not in typed
    assert "hunter2" not in page
    assert "Race date" not in typed
    # Nor what the record holds already: only what the coach changed.
    assert "Event" not in typed
    leaver.refresh_from_db()
    assert leaver.name == "Lena Leaving"


def test_a_refusal_with_nothing_typed_lists_nothing(owner_client, leaver):
    athlete_archive(athlete=leaver)
    session = leaver.plan.sessions.order_by("date").first()
    response = owner_client.post(reverse("session_move", args=[session.pk]))
    assert response.status_code == 409
    assert 'id="typed"' not in response.content.decode()
