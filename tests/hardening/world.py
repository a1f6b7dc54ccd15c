"""One club with an object behind every URL, and what each URL is called with.

`ROUTES` names, for every URL pattern, who calls it and with which URL arguments;
`FORMS` names, for every URL that takes a POST, the fields its view reads, each with a
value the view accepts. The bad-input tests start from these and break them.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from athletes.forms import strength_test_stamp
from athletes.link_views import login_invite_token
from athletes.models import (
    Athlete,
    AthleteLink,
    CalendarFeed,
    Club,
    Invitation,
    Squad,
    StrengthTest,
)
from exercises.forms import fingerprint
from exercises.models import Exercise
from programs.models import Phase, Prescription, ProgramTemplate, SessionTemplate
from programs.services import default_program
from schedules import loads, logbook, services
from schedules.models import (
    ExportJob,
    JobStatus,
    PainFlag,
    PlanJob,
    PlannedExercise,
    PlannedSession,
)
from tests.factories import (
    AthleteFactory,
    ClubFactory,
    MembershipFactory,
    SquadFactory,
    StrengthTestFactory,
    UserFactory,
    shipped,
)
from tests.plan_factories import make_plan

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    club: Club
    owner: object
    runner: object  # the athlete's own login
    empty_owner: object  # owner of a club that holds nothing yet
    athlete: Athlete
    newcomer: Athlete  # no login yet, invited to make one
    squad: Squad
    template: ProgramTemplate
    shipped_template: ProgramTemplate
    phase: Phase
    slot: SessionTemplate
    dose: Prescription
    cell: PlannedExercise
    session: PlannedSession
    later: PlannedSession  # next week's B: always still to come, so it can be moved
    flag: PainFlag
    plan_job: PlanJob
    export_job: ExportJob
    token: str
    feed_token: str  # the athlete's calendar address (they sign in)
    login_token: str
    invite_token: str
    invitation: object
    assistant: object
    monday: object
    strength_test: StrengthTest


def build_world() -> World:
    today = timezone.localdate()
    club = ClubFactory(name="Riverside Harriers")
    owner = UserFactory(username="owner")
    MembershipFactory(club=club, user=owner, role="owner")
    assistant = MembershipFactory(club=club, user=UserFactory(username="assistant"), role="coach")
    empty_owner = UserFactory(username="empty-owner")
    MembershipFactory(club=ClubFactory(name="Empty"), user=empty_owner, role="owner")
    runner = UserFactory(username="runner")
    squad = SquadFactory(club=club, name="Road")
    athlete = AthleteFactory(club=club, squad=squad, name="Amara Okafor", user=runner)
    newcomer = AthleteFactory(club=club, squad=squad, name="Ben Nowak")
    strength_test = StrengthTestFactory(athlete=athlete, load=Decimal("80"), reps=1)
    plan = make_plan(athlete, weeks=2)
    make_plan(newcomer, weeks=1)
    # A rule the plan breaks this week, for the coach to accept (W8: the long-run day).
    sunday = (plan.start_date + timedelta(days=6)).isoformat()
    plan.warnings = [{"rule": "W8", "date": sunday, "message": "Lifting on the long-run day"}]
    plan.save(update_fields=["warnings"])
    cell = PlannedExercise.objects.filter(
        session__plan=plan, exercise__slug="back-squat", session__week=1
    ).first()
    loads.apply_changes(athlete=athlete, user=owner, changes=[loads.Change(cell, {"sets": 4})])
    cell.refresh_from_db()

    template = ProgramTemplate.objects.create(club=club, name="Track winter")
    phase = Phase.objects.create(
        template=template,
        phase="base",
        weeks=4,
        sessions_per_week=2,
        reps_min=6,
        reps_max=8,
        percent_min=65,
        percent_max=75,
    )
    slot = SessionTemplate.objects.create(phase=phase, label="A", kind="lifting")
    dose = Prescription.objects.create(session=slot, exercise=shipped("back-squat"), sets=3)
    Prescription.objects.create(session=slot, order=1, category="plyometric", sets=3, reps=5)
    Exercise.objects.create(
        club=club,
        slug="sled-push",
        name="Sled push",
        category="power",
        pattern="squat",
        laterality="bilateral",
        equipment="machine",
        load_mode="metres",
    )
    # On another lift of the session: one stopped for pain takes no more ticks.
    sore = (
        PlannedExercise.objects.filter(session=cell.session_id)
        .exclude(exercise=cell.exercise_id)
        .first()
    )
    flag = logbook.pain_flag_create(planned_exercise=sore, athlete=athlete, note="Knee")
    # A soreness report on the same session, for the coach to mark seen.
    PlannedSession.objects.filter(pk=cell.session_id).update(soreness=7)
    plan_job = PlanJob.objects.create(
        assignment=plan.assignment, athlete=athlete, status=JobStatus.FAILED, reason="Boom"
    )
    export_job = ExportJob.objects.create(
        club=club, kind="athlete_block", athlete=athlete, status=JobStatus.FAILED
    )
    _, token = AthleteLink.issue(athlete=athlete, created_by=owner)
    _, feed_token = CalendarFeed.issue(athlete=athlete)
    _, invite_token = Invitation.issue(club=club, created_by=owner)
    invitation, _ = Invitation.issue(club=club, created_by=owner, email="new@example.com")
    return World(
        club=club,
        owner=owner,
        runner=runner,
        empty_owner=empty_owner,
        athlete=athlete,
        newcomer=newcomer,
        squad=squad,
        template=template,
        shipped_template=default_program(),
        phase=phase,
        slot=slot,
        dose=dose,
        cell=cell,
        session=cell.session,
        later=PlannedSession.objects.get(plan=plan, week=2, label="B"),
        flag=flag,
        plan_job=plan_job,
        export_job=export_job,
        token=token,
        feed_token=feed_token,
        login_token=login_invite_token(newcomer),
        invite_token=invite_token,
        invitation=invitation,
        assistant=assistant,
        monday=today - timedelta(days=today.weekday()),
        strength_test=strength_test,
    )


# Who calls each URL: "coach" (the club's owner), "athlete" (the athlete's own login),
# "link" (the athlete's private link, passed as the token), "anonymous", "empty"
# (the owner of an empty club) and "assistant" (a coach of the club, not its owner). URL
# arguments come from the world.
def _pk(attr: str):
    return lambda w: {"pk": getattr(w, attr).pk}


ROUTES = {
    "home": ("anonymous", None),
    "login": ("anonymous", None),
    "logout": ("coach", None),
    "password_reset": ("anonymous", None),
    "password_reset_done": ("anonymous", None),
    "password_reset_confirm": (
        "anonymous",
        lambda w: {
            "uidb64": urlsafe_base64_encode(force_bytes(w.owner.pk)),
            "token": default_token_generator.make_token(w.owner),
        },
    ),
    "password_reset_complete": ("anonymous", None),
    "signup": ("anonymous", None),
    "invite_accept": ("anonymous", lambda w: {"token": w.invite_token}),
    "club_coaches": ("coach", None),
    "club_rename": ("coach", None),
    "club_leave": ("assistant", None),  # a coach of the club: the owner cannot leave
    "club_left": ("anonymous", None),
    "account_email": ("coach", None),
    "password_change": ("coach", None),
    "password_change_done": ("coach", None),
    "form_resend": ("coach", None),
    "invitation_withdraw": ("coach", _pk("invitation")),
    "club_coach_remove": ("coach", _pk("assistant")),
    "club_owner_handover": ("coach", _pk("assistant")),
    "roster": ("coach", None),
    "roster_move": ("coach", None),
    "athlete_create": ("coach", None),
    "roster_import": ("coach", None),
    "roster_export": ("coach", None),
    "roster_import_sample": ("coach", None),
    "athlete_detail": ("coach", _pk("athlete")),
    "athlete_edit": ("coach", _pk("athlete")),
    "running_week_edit": ("coach", _pk("athlete")),
    "strength_test_add": ("coach", _pk("athlete")),
    "strength_test_edit": (
        "coach",
        lambda w: {"pk": w.athlete.pk, "test_pk": w.strength_test.pk},
    ),
    "strength_test_delete": (
        "coach",
        lambda w: {"pk": w.athlete.pk, "test_pk": w.strength_test.pk},
    ),
    "athlete_delete": ("coach", _pk("newcomer")),
    "athlete_archive": ("coach", _pk("newcomer")),
    "athlete_restore": ("coach", _pk("newcomer")),
    "squads": ("coach", None),
    "squad_rename": ("coach", _pk("squad")),
    "squad_tests": ("coach", _pk("squad")),
    "squad_delete": ("coach", _pk("squad")),
    "athlete_link": ("coach", _pk("athlete")),
    "athlete_link_issue": ("coach", _pk("athlete")),
    "athlete_link_revoke": ("coach", _pk("athlete")),
    "athlete_login_invite": ("coach", _pk("newcomer")),
    "athlete_login_invite_withdraw": ("coach", _pk("newcomer")),
    "athlete_login_remove": ("coach", _pk("athlete")),
    "athlete_login_accept": ("anonymous", lambda w: {"token": w.login_token}),
    "exercise_list": ("coach", None),
    "exercise_create": ("coach", None),
    "exercise_detail": ("coach", lambda w: {"slug": "sled-push"}),
    "exercise_edit": ("coach", lambda w: {"slug": "sled-push"}),
    "exercise_delete": ("coach", lambda w: {"slug": "sled-push"}),
    "program_list": ("coach", None),
    "program_create": ("coach", None),
    "program_detail": ("coach", _pk("template")),
    "program_clone": ("coach", _pk("shipped_template")),
    "program_update": ("coach", _pk("template")),
    "program_delete": ("coach", _pk("template")),
    "program_archive": ("coach", _pk("template")),
    "program_replan": ("coach", _pk("template")),
    "program_phase_add": ("coach", _pk("template")),
    "program_phase_update": ("coach", lambda w: {"pk": w.template.pk, "phase_id": w.phase.pk}),
    "program_phase_delete": ("coach", lambda w: {"pk": w.template.pk, "phase_id": w.phase.pk}),
    "program_session_add": ("coach", lambda w: {"pk": w.template.pk, "phase_id": w.phase.pk}),
    "program_session_update": ("coach", lambda w: {"pk": w.template.pk, "session_id": w.slot.pk}),
    "program_session_move": ("coach", lambda w: {"pk": w.template.pk, "session_id": w.slot.pk}),
    "program_session_delete": ("coach", lambda w: {"pk": w.template.pk, "session_id": w.slot.pk}),
    "program_prescription_new": (
        "coach",
        lambda w: {"pk": w.template.pk, "session_id": w.slot.pk},
    ),
    "program_prescription_add": (
        "coach",
        lambda w: {"pk": w.template.pk, "session_id": w.slot.pk},
    ),
    **{
        f"program_prescription_{action}": (
            "coach",
            lambda w: {"pk": w.template.pk, "prescription_id": w.dose.pk},
        )
        for action in ("edit", "update", "move", "delete")
    },
    "assign_athlete": ("coach", _pk("athlete")),
    "athlete_plan": ("coach", _pk("athlete")),
    "athlete_plan_json": ("coach", _pk("athlete")),
    "rule_accept": ("coach", lambda w: {"pk": w.athlete.pk, "rule": "W8"}),
    "rule_withdraw": ("coach", lambda w: {"pk": w.athlete.pk, "rule": "W8"}),
    "session_move": ("coach", _pk("later")),
    "assign_squad": ("coach", _pk("squad")),
    "plan_job": ("coach", _pk("plan_job")),
    "plan_job_retry": ("coach", _pk("plan_job")),
    "plan_batch": ("coach", lambda w: {"batch": w.plan_job.batch or "none"}),
    "plan_grid": ("coach", _pk("athlete")),
    "grid_undo": ("coach", _pk("athlete")),
    "cell": ("coach", _pk("cell")),
    "cell_edit": ("coach", _pk("cell")),
    "cell_step": ("coach", _pk("cell")),
    "cell_carry": ("coach", _pk("cell")),
    "squad_week": ("coach", _pk("squad")),
    "squad_week_scale": ("coach", _pk("squad")),
    "athlete_week": ("link", lambda w: {"token": w.token}),
    "athlete_set_log": ("link", lambda w: {"token": w.token, "pk": w.cell.pk, "set_number": 1}),
    "athlete_session_log": ("link", lambda w: {"token": w.token, "pk": w.session.pk}),
    "athlete_pain_flag": ("link", lambda w: {"token": w.token, "pk": w.cell.pk}),
    "athlete_calendar": ("link", lambda w: {"token": w.token}),
    "athlete_feed": ("anonymous", lambda w: {"token": w.feed_token}),
    "me_feed_issue": ("athlete", None),
    "me_feed_stop": ("athlete", None),
    "me_email": ("athlete", None),
    "me_week": ("athlete", None),
    "me_set_log": ("athlete", lambda w: {"pk": w.cell.pk, "set_number": 2}),
    "me_session_log": ("athlete", _pk("session")),
    "me_pain_flag": ("athlete", _pk("cell")),
    "dashboard": ("coach", None),
    "dashboard_pain_clear": ("coach", _pk("flag")),
    "dashboard_soreness_seen": ("coach", _pk("session")),
    "athlete_progress": ("coach", _pk("athlete")),
    "athlete_exports": ("coach", _pk("athlete")),
    "export_athlete_block": ("coach", _pk("athlete")),
    "export_athlete_week": ("coach", _pk("athlete")),
    "squad_exports": ("coach", _pk("squad")),
    "export_squad_week": ("coach", _pk("squad")),
    "export_list": ("coach", None),
    "export_job": ("coach", _pk("export_job")),
    "export_retry": ("coach", _pk("export_job")),
    "export_download": ("coach", _pk("export_job")),
    "club_export": ("coach", None),
    "club_import": ("empty", None),
}


def _account(w: World) -> dict:
    return {
        "username": "new-person",
        "email": "new@example.com",
        "password1": "Sturdy-pass-771",
        "password2": "Sturdy-pass-771",
    }


def _athlete_seen(w: World) -> str:
    """What the edit form shows as seen: the athlete as saved now."""
    from athletes.forms import athlete_stamp

    w.athlete.refresh_from_db()
    return athlete_stamp(w.athlete)


def _week_seen(w: World) -> str:
    from athletes.forms import week_stamp

    w.athlete.refresh_from_db()
    return week_stamp(w.athlete.running_week)


def _link_seen(w: World) -> str:
    """The athlete's working link, as the access page's forms carry it."""
    return str(AthleteLink.objects.get(athlete=w.athlete, revoked_at__isnull=True).pk)


def _invite_seen(w: World) -> str:
    """The newcomer's open login invitation, as the access page's forms carry it."""
    from athletes.link_views import _invite_mark

    return _invite_mark(Athlete.objects.get(pk=w.newcomer.pk))


def _athlete_form(w: World) -> dict:
    return {
        "name": "Cleo Chen",
        "email": "cleo@example.com",
        "squad": w.squad.pk,
        "sex": "female",
        "body_mass_kg": "58.5",
        "experience": "novice",
        "event": "10k",
        "units": "kg",
        "goal_race_name": "Spring 10k",
        "race_date": (w.monday + timedelta(weeks=12)).isoformat(),
        "notes": "Likes hills",
        "injury_notes": "",
    }


def _prescription(prefix: str):
    def fields(w: World) -> dict:
        values = {
            "exercise": f"ex:{shipped('romanian-deadlift').pk}",
            "side": "",
            "sets": 3,
            "reps": 6,
            "seconds": "",
            "metres": "",
            "percent_1rm": 75,
            "rir": 2,
            "rest_s": 150,
            "notes": "Slow down",
        }
        key = prefix.format(w=w)
        return {"version": w.template.version, **{f"{key}-{k}": v for k, v in values.items()}}

    return fields


def _version(w: World) -> dict:
    return {"version": w.template.version}


def _move(w: World) -> dict:
    return {"version": w.template.version, "direction": "down"}


# The fields each POST reads, with a value it accepts.
FORMS = {
    "home": lambda w: {},
    "login": lambda w: {"username": "owner", "password": PASSWORD},
    "logout": lambda w: {},
    "password_reset": lambda w: {"email": "owner@example.com"},
    "password_reset_confirm": lambda w: {
        "new_password1": "Sturdy-pass-771",
        "new_password2": "Sturdy-pass-771",
    },
    "signup": lambda w: {**_account(w), "club_name": "New Club"},
    "invite_accept": _account,
    "athlete_login_accept": _account,
    "club_coaches": lambda w: {"email": "coach@example.com"},
    "club_rename": lambda w: {"name": "Riverside Road Runners", "seen": w.club.name},
    "account_email": lambda w: {"email": "owner.new@example.com", "password": PASSWORD},
    "password_change": lambda w: {
        "old_password": PASSWORD,
        "new_password1": "Another-sturdy-771",
        "new_password2": "Another-sturdy-771",
    },
    "invitation_withdraw": lambda w: {},
    "club_coach_remove": lambda w: {},
    "club_leave": lambda w: {},
    "club_owner_handover": lambda w: {},
    "athlete_login_invite_withdraw": lambda w: {"seen": _invite_seen(w)},
    "athlete_login_remove": lambda w: {},
    "athlete_create": _athlete_form,
    "athlete_edit": lambda w: {**_athlete_form(w), "seen": _athlete_seen(w)},
    "running_week_edit": lambda w: {
        **{f"{day}_run": "easy" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
        **{f"{day}_time": "am" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
        "seen": _week_seen(w),
    },
    "strength_test_add": lambda w: {
        "exercise": shipped("back-squat").pk,
        "tested_on": (w.monday - timedelta(days=3)).isoformat(),
        "load": "82.5",
        "reps": 3,
        "unit": w.athlete.units,
    },
    "strength_test_edit": lambda w: {  # a slip corrected: 82.5 x 3 for 80 x 1
        "exercise": w.strength_test.exercise_id,
        "tested_on": (w.monday - timedelta(days=3)).isoformat(),
        "load": "82.5",
        "reps": 3,
        "unit": w.athlete.units,
        "seen": strength_test_stamp(w.strength_test),
    },
    "roster_move": lambda w: {
        "athletes": [str(w.athlete.pk), str(w.newcomer.pk)],
        "to_squad": "none",
        **{"q": "", "squad": str(w.squad.pk), "sort": "name", "page": "1"},
    },
    "squads": lambda w: {"name": "Track"},
    "squad_tests": lambda w: {  # a testing day: one athlete's result, the other's left empty
        "exercise": shipped("back-squat").pk,
        "tested_on": (w.monday - timedelta(days=2)).isoformat(),
        f"load-{w.athlete.pk}": "85",
        f"reps-{w.athlete.pk}": "2",
        f"unit-{w.athlete.pk}": w.athlete.units,
        f"load-{w.newcomer.pk}": "",
        f"reps-{w.newcomer.pk}": "1",
        f"unit-{w.newcomer.pk}": w.newcomer.units,
    },
    "squad_rename": lambda w: {"name": "Road runners", "seen": w.squad.name},
    "squad_delete": lambda w: {"seen": str(w.squad.athletes.active().count())},
    "strength_test_delete": lambda w: {"tests": "2"},
    "athlete_delete": lambda w: {},
    "athlete_archive": lambda w: {},
    "athlete_restore": lambda w: {},
    "athlete_link_issue": lambda w: {"seen": _link_seen(w)},
    "athlete_link_revoke": lambda w: {"seen": _link_seen(w)},
    "me_feed_issue": lambda w: {},
    "me_feed_stop": lambda w: {},
    "me_email": lambda w: {"email": "runner.new@example.com", "password": PASSWORD},
    "athlete_login_invite": lambda w: {"seen": _invite_seen(w)},
    "exercise_create": lambda w: {
        "name": "Sled drag backwards",
        "category": "conditioning",
        "pattern": "hinge",
        "laterality": "bilateral",
        "plane": "sagittal",
        "equipment": "bodyweight",
        "load_mode": "bodyweight_reps",
        "primary_muscles": "hamstrings",
        "why": "Eccentric hamstring strength",
        "cues": "Hips forward\nSlow down",
        "difficulty": 2,
    },
    "exercise_edit": lambda w: {
        "seen": fingerprint(Exercise.objects.get(club=w.club, slug="sled-push")),
        "name": "Sled push (heavy)",
        "category": "power",
        "pattern": "squat",
        "laterality": "bilateral",
        "plane": "sagittal",
        "equipment": "machine",
        "load_mode": "bodyweight_reps",
        "difficulty": 2,
    },
    "exercise_delete": lambda w: {},
    "program_create": lambda w: {"new-name": "Summer", "new-description": "Short block"},
    "program_clone": lambda w: {},
    "program_update": lambda w: {
        "version": w.template.version,
        "details-name": "Track winter 2",
        "details-description": "Renamed",
    },
    "program_delete": lambda w: {"version": w.template.version, "seen": 0},
    "program_archive": lambda w: {"archived": "1", "version": w.template.version, "seen": 0},
    "program_replan": lambda w: {"version": w.template.version},
    "program_phase_add": lambda w: {"version": w.template.version, "phase-add-phase": "build"},
    "program_phase_update": lambda w: {
        "version": w.template.version,
        **{
            f"phase-{w.phase.pk}-{k}": v
            for k, v in {
                "phase": "base",
                "weeks": 5,
                "sessions_per_week": 2,
                "reps_min": 6,
                "reps_max": 10,
                "percent_min": 60,
                "percent_max": 75,
            }.items()
        },
    },
    "program_phase_delete": _version,
    "program_session_add": lambda w: {
        "version": w.template.version,
        f"session-add-{w.phase.pk}-label": "B",
        f"session-add-{w.phase.pk}-kind": "conditioning",
    },
    "program_session_update": lambda w: {
        "version": w.template.version,
        f"session-{w.slot.pk}-label": "A2",
        f"session-{w.slot.pk}-kind": "lifting",
    },
    "program_session_move": _move,
    "program_session_delete": _version,
    "program_prescription_add": _prescription("prescription-add-{w.slot.pk}"),
    "program_prescription_update": _prescription("prescription-{w.dose.pk}"),
    "program_prescription_move": _move,
    "program_prescription_delete": _version,
    "assign_athlete": lambda w: {
        "template": w.template.pk,
        "start_date": (w.monday + timedelta(weeks=1)).isoformat(),
        "seen": services.assignment_stamp([w.athlete]),
    },
    "assign_squad": lambda w: {
        "template": w.shipped_template.pk,
        "start_date": (w.monday + timedelta(weeks=1)).isoformat(),
        "seen": services.assignment_stamp(list(w.squad.athletes.all())),
    },
    "plan_job_retry": lambda w: {},
    "grid_undo": lambda w: {  # the change the grid offers to undo ("" for none)
        "batch": loads.undoable(w.athlete)
        .order_by("-at", "-id")
        .values_list("batch", flat=True)
        .first()
        or ""
    },
    "cell_edit": lambda w: {
        "version": w.cell.version,
        "sets": 3,
        "reps": 5,
        "load": "62.5",
        "percent_1rm": "80",
        "rir": 2,
        "note": "Brace",
    },
    "cell_step": lambda w: {"direction": "up", "version": w.cell.version},
    "cell_carry": lambda w: {"scope": "later"},
    "squad_week_scale": lambda w: {  # the preview: a confirmation needs what it showed
        "week": w.monday.isoformat(),
        "action": "scale",
        "percent": -10,
    },
    "athlete_set_log": lambda w: {"done": "1", "reps": 6, "load": "60", "seen": ""},
    "athlete_session_log": lambda w: {
        "version": w.session.version,
        "rpe": 7,
        "soreness": 3,
        "note": "Fine",
    },
    "athlete_pain_flag": lambda w: {"note": "Sore knee"},
    "dashboard_pain_clear": lambda w: {"squad": "none", "show": "attention", "page": "2"},
    "dashboard_soreness_seen": lambda w: {
        "value": "7",
        "squad": "none",
        "show": "attention",
        "page": "2",
    },
    "rule_accept": lambda w: {"note": "Sunday is her only free day"},
    "rule_withdraw": lambda w: {},
    "session_move": lambda w: {
        "slot": f"{w.later.date - timedelta(days=1):%Y-%m-%d}/pm",
        "seen": f"{w.later.date:%Y-%m-%d}/{w.later.time}",
        "athlete": str(w.later.plan.athlete_id),
    },
    "export_athlete_block": lambda w: {"paper": "a4"},
    "export_athlete_week": lambda w: {"paper": "letter", "week": w.monday.isoformat()},
    "export_squad_week": lambda w: {"paper": "a4", "week": w.monday.isoformat()},
    "export_retry": lambda w: {},
}
FORMS["me_set_log"] = FORMS["athlete_set_log"]
FORMS["me_session_log"] = FORMS["athlete_session_log"]
FORMS["me_pain_flag"] = FORMS["athlete_pain_flag"]
