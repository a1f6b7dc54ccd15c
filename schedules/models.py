"""An athlete's concrete plan: assignments, jobs, planned sessions and exercises."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from programs.models import PHASES, SESSION_KINDS


class Assignment(models.Model):
    athlete = models.ForeignKey(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="assignments"
    )
    template = models.ForeignKey(
        "programs.ProgramTemplate", on_delete=models.RESTRICT, related_name="assignments"
    )
    start_date = models.DateField()
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["athlete"],
                condition=models.Q(active=True),
                name="one_active_assignment_per_athlete",
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} for {self.athlete} from {self.start_date}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class PlanJob(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="jobs")
    athlete = models.ForeignKey("athletes.Athlete", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    reason = models.CharField(max_length=300, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    batch = models.CharField(max_length=32, blank=True, db_index=True)
    # What asked for the plan to be made again (the athlete's race date, running week, 1RM
    # tests, their programme...): the plan page says it beside what the re-plan did.
    changes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["athlete", "status"])]

    def __str__(self) -> str:
        return f"Plan job {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    WAIT_SAID_AFTER = timedelta(minutes=1)  # a plan is made in well under a second

    @property
    def waiting_long(self) -> bool:
        """Queued for longer than a worker ever takes to start it: the workers are busy
        with a large batch, or stopped."""
        return (
            self.status == JobStatus.QUEUED
            and self.created_at is not None
            and timezone.now() - self.created_at > self.WAIT_SAID_AFTER
        )


class Plan(models.Model):
    """The athlete's current plan: its outline and warnings; sessions hang off it."""

    athlete = models.OneToOneField(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="plan"
    )
    assignment = models.ForeignKey(Assignment, on_delete=models.RESTRICT, related_name="+")
    start_date = models.DateField()
    race_date = models.DateField(null=True, blank=True)
    units = models.CharField(max_length=2)
    phases = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    generated_at = models.DateTimeField()
    generation = models.PositiveIntegerField(default=0)
    # The coach's moves the last making of the plan could not keep (the day gone by, near
    # the race, or taken): each session's label, week, the day it was moved to and the day
    # it is on now (None: not in the plan now). The plan page says so until the next making.
    moves_undone = models.JSONField(default=list, blank=True)
    # What the last making of the plan did, when it made the same programme again (services.
    # replan_summary): sessions planned afresh and kept, moves kept, the race and phases
    # before and after, and what asked for it. Empty for a plan's first making. The plan
    # page says it until the next making.
    remade = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"Plan for {self.athlete}"

    @property
    def end_date(self) -> date | None:
        """The plan's last day: the end of its last phase."""
        ends = [block["end"] for block in self.phases or [] if block.get("end")]
        return date.fromisoformat(max(ends)) if ends else None


class PlannedSession(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    time = models.CharField(max_length=2)
    week = models.PositiveSmallIntegerField()
    phase = models.CharField(max_length=15, choices=PHASES)
    kind = models.CharField(max_length=15, choices=SESSION_KINDS)
    label = models.CharField(max_length=10)
    deload = models.BooleanField(default=False)
    logged_at = models.DateTimeField(null=True, blank=True)
    hand_edited = models.BooleanField(default=False)
    rpe = models.PositiveSmallIntegerField("session RPE", null=True, blank=True)
    soreness = models.PositiveSmallIntegerField("soreness next day", null=True, blank=True)
    # When the soreness was last reported or changed: the dashboard reads the athlete's
    # latest reports in the order they were made, so one filed late for an earlier session
    # is not hidden behind a later session's (empty for reports older than this record).
    soreness_at = models.DateTimeField(null=True, blank=True)
    athlete_note = models.CharField(max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    # When the session was put in the plan (a club file carries it); empty for sessions
    # older than this record. One put in after its day was never missed.
    created_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    # The day the planner put the session on, when a coach moved it to another day or time
    # of its week: re-planning the same programme puts the session back where the coach
    # moved it, while that day is still free and clear of the race (services.moved_places).
    moved_from = models.DateField(null=True, blank=True)
    # The soreness report the coach has looked at (DOMAIN L8): the value seen, when and by
    # whom. The dashboard keeps showing it without asking for a look again, until the
    # athlete reports anew or changes this report.
    soreness_seen = models.PositiveSmallIntegerField(null=True, blank=True)
    soreness_seen_at = models.DateTimeField(null=True, blank=True)
    soreness_seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "time", "id"]
        indexes = [models.Index(fields=["plan", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.time} {self.label} ({self.kind})"

    @property
    def is_kept_on_regeneration(self) -> bool:
        return self.logged_at is not None or self.hand_edited


class PlannedExercise(models.Model):
    session = models.ForeignKey(PlannedSession, on_delete=models.CASCADE, related_name="exercises")
    order = models.PositiveSmallIntegerField()
    exercise = models.ForeignKey("exercises.Exercise", on_delete=models.RESTRICT, related_name="+")
    category = models.CharField(max_length=20)
    unilateral = models.BooleanField(default=False)
    sets = models.PositiveSmallIntegerField()
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    metres = models.PositiveSmallIntegerField(null=True, blank=True)
    percent_1rm = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    load = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=2)
    rir = models.PositiveSmallIntegerField(null=True, blank=True)
    rest_s = models.PositiveSmallIntegerField(default=120)
    note = models.CharField(max_length=200, blank=True)
    hand_edited = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.exercise_id} {self.sets}x{self.reps}"


class SetLog(models.Model):
    """One set as the athlete did it."""

    planned_exercise = models.ForeignKey(
        PlannedExercise, on_delete=models.CASCADE, related_name="set_logs"
    )
    set_number = models.PositiveSmallIntegerField()
    done = models.BooleanField(default=False)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    load = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["set_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["planned_exercise", "set_number"], name="one_log_per_set"
            )
        ]


