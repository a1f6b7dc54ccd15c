"""The training log: what the athlete did, and the flags it raises for the coach.

Set ticks are last-write-wins per set, but a save made from a stale page never
overwrites a different value silently: it is refused as a conflict and the page
shows both. Logging anything marks the session as logged, which keeps it when the
plan is regenerated.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from athletes.access import AthleteArchived, Unarchived, archived_meanwhile, hold_unarchived
from athletes.models import Athlete, Club, Experience
from config.text import name_order
from programs import engine
from programs.models import PHASES
from schedules.models import PainFlag, PlannedExercise, PlannedSession, RuleOverride, SetLog
from schedules.rule_text import settled_days

PHASE_NAMES = dict(PHASES)
SORENESS_HIGH = 7  # DOMAIN L8: one report at 7/10 or more
RECENT = timedelta(days=28)
NOTES_SHOWN = timedelta(days=7)  # athletes' session notes on the dashboard: the last week's
WARNING_HORIZON = timedelta(weeks=2)  # rule warnings of this week and the next
_ORDER = {rule: i for i, rule in enumerate(engine.RULES)}
# Next week by its date: rule messages say "this week" of the week they are about.
WEEK_WORDS = {
    frozenset({"this"}): "this week",
    frozenset({"next"}): "week of {next:%-d %b}",
    frozenset({"this", "next"}): "this week and the week of {next:%-d %b}",
}


def log_opens(day: date, today: date, logged_at: datetime | None = None) -> date | None:
    """The first day a session on `day` can be logged, while that is still to come: the
    sessions of this week and the next can be (one lifted early in a busy week); a tick
    further ahead is a mis-tap that would freeze the session against re-planning. One
    logged all the same (before this rule, or from a club file) stays open, to be undone."""
    opens = day - timedelta(days=day.weekday() + 7)
    return opens if opens > today and logged_at is None else None


def too_early_text(day: date, today: date, logged_at: datetime | None = None) -> str | None:
    """Why a session cannot be logged yet, or None when it can."""
    opens = log_opens(day, today, logged_at)
    if opens is None:
        return None
    return (
        f"Not saved: this session is on {day:%A %-d %b}. You can log it from "
        f"{opens:%A %-d %b}, the week before."
    )


class LogConflict(Exception):
    """The row changed since the page was loaded; `current` is what is saved now."""

    def __init__(self, current):
        super().__init__("changed elsewhere")
        self.current = current


def _mark_logged(session: PlannedSession) -> None:
    # Always asked of the database, never of the row as this request read it: an untick
    # on another screen may have just taken the mark away (see _recount_logged).
    PlannedSession.objects.filter(pk=session.pk, logged_at__isnull=True).update(
        logged_at=timezone.now()
    )


def _session_has_content() -> Q:
    """What makes a session count as done: a set ticked, an effort, soreness or note
    reported, or pain flagged. A set ticked and then unticked again is not."""
    in_session = {"planned_exercise__session": OuterRef("pk")}
    return (
        Q(Exists(SetLog.objects.filter(**in_session, done=True)))
        | Q(rpe__isnull=False)
        | Q(soreness__isnull=False)
        | ~Q(athlete_note="")
        | Q(Exists(PainFlag.objects.filter(**in_session)))
    )


def has_content(session: PlannedSession) -> bool:
    """Whether the athlete has logged anything of the session (see _session_has_content)."""
    return (
        session.logged_at is not None
        or PlannedSession.objects.filter(pk=session.pk).filter(_session_has_content()).exists()
    )


def _recount_logged(session_id: int) -> None:
    """After something was taken back: the session stays logged only while it holds content."""
    PlannedSession.objects.filter(pk=session_id, logged_at__isnull=False).exclude(
        _session_has_content()
    ).update(logged_at=None)


def set_stamp(log: SetLog | None) -> str:
    """What the page saw of a set: empty before the first save."""
    return log.updated_at.isoformat() if log else ""


def _parse_stamp(seen: str) -> datetime | None:
    """The stamp a page sent back, as a UTC time; None for anything a save never issued."""
    try:
        stamp = datetime.fromisoformat(seen) if seen else None
        return stamp.astimezone(UTC) if stamp and stamp.tzinfo else None
    except (ValueError, OverflowError):
        return None


def set_log_save(
    *,
    planned_exercise: PlannedExercise,
    set_number: int,
    done: bool,
    reps: int | None,
    load: Decimal | None,
    seen: str,
    athlete: Athlete | None = None,
    earlier: Sequence[tuple[bool, int | None, Decimal | None]] = (),
) -> SetLog:
    """Save one set; the same save twice is harmless, a save over a newer value conflicts.

    `earlier`: sets (done, reps, load) this screen sent before and had no answer to (given up
    on, no signal): a set saved as one of them is its own save, arrived after all, so this
    one goes over it instead of being refused as another screen's.

    The common case, a change to the set the page last saw, is one conditional UPDATE.
    With `athlete`, only while they are not archived (AthleteArchived): the check and the
    write are one statement, or one transaction, that an archive waits for (Unarchived).
    A set not done, as prescribed, keeps nothing typed: the row then says nothing of the
    athlete's, whatever the prescription becomes (a re-plan, a unit switch).
    """
    prescribed = (planned_exercise.reps, planned_exercise.load)
    if not done and (reps, load) == prescribed:
        reps = load = None
    values = {"done": done, "reps": reps, "load": load}
    mine = [
        (d, *((None, None) if not d and (r, x) == prescribed else (r, x))) for d, r, x in earlier
    ]
    rows = SetLog.objects.filter(planned_exercise=planned_exercise, set_number=set_number)
    stamp, now = _parse_stamp(seen), timezone.now()
    unarchived = Unarchived(athlete.pk) if athlete is not None else Q()
    if stamp is not None and rows.filter(unarchived, updated_at=stamp).update(
        **values, updated_at=now
    ):
        _after_set_saved(planned_exercise.session, done)
        return SetLog(
            planned_exercise=planned_exercise, set_number=set_number, updated_at=now, **values
        )
    with transaction.atomic():
        if athlete is not None:
            hold_unarchived(athlete)
        log = rows.select_for_update().first()
        saved = None if log is None else (log.done, log.reps, log.load)
        if saved is not None and saved != (done, reps, load):
            if saved not in mine:
                raise LogConflict(log)  # the fast path above would have matched its stamp
            rows.filter(pk=log.pk).update(**values, updated_at=now)
            log.done, log.reps, log.load, log.updated_at = done, reps, load, now
        if log is None:
            # A first tick racing another first tick of the same set lands on one row.
            log, _ = SetLog.objects.update_or_create(
                planned_exercise=planned_exercise, set_number=set_number, defaults=values
            )
        _after_set_saved(planned_exercise.session, done)
    return log


def _after_set_saved(session: PlannedSession, done: bool) -> None:
    if done:
        _mark_logged(session)
    elif session.logged_at is not None:
        _recount_logged(session.pk)


def session_log_save(
    *,
    session: PlannedSession,
    version: int,
    rpe: int | None,
    soreness: int | None,
    note: str,
    athlete: Athlete | None = None,
    earlier: Sequence[tuple[int | None, int | None, str]] = (),
) -> PlannedSession:
    """Save session RPE, next-day soreness and the athlete's note (versioned); with
    `athlete`, only while they are not archived (as set_log_save). The same save twice is
    harmless, a save over a newer value conflicts.

    `earlier`: logs (rpe, soreness, note) this screen sent before and had no answer to, as
    for a set: a log saved as one of them is this screen's own, arrived after all, so this
    one goes over it instead of being refused as another screen's.

    Anything reported marks the session logged; clearing all three leaves it logged only
    while a ticked set or a pain report still says it was done."""
    reported = rpe is not None or soreness is not None or bool(note)
    # A new or changed soreness is a new report (the row is as `session` shows it when the
    # version matches, so comparing with it is safe).
    soreness_at = session.soreness_at
    if soreness != session.soreness:
        soreness_at = None if soreness is None else timezone.now()
    unarchived = Unarchived(athlete.pk) if athlete is not None else Q()
    updated = PlannedSession.objects.filter(unarchived, pk=session.pk, version=version).update(
        rpe=rpe,
        soreness=soreness,
        soreness_at=soreness_at,
        athlete_note=note,
        logged_at=Coalesce(F("logged_at"), timezone.now()) if reported else F("logged_at"),
        version=F("version") + 1,
    )
    if not updated:
        if athlete is not None and archived_meanwhile(athlete):
            raise AthleteArchived(athlete)
        current = PlannedSession.objects.get(pk=session.pk)
        saved = (current.rpe, current.soreness, current.athlete_note)
        if saved != (rpe, soreness, note):
            if saved not in earlier:
                raise LogConflict(current)
            # This screen's own earlier save, whose answer was lost: saved over, from the
            # version that save made.
            current = session_log_save(
                session=current,
                version=current.version,
                rpe=rpe,
                soreness=soreness,
                note=note,
                athlete=athlete,
            )
        # The same save twice is harmless, as for a set: a save sent again because its answer
        # was lost on a weak signal (it had arrived) is not another screen's change.
        session.soreness_at, session.version = current.soreness_at, current.version
        session.rpe, session.soreness, session.athlete_note = rpe, soreness, note
        return session
    if not reported:
        _recount_logged(session.pk)
    session.rpe, session.soreness, session.athlete_note = rpe, soreness, note
    session.soreness_at = soreness_at
    session.version = version + 1
    return session


class SorenessChanged(Exception):
    """The soreness report a coach marked seen is no longer the athlete's latest as shown."""


