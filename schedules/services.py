"""Plans: assignment, generation from the engine, regeneration that keeps the athlete's work."""

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.utils import timezone

from athletes.access import AthleteArchived, hold_unarchived
from athletes.models import Athlete
from programs import engine
from programs.catalogue import catalogue_for_club
from programs.engine.rules import HEAVY_PERCENT, RACE_CLEAR_DAYS
from programs.engine.template import phase_spec
from programs.models import ProgramTemplate
from programs.services import engine_template
from schedules import logbook
from schedules.calendar import phase_on, plan_week
from schedules.loads import EDITABLE, MAX_PERCENT, history_text
from schedules.models import (
    Assignment,
    JobStatus,
    LoadChange,
    PainFlag,
    Plan,
    PlanJob,
    PlannedExercise,
    PlannedSession,
    SetLog,
)

log = logging.getLogger(__name__)


class PlanInputError(Exception):
    """The athlete's data cannot make a plan; the message is for the coach."""


class NewerJob(Exception):
    """A failed plan job's plan was asked for again since: `job`, the newest, is the one to
    watch, and trying the old one again would only make the plan once more."""

    def __init__(self, job: "PlanJob") -> None:
        super().__init__(job.pk)
        self.job = job


def athlete_profile_data(
    athlete: Athlete, start_date: date, one_rep_maxes: dict[str, Decimal] | None = None
) -> dict:
    """The athlete as the engine's profile document (docs/plan-format.md); `one_rep_maxes`
    spares reading the 1RMs again when the caller has just read them."""
    if one_rep_maxes is None:
        one_rep_maxes = athlete.current_one_rep_maxes()
    race_date = athlete.race_date
    if race_date is not None and race_date <= start_date:
        race_date = None  # the race is over: plan an off-season block instead
    return {
        "athlete": {
            "name": athlete.name,
            "sex": athlete.sex,
            "body_mass_kg": float(athlete.body_mass_kg),
            "experience": athlete.experience,
            "event": athlete.event,
        },
        "units": athlete.units,
        "one_rep_max": {slug: float(value) for slug, value in one_rep_maxes.items()},
        "running_week": athlete.running_week,
        "start_date": start_date.isoformat(),
        "race_date": race_date.isoformat() if race_date else None,
    }


def athlete_profile(athlete: Athlete, start_date: date, known: set[str]) -> engine.Profile:
    try:
        return engine.parse_profile(athlete_profile_data(athlete, start_date), known)
    except engine.ProfileError as exc:
        raise PlanInputError("; ".join(exc.problems)) from exc


def _replace_assignments(
    athletes: list[Athlete], template: ProgramTemplate, start_date: date, user
) -> list[Assignment]:
    """Each athlete's new active assignment, the one before made inactive. Another assignment
    of the same athlete sent at the same moment (a form sent twice, two coaches) may insert
    its own first: this one then waits for it to commit, and replaces it on a second try,
    instead of breaking the one-active rule."""
    ids = [a.pk for a in athletes]

    def replace() -> list[Assignment]:
        with transaction.atomic():
            Assignment.objects.filter(athlete_id__in=ids, active=True).update(active=False)
            return Assignment.objects.bulk_create(
                [
                    Assignment(athlete=a, template=template, start_date=start_date, created_by=user)
                    for a in athletes
                ]
            )

    try:
        return replace()
    except IntegrityError:
        return replace()  # the other one is committed now: seen, and made inactive


class StaleAssignment(Exception):
    """Who the form assigns to, or what one of them follows, changed since it was shown."""


class ProgrammeWithdrawn(Exception):
    """The club's programme was archived or deleted since the assign form was shown."""

    def __init__(self, template: ProgramTemplate):
        super().__init__(template.name)
        self.template = template


def assignment_stamp(athletes: list[Athlete]) -> str:
    """Who an assign form is for and the assignment each follows, as the form was shown:
    a form shown with others is stale (another coach assigned meanwhile, or the squad
    changed)."""
    ids = sorted(a.pk for a in athletes)
    active = dict(
        Assignment.objects.filter(athlete_id__in=ids, active=True).values_list("athlete_id", "pk")
    )
    return " ".join(f"{pk}:{active.get(pk, 0)}" for pk in ids)


