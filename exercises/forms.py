import hashlib

from django import forms
from django.db import models
from django.utils.text import slugify

from config.needed import SaysWhatIsNeeded, label_words
from config.text import SEARCH_LETTERS, NameField, TextBox, clean_name, name_key, search_key
from exercises.models import Category, Equipment, Exercise, Laterality, LoadMode, Pattern


def prompt_to_choose(form: forms.BaseForm) -> None:
    """ "Choose…" where a menu has nothing chosen yet, instead of Django's dashes."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = "Choose…"
        elif isinstance(field, forms.ChoiceField):
            listed = list(field.choices)
            if listed and listed[0][0] == "":
                field.choices = [("", "Choose…"), *listed[1:]]


class ExerciseFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=80,
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Search exercises"}),
    )
    category = forms.ChoiceField(required=False, choices=[("", "Any category"), *Category.choices])
    pattern = forms.ChoiceField(required=False, choices=[("", "Any pattern"), *Pattern.choices])
    laterality = forms.ChoiceField(
        required=False, choices=[("", "Either side"), *Laterality.choices]
    )
    equipment = forms.ChoiceField(
        required=False, choices=[("", "Any equipment"), *Equipment.choices]
    )

    def unused(self) -> list[str]:
        """The filters the address gave that cannot be used, each with why, in the page's words."""
        said = []
        for name in self.errors:
            if name == "q":
                most = self.fields["q"].max_length
                said.append(f"the search (at most {most} characters of plain text)")
            else:
                value = str(self.data.get(name, ""))[:40]
                word = {"laterality": "side"}.get(name, name)
                said.append(f"{word} “{value}”, not one of its choices")
        return said

    def apply(self, queryset):
        """The catalogue filtered by what is valid of the filters (the page says which are
        not used, and why)."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = {name: "" for name in self.fields} | self.cleaned_data
        if data["q"]:
            wanted = _letters(data["q"])
            if wanted:
                names = queryset.values_list("pk", "name")
                queryset = queryset.filter(pk__in=[pk for pk, n in names if wanted in _letters(n)])
            else:
                queryset = queryset.filter(name__icontains=data["q"])
        for field in ("category", "pattern", "laterality", "equipment"):
            if data[field]:
                queryset = queryset.filter(**{field: data[field]})
        return queryset


def _letters(text: str) -> str:
    """A name's letters and digits as a search matches them: "single leg", "single-leg" and
    "singleleg" all find Single-leg calf raise, "pushup" finds Push-up, "elan" Élan."""
    return "".join(ch for ch in search_key(text) if ch.isalnum())


SLUG_LENGTH = Exercise._meta.get_field("slug").max_length
TEXT_LIMIT = Exercise._meta.get_field("why").max_length  # the cues take as much
RESERVED_SLUGS = {"new"}
EDITABLE = (
    *("name", "category", "pattern", "laterality", "plane", "equipment", "load_mode"),
    *("primary_muscles", "why", "cues", "difficulty"),
)

VARIANTS = ("easier", "harder")
VARIANTS_ID = ("easier_id", "harder_id")
VARIANT_HELP = {
    "easier": "Plans give it instead to an athlete not yet at this exercise's level, if it "
    "is of the same category.",
    "harder": "Conditioning moves on to it once 3 × 20 is reached (L5), if it is of the same "
    "category.",
}
# How plans step to a variant (programs/engine): only to one of the same category.
OTHER_CATEGORY = {
    "easier": "Easier variant “{name}”: plans will not give it in this exercise's place, as it "
    "is {its} work and this exercise {ours}; plans step down only to a variant of the same "
    "category.",
    "harder": "Harder variant “{name}”: plans will not move on to it, as it is {its} work and "
    "this exercise {ours}; plans step up only to a variant of the same category.",
}
NOT_VISIBLE = "Choose one of the exercises listed: the Runstrength catalogue's or your club's."


class VariantField(forms.ModelChoiceField):
    """An easier or harder variant: an exercise the club sees (shipped or its own), never the
    exercise itself."""

    def __init__(self, *args, itself: Exercise | None = None, word: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.itself, self.word = itself, word

    def to_python(self, value):
        if self.itself is not None and str(value) == str(self.itself.pk):
            raise forms.ValidationError(
                f"An exercise cannot be its own {self.word} variant: choose another, or none."
            )
        return super().to_python(value)


# What programmes and plans were made from: changing it under them would change their meaning.
FIXED_IN_USE = ("category", "pattern", "laterality", "load_mode")
# How plans dose each kind of work (programs/engine/sessions.py): a hill sprint is timed, a
# heavy lift is a share of its 1RM or of body weight, or reps; another pairing is ignored.
DOSED_BY = {
    Category.MAX_STRENGTH: (
        *(LoadMode.PERCENT_1RM, LoadMode.PERCENT_BODYWEIGHT),
        LoadMode.BODYWEIGHT_REPS,  # a Nordic curl: reps and reps in reserve
    ),
    Category.POWER: (LoadMode.PERCENT_1RM, LoadMode.PERCENT_BODYWEIGHT, LoadMode.BODYWEIGHT_REPS),
    Category.PLYOMETRIC: (LoadMode.BODYWEIGHT_REPS, LoadMode.METRES),
    Category.CONDITIONING: (
        *(LoadMode.BODYWEIGHT_REPS, LoadMode.SECONDS, LoadMode.METRES),
        LoadMode.PERCENT_BODYWEIGHT,
    ),
    Category.HILL_SPRINT: (LoadMode.SECONDS,),
    Category.MOBILITY: (LoadMode.BODYWEIGHT_REPS, LoadMode.SECONDS),
}


def category_name(value: str) -> str:
    """A category as the page names it; a stored value that is none of the categories (from
    an older catalogue, or written by hand) is named as it is stored rather than refused."""
    if value in Category.values:
        return str(Category(value).label)
    return str(value).replace("_", " ").strip() or "uncategorised"


def variant_notes(category: str, chosen: dict[str, Exercise | None]) -> dict[str, str]:
    """For each variant of another category than the exercise's, what plans will not do
    with it (programs/engine steps only within a category)."""
    return {
        word: OTHER_CATEGORY[word].format(
            name=variant.name,
            its=category_name(variant.category).lower(),
            ours=category_name(category).lower(),
        )
        for word, variant in chosen.items()
        if variant is not None and variant.category != category
    }


def in_use(exercise: Exercise) -> bool:
    """True when any row that keeps the exercise from being deleted refers to it."""
    for relation in exercise._meta.related_objects:
        if relation.on_delete in (models.RESTRICT, models.PROTECT):
            rows = relation.related_model._base_manager.filter(**{relation.field.name: exercise})
            if rows.exists():
                return True
    return False


def fingerprint(exercise: Exercise) -> str:
    """A short digest of what the edit form changes: a stale form's digest differs."""
    values = [getattr(exercise, name) for name in (*EDITABLE, *VARIANTS_ID)]
    text = "\x1f".join(str(value) for value in values)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _whole_key(name: str, latin: bool = True) -> str:
    """The web address a name gives, before it is cut to length. Letters that are not a
    Latin letter with an accent are spelt as Latin ones ("Łydki": lydki, "Straße": strasse);
    with `latin` false, as addresses were made before, they are left out ("ydki")."""
    whole = slugify(name.casefold().translate(SEARCH_LETTERS) if latin else name)
    if not whole:
        # A name in another script (Приседания, 深蹲) has no Latin letters for its web
        # address: it gets one made from the name itself, the same for the same name.
        whole = "exercise-" + hashlib.sha256(name.lower().encode()).hexdigest()[:10]
    return whole


