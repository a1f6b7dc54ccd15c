"""The demo club that `make run` serves: realistic athletes, running weeks and tests."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from athletes.models import Athlete, Club, Membership, Squad, StrengthTest
from exercises.models import Exercise
from programs.services import default_program
from schedules.models import (
    Assignment,
    PainFlag,
    Plan,
    PlannedSession,
    RuleOverride,
    SetLog,
)
from schedules.services import assign_program

DEMO_USERNAME = "coach"
DEMO_PASSWORD = "runstrength-demo"
DEMO_CLUB = "Riverside Harriers"

WEEK_CLASSIC = {
    "mon": {"run": "easy", "time": "am"},
    "tue": {"run": "quality", "time": "am"},
    "wed": {"run": "easy", "time": "am"},
    "thu": {"run": "quality", "time": "pm"},
    "fri": {"run": "rest"},
    "sat": {"run": "easy", "time": "am"},
    "sun": {"run": "long", "time": "am"},
}
WEEK_CROWDED = {
    "mon": {"run": "quality", "time": "pm"},
    "tue": {"run": "easy", "time": "am"},
    "wed": {"run": "quality", "time": "pm"},
    "thu": {"run": "easy", "time": "am"},
    "fri": {"run": "quality", "time": "am"},
    "sat": {"run": "long", "time": "am"},
    "sun": {"run": "rest"},
}
WEEK_LIGHT = {
    "mon": {"run": "rest"},
    "tue": {"run": "easy", "time": "pm"},
    "wed": {"run": "quality", "time": "pm"},
    "thu": {"run": "rest"},
    "fri": {"run": "easy", "time": "am"},
    "sat": {"run": "quality", "time": "am"},
    "sun": {"run": "long", "time": "am"},
}

# name, squad, sex, kg, experience, event, race name, weeks to race, week, squat, rdl
ACCEPTING = "Grace Kim"  # whose crowded week breaks rules; one is accepted
ATHLETES = [
    (
        "Amara Okafor",
        "Marathon group",
        "female",
        "58.5",
        "intermediate",
        "marathon",
        "Spring City Marathon",
        16,
        WEEK_CLASSIC,
        70,
        80,
    ),
    (
        "Ben Hughes",
        "Marathon group",
        "male",
        "72.0",
        "advanced",
        "marathon",
        "Spring City Marathon",
        16,
        WEEK_CLASSIC,
        120,
        130,
    ),
    (
        "Chloe Martin",
        "Marathon group",
        "female",
        "61.0",
        "novice",
        "marathon",
        "Lakeside Marathon",
        20,
        WEEK_LIGHT,
        None,
        None,
    ),
    (
        "Dev Patel",
        "Marathon group",
        "male",
        "66.5",
        "intermediate",
        "half_marathon",
        "Harbour Half",
        9,
        WEEK_CLASSIC,
        95,
        105,
    ),
    (
        "Elena Rossi",
        "Marathon group",
        "female",
        "54.0",
        "advanced",
        "ultra",
        "Ridge Ultra 50K",
        26,
        WEEK_LIGHT,
        80,
        95,
    ),
    (
        "Finn O'Brien",
        "Marathon group",
        "male",
        "70.0",
        "novice",
        "half_marathon",
        "Harbour Half",
        9,
        WEEK_CLASSIC,
        None,
        None,
    ),
    (
        "Grace Kim",
        "Track squad",
        "female",
        "52.5",
        "advanced",
        "1500m",
        "County Championships",
        6,
        WEEK_CROWDED,
        75,
        85,
    ),
    (
        "Hassan Ali",
        "Track squad",
        "male",
        "63.0",
        "advanced",
        "5k",
        "Parkland 5K",
        10,
        WEEK_CROWDED,
        110,
        120,
    ),
    (
        "Isla Murray",
        "Track squad",
        "female",
        "57.0",
        "intermediate",
        "5k",
        "Parkland 5K",
        10,
        WEEK_CLASSIC,
        65,
        75,
    ),
    (
        "Jonas Weber",
        "Track squad",
        "male",
        "68.0",
        "intermediate",
        "10k",
        "Riverside 10K",
        4,
        WEEK_CLASSIC,
        100,
        110,
    ),
    (
        "Kemi Adeyemi",
        "Track squad",
        "female",
        "55.5",
        "novice",
        "10k",
        None,
        None,
        WEEK_LIGHT,
        None,
        None,
    ),
    (
        "Luca Bianchi",
        "Track squad",
        "male",
        "74.0",
        "intermediate",
        "1500m",
        "Indoor Mile",
        2,
        WEEK_CROWDED,
        105,
        115,
    ),
    (
        "Maya Singh",
        "Marathon group",
        "female",
        "60.0",
        "intermediate",
        "marathon",
        None,
        None,
        WEEK_CLASSIC,
        72.5,
        82.5,
    ),
]


@transaction.atomic
def demo_club_create() -> tuple[Club, bool]:
    """Create the demo club once; a second call finds it and changes nothing."""
    user_model = get_user_model()
    existing = Membership.objects.filter(user__username=DEMO_USERNAME).select_related("club")
    if existing.exists():
        return existing.first().club, False
    user = user_model.objects.create_user(
        username=DEMO_USERNAME, password=DEMO_PASSWORD, email="coach@example.com"
    )
    club = Club.objects.create(name=DEMO_CLUB)
    Membership.objects.create(user=user, club=club, role=Membership.Role.OWNER)
    squads = {
        name: Squad.objects.create(club=club, name=name)
        for name in ("Marathon group", "Track squad")
    }
    exercises = {
        e.slug: e
        for e in Exercise.objects.filter(
            club__isnull=True, slug__in=["back-squat", "romanian-deadlift"]
        )
    }
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    for name, squad, sex, mass, experience, event, race, weeks, week, squat, rdl in ATHLETES:
        athlete = Athlete.objects.create(
            club=club,
            squad=squads[squad],
            name=name,
            sex=sex,
            body_mass_kg=Decimal(mass),
            experience=experience,
            event=event,
            goal_race_name=race or "",
            race_date=monday + timedelta(weeks=weeks, days=6) if weeks else None,
            running_week=week,
            notes="Prefers lifting in the evening." if name.startswith("A") else "",
        )
        for slug, one_rm in (("back-squat", squat), ("romanian-deadlift", rdl)):
            if one_rm is None:
                continue
            # An older rep test, then a newer true 1RM, so the history has two entries.
            StrengthTest.objects.create(
                athlete=athlete,
                exercise=exercises[slug],
                tested_on=today - timedelta(days=70),
                load=Decimal(str(round(one_rm * 0.8 / 2.5) * 2.5)),
                reps=5,
            )
            StrengthTest.objects.create(
                athlete=athlete,
                exercise=exercises[slug],
                tested_on=today - timedelta(days=10),
                load=Decimal(str(one_rm)),
                reps=1,
            )
    # Plans began two weeks ago, so the dashboard and progress pages have a history to show.
    assign_program(
        athletes=list(Athlete.objects.filter(club=club)),
        template=default_program(),
        start_date=monday - timedelta(weeks=2),
        user=user,
    )
    # Plans are made once this transaction commits (in-process without Redis), then logged.
    transaction.on_commit(lambda: _demo_history(club, today))
    return club, True


DEMO_NOTES = {  # by athlete, in name order
    0: "Legs heavy after Sunday's long run.",
    3: "Squats felt quick today, last set easy.",
    8: "Calves tight from the track session, took longer rests.",
    11: "Hotel gym: dumbbells for the split squats.",
}


@transaction.atomic
def _demo_history(club: Club, today) -> None:
    """Log the sessions already past, as athletes would: most done, a few missed, one cut
    short, one sore athlete and one pain flag. Plans made by a worker that has not run yet
    get none."""
    sessions = (
        PlannedSession.objects.filter(plan__athlete__club=club, date__lt=today)
        .select_related("plan__athlete")
        .prefetch_related("exercises")
        .order_by("plan__athlete__name", "date")
    )
    # The story is of plans made two weeks ago: their sessions were there on their days.
    started = timezone.make_aware(
        datetime.combine(today - timedelta(days=today.weekday() + 14), time())
    )
    PlannedSession.objects.filter(plan__athlete__club=club).update(created_at=started)
    Assignment.objects.filter(athlete__club=club).update(created_at=started)
    by_athlete: dict[Athlete, list[PlannedSession]] = {}
    for session in sessions:
        by_athlete.setdefault(session.plan.athlete, []).append(session)
    now = timezone.now()
    logs = []
    for index, (athlete, past) in enumerate(by_athlete.items()):
        for number, session in enumerate(past):
            if index % 4 == 1 and number == len(past) - 2:
                continue  # missed
            last = number == len(past) - 1
            session.logged_at = now
            session.rpe = 6 + (index + number) % 3
            session.soreness = 7 if (index == 2 and last) else 2 + (index + number) % 3
            # A few athletes wrote a line under their last session, as some do.
            session.athlete_note = DEMO_NOTES.get(index, "") if last else ""
            cut_short = index == 6 and last  # the gym closed early: the first lift only
            if cut_short:
                session.athlete_note = "Gym closed early, only got the first lift done."
            for planned in session.exercises.all()[: 1 if cut_short else None]:
                logs += [
                    SetLog(
                        planned_exercise=planned,
                        set_number=n,
                        done=True,
                        reps=planned.reps,
                        load=planned.load,
                    )
                    for n in range(1, planned.sets + 1)
                ]
            if index == 4 and last and session.exercises.all():
                first = session.exercises.all()[0]
                PainFlag.objects.create(
                    athlete=athlete,
                    planned_exercise=first,
                    exercise_id=first.exercise_id,
                    note=f"Left knee ached in the last set of {first.exercise.name.lower()}",
                )
    PlannedSession.objects.bulk_update(
        [s for past in by_athlete.values() for s in past if s.logged_at],
        ["logged_at", "rpe", "soreness", "athlete_note"],
    )
    SetLog.objects.bulk_create(logs)
    _demo_accepted_rule(club, today)


def _demo_accepted_rule(club: Club, today) -> None:
    """The coach has accepted one rule the crowded track week breaks, with why."""
    plan = Plan.objects.filter(athlete__club=club, athlete__name=ACCEPTING).first()
    monday = (today - timedelta(days=today.weekday())).isoformat()
    rules = [w["rule"] for w in (plan.warnings if plan else []) if (w.get("date") or "") >= monday]
    if rules:
        RuleOverride.objects.get_or_create(
            athlete=plan.athlete,
            rule=rules[-1],
            defaults={
                "note": "Works shifts: track night is her only time at the gym.",
                "created_by": Membership.objects.filter(club=club).first().user,
            },
        )
