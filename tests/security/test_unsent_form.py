"""A form sent after its login ended (logged out in another tab) saved nothing and lost
what was typed: the login led back to the form as saved before. What was typed is kept,
and once logged in again the coach is offered to save it."""

import html
import re
import time
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from athletes.forms import athlete_stamp

PASSWORD = "correct-horse-battery"  # the factories' password


def edit_form(athlete, **typed) -> dict:
    fields = {
        "name": athlete.name,
        "sex": athlete.sex,
        "body_mass_kg": str(athlete.body_mass_kg),
        "experience": athlete.experience,
        "event": athlete.event,
        "units": athlete.units,
        "goal_race_name": athlete.goal_race_name,
        "race_date": athlete.race_date.isoformat(),
        "seen": athlete_stamp(athlete),
    }
    return {**fields, **typed}


def log_in(browser: Client, next_page: str):
    return browser.post(
        reverse("login"), {"username": "owner", "password": PASSWORD, "next": next_page}
    )


def logged_out() -> Client:
    """A browser the owner used and was then logged out of (in another tab)."""
    browser = Client()
    log_in(browser, "/")
    browser.post(reverse("logout"))
    return browser


def hidden_fields(page: str) -> list[tuple[str, str]]:
    pairs = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', page)
    return [(name, html.unescape(value)) for name, value in pairs]


def test_a_form_sent_after_logging_out_is_offered_again_once_logged_in(owner, athlete):
    browser = logged_out()
    edit = reverse("athlete_edit", args=[athlete.pk])
    typed = edit_form(athlete, notes="Tight calves <after> the long run\r\nEase off")
    response = browser.post(edit, typed, HTTP_REFERER=f"http://testserver{edit}")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/resend/"
    login_page = browser.get(response["Location"]).content.decode()
    assert "You were logged out, so that was not saved." in login_page
    athlete.refresh_from_db()
    assert athlete.notes == ""

    assert log_in(browser, "/resend/")["Location"] == "/resend/"
    page = browser.get("/resend/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f'<form method="post" action="{edit}">' in body
    assert f'href="{edit}"' in body  # "Leave it" goes back to the form's page
    fields = [(n, v) for n, v in hidden_fields(body) if n != "csrfmiddlewaretoken"]
    assert fields == list(typed.items())

    saved = browser.post(edit, dict(fields))
    assert saved.status_code == 302
    athlete.refresh_from_db()
    assert athlete.notes == "Tight calves <after> the long run\nEase off"  # one break, kept
    # Sent, it is offered no more.
    assert browser.get("/resend/")["Location"] == reverse("roster")


def test_passwords_are_not_kept(owner):
    browser = logged_out()
    browser.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "x-1", "new_password2": "x-1", "note": "n"},
    )
    log_in(browser, "/resend/")
    body = browser.get("/resend/").content.decode()
    assert [n for n, _ in hidden_fields(body) if n != "csrfmiddlewaretoken"] == ["note"]
    assert "x-1" not in body and PASSWORD not in body


def test_an_upload_sent_later_does_not_replace_the_form_kept(owner, athlete):
    browser = logged_out()
    edit = reverse("athlete_edit", args=[athlete.pk])
    browser.post(edit, edit_form(athlete, notes="Kept"), HTTP_REFERER=f"http://testserver{edit}")
    # The session cannot hold a file: back to its page to choose the file again.
    page = reverse("roster_import")
    upload = SimpleUploadedFile("roster.csv", b"name\n", "text/csv")
    response = browser.post(page, {"file": upload}, HTTP_REFERER=f"http://testserver{page}")
    assert response["Location"] == f"/login/?next={page}"
    log_in(browser, "/resend/")
    body = browser.get("/resend/").content.decode()
    assert ("notes", "Kept") in hidden_fields(body)
    assert f'action="{edit}"' in body


def test_logging_out_forgets_the_form_kept(owner, athlete):
    """Log out pressed in a tab already logged out: the one at the keyboard is leaving (a
    shared club computer), and the next login is offered nothing."""
    browser = logged_out()
    edit = reverse("athlete_edit", args=[athlete.pk])
    browser.post(edit, edit_form(athlete, notes="Mine"), HTTP_REFERER=f"http://testserver{edit}")
    log_in(browser, "/resend/")
    assert browser.get("/resend/").status_code == 200
    browser.post(reverse("logout"))
    log_in(browser, "/resend/")
    assert browser.get("/resend/")["Location"] == reverse("roster")


def test_what_was_typed_is_kept_for_an_hour(owner, athlete):
    browser = logged_out()
    edit = reverse("athlete_edit", args=[athlete.pk])
    browser.post(edit, edit_form(athlete, notes="Late"), HTTP_REFERER=f"http://testserver{edit}")
    log_in(browser, "/resend/")
    assert browser.get("/resend/").status_code == 200
    with mock.patch("config.unsent.time.time", return_value=time.time() + 61 * 60):
        assert browser.get("/resend/")["Location"] == reverse("roster")


def test_a_form_kept_is_never_offered_to_someone_else_logging_in_on_that_browser(
    owner, stranger, athlete
):
    """A club's shared computer: the coach's login ran out with a form typed; whoever logs
    in next is not shown it, and it is forgotten, not kept for later."""
    browser = logged_out()
    edit = reverse("athlete_edit", args=[athlete.pk])
    typed = edit_form(athlete, notes="Private: knee injury")
    browser.post(edit, typed, HTTP_REFERER=f"http://testserver{edit}")
    browser.post(reverse("login"), {"username": "stranger", "password": PASSWORD})
    response = browser.get("/resend/")
    assert response.status_code == 302
    assert "knee injury" not in browser.get(response["Location"]).content.decode()
    browser.post(reverse("logout"))
    log_in(browser, "/resend/")
    assert browser.get("/resend/").status_code == 302  # forgotten


def test_nothing_is_kept_from_a_browser_no_one_logged_in_on(athlete):
    browser = Client()
    edit = reverse("athlete_edit", args=[athlete.pk])
    response = browser.post(
        edit, edit_form(athlete, notes="x"), HTTP_REFERER=f"http://testserver{edit}"
    )
    assert response["Location"] == f"/login/?next={edit}"


def test_a_page_address_naming_another_site_is_never_offered_as_the_way_back(owner, athlete):
    """The page a form came from is read from the Referer: one whose path reads as another
    site's address ("//elsewhere.example") leads back to the home page, not off the site."""
    edit = reverse("athlete_edit", args=[athlete.pk])
    for path in ("//elsewhere.example/x", "///elsewhere.example", "/\\elsewhere.example"):
        browser = logged_out()
        typed = edit_form(athlete, notes="Kept")
        response = browser.post(edit, typed, HTTP_REFERER=f"http://testserver{path}")
        assert response["Location"] == "/login/?next=/resend/"
        log_in(browser, "/resend/")
        body = browser.get("/resend/").content.decode()
        assert "elsewhere.example" not in body
        assert 'href="/"' in body