def _clash(name: str, taken: Exercise, renamed: bool = False) -> str:
    """Why a new name cannot have the web address another exercise holds, or (`renamed`,
    an exercise keeping its own address) be that one's name written plainly."""
    if slugify(name, allow_unicode=True) == slugify(taken.name, allow_unicode=True):
        return (
            f"This name has the same letters and numbers as “{taken.name}”: choose one that "
            "differs in more than punctuation or spaces."
        )
    if renamed:
        return f"This name reads as “{taken.name}” written without its accents: choose another."
    # The key its name gives now, or gave when the letters above were left out.
    first = {_whole_key(taken.name, latin)[:SLUG_LENGTH].rstrip("-") for latin in (True, False)}
    if taken.club_id is not None and taken.slug not in first | {f"{k}-exercise" for k in first}:
        # A renamed exercise keeps the key its first name gave it.
        return f"This name is taken: “{taken.name}” was first called that. Choose another."
    return f"This name would share its web address with “{taken.name}”: choose another."


class ExerciseForm(SaysWhatIsNeeded, forms.ModelForm):
    needed = {
        "name": "Enter the exercise's name.",
        "pattern": "Choose the movement pattern.",
        "laterality": "Choose bilateral (both legs) or unilateral (one at a time).",
        "plane": "Choose the plane of movement.",
        "load_mode": "Choose how the exercise is loaded.",
        "difficulty": "Choose the difficulty: 1, 2 or 3.",
    }

    class Meta:
        model = Exercise
        fields = [
            "name",
            "category",
            "pattern",
            "laterality",
            "plane",
            "equipment",
            "load_mode",
            "primary_muscles",
            "why",
            "cues",
            "difficulty",
            "easier",
            "harder",
        ]
        labels = {"easier": "Easier variant", "harder": "Harder variant"}
        field_classes = {"name": NameField, "why": TextBox, "cues": TextBox}
        widgets = {
            "why": forms.Textarea(attrs={"rows": 2}),
            "cues": forms.Textarea(attrs={"rows": 3}),
            "difficulty": forms.Select(
                choices=[(1, "1: suits novices"), (2, "2: intermediate"), (3, "3: advanced only")]
            ),
        }

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club
        prompt_to_choose(self)
        self._variant_fields()
        # What plans will not do with the variants chosen, said beside each (not an error:
        # the catalogue pairs some lifts across categories too, for the coach to read).
        self.variant_notes: dict[str, str] = {}
        if self.instance.pk and not self.is_bound:
            chosen = {word: getattr(self.instance, word) for word in VARIANTS}
            self.variant_notes = variant_notes(self.instance.category, chosen)
        if self.instance.pk:
            self.fields["seen"].initial = fingerprint(self.instance)
            if in_use(self.instance):
                for name in FIXED_IN_USE:
                    self.fields[name].disabled = True
                    self.fields[
                        name
                    ].help_text = "Fixed: programmes, plans or 1RM tests use this exercise."

    def _variant_fields(self) -> None:
        """The easier and harder variant: any exercise the club sees but this one (a club's
        own with a shipped exercise's key stands for it, as in the builder), by category."""
        itself = self.instance if self.instance.pk else None
        visible = Exercise.objects.for_club(self.club)
        if itself is not None:
            visible = visible.exclude(slug=itself.slug)
        by_slug = {e.slug: e for e in visible.shipped_first().only("slug", "name", "category")}
        groups: dict[str, list[tuple[int, str]]] = {}
        for e in sorted(by_slug.values(), key=lambda e: (e.category, e.name)):
            groups.setdefault(category_name(e.category), []).append((e.pk, e.name))
        for word in VARIANTS:
            field = VariantField(
                queryset=visible,
                required=False,
                itself=itself,
                word=word,
                label=self.fields[word].label,
                help_text=VARIANT_HELP[word],
                empty_label="None",
                error_messages={"invalid_choice": NOT_VISIBLE},
            )
            field.widget.choices = [("", "None"), *groups.items()]
            self.fields[word] = field

    def clean(self) -> dict:
        data = super().clean()
        if data.get("easier") is not None and data.get("easier") == data.get("harder"):
            self.add_error(
                "harder", "This is the easier variant too: choose another harder one, or none."
            )
        category, mode = data.get("category"), data.get("load_mode")
        if category:
            chosen = {word: data.get(word) for word in VARIANTS}
            self.variant_notes = variant_notes(category, chosen)
        if self.fields["load_mode"].disabled:
            self._refuse_changes_to_fixed()
            return data  # in use and fixed: as it was made, whatever it was
        if category and mode and mode not in DOSED_BY[category]:
            kinds = " or ".join(str(LoadMode(m).label) for m in DOSED_BY[category])
            self.add_error(
                "load_mode",
                f"{Category(category).label} work is dosed by {kinds}: plans would not "
                "follow any other.",
            )
        return data

    def _refuse_changes_to_fixed(self) -> None:
        """A page shows a fixed field disabled, and a browser sends nothing for it. A value
        sent for one comes from a page opened before anything used the exercise: a change
        there cannot be saved, and is not passed over as if it were."""
        for name in FIXED_IN_USE:
            sent = self.data.get(self.add_prefix(name))
            stored = getattr(self.instance, name)
            if sent in (None, "") or sent == stored:
                continue
            field = self.fields[name]
            shown = dict(field.choices).get(stored, stored)
            self.add_error(
                name,
                "Not saved: programmes, plans or 1RM tests have come to use this exercise "
                f"since this page was opened, so its {label_words(field, name)} stays {shown}.",
            )

    def clean_difficulty(self) -> int:
        difficulty = self.cleaned_data["difficulty"]
        if difficulty not in (1, 2, 3):
            raise forms.ValidationError("Choose 1, 2 or 3.")
        return difficulty

    def clean_name(self) -> str:
        name = clean_name(self.cleaned_data["name"])
        whole = _whole_key(name)
        slug = whole[:SLUG_LENGTH].rstrip("-")  # a long name's key is its first words
        if slug in RESERVED_SLUGS:  # /exercises/new/ is the add page, not an exercise
            slug = whole = f"{slug}-exercise"
        others = Exercise.objects.for_club(self.club).exclude(pk=self.instance.pk)
        # One name in another case is the same name (STRASSE is Straße, which the
        # database's case-blind match and the web address both tell apart).
        if any(
            name_key(other) == name_key(name) for other in others.values_list("name", flat=True)
        ):
            raise forms.ValidationError("An exercise with this name already exists.")
        # The same letters and numbers as another's name ("Back-Squat" beside "Back squat")
        # is one name twice, also beside one whose key was made leaving out a letter such
        # as Ł ("Lydki" beside "Łydki" at ydki). A name kept as it was is not checked: two
        # made that way before stay editable.
        if not self.instance.pk or name_key(name) != name_key(self.instance.name):
            twin = next((o for o in others.only("name") if _whole_key(o.name) == whole), None)
            if twin is not None:
                raise forms.ValidationError(_clash(name, twin, renamed=bool(self.instance.pk)))
        if self.instance.pk:
            # The key stays as made: plans, tests and programmes know the exercise by it.
            self.slug = self.instance.slug
            return name
        taken = Exercise.objects.for_club(self.club).filter(slug=slug).first()
        if taken is not None:
            if slug != whole:
                raise forms.ValidationError(
                    "Another exercise's name starts the same way: make the first "
                    f"{SLUG_LENGTH} characters differ."
                )
            if taken.name.lower() != name.lower():
                raise forms.ValidationError(_clash(name, taken))
            raise forms.ValidationError("An exercise with this name already exists.")
        self.slug = slug
        return name

    def is_stale(self) -> bool:
        """True when someone saved the exercise since this form was shown."""
        current = Exercise.objects.get(pk=self.instance.pk)
        return self.cleaned_data.get("seen") != fingerprint(current)

    def save(self, commit: bool = True) -> Exercise:
        exercise = super().save(commit=False)
        exercise.club = self.club
        exercise.slug = self.slug
        if commit:
            exercise.save()
        return exercise
