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