def latest_soreness_reports(athlete: Athlete, today: date | None = None) -> list[PlannedSession]:
    """The athlete's last two soreness reports of the last four weeks, latest first, as the
    dashboard reads them: in the order they were made, so one filed late for an earlier
    session is the latest; reports from before that was recorded come first, by day."""
    today = today or timezone.localdate()
    return list(
        PlannedSession.objects.filter(
            plan__athlete=athlete, soreness__isnull=False, date__gte=today - RECENT
        ).order_by(F("soreness_at").desc(nulls_last=True), "-date", "-time", "-id")[:2]
    )


def _reported_after(session: PlannedSession) -> Exists:
    """A soreness report of the same plan made later than this session's, in the order of
    latest_soreness_reports."""
    later_day = (
        Q(date__gt=session.date)
        | Q(date=session.date, time__gt=session.time)
        | Q(date=session.date, time=session.time, pk__gt=session.pk)
    )
    if session.soreness_at is None:
        later = Q(soreness_at__isnull=False) | (Q(soreness_at__isnull=True) & later_day)
    else:
        later = Q(soreness_at__gt=session.soreness_at) | (
            Q(soreness_at=session.soreness_at) & later_day
        )
    reports = PlannedSession.objects.filter(plan_id=session.plan_id, soreness__isnull=False)
    return Exists(reports.filter(later))


