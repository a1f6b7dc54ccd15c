"""No Docker engine runs on our machines, so the compose file is checked by parsing it."""

import os
import re
from pathlib import Path

import yaml

from tests.commands import manage

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_services():
    services = compose()["services"]
    assert {"db", "redis", "web", "worker", "migrate"} <= set(services)
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")


def test_web_runs_gunicorn_and_worker_runs_celery():
    services = compose()["services"]
    assert services["web"]["command"][0] == "gunicorn"
    assert "config.wsgi:application" in services["web"]["command"]
    worker = services["worker"]["command"]
    assert worker[:4] == ["celery", "-A", "config", "worker"]
    # Scaling (`--scale worker=N`) is impossible with a fixed container name or host port.
    assert "container_name" not in services["worker"]
    assert "ports" not in services["worker"]


def gunicorn_timeout(command: list[str]) -> int:
    return int(command[command.index("--timeout") + 1]) if "--timeout" in command else 30


def test_gunicorn_gives_a_club_file_load_room_to_finish():
    """A club file loads in the request: 300 athletes take 13 to 30 s by the host, so a
    worker is given far longer than gunicorn's default 30 s before it is killed mid-load."""
    web = compose()["services"]["web"]["command"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    [cmd] = re.findall(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)
    assert gunicorn_timeout(web) >= 120
    assert gunicorn_timeout(yaml.safe_load(cmd)) >= 120


def test_app_services_point_at_postgres_and_redis_with_production_switches():
    services = compose()["services"]
    for name in ("web", "worker", "migrate"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert env["DEBUG"] == "false"
        assert env["HTTPS"] == "true"
        assert "SECRET_KEY" not in env, "the secret comes from a file, never the compose file"
        assert env["SECRET_KEY_FILE"].startswith("/run/secrets/")


def test_app_waits_for_healthy_database_and_migrations():
    services = compose()["services"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["migrate"]["command"][-2:] == ["migrate", "--no-input"]


def test_dockerfile_installs_the_pdf_font_and_pango():
    text = (ROOT / "Dockerfile").read_text()
    assert "fonts-inter" in text
    assert "libpango" in text
    assert "libharfbuzz-subset0" in text  # WeasyPrint's font subsetting
    assert "gunicorn" in text


def test_image_collects_static_files_for_the_storage_the_app_serves_them_with():
    # MANIFEST_STATIC=true serves hashed names from staticfiles.json: an image collected
    # without it has no manifest, and every page fails on its first {% static %}.
    services = compose()["services"]
    assert services["web"]["environment"]["MANIFEST_STATIC"] == "true"
    collect = [
        line
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.startswith("RUN") and "collectstatic" in line
    ]
    assert collect and all("MANIFEST_STATIC=true" in line for line in collect)


def test_build_context_leaves_out_the_secret_and_local_state():
    # The README writes secret_key.txt and .env (the settings, a mail password among them)
    # beside the compose file, which is the build context: `COPY . .` would bake them (and a
    # local .venv, database and media) into the image.
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {"secret_key.txt", ".env", ".venv", "db.sqlite3", "media", ".git"} <= set(ignored)


def test_the_secret_and_the_settings_file_are_kept_out_of_git():
    ignored = (ROOT / ".gitignore").read_text().split()
    assert {"secret_key.txt", ".env"} <= set(ignored)


def test_image_installs_the_dependencies_before_it_copies_the_code():
    # Installed after `COPY . .`, every change to the code would download and install every
    # dependency again; from pyproject.toml alone they stay in the build cache.
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    install = next(i for i, line in enumerate(lines) if "pip install" in line)
    assert "COPY pyproject.toml ./" in lines[:install]
    assert "COPY . ." in lines[install:]


def test_the_web_services_environment_passes_the_deployment_checks(tmp_path):
    """`manage.py check --deploy` with the environment compose gives the web app, the README's
    .env (host names only) filled in and everything else left to the compose file."""
    given = {
        "ALLOWED_HOSTS": "runstrength.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://runstrength.example.org",
    }

    def interpolate(value) -> str:
        def one(match):
            return given.get(match.group(1)) or match.group(2) or ""

        return re.sub(r"\$\{([A-Z0-9_]+)(?::-([^}]*))?\}", one, str(value))

    env = {k: interpolate(v) for k, v in compose()["services"]["web"]["environment"].items()}
    secret = tmp_path / "secret_key"
    secret.write_text(os.urandom(48).hex())
    env["SECRET_KEY_FILE"] = str(secret)  # where compose mounts secret_key.txt
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr
