"""The running-week form: each day's name sits level with its run and time boxes."""

import pytest

from tests.browser_support import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEVEL = """() => [...document.querySelectorAll('.runweek tbody tr')].map(row => {
  const middle = el => { const r = el.getBoundingClientRect(); return r.top + r.height / 2; };
  return Math.abs(middle(row.querySelector('th label')) - middle(row.querySelector('select')));
})"""


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_each_days_name_is_level_with_its_run(live_server, browser, owner, athlete, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/athletes/{athlete.pk}/running-week/")
    offsets = page.evaluate(LEVEL)
    assert len(offsets) == 7
    assert max(offsets) < 2, offsets
    # A refused day keeps its name level with its run, the message below both.
    page.select_option("#id_mon_run", "easy")
    page.select_option("#id_mon_time", "")
    page.click("main button[type=submit]")
    page.wait_for_selector(".runweek .error")
    assert max(page.evaluate(LEVEL)) < 2
    context.close()


HEADINGS = """() => Object.fromEntries([...document.querySelectorAll('main .card h2')].map(
  h => [h.textContent.trim(), h.getBoundingClientRect().top]))"""


def test_the_running_week_heading_is_level_with_the_goal_race_beside_it(
    live_server, desktop_page, owner, athlete
):
    """The card with an Edit button keeps its heading where the card beside it has its own:
    the button sits beside the heading, not pushing it down to its own text's line."""
    log_in(desktop_page, live_server, "owner")
    desktop_page.goto(f"{live_server.url}/athletes/{athlete.pk}/")
    tops = desktop_page.evaluate(HEADINGS)
    assert abs(tops["Running week"] - tops["Goal race"]) < 1, tops
    # The Edit button stays within its card's head, level with the heading's middle.
    gap = desktop_page.evaluate("""() => {
      const head = [...document.querySelectorAll('.card-head')].find(
        h => h.textContent.includes('Running week'));
      const mid = el => { const r = el.getBoundingClientRect(); return r.top + r.height / 2; };
      return Math.abs(mid(head.querySelector('h2')) - mid(head.querySelector('.btn')));
    }""")
    assert gap < 3, gap