def soreness_seen(
    *, athlete: Athlete, session_id: int, value: int, before: int | None, user
) -> PlannedSession:
    """Record that the coach has looked at the athlete's soreness flag (DOMAIN L8): the latest
    report (`value` on session `session_id`) and, for a flag of two reports in a row, the
    one before it (`before`).

    Only the reports the coach was shown are marked: SorenessChanged, and nothing marked,
    when the athlete has reported again or changed one of them since. The sessions'
    versions stay as they are, so an athlete saving them meanwhile is not refused."""
    reports = latest_soreness_reports(athlete)
    shown = [value] if before is None else [value, before]
    if (
        not reports
        or reports[0].pk != session_id
        or [r.soreness for r in reports[: len(shown)]] != shown
    ):
        raise SorenessChanged
    seen_at = timezone.now()
    with transaction.atomic():
        hold_unarchived(athlete)  # an archive meanwhile waits, or refuses it
        for report, seen in zip(reports, shown, strict=False):
            # One statement each: the report still as shown, and none later (a save of the
            # athlete's that came in since the check).
            rows = PlannedSession.objects.filter(pk=report.pk, soreness=seen)
            if report is reports[0]:
                rows = rows.exclude(_reported_after(report))
            if not rows.update(soreness_seen=seen, soreness_seen_at=seen_at, soreness_seen_by=user):
                transaction.set_rollback(True)
                raise SorenessChanged
    latest = reports[0]
    latest.soreness_seen, latest.soreness_seen_at, latest.soreness_seen_by = value, seen_at, user
    return latest


def pain_flag_create(*, planned_exercise: PlannedExercise, athlete: Athlete, note: str) -> PainFlag:
    """Pain stops the exercise (DOMAIN L9): it leaves later sessions until the coach clears it.

    Reported in a session done or under way (one of a later day lifted early has something
    logged), the flag names that session, which counts as logged. Pain felt while looking at
    a session still to come is pain now: the flag names no session (that one is not done by
    it, nor held on its day), and the exercise leaves every session from now on, as for a
    report made after the session it came from.
    """
    session = planned_exercise.session
    ahead = session.date > timezone.localdate() and not has_content(session)
    with transaction.atomic():
        hold_unarchived(athlete)  # an archive meanwhile waits, or refuses the report
        # One pain, one alert: a report on an exercise with a flag still open adds to it (a
        # double tap, more to say, or a page from before the lift was left out) instead of
        # raising another, and logs nothing: the first report did.
        flag = (
            PainFlag.objects.select_for_update()
            .filter(
                athlete=athlete, exercise_id=planned_exercise.exercise_id, cleared_at__isnull=True
            )
            .order_by("created_at")
            .first()
        )
        if flag is None:
            flag = PainFlag.objects.create(
                athlete=athlete,
                planned_exercise=None if ahead else planned_exercise,
                exercise_id=planned_exercise.exercise_id,
                note=note,
            )
            if not ahead:
                _mark_logged(planned_exercise.session)
        elif note and note not in flag.note:
            added = f"{flag.note}\n{note}".strip()
            limit = PainFlag._meta.get_field("note").max_length
            if len(added) > limit:
                # Cut short, the end of what the athlete typed would be lost unseen.
                raise PainNoteFull(max(limit - len(flag.note) - 1, 0))
            flag.note = added
            flag.save(update_fields=["note"])
    return flag


class PainNoteFull(Exception):
    """What a second report adds to the open flag's note would not fit in it: `room` is how
    many characters still do."""

    def __init__(self, room: int):
        super().__init__(room)
        self.room = room


def pain_flag_clear(*, flag: PainFlag, user) -> bool:
    """Clear an open flag; False when someone else already cleared it. Not while the
    athlete is archived (AthleteArchived), checked in the clearing statement (Unarchived)."""
    cleared = PainFlag.objects.filter(
        Unarchived(flag.athlete_id), pk=flag.pk, cleared_at__isnull=True
    ).update(cleared_at=timezone.now(), cleared_by=user)
    if not cleared and archived_meanwhile(flag.athlete):
        raise AthleteArchived(flag.athlete)
    return bool(cleared)


def pain_flags(athlete: Athlete, *, exercises: bool = True) -> list[PainFlag]:
    """The athlete's pain flags, oldest first: the open ones, and the cleared ones, which
    still hold their exercise out of the sessions before they were cleared (withheld_by).
    Without `exercises`, the flags come without their exercise's catalogue entry, for a page
    that only asks which exercises they hold out (the athlete's week)."""
    related = (
        ("exercise", "planned_exercise__session") if exercises else ("planned_exercise__session",)
    )
    return list(
        PainFlag.objects.filter(athlete=athlete).select_related(*related).order_by("created_at")
    )


