import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from athletes.models import Club, Squad, StrengthTest
from tests.factories import AthleteFactory, SquadFactory, StrengthTestFactory, shipped


def _roster_queries(client, django_assert_max_num_queries, bound):
    with django_assert_max_num_queries(bound) as ctx:
        response = client.get(reverse("roster"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_roster_query_count_does_not_grow_with_athletes(
    owner_client, club, django_assert_max_num_queries
):
    squad = SquadFactory(club=club)
    AthleteFactory.create_batch(5, club=club, squad=squad)
    with_five = _roster_queries(owner_client, django_assert_max_num_queries, 10)
    AthleteFactory.create_batch(195, club=club, squad=squad)
    with_two_hundred = _roster_queries(owner_client, django_assert_max_num_queries, 10)
    assert with_two_hundred == with_five


def test_roster_search_filters_by_name(owner_client, club):
    AthleteFactory(club=club, name="Grace Kim")
    AthleteFactory(club=club, name="Hassan Ali")
    body = owner_client.get(reverse("roster"), {"q": "grace"}).content.decode()
    assert "Grace Kim" in body
    assert "Hassan Ali" not in body


def test_roster_filters_by_squad(owner_client, club):
    track = SquadFactory(club=club, name="Track")
    AthleteFactory(club=club, name="On Track", squad=track)
    AthleteFactory(club=club, name="Road Runner")
    body = owner_client.get(reverse("roster"), {"squad": track.pk}).content.decode()
    assert "On Track" in body
    assert "Road Runner" not in body
    assert "1 athlete in Track</p>" in body
    everyone = owner_client.get(reverse("roster")).content.decode()
    assert f"2 athletes in {club.name}</p>" in everyone


def test_the_count_follows_a_search_made_without_reloading(owner_client, club):
    AthleteFactory(club=club, name="Grace Kim")
    AthleteFactory(club=club, name="Hassan Ali")
    response = owner_client.get(reverse("roster"), {"q": "grace"}, HTTP_HX_REQUEST="true")
    assert f"1 athlete matching “grace” in {club.name}</p>" in response.content.decode()


def test_roster_sorts_by_race_date(owner_client, club):
    today = timezone.localdate()
    AthleteFactory(club=club, name="Later", race_date=today + timedelta(weeks=20))
    AthleteFactory(club=club, name="Sooner", race_date=today + timedelta(weeks=3))
    body = owner_client.get(reverse("roster"), {"sort": "race"}).content.decode()
    assert body.index("Sooner") < body.index("Later")


def test_htmx_roster_request_returns_only_the_table(owner_client, club):
    AthleteFactory(club=club, name="Grace Kim")
    response = owner_client.get(reverse("roster"), {"q": "Grace"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="roster-table"' in body
    assert "<html" not in body


def test_athlete_detail_shows_latest_test_as_current_1rm(owner_client, athlete):
    today = timezone.localdate()
    StrengthTestFactory(athlete=athlete, load=80, reps=1, tested_on=today - timedelta(days=60))
    StrengthTestFactory(athlete=athlete, load=90, reps=1, tested_on=today - timedelta(days=2))
    assert athlete.current_one_rep_maxes()["back-squat"] == 90
    body = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    assert "Test history" in body


def test_a_current_1rm_from_an_earlier_year_says_the_year(owner_client, athlete):
    """ "80 × 1 on 12 Nov" read as this autumn's test for one of two autumns ago."""
    today = timezone.localdate()
    old = today.replace(year=today.year - 2, day=1)
    StrengthTestFactory(athlete=athlete, load=80, reps=1, tested_on=old)
    StrengthTestFactory(
        athlete=athlete, exercise=shipped("deadlift"), load=90, reps=1, tested_on=today
    )
    body = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    assert f'80 × 1</span> on <span class="nowrap">{old:%-d %b %Y}<' in body
    assert f'90 × 1</span> on <span class="nowrap">{today:%-d %b}<' in body


@pytest.mark.parametrize(
    ("load", "reps", "expected"), [(100, 1, "100"), (100, 5, "116.67"), (80, 10, "106.67")]
)
def test_epley_estimate(athlete, load, reps, expected):
    test = StrengthTestFactory(athlete=athlete, load=load, reps=reps)
    assert str(test.estimated_1rm) == expected


def test_a_squad_is_renamed_and_keeps_its_athletes(owner_client, club):
    squad = SquadFactory(club=club, name="Track")
    AthleteFactory(club=club, name="On Track", squad=squad)
    url = reverse("squad_rename", args=[squad.pk])
    assert "Rename Track" in owner_client.get(url).content.decode()
    response = owner_client.post(url, {"name": "  Track and field  ", "seen": "Track"})
    assert response.status_code == 302
    squad.refresh_from_db()
    assert squad.name == "Track and field" and squad.athletes.count() == 1


def test_a_squad_saved_with_its_name_unchanged_says_so(owner_client, club):
    squad = SquadFactory(club=club, name="Track")
    url = reverse("squad_rename", args=[squad.pk])
    response = owner_client.post(url, {"name": "Track ", "seen": "Track"}, follow=True)
    page = response.content.decode()
    assert "Squad “Track” keeps its name: nothing was changed." in page
    assert "is now called" not in page


def test_a_rename_over_another_coachs_rename_is_409_and_keeps_both(owner_client, club):
    squad = SquadFactory(club=club, name="Elite")
    url = reverse("squad_rename", args=[squad.pk])
    shown = re.search(r'name="seen" value="([^"]*)"', owner_client.get(url).content.decode())[1]
    assert shown == "Elite"
    Squad.objects.filter(pk=squad.pk).update(name="Elite Group")  # another coach's rename
    response = owner_client.post(url, {"name": "Elite Squad", "seen": shown})
    body = response.content.decode()
    assert response.status_code == 409
    assert "this squad was renamed “Elite Group” while this page was open" in body
    assert 'value="Elite Squad"' in body  # what was typed stays in the field
    squad.refresh_from_db()
    assert squad.name == "Elite Group"
    # Saving again, having seen their name, renames it.
    again = re.search(r'name="seen" value="([^"]*)"', body)[1]
    assert owner_client.post(url, {"name": "Elite Squad", "seen": again}).status_code == 302
    squad.refresh_from_db()
    assert squad.name == "Elite Squad"


def test_a_rename_of_a_squad_deleted_that_instant_is_not_found(owner_client, club, monkeypatch):
    from athletes import services

    squad = SquadFactory(club=club, name="Elite")
    real = services.hold_club_squads

    def deleted_first(club):
        Squad.objects.filter(pk=squad.pk).delete()  # another coach's delete lands first
        return real(club)

    monkeypatch.setattr(services, "hold_club_squads", deleted_first)
    url = reverse("squad_rename", args=[squad.pk])
    assert owner_client.post(url, {"name": "Elite Squad", "seen": "Elite"}).status_code == 404
    assert not Squad.objects.filter(name="Elite Squad").exists()


def test_a_squad_cannot_take_another_squads_name(owner_client, club):
    SquadFactory(club=club, name="Road")
    squad = SquadFactory(club=club, name="Track")
    response = owner_client.post(reverse("squad_rename", args=[squad.pk]), {"name": "road"})
    assert response.status_code == 400
    assert "already has a squad with this name" in response.content.decode()
    squad.refresh_from_db()
    assert squad.name == "Track"


def test_a_squad_name_taken_between_the_check_and_the_save_is_refused_not_a_500(owner_client, club):
    """Two coaches making (or renaming to) the same name at once: the second passes the
    form's check before the first is saved, and meets the database's rule instead."""
    from unittest import mock

    from athletes.forms import SquadForm

    SquadFactory(club=club, name="Road")
    track = SquadFactory(club=club, name="Track")
    unchecked = mock.patch.object(SquadForm, "clean_name", lambda form: form.cleaned_data["name"])
    with unchecked:
        made = owner_client.post(reverse("squads"), {"name": "Road"})
        renamed = owner_client.post(
            reverse("squad_rename", args=[track.pk]), {"name": "Road", "seen": "Track"}
        )
    for response in (made, renamed):
        assert response.status_code == 400
        assert "already has a squad with this name" in response.content.decode()
    assert sorted(club.squads.values_list("name", flat=True)) == ["Road", "Track"]


@pytest.mark.parametrize(
    ("taken", "typed"),
    [("Marathon group", "  marathon   GROUP "), ("Straßenlauf", "STRASSENLAUF")],
)
def test_a_new_squad_cannot_take_a_name_in_other_case_or_spacing(owner_client, club, taken, typed):
    SquadFactory(club=club, name=taken)
    response = owner_client.post(reverse("squads"), {"name": typed})
    assert response.status_code == 400
    assert "already has a squad with this name" in response.content.decode()
    assert list(Squad.objects.filter(club=club).values_list("name", flat=True)) == [taken]


def test_a_squad_cannot_be_renamed_to_a_name_with_other_spacing(owner_client, club):
    SquadFactory(club=club, name="Road runners")
    squad = SquadFactory(club=club, name="Track")
    response = owner_client.post(
        reverse("squad_rename", args=[squad.pk]), {"name": "road\truNNers", "seen": "Track"}
    )
    assert response.status_code == 400
    assert "already has a squad with this name" in response.content.decode()
    squad.refresh_from_db()
    assert squad.name == "Track"


def test_an_empty_squad_says_how_to_put_athletes_in_it(owner_client, club):
    """Said once, plainly: not "0 athletes in Track group" over "No athlete matches these
    filters", with the ways to fill it."""
    squad = SquadFactory(club=club, name="Track group")
    AthleteFactory(club=club, name="Bo Stayer")
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        body = owner_client.get(reverse("roster"), {"squad": squad.pk}, **headers).content.decode()
        table = body[body.index('<div id="roster-table">') :]
        assert "Nobody is in Track group yet." in table
        assert "0 athletes" not in body and "No athlete matches" not in body
        assert table.count(">Add an athlete to Track group</a>") == 1
        assert f'href="{reverse("athlete_create")}?squad={squad.pk}"' in table
        assert (
            f'from the <a href="{reverse("roster")}">whole roster</a>: tick them, then Move.'
            in table
        )
    AthleteFactory(club=club, name="Zoë Leaver", squad=squad, archived_at=timezone.now())
    body = owner_client.get(reverse("roster"), {"squad": squad.pk}).content.decode()
    assert "Nobody on the roster is in Track group: 1 archived" in body
    # A search in the squad that finds nobody is still a filter finding nobody.
    body = owner_client.get(reverse("roster"), {"squad": squad.pk, "q": "x"}).content.decode()
    assert "No athlete in Track group matches “x”." in body
    squads = owner_client.get(reverse("squads")).content.decode()
    assert "open their page and choose Edit, then Squad" in squads


def test_a_race_without_a_name_is_listed_as_the_goal_race(owner_client, club):
    AthleteFactory(
        club=club, goal_race_name="", race_date=timezone.localdate() + timedelta(days=60)
    )
    body = owner_client.get(reverse("roster")).content.decode()
    assert '<span class="cap">Goal race</span>' in body


def test_the_athletes_page_heads_a_race_without_a_name_with_its_day(owner_client, club):
    """Under the card's heading "Goal race", an unnamed race is its day, not a made-up name
    ("Race") nor the heading said again."""
    day = timezone.localdate() + timedelta(days=60)
    athlete = AthleteFactory(club=club, goal_race_name="", race_date=day)
    page = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    card = page[page.index("<h2>Goal race</h2>") :]
    card = card[: card.index("</section>")]
    assert f'<p class="big">{day:%A} {day.day} {day:%B %Y}</p>' in card
    assert "Race</p>" not in card and card.count("Goal race") == 1
    assert f"<strong>{athlete.race_countdown()}</strong>" in card


def test_a_goal_race_named_without_a_date_is_shown_not_hidden(owner_client, club):
    """A name typed with no date yet was hidden: the athlete read "No goal race" and the
    roster "No race", even when found by a search for that race."""
    athlete = AthleteFactory(club=club, goal_race_name="Parkrun PB", race_date=None)
    roster = owner_client.get(reverse("roster"), {"q": "Parkrun"}).content.decode()
    row = roster[roster.index(athlete.name) :]
    row = row[: row.index("</tr>")]
    assert "Parkrun PB" in row and "No date yet" in row and "No race" not in row
    page = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    assert "Parkrun PB" in page and "No goal race" not in page
    assert "No race date yet: plans run as an off-season strength block" in page


def test_a_rep_tests_estimate_gives_the_load_the_planner_works_out_from_the_exact_one():
    """100 lb x 5 at 90 %: 105 lb on the plates, whether from the stored estimate or from
    Epley's exact figure (rounded down, the stored one lost a plate)."""
    from programs.engine import epley_1rm, load_from_percent

    stored = StrengthTest.epley(Decimal("100"), 5)
    assert load_from_percent(float(stored), 90, "lb") == 105.0
    assert load_from_percent(epley_1rm(100, 5), 90, "lb") == 105.0


def test_the_running_week_strip_reads_as_words_not_only_colours(owner_client, club):
    AthleteFactory(
        club=club,
        name="Ada",
        running_week={
            "mon": {"run": "quality", "time": "pm"},
            "sun": {"run": "long", "time": "am"},
        },
    )
    body = owner_client.get(reverse("roster")).content.decode()
    assert '<span class="sr-only">Mon: quality pm,</span>' in body
    assert '<span class="sr-only">Sun: long am</span>' in body


def test_search_finds_names_whatever_their_accents_case_or_apostrophes(owner_client, club):
    for name in ("Zoë Müller", "Łukasz Ångström", "Émile Dørum", "Siobhán O'Neill", "Ann Lee"):
        AthleteFactory(club=club, name=name)

    def found(query):
        body = owner_client.get(reverse("roster"), {"q": query}).content.decode()
        return sorted(n for n in ("Zoë", "Łukasz", "Émile", "Siobhán", "Ann Lee") if n in body)

    assert found("zoe") == found("ZOË") == found("muller") == ["Zoë"]
    assert found("lukasz") == found("angstrom") == ["Łukasz"]
    assert found("emile") == found("émile") == found("dorum") == ["Émile"]
    assert found("o’neill") == found("siobhan o'neill") == ["Siobhán"]
    assert found("ann") == ["Ann Lee"]


def test_search_parts_words_by_a_hyphen_or_a_space_alike(owner_client, club):
    AthleteFactory(club=club, name="Jean-Pierre Dupont", goal_race_name="Rome")
    AthleteFactory(club=club, name="Mia Lund", goal_race_name="Mont‑Blanc Marathon")
    AthleteFactory(club=club, name="Ana Maria Sol", goal_race_name="Berlin")

    def found(query):
        body = owner_client.get(reverse("roster"), {"q": query}).content.decode()
        return sorted(n for n in ("Jean-Pierre", "Mia Lund", "Ana Maria") if n in body)

    assert found("jean pierre") == found("Jean-Pierre") == ["Jean-Pierre"]
    assert found("mont blanc") == found("mont-blanc") == ["Mia Lund"]
    assert found("ana-maria") == ["Ana Maria"]


def test_search_matches_the_race_name_and_stays_in_the_club(owner_client, club, stranger):
    AthleteFactory(club=club, name="Kit Race", goal_race_name="Zürich Marathon")
    AthleteFactory(club=Club.objects.get(name="Other Club"), name="Other Zurich")
    body = owner_client.get(reverse("roster"), {"q": "zurich"}).content.decode()
    assert "Kit Race" in body and "Other Zurich" not in body


def test_an_empty_squad_offers_athletes_to_add_not_a_file_of_headings(owner_client, club):
    """A squad with nobody in it has nothing to export: its roster offers adding an athlete
    to it, not a CSV file holding the headings alone."""
    empty = SquadFactory(club=club, name="Hill Group")
    AthleteFactory(club=club, name="Tia Track")
    page = owner_client.get(reverse("roster"), {"squad": empty.pk}).content.decode()
    assert "Export Hill Group as CSV" not in page
    assert f'?squad={empty.pk}">Add an athlete to Hill Group</a>' in page


def test_a_squad_shown_on_the_roster_exports_on_its_own(owner_client, club, stranger):
    road = SquadFactory(club=club, name="Road Runners")
    AthleteFactory(club=club, name="Rae Road", squad=road)
    AthleteFactory(club=club, name="Tia Track")
    page = owner_client.get(reverse("roster"), {"squad": road.pk}).content.decode()
    link = f'href="{reverse("roster_export")}?squad={road.pk}">Export Road Runners as CSV</a>'
    assert link in page
    response = owner_client.get(reverse("roster_export"), {"squad": road.pk})
    assert response["Content-Disposition"] == 'attachment; filename="roster-road-runners.csv"'
    text = response.content.decode()
    assert "Rae Road" in text and "Tia Track" not in text
    whole = owner_client.get(reverse("roster_export")).content.decode()
    assert "Rae Road" in whole and "Tia Track" in whole
    other = SquadFactory(club=Club.objects.get(name="Other Club"))
    for squad in (str(other.pk), "nope", "9" * 30):
        assert owner_client.get(reverse("roster_export"), {"squad": squad}).status_code == 404


def test_search_keeps_the_marks_that_make_another_letter_in_other_scripts():
    from config.text import search_key

    assert search_key("Zoë Müller") == search_key("zoe muller")
    assert search_key("Ελένη") == search_key("ελενη") and search_key("Йоан") == search_key("иоан")
    assert search_key("田中 ジュン") != search_key("田中 シュン")
    assert search_key("ज़रा") != search_key("जरा")


def test_a_squad_deleted_since_or_of_another_club_shows_the_whole_roster(
    owner_client, club, stranger
):
    """An old link to a squad (deleted since, or another club's) lists the roster as its
    squad menu says, "All squads", not an empty list of no athlete matching."""
    AthleteFactory(club=club, name="Road Runner")
    gone = SquadFactory(club=club, name="Gone")
    gone_pk = gone.pk
    gone.delete()
    theirs = SquadFactory(club=Club.objects.get(memberships__user=stranger), name="Theirs")
    for squad in (gone_pk, theirs.pk, "01"):
        body = owner_client.get(reverse("roster"), {"squad": squad}).content.decode()
        assert "Road Runner" in body
        assert f"1 athlete in {club.name}</p>" in body
        assert '<option value="">All squads</option>' in body
        assert "Theirs" not in body


@pytest.mark.parametrize(
    ("listed", "said"),
    [
        (0, "Squad “Road Runners” deleted."),
        (1, "Squad “Road Runners” deleted. Its 1 athlete stays on the roster, in no squad now"),
        (3, "Squad “Road Runners” deleted. Its 3 athletes stay on the roster, in no squad now"),
    ],
)
def test_deleting_a_squad_says_how_many_athletes_are_left_in_no_squad(
    owner_client, club, listed, said
):
    """Before and after: the confirmation and the message count the squad's athletes (those
    archived are not on its list) and say where they are left."""
    squad = SquadFactory(club=club, name="Road Runners")
    AthleteFactory.create_batch(listed, club=club, squad=squad)
    AthleteFactory(club=club, squad=squad, archived_at=timezone.now())
    page = owner_client.get(reverse("squads")).content.decode()
    asked = "Delete squad Road Runners?"
    if listed:
        verb = "stays" if listed == 1 else "stay"
        asked += (
            f" Its {listed} athlete{'s' if listed > 1 else ''} {verb} on the roster, in no squad"
        )
    assert f'name="ask" value="{asked}' in page
    assert f'<input type="hidden" name="seen" value="{listed}">' in page
    response = owner_client.post(
        reverse("squad_delete", args=[squad.pk]), {"seen": listed}, follow=True
    )
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith(said)
    assert listed == 0 or message.endswith("; plans are unchanged.")
    assert not Squad.objects.filter(pk=squad.pk).exists()
    assert club.athletes.filter(squad__isnull=True).count() == listed + 1


def test_a_squad_filled_while_the_page_was_open_is_not_deleted_from_it(owner_client, club):
    """Asked to delete an empty squad, the coach is not taken to have agreed to empty one
    that another coach (or another tab) has put athletes in since."""
    squad = SquadFactory(club=club, name="Juniors")
    AthleteFactory.create_batch(2, club=club, squad=squad)  # moved in after the page was shown

    response = owner_client.post(reverse("squad_delete", args=[squad.pk]), {"seen": "0"})

    assert response.status_code == 409
    assert (
        "Not deleted: Juniors has 2 athletes now, not 0 as this page showed. Delete it "
        "again to leave them in no squad." in response.content.decode()
    )
    assert club.athletes.filter(squad=squad).count() == 2
    assert 'name="seen" value="2"' in response.content.decode()


def test_race_soonest_first_lists_the_races_to_come_before_those_already_run(owner_client, club):
    """The next race at the top; a race already run (its athlete needs a new goal) comes
    after every race to come, the latest run first, and no race last."""
    today = timezone.localdate()
    for name, days in [
        ("Ran Long Ago", -200),
        ("Ran Last Week", -7),
        ("Races Today", 0),
        ("Races In Spring", 120),
        ("Races Next Week", 7),
    ]:
        AthleteFactory(club=club, name=name, race_date=today + timedelta(days=days))
    AthleteFactory(club=club, name="No Race Yet", race_date=None)
    body = owner_client.get(reverse("roster"), {"sort": "race"}).content.decode()
    order = [
        "Races Today",
        "Races Next Week",
        "Races In Spring",
        "Ran Last Week",
        "Ran Long Ago",
        "No Race Yet",
    ]
    assert sorted(order, key=body.index) == order
    latest = owner_client.get(reverse("roster"), {"sort": "-race"}).content.decode()
    order = ["Races In Spring", "Races Next Week", "Races Today", "Ran Last Week", "Ran Long Ago"]
    assert sorted([*order, "No Race Yet"], key=latest.index) == [*order, "No Race Yet"]


def test_a_search_finding_nobody_says_so_once_with_the_way_to_clear_it(owner_client, club):
    """Not "0 athletes matching “x”" over "No athlete matches these filters": one sentence,
    read out after a live search as well, and a link that clears the search (keeping the
    squad and the archived view it was made in)."""
    track = SquadFactory(club=club, name="Track")
    AthleteFactory(club=club, name="Bo Stayer", squad=track)
    AthleteFactory(club=club, name="Al Gone", squad=track, archived_at=timezone.now())
    roster = reverse("roster")
    for params, said, clear_words, clear in [
        ({"q": "zed"}, f"No athlete matches “zed” in {club.name}.", "Clear the search", roster),
        (
            {"q": "zed", "squad": track.pk},
            "No athlete in Track matches “zed”.",
            "Clear the search",
            f"{roster}?squad={track.pk}",
        ),
        (
            {"q": "zed", "show": "archived"},
            f"No archived athlete matches “zed” in {club.name}.",
            "Clear the search",
            f"{roster}?show=archived",
        ),
    ]:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            body = owner_client.get(roster, params, **headers).content.decode()
            table = body[body.index('<div id="roster-table">') :]
            assert f"<p data-announce>{said}</p>" in table
            assert table.count("data-announce") == 1
            assert "0 athletes" not in body and "0 archived athletes" not in body
            assert "No athlete matches these filters" not in body
            assert f'<a href="{clear}">{clear_words}</a>' in table
    # A squad with no archived athletes, shown among the archived: said once too.
    empty = SquadFactory(club=club, name="Juniors")
    body = owner_client.get(roster, {"squad": empty.pk, "show": "archived"}).content.decode()
    assert "<p data-announce>No archived athlete in Juniors.</p>" in body
    assert "0 archived athletes" not in body and "No athlete matches" not in body
    assert f'<a href="{roster}?show=archived">See every archived athlete</a>' in body


def test_a_search_that_finds_only_archived_athletes_points_to_them(owner_client, club):
    """Not found on the roster, an athlete who left the club is not to be added again: the
    search says that archived athletes match, with the link to them."""
    track = SquadFactory(club=club, name="Track")
    AthleteFactory(club=club, name="Zoë Leaver", squad=track, archived_at=timezone.now())
    AthleteFactory(club=club, name="Zoe Other", archived_at=timezone.now())
    AthleteFactory(club=club, name="Bo Stayer", squad=track)
    for params, said in [
        ({"q": "zoe"}, "2 archived athletes match “zoe”"),
        ({"q": "zoe", "squad": track.pk}, "1 archived athlete matches “zoe” in Track"),
    ]:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            body = owner_client.get(reverse("roster"), params, **headers).content.decode()
            assert "No athlete " in body and " matches “zoe”" in body
            link = (
                f"{reverse('roster')}?show=archived&amp;q=zoe&amp;squad={params.get('squad', '')}"
            )
            assert f'{said}: <a href="{link}">see them</a>' in body
    body = owner_client.get(reverse("roster"), {"q": "nobody"}).content.decode()
    assert f"No athlete matches “nobody” in {club.name}." in body
    assert "archived athlete" not in body
    found = owner_client.get(reverse("roster"), {"q": "bo"}).content.decode()
    assert "Bo Stayer" in found and "archived athlete" not in found


def test_the_archived_count_of_a_squad_shown_is_that_squads_and_leads_to_them(owner_client, club):
    """Beside "1 athlete in Track", the archived count is Track's, and its link keeps the
    squad: not the whole club's, read as if it were the squad's."""
    track = SquadFactory(club=club, name="Track")
    AthleteFactory(club=club, name="Stays On Track", squad=track)
    AthleteFactory(club=club, name="Left Track", squad=track, archived_at=timezone.now())
    AthleteFactory.create_batch(2, club=club, archived_at=timezone.now())
    link = '<a class="roster-archived" href="/athletes/?show=archived{}">Archived ({})</a>'
    body = owner_client.get(reverse("roster"), {"squad": track.pk}).content.decode()
    assert f"1 athlete in Track · {link.format(f'&amp;squad={track.pk}', 1)}" in body
    body = owner_client.get(reverse("roster")).content.decode()
    assert f"1 athlete in {club.name} · {link.format('', 3)}" in body
    archived = owner_client.get(reverse("roster"), {"show": "archived", "squad": track.pk})
    assert "1 archived athlete in Track" in archived.content.decode()
    assert "Left Track" in archived.content.decode()


@pytest.mark.parametrize("asked", ["0", "-1", "abc", "1.5", "99999999999999999999"])
def test_a_page_number_that_is_no_page_opens_the_first_page_of_the_roster(
    owner_client, club, asked
):
    AthleteFactory.create_batch(101, club=club)
    first = owner_client.get(reverse("roster")).context["page"]
    page = owner_client.get(reverse("roster"), {"page": asked}).context["page"]
    assert (page.number, list(page.object_list)) == (1, list(first.object_list))


def test_a_page_past_the_end_of_the_roster_opens_its_last_page(owner_client, club):
    AthleteFactory.create_batch(101, club=club)
    assert owner_client.get(reverse("roster"), {"page": "7"}).context["page"].number == 2


def test_the_squads_page_says_athletes_are_moved_in_together_from_the_roster(owner_client, club):
    roster_link = f'tick them on the <a href="{reverse("roster")}">Athletes</a> page, then Move'
    assert roster_link in owner_client.get(reverse("squads")).content.decode()
    SquadFactory(club=club)
    assert roster_link in owner_client.get(reverse("squads")).content.decode()


def test_each_squads_links_and_buttons_are_named_for_their_squad(owner_client, club):
    """Seven controls a squad: a screen reader's list of links, or a voice command, told
    one squad's "This week" from the next only by where it sat. Each is named for its squad,
    starting with the words it shows."""
    track, road = (
        SquadFactory(club=club, name="Track & field"),
        SquadFactory(club=club, name="Road"),
    )
    body = owner_client.get(reverse("squads")).content.decode()
    for squad in (track, road):
        name = escape(squad.name)
        for shown, said in (
            ("Athletes", f"Athletes in {name}"),
            ("This week", f"This week of {name}"),
            ("Week sheet", f"Week sheet of {name}"),
            ("Assign programme", f"Assign programme to {name}"),
            ("Testing day", f"Testing day of {name}"),
            ("Rename", f"Rename {name}"),
            ("Delete", f"Delete {name}"),
        ):
            assert re.search(rf'aria-label="{re.escape(said)}"[^>]*>{shown}</', body), said
    # Each squad's name heads its row: a screen reader goes from squad to squad by heading.
    assert '<h2 class="list-name">Track &amp; field</h2>' in body
    assert '<h2 class="list-name">Road</h2>' in body


def test_the_athlete_page_offers_to_assign_a_programme_then_to_re_assign_it(owner_client, athlete):
    from tests.plan_factories import make_plan

    url = reverse("athlete_detail", args=[athlete.pk])
    assert ">Assign programme</a>" in owner_client.get(url).content.decode()
    make_plan(athlete, weeks=2)
    page = owner_client.get(url).content.decode()
    assert ">Re-assign programme</a>" in page and ">Assign programme</a>" not in page


def test_an_empty_roster_offers_adding_or_importing_not_searching_or_exporting(owner_client, club):
    body = owner_client.get(reverse("roster")).content.decode()
    assert "No athletes yet." in body and reverse("roster_import") in body
    assert 'type="search"' not in body and reverse("roster_export") not in body
    assert "Running week, Monday to Sunday" not in body  # a key to no rows

    AthleteFactory(club=club)
    body = owner_client.get(reverse("roster")).content.decode()
    assert 'type="search"' in body and reverse("roster_export") in body
    # A search finding nobody keeps its box, to change the search.
    body = owner_client.get(reverse("roster"), {"q": "nobody-by-this-name"}).content.decode()
    assert 'type="search"' in body and "No athlete matches “nobody-by-this-name”" in body
    assert "Running week, Monday to Sunday" not in body  # nor to the rows of a search


def test_the_running_week_key_stands_under_rows_it_explains(owner_client, club):
    """Shown with the athletes listed, not under a search or a squad that lists nobody; and
    with the list a search brings in place (htmx), as it comes and goes with it."""
    AthleteFactory(club=club, name="Amara Okafor")
    empty = SquadFactory(club=club, name="Juniors")
    key = "Running week, Monday to Sunday"
    assert key in owner_client.get(reverse("roster")).content.decode()
    for params in ({"q": "nobody-by-this-name"}, {"squad": empty.pk}):
        assert key not in owner_client.get(reverse("roster"), params).content.decode(), params
    found = owner_client.get(reverse("roster"), {"q": "amara"}, HTTP_HX_REQUEST="true")
    assert key in found.content.decode()


def test_each_page_of_an_empty_squad_offers_adding_an_athlete_straight_to_it(owner_client, club):
    """A new club makes a squad before it has anyone to tick and move: every page of the
    empty squad links to the athlete form with the squad chosen."""
    squad = SquadFactory(club=club, name="Juniors")
    add = f'href="{reverse("athlete_create")}?squad={squad.pk}"'
    for name in ("squads", "assign_squad", "squad_week", "squad_exports", "squad_tests"):
        args = [] if name == "squads" else [squad.pk]
        body = owner_client.get(reverse(name, args=args)).content.decode()
        assert add in body, name
    form = owner_client.get(reverse("athlete_create") + f"?squad={squad.pk}").content.decode()
    assert f'<option value="{squad.pk}" selected>Juniors</option>' in form


def test_a_squad_with_athletes_is_not_offered_adding_one_as_if_empty(owner_client, club):
    squad = SquadFactory(club=club, name="Juniors")
    AthleteFactory(club=club, squad=squad)
    body = owner_client.get(reverse("squads")).content.decode()
    assert f'href="{reverse("athlete_create")}?squad={squad.pk}"' not in body


def test_the_athletes_page_gives_the_email_the_coach_typed(owner_client, athlete):
    """Typed on the athlete form, the address is on their page to write to (their private
    link, say), not only in the form that took it."""
    url = reverse("athlete_detail", args=[athlete.pk])
    assert ">Email</dt>" not in owner_client.get(url).content.decode()  # none given: no row
    athlete.email = "amara@example.com"
    athlete.save()
    body = owner_client.get(url).content.decode()
    assert '<dt>Email</dt><dd><a href="mailto:amara@example.com">amara@example.com</a></dd>' in body


def test_an_email_with_a_mark_a_link_reads_as_its_end_is_written_to_whole(owner_client, athlete):
    """An address may hold # or ? (amara#club@example.com): the link to write to it gives
    the mail program that whole address, not "amara" with the rest read as the link's own."""
    athlete.email = "amara#club?cc@example.com"
    athlete.save()
    body = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    link = '<a href="mailto:amara%23club%3Fcc@example.com">amara#club?cc@example.com</a>'
    assert link in body
