"""Every URL pattern, every kind of visitor: the expected answer, or the test fails.

A new URL that is not classified below makes `test_every_url_is_classified` fail, so no
page can ship without someone deciding who may see it.
"""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from athletes.models import AthleteLink, Invitation, Membership
from exercises.models import Exercise
from programs.models import Phase, Prescription, ProgramTemplate, SessionTemplate
from schedules.models import ExportJob, PainFlag, PlanJob
from tests.factories import (
    AthleteFactory,
    ClubFactory,
    MembershipFactory,
    SquadFactory,
    StrengthTestFactory,
    UserFactory,
    shipped,
)
from tests.plan_factories import make_plan

GET, POST, FORM = "GET", "POST", "GET+POST"

# name -> (who may use it, methods, arguments from the world)
COACH = {
    "roster": (GET, lambda w: []),
    "roster_move": (POST, lambda w: []),
    "athlete_create": (FORM, lambda w: []),
    "roster_import": (FORM, lambda w: []),
    "roster_export": (GET, lambda w: []),
    "roster_import_sample": (GET, lambda w: []),
    "athlete_detail": (GET, lambda w: [w.athlete.pk]),
    "athlete_edit": (FORM, lambda w: [w.athlete.pk]),
    "running_week_edit": (FORM, lambda w: [w.athlete.pk]),
    "strength_test_add": (FORM, lambda w: [w.athlete.pk]),
    "strength_test_edit": (FORM, lambda w: [w.athlete.pk, w.strength_test.pk]),
    "strength_test_delete": (POST, lambda w: [w.athlete.pk, w.strength_test.pk]),
    "athlete_delete": (POST, lambda w: [w.athlete.pk]),
    "athlete_archive": (POST, lambda w: [w.athlete.pk]),
    "athlete_restore": (POST, lambda w: [w.athlete.pk]),
    "squads": (FORM, lambda w: []),
    "squad_rename": (FORM, lambda w: [w.squad.pk]),
    "squad_tests": (FORM, lambda w: [w.squad.pk]),
    "squad_delete": (POST, lambda w: [w.squad.pk]),
    "club_coaches": (FORM, lambda w: []),
    # A GET (a refused form's address opened again) leads to the club page, where it is.
    "club_rename": (FORM, lambda w: [], 302),
    # The owner is shown why they cannot leave; a coach's leaving: tests/athletes.
    "club_leave": (FORM, lambda w: []),
    "account_email": (FORM, lambda w: [], 302),
    "athlete_link": (GET, lambda w: [w.athlete.pk]),
    "athlete_link_issue": (POST, lambda w: [w.athlete.pk]),
    "athlete_link_revoke": (POST, lambda w: [w.athlete.pk]),
    "athlete_login_invite": (POST, lambda w: [w.athlete.pk]),
    "athlete_login_invite_withdraw": (POST, lambda w: [w.athlete.pk]),
    "athlete_login_remove": (POST, lambda w: [w.athlete.pk]),
    "club_coach_remove": (
        POST,
        lambda w: [Membership.objects.get(user__username="assistant").pk],
    ),
    "club_owner_handover": (
        POST,
        lambda w: [Membership.objects.get(user__username="assistant").pk],
    ),
    "exercise_list": (GET, lambda w: []),
    "exercise_create": (FORM, lambda w: []),
    "exercise_detail": (GET, lambda w: [w.club_exercise]),
    "exercise_edit": (FORM, lambda w: [w.club_exercise]),
    "exercise_delete": (POST, lambda w: [w.club_exercise]),
    "program_list": (GET, lambda w: []),
    "program_create": (POST, lambda w: []),
    "program_detail": (GET, lambda w: [w.template.pk]),
    "program_clone": (POST, lambda w: [w.template.pk]),
    "program_update": (POST, lambda w: [w.template.pk]),
    "program_delete": (POST, lambda w: [w.template.pk]),
    "program_archive": (POST, lambda w: [w.template.pk]),
    "program_replan": (POST, lambda w: [w.template.pk]),
    "program_phase_add": (POST, lambda w: [w.template.pk]),
    "program_phase_update": (POST, lambda w: [w.template.pk, w.phase.pk]),
    "program_phase_delete": (POST, lambda w: [w.template.pk, w.phase.pk]),
    "program_session_add": (POST, lambda w: [w.template.pk, w.phase.pk]),
    "program_session_update": (POST, lambda w: [w.template.pk, w.session_template.pk]),
    "program_session_move": (POST, lambda w: [w.template.pk, w.session_template.pk]),
    "program_session_delete": (POST, lambda w: [w.template.pk, w.session_template.pk]),
    "program_prescription_new": (GET, lambda w: [w.template.pk, w.session_template.pk]),
    "program_prescription_add": (POST, lambda w: [w.template.pk, w.session_template.pk]),
    "program_prescription_edit": (GET, lambda w: [w.template.pk, w.prescription.pk]),
    "program_prescription_update": (POST, lambda w: [w.template.pk, w.prescription.pk]),
    "program_prescription_move": (POST, lambda w: [w.template.pk, w.prescription.pk]),
    "program_prescription_delete": (POST, lambda w: [w.template.pk, w.prescription.pk]),
    "assign_athlete": (FORM, lambda w: [w.athlete.pk]),
    "athlete_plan": (GET, lambda w: [w.athlete.pk]),
    "athlete_plan_json": (GET, lambda w: [w.athlete.pk]),
    "rule_accept": (POST, lambda w: [w.athlete.pk, "W8"]),
    "rule_withdraw": (POST, lambda w: [w.athlete.pk, "W8"]),
    "session_move": (FORM, lambda w: [w.cell.session_id]),
    "assign_squad": (FORM, lambda w: [w.squad.pk]),
    "plan_job": (GET, lambda w: [w.job.pk]),
    "plan_job_retry": (POST, lambda w: [w.job.pk]),
    "plan_batch": (GET, lambda w: [w.job.batch]),
    "plan_grid": (GET, lambda w: [w.athlete.pk]),
    "grid_undo": (POST, lambda w: [w.athlete.pk]),
    "cell": (GET, lambda w: [w.cell.pk], 302),  # without htmx it sends you to the grid
    "cell_edit": (FORM, lambda w: [w.cell.pk]),
    "cell_step": (POST, lambda w: [w.cell.pk]),
    "cell_carry": (POST, lambda w: [w.cell.pk]),
    "squad_week": (GET, lambda w: [w.squad.pk]),
    "squad_week_scale": (POST, lambda w: [w.squad.pk]),
    "dashboard": (GET, lambda w: []),
    "dashboard_pain_clear": (POST, lambda w: [w.pain.pk]),
    "dashboard_soreness_seen": (POST, lambda w: [w.cell.session_id]),
    "athlete_progress": (GET, lambda w: [w.athlete.pk]),
    "athlete_exports": (GET, lambda w: [w.athlete.pk]),
    "export_athlete_block": (POST, lambda w: [w.athlete.pk]),
    "export_athlete_week": (POST, lambda w: [w.athlete.pk]),
    "squad_exports": (GET, lambda w: [w.squad.pk]),
    "export_squad_week": (POST, lambda w: [w.squad.pk]),
    "export_list": (GET, lambda w: []),
    "export_job": (GET, lambda w: [w.export.pk]),
    "export_retry": (POST, lambda w: [w.export.pk]),
    "export_download": (GET, lambda w: [w.export.pk]),
    "club_export": (GET, lambda w: []),
    "club_import": (FORM, lambda w: []),
    "invitation_withdraw": (
        POST,
        lambda w: [w.invitation.pk],
    ),  # owner only: a second coach gets 404 (tests/hardening)
}
# Opened by the athlete's private link: the token is the first argument.
LINK = {
    "athlete_week": (GET, lambda w: []),
    "athlete_calendar": (GET, lambda w: []),
    "athlete_set_log": (POST, lambda w: [w.cell.pk, 1]),
    "athlete_session_log": (POST, lambda w: [w.cell.session_id]),
    "athlete_pain_flag": (POST, lambda w: [w.cell.pk]),
}
# The same pages for an athlete who logs in.
ATHLETE_USER = {
    "me_week": (GET, lambda w: []),
    "me_set_log": (POST, lambda w: [w.cell.pk, 1]),
    "me_session_log": (POST, lambda w: [w.cell.session_id]),
    "me_pain_flag": (POST, lambda w: [w.cell.pk]),
    # The athlete's own calendar address: made and stopped for the one signed in.
    "me_feed_issue": (POST, lambda w: []),
    "me_feed_stop": (POST, lambda w: []),
    # The email the athlete's own password reset goes to.
    "me_email": (FORM, lambda w: []),
}
# Anyone; the answer an anonymous visitor gets.
PUBLIC = {
    "home": (GET, lambda w: [], 302),
    "login": (GET, lambda w: [], 200),
    "signup": (GET, lambda w: [], 200),
    "password_reset": (GET, lambda w: [], 200),
    "password_reset_done": (GET, lambda w: [], 200),
    "password_reset_complete": (GET, lambda w: [], 200),
    "password_reset_confirm": (GET, lambda w: ["MQ", "bad-token"], 404),
    "invite_accept": (GET, lambda w: ["not-a-real-token"], 404),
    "athlete_login_accept": (GET, lambda w: ["not-a-real-token"], 404),
    "athlete_feed": (GET, lambda w: ["x" * 43], 404),
    "logout": (GET, lambda w: [], 405),
    # Any logged-in user's own password (coach or athlete).
    "password_change": (GET, lambda w: [], 302),
    "password_change_done": (GET, lambda w: [], 302),
    # A form sent after its login ended, offered again to the one who logs in next.
    "form_resend": (GET, lambda w: [], 302),
    # After leaving a club; anyone else is sent home.
    "club_left": (GET, lambda w: [], 302),
}