@transaction.atomic
def assign_program(
    *,
    athletes: list[Athlete],
    template: ProgramTemplate,
    start_date: date,
    user,
    seen: str | None = None,
) -> list[PlanJob]:
    """Assign a template to athletes; each gets a queued job, enqueued after commit.

    Plans start on a Monday, so that plan weeks are the calendar weeks every page shows.
    With `seen` (assignment_stamp as the form was shown), the athletes are locked and read
    again first: should anything differ, StaleAssignment, and nothing is assigned. A club's
    programme archived or deleted since is ProgrammeWithdrawn, and nothing is assigned.
    """
    if start_date.weekday() != 0:
        raise PlanInputError(f"a plan starts on a Monday; {start_date:%A %-d %B %Y} is not one")
    if seen is not None:
        ids = [a.pk for a in athletes]
        locked = list(Athlete.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        archived = [a for a in locked if a.archived_at is not None]  # meanwhile: read-only
        if archived and len(athletes) == 1:
            raise AthleteArchived(archived[0])
        if archived or assignment_stamp(athletes) != seen:
            raise StaleAssignment
    if template.club_id is not None:
        # Held as archiving or deleting it holds it (programs.views._locked): either waits for
        # the other, and a programme archived or deleted meanwhile is not assigned.
        held = ProgramTemplate.objects.select_for_update().filter(pk=template.pk, archived=False)
        if held.values_list("pk").first() is None:
            raise ProgrammeWithdrawn(template)
    assignments = _replace_assignments(athletes, template, start_date, user)
    batch = uuid.uuid4().hex
    jobs = PlanJob.objects.bulk_create(
        [PlanJob(assignment=asg, athlete_id=asg.athlete_id, batch=batch) for asg in assignments]
    )
    _enqueue_after_commit(jobs)
    return jobs


def replan_programme(template: ProgramTemplate) -> list[PlanJob]:
    """Make the plans of every athlete following the programme again, from it as it is now
    (after a coach changed it): one batch of jobs, enqueued after commit."""
    assignments = list(
        Assignment.objects.filter(
            template=template, active=True, athlete__archived_at__isnull=True
        )  # archived athletes are planned again when restored
    )
    batch = uuid.uuid4().hex
    jobs = PlanJob.objects.bulk_create(
        [
            PlanJob(assignment=a, athlete_id=a.athlete_id, batch=batch, changes=["programme"])
            for a in assignments
        ]
    )
    _enqueue_after_commit(jobs)
    return jobs


def plan_request_regeneration(athlete: Athlete, changes: Iterable[str] = ()) -> PlanJob | None:
    """Re-plan the future after a profile change; a burst of changes makes one job, which
    names them all (`changes`: the athlete's fields changed). None for an archived athlete:
    their plan stays as it was until they are restored."""
    jobs = plan_request_regenerations([athlete], changes)
    return jobs[0] if jobs else None


def plan_request_regenerations(
    athletes: Iterable[Athlete], changes: Iterable[str] = ()
) -> list[PlanJob]:
    """plan_request_regeneration for many athletes at once (a squad's test results saved
    together), in the same few queries however many they are: each athlete with a
    programme gets one job, a queued one naming these changes too. Archived athletes and
    those with no programme get none."""
    athletes = [athlete for athlete in athletes if athlete.archived_at is None]
    changes = list(changes)
    if not athletes:
        return []
    with transaction.atomic():
        assignments = Assignment.objects.filter(athlete__in=athletes, active=True)
        active = {assignment.athlete_id: assignment for assignment in assignments}
        if not active:
            return []
        # Locked, so a worker cannot claim a job between reading its changes and adding
        # these: a job claimed meanwhile is no longer queued, and a new one names them.
        queued = (
            PlanJob.objects.select_for_update()
            .filter(
                athlete_id__in=list(active),
                assignment__in=list(active.values()),
                status=JobStatus.QUEUED,
            )
            .order_by("-created_at", "-pk")  # the first of each athlete's, as ordered
        )
        pending: dict[int, PlanJob] = {}
        for job in queued:
            if job.assignment_id == active[job.athlete_id].pk:
                pending.setdefault(job.athlete_id, job)
        grown = []
        for job in pending.values():
            merged = [*job.changes, *sorted(set(changes) - set(job.changes))]
            if merged != job.changes:
                job.changes = merged
                grown.append(job)
        if grown:
            PlanJob.objects.bulk_update(grown, ["changes"])
        new = PlanJob.objects.bulk_create(
            [
                PlanJob(assignment=assignment, athlete_id=athlete_id, changes=sorted(set(changes)))
                for athlete_id, assignment in active.items()
                if athlete_id not in pending
            ]
        )
        if new:
            _enqueue_after_commit(new)
    made = {job.athlete_id: job for job in new} | pending
    return [made[athlete.pk] for athlete in athletes if athlete.pk in made]


def plan_job_retry(job: PlanJob) -> PlanJob:
    """Make the athlete's plan again from the programme assigned now. Refused when the plan
    was asked for again since (NewerJob), and while the athlete is archived
    (AthleteArchived): restoring them makes their plan again."""
    with transaction.atomic():
        hold_unarchived(job.athlete)
        # Two Try agains at once: the second waits here for the first, then finds its job.
        list(PlanJob.objects.select_for_update().filter(pk=job.pk).values_list("pk"))
        newer = PlanJob.objects.filter(athlete_id=job.athlete_id, pk__gt=job.pk).first()
        if newer is not None:
            raise NewerJob(newer)
        assignment = Assignment.objects.filter(athlete_id=job.athlete_id, active=True).first()
        if assignment is None:
            raise PlanInputError("no programme is assigned now; assign one first")
        new_job = PlanJob.objects.create(
            assignment=assignment, athlete_id=job.athlete_id, batch=job.batch, changes=job.changes
        )
        _enqueue_after_commit([new_job])
    return new_job


def _enqueue_after_commit(jobs: list[PlanJob]) -> None:
    from schedules.tasks import enqueue_plan_jobs

    job_ids = [(job.assignment_id, job.pk) for job in jobs]
    transaction.on_commit(lambda: enqueue_plan_jobs(job_ids))


def job_claim(job_id: int, max_attempts: int) -> bool:
    """Count an attempt and mark the job running; False when it is finished or poisoned."""
    claimed = PlanJob.objects.filter(
        pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).update(status=JobStatus.RUNNING, attempts=F("attempts") + 1, started_at=timezone.now())
    if not claimed:
        return False
    attempts = PlanJob.objects.filter(pk=job_id).values_list("attempts", flat=True).first()
    if attempts > max_attempts:
        job_fail(job_id, f"Stopped after {max_attempts} attempts; the last one did not finish.")
        return False
    return True


def job_fail(job_id: int, reason: str) -> None:
    PlanJob.objects.filter(pk=job_id).exclude(status=JobStatus.DONE).update(
        status=JobStatus.FAILED, reason=reason[:300], finished_at=timezone.now()
    )


def _not_applied(job: PlanJob, reason: str) -> None:
    """A job with nothing left to do ends as done, its plan untouched, saying why."""
    PlanJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, progress=100, reason=reason, finished_at=timezone.now()
    )


def plan_generate(*, job_id: int, today: date | None = None) -> Plan | None:
    """Run the engine for the job's athlete and write the plan in one transaction.

    Sessions the athlete has logged and sessions with hand-edited loads are kept; only
    future, untouched sessions are replaced, so running this twice leaves one plan.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        # The job's lock takes the rows read with it, the athlete's among them: held before
        # their plan, as every change of theirs holds it (a switch of units or an archive
        # under way is waited for, and then read as it is now).
        job = (
            PlanJob.objects.select_for_update()
            .select_related("assignment__athlete__club", "assignment__template")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status != JobStatus.RUNNING:
            return None  # another delivery finished it, or it was never claimed
        assignment = job.assignment
        if not assignment.active:
            # Queued before the coach assigned another programme: the newer one stands, and
            # there is nothing to retry here.
            _not_applied(job, "Replaced by a newer programme assignment; not applied.")
            return None
        athlete = assignment.athlete
        if athlete.archived_at is not None:
            # Archived after the job was queued: their plan stays as it was; restoring them
            # plans again.
            _not_applied(job, "The athlete is archived; not applied.")
            return None
        records, exercise_ids = catalogue_for_club(athlete.club)
        profile = athlete_profile(athlete, assignment.start_date, set(exercise_ids))
        template = engine_template(assignment.template)
        if assignment.template.club_id and not template.phases:
            # Every phase removed in the builder since it was assigned: the whole plan would
            # come from the shipped programme under this one's name. Said, not done.
            raise PlanInputError(
                f"its programme “{assignment.template.name}” has no phases now (they were "
                "removed in the builder); add them again, or assign another programme"
            )
        current = Plan.objects.select_for_update().filter(athlete=athlete).first()
        kept = _kept_sessions(current, profile.start_date, today) if current else []
        # A plan made again is made around what it keeps, on the days still to come.
        not_before = today if current else None
        built = engine.build_plan(profile, template, records, kept, not_before)
        document = engine.plan_to_document(built)
        plan = _write_plan(
            athlete,
            assignment,
            document,
            exercise_ids,
            today,
            profile.one_rep_max,
            current,
            notes=prescription_notes(template),
            job=job,
        )
        # The rules are checked on the plan as stored, not only on what the planner made:
        # sessions kept from before (past, logged, hand-edited) sit beside the new ones, and
        # days gone by are history either way (the plan's row is locked since _write_plan).
        plan.athlete = athlete
        _store_checked_warnings(plan, profile, records)
        PlanJob.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE, progress=100, reason="", finished_at=timezone.now()
        )
    return plan


def prescription_notes(template: engine.Template) -> Callable[[str, str, str], str]:
    """The note the programme gives an exercise it names in a session (a cue, how to run a
    hill sprint), by phase, session label and exercise: the athlete sees it beside the lift.
    A phase the programme leaves out takes the shipped programme's, notes and all."""
    found: dict[tuple[str, str], dict[str, str]] = {}

    def note(phase: str, label: str, exercise: str) -> str:
        if (phase, label) not in found:
            try:
                spec = phase_spec(template, phase)
            except KeyError:
                spec = None
            found[phase, label] = {
                p.exercise: p.notes
                for slot in (spec.sessions if spec else ())
                if slot.label == label
                for p in slot.prescriptions
                if p.exercise and p.notes
            }
        return found[phase, label].get(exercise, "")

    return note