class PainFlag(models.Model):
    """Pain is a stop signal (DOMAIN L9): the exercise leaves the next session until cleared."""

    athlete = models.ForeignKey(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="pain_flags"
    )
    planned_exercise = models.ForeignKey(
        PlannedExercise, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    exercise = models.ForeignKey("exercises.Exercise", on_delete=models.RESTRICT, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]


class RuleOverride(models.Model):
    """A coach's decision that a rule may be broken for this athlete (say W8 for one whose
    only free day is the long-run day): recorded with who, when and why, and the rule's
    warnings stay on the plan, marked accepted, instead of being dropped (DOMAIN)."""

    athlete = models.ForeignKey(
        "athletes.Athlete", on_delete=models.CASCADE, related_name="rule_overrides"
    )
    rule = models.CharField(max_length=4)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rule"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "rule"], name="one_override_per_rule")
        ]


EDITABLE_FIELDS = [
    ("sets", "sets"),
    ("reps", "reps"),
    ("seconds", "seconds"),
    ("metres", "metres"),
    ("load", "load"),
    ("percent_1rm", "% 1RM"),
    ("rir", "RIR"),
    ("note", "note"),
]


class LoadChange(models.Model):
    """Every coach edit of a planned exercise: who, when, which field, old and new value."""

    planned_exercise = models.ForeignKey(
        PlannedExercise, on_delete=models.CASCADE, related_name="changes"
    )
    athlete = models.ForeignKey("athletes.Athlete", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    field = models.CharField(max_length=20, choices=EDITABLE_FIELDS)  # undo writes only these
    old_value = models.CharField(max_length=200, blank=True)  # as long as a cell note
    new_value = models.CharField(max_length=200, blank=True)
    batch = models.CharField(max_length=32, blank=True, db_index=True)
    undone = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["athlete", "-at"])]


class ExportKind(models.TextChoices):
    ATHLETE_BLOCK = "athlete_block", "Athlete block"
    SQUAD_WEEK = "squad_week", "Squad week sheet"
    ATHLETE_WEEK = "athlete_week", "Athlete week sheet"


class ExportJob(models.Model):
    club = models.ForeignKey("athletes.Club", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ExportKind.choices)
    athlete = models.ForeignKey(
        "athletes.Athlete", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    squad = models.ForeignKey(
        "athletes.Squad", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    week_start = models.DateField(null=True, blank=True)
    paper = models.CharField(max_length=10, default="a4")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    reason = models.CharField(max_length=300, blank=True)
    total = models.PositiveIntegerField(default=0)
    done_count = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    size_bytes = models.PositiveIntegerField(null=True, blank=True)
    render_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    WAIT_SAID_AFTER = timedelta(minutes=1)  # a worker starts a PDF within seconds

    @property
    def waiting_long(self) -> bool:
        """Queued for longer than a worker ever takes to start it: the workers are busy
        with other exports (a club's whole squad at once), or stopped."""
        return (
            self.status == JobStatus.QUEUED
            and self.created_at is not None
            and timezone.now() - self.created_at > self.WAIT_SAID_AFTER
        )