def first_day_held(flag: PainFlag) -> date:
    """The first day whose sessions the flag holds its exercise out of: the day of the
    report, or the day after it when the pain came up in that day's session (which stays as
    it was done). A flag reported from a session still to come holds from the report day
    too, whether it names no session or (saved before such flags named none) that one."""
    reported = timezone.localdate(flag.created_at)
    if flag.planned_exercise_id and flag.planned_exercise.session.date == reported:
        return reported + timedelta(days=1)
    return reported


def any_set_ticked() -> Exists:
    """For a planned exercise: whether any of its sets is ticked done, which a pain flag
    never hides (withheld_by's `done`)."""
    return Exists(SetLog.objects.filter(planned_exercise=OuterRef("pk"), done=True))


def exercises_with_ticks():
    """Planned exercises (with their catalogue exercise) marked `ticked` (see any_set_ticked)."""
    return (
        PlannedExercise.objects.select_related("exercise")
        .annotate(ticked=any_set_ticked())
        .order_by("order", "id")
    )


def sets_by_session(sessions) -> dict[int, list[tuple[int, int, int]]]:
    """Each session's exercises as (exercise id, sets, sets ticked), in one query."""
    found: dict[int, list[tuple[int, int, int]]] = {}
    rows = (
        PlannedExercise.objects.filter(session__in=sessions)
        .annotate(done=Count("set_logs", filter=Q(set_logs__done=True)))
        .values_list("session_id", "exercise_id", "sets", "done")
    )
    for session_id, exercise_id, sets, done in rows:
        found.setdefault(session_id, []).append((exercise_id, sets, done))
    return found


def count_sets(
    exercises: list[tuple[int, int, int]], flags, day: date, logged_at: datetime | None
) -> tuple[int, int, int]:
    """Sets ticked and sets planned of a session's exercises (from sets_by_session), and
    how many exercises pain flags left out of it (L9), whose sets are not planned ones."""
    done = planned = left_out = 0
    for exercise_id, sets, ticks in exercises:
        done += min(ticks, sets)
        if withheld_by(flags, exercise_id, day, logged_at=logged_at, done=ticks > 0):
            left_out += 1
        else:
            planned += sets
    return done, planned, left_out


def withheld_by(
    flags: list[PainFlag],
    exercise_id: int,
    day: date,
    *,
    logged_at: datetime | None = None,
    done: bool = False,
) -> PainFlag | None:
    """The flag that takes this exercise out of a session on `day`, if any (DOMAIN L9).

    Sessions from the flag's first day (first_day_held) to the day a coach cleared it: pain
    reported today about last week's session does not rewrite the days in between, and
    clearing it does not rewrite the sessions held without the exercise meanwhile. What was
    logged stays as it was done: an exercise with sets ticked (`done`), a session of the
    report's day logged (`logged_at`) before the report, and one logged before the clearing.
    Otherwise a logged session keeps the exercise out: ticking another exercise's set does
    not bring the painful one back, nor does a session ticked ahead of its day.
    """
    if done:
        return None
    holding = [
        flag
        for flag in flags
        if flag.exercise_id == exercise_id
        and day >= first_day_held(flag)
        and not _back_by(flag, day, logged_at)
        and not _lifted_before(logged_at, flag, day)
    ]
    # An open report says the most: the lift stays out until the coach clears it.
    return next((flag for flag in holding if flag.cleared_at is None), None) or next(
        iter(holding), None
    )


def _back_by(flag: PainFlag, day: date, logged_at: datetime | None) -> bool:
    """Whether the coach had cleared the flag for a session on `day`: from the day it was
    cleared, but not for a session logged before the clearing (lifted that morning, or
    ahead of its day), which was done without the exercise."""
    if flag.cleared_at is None or (logged_at is not None and logged_at < flag.cleared_at):
        return False
    return day >= timezone.localdate(flag.cleared_at)


def _lifted_before(logged_at: datetime | None, flag: PainFlag, day: date) -> bool:
    """Whether a session on `day` was logged that same day, before the pain was reported."""
    return (
        logged_at is not None
        and logged_at < flag.created_at
        and timezone.localdate(logged_at) == day == timezone.localdate(flag.created_at)
    )


def held_exercises(sessions, flags: dict[int, list[PainFlag]]) -> set[int]:
    """The planned exercises of these sessions (each with its plan loaded and its exercises
    from exercises_with_ticks) that an open pain flag takes out (DOMAIN L9), by id; `flags`
    holds each athlete's open flags."""
    held = set()
    for session in sessions:
        athlete_flags = flags.get(session.plan.athlete_id)
        if not athlete_flags:
            continue
        at = session.logged_at
        for pe in session.exercises.all():
            if withheld_by(
                athlete_flags, pe.exercise_id, session.date, logged_at=at, done=pe.ticked
            ):
                held.add(pe.pk)
    return held


