from decimal import Decimal

import pytest
from django.urls import reverse

from athletes.models import AthleteLink
from schedules.models import PainFlag, PlannedExercise, PlannedSession, SetLog
from tests.factories import AthleteFactory, UserFactory
from tests.plan_factories import make_plan

NOTES = "Prefers evenings; private coach remark XYZZY"
INJURY = "Old Achilles tendinopathy PLUGH"


@pytest.fixture
def other_plan(club):
    return make_plan(AthleteFactory(club=club, name="Ben Other"), weeks=1)


@pytest.fixture
def other_squat(other_plan):
    return PlannedExercise.objects.filter(
        session__plan=other_plan, exercise__slug="back-squat"
    ).first()


def test_wrong_token_is_404(client, plan):
    assert client.get("/w/not-a-real-token/").status_code == 404


def test_revoked_token_is_404(client, athlete, plan, week_url):
    AthleteLink.objects.filter(athlete=athlete).update(revoked_at="2026-01-01T00:00Z")
    assert client.get(week_url).status_code == 404


def test_reissued_link_retires_the_old_token(client, athlete, plan, week_url):
    AthleteLink.issue(athlete=athlete)
    assert client.get(week_url).status_code == 404


def test_revoked_token_cannot_log(client, athlete, squat, week_url):
    AthleteLink.objects.filter(athlete=athlete).update(revoked_at="2026-01-01T00:00Z")
    response = client.post(f"{week_url}sets/{squat.pk}/1/", {"done": "1"})
    assert response.status_code == 404
    assert not SetLog.objects.exists()


