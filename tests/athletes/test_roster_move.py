from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from tests.factories import AthleteFactory, ClubFactory, SquadFactory

MOVE = "roster_move"


def _squads(*athletes):
    return [Athlete.objects.get(pk=a.pk).squad_id for a in athletes]


def _message(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_several_athletes_move_to_a_squad_and_plans_are_said_to_be_unchanged(owner_client, club):
    road = SquadFactory(club=club, name="Road")
    track = SquadFactory(club=club, name="Track squad")
    movers = AthleteFactory.create_batch(3, club=club, squad=road)
    stays = AthleteFactory(club=club, squad=road)
    response = owner_client.post(
        reverse(MOVE), {"athletes": [a.pk for a in movers], "to_squad": track.pk}
    )
    assert response.status_code == 302
    assert _squads(*movers) == [track.pk] * 3
    assert _squads(stays) == [road.pk]
    assert Athlete.objects.get(pk=movers[0].pk).version == movers[0].version + 1
    assert _message(response) == [
        "3 athletes moved to Track squad. Plans are unchanged: a squad does not change what "
        "an athlete follows."
    ]


def test_one_athlete_moved_to_no_squad_reads_in_the_singular(owner_client, club):
    road = SquadFactory(club=club, name="Road")
    athlete = AthleteFactory(club=club, squad=road)
    response = owner_client.post(reverse(MOVE), {"athletes": [athlete.pk], "to_squad": "none"})
    assert _squads(athlete) == [None]
    assert _message(response)[0].startswith("1 athlete moved to no squad.")


def test_athletes_ticked_with_no_squad_chosen_are_asked_where_and_stay_ticked(owner_client, club):
    road = SquadFactory(club=club, name="Road")
    SquadFactory(club=club, name="Track")
    ticked = AthleteFactory(club=club, squad=road, name="Grace Kim")
    other = AthleteFactory(club=club, squad=road, name="Hana Ito")

    response = owner_client.post(reverse(MOVE), {"athletes": [ticked.pk], "to_squad": ""})

    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the squad to move them to (or No squad)." in body
    assert '<option value="">Choose a squad…</option>' in body
    assert f'id="pick-{ticked.pk}" aria-label="Select Grace Kim" checked>' in body
    assert f'id="pick-{other.pk}" aria-label="Select Hana Ito">' in body
    assert _squads(ticked) == [road.pk]


def test_another_clubs_athlete_in_the_selection_refuses_the_whole_move(owner_client, club):
    road, track = SquadFactory(club=club, name="Road"), SquadFactory(club=club, name="Track")
    mine = AthleteFactory(club=club, squad=road)
    theirs = AthleteFactory(club=ClubFactory(name="Other"))
    response = owner_client.post(
        reverse(MOVE), {"athletes": [mine.pk, theirs.pk], "to_squad": track.pk}
    )
    assert response.status_code == 404
    assert _squads(mine, theirs) == [road.pk, None]


def test_another_clubs_squad_is_refused(owner_client, club):
    road = SquadFactory(club=club, name="Road")
    mine = AthleteFactory(club=club, squad=road)
    elsewhere = SquadFactory(club=ClubFactory(name="Other"), name="Track")
    response = owner_client.post(reverse(MOVE), {"athletes": [mine.pk], "to_squad": elsewhere.pk})
    assert response.status_code == 404
    assert _squads(mine) == [road.pk]


def test_an_archived_athlete_has_no_box_and_is_left_as_they_were(owner_client, club):
    road, track = SquadFactory(club=club, name="Road"), SquadFactory(club=club, name="Track")
    active = AthleteFactory(club=club, squad=road)
    gone = AthleteFactory(club=club, squad=road, archived_at=timezone.now())
    body = owner_client.get(reverse("roster")).content.decode()
    assert f'value="{active.pk}" form="move-form"' in body
    assert f'value="{gone.pk}" form="move-form"' not in body
    archived_page = owner_client.get(reverse("roster"), {"show": "archived"}).content.decode()
    assert 'name="athletes"' not in archived_page
    response = owner_client.post(
        reverse(MOVE), {"athletes": [active.pk, gone.pk], "to_squad": track.pk}
    )
    assert response.status_code == 302
    assert _squads(active, gone) == [track.pk, road.pk]
    assert "1 archived athlete left as they were." in _message(response)[0]


def test_an_empty_selection_says_so_beside_the_control_and_moves_nothing(owner_client, club):
    road, track = SquadFactory(club=club, name="Road"), SquadFactory(club=club, name="Track")
    athlete = AthleteFactory(club=club, squad=road, name="Grace Kim")
    response = owner_client.post(
        reverse(MOVE), {"to_squad": track.pk, "q": "grace", "squad": road.pk, "sort": "race"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="move-error"' in body and "Select the athletes to move first" in body
    assert 'aria-describedby="move-error"' in body
    assert "Grace Kim" in body  # the roster as it was filtered
    assert f'<option value="{track.pk}" selected>' in body
    assert _squads(athlete) == [road.pk]


def test_the_roster_comes_back_with_its_filters_search_sort_and_page(owner_client, club):
    road, track = SquadFactory(club=club, name="Road"), SquadFactory(club=club, name="Track")
    athlete = AthleteFactory(club=club, squad=road, name="Grace Kim")
    AthleteFactory(club=club, squad=road, name="Grace Lee")  # still shown after the move
    back = {"q": "grace", "squad": str(road.pk), "sort": "-race", "page": "1"}
    response = owner_client.post(
        reverse(MOVE), {"athletes": [athlete.pk], "to_squad": track.pk, **back}
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('roster')}?q=grace&squad={road.pk}&sort=-race&page=1"
    )
    form = owner_client.get(reverse("roster"), back).content.decode()
    for name, value in back.items():
        assert f'<input type="hidden" name="{name}" value="{value}">' in form


def test_the_move_control_lists_the_clubs_squads_and_no_squad_with_labels(owner_client, club):
    SquadFactory(club=club, name="Track")
    SquadFactory(club=ClubFactory(name="Other"), name="Elsewhere")
    athlete = AthleteFactory(club=club, name="Grace Kim")
    body = owner_client.get(reverse("roster")).content.decode()
    assert '<label for="to_squad">Move selected athletes to</label>' in body
    assert ">Track</option>" in body and ">No squad</option>" in body
    assert "Elsewhere" not in body
    assert f'aria-label="Select {athlete.name}"' in body
    assert 'aria-label="Select every athlete shown"' in body


def _move_queries(client, athletes, squad, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as ctx:
        response = client.post(
            reverse(MOVE), {"athletes": [a.pk for a in athletes], "to_squad": squad.pk}
        )
    assert response.status_code == 302
    return len(ctx.captured_queries)


def test_a_move_takes_as_many_queries_for_fifty_athletes_as_for_two(
    owner_client, club, django_assert_max_num_queries
):
    road, track = SquadFactory(club=club, name="Road"), SquadFactory(club=club, name="Track")
    two = AthleteFactory.create_batch(2, club=club, squad=road)
    fifty = AthleteFactory.create_batch(50, club=club, squad=road)
    few = _move_queries(owner_client, two, track, django_assert_max_num_queries)
    many = _move_queries(owner_client, fifty, track, django_assert_max_num_queries)
    assert many == few


def test_the_roster_with_the_move_control_keeps_its_query_count(
    owner_client, club, django_assert_max_num_queries
):
    squads = SquadFactory.create_batch(3, club=club)
    AthleteFactory.create_batch(5, club=club, squad=squads[0])
    with django_assert_max_num_queries(10) as ctx:
        few = owner_client.get(reverse("roster"))
    AthleteFactory.create_batch(95, club=club, squad=squads[1])
    SquadFactory.create_batch(10, club=club)
    with django_assert_max_num_queries(10) as more:
        many = owner_client.get(reverse("roster"))
    assert 'id="move-form"' in few.content.decode() and 'id="move-form"' in many.content.decode()
    assert len(more.captured_queries) == len(ctx.captured_queries)


def test_the_page_links_of_a_roster_sent_back_by_a_refused_move_open_the_roster(owner_client, club):
    """A Move refused (nothing ticked) answers with the roster at the Move's address: its
    page links still open pages of the roster, not that address (which takes only a POST)."""
    import re

    Athlete.objects.bulk_create(
        [AthleteFactory.build(club=club, name=f"Runner {i:03d}") for i in range(150)]
    )
    refused = owner_client.post(reverse(MOVE), {"to_squad": "none", "page": "2"})
    assert refused.status_code == 400
    pager = refused.content.decode().split('aria-label="Pages"', 1)[1].split("</nav>", 1)[0]
    links = [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]*)"', pager)]
    assert links and all(link.startswith(f"{reverse('roster')}?") for link in links)
    assert owner_client.get(links[0]).status_code == 200


def test_a_club_without_squads_is_pointed_to_the_squads_page_not_offered_an_empty_move(
    owner_client, club
):
    AthleteFactory(club=club)
    page = owner_client.get(reverse("roster")).content.decode()
    assert 'id="move-form"' not in page
    assert 'name="athletes"' not in page  # no tick boxes for a move that has nowhere to go
    assert f'<a href="{reverse("squads")}">create a squad</a>' in page

    SquadFactory(club=club, name="Road")
    page = owner_client.get(reverse("roster")).content.decode()
    assert 'id="move-form"' in page and 'name="athletes"' in page
    assert 'id="no-squads"' not in page


def test_a_squad_deleted_while_the_roster_was_open_is_said_and_the_ticks_stay(owner_client, club):
    road, track = SquadFactory(club=club, name="Road"), SquadFactory(club=club, name="Track")
    ticked = AthleteFactory(club=club, squad=road, name="Grace Kim")
    gone = track.pk
    track.delete()  # by another coach, after the roster was shown

    response = owner_client.post(reverse(MOVE), {"athletes": [ticked.pk], "to_squad": gone})

    assert response.status_code == 404
    body = response.content.decode()
    assert (
        "Not moved: the squad chosen was deleted while this page was open. Choose another "
        "below." in body
    )
    assert f'id="pick-{ticked.pk}" aria-label="Select Grace Kim" checked>' in body
    assert _squads(ticked) == [road.pk]


def test_an_athlete_deleted_while_the_roster_was_open_is_said_and_the_others_stay_ticked(
    owner_client, club
):
    road, track = SquadFactory(club=club, name="Road"), SquadFactory(club=club, name="Track")
    ticked = AthleteFactory(club=club, squad=road, name="Grace Kim")
    deleted = AthleteFactory(club=club, squad=road, name="Hana Ito")
    gone = deleted.pk
    deleted.delete()

    response = owner_client.post(
        reverse(MOVE), {"athletes": [ticked.pk, gone], "to_squad": track.pk}
    )

    assert response.status_code == 404
    body = response.content.decode()
    assert (
        "Not moved: 1 athlete ticked was deleted while this page was open. Move the others "
        "again." in body
    )
    assert f'id="pick-{ticked.pk}" aria-label="Select Grace Kim" checked>' in body
    assert f'<option value="{track.pk}" selected>Track</option>' in body
    assert _squads(ticked) == [road.pk]
