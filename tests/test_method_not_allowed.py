"""An address that only takes a form, opened as a page (typed in, pasted, or reached from the
browser's history), answers with a page saying so, not a blank screen."""

from django.urls import reverse

from athletes.models import AthleteLink


def test_a_form_address_opened_as_a_page_says_what_it_is(owner_client, athlete):
    url = reverse("athlete_archive", args=[athlete.pk])
    response = owner_client.get(url)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    body = response.content.decode()
    assert "<title>Not a page to open · Runstrength</title>" in body
    assert "This address is where a form is sent" in body
    assert '<a class="btn" href="/">Back to the start</a>' in body
    athlete.refresh_from_db()
    assert athlete.archived_at is None  # opened, nothing done


def test_under_an_athletes_link_the_page_stays_private_and_offers_no_coach_start(client, athlete):
    _, token = AthleteLink.issue(athlete=athlete)
    response = client.get(f"/w/{token}/sets/1/1/")
    assert response.status_code == 405
    body = response.content.decode()
    assert "This address is where a form is sent" in body
    assert "Back to the start" not in body
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_fragment_request_and_a_head_request_get_no_page(owner_client, athlete):
    url = reverse("athlete_archive", args=[athlete.pk])
    assert owner_client.get(url, HTTP_HX_REQUEST="true").content == b""
    assert owner_client.head(url).content == b""
