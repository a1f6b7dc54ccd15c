"""Browser fixtures for every test folder: Playwright driving Debian's Chromium against the
live test server. One browser per test session: Playwright's sync API allows one at a time."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are ordinary blocking calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR", "/tmp/runstrength-screenshots")


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def desktop_page(browser):
    context, page = _page(browser, 1280, 800)
    yield page
    context.close()


@pytest.fixture
def page(browser):
    """A phone-sized page (390x844), the athletes' design target."""
    context, page = _page(browser, 390, 844)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    os.makedirs(SCREENSHOTS, exist_ok=True)

    def take(page, name: str) -> str:
        path = os.path.join(SCREENSHOTS, f"{name}.png")
        page.screenshot(path=path, full_page=True)
        return path

    return take


def log_in(
    page,
    live_server,
    username: str,
    password: str = "correct-horse-battery",
    lands: str = "/athletes/",  # a coach's first page; an athlete's is /me/
) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{lands}")


def open_athlete_week(live_server, page):
    """Amara's two-week plan opened by her private link: (page, its address, week 1's squat
    in session A)."""
    from athletes.models import AthleteLink
    from schedules.models import PlannedExercise
    from tests.factories import AthleteFactory, ClubFactory, MembershipFactory, UserFactory
    from tests.plan_factories import make_plan

    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club, name="Amara Okafor")
    plan = make_plan(athlete, weeks=2)
    _, token = AthleteLink.issue(athlete=athlete)
    squat = PlannedExercise.objects.get(
        session__plan=plan, session__week=1, session__label="A", exercise__slug="back-squat"
    )
    url = f"{live_server.url}/w/{token}/"
    page.goto(url)
    return page, url, squat
