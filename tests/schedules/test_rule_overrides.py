"""A coach accepts a rule's breach for one athlete: recorded with who, when and why, the
warning stays on the plan marked accepted, and the dashboard stops asking for a look."""

import copy
import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from schedules.club_data import club_export, club_import
from schedules.logbook import club_statuses
from schedules.models import Plan, RuleOverride
from tests.factories import ClubFactory
from tests.plan_factories import make_plan

LONG_RUN_DAY = "Lifting on the long-run day"


def plan_breaking_w8(athlete) -> Plan:
    plan = make_plan(athlete, weeks=2)
    sunday = plan.start_date + timedelta(days=6)
    warning = {"rule": "W8", "date": sunday.isoformat(), "message": LONG_RUN_DAY}
    Plan.objects.filter(pk=plan.pk).update(warnings=[warning])
    return plan


def dashboard_row(client, athlete) -> str:
    body = client.get(reverse("dashboard")).content.decode()
    start = body.index(f'id="athlete-{athlete.pk}"')
    return body[start : body.index("</tr>", start)]


def accept(client, athlete, rule="W8", note="Sunday is her only free day"):
    return client.post(reverse("rule_accept", args=[athlete.pk, rule]), {"note": note})


def test_an_accepted_rule_is_recorded_and_its_warning_stays_marked(owner_client, owner, athlete):
    plan_breaking_w8(athlete)
    assert "<strong>W8</strong>: " + LONG_RUN_DAY in dashboard_row(owner_client, athlete)
    response = accept(owner_client, athlete)
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("athlete_plan", args=[athlete.pk]) + "#warnings")
    override = RuleOverride.objects.get(athlete=athlete)
    assert (override.rule, override.note, override.created_by) == (
        "W8",
        "Sunday is her only free day",
        owner,
    )
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert LONG_RUN_DAY in page  # never silently dropped
    assert f"for {athlete.name} by owner on {timezone.localdate():%-d %b %Y}" in page
    assert "“Sunday is her only free day”" in page
    row = dashboard_row(owner_client, athlete)
    assert "<strong>W8</strong>" not in row
    assert f"Accepted for {athlete.name}: W8" in row
    [status] = club_statuses(athlete.club)
    assert (status.warnings, status.accepted) == ([], ["W8"])  # no longer asks for a look


def test_letting_the_rule_count_again_brings_the_warning_back(owner_client, athlete):
    plan_breaking_w8(athlete)
    accept(owner_client, athlete)
    response = owner_client.post(reverse("rule_withdraw", args=[athlete.pk, "W8"]))
    assert response.status_code == 302
    assert not RuleOverride.objects.exists()
    assert "<strong>W8</strong>: " + LONG_RUN_DAY in dashboard_row(owner_client, athlete)


def test_a_reason_too_long_is_refused_beside_its_box_and_nothing_is_saved(owner_client, athlete):
    plan_breaking_w8(athlete)
    response = accept(owner_client, athlete, note="x" * 301)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="accept-W8-error">Keep the reason to 300 characters (this one has 301).' in body
    assert '<details class="accept" open>' in body
    assert not RuleOverride.objects.exists()


def test_an_unknown_rule_is_not_found(owner_client, athlete):
    plan_breaking_w8(athlete)
    assert accept(owner_client, athlete, rule="X9").status_code == 404
    assert not RuleOverride.objects.exists()


def test_the_reason_is_shown_as_text(owner_client, athlete):
    plan_breaking_w8(athlete)
    accept(owner_client, athlete, note="<script>alert(1)</script>")
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_accepted_rules_cross_over_in_the_club_file(owner_client, club, athlete):
    plan_breaking_w8(athlete)
    accept(owner_client, athlete)
    document = json.loads(json.dumps(club_export(club)))
    assert [(o["rule"], o["note"], o["created_by"]) for o in document["rule_overrides"]] == [
        ("W8", "Sunday is her only free day", "owner")
    ]
    restored = ClubFactory(name="Restored")
    club_import(copy.deepcopy(document), restored)
    assert RuleOverride.objects.get(athlete__club=restored).note == "Sunday is her only free day"
    older = copy.deepcopy(document)
    del older["rule_overrides"]  # a file from before rules could be accepted
    again = ClubFactory(name="Restored again")
    club_import(older, again)
    assert not RuleOverride.objects.filter(athlete__club=again).exists()


def test_a_null_character_in_the_reason_is_refused_beside_its_box(owner_client, athlete):
    plan_breaking_w8(athlete)
    response = accept(owner_client, athlete, note="a\x00b")
    assert response.status_code == 400
    said = 'id="accept-W8-error">Remove the NUL character from the note'
    assert said in response.content.decode()
    assert not RuleOverride.objects.exists()


def test_a_rule_the_plan_does_not_break_cannot_be_accepted(owner_client, athlete):
    """Nothing to accept, and an accepted rule must always show, to be let count again."""
    plan_breaking_w8(athlete)
    response = accept(owner_client, athlete, rule="W1")
    assert response.status_code == 400
    assert "Not accepted: the plan does not break W1 from this week on" in (
        response.content.decode()
    )
    assert not RuleOverride.objects.exists()


def test_an_accepted_rule_the_plan_no_longer_breaks_is_listed_to_let_it_count_again(
    owner_client, athlete
):
    plan = plan_breaking_w8(athlete)
    accept(owner_client, athlete)
    Plan.objects.filter(pk=plan.pk).update(warnings=[])  # made again without the breach
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert "not broken from this week on:" in page
    assert reverse("rule_withdraw", args=[athlete.pk, "W8"]) in page


