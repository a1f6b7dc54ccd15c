"""The running week a new athlete starts with is a sample a coach may keep for a while: a
first plan made from it must not break the placement rules."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from athletes.models import Athlete, default_running_week
from schedules import services
from schedules.models import Plan
from tests.factories import StrengthTestFactory, shipped


def test_a_plan_made_around_the_sample_running_week_breaks_no_rule(club, program, run_jobs):
    today = timezone.localdate()
    athlete = Athlete.objects.create(
        club=club,
        name="New Runner",
        sex="female",
        body_mass_kg=Decimal("60"),
        experience="intermediate",
        event="marathon",
        race_date=today + timedelta(weeks=16),
    )
    assert athlete.running_week == default_running_week()
    StrengthTestFactory(athlete=athlete, exercise=shipped("back-squat"), load=80, reps=1)
    services.assign_program(
        athletes=[athlete],
        template=program,
        start_date=today - timedelta(today.weekday()),
        user=None,
    )
    run_jobs()
    document = services.plan_document(Plan.objects.get(athlete=athlete))
    lifting = [s for s in document["sessions"] if s["kind"] == "lifting"]
    assert len(lifting) >= 16  # two a week for most of the block
    assert document["warnings"] == []
