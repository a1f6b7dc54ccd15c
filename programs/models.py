"""Programme templates: phases, session templates and their prescriptions.

They mirror the engine's template data (programs.engine), so a club's own
programme feeds the same planner as the shipped evidence-based default.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

PHASES = [
    ("intro", "Introduction"),
    ("off_season", "Off-season"),
    ("base", "Base"),
    ("build", "Build"),
    ("sharpen", "Sharpen"),
    ("taper", "Taper"),
    ("maintenance", "Maintenance"),
]
SESSION_KINDS = [
    ("lifting", "Lifting"),
    ("conditioning", "Conditioning"),
    ("plyometric", "Plyometrics"),
    ("hill_sprint", "Hill sprints"),
]


class ProgramTemplateQuerySet(models.QuerySet):
    def for_club(self, club) -> "ProgramTemplateQuerySet":
        """The club's own templates plus the shipped, read-only ones."""
        return self.filter(Q(club__isnull=True) | Q(club=club))


class ProgramTemplate(models.Model):
    club = models.ForeignKey(
        "athletes.Club",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="program_templates",
        help_text="Empty for the shipped default, which is read-only.",
    )
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    archived = models.BooleanField(
        default=False,
        help_text="Off the programme list and the assign form; kept for the plans built from it.",
    )

    objects = ProgramTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["club_id", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shipped(self) -> bool:
        return self.club_id is None


class Phase(models.Model):
    template = models.ForeignKey(ProgramTemplate, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(default=0)
    phase = models.CharField(max_length=15, choices=PHASES)
    weeks = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(16)]
    )
    sessions_per_week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(4)]
    )
    reps_min = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    reps_max = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    percent_min = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(30), MaxValueValidator(100)]
    )
    percent_max = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(30), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} ({self.weeks} wk)"


class SessionTemplate(models.Model):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="sessions")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=10)
    kind = models.CharField(max_length=15, choices=SESSION_KINDS)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_kind_display()})"


class Prescription(models.Model):
    session = models.ForeignKey(
        SessionTemplate, on_delete=models.CASCADE, related_name="prescriptions"
    )
    order = models.PositiveSmallIntegerField(default=0)
    exercise = models.ForeignKey(
        "exercises.Exercise",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        help_text="Empty lets the planner choose by category and pattern.",
    )
    category = models.CharField(max_length=20, blank=True)
    pattern = models.CharField(max_length=20, blank=True)
    unilateral = models.BooleanField(null=True, blank=True)
    sets = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(8)])
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    metres = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(400)]
    )
    percent_1rm = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(30), MaxValueValidator(100)]
    )
    rir = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(5)])
    rest_s = models.PositiveSmallIntegerField(
        default=120, validators=[MinValueValidator(0), MaxValueValidator(600)]
    )
    notes = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.exercise or self.category} {self.sets}x{self.reps or self.seconds}"
