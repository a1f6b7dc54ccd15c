"""Two coaches naming a squad in the same instant, in different case: squads are named one
club at a time (the club's row is held), so the second sees the first's squad."""

import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from athletes import services
from athletes.csv_roster import parse_roster
from athletes.models import Athlete, Squad
from tests.row_locks import held_for_a_while, until_another_waits

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("two transactions waiting on a row lock need PostgreSQL (DATABASE_URL)")


def squad_being_made(club, name: str) -> threading.Thread:
    """Another coach's squad, saved and committed half a second later."""

    def make():
        if name not in services.hold_club_squads(club):
            Squad.objects.create(club=club, name=name)

    return held_for_a_while(make)


def test_an_import_naming_a_squad_made_that_instant_in_other_case_joins_it(club):
    race = (timezone.localdate() + timezone.timedelta(weeks=12)).isoformat()
    text = "name,sex,body_mass_kg,experience,event,race_date,squad\n"
    text += f"Ada,female,58,novice,5k,{race},Road\n"
    parsed = parse_roster(text.encode(), club)
    assert parsed.new_squads == ["Road"]
    thread = squad_being_made(club, "road")
    [ada] = services.roster_import(club=club, parsed=parsed)
    thread.join()

    assert list(Squad.objects.filter(club=club).values_list("name", flat=True)) == ["road"]
    assert Athlete.objects.get(pk=ada.pk).squad.name == "road"


def test_a_squad_added_that_instant_in_other_case_is_refused_beside_the_name(owner_client, club):
    thread = squad_being_made(club, "road")
    response = owner_client.post(reverse("squads"), {"name": "Road"})
    thread.join()

    assert response.status_code == 400
    assert "The club already has a squad with this name." in response.content.decode()
    assert list(Squad.objects.filter(club=club).values_list("name", flat=True)) == ["road"]


def test_a_squad_renamed_while_an_import_puts_athletes_in_it_waits_its_turn(owner_client, club):
    """An import holds the club's squads while it puts its athletes into them; a rename sent
    that instant waits for it, rather than holding the squad the import's athletes go into
    while waiting for the club (each would wait for the other, and one coach would get a
    server error)."""
    road = Squad.objects.create(club=club, name="Road")
    held, failed = threading.Event(), []

    def import_into_road():
        try:
            with transaction.atomic():
                services.hold_club_squads(club)
                held.set()
                until_another_waits()  # the other side has reached the lock
                Athlete.objects.create(
                    club=club, squad=road, name="Ada", sex="female", body_mass_kg=58
                )
        except Exception as error:  # noqa: BLE001 - said by the assert below
            failed.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=import_into_road)
    thread.start()
    assert held.wait(5)
    response = owner_client.post(
        reverse("squad_rename", args=[road.pk]), {"name": "Road runners", "seen": "Road"}
    )
    thread.join()

    assert failed == []
    assert response.status_code == 302
    road.refresh_from_db()
    assert road.name == "Road runners"
    assert list(road.athletes.values_list("name", flat=True)) == ["Ada"]
