import re
import smtplib
import unicodedata
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from athletes.models import Club, Invitation, Membership
from tests.factories import ClubFactory, UserFactory


def test_signup_creates_club_and_owner(client, db):
    response = client.post(
        reverse("signup"),
        {
            "club_name": "Hill Runners",
            "username": "hannah",
            "email": "h@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="hannah")
    assert membership.role == "owner"
    assert membership.club.name == "Hill Runners"


def username_taken_after_the_check(monkeypatch, form_class, username: str) -> None:
    """Another sign-up saves the same username between this form's check and its save."""
    real = form_class._post_clean  # where a model form checks the username is free

    def checked_then_taken(form):
        real(form)
        UserFactory(username=username)

    monkeypatch.setattr(form_class, "_post_clean", checked_then_taken)


def test_a_username_taken_at_the_same_instant_is_said_beside_it_and_no_club_made(
    client, db, monkeypatch
):
    from athletes.forms import SignupForm

    username_taken_after_the_check(monkeypatch, SignupForm, "hannah")
    data = {
        "club_name": "Hill Runners",
        "username": "hannah",
        "email": "h@example.com",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
    }
    response = client.post(reverse("signup"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert html.index("This username was taken a moment ago: choose another.") < html.index(
        'id="id_email"'
    )
    assert 'value="Hill Runners"' in html
    assert not Club.objects.filter(name="Hill Runners").exists()


def test_a_coach_joining_with_a_username_taken_that_instant_keeps_the_invitation(
    owner_client, club, client, monkeypatch
):
    from athletes.forms import InviteAcceptForm

    response = owner_client.post(reverse("club_coaches"), {"email": "new@example.com"}, follow=True)
    token = response.context["invite_url"].rstrip("/").rsplit("/", 1)[-1]
    owner_client.logout()
    username_taken_after_the_check(monkeypatch, InviteAcceptForm, "newcoach")
    data = {
        "username": "newcoach",
        "password1": "another-long-phrase",
        "password2": "another-long-phrase",
    }
    refused = client.post(reverse("invite_accept", args=[token]), data)
    assert refused.status_code == 400
    assert "This username was taken a moment ago" in refused.content.decode()
    assert not Membership.objects.filter(user__username="newcoach").exists()
    monkeypatch.undo()
    joined = client.post(reverse("invite_accept", args=[token]), {**data, "username": "nina"})
    assert joined.status_code == 302  # the invitation still works
    assert Membership.objects.get(user__username="nina").club == club


def test_signup_puts_the_cursor_in_its_first_field(client, db):
    body = client.get(reverse("signup")).content.decode()
    fields = re.findall(r"<input [^>]*>", body)
    focused = [f for f in fields if "autofocus" in f]
    assert len(focused) == 1 and 'name="club_name"' in focused[0]


@override_settings(SIGNUPS_PER_HOUR=2)
def test_signups_from_one_address_are_throttled(db):
    def sign_up(n: int, address: str = "127.0.0.1"):
        data = {
            "club_name": f"Club {n}",
            "username": f"coach{n}",
            "email": f"coach{n}@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        }
        return Client(REMOTE_ADDR=address).post(reverse("signup"), data)

    assert [sign_up(n).status_code for n in range(2)] == [302, 302]
    refused = sign_up(2)
    assert refused.status_code == 429
    assert "Too many clubs were created from this address" in refused.content.decode()
    assert not Club.objects.filter(name="Club 2").exists()
    assert not get_user_model().objects.filter(username="coach2").exists()
    # Another address is not held back; a form with mistakes never counts.
    assert sign_up(3, "203.0.113.9").status_code == 302
    bad = Client(REMOTE_ADDR="198.51.100.7").post(reverse("signup"), {"club_name": "X"})
    assert bad.status_code == 400
    assert [sign_up(n, "198.51.100.7").status_code for n in (4, 5)] == [302, 302]


@override_settings(SIGNUPS_PER_HOUR=1, TRUSTED_PROXIES=1)
def test_behind_a_proxy_sign_ups_count_per_visitor_not_per_proxy(db):
    def sign_up(n: int, forwarded: str):
        data = {
            "club_name": f"Proxied {n}",
            "username": f"proxied{n}",
            "email": f"proxied{n}@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        }
        client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
        return client.post(reverse("signup"), data).status_code

    assert sign_up(1, "192.0.2.10") == 302
    assert sign_up(2, "192.0.2.11") == 302  # another visitor through the same proxy
    assert sign_up(3, "192.0.2.10") == 429
    # What a visitor writes into the header is left of the proxy's entry and not read.
    assert sign_up(4, "192.0.2.99, 192.0.2.10") == 429


@override_settings(TRUSTED_PROXIES=1)
def test_a_forwarded_address_that_is_not_one_falls_back_to_the_connection(client, db):
    from config.client_ip import client_ip

    factory = RequestFactory()
    for junk in ("not-an-ip", "", "999.1.1.1", "1.2.3.4; drop"):
        request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=junk)
        assert client_ip(request) == "10.0.0.2"
    request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="2001:db8::1")
    assert client_ip(request) == "2001:db8::1"
    # The log-in page takes it too, with its lockout counting (no 500 on odd headers).
    response = client.post(
        reverse("login"),
        {"username": "nobody", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="not-an-ip",
    )
    assert response.status_code < 500


def test_signup_with_weak_password_saves_nothing(client, db):
    response = client.post(
        reverse("signup"),
        {"club_name": "X", "username": "weak", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 400
    assert "at least 8 characters" in response.content.decode()
    assert not Club.objects.exists()
    assert not get_user_model().objects.exists()


def test_owner_invites_a_coach_who_joins_once(owner_client, club, client):
    response = owner_client.post(reverse("club_coaches"), {"email": "new@example.com"}, follow=True)
    invite_url = response.context["invite_url"]
    token = invite_url.rstrip("/").rsplit("/", 1)[-1]
    owner_client.logout()
    page = client.get(reverse("invite_accept", args=[token])).content.decode()
    assert 'value="new@example.com"' in page  # the address the owner typed, filled in
    # A coach has no coach to ask for a new login: the athletes' words are not theirs.
    assert "Where a password reset is sent if you forget your password.</small>" in page
    assert "ask your coach" not in page
    data = {
        "username": "newcoach",
        "password1": "another-long-phrase",
        "password2": "another-long-phrase",
    }
    joined = client.post(reverse("invite_accept", args=[token]), data)
    assert joined.status_code == 302
    assert Membership.objects.get(user__username="newcoach").club == club
    client.logout()
    again = client.post(
        reverse("invite_accept", args=[token]),
        {**data, "username": "intruder"},
    )
    assert again.status_code == 404
    assert not get_user_model().objects.filter(username="intruder").exists()


def test_an_invitation_opened_while_logged_in_says_so_and_offers_to_log_out_first(
    owner_client, club, owner
):
    """Joining makes a new account and logs in with it: a coach logged in as someone else
    is told before that happens, and may log out first and come back to the invitation."""
    other = ClubFactory(name="Other Harriers")
    _, token = Invitation.issue(club=other, created_by=UserFactory(username="other-owner"))
    url = reverse("invite_accept", args=[token])
    page = owner_client.get(url).content.decode()
    assert "You are logged in as <strong>owner</strong>. Joining makes a new account" in page
    assert f'<input type="hidden" name="next" value="{url}">' in page
    out = owner_client.post(reverse("logout"), {"next": url})
    assert (out.status_code, out["Location"]) == (302, url)
    page = owner_client.get(url).content.decode()
    assert "You are logged in as" not in page and "Join Other Harriers" in page


def test_every_answer_at_a_coach_invitation_keeps_its_token_out_of_referers_and_caches(
    club, owner, monkeypatch
):
    """The token is in the address: the page, a wrong invitation, a form refused for want of
    its CSRF token and a server error alike send only the site's origin as Referer, never
    cached."""
    _, token = Invitation.issue(club=club, created_by=owner)
    url = reverse("invite_accept", args=[token])
    strict = Client(enforce_csrf_checks=True)
    data = {"username": "newcoach", "password1": "a-long-phrase", "password2": "a-long-phrase"}
    answers = [strict.get(url), strict.get(url.rstrip("/") + "x/"), strict.post(url, data)]
    monkeypatch.setattr(Invitation, "find_usable", staticmethod(lambda token: 1 / 0))
    answers.append(Client(raise_request_exception=False).get(url))
    assert [r.status_code for r in answers] == [200, 404, 403, 500]
    for response in answers:
        assert (response["Referrer-Policy"], response["Cache-Control"]) == (
            "strict-origin",
            "no-store",
        )
    assert not get_user_model().objects.filter(username="newcoach").exists()


def test_the_sign_up_opened_while_logged_in_says_so_and_offers_to_log_out_first(owner_client):
    """Creating a club logs in with the new account, as joining one does: a coach logged in
    already is told before that happens, and may log out first."""
    url = reverse("signup")
    page = owner_client.get(url).content.decode()
    assert "You are logged in as <strong>owner</strong>. Creating a club makes a new" in page
    assert f'<input type="hidden" name="next" value="{url}">' in page
    owner_client.post(reverse("logout"), {"next": url})
    assert "You are logged in as" not in owner_client.get(url).content.decode()


def test_a_used_invitation_sends_a_logged_in_coach_back_to_their_account(owner_client):
    page = owner_client.get(reverse("invite_accept", args=["nope"])).content.decode()
    assert "Back to your account" in page and "Go to log in" not in page


def ids_and_labels(page: str) -> tuple[list[str], list[str]]:
    return re.findall(r'\sid="([^"]+)"', page), re.findall(r'<label for="([^"]+)"', page)


def test_each_email_field_on_the_club_page_has_its_own_label(owner_client, club):
    """The invitation's email and the coach's own: one id each, so each label, help text and
    error is tied to its own field (with the same id twice, both labels named the first)."""
    pages = [
        owner_client.get(reverse("club_coaches")),
        owner_client.post(reverse("club_coaches"), {"email": "not-an-address"}),
        owner_client.post(reverse("account_email"), {"email": "not-an-address"}),
    ]
    for response in pages:
        page = response.content.decode()
        ids, labels = ids_and_labels(page)
        assert len(ids) == len(set(ids))
        assert {"id_invite_email", "id_email"} <= set(labels) <= set(ids)
    invite = re.search(r'<input [^>]*id="id_invite_email"[^>]*>', pages[1].content.decode())[0]
    assert 'aria-describedby="id_invite_email_helptext id_invite_email_error"' in invite
    assert 'id="id_email_error"' in pages[2].content.decode()


def test_plain_coach_cannot_create_invitations(client, coach):
    client.force_login(coach)
    response = client.post(reverse("club_coaches"), {"email": ""})
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_unknown_invitation_is_404(client, db):
    assert client.get(reverse("invite_accept", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_login_page_and_login(client, owner):
    response = client.post(
        reverse("login"), {"username": "owner", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("roster")


@pytest.mark.parametrize("typed", ["Owner", "OWNER", " owner"])
def test_a_username_typed_in_another_case_logs_in(client, owner, typed):
    """Sign-up refuses a username another has in any case, so "Owner" (a phone's capital)
    can only mean owner."""
    response = client.post(
        reverse("login"), {"username": typed, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_failed_log_ins_in_several_cases_pause_the_one_username(client, owner):
    for typed in ("owner", "Owner", "OWNER"):
        client.post(reverse("login"), {"username": typed, "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "owner", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_login_is_throttled_after_repeated_failures(client, owner):
    for _ in range(3):
        client.post(reverse("login"), {"username": "owner", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "owner", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()


def test_one_password_tried_against_many_usernames_from_one_address_is_paused(
    db, owner, athlete, monkeypatch
):
    """Each username has a few tries from an address; an address trying username after
    username is paused too, once it has failed more often than a club's shared wifi would,
    a right password included, on the coaches' and athletes' log-in alike."""
    from athletes import throttle

    assert throttle.LOGIN_FAILURES_AN_HOUR == 50  # a club's gym wifi: typos aplenty
    monkeypatch.setattr(throttle, "LOGIN_FAILURES_AN_HOUR", 4)
    athlete.user = UserFactory(username="amara")
    athlete.save()
    visitor = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("alice", "bob", "owner", "amara"):  # one failure each: axes lets them all by
        response = visitor.post(reverse("login"), {"username": name, "password": "Summer2026"})
        assert response.status_code == 400
    for name in ("owner", "amara"):
        refused = visitor.post(
            reverse("login"), {"username": name, "password": "correct-horse-battery"}
        )
        assert refused.status_code == 429
        body = refused.content.decode()
        assert "Too many failed log-ins from this address in the last hour" in body
        assert f'value="{name}"' in body  # what was typed stays
        assert "_auth_user_id" not in visitor.session
    # Another address is not held back, nor a form sent without a password counted.
    other = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        assert (
            other.post(reverse("login"), {"username": "owner", "password": ""}).status_code == 400
        )
    good = {"username": "owner", "password": "correct-horse-battery"}
    assert other.post(reverse("login"), good).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_tries_refused_while_a_username_is_paused_are_not_counted_against_the_address(
    db, owner, monkeypatch
):
    """A coach whose username is paused keeps trying (their password unchecked, the pause
    page each time): the club's other coaches on the same wifi are not paused for it."""
    from athletes import throttle

    monkeypatch.setattr(throttle, "LOGIN_FAILURES_AN_HOUR", 4)
    UserFactory(username="coachy")
    visitor = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(2):  # two failures: the username is paused
        visitor.post(reverse("login"), {"username": "owner", "password": "wrong"})
    for _ in range(2):
        refused = visitor.post(
            reverse("login"), {"username": "owner", "password": "correct-horse-battery"}
        )
        assert refused.status_code == 429
        assert "log-in for this account is paused" in refused.content.decode()
    other = {"username": "coachy", "password": "correct-horse-battery"}
    assert Client(REMOTE_ADDR="203.0.113.9").post(reverse("login"), other).status_code == 302


def test_addresses_are_counted_one_by_one_for_ipv4_and_by_their_64_for_ipv6():
    from config.client_ip import client_network

    def network(address: str) -> str:
        return client_network(RequestFactory().get("/", REMOTE_ADDR=address))

    assert network("203.0.113.9") == "203.0.113.9"
    assert network("203.0.113.10") == "203.0.113.10"
    # Every address of a /64 (one home line, one rented server) is one count ...
    assert network("2001:db8:1:2::1") == "2001:db8:1:2::"
    assert network("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::"
    assert network("2001:0DB8:0001:0002:abcd::9") == "2001:db8:1:2::"
    # ... the next /64 another, and IPv4 written as IPv6 is that IPv4 address.
    assert network("2001:db8:1:3::1") == "2001:db8:1:3::"
    assert network("::ffff:203.0.113.9") == "203.0.113.9"
    assert network("") == ""


def test_failed_log_ins_from_one_ipv6_64_are_counted_together(db, owner, monkeypatch):
    """An IPv6 visitor holds a whole /64: a fresh address for every try is still one
    address to the limit; another /64 is not held back, and an IPv4 address written as
    IPv6 counts with that IPv4 address."""
    from athletes import throttle

    monkeypatch.setattr(throttle, "LOGIN_FAILURES_AN_HOUR", 3)
    wrong = {"username": "owner", "password": "Summer2026"}
    right = {"username": "owner", "password": "correct-horse-battery"}
    for address in ("2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:abcd:ef01:2345:6789"):
        assert Client(REMOTE_ADDR=address).post(reverse("login"), wrong).status_code == 400
    refused = Client(REMOTE_ADDR="2001:db8:1:2::99").post(reverse("login"), right)
    assert refused.status_code == 429
    assert "Too many failed log-ins from this address" in refused.content.decode()
    assert Client(REMOTE_ADDR="2001:db8:1:3::1").post(reverse("login"), right).status_code == 302

    for _ in range(3):
        Client(REMOTE_ADDR="::ffff:192.0.2.10").post(reverse("login"), wrong)
    assert Client(REMOTE_ADDR="192.0.2.10").post(reverse("login"), right).status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_username_is_paused_for_the_whole_ipv6_64_it_was_tried_from(client, owner):
    for n in range(3):
        Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1}").post(
            reverse("login"), {"username": "owner", "password": "wrong"}
        )
    right = {"username": "owner", "password": "correct-horse-battery"}
    assert Client(REMOTE_ADDR="2001:db8:1:2::77").post(reverse("login"), right).status_code == 429
    assert Client(REMOTE_ADDR="2001:db8:1:3::1").post(reverse("login"), right).status_code == 302


@pytest.fixture
def staff(db):
    return UserFactory(username="boss", is_staff=True, is_superuser=True)


def test_the_admin_log_in_counts_towards_and_obeys_the_address_limit(db, staff, monkeypatch):
    """The admin's log-in is no way round the limit on failed log-ins from one address:
    its failures count, the site's count for it, and a paused address is refused there
    too, a right password included."""
    from athletes import throttle

    monkeypatch.setattr(throttle, "LOGIN_FAILURES_AN_HOUR", 4)
    admin_login = reverse("admin:login")
    visitor = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("alice", "bob", "carol"):
        failed = visitor.post(admin_login, {"username": name, "password": "Summer2026"})
        assert failed.status_code == 400
    # A right password of an account that may not use the admin is refused, not counted.
    UserFactory(username="coachy")
    not_staff = {"username": "coachy", "password": "correct-horse-battery"}
    assert visitor.post(admin_login, not_staff).status_code == 400
    visitor.post(reverse("login"), {"username": "dave", "password": "Summer2026"})
    right = {"username": "boss", "password": "correct-horse-battery"}
    refused = visitor.post(admin_login, right)
    assert refused.status_code == 429
    assert "Too many failed log-ins from this address in the last hour" in (
        refused.content.decode()
    )
    assert "_auth_user_id" not in visitor.session
    assert visitor.post(reverse("login"), right).status_code == 429
    # Another address logs in to the admin as before.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(admin_login, right).status_code == 302
    assert other.get(reverse("admin:index")).status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_admin_log_in_pauses_a_username_after_a_few_failures(db, staff):
    admin_login = reverse("admin:login")
    visitor = Client(REMOTE_ADDR="192.0.2.11")
    for _ in range(3):
        visitor.post(admin_login, {"username": "boss", "password": "wrong"})
    right = {"username": "boss", "password": "correct-horse-battery"}
    refused = visitor.post(admin_login, right)
    assert refused.status_code == 429
    assert "_auth_user_id" not in visitor.session
    assert visitor.post(reverse("login"), right).status_code == 429


@override_settings(AXES_FAILURE_LIMIT=2)
def test_admin_tries_refused_while_a_username_is_paused_are_not_counted_against_the_address(
    db, staff, monkeypatch
):
    """As on the site's log-in: a staff member whose username is paused keeps trying (the
    password unchecked, the pause page each time), and the coaches on the same address are
    not paused for it."""
    from athletes import throttle

    monkeypatch.setattr(throttle, "LOGIN_FAILURES_AN_HOUR", 4)
    UserFactory(username="coachy")
    admin_login = reverse("admin:login")
    visitor = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(2):  # two failures: the username is paused
        visitor.post(admin_login, {"username": "boss", "password": "wrong"})
    right = {"username": "boss", "password": "correct-horse-battery"}
    for _ in range(2):
        refused = visitor.post(admin_login, right)
        assert refused.status_code == 429
        assert "_auth_user_id" not in visitor.session
    other = {"username": "coachy", "password": "correct-horse-battery"}
    assert Client(REMOTE_ADDR="203.0.113.9").post(reverse("login"), other).status_code == 302


def test_a_right_password_refused_for_an_archived_athlete_is_not_a_failed_log_in(
    db, athlete, monkeypatch
):
    """An athlete whose coach archived them is told why, as often as they try: their right
    password is not counted towards pausing the address they try from."""
    from athletes import throttle
    from athletes.services import athlete_archive

    monkeypatch.setattr(throttle, "LOGIN_FAILURES_AN_HOUR", 2)
    athlete.user = UserFactory(username="amara")
    athlete.save()
    athlete_archive(athlete=athlete)
    visitor = Client(REMOTE_ADDR="192.0.2.11")  # its count cleared between tests
    for _ in range(3):
        response = visitor.post(
            reverse("login"), {"username": "amara", "password": "correct-horse-battery"}
        )
        assert response.status_code == 400
        assert "Your coach has archived your record" in response.content.decode()


def test_logout_needs_post(owner_client):
    assert owner_client.get(reverse("logout")).status_code == 405
    assert owner_client.post(reverse("logout")).status_code == 302


def test_whoever_logs_in_after_a_log_out_lands_on_their_own_page(client, owner, athlete):
    """A phone or club computer shared: the athlete logs out of their week, the coach logs
    in next and gets the roster (not the athlete's week, which a coach cannot open), and the
    other way round."""
    athlete.user = UserFactory(username="amara")
    athlete.save()
    password = {"password": "correct-horse-battery"}
    client.post(reverse("login"), {"username": "amara", **password})
    out = client.post(reverse("logout"), HTTP_REFERER="http://testserver/me/")
    assert out["Location"] == reverse("login")
    coach_in = client.post(reverse("login"), {"username": "owner", **password}, follow=True)
    assert coach_in.redirect_chain[-1] == (reverse("roster"), 302)
    client.post(reverse("logout"), HTTP_REFERER="http://testserver/athletes/")
    athlete_in = client.post(reverse("login"), {"username": "amara", **password}, follow=True)
    assert athlete_in.redirect_chain[-1] == (reverse("me_week"), 302)
    assert athlete_in.status_code == 200


def test_a_log_out_sent_from_a_tab_left_open_after_logging_out_leads_to_the_plain_log_in(
    client, owner, athlete
):
    """The coach logged out in one tab, then presses Log out in another still showing an
    athlete's plan: whoever logs in next (an athlete) starts on their own week."""
    athlete.user = UserFactory(username="amara")
    athlete.save()
    password = {"password": "correct-horse-battery"}
    client.post(reverse("login"), {"username": "owner", **password})
    client.post(reverse("logout"))
    plan = f"http://testserver{reverse('athlete_plan', args=[athlete.pk])}"

    out = client.post(reverse("logout"), HTTP_REFERER=plan)

    assert out["Location"] == reverse("login")
    athlete_in = client.post(reverse("login"), {"username": "amara", **password}, follow=True)
    assert athlete_in.redirect_chain[-1] == (reverse("me_week"), 302)


def test_a_refused_log_in_or_password_reset_answers_400_with_the_reason(client, owner):
    response = client.post(reverse("login"), {"username": "owner", "password": "wrong"})
    assert response.status_code == 400
    assert "This username and password do not match a login" in response.content.decode()
    response = client.post(reverse("password_reset"), {"email": "not an address"})
    assert response.status_code == 400
    assert "Enter the email in full, for example name@example.com." in response.content.decode()
    assert len(mail.outbox) == 0
    uid = urlsafe_base64_encode(force_bytes(owner.pk))
    link = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(owner)])
    form = client.get(link)["Location"]
    response = client.post(form, {"new_password1": "Sturdy-pass-771", "new_password2": "Other-1"})
    assert response.status_code == 400
    assert "The two passwords differ" in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password("correct-horse-battery")


def test_a_reset_link_that_no_longer_works_says_so_in_the_title_too(client, owner):
    """The title is what a tab and a screen reader say first: not "Choose a new password"
    over a page that says the link no longer works."""
    uid = urlsafe_base64_encode(force_bytes(owner.pk))
    page = client.get(reverse("password_reset_confirm", args=[uid, "used-token"]))
    body = page.content.decode()
    assert "<title>This reset link no longer works · Runstrength</title>" in body
    assert "<h1>This link no longer works</h1>" in body


def test_a_reset_link_that_no_longer_works_answers_not_found(client, owner):
    """As a login invitation that no longer works: not found, whether opened or its form
    sent (a page left open after the link was used in another tab)."""
    uid = urlsafe_base64_encode(force_bytes(owner.pk))
    link = reverse("password_reset_confirm", args=[uid, "used-token"])
    assert client.get(link).status_code == 404
    typed = {"new_password1": "Sturdy-pass-771", "new_password2": "Sturdy-pass-771"}
    assert client.post(link, typed).status_code == 404
    assert client.get(reverse("password_reset_confirm", args=["!!", "x-y"])).status_code == 404
    owner.refresh_from_db()
    assert owner.check_password("correct-horse-battery")


def test_the_reset_page_leads_back_to_log_in_with_mail_set_up_or_without(client):
    back = f'<a href="{reverse("login")}">Back to log in</a>'
    assert back in client.get(reverse("password_reset")).content.decode()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"):
        assert back in client.get(reverse("password_reset")).content.decode()
    # Also when the address typed comes back with a mistake.
    refused = client.post(reverse("password_reset"), {"email": "not an address"})
    assert refused.status_code == 400 and back in refused.content.decode()


@override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_without_a_mail_server_the_reset_pages_say_whom_to_ask_not_that_a_link_is_coming(
    client, owner
):
    """No mail leaves the site: the reset page does not offer to email a link, and asked
    anyway (a form left open), the page after it does not say one is on its way. It says
    whom to ask instead, the same words for an address with an account or without."""
    ask = "This site has no mail server set up, so it cannot email a reset link."
    page = client.get(reverse("password_reset")).content.decode()
    assert ask in page
    assert "Send the link" not in page and "We will email you" not in page
    assert "ask your coach to remove your login and invite you to a new one" in page
    assert "ask your club's owner to invite you again" in page
    answers = []
    for email in ("owner@example.com", "nobody@example.com", "not an address"):
        sent = client.post(reverse("password_reset"), {"email": email})
        assert sent.status_code == 302
        body = client.get(sent["Location"]).content.decode()
        answers.append(body[body.index("<main") : body.index("</main>")])
    assert answers[0] == answers[1]
    assert ask in answers[0]
    assert "on its way" not in answers[0] and "Check your email" not in answers[0]


@override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_without_a_mail_server_a_reset_asked_anyway_writes_no_link_anywhere(
    client, owner, capsys, monkeypatch
):
    """A reset form left open from before is sent while no mail server is set up: no reset
    link is made, so none lands in the server's log (the console mail backend) or an outbox,
    and every address gets the same "no reset link sent" page."""
    from django.core.mail.backends.console import EmailBackend

    made = []
    monkeypatch.setattr(
        default_token_generator, "make_token", lambda user: made.append(user) or "token"
    )
    written = []
    monkeypatch.setattr(EmailBackend, "send_messages", lambda self, msgs: written.extend(msgs))
    answers = []
    for email in ("owner@example.com", "nobody@example.com", "not an address"):
        sent = client.post(reverse("password_reset"), {"email": email})
        assert sent.status_code == 302
        assert sent["Location"] == reverse("password_reset_done")
        body = client.get(sent["Location"]).content.decode()
        answers.append(body[body.index("<main") : body.index("</main>")])
    assert made == [] and written == [] and len(mail.outbox) == 0
    assert "/reset/" not in capsys.readouterr().out
    assert answers[0] == answers[1] == answers[2]
    assert "No reset link sent" in answers[0]


def test_password_reset_sends_an_email(client, owner):
    client.post(reverse("password_reset"), {"email": "owner@example.com"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Your Runstrength password"
    assert "/reset/" in message.body
    assert f"Your username, in case you have forgotten it: {owner.username}" in message.body


def test_a_reset_link_opened_while_logged_in_as_someone_else_says_who_stays_logged_in(
    owner_client, coach
):
    """On a shared computer: the coach's new password is saved, and the browser, still
    logged in as the owner, says so instead of offering a Log in that opens the owner's
    account."""
    uid = urlsafe_base64_encode(force_bytes(coach.pk))
    link = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(coach)])
    form = owner_client.get(link, follow=True)
    page = form.content.decode()
    assert "You are logged in as <strong>owner</strong>: this link sets the password" in page
    assert "<strong>second</strong>" in page
    data = {"new_password1": "Fresh-sturdy-771", "new_password2": "Fresh-sturdy-771"}
    done = owner_client.post(form.redirect_chain[-1][0], data, follow=True)
    coach.refresh_from_db()
    assert coach.check_password("Fresh-sturdy-771")
    page = done.content.decode()
    assert "This browser is still logged in as <strong>owner</strong>" in page
    assert f'action="{reverse("logout")}"' in page.split("<main", 1)[1]
    # Logged out, the page offers the log-in.
    owner_client.post(reverse("logout"))
    page = owner_client.get(reverse("password_reset_complete")).content.decode()
    assert "still logged in" not in page and f'href="{reverse("login")}"' in page


@pytest.mark.parametrize(
    "backend, advice",
    [
        (
            "django.core.mail.backends.console.EmailBackend",
            "or log in with that account if it is yours.",
        ),
        (
            "django.core.mail.backends.locmem.EmailBackend",
            "or reset that account&#x27;s password if it is yours.",
        ),
    ],
)
def test_an_email_in_use_at_signup_points_to_a_reset_only_where_mail_is_sent(
    client, owner, settings, backend, advice
):
    """With no mail server the reset page can send no link: the refusal does not send the
    coach there, but to log in with the account that has the address."""
    settings.EMAIL_BACKEND = backend
    data = {
        "club_name": "Hill Runners",
        "username": "hannah",
        "email": owner.email,
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
    }
    body = client.post(reverse("signup"), data).content.decode()
    said = "Another account uses this email: give another (an account belongs to one club), "
    assert said + advice in body
    assert ("reset that account" in body) == backend.endswith("locmem.EmailBackend")


def test_an_email_another_account_uses_is_refused_at_signup(client, owner):
    response = client.post(
        reverse("signup"),
        {
            "club_name": "Hill Runners",
            "username": "hannah",
            "email": owner.email.upper(),
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 400
    assert "Another account uses this email: give another" in response.content.decode()
    assert not get_user_model().objects.filter(username="hannah").exists()


def test_reloading_after_an_invitation_neither_shows_it_again_nor_makes_another(owner_client, club):
    response = owner_client.post(reverse("club_coaches"), {"email": "sam@example.com"})
    assert response.status_code == 302
    shown = owner_client.get(response["Location"])
    assert "/invite/" in shown.context["invite_url"]
    again = owner_client.get(response["Location"])
    assert again.context["invite_url"] is None
    assert club.invitations.count() == 1


def test_owner_sees_pending_invitations_and_withdraws_one(owner_client, club, client):
    response = owner_client.post(reverse("club_coaches"), {"email": "sam@example.com"}, follow=True)
    token = response.context["invite_url"].rstrip("/").rsplit("/", 1)[-1]
    page = owner_client.get(reverse("club_coaches")).content.decode()
    assert "Waiting to be used" in page and "sam@example.com" in page
    invitation = club.invitations.get()
    withdrawn = owner_client.post(reverse("invitation_withdraw", args=[invitation.pk]), follow=True)
    assert (
        "The invitation for sam@example.com is withdrawn: its link no longer works."
        in withdrawn.content.decode()
    )
    assert "sam@example.com" not in owner_client.get(reverse("club_coaches")).content.decode()
    refused = client.get(reverse("invite_accept", args=[token]))
    assert refused.status_code == 404
    # The coach who opens it is given the reason it was, not only use and age.
    assert "withdrawn by the club's owner" in refused.content.decode()


def test_an_invitation_that_ran_out_unused_is_listed_as_expired_and_sent_again(
    owner_client, club, owner
):
    from datetime import timedelta

    expired, _ = Invitation.issue(club=club, created_by=owner, email="kit@example.com")
    forgotten, _ = Invitation.issue(club=club, created_by=owner, email="old@example.com")
    now = timezone.now()
    Invitation.objects.filter(pk=expired.pk).update(created_at=now - timedelta(days=9))
    Invitation.objects.filter(pk=forgotten.pk).update(created_at=now - timedelta(days=60))

    page = owner_client.get(reverse("club_coaches")).content.decode()
    assert "Expired without being used" in page and "kit@example.com" in page
    assert "Waiting to be used" not in page
    assert "old@example.com" not in page  # ran out long ago: no longer listed

    again = owner_client.post(reverse("club_coaches"), {"email": "kit@example.com"}, follow=True)
    assert again.context["invite_url"]
    fresh = club.invitations.get(email="kit@example.com")
    assert fresh.pk != expired.pk and fresh.expires_at > now
    page = owner_client.get(reverse("club_coaches")).content.decode()
    assert "Waiting to be used" in page and "Expired without being used" not in page


def test_clearing_an_expired_invitation_says_it_is_cleared(owner_client, club, owner):
    from datetime import timedelta

    expired, _ = Invitation.issue(club=club, created_by=owner, email="kit@example.com")
    Invitation.objects.filter(pk=expired.pk).update(created_at=timezone.now() - timedelta(days=8))
    cleared = owner_client.post(reverse("invitation_withdraw", args=[expired.pk]), follow=True)
    assert "The expired invitation for kit@example.com is cleared" in cleared.content.decode()
    assert not club.invitations.exists()


def test_an_invitation_for_no_one_in_particular_is_withdrawn_in_words_that_fit(
    owner_client, club, owner
):
    invitation, _ = Invitation.issue(club=club, created_by=owner)
    withdrawn = owner_client.post(reverse("invitation_withdraw", args=[invitation.pk]), follow=True)
    assert "The invitation is withdrawn: its link no longer works." in withdrawn.content.decode()
    assert "for the coach" not in withdrawn.content.decode()


@pytest.mark.parametrize(
    ("backend", "help_text"),
    [
        ("django.core.mail.backends.locmem.EmailBackend", "the link is emailed there"),
        (
            "django.core.mail.backends.console.EmailBackend",
            "this site sends no mail, so pass the link on yourself",
        ),
    ],
)
def test_the_invitation_email_box_says_whether_the_link_is_mailed(
    owner_client, settings, backend, help_text
):
    settings.EMAIL_BACKEND = backend
    page = owner_client.get(reverse("club_coaches")).content.decode()
    assert help_text in page
    assert "when a mail server is set up" not in page


def test_a_plain_coach_cannot_withdraw_an_invitation(client, coach, club, owner):
    from athletes.models import Invitation

    invitation, _ = Invitation.issue(club=club, created_by=owner)
    client.force_login(coach)
    assert client.post(reverse("invitation_withdraw", args=[invitation.pk])).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_the_owner_removes_a_coach_whose_login_stops_at_once(owner_client, club, coach):
    client = Client()  # the coach's own browser
    client.force_login(coach)
    assert client.get(reverse("roster")).status_code == 200
    membership = Membership.objects.get(user=coach)
    page = owner_client.get(reverse("club_coaches")).content.decode()
    assert reverse("club_coach_remove", args=[membership.pk]) in page

    response = owner_client.post(reverse("club_coach_remove", args=[membership.pk]), follow=True)

    assert "second is no longer a coach of" in response.content.decode()
    assert not Membership.objects.filter(user=coach).exists()
    coach.refresh_from_db()
    assert not coach.is_active
    after = client.get(reverse("roster"))  # the session open before is over
    assert after.status_code == 302 and after["Location"].startswith(reverse("login"))
    fresh = Client()
    fresh.post(reverse("login"), {"username": "second", "password": "correct-horse-battery"})
    assert "_auth_user_id" not in fresh.session  # the password no longer lets them in


def test_only_the_owner_removes_coaches_and_never_an_owner(client, club, owner, coach):
    client.force_login(coach)
    owner_membership = Membership.objects.get(user=owner)
    for membership in (owner_membership, Membership.objects.get(user=coach)):
        response = client.post(reverse("club_coach_remove", args=[membership.pk]))
        assert response.status_code == 404
    client.force_login(owner)
    response = client.post(reverse("club_coach_remove", args=[owner_membership.pk]))
    assert response.status_code == 404  # an owner is not removed this way, not even oneself
    assert Membership.objects.filter(user__in=[owner, coach]).count() == 2


def test_a_removed_coach_can_be_invited_back_with_the_same_address(owner_client, club, coach):
    coach.email = "second@example.com"
    coach.save()
    owner_client.post(reverse("club_coach_remove", args=[Membership.objects.get(user=coach).pk]))
    response = owner_client.post(
        reverse("club_coaches"), {"email": "second@example.com"}, follow=True
    )
    token = response.context["invite_url"].rstrip("/").rsplit("/", 1)[-1]
    owner_client.logout()
    data = {
        "username": "second-again",
        "email": "second@example.com",
        "password1": "another-long-phrase",
        "password2": "another-long-phrase",
    }
    assert owner_client.post(reverse("invite_accept", args=[token]), data).status_code == 302
    assert Membership.objects.get(user__username="second-again").club == club


@pytest.mark.django_db(transaction=True)
def test_accepting_an_invitation_works_outside_a_test_transaction(client):
    """As in production: each request commits on its own, so the invitation's row lock needs
    the service's own transaction (PostgreSQL refuses SELECT ... FOR UPDATE without one)."""
    from tests.factories import ClubFactory, MembershipFactory, UserFactory

    club = ClubFactory(name="Riverside Harriers")
    owner = MembershipFactory(club=club, role="owner", user=UserFactory(username="owner")).user
    _, token = Invitation.issue(club=club, created_by=owner)
    data = {
        "username": "newcoach",
        "password1": "another-long-phrase",
        "password2": "another-long-phrase",
    }
    response = client.post(reverse("invite_accept", args=[token]), data)
    assert response.status_code == 302
    assert Membership.objects.get(user__username="newcoach").club == club


def test_another_clubs_owner_cannot_remove_this_clubs_coach(stranger_client, coach):
    membership = Membership.objects.get(user=coach)
    response = stranger_client.post(reverse("club_coach_remove", args=[membership.pk]))
    assert response.status_code == 404
    coach.refresh_from_db()
    assert coach.is_active and Membership.objects.filter(user=coach).exists()


def test_a_second_invitation_to_the_same_address_replaces_the_first(owner_client, club):
    first = owner_client.post(reverse("club_coaches"), {"email": "new@example.com"}, follow=True)
    old_token = first.context["invite_url"].rstrip("/").rsplit("/", 1)[-1]
    owner_client.post(reverse("club_coaches"), {"email": "New@Example.com"})
    assert Invitation.objects.filter(club=club, used_at__isnull=True).count() == 1
    owner_client.logout()
    assert owner_client.get(reverse("invite_accept", args=[old_token])).status_code == 404


def test_an_invitation_with_an_address_is_mailed_to_it(owner_client, club, owner):
    club.name = "Hill <Runners>\nEvil: header"
    club.save()
    response = owner_client.post(reverse("club_coaches"), {"email": "new@example.com"}, follow=True)
    [message] = mail.outbox
    assert message.to == ["new@example.com"]
    # Nothing the sender typed goes into the mail (the link's page names the club).
    assert message.subject == "Your invitation to coach on Runstrength"
    assert "Hill" not in message.body and "Evil" not in message.body
    assert "owner" not in message.body
    assert response.context["invite_url"] in message.body
    assert "Invitation sent to new@example.com." in response.content.decode()
    # Without an address there is nobody to mail: the owner sends the link.
    owner_client.post(reverse("club_coaches"), {"email": ""}, follow=True)
    assert len(mail.outbox) == 1


def test_a_mail_server_that_is_down_still_leaves_the_link_to_send(owner_client, club, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("athletes.views.send_mail", refuse)
    response = owner_client.post(reverse("club_coaches"), {"email": "new@example.com"}, follow=True)
    assert response.status_code == 200
    assert response.context["invite_url"]
    assert "could not be sent: send the link below." in response.content.decode()
    assert Invitation.objects.filter(email="new@example.com").exists()


def test_invitation_mails_stop_at_the_days_limit(owner_client, club):
    from athletes.views import INVITATION_MAILS_A_DAY

    for n in range(INVITATION_MAILS_A_DAY + 2):
        response = owner_client.post(
            reverse("club_coaches"), {"email": f"coach{n}@example.com"}, follow=True
        )
    assert len(mail.outbox) == INVITATION_MAILS_A_DAY
    assert "Not emailed: today&#x27;s invitation mail is used up." in response.content.decode()
    assert response.context["invite_url"]  # the link is still there to send by hand


@override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_without_a_mail_server_the_page_does_not_claim_a_mail_was_sent(owner_client, club):
    response = owner_client.post(reverse("club_coaches"), {"email": "new@example.com"}, follow=True)
    body = response.content.decode()
    assert "No mail server is set up here: send the link below yourself." in body
    assert "Invitation sent" not in body


def test_invitation_mails_stop_at_the_sites_daily_limit_too(owner_client, club, monkeypatch):
    """Signing up club after club gives no more mail: the whole site has a daily limit."""
    monkeypatch.setattr("athletes.views.INVITATION_MAILS_A_DAY_ALL_CLUBS", 2)
    for n in range(3):
        response = owner_client.post(
            reverse("club_coaches"), {"email": f"c{n}@example.com"}, follow=True
        )
    assert len(mail.outbox) == 2
    assert "used up" in response.content.decode()


@pytest.mark.parametrize("club_name", ["\u200b", "\u200f\u200f", "\ufeff", "\u0301"])
def test_a_club_name_of_invisible_characters_is_refused_at_signup(client, db, club_name):
    response = client.post(
        reverse("signup"),
        {
            "club_name": club_name,
            "username": "hannah",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    beside = body[body.index('id="id_club_name_error"') :]
    assert "Use letters or numbers in the name." in beside[: beside.index("</div>")]
    assert not Club.objects.exists()
    assert not get_user_model().objects.exists()


def test_a_club_name_is_saved_composed(client, db):
    name = unicodedata.normalize("NFD", "Équipe de Sète")
    response = client.post(
        reverse("signup"),
        {
            "club_name": name,
            "username": "hannah",
            "email": "hannah@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    assert Club.objects.get().name == unicodedata.normalize("NFC", name)


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=timedelta(minutes=15))
def test_the_pause_on_log_in_says_how_long_it_lasts(client, owner):
    for _ in range(3):
        client.post(reverse("login"), {"username": "owner", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "owner", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "paused for 15 minutes" in response.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_new_password_by_the_emailed_link_lifts_the_pause_on_log_in(client, owner):
    """The lockout page sends the coach to reset the password: once it is reset, the new
    password logs in at once instead of waiting out the pause."""
    for _ in range(3):
        client.post(reverse("login"), {"username": "owner", "password": "wrong"})
    client.post(reverse("password_reset"), {"email": "owner@example.com"})
    [link] = re.findall(r"http://testserver(/reset/\S+/)", mail.outbox[0].body)
    form = client.get(link, follow=True)
    new = {"new_password1": "a-brand-new-phrase", "new_password2": "a-brand-new-phrase"}
    assert client.post(form.redirect_chain[-1][0], new).status_code == 302
    response = client.post(
        reverse("login"), {"username": "owner", "password": new["new_password1"]}
    )
    assert response.status_code == 302


def test_an_invitation_email_longer_than_an_account_keeps_is_refused(owner_client, club):
    long = "a" * 250 + "@example.com"
    response = owner_client.post(reverse("club_coaches"), {"email": long})
    assert response.status_code == 400
    assert "to 254 characters or fewer" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_form_refused_for_its_csrf_token_gets_the_sites_page(owner):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    response = strict.post(reverse("club_coaches"), {"email": "x@example.com"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "That was not sent" in body and 'href="/"' in body


def test_the_owner_renames_the_club(owner_client, club):
    page = owner_client.get(reverse("club_coaches")).content.decode()
    assert f'name="seen" value="{club.name}"' in page
    response = owner_client.post(
        reverse("club_rename"), {"name": "  Riverside Road Runners ", "seen": club.name}
    )
    assert response.status_code == 302
    club.refresh_from_db()
    assert club.name == "Riverside Road Runners"
    shown = owner_client.get(reverse("roster")).content.decode()
    assert "Riverside Road Runners" in shown  # the top bar


def test_a_club_saved_with_its_name_unchanged_says_so(owner_client, club):
    response = owner_client.post(
        reverse("club_rename"), {"name": f" {club.name}", "seen": club.name}, follow=True
    )
    page = response.content.decode()
    assert f"The club keeps its name, “{club.name}”: nothing was changed." in page
    assert "is now called" not in page


def test_a_club_rename_from_a_stale_page_or_with_a_blank_name_is_refused(owner_client, club):
    old = club.name
    blank = owner_client.post(reverse("club_rename"), {"name": "\u200b", "seen": old})
    assert blank.status_code == 400
    assert "Use letters or numbers in the name." in blank.content.decode()
    Club.objects.filter(pk=club.pk).update(name="Renamed In Another Tab")
    stale = owner_client.post(reverse("club_rename"), {"name": "Mine", "seen": old})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Not saved: the club was renamed “Renamed In Another Tab”" in body
    assert 'value="Mine"' in body  # what was typed, kept
    club.refresh_from_db()
    assert club.name == "Renamed In Another Tab"


def test_a_plain_coach_cannot_rename_the_club(client, coach, club):
    client.force_login(coach)
    page = client.get(reverse("club_coaches")).content.decode()
    assert "Rename the club" not in page
    response = client.post(reverse("club_rename"), {"name": "Mine", "seen": club.name})
    assert response.status_code == 404
    club.refresh_from_db()
    assert club.name != "Mine"


def test_a_coach_sets_the_email_a_password_reset_goes_to(client, coach, owner):
    client.force_login(coach)
    url = reverse("account_email")
    wrong = client.post(url, {"email": "me@example.com", "password": "not-mine"})
    assert wrong.status_code == 400
    assert "That is not your password." in wrong.content.decode()
    taken = client.post(url, {"email": owner.email.upper(), "password": "correct-horse-battery"})
    assert taken.status_code == 400
    assert "Another account uses this email" in taken.content.decode()
    coach.refresh_from_db()
    before = coach.email
    assert before != "me@example.com"
    done = client.post(url, {"email": "me@example.com", "password": "correct-horse-battery"})
    assert done.status_code == 302
    coach.refresh_from_db()
    assert coach.email == "me@example.com"
    # Keeping one's own address is no clash.
    again = client.post(url, {"email": "ME@example.com", "password": "correct-horse-battery"})
    assert again.status_code == 302


def test_the_club_pages_forms_addresses_opened_again_lead_to_the_club_page(owner_client, club):
    """A refused rename or email change is shown at the form's own address: reloading it
    in a new tab, a phone restoring the tab or the browser's history opens it with a GET,
    which lands on the club page, not on a blank "405" error."""
    refused = owner_client.post(reverse("account_email"), {"email": "", "password": "x"})
    assert refused.status_code == 400
    for name in ("club_rename", "account_email"):
        response = owner_client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == reverse("club_coaches")
        assert club.name in owner_client.get(reverse(name), follow=True).content.decode()


def test_a_coach_changes_their_password(client, coach):
    client.force_login(coach)
    url = reverse("password_change")
    assert client.get(url).status_code == 200
    short = client.post(
        url, {"old_password": "correct-horse-battery", "new_password1": "x", "new_password2": "x"}
    )
    assert short.status_code == 400
    new = "a-fresh-long-phrase"
    data = {"old_password": "correct-horse-battery", "new_password1": new, "new_password2": new}
    assert client.post(url, data).status_code == 302
    coach.refresh_from_db()
    assert coach.check_password(new)
    assert client.get(reverse("roster")).status_code == 200  # still logged in


def test_sign_up_asks_for_the_owners_email(client, db):
    data = {
        "club_name": "Hill Runners",
        "username": "hannah",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
    }
    response = client.post(reverse("signup"), data)
    assert response.status_code == 400
    assert "Where a password reset is sent if you forget your password." in (
        response.content.decode()
    )
    assert not Club.objects.exists()


@override_settings(SIGNUPS_PER_HOUR=100)
def test_sign_up_tries_are_counted_refused_ones_too(db, monkeypatch):
    """The form says whether an email has an account: asked address after address, the
    tries run out (a few dozen an hour), and then no email is looked up."""
    from athletes import throttle
    from tests.factories import UserFactory

    monkeypatch.setattr(throttle, "SIGNUP_TRIES_AN_HOUR", 3)
    UserFactory(username="known", email="known@example.com")
    visitor = Client(REMOTE_ADDR="203.0.113.9")
    data = {"club_name": "X", "username": "probe", "password1": "a", "password2": "a"}
    for n in range(3):
        response = visitor.post(reverse("signup"), {**data, "email": f"guess{n}@example.com"})
        assert response.status_code == 400
    refused = visitor.post(reverse("signup"), {**data, "email": "known@example.com"})
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "Too many sign-up attempts from this address" in body
    assert "Another account uses this email" not in body
    # Another address is not held back.
    other = Client(REMOTE_ADDR="198.51.100.7").post(reverse("signup"), data)
    assert other.status_code == 400


def test_email_and_password_changes_are_a_few_tries_an_hour(client, coach, owner):
    """They check the password, and the email change says whether an address has an
    account: not to be asked over and over (a stolen session guessing the password)."""
    from athletes import throttle

    client.force_login(coach)
    for n in range(throttle.ACCOUNT_TRIES_AN_HOUR):
        data = {"email": f"guess{n}@example.com", "password": "wrong"}
        assert client.post(reverse("account_email"), data).status_code == 400
    probe = client.post(
        reverse("account_email"), {"email": owner.email, "password": "correct-horse-battery"}
    )
    assert probe.status_code == 429
    body = probe.content.decode()
    assert "Too many tries in the last hour" in body
    assert "Another account uses this email" not in body
    change = {"old_password": "guess", "new_password1": "x-long-one", "new_password2": "x-long-one"}
    assert client.post(reverse("password_change"), change).status_code == 429


def test_a_sign_up_refused_for_too_many_tries_keeps_what_was_typed(db, monkeypatch):
    from athletes import throttle

    monkeypatch.setattr(throttle, "SIGNUP_TRIES_AN_HOUR", 0)
    data = {"club_name": "Harriers Typed", "username": "typedname", "email": "me@example.com"}
    response = Client(REMOTE_ADDR="203.0.113.9").post(reverse("signup"), data)
    assert response.status_code == 429
    body = response.content.decode()
    assert all(f'value="{value}"' in body for value in data.values())


def test_the_owner_keeps_an_email_a_coach_may_clear_theirs(owner_client, client, coach, owner):
    cleared = {"email": "", "password": "correct-horse-battery"}
    refused = owner_client.post(reverse("account_email"), cleared)
    assert refused.status_code == 400
    owner.refresh_from_db()
    assert owner.email
    client.force_login(coach)
    assert client.post(reverse("account_email"), cleared).status_code == 302
    coach.refresh_from_db()
    assert coach.email == ""


def test_the_owner_hands_the_club_over_to_a_coach_and_stays_on_as_a_coach(
    owner_client, club, owner, coach
):
    membership = Membership.objects.get(user=coach)
    url = reverse("club_owner_handover", args=[membership.pk])
    page = owner_client.get(reverse("club_coaches")).content.decode()
    assert f'action="{url}"' in page and "Make owner" in page

    response = owner_client.post(url, follow=True)

    assert "second is the owner of Riverside Harriers now; you stay on as a coach." in (
        response.content.decode()
    )
    roles = dict(Membership.objects.filter(club=club).values_list("user__username", "role"))
    assert roles == {"second": "owner", "owner": "coach"}
    # The old owner now has a coach's rights: no invitations (told of the hand-over), no
    # hand-over back.
    assert owner_client.post(reverse("club_coaches"), {"email": ""}).status_code == 409
    back = Membership.objects.get(user=owner)
    assert owner_client.post(reverse("club_owner_handover", args=[back.pk])).status_code == 404
    new_owner = Client()
    new_owner.force_login(coach)
    assert new_owner.post(reverse("club_coaches"), {"email": ""}).status_code == 302


def test_the_new_owner_is_emailed_that_the_club_is_theirs_now(owner_client, owner, coach):
    """The coach made owner hears of it, with what it lets them do and where, and the old
    owner is told that they have been emailed."""
    url = reverse("club_owner_handover", args=[Membership.objects.get(user=coach).pk])

    page = owner_client.post(url, follow=True).content.decode()

    assert "second is the owner of Riverside Harriers now" in page
    assert "We have emailed them to say so." in page
    [message] = mail.outbox
    assert message.to == [coach.email]
    assert message.subject == "You are the owner of Riverside Harriers on Runstrength"
    assert f"{owner.username} has made you the owner of Riverside Harriers" in message.body
    assert f"http://testserver{reverse('club_coaches')}" in message.body
    assert "invite coaches" in message.body


def test_the_new_owner_mail_of_a_club_named_over_two_lines_is_sent(owner_client, club, coach):
    Club.objects.filter(pk=club.pk).update(name="Riverside\r\nBcc: someone@example.com")
    url = reverse("club_owner_handover", args=[Membership.objects.get(user=coach).pk])

    assert owner_client.post(url).status_code == 302

    [message] = mail.outbox
    assert (
        message.subject == "You are the owner of Riverside Bcc: someone@example.com on Runstrength"
    )
    assert message.recipients() == [coach.email]


def test_with_no_mail_server_the_old_owner_is_asked_to_tell_the_new_one(
    owner_client, coach, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    url = reverse("club_owner_handover", args=[Membership.objects.get(user=coach).pk])

    page = owner_client.post(url, follow=True).content.decode()

    assert "second is the owner of Riverside Harriers now" in page
    assert "No mail server is set up here: tell second yourself." in page
    assert Membership.objects.get(user=coach).role == "owner"


def test_a_new_owner_whose_mail_cannot_be_sent_still_owns_the_club(
    owner_client, coach, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    def down(self, messages):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", down)
    url = reverse("club_owner_handover", args=[Membership.objects.get(user=coach).pk])

    page = owner_client.post(url, follow=True).content.decode()

    assert "The email to second could not be sent: tell them yourself." in page
    assert Membership.objects.get(user=coach).role == "owner"


def test_the_club_is_not_handed_over_to_a_coach_without_an_email(owner_client, club, coach):
    """An owner's email is the only way back in after a forgotten password (no one else
    can reset it): the club is not handed to a coach who has none, and the owner is told
    why and what to do."""
    coach.email = ""
    coach.save()
    url = reverse("club_owner_handover", args=[Membership.objects.get(user=coach).pk])

    refused = owner_client.post(url)

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Not changed: second has no email, and a club&#x27;s owner needs one" in page
    assert "Ask second to add it under Your account on this page" in page
    roles = dict(Membership.objects.filter(club=club).values_list("user__username", "role"))
    assert roles == {"second": "coach", "owner": "owner"}
    coach.email = "second@example.com"
    coach.save()
    assert owner_client.post(url).status_code == 302
    assert Membership.objects.get(user=coach).role == "owner"


def test_a_hand_over_sent_from_a_page_shown_before_another_is_refused_with_409(
    owner_client, club, owner, coach, monkeypatch
):
    """Two tabs of the owner's, each handing over to a different coach: the second is
    refused, and ownership stays with the first one chosen."""
    from tests.factories import MembershipFactory, UserFactory

    third = MembershipFactory(club=club, role="coach", user=UserFactory(username="third"))
    first = Membership.objects.get(user=coach)
    from athletes import services

    handover = services.owner_handover

    def other_tab_first(*, owner, to):
        handover(owner=owner, to=first)  # lands between the page's check and this one
        handover(owner=owner, to=to)

    monkeypatch.setattr(services, "owner_handover", other_tab_first)
    response = owner_client.post(reverse("club_owner_handover", args=[third.pk]))

    assert response.status_code == 409
    page = response.content.decode()
    assert "Not changed: the club was handed over to second at " in page
    assert "you are no longer its owner." in page
    assert "Make owner" not in page  # the page as it is now: a coach's
    roles = dict(Membership.objects.filter(club=club).values_list("user__username", "role"))
    assert roles == {"second": "owner", "owner": "coach", "third": "coach"}


def test_a_former_owners_page_left_open_is_told_the_club_was_handed_over_with_409(
    owner_client, club, owner, coach
):
    """The owner hands the club over in one tab; the page in another tab, shown while they
    were owner, still has its Make owner and Remove buttons. Pressed, they are refused with
    409 and why (as when a hand-over crosses the press), not a 404 as if never owner."""
    from datetime import UTC, datetime

    from tests.factories import MembershipFactory

    third = MembershipFactory(club=club, role="coach", user=UserFactory(username="third"))
    to = Membership.objects.get(user=coach)
    before = timezone.now()
    owner_client.post(reverse("club_owner_handover", args=[to.pk]))
    former = Membership.objects.get(user=owner)
    assert former.handed_over_to == coach
    assert before <= former.handed_over_at <= timezone.now()
    at = datetime(2026, 12, 6, 9, 5, tzinfo=UTC)  # London time in winter
    Membership.objects.filter(pk=former.pk).update(handed_over_at=at)

    for url, refused in [
        (reverse("club_owner_handover", args=[third.pk]), "Not changed"),
        (reverse("club_owner_handover", args=[to.pk]), "Not changed"),
        (reverse("club_coach_remove", args=[third.pk]), "Not removed"),
    ]:
        response = owner_client.post(url)
        assert response.status_code == 409, url
        page = response.content.decode()
        assert (
            f"{refused}: the club was handed over to second at 09:05 on 6 Dec 2026; "
            "you are no longer its owner."
        ) in page
        assert "Make owner" not in page  # the page as it is now: a coach's
    roles = dict(Membership.objects.filter(club=club).values_list("user__username", "role"))
    assert roles == {"second": "owner", "owner": "coach", "third": "coach"}
    assert get_user_model().objects.get(username="third").is_active
    # Nothing of another club's, nor their own membership, is answered but with 404.
    assert owner_client.post(reverse("club_owner_handover", args=[former.pk])).status_code == 404
    elsewhere = MembershipFactory(user=UserFactory(username="elsewhere"))
    assert owner_client.post(reverse("club_coach_remove", args=[elsewhere.pk])).status_code == 404


def test_a_former_owners_other_owner_forms_left_open_are_told_of_the_hand_over(
    owner_client, club, owner, coach
):
    """Inviting a coach, renaming the club or withdrawing an invitation from a page shown
    while they were owner: refused with 409 and why, nothing changed."""
    from athletes.models import Invitation

    invitation, _ = Invitation.issue(club=club, created_by=owner, email="new@example.org")
    owner_client.post(reverse("club_owner_handover", args=[Membership.objects.get(user=coach).pk]))
    for url, data, refused in [
        (reverse("club_coaches"), {"email": "other@example.org"}, "Not invited"),
        (reverse("club_rename"), {"name": "Renamed", "seen": club.name}, "Not renamed"),
        (reverse("invitation_withdraw", args=[invitation.pk]), {}, "Not withdrawn"),
    ]:
        response = owner_client.post(url, data)
        assert response.status_code == 409, url
        page = response.content.decode()
        assert f"{refused}: the club was handed over to second at " in page
    club.refresh_from_db()
    assert club.name != "Renamed"
    assert Invitation.objects.filter(club=club).count() == 1


def test_a_coach_who_never_owned_the_club_still_gets_404(client, club, owner, coach):
    from athletes.models import Invitation
    from tests.factories import MembershipFactory

    third = MembershipFactory(club=club, role="coach", user=UserFactory(username="third"))
    client.force_login(coach)
    assert client.post(reverse("club_owner_handover", args=[third.pk])).status_code == 404
    assert client.post(reverse("club_coach_remove", args=[third.pk])).status_code == 404
    invitation, _ = Invitation.issue(club=club, created_by=owner)
    assert client.post(reverse("club_coaches"), {"email": "x@example.org"}).status_code == 404
    assert client.post(reverse("club_rename"), {"name": "X", "seen": club.name}).status_code == 404
    assert client.post(reverse("invitation_withdraw", args=[invitation.pk])).status_code == 404


def test_only_the_owner_hands_over_and_only_to_a_coach_of_the_club(
    client, club, owner, coach, stranger_client
):
    coach_membership = Membership.objects.get(user=coach)
    owner_membership = Membership.objects.get(user=owner)
    url = reverse("club_owner_handover", args=[coach_membership.pk])
    assert stranger_client.post(url).status_code == 404  # another club's owner
    client.force_login(coach)
    assert client.post(url).status_code == 404  # a coach
    client.force_login(owner)
    self_url = reverse("club_owner_handover", args=[owner_membership.pk])
    assert client.post(self_url).status_code == 404  # the owner already
    assert client.get(url).status_code == 405
    roles = dict(Membership.objects.filter(club=club).values_list("user__username", "role"))
    assert roles == {"second": "coach", "owner": "owner"}


def test_an_account_is_sent_a_few_reset_mails_an_hour_whoever_asks(db, owner):
    """Anyone may type a coach's address: asked for over and over, from address after
    address, the reset mails stop after a few, and the page says what it always says."""
    from athletes import throttle

    addresses = ("127.0.0.1", "203.0.113.9", "198.51.100.7", "192.0.2.10", "192.0.2.11")
    pages = [
        Client(REMOTE_ADDR=address).post(reverse("password_reset"), {"email": "owner@example.com"})
        for address in addresses
    ]
    assert len(mail.outbox) == throttle.RESET_MAILS_AN_HOUR
    assert {page.status_code for page in pages} == {302}
    assert {page["Location"] for page in pages} == {reverse("password_reset_done")}
    # Another account's mail is not held back by it.
    other = UserFactory(username="other-coach", email="other@example.com")
    Client().post(reverse("password_reset"), {"email": "other@example.com"})
    assert mail.outbox[-1].to == [other.email]


def test_password_resets_from_one_address_are_a_few_dozen_an_hour(db, owner, monkeypatch):
    from athletes import throttle

    monkeypatch.setattr(throttle, "SIGNUP_TRIES_AN_HOUR", 2)
    visitor = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(2):
        visitor.post(reverse("password_reset"), {"email": f"guess{n}@example.com"})
    refused = visitor.post(reverse("password_reset"), {"email": "owner@example.com"})
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "Too many attempts from this address in the last hour" in body
    assert 'value="owner@example.com"' in body
    assert len(mail.outbox) == 0
    # Another address is not held back.
    Client(REMOTE_ADDR="198.51.100.7").post(reverse("password_reset"), {"email": owner.email})
    assert len(mail.outbox) == 1


def test_a_removal_crossed_by_a_hand_over_to_that_coach_removes_no_one(
    owner_client, club, owner, coach, monkeypatch
):
    """The owner's two tabs: one makes the coach owner while the other removes them. The
    club keeps its new owner, whose login still works; the removal is refused with 409."""
    from athletes import services

    handover, remove = services.owner_handover, services.coach_remove
    owner_membership = Membership.objects.get(user=owner)

    def other_tab_first(*, membership):
        handover(owner=owner_membership, to=membership)  # lands between the check and this
        return remove(membership=membership)

    monkeypatch.setattr(services, "coach_remove", other_tab_first)
    target = Membership.objects.get(user=coach)
    response = owner_client.post(reverse("club_coach_remove", args=[target.pk]))

    assert response.status_code == 409
    assert "Not removed: second was made the club&#x27;s owner meanwhile." in (
        response.content.decode()
    )
    roles = dict(Membership.objects.filter(club=club).values_list("user__username", "role"))
    assert roles == {"second": "owner", "owner": "coach"}
    coach.refresh_from_db()
    assert coach.is_active


def _error_of(body: str, field: str) -> str:
    """The messages shown beside one field ("" when it has none)."""
    found = re.search(rf'<div id="id_{field}_error">(.*?)</div>', body, re.S)
    return found[1] if found else ""


def test_a_weak_new_password_is_told_beside_the_field_it_was_typed_in(client, owner, coach):
    """Too short or too common is said beside the password, where a better one goes; two
    passwords that differ are said beside the confirmation."""
    signup = {"club_name": "X", "username": "weak", "email": "w@example.com"}
    body = client.post(
        reverse("signup"), {**signup, "password1": "123", "password2": "123"}
    ).content.decode()
    assert "at least 8 characters" in _error_of(body, "password1")
    assert _error_of(body, "password2") == ""
    body = client.post(
        reverse("signup"), {**signup, "password1": "Sturdy-pass-771", "password2": "Other-1"}
    ).content.decode()
    assert "passwords differ" in _error_of(body, "password2")

    uid = urlsafe_base64_encode(force_bytes(owner.pk))
    link = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(owner)])
    form = client.get(link)["Location"]
    response = client.post(form, {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 400
    assert "among the most used" in _error_of(response.content.decode(), "new_password1")
    assert _error_of(response.content.decode(), "new_password2") == ""

    client.force_login(coach)
    response = client.post(
        reverse("password_change"),
        {"old_password": "correct-horse-battery", "new_password1": "x", "new_password2": "x"},
    )
    assert response.status_code == 400
    assert "at least 8 characters" in _error_of(response.content.decode(), "new_password1")


def test_a_weak_password_is_told_with_a_confirmation_that_differs(client, coach):
    """A short password typed twice differently is told both at once: not first the
    mismatch, then, typed again, that it is too short."""
    signup = {"club_name": "X", "username": "weak", "email": "w@example.com"}
    body = client.post(
        reverse("signup"), {**signup, "password1": "123", "password2": "1234"}
    ).content.decode()
    assert "at least 8 characters" in _error_of(body, "password1")
    assert "passwords differ" in _error_of(body, "password2")

    client.force_login(coach)
    body = client.post(
        reverse("password_change"),
        {"old_password": "correct-horse-battery", "new_password1": "x", "new_password2": "y"},
    ).content.decode()
    assert "at least 8 characters" in _error_of(body, "new_password1")
    assert "passwords differ" in _error_of(body, "new_password2")


def test_a_weak_password_on_an_invitation_is_told_beside_the_password(owner_client, club, client):
    response = owner_client.post(reverse("club_coaches"), {"email": "", "x": 1}, follow=True)
    token = response.context["invite_url"].rstrip("/").rsplit("/", 1)[-1]
    data = {"username": "newcoach", "password1": "12345678", "password2": "12345678"}
    body = client.post(reverse("invite_accept", args=[token]), data).content.decode()
    assert "digits only" in _error_of(body, "password1")
    assert not Membership.objects.filter(user__username="newcoach").exists()


@pytest.mark.parametrize("typed", ["second@example.com", " SECOND@example.com ", "owner@x.io"])
def test_inviting_the_address_of_one_of_the_clubs_coaches_is_refused_beside_the_field(
    owner_client, club, owner, coach, typed
):
    """Their link would be of no use to them: the address already has a working account
    (the one they coach with), which accepting refuses."""
    owner.email, coach.email = "owner@x.io", "second@example.com"
    owner.save()
    coach.save()
    response = owner_client.post(reverse("club_coaches"), {"email": typed})
    assert response.status_code == 400
    who = "second" if "second" in typed.lower() else "owner"
    error = f"{who} already coaches at {club.name} with this address: no invitation needed."
    assert error in response.content.decode()
    assert 'id="id_invite_email_error"' in response.content.decode()
    assert not Invitation.objects.filter(club=club).exists()
    assert mail.outbox == []


def _invite_forms(page: str) -> list[tuple[str | None, str]]:
    """The action (None when the form has none) and the button of each form on the club
    page that sends an email to invite."""
    found = []
    for attrs, body in re.findall(r"<form([^>]*)>(.*?)</form>", page, re.S):
        if 'name="email"' in body and ("Invite again" in body or "Create invitation" in body):
            action = re.search(r'action="([^"]*)"', attrs)
            found.append((action.group(1) if action else None, body))
    return found


def test_invite_forms_send_to_the_club_page_from_a_club_page_shown_by_another_form(
    owner_client, club, owner
):
    """The club page sent back by a refused rename stands at the rename's address: inviting
    from it (a new link, or Invite again for one that ran out) still invites, rather than
    being taken for another rename."""
    from datetime import timedelta

    expired, _ = Invitation.issue(club=club, created_by=owner, email="kit@example.com")
    Invitation.objects.filter(pk=expired.pk).update(created_at=timezone.now() - timedelta(days=9))
    refused = owner_client.post(reverse("club_rename"), {"name": "", "seen": club.name})
    assert refused.status_code == 400
    forms = _invite_forms(refused.content.decode())
    assert len(forms) == 2  # Create invitation link, and Invite again
    for action, _ in forms:
        # A form without an action sends to the address the page stands at: the rename's.
        assert action == reverse("club_coaches")

    again = owner_client.post(forms[1][0], {"email": "kit@example.com"})
    assert again.status_code == 302
    fresh = club.invitations.get(email="kit@example.com")
    assert fresh.pk != expired.pk


@override_settings(OPEN_SIGNUP=False)
def test_a_club_that_runs_its_own_site_can_close_sign_up(client, db):
    """OPEN_SIGNUP=false: nobody who finds the site can create a club; coaches join by
    invitation, and the log-in page no longer offers a sign-up that would fail."""
    assert client.get(reverse("signup")).status_code == 404
    response = client.post(
        reverse("signup"),
        {
            "club_name": "Squatters",
            "username": "mallory",
            "email": "m@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 404
    assert not Club.objects.filter(name="Squatters").exists()
    login_page = client.get(reverse("login")).content.decode()
    assert reverse("signup") not in login_page and "Create a club" not in login_page
    assert reverse("password_reset") in login_page


def test_sign_up_is_open_by_default(client, db):
    assert client.get(reverse("signup")).status_code == 200
    assert reverse("signup") in client.get(reverse("login")).content.decode()


def test_logging_out_says_so_on_the_log_in_page_it_leads_to(owner_client):
    """A coach at a club computer sees that the log-out took, before walking away from it;
    the next page after that says nothing more."""
    out = owner_client.post(reverse("logout"), follow=True)
    assert out.redirect_chain == [(reverse("login"), 302)]
    assert "You are logged out." in out.content.decode()
    assert "You are logged out." not in owner_client.get(reverse("login")).content.decode()


def test_without_a_mail_server_the_email_boxes_do_not_promise_a_reset_mail(
    owner_client, client, club, athlete, settings
):
    """A site with no mail server sends no password reset: the email box says what the
    address is kept for, and who helps meanwhile, instead of promising a mail."""
    from athletes.link_views import login_invite_token
    from config.mail import CONSOLE_MAIL

    settings.EMAIL_BACKEND = CONSOLE_MAIL
    promise = "Where a password reset is sent if you forget your password"
    kept = "this site cannot send them until a mail server is set up"
    pages = {
        "sign-up": client.get(reverse("signup")),
        "club page": owner_client.get(reverse("club_coaches")),
        "athlete's invitation": client.get(
            reverse("athlete_login_accept", args=[login_invite_token(athlete)])
        ),
    }
    for name, page in pages.items():
        body = page.content.decode()
        assert page.status_code == 200, name
        assert promise not in body, name
        assert kept in body, name
    assert "ask your coach for a new login" in pages["athlete's invitation"].content.decode()
    assert "ask your coach" not in pages["sign-up"].content.decode()