def _about(message: str, names: tuple[str, ...]) -> bool:
    """Whether a rule warning's message is about this exercise: the checker opens the
    messages about one prescription with the exercise's name (programs/engine/checks.py)."""
    return any(message.startswith(f"{name}: ") for name in names if name)


def held_out_warnings(
    warnings: dict[int, list[dict]],
    flags: dict[int, list[PainFlag]],
    since: date | None = None,
) -> dict[int, list[dict]]:
    """Of each plan's rule warnings (by plan id), those about a prescription pain holds out
    of the athlete's sessions (DOMAIN L9), by plan id; `flags` holds each plan's athlete's
    pain flags (pain_flags). The athlete does not do it, so until the coach clears the flag
    there is nothing there to act on; cleared, the warning counts again. A warning is held
    out when its day's sessions hold the exercise its message names only where a flag takes
    it out. Only those dated from `since` on, when given (the ones a page shows). One query,
    for the plans with both warnings and flags; none otherwise."""
    plans = [pk for pk, listed in warnings.items() if listed and flags.get(pk)]
    days = set()
    for pk in plans:
        for warning in warnings[pk]:
            try:
                day = date.fromisoformat(warning.get("date") or "")
            except (TypeError, ValueError):
                continue
            if since is None or day >= since:
                days.add(day)
    if not days:
        return {}
    rows = (
        PlannedExercise.objects.filter(session__plan_id__in=plans, session__date__in=days)
        .annotate(ticked=any_set_ticked())
        .values_list(
            *("session__plan_id", "session__date", "session__logged_at", "exercise_id"),
            *("exercise__name", "exercise__slug", "ticked"),
        )
    )
    # By plan and day: each prescription's names (the catalogue's, and the one the checker
    # makes of a slug it has no name for) and whether pain holds it out.
    found: dict[tuple[int, str], list[tuple[tuple[str, ...], bool]]] = {}
    for plan_id, day, logged_at, exercise_id, name, slug, ticked in rows:
        out = withheld_by(flags[plan_id], exercise_id, day, logged_at=logged_at, done=ticked)
        names = (name, slug.replace("-", " ").capitalize())
        found.setdefault((plan_id, day.isoformat()), []).append((names, out is not None))
    held: dict[int, list[dict]] = {}
    for pk in plans:
        for warning in warnings[pk]:
            message = warning.get("message") or ""
            there = found.get((pk, str(warning.get("date"))), [])
            about = [out for names, out in there if _about(message, names)]
            if about and all(about):
                held.setdefault(pk, []).append(warning)
    return held


def split_held_out(
    plan_id: int, warnings: list[dict], flags: list[PainFlag], since: date | None = None
) -> tuple[list[dict], list[dict]]:
    """One plan's warnings as those still open and those held out for pain
    (held_out_warnings), each in the order given."""
    held = held_out_warnings({plan_id: warnings}, {plan_id: flags}, since).get(plan_id, [])
    return without(warnings, held), held


def without(warnings: list[dict], held: list[dict]) -> list[dict]:
    """`warnings` but for those in `held` (the same objects, as held_out_warnings gives them
    back), in the order given."""
    if not held:
        return warnings
    ids = {id(w) for w in held}
    return [w for w in warnings if id(w) not in ids]


def pain_flags_by_athlete(athletes) -> dict[int, list[PainFlag]]:
    """Each athlete's pain flags (see pain_flags), oldest first, in one query."""
    flags: dict[int, list[PainFlag]] = {}
    rows = PainFlag.objects.filter(athlete__in=athletes)
    for flag in rows.select_related("planned_exercise__session").order_by("created_at"):
        flags.setdefault(flag.athlete_id, []).append(flag)
    return flags


def _count_sets(
    logged: "dict[int, tuple[AthleteStatus, date, datetime]]", open_sessions: dict
) -> None:
    """Of this week's logged sessions, those with some sets ticked but not all: an athlete
    who stopped part way. Exercises left out after pain are not counted as planned, and a
    session logged with its effort alone (no set ticked) counts as done in full.

    And a session not logged whose every exercise pain took out (L9) had nothing to lift:
    it is neither planned work still to do nor missed. Of those, only the sessions of
    athletes with flags, from their first flag's day on, are looked at.

    One query for both, none when there is neither."""
    first_flag = {
        id(status): timezone.localdate(min(f.created_at for f in status.flags))
        for status, *_ in open_sessions.values()
        if status.flags
    }
    candidates = {
        pk: values
        for pk, values in open_sessions.items()
        if id(values[0]) in first_flag and values[1] >= first_flag[id(values[0])]
    }
    if not logged and not candidates:
        return
    for session_id, exercises in sets_by_session([*logged, *candidates]).items():
        if session_id in logged:
            status, day, logged_at = logged[session_id]
            done, planned, _ = count_sets(exercises, status.flags, day, logged_at)
            status.week_part += 0 < done < planned
            continue
        status, day, in_week, in_phase, missed = candidates[session_id]
        _, planned, _ = count_sets(exercises, status.flags, day, None)
        if planned == 0:
            status.week_planned -= in_week
            status.week_held += in_week
            status.phase_planned -= in_phase
            status.missed -= missed


