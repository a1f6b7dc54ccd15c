"""The Makefile's targets run with the environment they were given: CI and the README set
DATABASE_URL and REDIS_URL for `make test`, and a make variable of the same name would hide
them from its recipes (the worker tests were then skipped)."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_every_recipe_sees_the_environments_database_and_redis(tmp_path):
    probe = tmp_path / "probe.mk"
    probe.write_text(f'include {ROOT / "Makefile"}\nprobe:\n\t@echo "$$DATABASE_URL|$$REDIS_URL"\n')
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://db/x", "REDIS_URL": "redis://r/3"}
    result = subprocess.run(
        ["make", "-s", "-f", str(probe), "probe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "postgres://db/x|redis://r/3"


@pytest.mark.parametrize(
    ("given", "heard"),
    [({}, "redis://127.0.0.1:6379/0"), ({"REDIS_URL": "redis://r/3"}, "redis://r/3")],
)
def test_the_worker_listens_on_the_local_redis_unless_told_another(tmp_path, given, heard):
    """`make worker` with a stand-in for celery that says which broker it was given."""
    (tmp_path / "activate").touch()  # newer than pyproject.toml: nothing to install
    celery = tmp_path / "celery"
    celery.write_text('#!/bin/sh\necho "$REDIS_URL"\n')
    celery.chmod(0o755)
    result = subprocess.run(
        ["make", "-s", "worker", f"BIN={tmp_path}"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **given},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == heard