def _write_plan(
    athlete: Athlete,
    assignment: Assignment,
    document: dict,
    exercise_ids: dict,
    today: date,
    one_rep_maxes: dict[str, float] | None,
    current: Plan | None,
    notes: Callable[[str, str, str], str] | None = None,
    job: PlanJob | None = None,
) -> Plan:
    """Write the engine's plan over the athlete's plan as it stands (`current`, its row
    locked by the caller), or as the first one; a plan of the same programme made again
    keeps what it did in `remade` (replan_summary), for the coach."""
    now = timezone.now()
    plan_fields = {
        "assignment": assignment,
        "start_date": date.fromisoformat(document["start_date"]),
        "race_date": _date_or_none(document["race_date"]),
        "units": document["units"],
        "phases": document["phases"],
        "warnings": document["warnings"],
        "generated_at": now,
    }
    plan = current
    # The same programme planned again (a new race date, running week...), not a new one.
    same_programme = plan is not None and plan.assignment_id == assignment.pk
    before = (plan.race_date, plan.phases) if same_programme else None
    if plan is None:
        plan = Plan.objects.create(athlete=athlete, generation=1, **plan_fields)
        had_sessions = False
    else:
        if same_programme:
            # The weeks already trained keep the phase they were trained in.
            this_monday = today - timedelta(days=today.weekday())
            plan_fields["phases"] = phases_keeping_the_past(
                plan.phases, document["phases"], this_monday
            )
        for name, value in plan_fields.items():
            setattr(plan, name, value)
        plan.generation = F("generation") + 1
        plan.save()
        had_sessions = True
    touched, done = _holds()
    # Sessions kept as they are hold their day; a coach's moves are placed again below.
    kept, moves, kept_moved = set(), [], False
    rows = (
        PlannedSession.objects.filter(plan=plan)
        .filter(touched | Q(date__lt=today) | Q(moved_from__isnull=False))
        .annotate(
            is_touched=ExpressionWrapper(touched, output_field=BooleanField()),
            is_done=ExpressionWrapper(done, output_field=BooleanField()),
        )
        .values_list(
            *("pk", "date", "time", "label", "moved_from", "is_touched", "is_done", "created_at")
        )
    )
    # Sessions kept for a coach's edits alone, still to come: what the coach did not change
    # in them follows the new plan (a new 1RM, say), matched to the session they stand in for.
    edited_ahead: set[int] = set()
    kept_for_edits: set[int] = set()  # every such session, standing in for one or not
    kept_ahead = {"logged": 0, "edited": 0}  # still to come, kept: the athlete's or the coach's
    for pk, day, at, label, moved_from, is_touched, is_done, created_at in rows:
        is_kept = is_touched or day < today
        if is_touched and day >= today:
            kept_ahead["logged" if is_done else "edited"] += 1
            if not is_done:
                kept_for_edits.add(pk)
        if is_kept:
            kept.add(day)
            kept_moved = kept_moved or moved_from is not None
        if not same_programme or day < plan.start_date:
            continue
        # Planned for this programme (not kept from an earlier one; unknown for sessions
        # older than that record), and there on its day or touched since. Such a session
        # stands in for its label's new session wherever that is now (and a moved one is
        # put back on the coach's day). Any other kept session was placed around by the
        # planner, which gave its day to the session it stands for: that one is left out
        # below, its day being kept.
        own = (
            created_at is not None
            and created_at >= assignment.created_at
            and (is_touched or timezone.localdate(created_at) <= day)
        )
        if moved_from is not None or (is_kept and own):
            # A kept session (done, missed or edited; moved or not) stands in for its week's
            # session of that label wherever that is planned now, so a week planned again
            # halfway (a new running week on a Tuesday) has each session once; a moved one
            # that is not kept is put back where the coach moved it.
            week = plan_week(plan.start_date, day)
            moves.append(Moved(week, label, moved_from or day, day, at, is_kept, pk))
            if is_touched and not is_done and day >= today:
                edited_ahead.add(pk)
    # Untouched future sessions have nothing hanging off them, so they go in plain DELETEs
    # instead of the ORM's row-by-row cascade collection. Their only possible history is
    # edits since undone (an undo hands the cell back to the planner) and sets ticked, then
    # unticked, which go with them.
    # Should any other dependent row exist after all, its foreign key stops the transaction.
    doomed = PlannedSession.objects.filter(plan=plan, date__gte=today).exclude(touched)
    LoadChange.objects.filter(planned_exercise__session__in=doomed).delete()
    # Rows left there hold nothing of the athlete's (unticked, as prescribed).
    SetLog.objects.filter(planned_exercise__session__in=doomed).delete()
    PlannedExercise.objects.filter(session__in=doomed)._raw_delete(PlannedExercise.objects.db)
    doomed._raw_delete(doomed.db)
    if kept_moved and not same_programme:
        # A new programme is planned afresh: sessions kept from the old one are no longer
        # moves of any session of it.
        PlannedSession.objects.filter(plan=plan).exclude(moved_from=None).update(moved_from=None)
    # Hand-edited sessions still to come but before a later start belong to the old plan:
    # they would sit outside the new plan's weeks, unseen in the grid. They go (with their
    # edit history); logged ones always stay.
    PlannedSession.objects.filter(
        plan=plan, date__gte=today, date__lt=plan.start_date, logged_at__isnull=True
    ).exclude(Exists(SetLog.objects.filter(planned_exercise__session=OuterRef("pk")))).delete()
    _renumber_kept(plan)
    places = moved_places(document["sessions"], moves, kept, today, plan.race_date)
    undone = moves_undone(document["sessions"], moves, places, kept, today)
    if undone != plan.moves_undone:  # said on the plan page until the plan is made again
        plan.moves_undone = undone
        Plan.objects.filter(pk=plan.pk).update(moves_undone=undone)
    stand_ins = {
        move.pk: document["sessions"][i]
        for i, move in standing_in(document["sessions"], moves).items()
        if move.kept and move.pk in edited_ahead
    }
    _follow_plan(stand_ins, exercise_ids, one_rep_maxes or {})
    _into_new_weeks(plan, kept_for_edits - stand_ins.keys(), document["sessions"])
    sessions, exercises = [], []
    # The coach's moves put back: to another day, or (on the planner's day) to another time.
    moved_days = moved_times = 0
    for data, place in zip(document["sessions"], places, strict=True):
        if place is None:
            continue  # a kept session of its week and label stands in for it
        day, at, moved_from = place
        # A kept session holds its day: one lift a day, so the new one for that day is left out.
        if day in kept or (had_sessions and day < today):
            continue
        if moved_from is not None and moved_from != day:
            moved_days += 1
        elif moved_from is not None and at != data["time"]:
            moved_times += 1
        session = PlannedSession(
            plan=plan,
            date=day,
            time=at,
            moved_from=moved_from,
            week=data["week"],
            phase=data["phase"],
            kind=data["kind"],
            label=data["label"],
            deload=bool(data.get("deload")),
        )
        sessions.append(session)
        exercises.append(
            [
                _planned_exercise(
                    e,
                    i,
                    exercise_ids,
                    note=notes(data["phase"], data["label"], e["exercise"]) if notes else "",
                )
                for i, e in enumerate(data["exercises"])
            ]
        )
    PlannedSession.objects.bulk_create(sessions)
    rows = []
    for session, planned in zip(sessions, exercises, strict=True):
        for row in planned:
            row.session = session
            rows.append(row)
    PlannedExercise.objects.bulk_create(rows, batch_size=2000)
    remade = {}
    if before is not None:
        remade = replan_summary(
            before,
            plan,
            fresh=len(sessions),
            moves_kept=moved_days,
            times_kept=moved_times,
            moves_undone=len(undone),
            job=job,
            **kept_ahead,
        )
    if remade != plan.remade:
        plan.remade = remade
        Plan.objects.filter(pk=plan.pk).update(remade=remade)
    if had_sessions:
        plan.refresh_from_db(fields=["generation"])
    return plan


