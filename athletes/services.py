"""Writes that touch several roster objects."""

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from athletes.access import AthleteArchived, hold_unarchived
from athletes.csv_roster import ParsedRoster, athlete_from_row
from athletes.models import (
    Athlete,
    Club,
    Invitation,
    Membership,
    PastRunningWeek,
    Squad,
    StrengthTest,
)
from athletes.signals import profile_changed, profiles_changed, units_changed
from athletes.units import record
from config.text import name_key

PLAN_FIELDS = {"running_week", "race_date", "body_mass_kg", "experience", "event", "units"}


@transaction.atomic
def club_signup(*, username: str, password: str, email: str, club_name: str):
    user = get_user_model().objects.create_user(username=username, password=password, email=email)
    club = Club.objects.create(name=club_name)
    Membership.objects.create(user=user, club=club, role=Membership.Role.OWNER)
    return user


@transaction.atomic
def coach_remove(*, membership: Membership) -> bool:
    """Take a coach off their club and switch their account off (it belongs to the club),
    whether the owner removes them or they leave; their edits stay in the history and their
    email is free for a new login. False, and nothing changed, when they are no longer a
    coach of it (made its owner meanwhile: a club is never left without one)."""
    still = Membership.objects.filter(pk=membership.pk, role=Membership.Role.COACH)
    if not still.delete()[0]:
        return False
    user = membership.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    return True


class NotOwner(Exception):
    """The club's ownership changed hands since the page was shown."""


@transaction.atomic
def owner_handover(*, owner: Membership, to: Membership) -> None:
    """Make the coach `to` the club's owner; the owner stays on as a coach. Both rows are
    locked and read again: handed over already (another tab), nothing changes."""
    ids = sorted((owner.pk, to.pk))
    rows = {m.pk: m for m in Membership.objects.select_for_update().filter(pk__in=ids)}
    now_owner, now_to = rows.get(owner.pk), rows.get(to.pk)
    if now_owner is None or now_owner.role != Membership.Role.OWNER:
        raise NotOwner
    if now_to is None or now_to.role != Membership.Role.COACH or now_to.club_id != owner.club_id:
        raise NotOwner
    Membership.objects.filter(pk=to.pk).update(role=Membership.Role.OWNER)
    Membership.objects.filter(pk=owner.pk).update(
        role=Membership.Role.COACH, handed_over_at=timezone.now(), handed_over_to=to.user_id
    )


@transaction.atomic
def account_email_set(*, user, email: str) -> str:
    """Keep the email a user's password reset goes to ("" for none); what to tell them."""
    user.email = email
    user.save(update_fields=["email"])
    if email:
        return f"Password resets now go to {email}."
    return "Your login has no email now: a forgotten password cannot be reset by mail."


def invitation_accept(*, invitation: Invitation, username: str, password: str, email: str):
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.used_at is not None:
        raise ValueError("This invitation has already been used.")
    user = get_user_model().objects.create_user(username=username, password=password, email=email)
    Membership.objects.create(user=user, club=locked.club, role=Membership.Role.COACH)
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    return user


class StaleAthlete(Exception):
    """Someone saved the athlete since the form was shown; carries the athlete as saved."""

    def __init__(self, current: Athlete) -> None:
        super().__init__("stale athlete")
        self.current = current


