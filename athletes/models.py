import hashlib
import secrets
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from athletes.units import BODY_MASS_KG, body_mass_shown

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = dict(
    zip(
        DAYS,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"


class Experience(models.TextChoices):
    NOVICE = "novice", "Novice (new to lifting)"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class Event(models.TextChoices):
    M1500 = "1500m", "1500 m"
    K5 = "5k", "5 km"
    K10 = "10k", "10 km"
    HALF = "half_marathon", "Half marathon"
    MARATHON = "marathon", "Marathon"
    ULTRA = "ultra", "Ultra"


class Units(models.TextChoices):
    KG = "kg", "kg"
    LB = "lb", "lb"


class Run(models.TextChoices):
    REST = "rest", "Rest"
    EASY = "easy", "Easy"
    QUALITY = "quality", "Quality run"
    LONG = "long", "Long run"


class RunTime(models.TextChoices):
    AM = "am", "AM"
    PM = "pm", "PM"


def default_running_week() -> dict:
    """The sample week a new athlete starts with, until the coach sets theirs: two morning
    quality runs and a Sunday long run, a week that leaves room for two lifting sessions
    within the placement rules (W1-W3), so a first plan made from it breaks none."""
    return {
        "mon": {"run": "rest"},
        "tue": {"run": "quality", "time": "am"},
        "wed": {"run": "easy", "time": "am"},
        "thu": {"run": "easy", "time": "am"},
        "fri": {"run": "quality", "time": "am"},
        "sat": {"run": "easy", "time": "am"},
        "sun": {"run": "long", "time": "am"},
    }


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Club(models.Model):
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        COACH = "coach", "Coach"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.COACH)
    created_at = models.DateTimeField(auto_now_add=True)
    # The last time this coach handed the club over, and to whom: a page they left open
    # while owner says so, instead of answering as if they had never been.
    handed_over_at = models.DateTimeField(null=True, blank=True)
    handed_over_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.club})"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


class Invitation(models.Model):
    """A one-time link the club owner sends to another coach."""

    LIFETIME = timedelta(days=7)

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="invitations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    @classmethod
    def issue(cls, *, club: Club, created_by, email: str = "") -> tuple["Invitation", str]:
        token = secrets.token_urlsafe(24)
        invitation = cls.objects.create(
            club=club, created_by=created_by, email=email, token_hash=hash_token(token)
        )
        return invitation, token

    @property
    def expires_at(self):
        return self.created_at + self.LIFETIME

    @classmethod
    def find_usable(cls, token: str) -> "Invitation | None":
        return (
            cls.objects.filter(
                token_hash=hash_token(token),
                used_at__isnull=True,
                created_at__gte=timezone.now() - cls.LIFETIME,
            )
            .select_related("club")
            .first()
        )


class AthleteQuerySet(models.QuerySet):
    def for_club(self, club: Club | None) -> "AthleteQuerySet":
        if club is None:
            return self.none()
        return self.filter(club=club)

    def for_user(self, user) -> "AthleteQuerySet":
        membership = getattr(user, "membership", None) if user.is_authenticated else None
        return self.for_club(membership.club if membership else None)

    def active(self) -> "AthleteQuerySet":
        """Athletes on the club's lists: not archived (left the club, history kept)."""
        return self.filter(archived_at__isnull=True)

    def archived(self) -> "AthleteQuerySet":
        return self.filter(archived_at__isnull=False)


class Squad(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="squads")
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["club", "name"], name="unique_squad")]

    def __str__(self) -> str:
        return self.name


