"""A request larger than any form or file of the product is refused before it is read:
Django writes an uploaded file to disk whatever its size, before the view may refuse it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.urls import reverse

from athletes.models import Membership
from tests.factories import ClubFactory, UserFactory

MB = 1024 * 1024


@pytest.fixture
def parsed(monkeypatch):
    """The bodies Django parsed (and so wrote their files to disk)."""
    seen = []
    parse = MultiPartParser.parse

    def spy(self):
        seen.append(self)
        return parse(self)

    monkeypatch.setattr(MultiPartParser, "parse", spy)
    return seen


def upload(size: int, name: str = "roster.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"x" * size, content_type="text/csv")


def test_a_file_larger_than_any_form_takes_is_never_read(owner_client, parsed):
    response = owner_client.post(reverse("roster_import"), {"file": upload(11 * MB)})
    assert response.status_code == 413
    body = response.content.decode()
    assert "That was too large to send" in body
    # The roster page's own limit, and the way back to it rather than to the start.
    assert "1 MB is the most a roster CSV file may be" in body
    assert f'<a class="btn" href="{reverse("roster_import")}">Back to the import</a>' in body
    assert parsed == []


def test_a_visitor_who_is_not_logged_in_cannot_send_one_either(db, parsed):
    response = Client().post(reverse("login"), {"username": "x", "file": upload(11 * MB)})
    assert response.status_code == 413
    assert "10 MB is the most one form or file may be" in response.content.decode()
    assert parsed == []


def test_a_roster_file_a_little_too_large_is_still_refused_by_its_page(owner_client, parsed):
    response = owner_client.post(reverse("roster_import"), {"file": upload(2 * MB)})
    assert response.status_code == 400
    assert "The file is larger than 1 MB." in response.content.decode()


def test_a_club_file_may_be_larger_than_other_forms(db, client, parsed):
    owner = UserFactory(username="new-owner")
    Membership.objects.create(club=ClubFactory(name="New"), user=owner, role="owner")
    client.force_login(owner)
    response = client.post(reverse("club_import"), {"file": upload(20 * MB, "club.json")})
    assert response.status_code == 400
    assert "The file is not JSON" in response.content.decode()
    assert len(parsed) == 1
    too_large = client.post(reverse("club_import"), {"file": upload(66 * MB, "club.json")})
    assert too_large.status_code == 413
    assert "64 MB is the most a club file may be" in too_large.content.decode()
    assert f'href="{reverse("club_import")}">Back to the import</a>' in too_large.content.decode()
    assert len(parsed) == 1