def test_one_box_per_rule_when_a_rule_has_two_messages(owner_client, athlete):
    plan = make_plan(athlete, weeks=2)
    sunday = (plan.start_date + timedelta(days=6)).isoformat()
    warnings = [
        {"rule": "W8", "date": sunday, "message": LONG_RUN_DAY},
        {"rule": "W8", "date": sunday, "message": "Heavy lifting the day before the long run"},
    ]
    Plan.objects.filter(pk=plan.pk).update(warnings=warnings)
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert page.count('id="accept-W8"') == 1
    accept(owner_client, athlete)
    page = owner_client.get(reverse("athlete_plan", args=[athlete.pk])).content.decode()
    assert page.count(reverse("rule_withdraw", args=[athlete.pk, "W8"])) == 1
    assert "Accepted for " + athlete.name + ", as above." in page


def test_the_load_grid_marks_an_accepted_rule_beside_the_grid_and_after_an_edit(
    owner_client, athlete
):
    from schedules import services
    from schedules.models import PlannedExercise

    # The rules as checked (an edit checks them again): Monday's session is the day before
    # Tuesday's quality run (W1).
    plan = make_plan(athlete, weeks=2)
    services.plan_recheck(plan)
    assert "W1" in {w["rule"] for w in plan.warnings}
    grid = reverse("plan_grid", args=[athlete.pk])
    page = owner_client.get(grid).content.decode()
    assert '<span class="rule">W1</span>' in page and ">accepted</span>" not in page
    accept(owner_client, athlete, rule="W1")

    page = owner_client.get(grid).content.decode()
    side = page[page.index('id="grid-warnings"') : page.index('id="grid-history"')]
    assert '<li class="is-accepted"><span class="rule">W1</span>' in side  # shown, marked
    assert side.count(">accepted</span>") == side.count('<span class="rule">W1</span>')

    cell = PlannedExercise.objects.filter(session__plan=plan, load__isnull=False).first()
    response = owner_client.post(
        reverse("cell_step", args=[cell.pk]),
        {"direction": "up", "version": cell.version},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert '<li class="is-accepted"><span class="rule">W1</span>' in body
    assert "(1 accepted)" in body


def test_a_rule_accepted_since_the_page_was_shown_keeps_the_first_reason_and_says_so(
    client, owner, coach, athlete
):
    """Two coaches accept the same rule from pages shown before either did: the second is
    told who accepted it and why, with its own reason said back, and nothing is replaced."""
    plan_breaking_w8(athlete)
    client.force_login(owner)
    assert accept(client, athlete).status_code == 302
    client.force_login(coach)

    response = accept(client, athlete, note="Her club run is on Sunday <b>evenings</b>")

    assert response.status_code == 409
    body = response.content.decode()
    assert (
        f"Not saved: W8 was accepted for {athlete.name} on {timezone.localdate():%-d %b %Y} "
        "by owner: “Sunday is her "
        "only free day”. Your reason, not saved: “Her club run is on Sunday &lt;b&gt;evenings"
        "&lt;/b&gt;”."
    ) in body
    override = RuleOverride.objects.get()
    assert (override.note, override.created_by) == ("Sunday is her only free day", owner)


def test_a_rule_accepted_at_the_same_moment_keeps_the_first_decision(owner, coach, athlete):
    from schedules import overrides

    plan_breaking_w8(athlete)
    overrides.accept_rule(athlete=athlete, rule="W8", note="First", user=owner)
    try:
        overrides.accept_rule(athlete=athlete, rule="W8", note="Second", user=coach)
    except overrides.AcceptedAlready as already:
        assert (already.override.note, already.override.created_by) == ("First", owner)
    else:
        raise AssertionError("the second decision was written over the first")
    assert RuleOverride.objects.get().note == "First"


def test_an_acceptance_sent_twice_by_its_coach_shows_the_rule_accepted(owner_client, athlete):
    """A double click, or Back and send again, with the same reason: what the coach asked
    for is done, so no "not saved" for their own first click."""
    plan_breaking_w8(athlete)
    assert accept(owner_client, athlete).status_code == 302

    again = accept(owner_client, athlete)

    assert again.status_code == 302
    assert again["Location"].endswith(reverse("athlete_plan", args=[athlete.pk]) + "#warnings")
    body = owner_client.get(again["Location"]).content.decode()
    assert f"W8 is accepted for {athlete.name} already." in body
    assert "Not saved" not in body
    assert RuleOverride.objects.get().note == "Sunday is her only free day"


def test_a_rule_accepted_days_before_the_page_was_sent_says_when(owner_client, coach, athlete):
    """A page left open: the acceptance it meets is dated, not "a moment ago", and one the
    same coach made with another reason is theirs ("by you")."""
    from schedules import overrides

    plan_breaking_w8(athlete)
    overrides.accept_rule(athlete=athlete, rule="W8", note="Long run moved", user=coach)
    RuleOverride.objects.update(created_at=timezone.now() - timedelta(days=3))
    day = timezone.localtime(RuleOverride.objects.get().created_at)

    response = accept(owner_client, athlete)

    assert response.status_code == 409
    assert f"W8 was accepted for {athlete.name} on {day:%-d %b %Y} by {coach.get_username()}:" in (
        response.content.decode()
    )
    overrides.withdraw_rule(athlete=athlete, rule="W8")
    assert accept(owner_client, athlete, note="Mine").status_code == 302
    response = accept(owner_client, athlete, note="Mine, reworded")
    assert response.status_code == 409
    assert (
        f"W8 was accepted for {athlete.name} on {timezone.localdate():%-d %b %Y} by you: “Mine”."
        in (response.content.decode())
    )