def replan_summary(
    before: tuple[date | None, list[dict]],
    plan: Plan,
    *,
    fresh: int,
    logged: int,
    edited: int,
    moves_kept: int,
    moves_undone: int,
    job: PlanJob | None,
    times_kept: int = 0,
) -> dict:
    """What making a plan of the same programme again did, for the plan page: what asked
    for it (the job's changes), sessions still to come planned afresh, kept as the athlete
    logged them, kept for the coach's load edits, the coach's moves to another day kept and
    not kept, and their changes of time alone kept (on the planner's day); the race day
    before and after, when it changed, and each phase whose first day changed."""
    race_was, phases_was = before
    summary = {
        "job": job.pk if job else None,
        "changes": list(job.changes) if job else [],
        "fresh": fresh,
        "logged": logged,
        "edited": edited,
        "moves_kept": moves_kept,
        "moves_undone": moves_undone,
        "times_kept": times_kept,
    }
    if race_was != plan.race_date:
        summary["race"] = {
            "was": race_was.isoformat() if race_was else None,
            "now": plan.race_date.isoformat() if plan.race_date else None,
        }
    starts_was, starts_now = _phase_starts(phases_was), _phase_starts(plan.phases)
    summary["phases"] = [
        {"phase": phase, "was": starts_was.get(phase), "now": starts_now.get(phase)}
        for phase in [*starts_now, *(p for p in starts_was if p not in starts_now)]
        if starts_was.get(phase) != starts_now.get(phase)
    ]
    return summary


def _phase_starts(phases: list[dict]) -> dict[str, str]:
    """Each phase's first day (ISO), in the plan's order."""
    starts: dict[str, str] = {}
    for block in phases or []:
        starts.setdefault(block["phase"], block["start"])
    return starts


def _hold_parts() -> dict[str, Q]:
    """Each thing that keeps a session against a new plan, by name (see _holds).

    What the athlete or a coach put into a session keeps it: a log, a pain report, a
    hand edit. The session's own marks say so, and so do the rows themselves (a club file
    may carry a set log under a session not marked logged). A set row holds something of
    the athlete's when ticked or when its reps or load are not the prescription's (typed
    before the tick); one ticked and then unticked as it was prescribed says nothing was
    done: it does not hold the session against the new plan."""
    ticked = SetLog.objects.filter(planned_exercise__session=OuterRef("pk")).filter(
        Q(done=True)
        | _differs("reps", "planned_exercise__reps")
        | _differs("load", "planned_exercise__load")
    )
    return {
        "logged": Q(logged_at__isnull=False),
        "ticked": Q(Exists(ticked)),
        "pain": Q(Exists(PainFlag.objects.filter(planned_exercise__session=OuterRef("pk")))),
        "edited": Q(hand_edited=True)
        | Q(Exists(PlannedExercise.objects.filter(session=OuterRef("pk"), hand_edited=True))),
    }


def _holds() -> tuple[Q, Q]:
    """Which sessions a new plan keeps (touched), and which of them were done: the
    athlete's (a log, sets ticked, a pain report), kept whatever a coach undoes."""
    parts = _hold_parts()
    done = parts["logged"] | parts["ticked"] | parts["pain"]
    return done | parts["edited"], done