def url_names() -> set[str]:
    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                yield from walk(pattern.url_patterns)
            else:
                yield pattern.name

    return set(walk(get_resolver().url_patterns))


def test_every_url_is_classified():
    classified = set(COACH) | set(LINK) | set(ATHLETE_USER) | set(PUBLIC)
    assert url_names() - classified == set(), "classify these URLs in the matrix"
    assert classified - url_names() == set(), "these classified URLs no longer exist"


@dataclass
class World:
    athlete: object
    squad: object
    template: object
    phase: object
    session_template: object
    prescription: object
    job: object
    cell: object
    pain: object
    export: object
    token: str
    other_token: str
    club_exercise: str
    strength_test: object
    invitation: object


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    club = ClubFactory()
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    MembershipFactory(club=club, role="coach", user=UserFactory(username="assistant"))
    squad = SquadFactory(club=club)
    athlete_user = UserFactory(username="runner")
    athlete = AthleteFactory(club=club, squad=squad, user=athlete_user)
    plan = make_plan(athlete, weeks=1)
    template = ProgramTemplate.objects.create(club=club, name="Club programme")
    phase = Phase.objects.create(
        template=template,
        phase="base",
        weeks=4,
        sessions_per_week=2,
        reps_min=8,
        reps_max=10,
        percent_min=65,
        percent_max=75,
    )
    session_template = SessionTemplate.objects.create(phase=phase, label="A", kind="lifting")
    prescription = Prescription.objects.create(
        session=session_template,
        exercise=shipped("back-squat"),
        category="max_strength",
        sets=3,
        reps=8,
        percent_1rm=70,
        rest_s=150,
    )
    job = PlanJob.objects.create(
        assignment=plan.assignment, athlete=athlete, batch="b1", status="failed", reason="test"
    )
    cell = plan.sessions.order_by("date").first().exercises.order_by("order").last()
    pain = PainFlag.objects.create(athlete=athlete, planned_exercise=cell, exercise=cell.exercise)
    export = ExportJob.objects.create(
        club=club, kind="athlete_block", athlete=athlete, status="done", pages=1, size_bytes=4
    )
    export.file.save("block.pdf", ContentFile(b"%PDF"), save=True)
    _, token = AthleteLink.issue(athlete=athlete)
    other_club = ClubFactory(name="Other Club")
    MembershipFactory(club=other_club, role="owner", user=UserFactory(username="stranger"))
    other_athlete = AthleteFactory(
        club=other_club, name="Other Runner", user=UserFactory(username="other-runner")
    )
    make_plan(other_athlete, weeks=1)
    _, other_token = AthleteLink.issue(athlete=other_athlete)
    club_exercise = Exercise.objects.create(
        club=club,
        slug="sled-push",
        name="Sled push",
        category="power",
        pattern="squat",
        laterality="bilateral",
        equipment="machine",
        load_mode="bodyweight_reps",
    )
    return World(
        athlete,
        squad,
        template,
        phase,
        session_template,
        prescription,
        job,
        cell,
        pain,
        export,
        token,
        other_token,
        club_exercise.slug,
        StrengthTestFactory(athlete=athlete),
        Invitation.issue(club=club, created_by=club.memberships.get(role="owner").user)[0],
    )


