"""A coach who is not the club's owner leaves the club; the owner cannot."""

import time

from django.test import Client, override_settings
from django.urls import reverse

from athletes import services
from athletes.models import Athlete, Membership
from tests.factories import AthleteFactory, MembershipFactory, UserFactory

PASSWORD = "correct-horse-battery"


def coach_client(coach) -> Client:
    client = Client()
    client.force_login(coach)
    return client


def test_a_coach_is_asked_first_then_leaves_and_lands_on_how_to_coach_again(club, owner, coach):
    coach.email = "second@example.com"
    coach.save()
    athlete = AthleteFactory(club=club, name="Amara Okafor")
    client = coach_client(coach)
    page = client.get(reverse("club_coaches")).content.decode()
    assert reverse("club_leave") in page

    confirm = client.get(reverse("club_leave"))
    assert confirm.status_code == 200
    body = confirm.content.decode()
    assert "Leave Riverside Harriers?" in body
    assert "ask owner, the club's owner, for a new invitation" in body
    assert Membership.objects.filter(user=coach).exists()  # asking changes nothing

    response = client.post(reverse("club_leave"))
    assert response.status_code == 302 and response["Location"] == reverse("club_left")
    assert not Membership.objects.filter(user=coach).exists()
    coach.refresh_from_db()
    assert not coach.is_active  # the login belonged to the club
    assert Athlete.objects.filter(pk=athlete.pk).exists()  # the club keeps its athletes
    assert Membership.objects.filter(user=owner, role="owner").exists()

    left = client.get(reverse("club_left"))
    assert left.status_code == 200
    text = left.content.decode()
    assert "You left Riverside Harriers" in text
    assert "You belong to no club now" in text
    assert reverse("signup") in text and "second@example.com" in text
    after = client.get(reverse("roster"))  # logged out
    assert after.status_code == 302 and after["Location"].startswith(reverse("login"))


def test_where_sign_up_is_closed_leaving_points_to_an_invitation_only(coach, settings):
    settings.OPEN_SIGNUP = False
    client = coach_client(coach)
    client.post(reverse("club_leave"))
    text = client.get(reverse("club_left")).content.decode()
    assert "You left Riverside Harriers" in text
    assert reverse("signup") not in text and "Start a club of your own" not in text
    assert "Ask a club's owner for an invitation link" in text


def test_a_coach_who_left_cannot_log_in_and_can_join_again_with_the_same_email(
    owner_client, club, coach
):
    coach.email = "second@example.com"
    coach.save()
    other_device = coach_client(coach)
    coach_client(coach).post(reverse("club_leave"))
    # The session open on another device ends too.
    assert other_device.get(reverse("roster")).status_code == 302
    fresh = Client()
    fresh.post(reverse("login"), {"username": "second", "password": PASSWORD})
    assert "_auth_user_id" not in fresh.session

    response = owner_client.post(
        reverse("club_coaches"), {"email": "second@example.com"}, follow=True
    )
    token = response.context["invite_url"].rstrip("/").rsplit("/", 1)[-1]
    data = {
        "username": "second-again",
        "email": "second@example.com",
        "password1": "another-long-phrase",
        "password2": "another-long-phrase",
    }
    assert Client().post(reverse("invite_accept", args=[token]), data).status_code == 302
    assert Membership.objects.get(user__username="second-again").club == club


def test_the_owner_cannot_leave_and_is_told_why_beside_the_button(owner_client, owner, coach):
    page = owner_client.get(reverse("club_coaches")).content.decode()
    assert "As the club's owner you cannot leave it" in page
    assert 'disabled aria-describedby="leave-why"' in page
    assert f'href="{reverse("club_leave")}"' not in page

    confirm = owner_client.get(reverse("club_leave"))
    assert confirm.status_code == 200
    assert "You cannot leave Riverside Harriers" in confirm.content.decode()
    assert "<form" not in confirm.content.decode().split("<main", 1)[1]

    refused = owner_client.post(reverse("club_leave"))
    assert refused.status_code == 409
    assert "Not left: you are the club&#x27;s owner" in refused.content.decode()
    owner.refresh_from_db()
    assert owner.is_active and Membership.objects.filter(user=owner, role="owner").exists()


def test_the_owner_alone_in_the_club_is_told_to_invite_a_coach_first(owner_client):
    page = owner_client.get(reverse("club_coaches")).content.decode()
    assert "invite a coach and make them the owner first" in page


def test_a_former_owner_can_leave_once_they_have_handed_the_club_over(owner, coach):
    client = coach_client(owner)
    client.post(reverse("club_owner_handover", args=[Membership.objects.get(user=coach).pk]))
    assert client.post(reverse("club_leave")).status_code == 302
    assert list(Membership.objects.values_list("user__username", "role")) == [("second", "owner")]


