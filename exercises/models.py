from django.db import models
from django.db.models import F, Q


class Category(models.TextChoices):
    MAX_STRENGTH = "max_strength", "Maximal strength"
    POWER = "power", "Power"
    PLYOMETRIC = "plyometric", "Plyometric"
    CONDITIONING = "conditioning", "Conditioning"
    HILL_SPRINT = "hill_sprint", "Hill sprint"
    MOBILITY = "mobility", "Mobility"


class Pattern(models.TextChoices):
    SQUAT = "squat", "Squat"
    HINGE = "hinge", "Hinge"
    LUNGE = "lunge", "Lunge / split stance"
    CALF = "calf", "Calf"
    CORE = "core", "Core"
    PULL = "pull", "Upper-body pull"
    PUSH = "push", "Upper-body push"
    JUMP = "jump", "Jump"
    HIP = "hip", "Hip"
    SPRINT = "sprint", "Sprint"
    MOBILITY = "mobility", "Mobility"


class Laterality(models.TextChoices):
    BILATERAL = "bilateral", "Bilateral"
    UNILATERAL = "unilateral", "Unilateral"


class Plane(models.TextChoices):
    SAGITTAL = "sagittal", "Sagittal"
    FRONTAL = "frontal", "Frontal"
    TRANSVERSE = "transverse", "Transverse"


class Equipment(models.TextChoices):
    BARBELL = "barbell", "Barbell"
    DUMBBELL = "dumbbell", "Dumbbell"
    KETTLEBELL = "kettlebell", "Kettlebell"
    BOX = "box", "Box"
    BAND = "band", "Band"
    BODYWEIGHT = "bodyweight", "Bodyweight"
    HILL = "hill", "Hill"
    MACHINE = "machine", "Machine"
    CABLE = "cable", "Cable"


class LoadMode(models.TextChoices):
    PERCENT_1RM = "percent_1rm", "% of 1RM"
    PERCENT_BODYWEIGHT = "percent_bodyweight", "% of body weight"
    BODYWEIGHT_REPS = "bodyweight_reps", "Bodyweight reps"
    SECONDS = "seconds", "Seconds"
    METRES = "metres", "Metres"


class ExerciseQuerySet(models.QuerySet):
    def for_club(self, club) -> "ExerciseQuerySet":
        """The shipped catalogue plus the club's own exercises."""
        if club is None:
            return self.filter(club__isnull=True)
        return self.filter(Q(club__isnull=True) | Q(club=club))

    def shipped_first(self) -> "ExerciseQuerySet":
        """Shipped exercises before the club's own, on every database (PostgreSQL sorts a
        null last, SQLite first): read in this order, a club's exercise with a shipped
        exercise's slug comes after it and takes its place."""
        return self.order_by(F("club_id").asc(nulls_first=True), "pk")


class Exercise(models.Model):
    club = models.ForeignKey(
        "athletes.Club",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="exercises",
        help_text="Empty for the shipped catalogue.",
    )
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=80)
    category = models.CharField(max_length=20, choices=Category.choices)
    pattern = models.CharField(max_length=20, choices=Pattern.choices)
    laterality = models.CharField(max_length=12, choices=Laterality.choices)
    plane = models.CharField(max_length=12, choices=Plane.choices, default=Plane.SAGITTAL)
    equipment = models.CharField(max_length=12, choices=Equipment.choices)
    load_mode = models.CharField(max_length=20, choices=LoadMode.choices)
    primary_muscles = models.CharField(max_length=200, blank=True)
    # What the athlete reads beside the lift: a paragraph, not a page.
    why = models.TextField("why it matters for running", blank=True, max_length=1000)
    cues = models.TextField(blank=True, max_length=1000, help_text="One cue per line.")
    easier = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    harder = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    difficulty = models.PositiveSmallIntegerField(
        default=1, help_text="1 suits novices, 3 is for advanced athletes only."
    )

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(club__isnull=True), name="unique_shipped_slug"
            ),
            models.UniqueConstraint(fields=["club", "slug"], name="unique_club_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unilateral(self) -> bool:
        return self.laterality == Laterality.UNILATERAL

    @property
    def cue_list(self) -> list[str]:
        return [line.strip() for line in self.cues.splitlines() if line.strip()]

    @property
    def is_shipped(self) -> bool:
        return self.club_id is None
