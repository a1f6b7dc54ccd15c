"""A mistyped EMAIL_BACKEND stops `manage.py check` and `migrate` (which the compose file runs
before the web app and workers start), not the first password reset a coach asks for."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from tests.commands import manage

ROOT = Path(__file__).resolve().parents[2]


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackends")
def test_a_backend_that_cannot_be_loaded_fails_the_check():
    with pytest.raises(SystemCheckError, match="EMAIL_BACKEND"):
        call_command("check")


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.smtp.EmailBackend",
        "django.core.mail.backends.console.EmailBackend",
    ],
)
def test_a_backend_that_loads_passes(backend):
    with override_settings(EMAIL_BACKEND=backend):
        call_command("check")


def test_migrate_refuses_to_run_with_it(tmp_path):
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_BACKEND": "smtp",
    }
    result = manage("migrate", "--no-input", env=env)
    assert result.returncode != 0
    assert "EMAIL_BACKEND='smtp' cannot be loaded" in result.stderr
    assert "Applying" not in result.stdout