def athlete_save(
    *,
    athlete: Athlete,
    changed: set[str],
    still: Callable[[Athlete], bool] | None = None,
) -> Athlete:
    """Save an athlete and tell plans when something they depend on changed.

    An existing athlete is read again under a row lock first; `still` says whether what the
    form was shown is what is saved now (else StaleAthlete, nothing written). Only the
    fields named in `changed` are written, so a save never puts back an older value of a
    field it did not touch: `changed` must name every field the caller set.
    """
    with transaction.atomic():
        old_units = None
        if athlete.pk:
            current = Athlete.objects.select_for_update().get(pk=athlete.pk)
            if current.archived_at is not None:  # archived meanwhile: read-only
                raise AthleteArchived(current)
            if still is not None and not still(current):
                raise StaleAthlete(current)
            old_units = current.units
            if "running_week" in changed and current.running_week != athlete.running_week:
                _keep_running_week(current)
            athlete.version = current.version + 1
            athlete.save(update_fields=sorted({*changed, "version", "updated_at"}))
        else:
            athlete.save()
        if "units" in changed and old_units and old_units != athlete.units:
            _convert_units(athlete, old_units)
        plan_fields = changed & PLAN_FIELDS
        if plan_fields:
            transaction.on_commit(
                lambda: profile_changed.send(Athlete, athlete=athlete, fields=plan_fields)
            )
    return athlete


def _keep_running_week(before: Athlete) -> None:
    """Keep the running week being replaced for the weeks before this one. A second change
    in the same week keeps the first record: that is what the earlier weeks held."""
    monday = timezone.localdate()
    monday -= timedelta(days=monday.weekday())
    if not Athlete.objects.filter(pk=before.pk, plan__sessions__date__lt=monday).exists():
        return  # no week gone by was planned around it: nothing to show it beside
    PastRunningWeek.objects.get_or_create(
        athlete=before, ends=monday, defaults={"running_week": before.running_week}
    )


def _convert_units(athlete: Athlete, old: str) -> None:
    """Every load of the athlete in the new unit: 1RM tests here, plans and logs by signal."""
    tests = list(StrengthTest.objects.filter(athlete=athlete))
    for test in tests:
        test.load = record(test.load, old, athlete.units)
        test.estimated_1rm = StrengthTest.epley(test.load, test.reps)
    StrengthTest.objects.bulk_update(tests, ["load", "estimated_1rm"])
    units_changed.send(Athlete, athlete=athlete, old=old, new=athlete.units)


class UnitChanged(Exception):
    """The athlete's unit is no longer the one the load was typed in; carries the new one."""

    def __init__(self, units: str, athlete_id: int | None = None) -> None:
        super().__init__(units)
        self.units = units
        self.athlete_id = athlete_id  # whose, when tests of many athletes were saved


class AthleteGone(Exception):
    """An athlete a change was sent for no longer exists (deleted while its page was open)."""


class DuplicateTest(Exception):
    """The athlete has a test of that lift, day, load and reps already; carries it."""

    def __init__(self, twin: StrengthTest) -> None:
        super().__init__("duplicate strength test")
        self.twin = twin


class StaleTest(Exception):
    """The test was corrected or deleted since the form was shown; carries it as saved now
    (None: deleted)."""

    def __init__(self, current: StrengthTest | None) -> None:
        super().__init__("stale strength test")
        self.current = current


def strength_test_save(
    *,
    test: StrengthTest,
    unit: str | None = None,
    still: Callable[[StrengthTest], bool] | None = None,
) -> StrengthTest:
    """Record a test, or correct one; the athlete's plan is re-planned from the 1RM of now.

    With `unit`, the unit its load was typed in: checked under the athlete's row lock, which
    a switch of units takes too, so a load typed in kg is never saved into an athlete
    switched to lb meanwhile (UnitChanged, nothing saved). A correction reads the test again
    under a row lock: deleted meanwhile, or no longer what `still` says the form was shown,
    it raises StaleTest and writes nothing. A test the athlete has already (the same lift,
    day, load and reps: a Save clicked twice) is looked for under the same lock, so two at
    once save one; DuplicateTest, nothing saved.
    """
    with transaction.atomic():
        # The athlete's row locked (an archive, a switch of units wait) and read as it is now.
        locked = Athlete.objects.select_for_update().values_list("units", "archived_at")
        current, archived_at = locked.get(pk=test.athlete_id)
        if archived_at is not None:
            test.athlete.archived_at = archived_at
            raise AthleteArchived(test.athlete)
        if unit is not None and current != unit:
            raise UnitChanged(current)
        if test.pk:
            saved = StrengthTest.objects.select_for_update(of=("self",)).select_related("exercise")
            now = saved.filter(pk=test.pk, athlete_id=test.athlete_id).first()
            if now is None or (still is not None and not still(now)):
                raise StaleTest(now)
        twin = StrengthTest.twin(
            athlete_id=test.athlete_id,
            exercise_id=test.exercise_id,
            tested_on=test.tested_on,
            load=test.load,
            reps=test.reps,
            but=test.pk,
        )
        if twin is not None:
            raise DuplicateTest(twin)
        test.save()
        athlete = test.athlete
        transaction.on_commit(
            lambda: profile_changed.send(Athlete, athlete=athlete, fields={"one_rep_max"})
        )
    return test