def kept_by(session_ids: list[int]) -> dict[int, set[str]]:
    """What keeps each of these sessions against a new plan, as _holds reads it: "logged",
    "ticked", "pain" (the athlete's, which stay whatever a coach undoes) and "edited" (a
    coach's load edits, gone once undone); none for a session nothing holds (one query,
    none for no session)."""
    if not session_ids:
        return {}
    parts = _hold_parts()
    rows = (
        PlannedSession.objects.filter(pk__in=session_ids)
        .annotate(
            **{
                f"held_{name}": ExpressionWrapper(part, output_field=BooleanField())
                for name, part in parts.items()
            }
        )
        .values_list("pk", *(f"held_{name}" for name in parts))
    )
    return {
        pk: {name for name, held in zip(parts, flags, strict=True) if held} for pk, *flags in rows
    }


def _kept_sessions(plan: Plan, start: date, today: date) -> list[engine.KeptSession]:
    """The sessions a plan made again keeps (done, edited or gone by), for the planner to
    place the new ones around. Each on or after the plan's start stands for its week's
    session of that label and kind, even one kept from an earlier programme or put in after
    its day: a plan made again with nothing changed is the same plan, and a week keeps its
    number of sessions."""
    touched, _ = _holds()
    rows = (
        PlannedSession.objects.filter(plan=plan)
        .filter(touched | Q(date__lt=today))
        .annotate(
            heavy=Exists(
                PlannedExercise.objects.filter(
                    session=OuterRef("pk"),
                    category="max_strength",
                    percent_1rm__gte=HEAVY_PERCENT,  # as the planner's session_facts
                )
            ),
            plyometric=Exists(
                PlannedExercise.objects.filter(session=OuterRef("pk"), category="plyometric")
            ),
        )
        .values_list("date", "time", "kind", "label", "heavy", "plyometric")
    )
    return [
        engine.KeptSession(
            date=day,
            time=at,
            kind=kind,
            heavy=kind == "lifting" and heavy,
            plyometric=kind == "plyometric" or plyometric,
            label=label if day >= start else None,
        )
        for day, at, kind, label, heavy, plyometric in rows
    ]


def _differs(logged: str, planned: str) -> Q:
    """A logged value that is there and is not the planned one (none planned included)."""
    there = Q(**{f"{logged}__isnull": False})
    other = (
        Q(**{f"{planned}__isnull": True})
        | Q(**{f"{logged}__lt": F(planned)})
        | Q(**{f"{logged}__gt": F(planned)})
    )
    return there & other


def too_close_to_race(day: date, race: date | None) -> bool:
    """Whether `day` falls in the 72 h before the race or on race day: no lifting (W4)."""
    return race is not None and race_clear_from(race) <= day <= race


def race_clear_from(race: date) -> date:
    """The first day kept clear of lifting before the race (W4): the 72 h before it are the
    three whole days before race day, Thursday to Saturday for a Sunday race."""
    return race - timedelta(days=RACE_CLEAR_DAYS - 1)


def race_clear_days(race: date) -> str:
    """The days with no lifting before the race (W4), named as they fall for its weekday:
    "from Thu 4 Mar to race day, Sun 7 Mar"."""
    return f"from {race_clear_from(race):%a %-d %b} to race day, {race:%a %-d %b}"


@dataclass(frozen=True)
class Moved:
    """A session of the plan as it was that the new one must respect: one kept as it is
    (logged, edited or past) or one a coach moved; its week and label, the day the planner
    had put it on, where it is now, and whether it is kept."""

    week: int
    label: str
    planned: date
    day: date
    time: str
    kept: bool
    pk: int | None = None


def standing_in(sessions: list[dict], moves: list[Moved]) -> dict[int, Moved]:
    """Each old session matched to its new one (by index): same week and label, on the day
    a kept one is on (where the planner kept it), else planned on the same day, else the
    first."""
    days = [date.fromisoformat(data["date"]) for data in sessions]
    claimed: dict[int, Moved] = {}
    for move in sorted(moves, key=lambda m: (not m.kept, m.planned)):
        same = [
            i
            for i, data in enumerate(sessions)
            if (data["week"], data["label"]) == (move.week, move.label) and i not in claimed
        ]
        spots = (move.day, move.planned) if move.kept else (move.planned,)
        exact = [i for spot in spots for i in same if days[i] == spot]
        if exact or same:
            claimed[(exact or same)[0]] = move
    return claimed


def moved_places(
    sessions: list[dict], moves: list[Moved], kept: set[date], today: date, race: date | None
) -> list[tuple[date, str, date | None] | None]:
    """Where each of the new plan's sessions goes, as (day, time, the day it was planned for
    when moved): each old session is matched to its new one (standing_in); a kept one stands
    in for it (None), a moved untouched one puts it on the coach's day and time where that
    still holds: to come, clear of the race (W4) and not after it, not a day another
    session keeps or is planned on."""
    days = [date.fromisoformat(data["date"]) for data in sessions]
    claimed = standing_in(sessions, moves)
    # A pin on the day the planner had put the session on (the coach moved it back, or only
    # changed its time) holds that time while the planner keeps that day; once the planner
    # picks another day (a new running week) or the same time, the session follows it.
    moving = {
        i: m
        for i, m in claimed.items()
        if not m.kept
        and (m.day != m.planned or (days[i] == m.day and sessions[i]["time"] != m.time))
    }
    while True:  # a pin that does not hold leaves its session on its day: check again
        # Days held whatever the pins do: kept sessions, and new ones staying on their day
        # (those a kept session stands in for are left out).
        staying = set(kept)
        for i, day in enumerate(days):
            move = claimed.get(i)
            if move is None or (not move.kept and i not in moving):
                staying.add(day)
        used: set[date] = set()
        failed = None
        for i, move in sorted(moving.items(), key=lambda item: item[1].day):
            elsewhere = move.day != days[i]
            if move.day in used or (
                elsewhere
                and (
                    move.day < today
                    or too_close_to_race(move.day, race)
                    or (race is not None and move.day > race)  # the plan ends at the race
                    or move.day in staying
                )
            ):
                failed = i
                break
            used.add(move.day)
        if failed is None:
            break
        del moving[failed]
    places = []
    for i, data in enumerate(sessions):
        move = claimed.get(i)
        if move is not None and move.kept:
            places.append(None)
        elif i in moving:
            places.append((move.day, move.time, days[i]))
        else:
            places.append((days[i], data["time"], None))
    return places


