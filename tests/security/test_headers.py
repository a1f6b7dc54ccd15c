import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.commands import manage

ROOT = Path(__file__).resolve().parents[2]


def test_pages_send_a_strict_content_security_policy(owner_client):
    response = owner_client.get(reverse("roster"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_pages_send_the_security_headers(client, db):
    response = client.get(reverse("login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    # The page holds the CSRF token for its forms and htmx: no script needs the cookie.
    assert response.cookies[settings.CSRF_COOKIE_NAME]["httponly"] is True


def test_templates_hold_no_inline_script_or_style():
    """The policy forbids inline code; a template that used it would break silently."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path}: inline <script>")
        if re.search(r"\sstyle=\"", text) and "pdf" not in path.parts:
            offenders.append(f"{path}: style attribute")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path}: inline event handler")
    assert offenders == []


def test_htmx_is_configured_to_need_no_inline_style_or_eval(owner_client):
    body = owner_client.get(reverse("roster")).content.decode()
    assert '"includeIndicatorStyles": false' in body
    assert '"allowEval": false' in body


def test_production_settings_pass_the_deploy_check():
    env = {
        "DEBUG": "false",
        "HTTPS": "true",
        "REQUIRE_SECRET_KEY": "true",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "runstrength.example.org",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "switch",
    [{"REQUIRE_SECRET_KEY": "true"}, {"HTTPS": "true"}],
    ids=["required", "served-over-https"],
)
def test_production_refuses_to_start_without_a_secret_key(switch):
    """Asked for, or implied by serving over HTTPS: a site people reach never signs its
    sessions and links with the development key."""
    result = manage("check", env=switch)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_malformed_boolean_setting_fails_loudly():
    result = manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_https_mode_uses_secure_host_prefixed_cookies():
    env = {
        "PATH": "/usr/bin:/bin",
        "HTTPS": "true",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "31536000"]


def test_pages_that_answer_htmx_with_a_fragment_vary_on_it(owner_client):
    """A browser must not show the roster's cached fragment when going Back to the page."""
    response = owner_client.get("/athletes/", HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "HX-Request" in response["Vary"]
    assert "HX-Request" in owner_client.get("/athletes/")["Vary"]


def test_a_history_restore_gets_the_whole_page(owner_client):
    response = owner_client.get(
        "/athletes/?q=a", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()