def soreness_flag(reports: list[int], weeks_lifting: int | None = None) -> str:
    """DOMAIN L8 on the athlete's soreness reports, oldest first, as the planner reads it:
    7/10 or more always; two reports in a row at 5+ once past the first weeks of lifting,
    when some soreness is expected."""
    if not engine.soreness_alert(reports, weeks_lifting):
        return ""
    if reports[-1] >= SORENESS_HIGH:
        return f"Soreness {reports[-1]}/10"
    return f"Soreness {reports[-2]} then {reports[-1]}/10"


def weeks_lifting(first_session: date | None, today: date) -> int | None:
    """Which week of lifting this is (the first week is 1), from the athlete's first session."""
    if first_session is None:
        return None
    if first_session > today:
        return 1  # sessions logged ahead of a plan that starts later: its first week
    return (today - first_session).days // 7 + 1


def current_phase(phases: list[dict], day: date) -> dict | None:
    iso = day.isoformat()
    for block in phases or []:
        if block["start"] <= iso <= block["end"]:
            return block
    return None


@dataclass
class AthleteStatus:
    """One dashboard row: how the athlete's week and phase are going, and what needs a look."""

    athlete: Athlete
    has_plan: bool = False
    phase: str = ""
    week_done: int = 0
    week_part: int = 0  # of those done, sessions with some of their sets ticked, not all
    week_planned: int = 0
    week_held: int = 0  # this week's sessions pain left nothing to lift in (L9), not planned
    phase_done: int = 0
    phase_planned: int = 0
    missed: int = 0
    last_soreness: int | None = None
    soreness: str = ""
    soreness_early: bool = False  # in the first weeks of lifting, when some is expected (L8)
    soreness_report: int | None = None  # the session of the latest report
    soreness_before: int | None = None  # the report before it, when the flag counts two
    soreness_seen_at: datetime | None = None  # when a coach looked at that report as it is
    soreness_seen_by: str = ""
    pain: list = field(default_factory=list)  # open pain flags
    flags: list = field(default_factory=list)  # those and the ones cleared lately (L9)
    warnings: list = field(default_factory=list)
    accepted: list = field(default_factory=list)  # rules broken that the coach accepted
    week_start: date | None = None  # this week's Monday, which the warnings count from
    ended: date | None = None  # the plan's last day, once it has gone by
    ended_lately: bool = False  # within the weeks missed sessions count over: a look asked
    starts: date | None = None  # the plan's first day, while it is still to come
    first_phase: str = ""  # and the phase it starts with
    note: str = ""  # the athlete's latest note on a session of the last week, for a read
    note_day: date | None = None  # that session's day
    note_written: tuple | None = None  # when that session was logged, and its day
    notes: int = 0  # how many sessions of the last week have one

    @property
    def first_phase_name(self) -> str:
        return PHASE_NAMES.get(self.first_phase, self.first_phase)

    @property
    def phase_name(self) -> str:
        return PHASE_NAMES.get(self.phase, self.phase)

    @property
    def attention(self) -> int:
        """Pain outranks soreness, which outranks missed sessions (or a plan that has
        ended) and rule warnings."""
        return (
            8 * bool(self.pain)
            + 4 * bool(self.soreness and self.soreness_seen_at is None)
            + 2 * bool(self.missed or self.ended_lately)
            + bool(self.warnings)
        )

    @property
    def urgency(self) -> tuple[int, int, int]:
        """Within a level of attention, what puts an athlete before another: more open pain
        flags, then a higher soreness report not yet seen (9/10 before 7/10 before two in a
        row at 5+), then more missed sessions."""
        unseen = self.soreness and self.soreness_seen_at is None
        return (len(self.pain), (self.last_soreness or 0) if unseen else 0, self.missed)

    @property
    def warning_lines(self) -> list[tuple[str, str, str]]:
        """One line per rule and message, in rule order, with the week it applies in: this
        week, the next (by its date) or both (the dashboard looks no further)."""
        weeks: dict[tuple[str, str], set[str]] = {}
        for warning in self.warnings:
            key = (warning.get("rule", "?"), warning.get("message", ""))
            weeks.setdefault(key, set()).add(self._week_of(warning.get("date")))
        following = (self.week_start or date.min) + timedelta(weeks=1)
        return [
            (
                rule,
                message,
                WEEK_WORDS.get(frozenset(weeks[rule, message] - {""}), "").format(next=following),
            )
            for rule, message in sorted(weeks, key=lambda key: (_ORDER.get(key[0], 99), key[1]))
        ]

    def _week_of(self, day: str | None) -> str:
        if not day or self.week_start is None:
            return ""
        return "next" if day >= str(self.week_start + timedelta(weeks=1)) else "this"


def club_athletes(club: Club) -> list[Athlete]:
    """The club's athletes on its lists, in name order, with what the dashboard reads of them
    (club_statuses): their squad, their plan's outline and warnings, and the day of their
    first session. One query."""
    # The plan's first session, off the index on the plan's sessions by day.
    first_session = PlannedSession.objects.filter(plan=OuterRef("plan")).order_by("date")
    return sorted(
        Athlete.objects.for_club(club)
        .active()
        .select_related("squad", "plan")
        .only(
            *("name", "experience", "archived_periods", "squad__name"),
            *("plan__athlete", "plan__start_date", "plan__phases", "plan__warnings"),
        )
        .annotate(first_session=Subquery(first_session.values("date")[:1]))
        .order_by("id"),
        key=lambda a: name_order(a.name),
    )