def moves_undone(
    sessions: list[dict],
    moves: list[Moved],
    places: list[tuple[date, str, date | None] | None],
    kept: set[date],
    today: date,
) -> list[dict]:
    """The coach's moves to another day that the new plan does not keep (moved_places): each
    session's label and week, the day it was moved to, and the day it is on now (None when
    the new plan has no such session that week, or leaves it out: its day is held by a kept
    session, or has gone by)."""
    where = {move: i for i, move in standing_in(sessions, moves).items()}
    undone = []
    for move in sorted(moves, key=lambda m: (m.day, m.label)):
        if move.kept or move.day == move.planned:
            continue  # kept as it is, or only its time was changed on the planner's day
        i = where.get(move)
        place = places[i] if i is not None else None
        if place is not None and place[:2] == (move.day, move.time):
            continue
        now = place[0] if place and place[0] not in kept and place[0] >= today else None
        undone.append(
            {
                "label": move.label,
                "week": move.week,
                "to": move.day.isoformat(),
                "now": now.isoformat() if now else None,
            }
        )
    return undone


def phases_keeping_the_past(old: list[dict], new: list[dict], cut: date) -> list[dict]:
    """The old plan's phases before `cut`, the new plan's from `cut` on; a phase the new
    plan runs across `cut` is one block again with the same phase just before it. Blocks
    the planner laid out one after another (a long off-season's) stay apart, each with
    its own climb of loads (L4)."""
    cut_iso, eve = cut.isoformat(), (cut - timedelta(days=1)).isoformat()
    past = [{**b, "end": min(b["end"], eve)} for b in old or [] if b["start"] < cut_iso]
    ahead = [{**b, "start": max(b["start"], cut_iso)} for b in new if b["end"] >= cut_iso]
    if not past:
        return new
    across = next((b for b in new if b["start"] < cut_iso <= b["end"]), None)
    if across is None or past[-1]["end"] != eve:
        return [*past, *ahead]
    last = past[-1]
    same = {k: v for k, v in last.items() if k not in ("start", "end")} == {
        k: v for k, v in across.items() if k not in ("start", "end")
    }
    if not same:
        return [*past, *ahead]
    return [*past[:-1], {**last, "end": across["end"]}, *ahead[1:]]


def _renumber_kept(plan: Plan) -> None:
    """Kept sessions take their week in the plan as now started: a plan re-made from another
    start date would otherwise file an old logged session under one of its new weeks."""
    moved = []
    for session in PlannedSession.objects.filter(plan=plan).only("id", "date", "week"):
        week = plan_week(plan.start_date, session.date)
        if session.week != week:
            session.week = week
            moved.append(session)
    PlannedSession.objects.bulk_update(moved, ["week"], batch_size=BULK_ROWS)


# Rows written per UPDATE when many change at once: each row of a bulk update sends two values
# a field, and PostgreSQL takes at most 65,535 in one statement once values travel apart
# from the SQL (DB_PREPARED_STATEMENTS); a plan up to the race two years away stays far below.
BULK_ROWS = 1000
PLANNER_FIELDS = ("sets", "reps", "seconds", "metres", "percent_1rm", "load", "unit", "rir")
PLANNER_FIELDS += ("rest_s",)


def _follow_plan(
    new_sessions: dict[int, dict], exercise_ids: dict, one_rep_maxes: dict[str, float]
) -> None:
    """Bring sessions kept for a coach's edits (by pk, with the new session each stands in
    for) up to the new plan, lift by lift, but for what the coach changed: a cell nobody
    edited takes the new prescription; an edited one keeps the fields edited (a load the
    coach set keeps its weight, its % worked out again from the 1RM of now) and takes the
    rest. A lift the new session does not hold stays as it was."""
    if not new_sessions:
        return
    # Locked before the edit history is read: a coach's edit landing meanwhile waits, then
    # finds its version gone (409) instead of being written over.
    rows = list(
        PlannedExercise.objects.select_for_update(of=("self",))
        .filter(session_id__in=new_sessions)
        .select_related("exercise")
        .order_by("session_id", "order", "pk")
    )
    # The coach's edits still standing, oldest first, by cell and field.
    history: dict[tuple[int, str], list[LoadChange]] = {}
    coach: dict[int, set[str]] = {}
    for record in LoadChange.objects.filter(
        planned_exercise__session_id__in=new_sessions, undone=False
    ).order_by("at", "pk"):
        history.setdefault((record.planned_exercise_id, record.field), []).append(record)
        coach.setdefault(record.planned_exercise_id, set()).add(record.field)
    rewritten: list[LoadChange] = []
    used: set[tuple[int, int]] = set()
    changed = []
    coach_sets: set[int] = set()  # sessions whose sets a coach set (a deload of theirs, say)
    for row in rows:
        # An edit with no history on record (made before it was kept, say) keeps it all.
        kept = coach.get(row.pk, set(EDITABLE)) if row.hand_edited else set()
        if "sets" in kept:
            coach_sets.add(row.session_id)
        entries = new_sessions[row.session_id]["exercises"]
        match = next(
            (
                (i, e)
                for i, e in enumerate(entries)
                if exercise_ids.get(e["exercise"]) == row.exercise_id
                and (row.session_id, i) not in used
            ),
            None,
        )
        if match is None:
            continue
        used.add((row.session_id, match[0]))
        new = _planned_exercise(match[1], row.order, exercise_ids)
        values = {name: getattr(new, name) for name in PLANNER_FIELDS if name not in kept}
        if {"load", "percent_1rm"} & kept:
            values.pop("load", None)
            one_rm = one_rep_maxes.get(row.exercise.slug)
            if row.load is not None and one_rm:
                percent = (row.load / Decimal(str(one_rm)) * 100).quantize(
                    Decimal("0.1"), ROUND_HALF_UP
                )
                values["percent_1rm"] = percent if percent <= MAX_PERCENT else None
            else:
                values.pop("percent_1rm", None)
        values = {name: v for name, v in values.items() if getattr(row, name) != v}
        # Undoing the coach's edits now hands the cell back to this plan: their first edit
        # of each field started from the new plan's value; and a % worked out again is
        # where their last edit of it now ends (undo checks each value is still that).
        if "percent_1rm" in values and "percent_1rm" in kept:
            # Every step back goes to its load's % of the 1RM of now, not the one before.
            _percents_of_now(
                history.get((row.pk, "percent_1rm"), []),
                history.get((row.pk, "load"), []),
                row.load,
                Decimal(str(one_rm)),
            )
            rewritten += history.get((row.pk, "percent_1rm"), [])
        for name in kept & set(PLANNER_FIELDS):
            records = history.get((row.pk, name), [])
            if records:
                records[0].old_value = history_text(getattr(new, name))
                if name == "percent_1rm" and name in values:
                    records[-1].new_value = history_text(values[name])
                rewritten += {id(r): r for r in (records[0], records[-1])}.values()
        if values:
            for name, value in values.items():
                setattr(row, name, value)
            row.version += 1
            changed.append(row)
    PlannedExercise.objects.bulk_update(changed, [*PLANNER_FIELDS, "version"], batch_size=BULK_ROWS)
    rewritten = list({record.pk: record for record in rewritten}.values())
    LoadChange.objects.bulk_update(rewritten, ["old_value", "new_value"], batch_size=BULK_ROWS)
    marks = {pk: (data["phase"], bool(data.get("deload"))) for pk, data in new_sessions.items()}
    _week_marks(marks, coach_sets)


