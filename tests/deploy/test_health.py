"""The health check the compose file's web service runs inside its container."""

import subprocess
import sys
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

from tests.deploy.test_compose import compose

# As in production: one public host name, HTTPS only.
PRODUCTION = {"ALLOWED_HOSTS": ["runstrength.example"], "SECURE_SSL_REDIRECT": True}


def container_check() -> str:
    """The Python the web service's healthcheck runs."""
    test = compose()["services"]["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    return test[3]


def unreachable_database():
    broken = mock.Mock()
    broken.cursor.side_effect = OperationalError("connection refused")
    return mock.patch("config.middleware.connection", broken)


@pytest.mark.django_db
@override_settings(**PRODUCTION)
def test_health_answers_on_plain_http_inside_the_container(client):
    response = client.get("/health/", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
    # Any other page there is refused by the host check, as it should be.
    assert client.get("/login/", HTTP_HOST="127.0.0.1:8000").status_code == 400


@override_settings(**PRODUCTION)
def test_health_is_503_while_the_database_does_not_answer(client):
    with unreachable_database():
        response = client.get("/health/", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


@override_settings(**PRODUCTION)
def test_the_compose_healthcheck_passes_on_a_serving_app_and_fails_without_its_database(
    live_server,
):
    check = container_check().replace("http://127.0.0.1:8000", live_server.url)
    assert live_server.url in check
    healthy = subprocess.run([sys.executable, "-c", check], capture_output=True, timeout=30)
    assert healthy.returncode == 0, healthy.stderr
    with unreachable_database():
        sick = subprocess.run([sys.executable, "-c", check], capture_output=True, timeout=30)
    assert sick.returncode != 0
    assert b"503" in sick.stderr
