from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from athletes.models import (
    Athlete,
    Club,
    Membership,
    Squad,
    StrengthTest,
)
from exercises.models import Exercise


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"coach{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("correct-horse-battery")


class ClubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Club

    name = factory.Sequence(lambda n: f"Club {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    club = factory.SubFactory(ClubFactory)
    role = Membership.Role.COACH


class SquadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Squad

    club = factory.SubFactory(ClubFactory)
    name = factory.Sequence(lambda n: f"Squad {n}")


class AthleteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Athlete

    club = factory.SubFactory(ClubFactory)
    name = factory.Sequence(lambda n: f"Runner {n}")
    sex = "female"
    body_mass_kg = Decimal("60.0")
    experience = "intermediate"
    event = "marathon"
    units = "kg"
    goal_race_name = "City Marathon"
    race_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(weeks=16))
    running_week = factory.LazyFunction(lambda: busy_running_week())


def busy_running_week() -> dict:
    """The week test athletes run: two afternoon quality runs, a week that leaves one day
    clear for lifting, so the placement rules have work to do."""
    return {
        "mon": {"run": "easy", "time": "am"},
        "tue": {"run": "quality", "time": "pm"},
        "wed": {"run": "easy", "time": "am"},
        "thu": {"run": "quality", "time": "pm"},
        "fri": {"run": "rest"},
        "sat": {"run": "easy", "time": "am"},
        "sun": {"run": "long", "time": "am"},
    }


def shipped(slug: str) -> Exercise:
    return Exercise.objects.get(club__isnull=True, slug=slug)


class StrengthTestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrengthTest

    athlete = factory.SubFactory(AthleteFactory)
    exercise = factory.LazyFunction(lambda: shipped("back-squat"))
    tested_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    load = Decimal("80")
    reps = 1