def strength_tests_save(*, tests: list[StrengthTest], units: dict[int, str]) -> None:
    """Record tests of many athletes together (a squad's testing day): all of them, or none.

    As strength_test_save checks one test, in the same few queries however many they are:
    the athletes' rows locked (in one order, so two saves at once wait for each other
    rather than deadlock) and read as they are now. An athlete deleted meanwhile raises
    AthleteGone. The first test (in the list's order)
    whose athlete was archived meanwhile raises AthleteArchived, whose athlete's unit is no
    longer `units[athlete_id]` (the unit its load was typed in) UnitChanged, which the
    athlete has already (saved by another send of the page) DuplicateTest; nothing saved.
    The plans are asked for again together once saved (profiles_changed).
    """
    ids = sorted({test.athlete_id for test in tests})
    with transaction.atomic():
        locked = Athlete.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        now = {
            pk: (unit, archived)
            for pk, unit, archived in locked.values_list("pk", "units", "archived_at")
        }
        if set(ids) - set(now):
            raise AthleteGone
        for test in tests:
            current, archived_at = now[test.athlete_id]
            if archived_at is not None:
                test.athlete.archived_at = archived_at
                raise AthleteArchived(test.athlete)
            if current != units[test.athlete_id]:
                raise UnitChanged(current, athlete_id=test.athlete_id)
        recorded = StrengthTest.objects.filter(
            athlete_id__in=ids,
            exercise_id__in={test.exercise_id for test in tests},
            tested_on__in={test.tested_on for test in tests},
        )
        recorded = list(recorded.select_related("exercise").order_by("pk"))
        for test in tests:
            twin = next((other for other in recorded if test.is_twin(other)), None)
            if twin is not None:
                raise DuplicateTest(twin)
        for test in tests:
            test.estimated_1rm = StrengthTest.epley(test.load, test.reps)  # as save() does
        StrengthTest.objects.bulk_create(tests)
        athletes = [test.athlete for test in tests]
        transaction.on_commit(
            lambda: profiles_changed.send(Athlete, athletes=athletes, fields={"one_rep_max"})
        )


def strength_test_delete(*, test: StrengthTest) -> None:
    """Remove a mistyped test; the athlete's plan is re-planned from the 1RM that is left."""
    with transaction.atomic():
        athlete = test.athlete
        hold_unarchived(athlete)  # an archive meanwhile waits, or refuses the delete
        test.delete()
        transaction.on_commit(
            lambda: profile_changed.send(Athlete, athlete=athlete, fields={"one_rep_max"})
        )


@transaction.atomic
def athlete_delete(*, athlete: Athlete) -> None:
    """Remove an athlete with everything of theirs: tests, plan, logs, links and exports.

    A login made for the athlete alone goes too; a coach's login is never touched.
    """
    user = athlete.user
    athlete.delete()
    if user is not None and not Membership.objects.filter(user=user).exists():
        user.delete()


