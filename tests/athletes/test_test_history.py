"""A busy athlete's test history in pages of 20, newest first: years of tests no longer push
the rest of the athlete's page (archive, delete) out of reach."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import StrengthTestFactory, shipped


@pytest.fixture
def tested(athlete):
    """45 back-squat tests, one a week, the newest a week ago at 124 kg (80 + 44)."""
    today = timezone.localdate()
    return [
        StrengthTestFactory(
            athlete=athlete, tested_on=today - timedelta(weeks=45 - i), load=Decimal(80 + i)
        )
        for i in range(45)
    ]


def history(client, athlete, **params):
    response = client.get(reverse("athlete_detail", args=[athlete.pk]), params)
    body = response.content.decode()
    section = body.split('id="tests"', 1)[1].split("</section>", 1)[0]
    return response, section


def loads(section: str) -> list[int]:
    """The loads of the tests listed, in order."""
    return [int(load) for load in re.findall(r'<td><span class="nowrap">(\d+) × 1 →', section)]


def test_the_test_history_shows_the_20_newest_tests_first(owner_client, athlete, tested):
    _, section = history(owner_client, athlete)
    assert loads(section) == list(range(124, 104, -1))
    assert "Tests 1 to 20 of 45, newest first." in section
    assert 'href="?tests=2#tests">Older tests</a>' in section
    assert "Newer tests" not in section


def test_older_tests_are_on_the_pages_after(owner_client, athlete, tested):
    _, section = history(owner_client, athlete, tests="3")
    assert loads(section) == list(range(84, 79, -1))
    assert "Tests 41 to 45 of 45, newest first." in section
    assert 'href="?tests=2#tests">Newer tests</a>' in section
    assert "Older tests" not in section


def test_the_current_1rm_stays_the_newest_test_on_every_page(owner_client, athlete, tested):
    response, _ = history(owner_client, athlete, tests="3")
    current = response.content.decode().split("Current 1RM", 1)[1].split("</section>", 1)[0]
    assert "124 × 1" in current


def test_a_history_that_fits_one_page_has_no_page_links(owner_client, athlete, tested):
    for test in tested[20:]:
        test.delete()
    _, section = history(owner_client, athlete)
    assert len(loads(section)) == 20
    assert "Pages of the test history" not in section and "newest first" not in section


@pytest.mark.parametrize(
    ("asked", "first"),
    [("0", 124), ("-1", 124), ("abc", 124), ("²", 124), ("9" * 30, 124), ("99999", 84)],
)
def test_any_page_of_the_test_history_opens(owner_client, athlete, tested, asked, first):
    response, section = history(owner_client, athlete, tests=asked)
    assert response.status_code == 200
    assert loads(section)[0] == first


def test_a_test_deleted_from_a_later_page_goes_back_to_that_page(owner_client, athlete, tested):
    _, section = history(owner_client, athlete, tests="2")
    assert '<input type="hidden" name="tests" value="2">' in section
    url = reverse("strength_test_delete", args=[athlete.pk, tested[10].pk])
    response = owner_client.post(url, {"tests": "2"})
    detail = reverse("athlete_detail", args=[athlete.pk])
    assert response["Location"] == f"{detail}?tests=2#tests"
    response = owner_client.post(reverse("strength_test_delete", args=[athlete.pk, tested[9].pk]))
    assert response["Location"] == detail


def test_a_test_corrected_from_a_later_page_goes_back_to_that_page(owner_client, athlete, tested):
    """Edit on page 2 of the history, then Save correction (or Cancel): back on page 2, as
    after a Delete there, not at the top of the athlete's page."""
    from tests.athletes.test_strength_test_edit import typed

    test = tested[10]  # on page 2 (newest first: 124 … 105 on page 1)
    _, section = history(owner_client, athlete, tests="2")
    edit = re.search(rf'href="([^"]*/tests/{test.pk}/[^"]*)"', section).group(1)
    form = owner_client.get(edit.replace("&amp;", "&")).content.decode()
    detail = reverse("athlete_detail", args=[athlete.pk])
    assert f'href="{detail}?tests=2#tests">Cancel</a>' in form
    action = re.search(r'<form method="post" action="([^"]+)" class="inline-form"', form).group(1)
    seen = re.search(r'name="seen" value="([^"]+)"', form).group(1)

    saved = owner_client.post(action.replace("&amp;", "&"), typed(test, seen, reps="2"))
    assert saved.status_code == 302
    assert saved["Location"] == f"{detail}?tests=2#tests"
    test.refresh_from_db()
    assert test.reps == 2

    # Sent again unchanged (a second click on Save): back on the same page too.
    again = owner_client.post(action.replace("&amp;", "&"), typed(test, seen, reps="2"))
    assert again["Location"] == f"{detail}?tests=2#tests"