def test_a_coach_made_the_owner_meanwhile_is_not_let_out(club, coach, monkeypatch):
    """The page was shown while a coach; the club was handed to them in another tab."""
    remove = services.coach_remove

    def handed_over_first(*, membership):
        Membership.objects.filter(club=club).update(role="coach")
        Membership.objects.filter(pk=membership.pk).update(role="owner")
        return remove(membership=membership)

    monkeypatch.setattr(services, "coach_remove", handed_over_first)
    response = coach_client(coach).post(reverse("club_leave"))
    assert response.status_code == 409
    assert "you were made the club&#x27;s owner meanwhile" in response.content.decode()
    coach.refresh_from_db()
    assert coach.is_active and Membership.objects.get(user=coach).role == "owner"


def test_a_coach_removed_by_the_owner_while_leaving_lands_on_the_page_after_leaving(
    club, coach, monkeypatch
):
    remove = services.coach_remove

    def removed_first(*, membership):
        remove(membership=membership)  # the owner's removal, just before
        return remove(membership=membership)

    monkeypatch.setattr(services, "coach_remove", removed_first)
    client = coach_client(coach)
    response = client.post(reverse("club_leave"))
    assert response.status_code == 302 and response["Location"] == reverse("club_left")
    assert "You left Riverside Harriers" in client.get(reverse("club_left")).content.decode()


def test_leaving_needs_a_post_with_the_csrf_token(coach):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coach)
    assert client.post(reverse("club_leave")).status_code == 403
    assert Membership.objects.filter(user=coach).exists()


def test_a_second_leave_from_another_tab_asks_to_log_in(coach):
    client = coach_client(coach)
    client.post(reverse("club_leave"))
    again = client.post(reverse("club_leave"))
    assert again.status_code == 302 and again["Location"].startswith(reverse("login"))


def test_the_page_after_leaving_is_only_for_who_left(client, owner_client):
    response = Client().get(reverse("club_left"))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert owner_client.get(reverse("club_left")).status_code == 302


def test_an_athlete_login_and_another_clubs_owner_cannot_leave_this_club(
    stranger_client, club, coach
):
    runner = UserFactory(username="runner")
    AthleteFactory(club=club, user=runner)
    assert coach_client(runner).post(reverse("club_leave")).status_code == 404
    assert coach_client(runner).get(reverse("club_leave")).status_code == 404
    # Another club's owner reaches only their own club, which they cannot leave.
    assert stranger_client.post(reverse("club_leave")).status_code == 409
    assert Membership.objects.filter(user=coach).exists()


def test_a_coach_who_left_or_was_removed_is_told_why_their_right_password_fails(
    owner_client, club, coach
):
    removed = MembershipFactory(club=club, role="coach", user=UserFactory(username="third"))
    coach_client(coach).post(reverse("club_leave"))
    owner_client.post(reverse("club_coach_remove", args=[removed.pk]))
    for username in ("second", "third"):
        visitor = Client()
        right = visitor.post(reverse("login"), {"username": username, "password": PASSWORD})
        assert right.status_code == 400
        body = right.content.decode()
        assert "This login no longer works: its coach left the club" in body
        assert "do not match a login" not in body
        assert "_auth_user_id" not in visitor.session
        # A wrong password learns nothing of the account.
        wrong = visitor.post(reverse("login"), {"username": username, "password": "nope-nope"})
        assert wrong.status_code == 400
        assert "no longer works" not in wrong.content.decode()
        assert "do not match a login" in wrong.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_former_coachs_right_password_is_not_a_failed_log_in_and_is_told_why_each_time(
    club, coach
):
    """A coach who left tries their old password again and again: each time they are told
    the login no longer works, never paused as if they had guessed wrong. Wrong passwords
    still count, and a paused username stays paused, the right password included."""
    coach_client(coach).post(reverse("club_leave"))
    visitor = Client(REMOTE_ADDR="192.0.2.11")  # its count cleared between tests
    right = {"username": "second", "password": PASSWORD}
    for _ in range(4):
        told = visitor.post(reverse("login"), right)
        assert told.status_code == 400
        assert "This login no longer works: its coach left the club" in told.content.decode()
    for _ in range(2):
        assert visitor.post(reverse("login"), {**right, "password": "nope-nope"}).status_code == 400
    assert visitor.post(reverse("login"), right).status_code == 400  # the third try, no pause
    assert visitor.post(reverse("login"), {**right, "password": "nope-nope"}).status_code == 429
    paused = visitor.post(reverse("login"), right)
    assert paused.status_code == 429
    assert "no longer works" not in paused.content.decode()


