"""The forms that make a login (a coach's sign-up, a coach's invitation, an athlete's
invitation) say what is wrong with a username or a password in the product's words, beside
the field to fix, and what to do: never Django's own texts."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.test import override_settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from athletes.link_views import login_invite_token
from athletes.models import Club, Membership

DJANGO_WORDS = (
    "Enter a valid username",
    "This value may contain",
    "didn’t match",
    "didn't match",
    "This password is too",
    "This password is entirely",
    "The password is too similar",
    "A user with that username",
    "Your password can’t",
    "Required. 150",
    "for verification",
    "Your old password was entered incorrectly",
)


def error_of(body: str, field: str) -> str:
    found = re.search(rf'<div id="id_{field}_error">(.*?)</div>', body, re.S)
    return re.sub(r"<[^>]+>", " ", found[1]) if found else ""


def no_django_words(body: str) -> None:
    for words in DJANGO_WORDS:
        assert words not in body.replace("&#x27;", "'")


@pytest.fixture(params=["signup", "coach_invitation", "athlete_invitation"])
def account_form(request, owner_client, club, athlete, client):
    """The address of one of the forms that make a login, and what else it needs sent."""
    if request.param == "signup":
        url, extra = reverse("signup"), {"club_name": "Hill Runners", "email": "h@example.com"}
    elif request.param == "coach_invitation":
        response = owner_client.post(reverse("club_coaches"), {"email": ""}, follow=True)
        url, extra = response.context["invite_url"].replace("http://testserver", ""), {}
    else:
        url, extra = reverse("athlete_login_accept", args=[login_invite_token(athlete)]), {}
    owner_client.logout()
    return url, extra


def sent(client, account_form, **data) -> str:
    url, extra = account_form
    response = client.post(url, {**extra, **data})
    assert response.status_code == 400
    body = response.content.decode()
    no_django_words(body)
    return body


def test_a_username_with_a_space_or_a_sign_says_which_characters_it_may_have(client, account_form):
    strong = {"password1": "Sturdy-pass-771", "password2": "Sturdy-pass-771"}
    body = sent(client, account_form, username="Hannah Smith!", **strong)
    assert (
        "Use only letters, digits and the signs @ . + - _ in the username: no spaces."
        in error_of(body, "username")
    )
    assert 'value="Hannah Smith!"' in body


def test_a_username_taken_says_to_choose_another_and_why_when_in_other_capitals(
    client, account_form
):
    strong = {"password1": "Sturdy-pass-771", "password2": "Sturdy-pass-771"}
    body = sent(client, account_form, username="owner", **strong)
    assert error_of(body, "username").strip() == "This username is taken: choose another."
    body = sent(client, account_form, username="OWNER", **strong)
    assert (
        "This username is taken, in other capitals (they do not make it another): choose "
        "another." in error_of(body, "username")
    )
    assert get_user_model().objects.filter(username__iexact="owner").count() == 1


def test_a_short_numeric_password_says_how_to_make_it_stronger(client, account_form):
    body = sent(client, account_form, username="newone", password1="123", password2="123")
    said = error_of(body, "password1")
    assert "Make the password at least 8 characters long (this one has 3)." in said
    assert "Add a letter or a sign: a password of digits only is quickly guessed." in said
    assert error_of(body, "password2") == ""


def test_a_common_password_or_one_like_the_username_says_to_choose_another(client, account_form):
    body = sent(client, account_form, username="newone", password1="password", password2="password")
    assert (
        "This password is among the most used, which are guessed first: choose a less "
        "common one." in error_of(body, "password1")
    )
    like = "hannahrunner1"
    body = sent(client, account_form, username="hannahrunner", password1=like, password2=like)
    assert "The password is too like your username: choose one less like it." in error_of(
        body, "password1"
    )


def test_two_passwords_that_differ_say_to_type_the_same_in_both(client, account_form):
    body = sent(
        client, account_form, username="newone", password1="Sturdy-pass-771", password2="Other-1"
    )
    assert "The two passwords differ: type the same password in both fields." in error_of(
        body, "password2"
    )
    assert not Membership.objects.filter(user__username="newone").exists()
    assert not Club.objects.filter(name="Hill Runners").exists()


def test_the_help_beside_username_and_password_is_in_plain_words(client, account_form):
    url, _ = account_form
    body = client.get(url).content.decode()
    no_django_words(body)
    assert "Letters, digits and the signs @ . + - _ only, no spaces." in body
    assert (
        "At least 8 characters, not only digits, not a common password and not like your "
        "username or email."
    ) in body
    assert "The same password again, to be sure it was typed right." in body


def test_a_new_password_by_reset_or_change_is_told_in_the_same_words(client, owner):
    uid = urlsafe_base64_encode(force_bytes(owner.pk))
    link = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(owner)])
    form = client.get(link)["Location"]
    response = client.post(form, {"new_password1": "password", "new_password2": "other-pass"})
    body = response.content.decode()
    no_django_words(body)
    assert "among the most used" in error_of(body, "new_password1")
    assert "The two passwords differ" in error_of(body, "new_password2")

    client.force_login(owner)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "x", "new_password2": "x"},
    )
    body = response.content.decode()
    no_django_words(body)
    assert "That is not your current password: type it again." in error_of(body, "old_password")


def test_a_wrong_log_in_says_what_to_check_and_not_that_the_username_has_capitals(client, owner):
    """The username is found whatever its capitals, so it is not said to be case-sensitive."""
    response = client.post(reverse("login"), {"username": "OWNER", "password": "wrong"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "case-sensitive" not in body
    assert "Please enter a correct" not in body
    assert (
        "This username and password do not match a login: check both (capitals count in the "
        "password, not in the username) and try again."
    ) in body


def test_pages_that_make_a_new_login_mark_no_top_bar_entry_as_the_page(owner_client, owner):
    """A coach logged in who opens the sign-up or an invitation is not on the Athletes
    page: the top bar marks no entry as the page shown."""
    invited = owner_client.post(reverse("club_coaches"), {"email": ""}, follow=True)
    pages = [
        reverse("signup"),
        invited.context["invite_url"].replace("http://testserver", ""),
    ]
    for page in pages:
        body = owner_client.get(page).content.decode()
        nav = re.search(r'<nav class="mainnav".*?</nav>', body, re.S)[0]
        assert "aria-current" not in nav, page
    roster = owner_client.get(reverse("roster")).content.decode()
    assert re.search(r'href="/athletes/" aria-current="page"', roster)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_paused_username_offers_to_log_in_with_another(client, owner, coach):
    """Log-in is paused for the username tried, not for the browser: one who typed a
    colleague's username (a club's shared computer) can log in with their own at once."""
    for _ in range(3):
        client.post(reverse("login"), {"username": "owner", "password": "wrong"})
    body = client.post(reverse("login"), {"username": "owner", "password": "x"}).content.decode()
    assert "Too many failed log-ins" in body
    assert f'<a class="btn btn-ghost" href="{reverse("login")}">Log in as someone else</a>' in body
    other = client.post(
        reverse("login"), {"username": "second", "password": "correct-horse-battery"}
    )
    assert other.status_code == 302