def client_for(username: str | None) -> Client:
    client = Client()
    if username:
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize("name", sorted(COACH))
def test_coach_urls(world, name):
    methods, args, *owner_answer = COACH[name]
    url = reverse(name, args=args(world))
    # A page without a record in its URL shows the visitor's own club: strangers see theirs.
    foreign = 404 if args(world) else (owner_answer or [200])[0]
    owner, stranger, anonymous = client_for("owner"), client_for("stranger"), Client()
    link_holder, athlete_user = Client(), client_for("runner")
    link_holder.get(reverse("athlete_week", args=[world.token]))
    if methods in (GET, FORM):
        assert owner.get(url).status_code == (owner_answer or [200])[0]
        assert stranger.get(url).status_code == foreign
        assert athlete_user.get(url).status_code == 404
        for visitor in (anonymous, link_holder):
            response = visitor.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
    if methods == POST:
        assert owner.get(url).status_code == 405
    if methods in (POST, FORM):
        if foreign == 404:
            assert stranger.post(url, {}).status_code == 404
        assert athlete_user.post(url, {}).status_code == 404
        response = anonymous.post(url, {})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(LINK))
def test_athlete_link_urls(world, name):
    methods, args = LINK[name]
    own = reverse(name, args=[world.token, *args(world)])
    borrowed = reverse(name, args=[world.other_token, *args(world)])
    wrong = reverse(name, args=["x" * 43, *args(world)])
    client = Client()
    if methods == GET:
        response = client.get(own)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "no-referrer"
        assert world.athlete.name in response.content.decode()
        assert world.athlete.name not in client.get(borrowed).content.decode()
    else:
        assert client.get(own).status_code == 405
        # Another athlete's token never reaches this athlete's sessions.
        assert client.post(borrowed, {}).status_code == 404
    assert client.get(wrong).status_code == 404
    AthleteLink.objects.update(revoked_at="2020-01-01T00:00:00Z")
    assert client.get(own).status_code in (404, 405)


@pytest.mark.parametrize("name", sorted(ATHLETE_USER))
def test_athlete_login_urls(world, name):
    methods, args = ATHLETE_USER[name]
    url = reverse(name, args=args(world))
    runner, other, coach = client_for("runner"), client_for("other-runner"), client_for("owner")
    anonymous = Client()
    response = anonymous.get(url)
    assert response.status_code == 302
    if methods in (GET, FORM):
        assert runner.get(url).status_code == 200
        assert coach.get(url).status_code == 404
    if methods == FORM:
        # Their own form, sent empty: refused as it stands, never another's row.
        assert other.post(url, {}).status_code == 400
        assert coach.post(url, {}).status_code == 404
    elif methods == POST:
        assert runner.get(url).status_code == 405
        # Another athlete reaches no row of this one's (a URL without one acts on their own).
        assert other.post(url, {}).status_code == (404 if args(world) else 302)
        assert coach.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_urls(world, name):
    methods, args, expected = PUBLIC[name]
    assert Client().get(reverse(name, args=args(world))).status_code == expected
