"""A club with one of everything a club can own, for the export and import tests."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from athletes.models import Athlete, Club, PastRunningWeek
from exercises.models import Exercise
from programs.models import Phase, Prescription, ProgramTemplate, SessionTemplate
from programs.services import default_program, program_clone
from schedules import loads, logbook
from schedules.models import Assignment, PlanJob, PlannedExercise, SetLog
from schedules.services import replan_summary
from tests.factories import AthleteFactory, SquadFactory, StrengthTestFactory, shipped
from tests.plan_factories import make_plan


@dataclass
class RichClub:
    club: Club
    athletes: list[Athlete]
    template: ProgramTemplate
    sled: Exercise


def build_rich_club(club: Club, owner, coach) -> RichClub:
    today = timezone.localdate()
    track, road = SquadFactory(club=club, name="Track"), SquadFactory(club=club, name="Road")
    amara = AthleteFactory(
        club=club,
        squad=road,
        name="Amara Okafor",
        notes="Prefers evening sessions.\nTravels in May.",
        injury_notes="Left Achilles, 2024: <b>no</b> drop jumps.",
        version=4,
    )
    ben = AthleteFactory(
        club=club,
        squad=track,
        name="Ben Łukasz Nowak",
        sex="male",
        units="lb",
        body_mass_kg=Decimal("71.5"),
        event="1500m",
        experience="advanced",
        email="ben@example.com",
        running_week={
            "mon": {"run": "quality", "time": "am"},
            "tue": {"run": "easy", "time": "pm"},
            "wed": {"run": "rest"},
            "thu": {"run": "quality", "time": "pm"},
            "sat": {"run": "long", "time": "am"},
        },
    )
    cleo = AthleteFactory(
        club=club,
        squad=None,
        name="Cleo 陈",
        race_date=None,
        goal_race_name="",
        archived_at=timezone.now() - timedelta(days=3),  # left the club, history kept
    )
    # Ben ran quality on Tuesdays until four weeks ago.
    monday = today - timedelta(days=today.weekday())
    PastRunningWeek.objects.create(
        athlete=ben,
        ends=monday - timedelta(weeks=4),
        running_week={**ben.running_week, "tue": {"run": "quality", "time": "pm"}},
    )
    for athlete, load, reps in ((amara, "80", 1), (amara, "70", 5), (ben, "140", 3)):
        StrengthTestFactory(athlete=athlete, load=Decimal(load), reps=reps)
    StrengthTestFactory(
        athlete=ben,
        exercise=shipped("romanian-deadlift"),
        tested_on=today - timedelta(days=40),
        load=Decimal("155.5"),
        reps=2,
    )

    sled = Exercise.objects.create(
        club=club,
        slug="sled-push",
        name="Sled push",
        category="power",
        pattern="squat",
        laterality="bilateral",
        equipment="machine",
        load_mode="metres",
        primary_muscles="quads, glutes",
        why="Drive in the first steps.",
        cues="Low hips\nShort fast steps",
        difficulty=2,
        easier=shipped("glute-bridge"),
    )
    heavy = Exercise.objects.create(
        club=club,
        slug="heavy-sled-push",
        name="Heavy sled push",
        category="power",
        pattern="squat",
        laterality="bilateral",
        equipment="machine",
        load_mode="metres",
        easier=sled,
    )
    sled.harder = heavy
    sled.save()

    template = ProgramTemplate.objects.create(
        club=club, name="Track winter", description="Two phases for the milers.", version=7
    )
    ProgramTemplate.objects.create(club=club, name="Old summer block", archived=True)
    for order, (phase_name, weeks) in enumerate((("base", 6), ("build", 4))):
        phase = Phase.objects.create(
            template=template,
            order=order,
            phase=phase_name,
            weeks=weeks,
            sessions_per_week=2,
            reps_min=4 + order,
            reps_max=8,
            percent_min=65,
            percent_max=80 + order,
        )
        for label in ("A", "B"):
            session = SessionTemplate.objects.create(
                phase=phase, order=ord(label), label=label, kind="lifting"
            )
            Prescription.objects.create(
                session=session, order=0, exercise=shipped("back-squat"), sets=3, percent_1rm=75
            )
            Prescription.objects.create(
                session=session, order=1, exercise=sled, sets=4, metres=20, rest_s=180
            )
            Prescription.objects.create(
                session=session,
                order=2,
                category="plyometric",
                pattern="jump",
                unilateral=True,
                sets=3,
                reps=5,
                rir=2,
                notes="Planner's pick",
            )

    program_clone(template=default_program(), club=club, name="Default, our copy")
    plan_a = make_plan(amara, weeks=3)
    plan_b = make_plan(ben, weeks=2)
    Assignment.objects.filter(athlete=ben).update(template=template, created_by=coach)
    Assignment.objects.create(
        athlete=cleo, template=template, start_date=today, active=False, created_by=owner
    )
    plan_a.warnings = [{"rule": "W1", "date": today.isoformat(), "message": "Lift before quality"}]
    plan_a.save()
    # Ben's plan was made again after his race moved: the plan page says what that did.
    job = PlanJob.objects.create(
        assignment=plan_b.assignment, athlete=ben, status="done", changes=["race_date"]
    )
    race_was = (plan_b.race_date or today) + timedelta(weeks=3)
    phases_was = [
        {**block, "start": (plan_b.start_date + timedelta(weeks=1)).isoformat()}
        for block in plan_b.phases
    ]
    plan_b.remade = replan_summary(
        (race_was, phases_was),
        plan_b,
        fresh=3,
        logged=1,
        edited=1,
        moves_kept=0,
        moves_undone=0,
        job=job,
    )
    plan_b.save()

    squat = _first(plan_a, "back-squat")
    loads.apply_changes(
        athlete=amara,
        user=owner,
        changes=[loads.Change(squat, {"load": Decimal("62.5"), "note": "Felt easy"})],
        versions={squat.pk: squat.version},
    )
    step = _first(plan_b, "step-up")
    loads.apply_changes(athlete=ben, user=coach, changes=[loads.Change(step, {"sets": 4})])
    loads.undo_last(athlete=ben, user=coach)

    squat.refresh_from_db()
    for number in (1, 2, 3):
        logbook.set_log_save(
            planned_exercise=squat,
            set_number=number,
            done=number < 3,
            reps=6 if number < 3 else 4,
            load=Decimal("62.5"),
            seen="",
        )
    SetLog.objects.filter(planned_exercise=squat, set_number=3).update(load=None)
    session = squat.session
    logbook.session_log_save(
        session=session, version=session.version, rpe=7, soreness=3, note="Heavy legs «today»"
    )
    logbook.soreness_seen(athlete=amara, session_id=session.pk, value=3, before=None, user=owner)
    calf = _first(plan_a, "calf-raise")
    logbook.pain_flag_create(planned_exercise=calf, athlete=amara, note="Sharp pain, left calf")
    cleared = logbook.pain_flag_create(planned_exercise=squat, athlete=amara, note="")
    logbook.pain_flag_clear(flag=cleared, user=owner)
    return RichClub(club=club, athletes=[amara, ben, cleo], template=template, sled=sled)


def _first(plan, slug: str) -> PlannedExercise:
    return (
        PlannedExercise.objects.filter(session__plan=plan, exercise__slug=slug)
        .order_by("session__date", "pk")
        .first()
    )
