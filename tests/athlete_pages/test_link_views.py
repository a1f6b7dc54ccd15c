import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes.link_views import LOGIN_INVITE_SALT, login_invite_token
from athletes.models import Athlete, AthleteLink, hash_token
from tests.factories import UserFactory

PASSWORD = "long-enough-pass-8812"


def seen(athlete) -> str:
    """What the access page's forms carry: the working link it showed ("" for none)."""
    link = AthleteLink.objects.filter(athlete=athlete, revoked_at__isnull=True).first()
    return str(link.pk) if link else ""


def issue(client, athlete):
    """Issue, then follow to the page that shows the new link once."""
    url = reverse("athlete_link_issue", args=[athlete.pk])
    return client.post(url, {"seen": seen(athlete)}, follow=True)


def shown_url(response) -> str:
    return re.search(
        r'id="shown-url" class="copy" type="text" readonly value="([^"]+)"',
        response.content.decode(),
    ).group(1)


def test_issuing_shows_the_link_once_with_a_qr_code(owner_client, athlete):
    response = issue(owner_client, athlete)
    assert response.status_code == 200
    url = shown_url(response)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert AthleteLink.objects.get(athlete=athlete).token_hash == hash_token(token)
    body = response.content.decode()
    assert '<svg width="' in body and 'class="segno"' in body
    assert "style=" not in body
    assert response["Cache-Control"] == "no-store"
    assert (
        token not in owner_client.get(reverse("athlete_link", args=[athlete.pk])).content.decode()
    )


def test_reloading_the_shown_link_neither_shows_nor_issues_another(owner_client, client, athlete):
    response = owner_client.post(reverse("athlete_link_issue", args=[athlete.pk]))
    assert response.status_code == 302  # the page is reached by a GET, safe to reload
    shown = owner_client.get(response["Location"])
    url = shown_url(shown).replace("http://testserver", "")
    again = owner_client.get(response["Location"]).content.decode()
    assert 'id="shown-url"' not in again
    assert AthleteLink.objects.filter(athlete=athlete).count() == 1
    assert client.get(url).status_code == 200  # the link handed out still works


def test_issued_token_has_at_least_128_bits(owner_client, athlete):
    token = shown_url(issue(owner_client, athlete)).rstrip("/").rsplit("/", 1)[1]
    assert len(token) * 6 >= 128


def test_issued_link_opens_the_athletes_week(owner_client, client, athlete):
    url = shown_url(issue(owner_client, athlete))
    assert client.get(url.replace("http://testserver", "")).status_code == 200


def test_reissuing_retires_the_old_link(owner_client, client, athlete):
    first = shown_url(issue(owner_client, athlete)).replace("http://testserver", "")
    second = shown_url(issue(owner_client, athlete)).replace("http://testserver", "")
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_revoking_stops_the_link(owner_client, client, athlete):
    url = shown_url(issue(owner_client, athlete)).replace("http://testserver", "")
    response = owner_client.post(
        reverse("athlete_link_revoke", args=[athlete.pk]), {"seen": seen(athlete)}
    )
    assert response.status_code == 302
    assert client.get(url).status_code == 404


def test_a_link_issued_while_the_page_was_open_is_not_retired_by_it(
    owner_client, client, athlete, owner
):
    """Two tabs (or two coaches) on the access page: the link the first hands out is not
    silently replaced from the second, which showed no link."""
    shown = seen(athlete)  # no link yet
    handed_out = shown_url(issue(owner_client, athlete)).replace("http://testserver", "")
    response = owner_client.post(reverse("athlete_link_issue", args=[athlete.pk]), {"seen": shown})
    assert response.status_code == 409
    body = response.content.decode()
    assert f"Not issued: a new link was issued by {owner.username}" in body
    assert 'id="shown-url"' not in body
    assert AthleteLink.objects.filter(athlete=athlete).count() == 1
    assert client.get(handed_out).status_code == 200


