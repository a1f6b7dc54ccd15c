"""Forms of the programme builder: template details, phases, sessions and prescriptions."""

from string import ascii_uppercase

from django import forms

from config.needed import SaysWhatIsNeeded
from config.text import NameField, TextBox, clean_name, clean_note, joined, name_key
from exercises.models import Category, Exercise, LoadMode, Pattern
from programs.models import (
    PHASES,
    SESSION_KINDS,
    Phase,
    Prescription,
    ProgramTemplate,
    SessionTemplate,
)

ANY = "any"
EXERCISE = "ex"
SIDES = [("", "Either"), ("unilateral", "Single-leg"), ("bilateral", "Both legs")]
CATEGORY_NAMES = dict(Category.choices)
PATTERN_NAMES = dict(Pattern.choices)
# Which dose field each way of loading an exercise takes.
AMOUNT_FIELD = {LoadMode.SECONDS: "seconds", LoadMode.METRES: "metres"}
AMOUNT_FIELDS = ("reps", "seconds", "metres")
# Kinds of exercise whose amount a plan works out when the coach leaves it empty: a heavy lift
# takes the phase's reps, conditioning a dose that grows week by week, a hill sprint 8 s.
# Others (power, plyometric, mobility) need it given.
AMOUNT_WORKED_OUT = ("max_strength", "conditioning", "hill_sprint")


def number(
    low: int, high: int, *, label: str, name: str = "", unit: str = "a whole number", **kwargs
) -> forms.IntegerField:
    """A whole-number field whose every refusal (out of range, not a whole number, missing)
    names the field and its range, as the athlete forms do: "Weeks: a whole number from 1 to
    16." `name` is the field as the message says it, when its label carries a unit."""
    plain = f"{name or label}: {unit} from {low} to {high}."
    return forms.IntegerField(
        min_value=low,
        max_value=high,
        label=label,
        widget=forms.NumberInput(attrs={"min": low, "max": high, "inputmode": "numeric"}),
        error_messages={
            # The range refusals fill in the limit with %: a "% 1RM" of the name is kept.
            **dict.fromkeys(("min_value", "max_value"), plain.replace("%", "%%")),
            **dict.fromkeys(("invalid", "required"), plain),
        },
        **kwargs,
    )


def slot_label(category: str, pattern: str) -> str:
    name = CATEGORY_NAMES.get(category, category).lower()
    if not pattern:
        return f"Any {name} exercise"
    return f"Any {name} · {PATTERN_NAMES.get(pattern, pattern).lower()}"


def club_exercises(club) -> list[Exercise]:
    """The club's catalogue; a club exercise with a shipped exercise's slug replaces it."""
    by_slug = {e.slug: e for e in Exercise.objects.for_club(club).shipped_first()}
    return sorted(by_slug.values(), key=lambda e: (e.category, e.name))


NAME_NEEDED = "Give the programme a name."


class TemplateForm(SaysWhatIsNeeded, forms.ModelForm):
    needed = {"name": NAME_NEEDED}

    class Meta:
        model = ProgramTemplate
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"name": NameField, "description": TextBox}

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(NAME_NEEDED)
        name = clean_name(name)
        # Told apart by name wherever a coach picks one (the assign form lists them); a name
        # kept as it was is no new clash (copies made before this was checked share one).
        renamed = name_key(name) != name_key(self.instance.name or "")
        if renamed and name_key(name) in taken_names(self.club, exclude=self.instance.pk):
            archived = ProgramTemplate.objects.filter(club=self.club, archived=True)
            if name_key(name) in {name_key(n) for n in archived.values_list("name", flat=True)}:
                raise forms.ValidationError(
                    "An archived programme has this name (under Archived on the programme "
                    "list): restore it, or choose another name."
                )
            raise forms.ValidationError("Another programme has this name: choose another.")
        return name