def test_a_reset_link_mailed_before_its_coach_was_removed_no_longer_sets_a_password(
    owner_client, coach
):
    """A coach who forgot their password asks for a reset, and is taken off the club before
    opening the mail: the link says it no longer works, rather than saving a password and
    offering a log-in the login cannot make."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(coach.pk))
    link = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(coach)])
    removed = owner_client.post(
        reverse("club_coach_remove", args=[Membership.objects.get(user=coach).pk])
    )
    assert removed.status_code == 302
    visitor = Client()
    opened = visitor.get(link, follow=True)
    assert "This link no longer works" in opened.content.decode()
    assert "for a login that no longer works" in opened.content.decode()
    data = {"new_password1": "Fresh-sturdy-771", "new_password2": "Fresh-sturdy-771"}
    sent = visitor.post(opened.redirect_chain[-1][0] if opened.redirect_chain else link, data)
    assert "Password saved" not in sent.content.decode()
    coach.refresh_from_db()
    assert coach.check_password(PASSWORD)


def test_a_log_in_takes_as_long_for_a_coach_who_left_as_for_any_other_username(
    owner_client, club, coach, owner, monkeypatch
):
    """Told why only with the right password, a former coach's login must not be told
    apart by time either: a wrong password costs as many password hashings for the
    username of a coach who left as for one that never existed, or an active one."""
    from django.contrib.auth.hashers import MD5PasswordHasher

    coach_client(coach).post(reverse("club_leave"))
    hashed = []
    encode = MD5PasswordHasher.encode

    def counted(self, password, salt):
        hashed.append(1)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counted)
    costs = {}
    for username in ("second", "nobody-at-all", "owner"):
        hashed.clear()
        refused = Client().post(reverse("login"), {"username": username, "password": "wrong-1"})
        assert refused.status_code == 400
        costs[username] = len(hashed)
    assert costs["second"] == costs["nobody-at-all"] == costs["owner"]


def test_a_switched_off_staff_login_is_not_told_its_coach_left_a_club(db):
    staff = UserFactory(username="desk", is_staff=True, is_active=False)
    staff.set_password(PASSWORD)
    staff.save()
    refused = Client().post(reverse("login"), {"username": "desk", "password": PASSWORD})
    assert refused.status_code == 400
    assert "its coach left the club" not in refused.content.decode()
    assert "do not match a login" in refused.content.decode()


def test_the_page_after_leaving_names_the_login_only_briefly_and_in_a_browser_session(
    club, owner, coach, monkeypatch
):
    coach.email = "second@example.com"
    coach.save()
    client = coach_client(coach)
    client.post(reverse("club_leave"))
    # Ends with the browser: the next person at a shared computer finds nothing of it.
    assert client.session.get_expire_at_browser_close()
    assert "second@example.com" in client.get(reverse("club_left")).content.decode()

    from athletes import views

    now = time.time()
    monkeypatch.setattr(views.time, "time", lambda: now + views.LEFT_SHOWN_FOR + 1)
    later = client.get(reverse("club_left"))
    assert later.status_code == 302 and later["Location"] == reverse("home")
    assert views.LEFT_CLUB not in client.session  # gone, not only hidden
    monkeypatch.setattr(views.time, "time", lambda: now)
    assert client.get(reverse("club_left")).status_code == 302


def test_a_coach_taken_off_the_club_with_a_page_open_is_told_so_not_asked_to_log_in_again(
    owner_client, club, coach
):
    """Their form is refused for want of a login, but logging in again cannot work: the
    login page says why, and offers no typing kept for a login that is switched off."""
    athlete = AthleteFactory(club=club, name="Amara Okafor")
    browser = coach_client(coach)
    edit = reverse("athlete_edit", args=[athlete.pk])
    assert browser.get(edit).status_code == 200  # the page left open
    owner_client.post(reverse("club_coach_remove", args=[coach.membership.pk]))

    sent = browser.post(edit, {"name": "Amara", "notes": "typed"}, HTTP_REFERER=edit)
    assert sent.status_code == 302
    assert sent["Location"] == f"{reverse('login')}?next={edit}"
    page = browser.get(sent["Location"]).content.decode()
    assert "Not saved: this login no longer works" in page
    assert "what you typed is kept" not in page
    assert "unsent-form" not in browser.session

    grid = reverse("plan_grid", args=[athlete.pk])
    refused = browser.post(
        edit, {"notes": "again"}, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=grid
    )
    assert refused.status_code == 401
    page = browser.get(refused["HX-Redirect"]).content.decode()
    assert "Not saved: this login no longer works" in page
    # Opening a cell's editor saves nothing: only the login is said to have gone.
    cell = browser.get(edit, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=grid)
    assert cell.status_code == 401
    page = browser.get(cell["HX-Redirect"]).content.decode()
    assert "This login no longer works, as its coach left the club" in page
    assert "Not saved" not in page