def _week_marks(marks: dict[int, tuple[str, bool]], coach_sets: set[int]) -> None:
    """Kept sessions (by pk) take the phase and deload mark of the new plan's week, but a
    session whose sets a coach set (a deload of theirs, say) keeps its deload mark."""
    changed = []
    for session in PlannedSession.objects.filter(pk__in=marks).only("phase", "deload"):
        phase, deload = marks[session.pk]
        deload = session.deload if session.pk in coach_sets else deload
        if (session.phase, session.deload) != (phase, deload):
            session.phase, session.deload = phase, deload
            changed.append(session)
    PlannedSession.objects.bulk_update(changed, ["phase", "deload"], batch_size=BULK_ROWS)


def _into_new_weeks(plan: Plan, session_ids: set[int], new_sessions: list[dict]) -> None:
    """Sessions kept for a coach's edits that stand in for no session of the new plan (it
    is a new programme's, or its week has no session of that label now) keep their lifts as
    the coach left them, but take the phase the new plan gives their day, and their week's
    deload mark unless a coach set their sets: the grid heads the week as the rest of it
    is, and the rules check the lifts against the phase they are now in (P1-P8)."""
    if not session_ids:
        return
    deload_weeks = {data["week"] for data in new_sessions if data.get("deload")}
    # A coach's sets stand, with the mark that goes with them; so does an edit with no
    # history on record (as in _follow_plan).
    coach_sets = set(
        LoadChange.objects.filter(
            planned_exercise__session_id__in=session_ids, field="sets", undone=False
        ).values_list("planned_exercise__session_id", flat=True)
    )
    coach_sets |= set(
        PlannedExercise.objects.filter(session_id__in=session_ids, hand_edited=True)
        .exclude(Exists(LoadChange.objects.filter(planned_exercise=OuterRef("pk"), undone=False)))
        .values_list("session_id", flat=True)
    )
    marks = {
        pk: (phase_on(plan.phases, day) or phase, week in deload_weeks)
        for pk, day, week, phase in PlannedSession.objects.filter(pk__in=session_ids).values_list(
            "pk", "date", "week", "phase"
        )
    }
    _week_marks(marks, coach_sets)


