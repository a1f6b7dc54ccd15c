"""`make run` on a fresh clone, as the README gives it: migrate, then the demo, into an SQLite
file and with no Redis. What they print is the first thing a newcomer reads: the login, and
no warning that reads as something set up wrong."""

from tests.commands import manage


def test_the_demo_says_how_to_log_in_and_warns_of_nothing(tmp_path):
    env = {"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    assert manage("migrate", "--no-input", env=env).returncode == 0
    result = manage("demo", env=env)
    assert result.returncode == 0
    assert "Log in as coach / runstrength-demo" in result.stdout
    assert "No hostname was supplied" not in result.stderr  # Kombu, of the in-process broker