def test_a_save_under_a_revoked_link_says_the_link_is_gone(
    client, athlete, squat, week_url, other_squat
):
    """The page left open tells a link that stopped working from a page out of date: its
    "not found" says so (a wrong link's alike), and a "not found" under a live link does not."""
    missing = client.post(f"{week_url}sets/{other_squat.pk}/1/", {"done": "1"})
    assert missing.status_code == 404
    assert "X-Athlete-Link" not in missing
    AthleteLink.objects.filter(athlete=athlete).update(revoked_at="2026-01-01T00:00Z")
    for url in (f"{week_url}sets/{squat.pk}/1/", f"{week_url}sessions/{squat.session_id}/log/"):
        response = client.post(
            url, {"done": "1", "rpe": "7", "version": "1"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 404
        assert response["X-Athlete-Link"] == "gone"
    wrong = client.post(f"/w/not-a-real-token/sets/{squat.pk}/1/", {"done": "1"})
    assert (wrong.status_code, wrong["X-Athlete-Link"]) == (404, "gone")
    assert not SetLog.objects.exists()


def test_revoked_token_has_no_calendar(client, athlete, plan, week_url):
    AthleteLink.objects.filter(athlete=athlete).update(revoked_at="2026-01-01T00:00Z")
    assert client.get(f"{week_url}calendar.ics").status_code == 404


def test_token_cannot_log_a_set_of_another_athlete(client, plan, week_url, other_squat):
    response = client.post(f"{week_url}sets/{other_squat.pk}/1/", {"done": "1", "reps": "6"})
    assert response.status_code == 404
    assert not SetLog.objects.exists()


def test_token_cannot_log_a_session_of_another_athlete(client, plan, week_url, other_squat):
    session = other_squat.session
    response = client.post(f"{week_url}sessions/{session.pk}/log/", {"version": 1, "rpe": 7})
    assert response.status_code == 404
    session.refresh_from_db()
    assert session.rpe is None and session.logged_at is None


def test_token_cannot_flag_pain_on_another_athlete(client, plan, week_url, other_squat):
    response = client.post(f"{week_url}exercises/{other_squat.pk}/pain/", {"note": "knee"})
    assert response.status_code == 404
    assert not PainFlag.objects.exists()


def test_set_number_beyond_the_prescription_is_404(client, squat, week_url):
    response = client.post(f"{week_url}sets/{squat.pk}/{squat.sets + 1}/", {"done": "1"})
    assert response.status_code == 404


def test_week_page_never_shows_another_athletes_sessions(client, plan, week_url, other_plan):
    SetLog.objects.create(
        planned_exercise=PlannedExercise.objects.filter(session__plan=other_plan).first(),
        set_number=1,
        done=True,
        reps=7,
        load=Decimal("123.5"),
    )
    body = client.get(week_url).content.decode()
    other_ids = PlannedSession.objects.filter(plan=other_plan).values_list("pk", flat=True)
    assert "Amara Okafor" in body
    assert "Ben Other" not in body
    assert "123.5" not in body
    for pk in other_ids:
        assert f'id="session-{pk}"' not in body


@pytest.mark.parametrize("suffix", ["", "?week=2000-01-03", "calendar.ics"])
def test_private_notes_never_reach_the_athlete(client, athlete, plan, week_url, suffix):
    athlete.notes, athlete.injury_notes = NOTES, INJURY
    athlete.save()
    body = client.get(f"{week_url}{suffix}").content.decode()
    assert "XYZZY" not in body
    assert "PLUGH" not in body


def test_link_pages_send_no_referrer_and_no_store(client, plan, week_url):
    response = client.get(week_url)
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "no-store"


def test_log_saves_send_no_referrer_and_no_store(client, squat, week_url):
    response = client.post(f"{week_url}sets/{squat.pk}/1/", {"done": "1"}, HTTP_HX_REQUEST="true")
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path", ["sets/{pe}/1/", "sessions/{session}/log/", "exercises/{pe}/pain/"]
)
def test_log_endpoints_refuse_get(client, squat, week_url, path):
    url = week_url + path.format(pe=squat.pk, session=squat.session_id)
    assert client.get(url).status_code == 405


def test_anonymous_me_page_goes_to_login(client, db):
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_coach_has_no_me_page(owner_client):
    assert owner_client.get("/me/").status_code == 404


def test_logged_in_athlete_sees_their_own_week(client, athlete, plan):
    user = UserFactory(username="amara")
    athlete.user = user
    athlete.save()
    client.force_login(user)
    response = client.get("/me/")
    assert response.status_code == 200
    assert "Back squat" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_a_logged_in_athlete_finds_the_password_change_beside_log_out(
    client, athlete, plan, week_url
):
    athlete.user = UserFactory(username="amara")
    athlete.save()
    client.force_login(athlete.user)
    password = f'<a class="linkish" href="{reverse("password_change")}">Password</a>'
    assert password in client.get("/me/").content.decode()
    client.logout()
    assert "Password</a>" not in client.get(week_url).content.decode()  # a link has none


def test_logged_in_athlete_logs_through_me(client, athlete, squat):
    user = UserFactory(username="amara")
    athlete.user = user
    athlete.save()
    client.force_login(user)
    response = client.post(f"/me/sets/{squat.pk}/1/", {"done": "1", "reps": "6", "load": "60"})
    assert response.status_code == 302
    assert SetLog.objects.get(planned_exercise=squat, set_number=1).done


@pytest.mark.parametrize("name", ["roster", "dashboard", "squads"])
def test_athlete_user_never_sees_coach_pages(client, athlete, name):
    user = UserFactory(username="amara")
    athlete.user = user
    athlete.save()
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 404


def test_athlete_user_cannot_open_the_coach_view_of_their_own_record(client, athlete):
    user = UserFactory(username="amara")
    athlete.user = user
    athlete.save()
    client.force_login(user)
    assert client.get(reverse("athlete_detail", args=[athlete.pk])).status_code == 404
    assert client.get(reverse("athlete_progress", args=[athlete.pk])).status_code == 404


@pytest.fixture
def csrf_client(client):
    client.handler.enforce_csrf_checks = True
    return client


def csrf_token(client, url):
    client.get(url)
    return client.cookies["csrftoken"].value


def test_link_saves_accept_the_null_origin_of_a_no_referrer_page(csrf_client, squat, week_url):
    token = csrf_token(csrf_client, week_url)
    response = csrf_client.post(
        f"{week_url}sets/{squat.pk}/1/",
        {"done": "1"},
        HTTP_ORIGIN="null",
        HTTP_X_CSRFTOKEN=token,
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert SetLog.objects.filter(planned_exercise=squat).exists()


def test_link_saves_still_need_the_csrf_token(csrf_client, squat, week_url):
    csrf_token(csrf_client, week_url)
    response = csrf_client.post(
        f"{week_url}sets/{squat.pk}/1/", {"done": "1"}, HTTP_ORIGIN="null", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert not SetLog.objects.exists()


def test_me_saves_keep_the_full_csrf_check(csrf_client, athlete, squat):
    user = UserFactory(username="amara")
    athlete.user = user
    athlete.save()
    csrf_client.force_login(user)
    token = csrf_token(csrf_client, "/me/")
    response = csrf_client.post(
        f"/me/sets/{squat.pk}/1/", {"done": "1"}, HTTP_ORIGIN="null", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 403
    assert not SetLog.objects.exists()


def test_a_retired_link_says_to_ask_the_coach_for_a_new_one(client, db):
    response = client.get("/w/no-such-token-at-all-0000000000000000/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "ask them to send it again" in body
    assert 'class="mainnav"' not in body  # no coach menu for a stranger
    # The start page is the coaches' log-in: nowhere for an athlete to go.
    assert "Back to the start" not in body and 'href="/"' not in body


def test_a_mistyped_coach_address_still_leads_back_to_the_start(client, db):
    response = client.get("/athletes/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Back to the start" in body and 'class="brand" href="/"' in body


def test_a_signed_in_athlete_is_told_how_to_get_the_calendar(client, athlete, squat):
    user = UserFactory(username="amara")
    athlete.user = user
    athlete.save()
    client.force_login(user)
    body = client.get("/me/").content.decode()
    assert "A calendar app cannot sign in, so it gets a private address of its own" in body
    assert "calendar.ics" not in body  # the private link's feed is not offered


def test_every_answer_under_a_link_is_private(client, plan, week_url, other_squat):
    """A "not found" under a live link (another athlete's set) or under a revoked one is as
    private as the pages: no cache, no Referer carrying the token."""
    response = client.post(f"{week_url}sets/{other_squat.pk}/1/", {"done": "1"})
    assert response.status_code == 404
    assert (response["Referrer-Policy"], response["Cache-Control"]) == ("no-referrer", "no-store")
    AthleteLink.objects.update(revoked_at="2026-01-01T00:00Z")
    response = client.get(week_url)
    assert response.status_code == 404
    assert (response["Referrer-Policy"], response["Cache-Control"]) == ("no-referrer", "no-store")


def test_a_revoked_link_is_not_found_even_for_a_form_without_its_csrf_token(
    athlete, squat, week_url
):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    url = f"{week_url}sets/{squat.pk}/1/"
    assert strict.post(url, {"done": "1"}).status_code == 403  # a live link: refused
    AthleteLink.objects.filter(athlete=athlete).update(revoked_at="2026-01-01T00:00Z")
    response = strict.post(url, {"done": "1"})
    assert response.status_code == 404
    assert response["Referrer-Policy"] == "no-referrer"
    assert not SetLog.objects.exists()


def test_a_request_refused_as_malformed_under_a_link_is_private_too(client, squat, week_url):
    """Django's own refusals (here too many fields) are answered as private as the pages."""
    fields = {f"f{i}": "1" for i in range(1100)}
    response = client.post(f"{week_url}sets/{squat.pk}/1/", fields)
    assert response.status_code == 400
    assert (response["Referrer-Policy"], response["Cache-Control"]) == ("no-referrer", "no-store")
    assert not SetLog.objects.exists()


def test_a_server_error_under_a_link_is_private_too(plan, week_url, monkeypatch):
    """A fault while a link's page is made gives the ordinary error page, kept by no cache
    and sending no Referer with the token in it, as every other answer under a link."""
    from django.test import Client

    from schedules.views import athlete as athlete_views

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(athlete_views, "athlete_week", broken)
    response = Client(raise_request_exception=False).get(week_url)
    assert response.status_code == 500
    assert (response["Referrer-Policy"], response["Cache-Control"]) == ("no-referrer", "no-store")