def test_revoking_from_a_page_left_open_spares_a_link_issued_since(
    owner_client, client, athlete, owner
):
    first, _ = AthleteLink.issue(athlete=athlete, created_by=owner)
    page = owner_client.get(reverse("athlete_link", args=[athlete.pk])).content.decode()
    shown = str(first.pk)
    assert page.count(f'name="seen" value="{shown}"') == 2  # Issue a new link, and Revoke
    handed_out = shown_url(issue(owner_client, athlete)).replace("http://testserver", "")
    response = owner_client.post(reverse("athlete_link_revoke", args=[athlete.pk]), {"seen": shown})
    assert response.status_code == 409
    assert "Not revoked: a new link was issued" in response.content.decode()
    assert client.get(handed_out).status_code == 200


@pytest.mark.parametrize(
    "name", ["athlete_link_issue", "athlete_link_revoke", "athlete_login_invite"]
)
def test_link_actions_need_post(owner_client, athlete, name):
    assert owner_client.get(reverse(name, args=[athlete.pk])).status_code == 405


@pytest.mark.parametrize(
    "name", ["athlete_link", "athlete_link_issue", "athlete_link_revoke", "athlete_login_invite"]
)
def test_stranger_gets_404(stranger_client, athlete, name):
    method = stranger_client.get if name == "athlete_link" else stranger_client.post
    assert method(reverse(name, args=[athlete.pk])).status_code == 404
    assert not AthleteLink.objects.exists()


def test_link_page_tells_whether_a_link_works(owner_client, athlete, owner):
    page = reverse("athlete_link", args=[athlete.pk])
    assert "No working link" in owner_client.get(page).content.decode()
    AthleteLink.issue(athlete=athlete, created_by=owner)
    assert "Working" in owner_client.get(page).content.decode()


def invite_seen(owner_client, athlete) -> str:
    """The open invitation the access page shows, as its forms send it back."""
    page = owner_client.get(reverse("athlete_link", args=[athlete.pk])).content.decode()
    return re.search(r'name="seen" value="([^"]*)"><button class="btn" type="submit">', page)[1]


def invitation(owner_client, athlete) -> str:
    data = {"seen": invite_seen(owner_client, athlete)}
    response = owner_client.post(
        reverse("athlete_login_invite", args=[athlete.pk]), data, follow=True
    )
    assert response.status_code == 200
    return shown_url(response).replace("http://testserver", "")


def withdraw(owner_client, athlete, **extra):
    data = {"seen": invite_seen(owner_client, athlete)}
    return owner_client.post(
        reverse("athlete_login_invite_withdraw", args=[athlete.pk]), data, **extra
    )


def test_an_invitation_made_while_the_page_was_open_is_not_replaced_from_it(
    owner_client, client, athlete
):
    """Two tabs (or two coaches) showing no invitation: the first's is sent to the athlete;
    Make from the second does not quietly kill it."""
    seen = invite_seen(owner_client, athlete)
    assert seen == ""
    sent = invitation(owner_client, athlete)
    url = reverse("athlete_login_invite", args=[athlete.pk])
    response = owner_client.post(url, {"seen": seen})
    assert response.status_code == 409
    assert "Not made: a new login invitation was made at" in response.content.decode()
    assert accept(client, sent).status_code == 302


def test_withdrawing_from_a_page_left_open_spares_an_invitation_made_since(
    owner_client, client, athlete
):
    invitation(owner_client, athlete)
    stale = invite_seen(owner_client, athlete)  # the page showing the first invitation
    sent = invitation(owner_client, athlete)
    url = reverse("athlete_login_invite_withdraw", args=[athlete.pk])
    response = owner_client.post(url, {"seen": stale})
    assert response.status_code == 409
    assert "Not withdrawn: a new login invitation was made" in response.content.decode()
    assert accept(client, sent).status_code == 302


def accept(client, url, username="amara"):
    return client.post(
        url,
        {"username": username, "email": "", "password1": PASSWORD, "password2": PASSWORD},
    )


def test_login_invitation_creates_the_athletes_login(owner_client, client, athlete):
    url = invitation(owner_client, athlete)
    response = accept(client, url)
    assert response.status_code == 302
    assert response["Location"] == reverse("me_week")
    athlete.refresh_from_db()
    assert athlete.user.username == "amara"
    assert client.get(reverse("me_week")).status_code == 200


