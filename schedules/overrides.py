"""Rules a coach accepts being broken for one athlete (DOMAIN: an override is recorded and
the warning stays visible, never silently dropped)."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from athletes.access import hold_unarchived
from athletes.models import Athlete
from schedules.models import RuleOverride


class AcceptedAlready(Exception):
    """Another coach (or another tab) accepted the rule first; carries their decision."""

    def __init__(self, override: RuleOverride):
        super().__init__(override.rule)
        self.override = override


def accept_rule(*, athlete: Athlete, rule: str, note: str, user: AbstractBaseUser) -> RuleOverride:
    """Record the coach's decision: who, when and why. One accepted first stands (its why
    is never written over unseen): AcceptedAlready."""
    try:
        with transaction.atomic():
            hold_unarchived(athlete)  # an archive meanwhile waits, or refuses it
            return RuleOverride.objects.create(
                athlete=athlete, rule=rule, note=note, created_by=user, created_at=timezone.now()
            )
    except IntegrityError:
        raise AcceptedAlready(accepted_rules(athlete)[rule]) from None


def withdraw_rule(*, athlete: Athlete, rule: str) -> bool:
    """The rule counts again for this athlete; False when it was not accepted."""
    with transaction.atomic():
        hold_unarchived(athlete)  # an archive meanwhile waits, or refuses it
        deleted, _ = RuleOverride.objects.filter(athlete=athlete, rule=rule).delete()
    return bool(deleted)


def accepted_rules(athlete: Athlete) -> dict[str, RuleOverride]:
    return {
        o.rule: o for o in RuleOverride.objects.filter(athlete=athlete).select_related("created_by")
    }


def mark_accepted(warnings: list[dict], athlete: Athlete) -> list[dict]:
    """Grouped warnings (rule_text.group_warnings), each told whether its rule is accepted
    for the athlete: shown marked, never dropped."""
    rules = set(RuleOverride.objects.filter(athlete=athlete).values_list("rule", flat=True))
    for warning in warnings:
        warning["accepted"] = warning["rule"] in rules
    return warnings