@transaction.atomic
def athlete_archive(*, athlete: Athlete) -> bool:
    """Take an athlete who left the club off its lists; nothing of theirs is deleted. Their
    link, calendar address and login are refused while archived, not revoked. False, and
    nothing changed, when they were archived already (another tab, another coach)."""
    return bool(
        Athlete.objects.filter(pk=athlete.pk, archived_at__isnull=True).update(
            archived_at=timezone.now()
        )
    )


@transaction.atomic
def athlete_restore(*, athlete: Athlete) -> bool:
    """Bring an archived athlete back on the club's lists; their link, calendar address and
    login work again. False, and nothing changed, when they were not archived."""
    current = Athlete.objects.select_for_update().filter(pk=athlete.pk, archived_at__isnull=False)
    archived = current.values_list("archived_at", "archived_periods").first()
    if archived is not None:
        # The days they were away are remembered: sessions dated then were never theirs to
        # do, so they are not counted as missed once back (logbook.club_statuses).
        archived_at, periods = archived
        period = {"from": timezone.localdate(archived_at).isoformat()}
        period["until"] = timezone.localdate().isoformat()
        athlete.archived_periods = [*(periods or []), period]
        Athlete.objects.filter(pk=athlete.pk).update(
            archived_at=None, archived_periods=athlete.archived_periods
        )
        athlete.archived_at = None
        # Their programme may have changed while they were away: sessions still to come are
        # planned again from it as it is now (nothing happens without an assignment).
        transaction.on_commit(
            lambda: profile_changed.send(Athlete, athlete=athlete, fields={"archived_at"})
        )
    return archived is not None


class NotOfClub(Exception):
    """An athlete named is not one of the club's (another club's, or deleted)."""


@transaction.atomic
def athletes_move(*, club: Club, ids: set[int], squad: Squad | None) -> tuple[int, int, int]:
    """Put the club's athletes `ids` in `squad` (None: in no squad), all or none of them.

    Returns how many moved, how many were in it already and how many were left as they
    were for being archived. An id not of the club's athletes refuses the whole move
    (NotOfClub). A squad holds no plan: what each athlete follows stays as it is.
    """
    if squad and not Squad.objects.select_for_update().filter(pk=squad.pk, club=club).exists():
        raise NotOfClub  # the squad was deleted meanwhile
    rows = list(
        Athlete.objects.select_for_update()
        .filter(club=club, pk__in=ids)
        .order_by("pk")
        .values_list("pk", "squad_id", "archived_at")
    )
    if len(rows) != len(ids):
        raise NotOfClub
    target = squad.pk if squad else None
    moving = [
        pk for pk, squad_id, archived_at in rows if archived_at is None and squad_id != target
    ]
    archived = sum(1 for *_, archived_at in rows if archived_at is not None)
    if moving:
        Athlete.objects.filter(pk__in=moving).update(
            squad=squad, version=F("version") + 1, updated_at=timezone.now()
        )
    return len(moving), len(rows) - len(moving) - archived, archived


def club_squads(club: Club) -> dict[str, Squad]:
    """The club's squads by the key their names are matched on."""
    return {name_key(s.name): s for s in Squad.objects.filter(club=club)}


def hold_club_squads(club: Club) -> dict[str, Squad]:
    """The club's squads, read while holding its row until the transaction ends: squads are
    named and made one coach at a time, so two at once cannot make "Road" and "road"."""
    Club.objects.select_for_update().filter(pk=club.pk).exists()
    return club_squads(club)


@transaction.atomic
def roster_import(*, club: Club, parsed: ParsedRoster) -> list[Athlete]:
    if not parsed.ok:
        raise ValueError("Only a clean roster can be imported.")
    # A squad another coach made since the preview, under any case, is joined, not made twice.
    squads = hold_club_squads(club)
    for name in parsed.new_squads:
        if name_key(name) not in squads:
            squads[name_key(name)] = Squad.objects.create(club=club, name=name)
    athletes = [
        athlete_from_row(row, club, squads.get(name_key(row["squad_name"]))) for row in parsed.rows
    ]
    return Athlete.objects.bulk_create(athletes)
