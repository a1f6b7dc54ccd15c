"""An archived athlete's plan is kept read-only: its page offers none of the changes that
would only be refused (accepting a rule, letting it count again, moving a session)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from schedules.models import Plan, RuleOverride
from tests.plan_factories import make_plan


def test_archived_athletes_plan_page_offers_no_change(owner_client, owner, athlete):
    plan = make_plan(athlete, weeks=2)
    sunday = plan.start_date + timedelta(days=6)
    warnings = [
        {"rule": "W8", "date": sunday.isoformat(), "message": "Lifting on the long-run day"},
        {"rule": "W1", "date": sunday.isoformat(), "message": "Lifting the day before"},
    ]
    Plan.objects.filter(pk=plan.pk).update(warnings=warnings)
    RuleOverride.objects.create(athlete=athlete, rule="W1", note="Fine", created_by=owner)
    url = reverse("athlete_plan", args=[athlete.pk])
    live = owner_client.get(url).content.decode()
    assert reverse("rule_accept", args=[athlete.pk, "W8"]) in live
    assert reverse("rule_withdraw", args=[athlete.pk, "W1"]) in live
    assert "/move/" in live

    Athlete.objects.filter(pk=athlete.pk).update(archived_at=timezone.now())
    page = owner_client.get(url).content.decode()

    assert "is archived: kept here read-only" in page
    assert "Lifting on the long-run day" in page  # the warnings are still said
    assert "Accepted" in page
    assert reverse("rule_accept", args=[athlete.pk, "W8"]) not in page
    assert reverse("rule_withdraw", args=[athlete.pk, "W1"]) not in page
    assert "Let W1 count again" not in page
    assert "/move/" not in page