def _when(condition: Q, name: str, output) -> Case:
    """A column's value in the rows where it is read, NULL in the others: fewer to load."""
    return Case(When(condition, then=F(name)), output_field=output)


def club_statuses(
    club: Club, today: date | None = None, athletes: list[Athlete] | None = None
) -> list[AthleteStatus]:
    """Every athlete of the club with this week's and this phase's progress and flags; or
    only those of `athletes` (some of club_athletes': a squad's), whose sessions alone are
    then read.

    A few queries whatever the club's size: the athletes with their plans (none when they
    are given), the sessions of each one's phase and of the weeks the dashboard looks at, the
    pain flags, and the rules accepted for athletes; one for the sets ticked in this week's
    logged sessions and in those pain may have left empty, when there are any; and one when
    an athlete with pain flags has rule warnings, for the lifts they are about
    (held_out_warnings).
    """
    today = today or timezone.localdate()
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=6)
    warning_end = week_start + WARNING_HORIZON
    recent = today - RECENT
    if athletes is None:
        athletes = club_athletes(club)
    rows, by_plan, away = [], {}, {}
    window_start = min(week_start, recent)
    # Each plan's sessions are read from the start of its phase, or of the weeks missed
    # sessions count over, to the end of its phase or of this week; plans alike share one.
    windows: dict[tuple[date, date], list[int]] = {}
    for athlete in athletes:
        status = AthleteStatus(athlete=athlete, week_start=week_start)
        rows.append(status)
        plan = getattr(athlete, "plan", None)
        if plan is None:
            continue
        status.has_plan = True
        if plan.end_date and plan.end_date < today:
            # Asked about for four weeks; after that the athlete may be resting, injured or
            # gone, and the row only says so.
            status.ended = plan.end_date
            status.ended_lately = today - plan.end_date <= RECENT
        if plan.start_date > today:
            status.starts = plan.start_date
            status.first_phase = plan.phases[0]["phase"] if plan.phases else ""
        block = current_phase(plan.phases, today)
        first, last, phase = window_start, week_end, None
        if block:
            status.phase = block["phase"]
            phase = (date.fromisoformat(block["start"]), date.fromisoformat(block["end"]))
            first, last = min(first, phase[0]), max(last, phase[1])
        windows.setdefault((first, last), []).append(plan.pk)
        status.warnings = [
            w
            for w in plan.warnings or []
            if not w.get("date") or str(week_start) <= w["date"] < str(warning_end)
        ]
        by_plan[plan.pk] = (status, phase)  # its phase's first and last days
        away[plan.pk] = athlete.away_days()
    if windows:
        window_start = min(first for first, _ in windows)
    in_window = Q()
    for (first, last), plans in windows.items():
        in_window |= Q(plan_id__in=plans, date__gte=first, date__lte=last)
    reported = Q(soreness__isnull=False, date__gte=recent)
    sessions = (
        PlannedSession.objects.filter(plan_id__in=by_plan)
        # A later session logged ahead of its day brings its soreness report and note along.
        .filter(
            in_window
            | Q(date__gt=week_end)
            & (Q(soreness__isnull=False) | Q(logged_at__isnull=False) & ~Q(athlete_note=""))
        )
        .order_by("date", "time", "id")
        # The times each row is read for, and only there: when it was logged for this week's
        # sessions and notes, when it was made for the missed, when reported and seen for
        # the soreness reports the flag reads.
        .annotate(
            done=ExpressionWrapper(Q(logged_at__isnull=False), output_field=BooleanField()),
            logged=_when(
                Q(date__gte=week_start, date__lte=week_end) | ~Q(athlete_note=""),
                "logged_at",
                DateTimeField(),
            ),
            made=_when(
                Q(date__gte=recent, date__lt=today, logged_at__isnull=True),
                "created_at",
                DateTimeField(),
            ),
            reported_at=_when(reported, "soreness_at", DateTimeField()),
            seen_at=_when(reported, "soreness_seen_at", DateTimeField()),
        )
        .values_list(
            *("pk", "plan_id", "date", "time", "done", "logged", "soreness", "made"),
            *("reported_at", "soreness_seen", "seen_at", "soreness_seen_by__username"),
            "athlete_note",
        )
    )
    made: dict[int, list[tuple]] = {}  # soreness reports by plan, in the order they came
    this_week: dict[int, list[tuple[date, bool]]] = {}
    logged_this_week: dict[int, tuple[AthleteStatus, date, datetime]] = {}
    # Sessions not logged that counted for something, in case pain left nothing in them.
    open_sessions: dict[int, tuple[AthleteStatus, date, bool, bool, bool]] = {}
    zone = timezone.get_current_timezone()
    for row in sessions:
        pk, plan_id, day, at, done, logged_at, soreness, created_at, soreness_at, *seen, note = row
        status, phase = by_plan[plan_id]
        if note and note.strip() and (today - NOTES_SHOWN < day <= today or day > today and done):
            # The latest written leads: the session logged last (a later one may have been
            # lifted ahead of its day); else, in date order, the last one read.
            written = (logged_at, day) if logged_at else None
            if status.note_written is None or written is None or written >= status.note_written:
                status.note, status.note_day, status.note_written = note, day, written
            status.notes += 1
        if not done and away[plan_id] and any(first <= day < end for first, end in away[plan_id]):
            # Dated while the athlete was archived (restored since): never theirs to do, so
            # neither missed nor planned work.
            continue
        in_week = week_start <= day <= week_end
        if in_week:
            status.week_planned += 1
            status.week_done += done
            this_week.setdefault(plan_id, []).append((day, done))
            if done:
                logged_this_week[pk] = (status, day, logged_at)
        in_phase = phase is not None and phase[0] <= day <= phase[1]
        if in_phase:
            status.phase_planned += 1
            status.phase_done += done
        # A session put in the plan after its day (a plan started earlier in the week) was
        # never there to be done (its day where the club is, as timezone.localdate reads it).
        missed = (
            not done
            and recent <= day < today
            and (created_at is None or created_at.astimezone(zone).date() <= day)
        )
        if missed:
            status.missed += 1
        if not done and (in_week or in_phase or missed):
            open_sessions[pk] = (status, day, in_week, in_phase, missed)
        if soreness is not None and recent <= day:
            order = (soreness_at is not None, soreness_at, day, at, pk)
            made.setdefault(plan_id, []).append((order, (pk, soreness, *seen)))
    for plan_id, days in this_week.items():
        # Nothing to change on sessions already logged (rule_text.settled_days).
        settled = {day.isoformat() for day in settled_days(days)}
        status = by_plan[plan_id][0]
        status.warnings = [w for w in status.warnings if w.get("date") not in settled]
    for plan_id, made_reports in made.items():
        made_reports.sort(key=lambda item: item[0])
        last_report = [report for _, report in made_reports]
        values = [report[1] for report in last_report]
        status = by_plan[plan_id][0]
        status.last_soreness = values[-1]
        # Soreness is expected in the first weeks of lifting, so for those new to it.
        novice = status.athlete.experience == Experience.NOVICE
        week = weeks_lifting(status.athlete.first_session, today) if novice else None
        status.soreness = soreness_flag(values, week)
        status.soreness_early = week is not None and week <= engine.SORENESS_SETTLING_WEEKS
        if not status.soreness:
            continue
        last, *earlier = last_report[-2:][::-1]
        status.soreness_report = last[0]
        # The flag's reports: the latest, and the one before for two in a row at 5+.
        flagged = [last] if values[-1] >= SORENESS_HIGH else [last, *earlier]
        if len(flagged) == 2:
            status.soreness_before = flagged[1][1]
        if all(report[2] == report[1] for report in flagged):  # looked at as they are now
            status.soreness_seen_at, status.soreness_seen_by = last[3], last[4] or ""
    by_athlete = {row.athlete.pk: row for row in rows}
    # Flags cleared this week, or since one of this week's sessions was logged ahead, still
    # held their exercise out of it (withheld_by).
    # Reaching back over the phase and the weeks missed sessions are counted in.
    since = min(
        [timezone.make_aware(datetime.combine(min(window_start, today - RECENT), time()))]
        + [logged_at for _, _, logged_at in logged_this_week.values()]
    )
    flags = PainFlag.objects.filter(
        Q(cleared_at__isnull=True) | Q(cleared_at__gte=since),
        athlete__club=club,
        athlete_id__in=list(by_athlete),  # as the rows: archived athletes have none
    ).select_related("exercise", "planned_exercise__session")
    for flag in flags.order_by("created_at"):
        status = by_athlete[flag.athlete_id]
        status.flags.append(flag)
        if flag.cleared_at is None:
            status.pain.append(flag)
    # Warnings about a lift pain holds out: the athlete does not do it, and the pain flag
    # asks for the look (L9).
    held = held_out_warnings(
        {pk: status.warnings for pk, (status, _) in by_plan.items()},
        {pk: status.flags for pk, (status, _) in by_plan.items()},
    )
    for pk, out in held.items():
        status = by_plan[pk][0]
        status.warnings = without(status.warnings, out)
    # Rules a coach accepted for an athlete: still shown, no longer asking for a look.
    accepted: dict[int, set[str]] = {}
    overrides = RuleOverride.objects.filter(athlete__club=club, athlete_id__in=list(by_athlete))
    for athlete_id, rule in overrides.values_list("athlete_id", "rule"):
        accepted.setdefault(athlete_id, set()).add(rule)
    for status, _ in by_plan.values():
        rules = accepted.get(status.athlete.pk, set())
        status.accepted = sorted({w["rule"] for w in status.warnings if w.get("rule") in rules})
        status.warnings = [w for w in status.warnings if w.get("rule") not in rules]
    _count_sets(logged_this_week, open_sessions)
    # Who needs a look first: the level of attention, then the most pressing within it.
    rows.sort(
        key=lambda row: (-row.attention, [-n for n in row.urgency], name_order(row.athlete.name))
    )
    return rows