def taken_names(club, exclude: int | None = None) -> set[str]:
    """The names (as name_key) of the programmes the club can choose: its own and shipped."""
    programmes = ProgramTemplate.objects.for_club(club).exclude(pk=exclude)
    return {name_key(name) for name in programmes.values_list("name", flat=True)}


class PhaseAddForm(SaysWhatIsNeeded, forms.Form):
    needed = {"phase": "Choose a phase to add."}
    phase = forms.ChoiceField(choices=PHASES, label="Phase")

    def __init__(self, *args, used: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.used = used
        free = [(value, label) for value, label in PHASES if value not in used]
        self.fields["phase"].choices = free
        self.full = not free

    def clean_phase(self) -> str:
        phase = self.cleaned_data["phase"]
        if phase in self.used:
            raise forms.ValidationError("This programme already has that phase.")
        return phase


class PhaseForm(SaysWhatIsNeeded, forms.ModelForm):
    weeks = number(1, 16, label="Weeks")
    sessions_per_week = number(
        0,
        4,
        label="Lifts a week",
        help_text="Lifting or plyometric sessions; conditioning and hill sprints come on top.",
    )
    reps_min = number(1, 30, label="Reps min")
    reps_max = number(1, 30, label="Reps max")
    percent_min = number(30, 100, label="% 1RM min")
    percent_max = number(30, 100, label="% 1RM max")

    class Meta:
        model = Phase
        fields = [
            "phase",
            "weeks",
            "sessions_per_week",
            "reps_min",
            "reps_max",
            "percent_min",
            "percent_max",
        ]
        labels = {"phase": "Phase"}

    def __init__(self, *args, used: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.used = used - {self.instance.phase}
        # A phase is always one of the list: no blank line to choose.
        self.fields["phase"].choices = [c for c in self.fields["phase"].choices if c[0]]

    def clean_phase(self) -> str:
        phase = self.cleaned_data["phase"]
        if phase in self.used:
            raise forms.ValidationError("This programme already has that phase.")
        return phase

    def clean(self):
        data = super().clean()
        if data.get("reps_min") and data.get("reps_max") and data["reps_min"] > data["reps_max"]:
            self.add_error("reps_max", "Must be at least the lower rep count.")
        low, high = data.get("percent_min"), data.get("percent_max")
        if low and high and low > high:
            self.add_error("percent_max", "Must be at least the lower percentage.")
        return data


LABEL_NEEDED = "Give the session a label, such as A or B."
KIND_NAMES = dict(SESSION_KINDS)
# The kinds of session each category of exercise may stand in, and why (as the planner
# and its checks treat a session by its kind): (categories, kinds, a/an one, many, where).
KIND_HOLDS = (
    (
        ("max_strength",),
        ("lifting",),
        "a heavy lift",
        "heavy lifts",
        "sized, timed and spaced as such only in a lifting session (S1, S4, W5)",
    ),
    (
        ("power",),
        ("lifting",),
        "power work",
        "power work",
        "sized, timed and spaced as such only in a lifting session (S1, W5, P9)",
    ),
    (
        ("plyometric",),
        ("lifting", "plyometric"),
        "a jump",
        "jumps",
        "kept off the day before a quality run only in a lifting or plyometric session (W1)",
    ),
    (
        ("hill_sprint",),
        ("hill_sprint",),
        "a hill sprint",
        "hill sprints",
        "placed as the hard run they are only in a hill-sprint session (W8, W9)",
    ),
    (
        ("conditioning",),
        ("lifting", "plyometric", "conditioning"),
        "S&C",
        "S&C",
        "which has no place in a hill-sprint session: that is part of a run, optional, and "
        "left out in a new lifter's first weeks",
    ),
)


def _names(names: list[str]) -> str:
    shown = names[:3] if len(names) <= 3 else [*names[:2], f"{len(names) - 2} more"]
    return joined(shown)


def _or(words: list[str]) -> str:
    return joined(words, "or")


SESSION_ADJECTIVES = {
    "lifting": "lifting",
    "conditioning": "conditioning",
    "plyometric": "plyometric",
    "hill_sprint": "hill-sprint",
}


def out_of_kind(category: str, kind: str) -> str:
    """Why an exercise of this category is out of place in a session of this kind ("A heavy
    lift in a plyometric session; it belongs in a lifting session"), or "" if it is not."""
    for categories, kinds, one, _, _ in KIND_HOLDS:
        if category in categories and kind not in kinds:
            belongs = _or([SESSION_ADJECTIVES[k] for k in kinds])
            where = SESSION_ADJECTIVES.get(kind, kind)
            return (
                f"{one[0].upper()}{one[1:]} in a {where} session; it belongs in a {belongs} session"
            )
    return ""


def kind_limits(exercises: list[tuple[str, str]]) -> list[tuple[str, tuple[str, ...]]]:
    """What limits the kinds of a session holding these (name, category) exercises: one
    (why, kinds allowed) pair for each category that does ("Back squat is a heavy lift,
    sized, timed and spaced as such only in a lifting session", ("lifting",))."""
    limits = []
    for categories, kinds, one, many, where in KIND_HOLDS:
        names = list(dict.fromkeys(n for n, category in exercises if category in categories))
        if names:
            noun, verb = (one, "is") if len(names) == 1 else (many, "are")
            limits.append((f"{_names(names)} {verb} {noun}, {where}", kinds))
    return limits


class SessionForm(SaysWhatIsNeeded, forms.ModelForm):
    """A new session, or one's label and kind. A session holding exercises takes only the
    kinds they allow (`exercises`: its exercises as (name, category) pairs)."""

    class Meta:
        model = SessionTemplate
        fields = ["label", "kind"]
        labels = {"label": "Label", "kind": "Kind"}

    needed = {"label": LABEL_NEEDED, "kind": "Choose the session's kind."}

    def __init__(self, *args, taken: set[str], exercises: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        # Labels differ in more than case: each as the phase has it, by its capitals.
        self.taken = {label.upper(): label for label in taken}
        self.fields["label"].widget.attrs["size"] = 4
        self.fields["kind"].choices = SESSION_KINDS
        if not self.instance.pk:
            free = [letter for letter in ascii_uppercase if letter not in self.taken]
            self.fields["label"].initial = free[0] if free else ""
            self.fields["kind"].initial = "lifting"
        limits = kind_limits(list(exercises))
        self.refusals = {
            kind: "; ".join(why for why, kinds in limits if kind not in kinds)
            for kind, _ in SESSION_KINDS
            if any(kind not in kinds for _, kinds in limits)
        }
        if self.refusals:
            reasons = "; ".join(why for why, _ in limits)
            if len(self.refusals) == len(SESSION_KINDS):
                said = "No kind suits all its exercises"
            else:
                said = "Not " + _or([KIND_NAMES[kind].lower() for kind in self.refusals])
            self.fields["kind"].help_text = f"{said}: {reasons}."

    def clean_label(self) -> str:
        label = self.cleaned_data["label"].strip()
        if not label:
            raise forms.ValidationError(LABEL_NEEDED)
        label = clean_name(label, "Use letters or numbers in the label, such as A or B.")
        if label.upper() in self.taken:
            # Named as the phase shows it ("a" typed beside a session A): "session A".
            raise forms.ValidationError(
                f"This phase already has a session {self.taken[label.upper()]}."
            )
        return label

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        # Its kind as saved stays, whatever it holds (a heavy lift imported into a plyometric
        # session): a rename is not refused for what the rule check names already.
        if kind in self.refusals and not (self.instance.pk and kind == self.instance.kind):
            self["kind"].help_text = ""  # the refusal says it all, beside the field
            raise forms.ValidationError(
                f"Not {KIND_NAMES[kind].lower()}: {self.refusals[kind]}. Remove those exercises "
                "first, or keep the session's kind."
            )
        return kind


class PrescriptionForm(SaysWhatIsNeeded, forms.Form):
    needed = {"exercise": "Choose an exercise, or a kind of exercise for the planner to choose."}

    exercise = forms.ChoiceField(label="Exercise")
    side = forms.ChoiceField(
        choices=SIDES,
        required=False,
        label="Single-leg?",
        help_text="For a planner-chosen exercise only.",
    )
    sets = number(1, 8, label="Sets", initial=3)
    reps = number(
        1,
        30,
        label="Reps",
        required=False,
        help_text="Empty on a heavy lift: the phase's.",
    )
    seconds = number(1, 600, label="Seconds", required=False)
    metres = number(1, 400, label="Metres", required=False)
    percent_1rm = number(
        30, 100, label="% 1RM", required=False, help_text="Empty: the phase's range."
    )
    rir = number(0, 5, label="Reps in reserve", required=False)
    rest_s = number(0, 600, label="Rest (s)", name="Rest", unit="seconds", initial=120)
    notes = forms.CharField(max_length=200, required=False, label="Notes")

    def __init__(self, *args, exercises: list[Exercise], kind: str = "", kept: str = "", **kwargs):
        """`kind`: the session's, when the exercise chosen must be one it holds (KIND_HOLDS).
        `kept`: the exercise an edited row has (its choice), taken again whatever its kind, so
        a row already out of place can still have its other fields saved."""
        super().__init__(*args, **kwargs)
        self.exercises = {str(e.pk): e for e in exercises}
        self.kind = kind
        self.kept = kept
        slots = sorted({(e.category, e.pattern) for e in exercises})
        categories = sorted({category for category, _ in slots})
        current = self.data.get(self.add_prefix("exercise")) or self.initial.get("exercise")
        planner, self.slots = [], set()
        for c in categories:
            patterns = [p for category, p in slots if category == c]
            planner.append((f"{ANY}:{c}:", slot_label(c, "")))
            for p in patterns:
                value = f"{ANY}:{c}:{p}"
                self.slots.add(value)
                # A category with one movement pattern needs no second line for it.
                if len(patterns) > 1 or value == current:
                    planner.append((value, slot_label(c, p)))
        self.slots.update(value for value, _ in planner)
        groups: dict[str, list[tuple[str, str]]] = {}
        for e in exercises:
            groups.setdefault(CATEGORY_NAMES.get(e.category, e.category), []).append(
                (f"{EXERCISE}:{e.pk}", e.name)
            )
        self.fields["exercise"].choices = [
            ("", "Choose an exercise"),
            ("Planner chooses", planner),
            *groups.items(),
        ]
        if kind:
            # Offered: only what the session's kind holds (and the row's own exercise); the
            # rest stay valid choices, so one sent is refused with the reason, not a blank.
            # One sent and refused stays chosen in the form shown again, the reason beside it.
            def held(value: str) -> bool:
                if value in (kept, current if self.is_bound else None):
                    return True
                exercise = self.exercises.get(value[3:]) if value.startswith(EXERCISE) else None
                return not out_of_kind(exercise.category if exercise else value.split(":")[1], kind)

            offered = [("Planner chooses", planner), *groups.items()]
            self.fields["exercise"].widget.choices = [
                ("", "Choose an exercise"),
                *[
                    (g, kept_items)
                    for g, items in offered
                    if (kept_items := [c for c in items if held(c[0])])
                ],
            ]

    @classmethod
    def initial_for(cls, p: Prescription) -> dict:
        if p.exercise_id:
            choice = f"{EXERCISE}:{p.exercise_id}"
        else:
            choice = f"{ANY}:{p.category}:{p.pattern}"
        side = ""
        if not p.exercise_id and p.unilateral is not None:
            side = "unilateral" if p.unilateral else "bilateral"
        initial = {"exercise": choice, "side": side}
        for name in ("sets", "reps", "seconds", "metres", "percent_1rm", "rir", "rest_s", "notes"):
            initial[name] = getattr(p, name)
        return initial

    def clean_exercise(self) -> str:
        choice = self.cleaned_data["exercise"]
        if choice.startswith(f"{EXERCISE}:") and choice[3:] not in self.exercises:
            raise forms.ValidationError("Choose an exercise from your club's catalogue.")
        if choice.startswith(f"{ANY}:") and choice not in self.slots:
            raise forms.ValidationError("Choose an exercise from the list.")
        if self.kind and choice and choice != self.kept:
            exercise = self.exercises.get(choice[3:]) if choice.startswith(EXERCISE) else None
            category = exercise.category if exercise else choice.split(":")[1]
            if misplaced := out_of_kind(category, self.kind):
                if exercise is not None:
                    misplaced = f"{exercise.name}: {misplaced[0].lower()}{misplaced[1:]}"
                raise forms.ValidationError(f"{misplaced}.")
        return choice

    def clean(self):
        data = super().clean()
        choice = data.get("exercise")
        if not choice:
            return data
        given = [name for name in AMOUNT_FIELDS if data.get(name) is not None]
        exercise = self.exercises.get(choice[3:]) if choice.startswith(EXERCISE) else None
        if exercise is not None:
            wanted = AMOUNT_FIELD.get(exercise.load_mode, "reps")
            for name in given:
                if name != wanted:
                    self.add_error(name, f"{exercise.name} is dosed in {wanted}; leave this empty.")
            if wanted != "reps" and data.get(wanted) is None and wanted not in self.errors:
                # Reps may default to the phase's; a hold or a distance has no default.
                self.add_error(wanted, f"{exercise.name} is dosed in {wanted}: give the {wanted}.")
            if data.get("percent_1rm") is not None and exercise.load_mode != LoadMode.PERCENT_1RM:
                self.add_error("percent_1rm", f"{exercise.name} is not loaded from a 1RM.")
            if (
                wanted == "reps"
                and not given
                and exercise.category not in AMOUNT_WORKED_OUT
                and "reps" not in self.errors
            ):
                # The phase's reps are a heavy lift's: left empty, plans would give 10.
                self.add_error(
                    "reps", f"{exercise.name} takes no reps from the phase: give the reps."
                )
        elif len(given) > 1:
            for name in given[1:]:
                self.add_error(name, "Give reps, seconds or metres: only one of them.")
        elif not given and choice.split(":")[1] not in AMOUNT_WORKED_OUT:
            category = CATEGORY_NAMES.get(choice.split(":")[1], "this").lower()
            self.add_error(
                "reps",
                f"A {category} exercise takes no reps from the phase: give the reps, "
                "seconds or metres.",
            )
        if exercise is None and data.get("percent_1rm") is not None:
            # Left to the planner: a % 1RM only for a choice it may load from one.
            _, category, pattern = choice.split(":")
            side = {"unilateral": True, "bilateral": False}.get(data.get("side"))
            if not any(
                e.category == category
                and (not pattern or e.pattern == pattern)
                and (side is None or e.unilateral == side)
                and e.load_mode == LoadMode.PERCENT_1RM
                for e in self.exercises.values()
            ):
                words = CATEGORY_NAMES.get(category, category).lower()
                self.add_error(
                    "percent_1rm",
                    f"No {words} exercise the planner could choose here is loaded from a 1RM: "
                    "leave this empty.",
                )
        return data

    def prescription_fields(self) -> dict:
        """The cleaned form as Prescription field values."""
        data = self.cleaned_data
        kind, _, rest = data["exercise"].partition(":")
        if kind == EXERCISE:
            exercise = self.exercises[rest]
            category, pattern, unilateral = exercise.category, exercise.pattern, exercise.unilateral
        else:
            exercise = None
            category, _, pattern = rest.partition(":")
            unilateral = {"unilateral": True, "bilateral": False}.get(data["side"])
        fields = {
            "exercise": exercise,
            "category": category,
            "pattern": pattern,
            "unilateral": unilateral,
            "notes": clean_note(data["notes"]),
        }
        for name in ("sets", "reps", "seconds", "metres", "percent_1rm", "rir", "rest_s"):
            fields[name] = data[name]
        return fields
