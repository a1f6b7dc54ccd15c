"""A change crossing an archive in the same instant: the check and the archive take the same
row lock, so the change waits for the archive and is refused, or the archive waits for it."""

import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, AthleteLink, StrengthTest
from athletes.services import athlete_archive, athlete_save
from schedules import loads
from schedules.models import LoadChange, PainFlag, Plan, PlannedExercise, PlannedSession, SetLog
from tests.factories import AthleteFactory, StrengthTestFactory
from tests.plan_factories import make_plan
from tests.row_locks import held_for_a_while, until_another_waits
from tests.schedules.test_grid import edit
from tests.schedules.test_session_move import move_url, post_move

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("two transactions waiting on a row lock need PostgreSQL (DATABASE_URL)")


@pytest.fixture
def leaver(club):
    athlete = AthleteFactory(club=club, name="Lena Leaving")
    StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    make_plan(athlete, weeks=2)
    return athlete


def archive_under_way(athlete: Athlete) -> threading.Thread:
    """An archive that has written its row and commits half a second later."""

    def archive():
        assert athlete_archive(athlete=Athlete.objects.get(pk=athlete.pk))

    return held_for_a_while(archive)


def later_cell(athlete):
    session = athlete.plan.sessions.order_by("-date").first()
    return session.exercises.exclude(load=None).first()


def test_a_cell_edit_that_waited_on_an_archive_is_refused_and_nothing_is_saved(
    client, owner, leaver
):
    client.force_login(owner)
    cell = later_cell(leaver)
    thread = archive_under_way(leaver)
    started = time.monotonic()
    response = edit(client, cell, load="100")
    waited = time.monotonic() - started
    thread.join()

    assert response.status_code == 409, response.content.decode()
    assert "Lena Leaving was archived at" in response.content.decode()
    assert waited > 0.2  # it waited for the archive to commit
    cell.refresh_from_db()
    assert cell.load != Decimal("100")
    assert not LoadChange.objects.exists()


def test_a_1rm_test_that_waited_on_an_archive_is_refused(client, owner, leaver):
    client.force_login(owner)
    test = StrengthTest.objects.get(athlete=leaver)
    data = {"exercise": test.exercise_id, "tested_on": timezone.localdate().isoformat()}
    data |= {"load": "90", "reps": "1", "unit": "kg"}
    thread = archive_under_way(leaver)
    response = client.post(reverse("strength_test_add", args=[leaver.pk]), data)
    thread.join()

    assert response.status_code == 409
    assert StrengthTest.objects.filter(athlete=leaver).count() == 1


def test_a_move_and_a_pain_flag_clear_that_waited_on_an_archive_are_refused(client, owner, leaver):
    client.force_login(owner)
    cell = later_cell(leaver)
    flag = PainFlag.objects.create(athlete=leaver, planned_exercise=cell, exercise=cell.exercise)
    thread = archive_under_way(leaver)
    response = client.post(reverse("dashboard_pain_clear", args=[flag.pk]))
    thread.join()

    assert response.status_code == 409
    flag.refresh_from_db()
    assert flag.cleared_at is None
    Athlete.objects.filter(pk=leaver.pk).update(archived_at=None)
    session = cell.session
    thread = archive_under_way(leaver)
    response = post_move(client, session, session.date + timedelta(days=1))
    thread.join()

    assert response.status_code == 409
    assert PlannedSession.objects.get(pk=session.pk).date == session.date


@pytest.mark.parametrize("first", [True, False])
def test_a_set_logged_while_an_archive_commits_is_not_saved(client, leaver, first):
    """The athlete's own save (a first tick, and a change to a set saved before): refused
    with the archive, and told why, as for a page opened after it."""
    _, token = AthleteLink.issue(athlete=leaver)
    cell = leaver.plan.sessions.order_by("date").first().exercises.first()
    url = f"/w/{token}/sets/{cell.pk}/1/"
    data = {"done": "1", "reps": "3"}
    if not first:
        client.post(url, {"done": "1", "reps": "4"}, HTTP_HX_REQUEST="true")
        data["seen"] = SetLog.objects.get(planned_exercise=cell).updated_at.isoformat()
    thread = archive_under_way(leaver)
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    thread.join()

    assert response.status_code == 403
    assert response["X-Athlete-Login"] == "archived"
    assert list(SetLog.objects.values_list("reps", flat=True)) == ([] if first else [4])


def test_an_archive_waits_for_a_cell_edit_under_way(owner, leaver):
    """The other way round: an archive sent while an edit's transaction holds the athlete's
    row waits for the edit to commit."""
    cell = later_cell(leaver)
    editing, archived = threading.Event(), {}

    def archive():
        try:
            assert editing.wait(5)
            started = time.monotonic()
            athlete_archive(athlete=Athlete.objects.get(pk=leaver.pk))
            archived["waited"] = time.monotonic() - started
        finally:
            connection.close()

    thread = threading.Thread(target=archive)
    thread.start()
    with transaction.atomic():
        change = loads.Change(cell, {"load": Decimal("100")})
        loads.apply_changes(athlete=leaver, user=owner, changes=[change])
        editing.set()
        until_another_waits()  # the other side has reached the lock
    thread.join()

    assert archived["waited"] > 0.2
    cell.refresh_from_db()
    assert cell.load == Decimal("100")
    assert Athlete.objects.get(pk=leaver.pk).archived_at is not None


