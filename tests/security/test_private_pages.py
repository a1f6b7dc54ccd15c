"""Signed-in pages tell the browser not to keep them: Back after logging out or deleting
asks the server again."""

from django.urls import reverse


def test_a_coachs_pages_are_not_kept(owner_client, athlete):
    for url in (reverse("roster"), reverse("athlete_detail", args=[athlete.pk])):
        response = owner_client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
