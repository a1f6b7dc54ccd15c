import os

import pytest
from celery.app.task import Task

from tests.browser_support import browser, desktop_page, page, screenshot  # noqa: F401
from tests.factories import AthleteFactory, ClubFactory, MembershipFactory, UserFactory


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: every test must really run there."""
    if os.environ.get("CI", "").lower() != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; skipped tests fail the run.")
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def celery_outbox(request, monkeypatch):
    """Tasks sent during a test are recorded here instead of reaching a broker.

    Tests of task bodies call the services directly; tests marked `worker` run a real
    Celery worker and keep the real sending path.
    """
    if request.node.get_closest_marker("worker"):
        yield None
        return
    sent: list[tuple[str, tuple]] = []

    def record(task, args=None, kwargs=None, **options):
        sent.append((task.name, tuple(args or ())))

    monkeypatch.setattr(Task, "apply_async", record)
    yield sent


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a third of a second per user; tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_template_cache():
    """Row ids come back after a rolled-back test, so a cached template must not outlive one."""
    from programs.services import _ENGINE_TEMPLATES

    _ENGINE_TEMPLATES.clear()
    yield
    _ENGINE_TEMPLATES.clear()


@pytest.fixture(autouse=True)
def site_counts():
    """The site's daily count of invitation mails and the test client's counts of sign-ups
    and failed log-ins live in the cache (Redis in CI), which outlives a test run: each test
    starts from none."""
    from django.core.cache import cache
    from django.utils import timezone

    addresses = ("127.0.0.1", "203.0.113.9", "198.51.100.7", "192.0.2.10", "192.0.2.11")
    addresses += ("2001:db8:1:2::", "2001:db8:1:3::")  # IPv6 counts by /64 (client_network)
    keys = [f"invitation-mails:all:{timezone.localdate()}"]
    keys += [
        f"{count}:{address}"
        for address in addresses
        for count in ("signups", "signup-tries", "login-failures")
    ]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


@pytest.fixture(autouse=True)
def shipped_catalogue(request):
    """Transactional tests flush every table afterwards, the catalogue that migrations load
    included; put it back for the tests that run after them."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from exercises.catalogue import load_shipped_catalogue
    from exercises.models import Exercise

    if not Exercise.objects.filter(club__isnull=True).exists():
        load_shipped_catalogue(Exercise)


@pytest.fixture
def club(db):
    return ClubFactory(name="Riverside Harriers")


@pytest.fixture
def owner(club):
    return MembershipFactory(club=club, role="owner", user=UserFactory(username="owner")).user


@pytest.fixture
def coach(club):
    return MembershipFactory(club=club, role="coach", user=UserFactory(username="second")).user


@pytest.fixture
def stranger(db):
    other = ClubFactory(name="Other Club")
    return MembershipFactory(club=other, role="owner", user=UserFactory(username="stranger")).user


@pytest.fixture
def athlete(club):
    return AthleteFactory(club=club, name="Amara Okafor")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def stranger_client(client, stranger):
    client.force_login(stranger)
    return client