def test_a_test_corrected_from_the_first_page_goes_back_to_the_athletes_page(
    owner_client, athlete, tested
):
    from tests.athletes.test_strength_test_edit import typed

    test = tested[-1]
    url = reverse("strength_test_edit", args=[athlete.pk, test.pk])
    form = owner_client.get(url).content.decode()
    seen = re.search(r'name="seen" value="([^"]+)"', form).group(1)
    assert f'action="{url}"' in form
    saved = owner_client.post(url, typed(test, seen, reps="2"))
    assert saved["Location"] == reverse("athlete_detail", args=[athlete.pk])


def test_history_dates_say_the_year_only_when_it_is_not_this_one(owner_client, athlete):
    """As the Current 1RM card says them: 2 Jan for this year's test, 15 Jun 2025 for one of
    an earlier year."""
    today = timezone.localdate()
    this_year = date(today.year, 1, 2)
    earlier = date(today.year - 1, 6, 15)
    StrengthTestFactory(athlete=athlete, tested_on=this_year, load=Decimal(90))
    StrengthTestFactory(athlete=athlete, tested_on=earlier, load=Decimal(85))
    response, section = history(owner_client, athlete)
    dates = re.findall(r'<span class="muted small block">([^<]*)</span>', section)
    assert dates == ["2 Jan", f"15 Jun {today.year - 1}"]
    card = response.content.decode().split("Current 1RM", 1)[1].split("</section>", 1)[0]
    assert '90 × 1</span> on <span class="nowrap">2 Jan</span>' in card
    # Said in full where the date stands alone: the buttons' names and the confirmation.
    assert f"Delete the Back squat test of 2 Jan {today.year}?" in section
    assert f'aria-label="Edit the Back squat test of 15 Jun {today.year - 1}"' in section


def test_a_tests_figures_and_date_each_stay_on_one_line(owner_client, athlete, tested):
    """On a phone the narrow columns wrap between the parts, not inside "124 kg" or
    "29 Nov"."""
    response, section = history(owner_client, athlete)
    newest = tested[-1]
    said = f"{newest.tested_on:%-d %b}" + (
        "" if newest.tested_on.year == timezone.localdate().year else f" {newest.tested_on.year}"
    )
    assert (
        '<td><span class="nowrap">124 × 1 →</span> '
        '<span class="nowrap"><strong>124</strong> kg</span></td>'
    ) in section
    card = response.content.decode().split("Current 1RM", 1)[1].split("</section>", 1)[0]
    assert f'<span class="nowrap">124 × 1</span> on <span class="nowrap">{said}</span>' in card


def test_a_tests_load_is_shown_as_it_was_typed(owner_client, athlete):
    """A load of 67.25 kg (a micro plate on 66 kg) reads 67.25 kg on the athlete's page, in
    the history and the Current 1RM card, as the form took it and as the correction form
    shows it: not 67.3, a load nobody lifted."""
    StrengthTestFactory(athlete=athlete, load=Decimal("67.25"), reps=1)
    response, section = history(owner_client, athlete)
    assert '<span class="nowrap">67.25 × 1 →</span>' in section
    card = response.content.decode().split("Current 1RM", 1)[1].split("</section>", 1)[0]
    assert '<span class="nowrap">67.25 × 1</span>' in card


def test_a_1rm_reads_the_same_on_the_page_as_in_the_message_that_saved_it(owner_client, athlete):
    """67.5 kg × 3 estimates 74.25 kg: saved, the message says 74.3 (half up, as the PDF
    plan rounds), and so does the athlete's page, not 74.2."""
    url = reverse("strength_test_add", args=[athlete.pk])
    data = {"exercise": shipped("back-squat").pk, "load": "67.5", "reps": "3"}
    data |= {"tested_on": timezone.localdate().isoformat(), "unit": athlete.units}
    response = owner_client.post(url, data, follow=True)
    body = response.content.decode()
    assert "1RM estimated at 74.3 kg from 3 reps" in body
    card = body.split("Current 1RM", 1)[1].split("</section>", 1)[0]
    assert "<strong>74.3</strong> kg" in card
    _, section = history(owner_client, athlete)
    assert '<span class="nowrap"><strong>74.3</strong> kg</span>' in section
