"""The dashboard of a large club in pages of 50: those who need a look first over the whole
club, the filters kept from page to page, any page number safe to ask for."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from schedules.models import PainFlag, PlannedSession
from tests.athlete_pages.test_dashboard import make_club_plans, monday, shown
from tests.factories import AthleteFactory, SquadFactory, shipped
from tests.plan_factories import make_plan


def runners(club, count: int, squad=None, name: str = "Runner") -> list[Athlete]:
    """Athletes with no plan and nothing to look at, named in order."""
    return Athlete.objects.bulk_create(
        [AthleteFactory.build(club=club, squad=squad, name=f"{name} {i:03d}") for i in range(count)]
    )


def in_pain(athletes) -> None:
    squat = shipped("back-squat")
    PainFlag.objects.bulk_create([PainFlag(athlete=a, exercise=squat) for a in athletes])


def dashboard(client, **params):
    return client.get(reverse("dashboard"), params)


def test_a_large_club_is_shown_fifty_athletes_a_page(owner_client, club):
    runners(club, 120)
    first, last = dashboard(owner_client), dashboard(owner_client, page="3")
    assert shown(first) == [f"Runner {i:03d}" for i in range(50)]
    assert shown(last) == [f"Runner {i:03d}" for i in range(100, 120)]
    assert "showing 1–50 of 120" in first.content.decode()
    assert "showing 101–120 of 120" in last.content.decode()


def test_a_club_that_fits_on_one_page_has_no_page_links(owner_client, club):
    runners(club, 50)
    body = dashboard(owner_client).content.decode()
    assert len(shown(dashboard(owner_client))) == 50
    assert "Pages of the dashboard" not in body and "showing" not in body


def test_those_who_need_a_look_come_first_over_every_page_not_page_by_page(owner_client, club):
    """Named last in the alphabet, the athletes in pain still fill page 1 and the top of
    page 2, before those on track."""
    runners(club, 100)
    in_pain(runners(club, 55, name="Zoe"))
    first, second = dashboard(owner_client), dashboard(owner_client, page="2")
    assert shown(first) == [f"Zoe {i:03d}" for i in range(50)]
    assert shown(second)[:6] == [*(f"Zoe {i:03d}" for i in range(50, 55)), "Runner 000"]
    assert first.content.decode().count('class="dash-attn"') == 50
    assert second.content.decode().count('class="dash-attn"') == 5


def test_the_count_of_those_who_need_a_look_is_the_whole_clubs_on_every_page(owner_client, club):
    runners(club, 100)
    in_pain(runners(club, 12, name="Zoe"))
    for page in ("1", "2", "3"):
        body = dashboard(owner_client, page=page).content.decode()
        assert "<strong>12</strong> athletes need a look" in body


@pytest.mark.parametrize(
    ("asked", "page"),
    [
        ("0", 1),
        ("-1", 1),
        ("abc", 1),
        ("", 1),
        ("1.5", 1),
        ("²", 1),
        ("9" * 40, 1),
        ("3", 3),
        ("4", 3),  # past the last page: the last
        ("99999", 3),
    ],
)
def test_any_page_number_shows_a_page_never_an_error(owner_client, club, asked, page):
    runners(club, 120)
    response = dashboard(owner_client, page=asked)
    assert response.status_code == 200
    assert shown(response)[0] == f"Runner {(page - 1) * 50:03d}"
    assert f'aria-current="page" aria-label="Page {page}, this page"' in response.content.decode()


def test_the_page_links_keep_the_squad_and_only_those_who_need_a_look(owner_client, club):
    road = SquadFactory(club=club, name="Road")
    in_pain(runners(club, 120, squad=road))
    runners(club, 10, name="Other")  # in no squad: not counted in Road's pages
    response = dashboard(owner_client, squad=str(road.pk), show="attention", page="2")
    body = response.content.decode()
    query = f"{reverse('dashboard')}?squad={road.pk}&amp;show=attention"
    assert f'href="{query}&amp;page=1" rel="prev"' in body
    assert f'href="{query}&amp;page=3" rel="next"' in body
    assert f'href="{query}&amp;page=3" aria-label="Page 3"' in body
    assert shown(response)[0] == "Runner 050"
    assert "showing 51–100 of 120" in body


def test_choosing_other_filters_starts_again_at_page_1(owner_client, club):
    """The filter form sends no page: a squad of 20 is not asked for its page 3."""
    runners(club, 120)
    body = dashboard(owner_client, page="3").content.decode()
    form = body.split('aria-label="Filter the dashboard"', 1)[1].split("</form>", 1)[0]
    assert 'name="page"' not in form


def test_flags_dealt_with_on_a_later_page_keep_the_page(owner_client, club):
    """The forms of page 2 send the page along: from the list of those who need a look,
    back to that page; a 400 shows the page the form was sent from."""
    in_pain(runners(club, 60, name="Zoe"))
    body = dashboard(owner_client, show="attention", page="2").content.decode()
    flag = PainFlag.objects.get(athlete__name="Zoe 055")
    form = body.split(f'action="{reverse("dashboard_pain_clear", args=[flag.pk])}"', 1)[1]
    assert '<input type="hidden" name="page" value="2">' in form.split("</form>", 1)[0]
    response = owner_client.post(
        reverse("dashboard_pain_clear", args=[flag.pk]), {"show": "attention", "page": "2"}
    )
    assert response["Location"] == f"{reverse('dashboard')}?show=attention&page=2"


def test_a_flag_cleared_goes_back_to_the_page_the_athlete_has_moved_to(owner_client, club):
    """Cleared, "Zoe 000" is on track again and sorts after the 120 runners: page 3."""
    runners(club, 120)
    zoe = runners(club, 1, name="Zoe")[0]
    in_pain([zoe])
    assert shown(dashboard(owner_client))[0] == "Zoe 000"
    flag = PainFlag.objects.get(athlete=zoe)
    response = owner_client.post(reverse("dashboard_pain_clear", args=[flag.pk]))
    assert response["Location"] == f"{reverse('dashboard')}?page=3#athlete-{zoe.pk}"
    assert shown(owner_client.get(response["Location"]))[-1] == "Zoe 000"


def test_a_soreness_marked_seen_goes_back_to_the_page_the_athlete_has_moved_to(
    owner_client, club, athlete
):
    runners(club, 60, name="Aaron")  # before Amara Okafor by name
    plan = make_plan(athlete, weeks=3, start=monday() - timedelta(weeks=2))
    plan.sessions.filter(date__lt=timezone.localdate()).update(logged_at=timezone.now())
    sore = plan.sessions.filter(date__lt=monday()).order_by("date").last()
    PlannedSession.objects.filter(pk=sore.pk).update(soreness=8)
    assert shown(dashboard(owner_client))[0] == "Amara Okafor"
    response = owner_client.post(reverse("dashboard_soreness_seen", args=[sore.pk]), {"value": "8"})
    assert response["Location"] == f"{reverse('dashboard')}?page=2#athlete-{athlete.pk}"


def test_a_later_page_of_a_200_athlete_club_costs_no_query_more(
    owner_client, club, django_assert_max_num_queries
):
    make_club_plans(club, 200)
    for page in ("1", "4"):
        # 8 on a day a session falls on (its sets are counted: test_dashboard.py says why)
        with django_assert_max_num_queries(8):
            response = dashboard(owner_client, page=page)
        assert response.content.decode().count('id="athlete-') == 50


def test_the_page_links_of_a_dashboard_sent_back_by_a_refused_form_open_the_dashboard(
    owner_client, club, athlete
):
    """A Mark seen refused (400, or 409 for a report changed meanwhile) answers with the
    dashboard at the form's address: its page links still open pages of the dashboard,
    not that address (which takes only a POST)."""
    runners(club, 120)
    plan = make_plan(athlete, weeks=3, start=monday() - timedelta(weeks=2))
    plan.sessions.filter(date__lt=timezone.localdate()).update(logged_at=timezone.now())
    sore = plan.sessions.filter(date__lt=monday()).order_by("date").last()
    PlannedSession.objects.filter(pk=sore.pk).update(soreness=8)
    refused = owner_client.post(
        reverse("dashboard_soreness_seen", args=[sore.pk]), {"page": "2", "value": ""}
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    pager = body.split('aria-label="Pages of the dashboard"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'href="([^"]*)"', pager)
    assert links and all(link.startswith(f"{reverse('dashboard')}?") for link in links)
    previous = re.search(r'href="([^"]*)" rel="prev"', pager).group(1).replace("&amp;", "&")
    assert owner_client.get(previous).status_code == 200