class Athlete(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="athletes")
    squad = models.ForeignKey(
        Squad, null=True, blank=True, on_delete=models.SET_NULL, related_name="athletes"
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices)
    body_mass_kg = models.DecimalField(
        "body mass (kg)",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(BODY_MASS_KG[0]), MaxValueValidator(BODY_MASS_KG[1])],
    )
    experience = models.CharField(max_length=15, choices=Experience.choices)
    event = models.CharField(max_length=15, choices=Event.choices)
    units = models.CharField(max_length=2, choices=Units.choices, default=Units.KG)
    goal_race_name = models.CharField("goal race", max_length=100, blank=True)
    race_date = models.DateField("race date", null=True, blank=True)
    running_week = models.JSONField(default=default_running_week)
    # False while the week is the sample a new athlete starts with (or a roster file's with
    # no day columns): their pages and the assign page say so until a coach sets theirs.
    running_week_set = models.BooleanField(default=True)
    notes = models.TextField("coach's notes", blank=True, max_length=2000)
    injury_notes = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="athlete_profile",
        help_text="Set when the athlete accepted a login invitation.",
    )
    # The one login invitation that works now (its random part); empty when none is out.
    login_invite = models.CharField(max_length=32, blank=True, default="")
    # When it was made: it works for a week (empty for invitations older than this record).
    login_invite_at = models.DateTimeField(null=True, blank=True)
    # Set while the athlete is archived (left the club): off every list, their link, calendar
    # and login refused; their plan, logs and tests kept, to be restored.
    archived_at = models.DateTimeField(null=True, blank=True)
    # The times they were archived, kept when they are restored, as {"from": day archived,
    # "until": day restored} (ISO dates): sessions dated then were not theirs to do.
    archived_periods = models.JSONField(default=list, blank=True)

    objects = AthleteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["club", "name"]),
            models.Index(fields=["club", "race_date"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def body_mass(self) -> Decimal:
        """Body mass in the athlete's units, as the coach types and reads it (kept in kg)."""
        return body_mass_shown(Decimal(str(self.body_mass_kg)), self.units)

    def away_days(self) -> list[tuple[date, date]]:
        """The days of each archived period they were restored from, as (first, end): from
        the day of the archive up to, not including, the day of the restore."""
        periods = []
        for period in self.archived_periods or []:
            try:
                periods.append(
                    (date.fromisoformat(period["from"]), date.fromisoformat(period["until"]))
                )
            except (KeyError, TypeError, ValueError):
                continue  # not a period (a hand-edited club file): nothing to leave out
        return periods

    def weeks_to_race(self, today: date | None = None) -> int | None:
        if self.race_date is None:
            return None
        today = today or timezone.localdate()
        return max(0, (self.race_date - today).days // 7)

    def race_countdown(self, today: date | None = None, short: bool = False) -> str:
        """How far off the goal race is: '6 weeks to go', 'in 3 days', 'today', or 'already
        run' (short: '6 wk', '3 d', 'today', 'past'); empty without a race."""
        if self.race_date is None:
            return ""
        days = (self.race_date - (today or timezone.localdate())).days
        if days < 0:
            return "past" if short else "already run"
        if days == 0:
            return "today"
        if days < 7:
            return f"{days} d" if short else f"in {days} day{'s' * (days != 1)}"
        weeks = days // 7
        return f"{weeks} wk" if short else f"{weeks} week{'s' * (weeks != 1)} to go"

    @property
    def race_countdown_short(self) -> str:
        return self.race_countdown(short=True)

    def running_day(self, day: str) -> dict:
        entry = (self.running_week or {}).get(day) or {}
        return {"run": entry.get("run", "rest"), "time": entry.get("time")}

    @property
    def week_summary(self) -> list[dict]:
        return [{"day": day, **self.running_day(day)} for day in DAYS]

    def current_one_rep_maxes(self) -> dict[str, Decimal]:
        """The 1RM plans load from, per exercise slug: the best estimate of the lift's
        latest test day (tests in CURRENT_LAST order, so that one wins)."""
        tests = self.strength_tests.order_by(*CURRENT_LAST)
        return dict(tests.values_list("exercise__slug", "estimated_1rm"))


class PastRunningWeek(models.Model):
    """A running week the athlete had before a change: it held for the weeks before `ends`
    (a Monday), so past weeks show the runs they were planned around, not today's."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="past_weeks")
    ends = models.DateField()
    running_week = models.JSONField()

    class Meta:
        ordering = ["ends"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "ends"], name="one_past_week_per_change")
        ]

    def __str__(self) -> str:
        return f"{self.athlete} running week until {self.ends}"


class RunningWeeks:
    """The running week in force in any week of the athlete's: the one kept from before a
    change for weeks before it, else the current one."""

    def __init__(self, current: dict, past: list[tuple[date, dict]]) -> None:
        self.current = current or {}
        self.past = sorted(past, key=lambda row: row[0])

    @classmethod
    def of(cls, athlete: Athlete, since: date | None = None) -> "RunningWeeks":
        """One query, none when `since` is this week or later (nothing before it changed)."""
        monday = timezone.localdate()
        monday -= timedelta(days=monday.weekday())
        if since is not None and since >= monday:
            return cls(athlete.running_week, [])
        rows = PastRunningWeek.objects.filter(athlete=athlete)
        if since is not None:
            rows = rows.filter(ends__gt=since)
        return cls(athlete.running_week, list(rows.values_list("ends", "running_week")))

    def week_of(self, day: date) -> dict:
        for ends, week in self.past:
            if day < ends:
                return week or {}
        return self.current

    def day(self, day: date) -> dict:
        entry = self.week_of(day).get(DAYS[day.weekday()]) or {}
        return {"run": entry.get("run", "rest"), "time": entry.get("time")}


# Which test of a lift gives its current 1RM: the latest day's, and of two tests that day
# (a heavy single, then a set of five) the best estimate, as a test day is read (DOMAIN L2:
# every test of 10 reps or fewer is trusted), not whichever was typed in last. The plan,
# the athlete's page and the progress chart all go by it.
CURRENT_FIRST = ("-tested_on", "-estimated_1rm", "-id")
CURRENT_LAST = ("tested_on", "estimated_1rm", "id")


class StrengthTest(models.Model):
    """A 1RM or rep test; the estimated 1RM comes from the Epley formula (DOMAIN L2)."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="strength_tests")
    exercise = models.ForeignKey("exercises.Exercise", on_delete=models.RESTRICT)
    tested_on = models.DateField("date")
    load = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("900"))],
    )
    reps = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    estimated_1rm = models.DecimalField(max_digits=6, decimal_places=2, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-tested_on", "-id"]

    def __str__(self) -> str:
        return f"{self.exercise} {self.load} x {self.reps} ({self.tested_on})"

    @staticmethod
    def epley(load: Decimal, reps: int) -> Decimal:
        if reps == 1:
            return Decimal(load)
        value = Decimal(load) * (1 + Decimal(reps) / 30)
        # To the nearest hundredth: 100 x 5 is 116.67, whose 90 % is the 105 on the plates
        # the planner works out from the exact estimate too (not 116.66, a plate lower).
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def is_estimate(self) -> bool:
        return self.reps > 1

    @classmethod
    def twin(
        cls, *, athlete_id: int, exercise_id: int, tested_on, load: Decimal, reps: int, but=None
    ) -> "StrengthTest | None":
        """The athlete's test of that lift, that day, that load and those reps, other than
        test `but` (its pk), if there is one: a second like it (a Save clicked twice, a form
        sent again) adds nothing but a double."""
        same = cls.objects.filter(athlete_id=athlete_id, exercise_id=exercise_id)
        same = same.filter(tested_on=tested_on, load=load, reps=reps).exclude(pk=but)
        return same.select_related("exercise").order_by("pk").first()

    def is_twin(self, other: "StrengthTest") -> bool:
        """Whether `other` is another test of the same athlete, lift, day, load and reps (as
        twin() looks for one in the database)."""
        return (
            other.pk != self.pk
            and (other.athlete_id, other.exercise_id, other.tested_on, other.reps)
            == (self.athlete_id, self.exercise_id, self.tested_on, self.reps)
            and Decimal(other.load) == Decimal(self.load)
        )

    def save(self, *args, **kwargs) -> None:
        self.estimated_1rm = self.epley(self.load, self.reps)
        super().save(*args, **kwargs)


class AthleteLink(models.Model):
    """A private link to the athlete's own pages; only the hash of its token is stored."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @classmethod
    def issue(cls, *, athlete: Athlete, created_by=None) -> tuple["AthleteLink", str]:
        """Revoke the athlete's live links and issue a new one (128+ bits of randomness)."""
        cls.objects.filter(athlete=athlete, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token = secrets.token_urlsafe(32)
        link = cls.objects.create(
            athlete=athlete, token_hash=hash_token(token), created_by=created_by
        )
        return link, token

    @classmethod
    def athlete_for_token(cls, token: str) -> Athlete | None:
        # The athlete alone: the pages a link opens do not show the club, and its columns
        # cost as much to read as the rest of the lookup.
        link = (
            cls.objects.filter(
                token_hash=hash_token(token),
                revoked_at__isnull=True,
                athlete__archived_at__isnull=True,  # kept, refused while archived
            )
            .select_related("athlete")
            .first()
        )
        return link.athlete if link else None

    @classmethod
    def archived_for_token(cls, token: str) -> bool:
        """Whether the token is the working link of an archived athlete: refused while they
        are archived (athlete_for_token), it works again once they are restored."""
        return cls.objects.filter(
            token_hash=hash_token(token),
            revoked_at__isnull=True,
            athlete__archived_at__isnull=False,
        ).exists()


class CalendarFeed(models.Model):
    """The calendar address of an athlete who signs in: a calendar app cannot sign in, so it
    reads the plan by a token of its own, good for that feed only (not for the athlete's
    pages) and only while the login it was made under is the athlete's."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="calendar_feeds")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @classmethod
    def live(cls, athlete: Athlete) -> "models.QuerySet[CalendarFeed]":
        return cls.objects.filter(athlete=athlete, user_id=athlete.user_id, revoked_at__isnull=True)

    @classmethod
    def issue(cls, *, athlete: Athlete) -> tuple["CalendarFeed", str]:
        """Retire the athlete's calendar address, if any, and make a new one."""
        cls.stop(athlete)
        token = secrets.token_urlsafe(32)
        feed = cls.objects.create(
            athlete=athlete, user_id=athlete.user_id, token_hash=hash_token(token)
        )
        return feed, token

    @classmethod
    def stop(cls, athlete: Athlete) -> int:
        return cls.objects.filter(athlete=athlete, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )

    @classmethod
    def athlete_for_token(cls, token: str) -> Athlete | None:
        feed = (
            cls.objects.filter(
                token_hash=hash_token(token),
                revoked_at__isnull=True,
                user__is_active=True,
                athlete__archived_at__isnull=True,
            )
            .select_related("athlete__club")
            .first()
        )
        if feed is None or feed.athlete.user_id != feed.user_id:
            return None  # the login it was made under was taken away (or switched off)
        return feed.athlete