def test_a_rule_accepted_or_an_assignment_sent_as_the_archive_commits_is_refused(
    client, owner, leaver
):
    import re

    from programs.models import ProgramTemplate
    from schedules.models import Assignment, RuleOverride

    client.force_login(owner)
    day = leaver.plan.sessions.order_by("-date").first().date.isoformat()
    warning = {"rule": "W2", "date": day, "message": "Lifting after a quality session"}
    Plan.objects.filter(pk=leaver.plan.pk).update(warnings=[warning])
    thread = archive_under_way(leaver)
    response = client.post(reverse("rule_accept", args=[leaver.pk, "W2"]), {"note": "Fine"})
    thread.join()

    assert response.status_code == 409
    assert not RuleOverride.objects.exists()
    Athlete.objects.filter(pk=leaver.pk).update(archived_at=None)
    url = reverse("assign_athlete", args=[leaver.pk])
    [seen] = re.findall(r'name="seen" value="([^"]*)"', client.get(url).content.decode())
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    template = ProgramTemplate.objects.get(name="Test programme")
    data = {"template": template.pk, "start_date": monday.isoformat(), "seen": seen}
    before = Assignment.objects.get(athlete=leaver, active=True)
    thread = archive_under_way(leaver)
    response = client.post(url, data)
    thread.join()

    assert response.status_code == 409
    assert "Lena Leaving was archived at" in response.content.decode()
    assert Assignment.objects.get(athlete=leaver, active=True) == before


def test_a_squad_assignment_sent_as_one_of_its_athletes_is_archived_names_them(
    client, owner, leaver
):
    import re

    from programs.models import ProgramTemplate
    from schedules.models import PlanJob
    from tests.factories import SquadFactory

    client.force_login(owner)
    squad = SquadFactory(club=leaver.club, name="Road squad")
    stayer = AthleteFactory(club=leaver.club, squad=squad, name="Sam Staying")
    Athlete.objects.filter(pk=leaver.pk).update(squad=squad)
    url = reverse("assign_squad", args=[squad.pk])
    [seen] = re.findall(r'name="seen" value="([^"]*)"', client.get(url).content.decode())
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    template = ProgramTemplate.objects.get(name="Test programme")
    data = {"template": template.pk, "start_date": monday.isoformat(), "seen": seen}
    thread = archive_under_way(leaver)
    response = client.post(url, data)
    thread.join()

    assert response.status_code == 409
    page = response.content.decode()
    assert "Lena Leaving was archived" in page
    assert not PlanJob.objects.filter(athlete__in=[leaver, stayer]).exists()
    # Sent again as it is now shown, it assigns the one who stayed.
    [seen] = re.findall(r'name="seen" value="([^"]*)"', page)
    assert client.post(url, {**data, "seen": seen}).status_code == 302
    assert PlanJob.objects.filter(athlete=stayer).exists()
    assert not PlanJob.objects.filter(athlete=leaver).exists()


@pytest.fixture
def switch_under_way(monkeypatch):
    """A switch of the athlete's units, kg to lb, that has locked their row and converts
    their plan once the change under test waits for it (the plan's, its cells' and its
    logs' rows then); `outcome` says whether it switched, and whether the change waited."""
    from schedules import units

    convert = units.convert_plan_loads
    started, outcome = threading.Event(), {}

    def slow(*args, **kwargs):
        started.set()
        outcome["waited"] = until_another_waits()  # the other side has reached the lock
        convert(*args, **kwargs)

    monkeypatch.setattr(units, "convert_plan_loads", slow)

    def start(athlete: Athlete) -> threading.Thread:
        def switch():
            try:
                current = Athlete.objects.get(pk=athlete.pk)
                current.units = "lb"
                athlete_save(athlete=current, changed={"units"})
                outcome["switched"] = True
            except Exception as error:  # a deadlock: PostgreSQL ends one of the two
                outcome["error"] = error
            finally:
                connection.close()

        thread = threading.Thread(target=switch)
        thread.start()
        assert started.wait(5)
        return thread

    start.outcome = outcome
    return start


def test_a_move_sent_as_a_unit_switch_converts_the_plan_waits_for_it(
    client, owner, leaver, switch_under_way
):
    """The move holds the athlete's row as the switch does, before the plan's: neither is
    ended as a deadlock, each waits for the other."""
    client.force_login(owner)
    session = later_cell(leaver).session
    assert client.get(move_url(session)).status_code == 200  # the page as the coach has it
    thread = switch_under_way(leaver)
    response = post_move(client, session, session.date + timedelta(days=1))
    thread.join()

    assert switch_under_way.outcome == {"switched": True, "waited": True}
    assert response.status_code < 400
    assert PlannedSession.objects.get(pk=session.pk).date == session.date + timedelta(days=1)
    assert Plan.objects.get(pk=leaver.plan.pk).units == "lb"


