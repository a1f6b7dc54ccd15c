"""A new athlete starts on a sample running week: their page and the assign page say so
until a coach sets (or keeps) their own, since plans are placed around it."""

import csv
import io

from django.urls import reverse

from athletes.models import DAYS, Athlete, default_running_week
from schedules.club_data import club_export, club_import
from tests.athletes.test_csv import HEADER, confirm_import
from tests.athletes.test_forms import athlete_data, week_data, week_post
from tests.factories import AthleteFactory, ClubFactory, SquadFactory

SAMPLE_SAID = "A sample week, not"


def added(owner_client) -> Athlete:
    owner_client.post(reverse("athlete_create"), athlete_data())
    return Athlete.objects.get(name="New Runner")


def test_a_new_athlete_is_on_the_sample_week_until_it_is_set(owner_client, club):
    athlete = added(owner_client)
    assert not athlete.running_week_set
    page = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    assert f"{SAMPLE_SAID} New Runner's own yet" in page
    assert reverse("running_week_edit", args=[athlete.pk]) in page

    week = week_data(tue="quality pm", thu="easy am", sun="long am")
    owner_client.post(reverse("running_week_edit", args=[athlete.pk]), week_post(athlete, week))

    athlete.refresh_from_db()
    assert athlete.running_week_set
    assert athlete.running_week["tue"] == {"run": "quality", "time": "pm"}
    page = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    assert SAMPLE_SAID not in page


def test_the_sample_saved_as_it_is_becomes_the_athletes_own_week(owner_client, club):
    athlete = added(owner_client)
    sample = {f"{day}_run": entry["run"] for day, entry in default_running_week().items()} | {
        f"{day}_time": entry.get("time", "") for day, entry in default_running_week().items()
    }

    response = owner_client.post(
        reverse("running_week_edit", args=[athlete.pk]), week_post(athlete, sample)
    )

    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.running_week_set
    assert athlete.running_week == default_running_week()
    assert athlete.version == 2


def test_athletes_already_on_the_roster_keep_their_week_as_set(owner_client, athlete):
    page = owner_client.get(reverse("athlete_detail", args=[athlete.pk])).content.decode()
    assert athlete.running_week_set
    assert SAMPLE_SAID not in page


def test_the_assign_page_names_an_athlete_still_on_the_sample_week(owner_client, club):
    athlete = added(owner_client)
    page = owner_client.get(reverse("assign_athlete", args=[athlete.pk])).content.decode()
    assert "New Runner's running week is still the sample one" in page

    Athlete.objects.filter(pk=athlete.pk).update(running_week_set=True)
    page = owner_client.get(reverse("assign_athlete", args=[athlete.pk])).content.decode()
    assert "still the sample one" not in page


def test_the_squad_assign_page_names_only_those_on_the_sample_week(owner_client, club):
    squad = SquadFactory(club=club, name="Road")
    AthleteFactory(club=club, squad=squad, name="Set Runner")
    new = AthleteFactory(club=club, squad=squad, name="Sample Runner", running_week_set=False)

    page = owner_client.get(reverse("assign_squad", args=[squad.pk])).content.decode()

    assert "Still on the sample running week: " in page
    assert reverse("running_week_edit", args=[new.pk]) in page
    assert "Sample Runner</a>" in page and "Set Runner</a>" not in page


def test_a_roster_file_without_day_columns_gives_no_running_week(owner_client, club):
    """Without day columns every day reads as rest: not a week the coach gave."""
    header = "name,sex,body_mass_kg,experience,event\n"
    assert (
        confirm_import(owner_client, header + "Ada,female,58,novice,marathon\n").status_code == 302
    )
    assert not Athlete.objects.get(name="Ada").running_week_set

    rows = HEADER + "Ben,male,70,novice,marathon,,,easy am,,long am\n"
    assert confirm_import(owner_client, rows).status_code == 302
    assert Athlete.objects.get(name="Ben").running_week_set


def test_the_sample_week_goes_through_the_club_file_and_an_older_file_reads_as_set(club):
    AthleteFactory(club=club, name="Sample Runner", running_week_set=False)
    AthleteFactory(club=club, name="Set Runner")
    document = club_export(club)

    restored = ClubFactory(name="Restored")
    club_import(document, restored)
    weeks = dict(Athlete.objects.filter(club=restored).values_list("name", "running_week_set"))
    assert weeks == {"Sample Runner": False, "Set Runner": True}

    for row in document["athletes"]:
        del row["running_week_set"]  # a file from before it was kept
    older = ClubFactory(name="Older")
    club_import(document, older)
    assert set(Athlete.objects.filter(club=older).values_list("running_week_set", flat=True)) == {
        True
    }


def test_a_week_never_set_goes_through_the_roster_file_still_not_set(owner_client, club):
    """Exported, a week nobody set is left blank, not written as seven rest days: imported
    back, the athlete is still on the sample week, and their page says so, rather than
    taking a week of rest as the one their coach gave."""
    AthleteFactory(club=club, name="Sample Runner", running_week_set=False)
    AthleteFactory(club=club, name="Set Runner")
    text = owner_client.get(reverse("roster_export")).content.decode("utf-8-sig")
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(text))}
    assert [rows["Sample Runner"][day] for day in DAYS] == [""] * 7
    assert rows["Set Runner"]["mon"] != ""

    Athlete.objects.filter(club=club).delete()
    assert confirm_import(owner_client, text).status_code == 302
    weeks = dict(Athlete.objects.filter(club=club).values_list("name", "running_week_set"))
    assert weeks == {"Sample Runner": False, "Set Runner": True}
    page = owner_client.get(
        reverse("athlete_detail", args=[Athlete.objects.get(name="Sample Runner").pk])
    )
    assert SAMPLE_SAID in page.content.decode()
