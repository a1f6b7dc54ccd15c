"""Names in alphabetical order whatever the database's collation: accented capitals beside
their letters (a byte-wise order, as SQLite's or PostgreSQL's "C", puts them after Z)."""

from django.urls import reverse

from tests.factories import AthleteFactory, SquadFactory
from tests.plan_factories import make_plan

NAMES = ["Zoë Ångström", "émile Roux", "Ben Hughes", "Élodie Dubois", "Elena Rossi"]
IN_ORDER = ["Ben Hughes", "Elena Rossi", "Élodie Dubois", "émile Roux", "Zoë Ångström"]


def order_on(page: str, names=IN_ORDER) -> list[str]:
    return sorted(names, key=lambda name: page.index(name))


def test_the_roster_its_export_and_the_dashboard_list_names_alphabetically(owner_client, club):
    squad = SquadFactory(club=club, name="Road")
    for name in NAMES:
        athlete = AthleteFactory(club=club, squad=squad, name=name)
        make_plan(athlete, weeks=1)
    roster = owner_client.get(reverse("roster")).content.decode()
    assert order_on(roster) == IN_ORDER
    export = owner_client.get(reverse("roster_export")).content.decode()
    assert order_on(export) == IN_ORDER
    dashboard = owner_client.get(reverse("dashboard")).content.decode()
    assert order_on(dashboard) == IN_ORDER
    week = owner_client.get(reverse("squad_week", args=[squad.pk])).content.decode()
    assert order_on(week) == IN_ORDER


def test_sorting_by_race_breaks_ties_alphabetically(owner_client, club):
    for name in NAMES:
        AthleteFactory(club=club, name=name, race_date=None)
    roster = owner_client.get(reverse("roster") + "?sort=race").content.decode()
    assert order_on(roster) == IN_ORDER


NUMBERED = ["Ana 12", "ana 7", "Ana 6", "Ána 10", "Ben 2"]
NUMBERED_IN_ORDER = ["Ana 6", "ana 7", "Ána 10", "Ana 12", "Ben 2"]


def test_squad_week_and_its_wall_sheet_count_numbers_in_names_as_people_do(owner_client, club):
    """ "Ana 6" before "Ana 12", whatever the case or accents, on the screen and the sheet."""
    from schedules.export_squad import squad_sheet

    squad = SquadFactory(club=club, name="Track")
    plans = [
        make_plan(AthleteFactory(club=club, squad=squad, name=name), weeks=1) for name in NUMBERED
    ]
    week = owner_client.get(reverse("squad_week", args=[squad.pk])).content.decode()
    # Whole names only: "Ana 1" is the start of "Ana 12".
    marked = [f">{name}<" for name in NUMBERED_IN_ORDER]
    assert order_on(week, marked) == marked
    sheet = squad_sheet(squad, plans[0].start_date, lambda done, total: None)
    assert [row.name for row in sheet["rows"]] == NUMBERED_IN_ORDER