def test_a_new_athlete_login_is_confirmed_with_where_to_log_in_next_time(
    owner_client, client, athlete
):
    """The athlete lands on their week told the login worked, and the address and username
    to use the next time, when the invitation no longer opens anything."""
    response = client.post(
        invitation(owner_client, athlete),
        {"username": "amara", "email": "", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    body = response.content.decode()
    assert response.redirect_chain == [(reverse("me_week"), 302)]
    assert (
        "Your login is ready. Next time, log in at http://testserver/login/ as “amara”."
    ) in body


def test_an_athlete_username_taken_that_instant_is_said_and_the_invitation_kept(
    owner_client, client, athlete, monkeypatch
):
    from athletes.forms import AthleteLoginForm
    from tests.athletes.test_accounts import username_taken_after_the_check

    url = invitation(owner_client, athlete)
    username_taken_after_the_check(monkeypatch, AthleteLoginForm, "amara")
    refused = accept(client, url)
    assert refused.status_code == 400
    assert "This username was taken a moment ago" in refused.content.decode()
    assert Athlete.objects.get(pk=athlete.pk).user is None
    monkeypatch.undo()
    assert accept(client, url, username="amara-r").status_code == 302


def test_login_invitation_works_once(owner_client, client, athlete):
    url = invitation(owner_client, athlete)
    accept(client, url)
    other = client.__class__()
    assert other.get(url).status_code == 404
    assert accept(other, url, username="mallory").status_code == 404
    assert not get_user_model().objects.filter(username="mallory").exists()


def test_the_sign_up_sent_twice_logs_in_with_the_login_the_first_made(
    owner_client, client, athlete
):
    """A double tap on "Create my login": the first makes the login, the second arrives
    without its log-in (the phone dropped the first answer). With the same username and
    password it is that login: logged in and on the week, not told the invitation is not
    valid. Another password, or another athlete's username, is still refused."""
    url = invitation(owner_client, athlete)
    assert accept(client, url).status_code == 302
    again = client.__class__()
    wrong = again.post(
        url, {"username": "amara", "email": "", "password1": "x" * 12, "password2": "x" * 12}
    )
    assert wrong.status_code == 404
    assert accept(again, url, username="mallory").status_code == 404
    response = accept(again, url)
    assert response.status_code == 302
    assert response["Location"] == reverse("me_week")
    assert again.get(reverse("me_week")).status_code == 200
    assert get_user_model().objects.filter(username__iexact="amara").count() == 1


def test_reopening_a_used_invitation_while_logged_in_goes_to_the_week(
    owner_client, client, athlete
):
    url = invitation(owner_client, athlete)
    accept(client, url)
    response = client.get(url, follow=True)
    assert response.redirect_chain == [(reverse("me_week"), 302)]
    assert "You have a login already" in response.content.decode()
    # Anyone else who opens it still finds it used up.
    assert client.__class__().get(url).status_code == 404


def test_tampered_invitation_is_404(client, athlete):
    token = login_invite_token(athlete)
    assert client.get(reverse("athlete_login_accept", args=[token + "x"])).status_code == 404


def test_expired_invitation_is_404(client, athlete, monkeypatch):
    token = login_invite_token(athlete)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 8 * 24 * 3600)
    assert client.get(reverse("athlete_login_accept", args=[token])).status_code == 404


def test_the_coach_sees_when_an_unused_invitation_stops_and_once_it_has(owner_client, athlete):
    invitation(owner_client, athlete)
    made = Athlete.objects.get(pk=athlete.pk).login_invite_at
    until = timezone.localtime(made + timedelta(days=7))
    page = owner_client.get(reverse("athlete_link", args=[athlete.pk])).content.decode()
    assert f"An invitation is waiting to be used, until {until:%-d %b %Y, %H:%M}." in page
    assert "Withdraw invitation" in page
    Athlete.objects.filter(pk=athlete.pk).update(login_invite_at=made - timedelta(days=8))
    page = owner_client.get(reverse("athlete_link", args=[athlete.pk])).content.decode()
    assert "Invitation expired" in page and "waiting to be used" not in page
    assert "Withdraw invitation" not in page and "Create a login invitation" in page


def test_invitation_for_something_else_is_404(client, athlete):
    token = signing.TimestampSigner(salt=LOGIN_INVITE_SALT).sign_object(["not", "a", "dict"])
    assert client.get(reverse("athlete_login_accept", args=[token])).status_code == 404


def test_invitation_page_asks_for_username_and_password(owner_client, client, athlete):
    body = client.get(invitation(owner_client, athlete)).content.decode()
    assert "Hello Amara Okafor" in body
    assert 'name="password1"' in body


def test_invitation_page_says_what_the_email_is_for(owner_client, client, athlete):
    """Left out, no password reset can reach the athlete: the form says so."""
    body = client.get(invitation(owner_client, athlete)).content.decode()
    assert re.search(r'name="email"[^>]*aria-describedby="id_email_helptext"', body)
    assert (
        '<small class="help" id="id_email_helptext">Where a password reset is sent if you '
        "forget your password (without one, ask your coach for a new login).</small>"
    ) in body


def test_no_invitation_once_the_athlete_has_a_login(owner_client, athlete):
    athlete.user = UserFactory(username="amara")
    athlete.save()
    response = owner_client.post(reverse("athlete_login_invite", args=[athlete.pk]))
    assert response.status_code == 302
    body = owner_client.get(reverse("athlete_link", args=[athlete.pk])).content.decode()
    assert "Has a login" in body


def test_athlete_lands_on_their_week_after_log_in(client, athlete):
    athlete.user = UserFactory(username="amara")
    athlete.save()
    response = client.post(
        reverse("login"), {"username": "amara", "password": "correct-horse-battery"}
    )
    assert response["Location"] == reverse("me_week")


def test_the_log_in_page_speaks_to_athletes_as_well_as_coaches(client, db):
    """Athletes with a login log in on the same page as coaches: it says what each finds
    there, offers a new club to coaches only, and tells an athlete without a login how to
    get one."""
    body = client.get(reverse("login")).content.decode()
    assert "Plan your runners' strength work" not in body
    assert "Coaches plan their runners' strength work around the running week" in body
    assert "athletes see their week and log their sessions" in body
    assert "New here?" not in body
    assert "A coach new here?" in body
    assert (
        "An athlete without a login? Your week opens from the training link your coach "
        "sent you, no login needed; or ask your coach for a login invitation."
    ) in body


def test_coach_still_lands_on_the_roster_after_log_in(client, owner):
    response = client.post(
        reverse("login"), {"username": "owner", "password": "correct-horse-battery"}
    )
    assert response["Location"] == reverse("roster")


def test_home_sends_an_athlete_to_their_week(client, athlete):
    athlete.user = UserFactory(username="amara")
    athlete.save()
    client.force_login(athlete.user)
    assert client.get("/")["Location"] == reverse("me_week")


def test_home_sends_a_coach_to_the_roster(owner_client):
    assert owner_client.get("/")["Location"] == reverse("roster")


def test_a_withdrawn_login_invitation_stops_working(owner_client, client, athlete):
    url = invitation(owner_client, athlete)
    page = owner_client.get(reverse("athlete_link", args=[athlete.pk])).content.decode()
    assert "Invitation out" in page
    response = withdraw(owner_client, athlete, follow=True)
    assert "no longer works" in response.content.decode()
    assert client.get(url).status_code == 404
    assert accept(client, url).status_code == 404
    athlete.refresh_from_db()
    assert athlete.user is None


def test_a_new_login_invitation_replaces_the_one_before(owner_client, client, athlete):
    first = invitation(owner_client, athlete)
    second = invitation(owner_client, athlete)
    assert client.get(first).status_code == 404
    assert accept(client, second).status_code == 302


def test_an_invitation_withdrawn_while_its_form_was_open_makes_no_login(
    owner_client, client, athlete
):
    url = invitation(owner_client, athlete)
    assert client.get(url).status_code == 200  # the athlete has the form open
    assert withdraw(owner_client, athlete).status_code == 302
    assert accept(client, url).status_code == 404
    assert not get_user_model().objects.filter(username="amara").exists()


def test_removing_the_athletes_login_ends_it_and_keeps_their_training(owner_client, athlete):
    client = Client()  # the athlete's phone
    accept(client, invitation(owner_client, athlete))
    assert client.get(reverse("me_week")).status_code == 200
    response = owner_client.post(reverse("athlete_login_remove", args=[athlete.pk]), follow=True)
    assert "login was removed" in response.content.decode()
    athlete.refresh_from_db()
    assert athlete.user is None
    assert not get_user_model().objects.filter(username="amara").exists()
    after = client.get(reverse("me_week"))
    assert after.status_code == 302 and after["Location"].startswith(reverse("login"))
    # A new invitation can give them a login again.
    assert accept(Client(), invitation(owner_client, athlete), username="amara2").status_code == 302


def test_an_athlete_who_is_also_a_coach_keeps_the_coach_account(owner_client, owner, athlete):
    athlete.user = owner
    athlete.save()
    owner_client.post(reverse("athlete_login_remove", args=[athlete.pk]))
    athlete.refresh_from_db()
    assert athlete.user is None
    assert get_user_model().objects.filter(pk=owner.pk, is_active=True).exists()


def test_every_answer_at_an_invitation_keeps_its_token_out_of_referers_and_caches(
    owner_client, athlete
):
    """The token is in the address: the page, a wrong or used invitation and a form refused
    for want of its CSRF token alike send only the site's origin as Referer, never cached."""
    url = invitation(owner_client, athlete)
    strict = Client(enforce_csrf_checks=True)
    answers = [
        strict.get(url),
        strict.get(url.rstrip("/") + "x/"),
        strict.post(url, {"username": "amara", "password1": PASSWORD, "password2": PASSWORD}),
    ]
    assert [r.status_code for r in answers] == [200, 404, 403]
    for response in answers:
        assert response["Referrer-Policy"] == "strict-origin"
        assert response["Cache-Control"] == "no-store"
    assert not get_user_model().objects.filter(username="amara").exists()


def test_a_server_error_at_an_invitation_is_private_too(owner_client, athlete, monkeypatch):
    from athletes import link_views

    url = invitation(owner_client, athlete)

    def broken(token):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(link_views, "athlete_for_login_invite", broken)
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 500
    assert (response["Referrer-Policy"], response["Cache-Control"]) == ("strict-origin", "no-store")


def test_a_withdrawn_or_replaced_invitation_says_it_may_have_been(owner_client, client, athlete):
    """The athlete's coach may have withdrawn the invitation or made a newer one (which
    stops the earlier): the page names those too, as a coach's invitation page does."""
    old = invitation(owner_client, athlete)
    invitation(owner_client, athlete)  # a newer one
    response = client.get(old)
    assert response.status_code == 404
    assert (
        "It may have been used already, withdrawn by your coach or replaced by a newer "
        "one, or be more than 7 days old. Ask your coach for a new one."
    ) in response.content.decode()


BRAND_BAR = re.compile(r'<header class="topbar[^"]*">\s*<span class="brand">')


def test_the_athletes_invitation_pages_carry_the_products_name_and_no_coach_menu(
    owner_client, client, athlete
):
    """An athlete opening an invitation from a QR code sees whose page it is (Runstrength at
    the top, as on their week), whether it works or not; a coach who opens one signed in
    sees no club menu on it."""
    url = invitation(owner_client, athlete)
    for who in (client, owner_client):
        body = who.get(url).content.decode()
        assert BRAND_BAR.search(body), body[:600]
        assert 'class="mainnav"' not in body
    accept(client, url)
    used = Client().get(url)
    assert used.status_code == 404
    assert BRAND_BAR.search(used.content.decode())
    athlete.archived_at = timezone.now()
    athlete.save(update_fields=["archived_at"])
    archived = client.get(reverse("me_week"))
    assert archived.status_code == 403
    assert BRAND_BAR.search(archived.content.decode())
