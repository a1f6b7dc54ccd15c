"""A roster file the import page takes is imported by its Import button, as large as it may be."""

import pytest
from django.urls import reverse

from athletes.csv_roster import MAX_BYTES
from athletes.models import Athlete
from tests.browser_support import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def preview(page, live_server, raw: bytes, heading: str) -> None:
    """The owner logs in, chooses the file on the import page and checks it."""
    log_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("roster_import"))
    page.set_input_files(
        "input[type=file]", files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": raw}]
    )
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name=heading).wait_for()


def test_a_file_near_the_size_limit_is_imported_once_previewed(live_server, desktop_page, owner):
    """Names in Cyrillic and a column of notes the import leaves out: under 1 MB as a file,
    yet sent back by Import (a form's ordinary encoding writes each such letter in six
    characters) it was larger than a form may send, and the import was refused as a bad
    request after its preview said it was ready."""
    notes = "Заметки о тренировке, " * 22
    rows = [f'Бегун Иванов {i},female,60,novice,marathon,"{notes}"\n' for i in range(1000)]
    raw = ("name,sex,body_mass_kg,experience,event,notes\n" + "".join(rows)).encode()
    assert 0.85 * MAX_BYTES < len(raw) < MAX_BYTES
    page = desktop_page
    preview(page, live_server, raw, "Ready to import 1000 athletes")
    page.get_by_role("button", name="Import 1000 athletes").click()
    page.wait_for_url(live_server.url + reverse("roster"), timeout=30_000)
    assert "Imported 1000 athletes." in page.content()
    assert Athlete.objects.filter(name__startswith="Бегун Иванов").count() == 1000


def test_the_preview_shows_every_column_on_a_phone(live_server, page, owner):
    """At 390 wide the preview's rows stack, each value under its heading, so the body
    mass, race and squad are read without scrolling the table sideways."""
    raw = (
        b"name,sex,body_mass_kg,experience,event,race_date,squad\n"
        b"Ana Lima,female,58,intermediate,marathon,2027-04-25,Marathon group\n"
        b"Bo Chen,male,71.5,novice,10k,,\n"
    )
    preview(page, live_server, raw, "Ready to import 2 athletes")
    frame = page.locator(".table-scroll").first
    assert frame.evaluate("el => el.scrollWidth <= el.clientWidth")
    for text in ("Body mass: 58 kg", "Race: 25 Apr 2027", "Squad: Marathon group"):
        assert page.get_by_text(text).first.is_visible(), text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_problems_of_a_file_are_read_whole_on_a_phone(live_server, page, owner):
    """At 390 wide each problem stacks under its line and column, so a message is read
    whole instead of cut at the screen's edge (an address in it made the table too wide)."""
    raw = (
        b"name,sex,body_mass_kg,experience,event,email\n"
        b"Ana Lima,x,abc,intermediate,half marathon run,not-an-address\n"
    )
    preview(page, live_server, raw, "Nothing was imported: 4 problems to fix")
    frame = page.locator(".error-card .table-scroll")
    assert frame.evaluate("el => el.scrollWidth <= el.clientWidth")
    message = page.get_by_text("for example name@example.com")
    box = message.bounding_box()
    assert box["x"] + box["width"] <= 390
    # Each value keeps its heading's word, as the stacked preview's do.
    cell = page.locator(".error-card tbody td").first
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Line "'
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
