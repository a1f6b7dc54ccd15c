"""How the app talks to its database: on PostgreSQL, a query repeated on a connection runs
as a prepared statement (planned once), unless DB_PREPARED_STATEMENTS turns it off."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from schedules.models import Plan

ROOT = Path(__file__).resolve().parents[2]


def database_options(**env) -> dict:
    """The OPTIONS the settings give the database, read in a process of its own."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    )
    environ = {k: v for k, v in os.environ.items() if k != "DB_PREPARED_STATEMENTS"}
    environ |= {"DJANGO_SETTINGS_MODULE": "config.settings", **env}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_postgresql_prepares_repeated_queries_unless_told_not_to():
    url = "postgres://runstrength@db.example.org:5432/runstrength"
    assert database_options(DATABASE_URL=url) == {
        "server_side_binding": True,
        "prepare_threshold": 5,
    }
    assert database_options(DATABASE_URL=url, DB_PREPARED_STATEMENTS="false") == {}
    # The embedded demo database has its own options.
    sqlite = database_options(DATABASE_URL="sqlite:////tmp/demo.sqlite3")
    assert "prepare_threshold" not in sqlite and sqlite["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db
def test_a_query_sent_again_and_again_is_prepared_on_postgresql():
    for _ in range(6):
        list(Plan.objects.filter(pk=-1).values_list("pk"))
    if connection.vendor != "postgresql":  # SQLite (make run) has no such statements
        assert connection.settings_dict["OPTIONS"].get("prepare_threshold") is None
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "schedules_plan"' in statement for statement in prepared), prepared