def _percents_of_now(
    records: list[LoadChange], load_records: list[LoadChange], load_now, one_rm: Decimal
) -> None:
    """A cell's % 1RM edits (oldest first) as % of a new 1RM: each of the load it went with,
    the load changed in the same action, else the load the cell had then."""
    by_batch = {r.batch: r for r in load_records}

    def percent(text: str) -> str:
        try:
            value = (Decimal(text) / one_rm * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        except ArithmeticError:
            return ""
        return history_text(value if value <= MAX_PERCENT else None)

    for record in records:
        sibling = by_batch.get(record.batch)
        if sibling is not None:
            before, after = sibling.old_value, sibling.new_value
        else:
            later = [r for r in load_records if (r.at, r.pk) > (record.at, record.pk)]
            before = after = later[0].old_value if later else history_text(load_now)
        record.old_value, record.new_value = percent(before), percent(after)


def _planned_exercise(
    data: dict, order: int, exercise_ids: dict, note: str = ""
) -> PlannedExercise:
    return PlannedExercise(
        order=order,
        note=note,
        exercise_id=exercise_ids[data["exercise"]],
        category=data["category"],
        unilateral=data["unilateral"],
        sets=data["sets"],
        reps=data["reps"],
        seconds=data["seconds"],
        metres=data["metres"],
        percent_1rm=_decimal(data["percent_1rm"]),
        load=_decimal(data["load"]),
        unit=data["unit"],
        rir=data["rir"],
        rest_s=data["rest_s"],
    )


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def plan_sessions(plan: Plan):
    exercises = logbook.exercises_with_ticks()
    return plan.sessions.prefetch_related(Prefetch("exercises", queryset=exercises))


SESSION_FIELDS = ("id", "date", "time", "week", "phase", "kind", "label", "deload")
EXERCISE_FIELDS = (
    "category",
    "unilateral",
    "sets",
    "reps",
    "seconds",
    "metres",
    "percent_1rm",
    "load",
    "unit",
    "rir",
    "rest_s",
)


def plan_document(plan: Plan, *, as_done: bool = False, logged: set | None = None) -> dict:
    """The stored plan as the docs/plan-format.md document (two queries, no model instances): its
    own sessions, from its start date; those kept from an earlier plan are history.

    `as_done`: as the athlete is to do it, without the lifts a pain report holds out of
    their sessions (DOMAIN L9), as their week, the calendar and the PDFs show it (a query
    more, two when there is a report).

    `logged`: a set to fill with the (date, time, label) of the sessions logged, for the
    rule check (the document itself does not say)."""
    flags = logbook.pain_flags(plan.athlete) if as_done else []
    return plan_documents(
        [plan], flags=flags, logged=None if logged is None else {plan.pk: logged}
    )[plan.pk]


def plan_documents(
    plans: list[Plan], *, flags: list | None = None, logged: dict[int, set] | None = None
) -> dict[int, dict]:
    """plan_document of each plan (with its athlete read along), by plan id, in the same two
    queries however many plans there are; `flags` (the one athlete's pain flags, for
    `as_done`) and `logged` (a set for each plan) as there."""
    exercises: dict[int, list] = {}
    flags = flags or []
    own, own_exercises = Q(), Q()
    for plan in plans:
        own |= Q(plan=plan, date__gte=plan.start_date)
        own_exercises |= Q(session__plan=plan, session__date__gte=plan.start_date)
    done = Exists(SetLog.objects.filter(planned_exercise=OuterRef("pk"), done=True))
    held = ("exercise_id", "session__date", "session__logged_at", "ticked") if flags else ()
    rows = (
        PlannedExercise.objects.filter(own_exercises)
        .annotate(**({"ticked": done} if flags else {}))
        .order_by("session_id", "order", "id")
        .values_list("session_id", "exercise__slug", *EXERCISE_FIELDS, *held)
    )
    for session_id, slug, *values in rows:
        if flags:
            values, (exercise_id, day, logged_at, done) = values[:-4], values[-4:]
            if logbook.withheld_by(flags, exercise_id, day, logged_at=logged_at, done=done):
                continue
        item = {"exercise": slug, **dict(zip(EXERCISE_FIELDS, values, strict=True))}
        item["percent_1rm"] = _number(item["percent_1rm"])
        item["load"] = _number(item["load"])
        exercises.setdefault(session_id, []).append(item)
    sessions: dict[int, list] = {plan.pk: [] for plan in plans}
    fields = (*SESSION_FIELDS, "plan_id", *(("logged_at",) if logged is not None else ()))
    for row in PlannedSession.objects.filter(own).order_by("date", "time", "id").values(*fields):
        if logged is not None and row["logged_at"] is not None:
            logged[row["plan_id"]].add((row["date"], row["time"], row["label"]))
        data = {
            "date": row["date"].isoformat(),
            "time": row["time"],
            "week": row["week"],
            "phase": row["phase"],
            "kind": row["kind"],
            "label": row["label"],
        }
        if row["deload"]:
            data["deload"] = True
        data["exercises"] = exercises.get(row["id"], [])
        sessions[row["plan_id"]].append(data)
    return {
        plan.pk: {
            "format": "runstrength.plan/1",
            "athlete": {
                "name": plan.athlete.name,
                "experience": plan.athlete.experience,
                "event": plan.athlete.event,
            },
            "start_date": plan.start_date.isoformat(),
            "race_date": plan.race_date.isoformat() if plan.race_date else None,
            "units": plan.units,
            "phases": plan.phases,
            "sessions": sessions[plan.pk],
            "warnings": plan.warnings,
        }
        for plan in plans
    }


def plan_recheck(
    plan: Plan,
    one_rep_maxes: dict[str, Decimal] | None = None,
    records: list[engine.ExerciseRecord] | None = None,
) -> list[dict]:
    """Re-run the rule checker on the stored plan (after a coach's edits) and save it.

    The catalogue goes along so that rules about movement pattern, plane and body-weight
    loads (S8, L6) are checked on edited plans too; a caller checking several plans of one
    club passes it (`records`) read once.
    """
    athlete = plan.athlete
    if records is None:
        records, _ = catalogue_for_club(athlete.club)
    try:
        profile = engine.parse_profile(
            athlete_profile_data(athlete, plan.start_date, one_rep_maxes)
        )
    except engine.ProfileError:
        # The athlete no longer fits this plan (say, a race moved beyond the planner's reach
        # of its start): the edit stands, the warnings stay as they were, and the re-plan job
        # the profile change queued tells the coach why it cannot plan.
        log.warning("plan %s: rules not re-checked, the profile no longer parses", plan.pk)
        return plan.warnings
    with transaction.atomic():
        # One check at a time per plan, each reading every edit committed before it: two
        # coaches' edits landing together can never leave the older warnings in place.
        list(Plan.objects.select_for_update().filter(pk=plan.pk).values_list("pk"))
        return _store_checked_warnings(plan, profile, records)


def _store_checked_warnings(plan: Plan, profile: engine.Profile, records) -> list[dict]:
    """The rules checked on the plan as stored; the caller holds the plan's row lock.

    A session already gone or logged keeps what it asked for as a record: after a kg/lb
    switch that load is exact to 0.1, off the plate step (schedules/units.py), and saying so
    would only bury the warnings a coach can act on.
    """
    logged: set = set()
    warnings = _checked_warnings(plan_document(plan, logged=logged), logged, profile, records)
    Plan.objects.filter(pk=plan.pk).update(warnings=warnings)
    plan.warnings = warnings
    return warnings


def _checked_warnings(document: dict, logged: set, profile: engine.Profile, records) -> list:
    edited = engine.document_to_plan(document, records)
    checked = engine.check_plan(
        edited, profile, records_before=timezone.localdate(), recorded=logged
    )
    return [{"rule": w.rule, "date": _iso(w.date), "message": w.message} for w in checked]


def plans_recheck(
    plans: list[Plan],
    one_rep_maxes: dict[int, dict[str, Decimal]],
    records: list[engine.ExerciseRecord],
) -> None:
    """plan_recheck of several plans of one club (a squad's week changed at once), with their
    athletes read along and each athlete's 1RMs (`one_rep_maxes`, by athlete id), in the same
    few queries however many plans there are."""
    profiles = {}
    for plan in plans:
        data = athlete_profile_data(
            plan.athlete, plan.start_date, one_rep_maxes.get(plan.athlete_id, {})
        )
        try:
            profiles[plan.pk] = engine.parse_profile(data)
        except engine.ProfileError:
            # As plan_recheck: the edit stands, the warnings stay as they were.
            log.warning("plan %s: rules not re-checked, the profile no longer parses", plan.pk)
    plans = [plan for plan in plans if plan.pk in profiles]
    if not plans:
        return
    with transaction.atomic():
        # The plans' locks in id order, so two such checks wait for each other.
        ids = [plan.pk for plan in plans]
        list(Plan.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
        logged: dict[int, set] = {plan.pk: set() for plan in plans}
        documents = plan_documents(plans, logged=logged)
        for plan in plans:
            plan.warnings = _checked_warnings(
                documents[plan.pk], logged[plan.pk], profiles[plan.pk], records
            )
        field = Plan._meta.get_field("warnings")
        cases = [When(pk=plan.pk, then=Value(plan.warnings, output_field=field)) for plan in plans]
        Plan.objects.filter(pk__in=ids).update(warnings=Case(*cases, output_field=field))


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def replan_assignment(*, athlete_id: int) -> Assignment:
    """The programme a stored athlete would be re-planned from (PlanInputError if none)."""
    athlete = Athlete.objects.filter(pk=athlete_id).first()
    if athlete is None:
        raise PlanInputError(f"there is no athlete with id {athlete_id}")
    assignment = Assignment.objects.filter(athlete=athlete, active=True).first()
    if assignment is None:
        raise PlanInputError(f"{athlete.name} has no programme assigned; assign one first")
    assignment.athlete = athlete
    return assignment


def plan_generate_for_athlete(*, athlete_id: int) -> Plan:
    """Re-make a stored athlete's plan now from their own record, in this process (the
    `plan --save` command)."""
    assignment = replan_assignment(athlete_id=athlete_id)
    athlete = assignment.athlete
    job = PlanJob.objects.create(assignment=assignment, athlete=athlete)
    job_claim(job.pk, max_attempts=1)
    try:
        plan = plan_generate(job_id=job.pk)
    except PlanInputError as exc:
        job_fail(job.pk, str(exc))
        raise
    return plan