def test_a_carry_sent_as_a_unit_switch_converts_the_plan_waits_for_it(
    client, owner, leaver, switch_under_way
):
    from tests.schedules.test_grid import row_versions

    client.force_login(owner)
    cell = leaver.plan.sessions.order_by("date").first().exercises.exclude(load=None).first()
    loads.apply_changes(athlete=leaver, user=owner, changes=[loads.Change(cell, {"rir": 4})])
    data = {"scope": "later", "row_versions": row_versions(client, cell)}  # the page's
    thread = switch_under_way(leaver)
    response = client.post(reverse("cell_carry", args=[cell.pk]), data, HTTP_HX_REQUEST="true")
    thread.join()

    assert switch_under_way.outcome == {"switched": True, "waited": True}
    # It waited for the switch, then found the later cells converted: not carried over
    # numbers the page never showed, and said so (a deadlock would have been a 500).
    assert response.status_code == 409, response.content.decode()
    assert "Not carried" in response.content.decode()
    later = PlannedExercise.objects.filter(
        session__plan=leaver.plan, exercise=cell.exercise, session__date__gt=cell.session.date
    )
    assert later.exists()
    assert 4 not in {c.rir for c in later}


def test_cells_written_together_as_a_unit_switch_converts_the_plan_wait_for_it(
    owner, leaver, switch_under_way
):
    cells = list(PlannedExercise.objects.filter(session__plan__athlete=leaver).exclude(load=None))
    changes = [loads.Change(cell, {"rir": 3}) for cell in cells[:2]]
    thread = switch_under_way(leaver)
    loads.apply_changes(athlete=leaver, user=owner, changes=changes)
    thread.join()

    assert switch_under_way.outcome == {"switched": True, "waited": True}
    assert {c.rir for c in PlannedExercise.objects.filter(pk__in=[c.pk for c in cells[:2]])} == {3}


def test_a_squad_week_scale_confirmed_as_one_of_the_squad_is_archived_changes_nothing(
    client, owner, leaver
):
    """The squad's change holds each athlete's row as an athlete's own change does: one
    archived as it was confirmed is named, and nobody's week is changed."""
    import re

    from tests.factories import SquadFactory

    client.force_login(owner)
    squad = SquadFactory(club=leaver.club, name="Road squad")
    stayer = AthleteFactory(club=leaver.club, squad=squad, name="Sam Staying")
    make_plan(stayer, weeks=2)
    Athlete.objects.filter(pk=leaver.pk).update(squad=squad)
    url = reverse("squad_week_scale", args=[squad.pk])
    data = {"week": leaver.plan.start_date.isoformat(), "action": "scale", "percent": "-10"}
    [seen] = re.findall(r'name="seen" value="([^"]+)"', client.post(url, data).content.decode())
    before = dict(PlannedExercise.objects.values_list("pk", "load"))
    thread = archive_under_way(leaver)
    response = client.post(url, {**data, "confirm": "1", "seen": seen})
    thread.join()

    assert response.status_code == 409, response.content.decode()
    page = response.content.decode()
    assert "Not applied: Lena Leaving was archived as it was sent" in page
    assert "nobody&#x27;s week was changed" in page
    # The squad's week as it is now: the one who stayed, to apply it to again.
    assert "Sam Staying" in page and "Yes, apply it" not in page
    assert dict(PlannedExercise.objects.values_list("pk", "load")) == before
    assert not LoadChange.objects.exists()


def test_a_plan_made_again_as_a_unit_switch_converts_the_plan_waits_for_it(
    leaver, switch_under_way, monkeypatch
):
    """A re-plan holds the athlete's row before the plan's, as the switch does (the job's
    lock takes the rows it is read with): it waits for the switch and plans in the new unit;
    holding the plan while the switch held its cells, one of the two would end as a
    deadlock."""
    from programs import engine
    from schedules import services
    from schedules.models import JobStatus, PlanJob

    build = engine.build_plan

    def slow_build(*args, **kwargs):
        time.sleep(1.2)  # the switch reaches the plan's cells meanwhile
        return build(*args, **kwargs)

    monkeypatch.setattr(engine, "build_plan", slow_build)
    services.plan_request_regeneration(leaver)
    job = PlanJob.objects.get(athlete=leaver, status=JobStatus.QUEUED)
    assert services.job_claim(job.pk, max_attempts=3)
    thread = switch_under_way(leaver)
    services.plan_generate(job_id=job.pk)
    thread.join()

    assert switch_under_way.outcome == {"switched": True, "waited": True}
    assert PlanJob.objects.get(pk=job.pk).status == JobStatus.DONE
    plan = Plan.objects.get(athlete=leaver)
    assert plan.units == "lb"
    units = set(PlannedExercise.objects.filter(session__plan=plan).values_list("unit", flat=True))
    assert units == {"lb"}
