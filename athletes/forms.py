import hashlib
import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm, UserCreationForm
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from athletes import units as unit_of
from athletes.models import (
    CURRENT_FIRST,
    DAY_NAMES,
    DAYS,
    Athlete,
    Club,
    Run,
    RunTime,
    Squad,
    StrengthTest,
    Units,
)
from config.mail import mail_server_set_up
from config.needed import SaysWhatIsNeeded
from config.text import (
    CommaDecimalField,
    NameField,
    TextBox,
    clean_name,
    clean_note,
    name_key,
    search_key,
)
from exercises.forms import prompt_to_choose
from exercises.models import Exercise, LoadMode
from programs.engine import plate_step

MAX_ONE_RM = {"kg": Decimal("400"), "lb": Decimal("880")}
# The planner counts back at most 104 weeks from race day (docs/plan-format.md); a plan may start a
# week in the past, so a race up to 100 weeks ahead always leaves room.
RACE_HORIZON = timedelta(weeks=100)
PLAN_REACH = timedelta(weeks=104)


class UniqueEmail:
    """One working account per email address, so that a password reset (which reaches
    working accounts only) reaches the right one. A coach taken off a club can be invited
    back with the same address."""

    def clean_email(self) -> str:
        email = self.cleaned_data.get("email", "").strip()
        accounts = get_user_model().objects.filter(email__iexact=email, is_active=True)
        if email and accounts.exists():
            # With no mail server, the reset page sends no link: not the way to that account.
            yours = (
                "reset that account's password if it is yours"
                if mail_server_set_up()
                else "log in with that account if it is yours"
            )
            raise forms.ValidationError(
                f"Another account uses this email: give another (an account belongs to one "
                f"club), or {yours}."
            )
        return email


# What a password validator refuses, by its code, in words that say what to do instead.
PASSWORD_WORDS = {
    "password_too_short": "Make the password at least {min_length} characters long "
    "(this one has {length}).",
    "password_too_common": "This password is among the most used, which are guessed first: "
    "choose a less common one.",
    "password_entirely_numeric": "Add a letter or a sign: a password of digits only is "
    "quickly guessed.",
    "password_too_similar": "The password is too like your {verbose_name}: choose one less "
    "like it.",
}
PASSWORD_HELP = (
    "At least 8 characters, not only digits, not a common password and not like your "
    "username or email."
)
PASSWORD_AGAIN_HELP = "The same password again, to be sure it was typed right."


def password_words(error: ValidationError, password: str) -> list[ValidationError]:
    """The validators' refusals of `password` in the product's words (any other
    validator's message is kept)."""
    said = []
    for refusal in error.error_list:
        words = PASSWORD_WORDS.get(refusal.code)
        if words is None:
            said.append(refusal)
            continue
        params = {**(refusal.params or {}), "length": len(password)}
        said.append(ValidationError(words.format(**params), code=refusal.code))
    return said


class WeaknessBesidePassword:
    """What is wrong with a new password ("too short", "too common") beside the field it
    was chosen in, not beside its confirmation (which Django picks): the coach sees where to
    type a better one. Two passwords that differ are still told beside the confirmation, and
    the weakness with them: the first one typed is weighed, so both are told at once. Each
    is said in the product's words, as is the help beside the two fields."""

    error_messages = {
        "password_mismatch": "The two passwords differ: type the same password in both fields.",
        "password_incorrect": "That is not your current password: type it again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, help_text in (("1", PASSWORD_HELP), ("2", PASSWORD_AGAIN_HELP)):
            for field_name in (f"password{name}", f"new_password{name}"):
                if field_name in self.fields:
                    self.fields[field_name].help_text = help_text

    def validate_password_for_user(self, user, password_field_name="password2"):  # noqa: S107
        chosen = password_field_name.replace("2", "1")
        password = self.cleaned_data.get(chosen)
        if password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.add_error(chosen, password_words(error, password))


USERNAME_WORDS = {
    "invalid": "Use only letters, digits and the signs @ . + - _ in the username: no spaces.",
    "unique": "This username is taken: choose another.",
}
# Sign-up refuses a username another login has in any case (see LoginForm): the one who
# typed "Hannah" for a "hannah" is told why it is not another name.
USERNAME_IN_OTHER_CAPITALS = (
    "This username is taken, in other capitals (they do not make it another): choose another."
)
USERNAME_HELP = "Letters, digits and the signs @ . + - _ only, no spaces."


class NewUsername:
    """A form making a login: what is wrong with the username chosen, in the product's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.error_messages.update(USERNAME_WORDS)
        username.help_text = USERNAME_HELP

    def clean_username(self):
        username = self.cleaned_data.get("username")
        users = get_user_model()._default_manager
        if (
            username
            and users.filter(username__iexact=username).exists()
            and not users.filter(username=username).exists()
        ):
            raise ValidationError(USERNAME_IN_OTHER_CAPITALS, code="unique")
        return super().clean_username()


NEW_PASSWORD_NEEDED = {
    "new_password1": "Choose a new password.",
    "new_password2": "Enter the new password again.",
}


class NewPasswordForm(SaysWhatIsNeeded, WeaknessBesidePassword, SetPasswordForm):
    needed = NEW_PASSWORD_NEEDED


class ChangePasswordForm(SaysWhatIsNeeded, WeaknessBesidePassword, PasswordChangeForm):
    needed = {"old_password": "Enter your current password.", **NEW_PASSWORD_NEEDED}


NO_MAIL_HELP = (
    "Kept for password resets, though this site cannot send them until a mail server is set up."
)


class EmailHelpForMail:
    """The email box's help says what the address is for on this site: a password reset goes
    there only once a mail server is set up; until then, the words say so (and `no_mail_too`,
    who helps meanwhile)."""

    no_mail_too = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields and not mail_server_set_up():
            self.fields["email"].help_text = NO_MAIL_HELP + self.no_mail_too


ACCOUNT_NEEDED = {
    "username": "Choose a username.",
    "password1": "Choose a password.",
    "password2": "Enter the same password again.",
}


class NewAccountForm(
    EmailHelpForMail,
    SaysWhatIsNeeded,
    UniqueEmail,
    NewUsername,
    WeaknessBesidePassword,
    UserCreationForm,
):
    """A new login: a username not taken, an email no other account has, a password that is
    not weak, and each missing value said in words."""


class SignupForm(NewAccountForm):
    needed = {
        **ACCOUNT_NEEDED,
        "email": "Enter your email address.",
        "club_name": "Enter your club's name.",
    }
    club_name = NameField(
        max_length=100, label="Club name", widget=forms.TextInput(attrs={"autofocus": True})
    )
    # The owner's only way back in after a forgotten password: no one else can reset it.
    email = forms.EmailField(
        max_length=254, help_text="Where a password reset is sent if you forget your password."
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)  # the club name is first
        if self.is_bound:  # sent back with a mistake: the keyboard goes to the mistake
            self.fields["club_name"].widget.attrs.pop("autofocus", None)

    def clean_club_name(self) -> str:
        return clean_name(self.cleaned_data["club_name"])


class InviteAcceptForm(NewAccountForm):
    """A coach joining a club by invitation."""

    needed = ACCOUNT_NEEDED

    email = forms.EmailField(
        required=False,
        help_text="Where a password reset is sent if you forget your password.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


class AthleteLoginForm(InviteAcceptForm):
    """An athlete making their login from the coach's invitation."""

    email = forms.EmailField(
        required=False,
        help_text="Where a password reset is sent if you forget your password (without "
        "one, ask your coach for a new login).",
    )
    no_mail_too = " Meanwhile, if you forget your password, ask your coach for a new login."


class ClubNameForm(SaysWhatIsNeeded, forms.ModelForm):
    needed = {"name": "Enter the club's name."}
    # The name the form was shown with: a rename since (another tab) makes it stale.
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100, strip=False)

    class Meta:
        model = Club
        fields = ["name"]
        field_classes = {"name": NameField}
        labels = {"name": "Club name"}
        help_texts = {"name": "Shown in the top bar and printed on the PDF plans."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["seen"] = self.instance.name

    def clean_name(self) -> str:
        return clean_name(self.cleaned_data["name"])


class AccountEmailForm(EmailHelpForMail, SaysWhatIsNeeded, forms.Form):
    """A coach's own email, the address a password reset goes to; the password confirms
    it is them at the keyboard."""

    needed = {
        "email": "Enter your email address: as the club's owner, it is your only way back "
        "in if you forget your password.",
        "password": "Enter your password to confirm the change.",
    }

    email = forms.EmailField(
        required=False,
        max_length=254,
        help_text="Where a password reset is sent if you forget your password.",
    )
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, owner: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.is_bound:
            self.initial["email"] = user.email
        if owner:  # no one else can reset the owner's password: the email stays
            self.fields["email"].required = True

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        others = get_user_model().objects.filter(email__iexact=email, is_active=True)
        if email and others.exclude(pk=self.user.pk).exists():
            raise forms.ValidationError("Another account uses this email: give another.")
        return email

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class InviteForm(SaysWhatIsNeeded, forms.Form):
    email = forms.EmailField(
        required=False,
        max_length=254,  # as an account's email is kept
    )

    def __init__(self, *args, club=None, **kwargs):
        # The club page also has the coach's own email field: ids of its own, so each
        # label, help text and error points at its own field.
        kwargs.setdefault("auto_id", "id_invite_%s")
        super().__init__(*args, **kwargs)
        self.club = club
        self.fields["email"].help_text = (
            "Optional: who the link is for; the link is emailed there."
            if mail_server_set_up()
            else "Optional: who the link is for (this site sends no mail, so pass the link "
            "on yourself)."
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email and self.club is not None:
            # One of the club's own coaches: the link would be of no use to them, as their
            # address already has a working account (the page lists the coaches' addresses).
            member = (
                self.club.memberships.filter(user__email__iexact=email, user__is_active=True)
                .select_related("user")
                .first()
            )
            if member is not None:
                raise forms.ValidationError(
                    f"{member.user.get_username()} already coaches at {self.club.name} with "
                    "this address: no invitation needed."
                )
        return email


NAME_NEEDED = "Enter the athlete's name."


class BodyMassField(CommaDecimalField):
    """A body mass, zeros after its last decimal dropped: 61.50 copied from a scale or a
    spreadsheet is 61.5, not two decimals refused."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and value.as_tuple().exponent < 0:
            whole = value == value.to_integral_value()
            value = value.quantize(Decimal(1)) if whole else value.normalize()
        return value


class AthleteForm(SaysWhatIsNeeded, forms.ModelForm):
    needed = {
        "name": NAME_NEEDED,
        "sex": "Choose the athlete's sex.",
        "body_mass_kg": "Enter the athlete's body mass in kilograms, for example 61.5.",
        "experience": "Choose the athlete's lifting experience.",
        "event": "Choose the athlete's event.",
        "units": "Choose kg or lb for the athlete's loads.",
    }

    class Meta:
        model = Athlete
        fields = [
            "name",
            "email",
            "squad",
            "sex",
            "body_mass_kg",
            "experience",
            "event",
            "units",
            "goal_race_name",
            "race_date",
            "notes",
            "injury_notes",
        ]
        widgets = {
            "race_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "injury_notes": forms.Textarea(attrs={"rows": 3}),
            # Text with a decimal keypad: a number box drops the comma of "61,5".
            "body_mass_kg": forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        }
        field_classes = {
            "name": NameField,
            "goal_race_name": NameField,
            "body_mass_kg": BodyMassField,
            "notes": TextBox,
            "injury_notes": TextBox,
        }
        # Under the form's "Goal race" heading: the race's name, and what no date means.
        labels = {"goal_race_name": "Race name"}
        help_texts = {
            "goal_race_name": "For example Valencia Marathon.",
            "race_date": (
                "Left empty, the plan is an off-season strength block; with a date, its "
                "phases count back from race day."
            ),
            "injury_notes": "Private to coaches: never shown on the athlete's pages.",
            "notes": "Private to coaches.",
            "units": "Of body mass, 1RM tests and the plan's loads.",
        }

    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=16)
    convert_units = forms.BooleanField(
        required=False,
        label="Yes, convert every load",
        help_text="1RM tests, logged sets and the plan, in one go.",
    )
    add_anyway = forms.BooleanField(
        required=False,
        label="Yes, they are someone else: add a new athlete of that name",
        help_text="Restoring the one archived brings back their plan, logs and 1RM tests.",
    )

    def __init__(
        self,
        *args,
        club,
        kept_races: frozenset = frozenset(),
        one_by_hand=False,
        body_mass_unit: str | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.club = club
        # Added by hand, a new athlete named as one who left is asked about (a roster import
        # lists such rows itself, with where to restore them).
        self.one_by_hand = one_by_hand
        self.archived_twin: Athlete | None = None
        self.fields["squad"].queryset = Squad.objects.filter(club=club)
        if not self.fields["squad"].queryset.exists():  # else a list with nothing to choose
            self.fields[
                "squad"
            ].help_text = "No squads yet: create them on the Squads page, then choose one here."
        # Race dates passed since they were set, kept by the athlete a roster import's row
        # names: the roster's export read back is not refused for them.
        self.kept_races = kept_races
        prompt_to_choose(self)
        self.fields["squad"].empty_label = "No squad"  # optional: its empty choice is a choice
        self.units_change = False  # an existing athlete's loads would change unit on save
        if self.instance.pk and not self.is_bound:
            self.initial["seen"] = athlete_stamp(self.instance)
        # Body mass is typed in the athlete's units, the ones chosen on this same form (beside
        # it), and kept in kilograms; `body_mass_unit` names another (a roster file's column).
        self.mass_unit = body_mass_unit or self._chosen_units()
        self.saved_mass = self.instance.body_mass_kg if self.instance.pk else None
        self.body_mass_note = ""
        mass = self.fields["body_mass_kg"]
        mass.label = "Body mass"
        mass.help_text = "In the athlete's units: kg or lb, as chosen under Units."
        if self.saved_mass is not None:
            self.initial["body_mass_kg"] = self.instance.body_mass
        words, example = (
            unit_of.UNIT_WORDS[self.mass_unit],
            unit_of.BODY_MASS_EXAMPLE[self.mass_unit],
        )
        self.needed = {
            **self.needed,
            "body_mass_kg": f"Enter the athlete's body mass in {words}, for example {example}.",
        }
        # The number a coach typed is the problem, not its digits: one plain message.
        plain = unit_of.body_mass_message(self.mass_unit)
        for code in ("min_value", "max_value", "max_digits", "max_whole_digits", "invalid"):
            mass.error_messages[code] = plain
        mass.error_messages["max_decimal_places"] = plain

    def _chosen_units(self) -> str:
        """The units the form was sent with, else those saved (kg for a new athlete)."""
        chosen = self.data.get(self.add_prefix("units")) if self.is_bound else None
        if chosen in Units.values:
            return chosen
        return self.instance.units if self.instance.pk else Units.KG

    @property
    def changed_data(self) -> list[str]:
        """The fields given another value; body mass, once cleaned, only when the kilograms
        kept change (156.6 lb typed for the 156.5 shown is the same 71.0 kg: no re-plan)."""
        kept = getattr(self, "cleaned_data", {}).get("body_mass_kg")
        same_mass = self.saved_mass is not None and kept == self.saved_mass
        return [n for n in super().changed_data if n != "body_mass_kg" or not same_mass]

    @staticmethod
    def attribute(name: str) -> str:
        return "squad_id" if name == "squad" else name

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(NAME_NEEDED)
        return clean_name(name)

    def clean_notes(self) -> str:
        return clean_note(self.cleaned_data["notes"])

    def clean_injury_notes(self) -> str:
        return clean_note(self.cleaned_data["injury_notes"])

    def clean(self) -> dict:
        cleaned = super().clean()
        old, new = self.instance.units if self.instance.pk else None, cleaned.get("units")
        self.units_change = bool(old and new and new != old)
        confirmed = cleaned.pop("convert_units", False)  # not a field of the athlete
        self._archived_twin(cleaned.get("name"), cleaned.pop("add_anyway", False))
        self.seen = cleaned.pop("seen", "")
        self._body_mass_in_kg(cleaned)
        if self.units_change and not confirmed:
            step = format(Decimal(str(plate_step(new))).normalize(), "f")
            self.add_error(
                "units",
                f"Switching from {old} to {new} converts every load: 1RM tests and logged sets "
                f"to 0.1 {new}, planned loads down to the {step} {new} plate step, so switching "
                "back later can leave a planned load one step lower and a test or logged set "
                "0.1 off. Tick the box below to go ahead.",
            )
        return cleaned

    def _body_mass_in_kg(self, cleaned: dict) -> None:
        """The body mass typed, in the unit the form says, as the kilograms kept. Left as it
        was shown, it is the mass saved: a coach switching units only has not weighed the
        athlete again, and the number, shown in the old unit, is shown again in the new one
        (the switch is confirmed on a second submit). So is the mass saved as shown in the
        other unit: the new one's number, left as it is when the coach chooses the old units
        again rather than confirm the switch, is not read in those."""
        typed = cleaned.get("body_mass_kg")
        if typed is None:
            return
        if self.saved_mass is not None and (
            not self["body_mass_kg"]._has_changed()
            or any(typed == unit_of.body_mass_shown(self.saved_mass, u) for u in Units.values)
        ):
            cleaned["body_mass_kg"] = self.saved_mass
            now = unit_of.body_mass_shown(self.saved_mass, self.mass_unit)
            if typed != now:  # shown in the other unit: shown again in the one chosen
                self.data = self.data.copy()
                self.data[self.add_prefix("body_mass_kg")] = f"{now:f}"
            if self.units_change:
                was = self.initial["body_mass_kg"]
                self.body_mass_note = (
                    f"Now in {cleaned['units']}: {now:f} {cleaned['units']} is the "
                    f"{was.normalize():f} {self.instance.units} saved."
                )
            return
        kg = unit_of.body_mass_kg(typed, self.mass_unit)
        low, high = unit_of.BODY_MASS_KG
        if low <= kg <= high:
            cleaned["body_mass_kg"] = kg
        else:
            self.add_error("body_mass_kg", unit_of.body_mass_message(self.mass_unit))

    def _archived_twin(self, name: str | None, confirmed: bool) -> None:
        """A new athlete named as an archived one is most often that runner back: restoring
        them keeps their history, so the coach is asked first (as a roster import does)."""
        if not self.one_by_hand or self.instance.pk or not name or confirmed:
            return
        key = search_key(name)
        archived = Athlete.objects.filter(club=self.club, archived_at__isnull=False)
        self.archived_twin = next(
            (a for a in archived.only("pk", "name") if search_key(a.name) == key), None
        )
        if self.archived_twin is not None:
            self.add_error(
                "name",
                f"{self.archived_twin.name} is archived (left the club). If they are back, "
                "restore them instead; if not, tick the box below.",
            )

    def clean_race_date(self) -> date | None:
        race_date = self.cleaned_data.get("race_date")
        if race_date is None:
            return None
        unchanged = (
            self.instance.pk and self.instance.race_date == race_date
        ) or race_date in self.kept_races
        if race_date < timezone.localdate() and not unchanged:
            raise forms.ValidationError("The race date must be today or later.")
        latest = timezone.localdate() + RACE_HORIZON
        if race_date > latest and not unchanged:
            raise forms.ValidationError(
                f"Choose a race by {latest:%-d %b %Y} (within 100 weeks): a plan counts back "
                "from race day at most 104 weeks."
            )
        if self.instance.pk and not unchanged:
            from schedules.models import Assignment  # the plan depends on athletes, not back

            assignment = Assignment.objects.filter(athlete=self.instance, active=True).first()
            if assignment and race_date <= assignment.start_date:
                # The plan would drop the race and become an off-season block without a word.
                raise forms.ValidationError(
                    f"The plan starts on {assignment.start_date:%-d %b %Y}, not before this "
                    "race: assign the programme again from an earlier start first."
                )
            if assignment and race_date >= assignment.start_date + PLAN_REACH:
                latest = assignment.start_date + PLAN_REACH - timedelta(days=1)
                raise forms.ValidationError(
                    f"The plan runs from {assignment.start_date:%-d %b %Y} and reaches at most "
                    f"104 weeks: choose a race by {latest:%-d %b %Y}, or assign the programme "
                    "again from a later start first."
                )
        return race_date


HARD_RUNS = (Run.QUALITY, Run.LONG)


def clear_lifting_days(week: dict) -> list[str]:
    """Days on which a lift breaks no placement rule: an easy or rest day, or a morning quality
    session with the lift later (W2), that is not the day before a quality session or a long
    run (W1); the week repeats, so Sunday leads into Monday."""
    entries = [week.get(day) or {} for day in DAYS]
    runs = [entry.get("run", Run.REST) for entry in entries]

    def liftable(i: int) -> bool:
        quality_am = runs[i] == Run.QUALITY and entries[i].get("time") == RunTime.AM
        return runs[i] in (Run.EASY, Run.REST) or quality_am

    return [
        day
        for i, day in enumerate(DAYS)
        if liftable(i) and runs[(i + 1) % len(DAYS)] not in HARD_RUNS
    ]


def spaced_pair(days: list[str]) -> bool:
    """True when two of the days are at least 48 hours apart, the week wrapping round."""
    index = [DAYS.index(d) for d in days]
    return any(min(abs(a - b), 7 - abs(a - b)) >= 2 for a in index for b in index)


def athlete_stamp(athlete: Athlete) -> str:
    """A short digest of what the athlete form shows: a form shown with other values is
    stale. Other saves (a running week, a unit switch elsewhere) do not make it so."""
    shown = [str(getattr(athlete, AthleteForm.attribute(name))) for name in AthleteForm.Meta.fields]
    return hashlib.sha256("\x1f".join(shown).encode()).hexdigest()[:16]


def week_stamp(week: dict) -> str:
    """A short digest of a running week: a form shown with another week is stale."""
    return hashlib.sha256(json.dumps(week, sort_keys=True).encode()).hexdigest()[:16]


class RunningWeekForm(SaysWhatIsNeeded, forms.Form):
    """One run type and time of day per weekday."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=16)

    def __init__(self, *args, initial_week: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        week = initial_week or {}
        self.needed = {
            **{f"{d}_run": f"Choose {DAY_NAMES[d]}'s run (rest for none)." for d in DAYS},
            **{f"{d}_time": f"Choose AM or PM for {DAY_NAMES[d]}'s run." for d in DAYS},
        }
        self.fields["seen"].initial = week_stamp(week)
        for day in DAYS:
            entry = week.get(day) or {}
            self.fields[f"{day}_run"] = forms.ChoiceField(
                choices=Run.choices, label=DAY_NAMES[day], initial=entry.get("run", "rest")
            )
            self.fields[f"{day}_time"] = forms.ChoiceField(
                choices=[("", "—"), *RunTime.choices],
                required=False,
                label=f"{DAY_NAMES[day]} time",
                initial=entry.get("time") or "",
            )

    def day_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(DAY_NAMES[d], self[f"{d}_run"], self[f"{d}_time"]) for d in DAYS]

    def clean(self) -> dict:
        cleaned = super().clean()
        for day in DAYS:
            run = cleaned.get(f"{day}_run")
            time = cleaned.get(f"{day}_time")
            if run and run != Run.REST and not time and f"{day}_time" not in self.errors:
                # One message at the box: a time not offered has its own already.
                self.add_error(f"{day}_time", f"Choose AM or PM for {DAY_NAMES[day]}'s run.")
        return cleaned

    def lifting_days_notice(self) -> str:
        """A word for a running week that leaves fewer than two clear days to lift on."""
        clear = clear_lifting_days(self.running_week())
        if spaced_pair(clear):
            return ""
        if not clear:
            days = "no day"
        elif len(clear) == 1:
            days = f"only {DAY_NAMES[clear[0]]}"
        else:  # back to back: two heavy sessions want 48 hours between them (W5)
            days = "only " + " and ".join(DAY_NAMES[d] for d in clear) + ", back to back,"
        return (
            f"This week leaves {days} clear for lifting (an easy or rest day, or a morning "
            "quality session with the lift later that day, and not the day before a quality "
            "session or long run: W1, W2, W3; two lifts 48 h apart: W5). "
            "The plan places lifts where they break the fewest rules and names the rules "
            "they break."
        )

    def running_week(self) -> dict:
        week = {}
        for day in DAYS:
            run = self.cleaned_data[f"{day}_run"]
            week[day] = (
                {"run": run}
                if run == Run.REST
                else {
                    "run": run,
                    "time": self.cleaned_data[f"{day}_time"],
                }
            )
        return week


OLDEST_TEST_YEARS = 5


# A test this far above the lift's last one, or past this many times body mass, is asked
# about once: the plan takes its loads from it at once (a slip of 300 for 30 reached the
# athlete's phone as 3 x 10 @ 195 kg).
UNUSUAL_RISE = Decimal("1.3")
# As far below it is asked about too: a digit left off (8 for 80), or kilograms typed for
# an athlete in pounds, would load the plan from a fraction of the athlete's strength.
UNUSUAL_FALL = Decimal("0.6")
UNUSUAL_BODY_MASS = Decimal("2.5")


def check_test_date(tested_on: date) -> date:
    """A test's date: not in the future, nor so old it says little about today."""
    today = timezone.localdate()
    if tested_on > today:
        raise forms.ValidationError("A test cannot be in the future.")
    if tested_on < today.replace(year=today.year - OLDEST_TEST_YEARS, day=1):
        raise forms.ValidationError(
            f"Use a test from the last {OLDEST_TEST_YEARS} years: an older one says little "
            "about today's strength."
        )
    return tested_on


def tested_lifts(club: Club):
    """The lifts a 1RM test can be recorded for: those loaded by % of 1RM."""
    return Exercise.objects.for_club(club).filter(load_mode=LoadMode.PERCENT_1RM)


class SquadTestingForm(SaysWhatIsNeeded, forms.Form):
    """The lift and the day of a squad's testing session, shared by every athlete's result."""

    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.none(),
        label="Lift tested",
        error_messages={
            "invalid_choice": "That lift is no longer among the club's lifts a 1RM test is "
            "recorded for (deleted, or changed to another kind of load, since it was chosen)."
        },
    )
    tested_on = forms.DateField(
        label="Test date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, club: Club, **kwargs):
        super().__init__(*args, **kwargs)
        self.needed = {
            "exercise": "Choose the lift tested.",
            "tested_on": "Enter the test date, as 2027-03-14.",
        }
        self.fields["exercise"].queryset = tested_lifts(club)
        self.fields["exercise"].empty_label = "Choose the lift"
        self.fields["tested_on"].initial = timezone.localdate

    def clean_tested_on(self) -> date:
        return check_test_date(self.cleaned_data["tested_on"])


class ReadLift(forms.ModelChoiceField):
    """The lift of a test, chosen and checked already (the squad testing day's own lift):
    taken without reading it again; any other sent is not among the choices."""

    def __init__(self, lift: Exercise, **kwargs) -> None:
        super().__init__(queryset=Exercise.objects.filter(pk=lift.pk), **kwargs)
        self.lift = lift

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if str(value) != str(self.lift.pk):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return self.lift


class StrengthTestForm(SaysWhatIsNeeded, forms.ModelForm):
    # The unit the load was asked in: a switch of the athlete's unit since makes it stale.
    unit = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2)
    # Ticked, it carries the 1RM it was asked about: changed numbers are asked about anew.
    confirmed = forms.CharField(
        required=False,
        max_length=20,
        label="This is right: plan from it",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = StrengthTest
        fields = ["exercise", "tested_on", "load", "reps"]
        widgets = {
            "tested_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "load": forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        }
        field_classes = {"load": CommaDecimalField}
        labels = {"load": "Load lifted"}
        help_texts = {"reps": "1 for a true 1RM; up to 10 for an estimate (Epley)."}

    def __init__(
        self,
        *args,
        athlete: Athlete,
        lift: Exercise | None = None,
        tests: list[StrengthTest] | None = None,
        **kwargs,
    ):
        """With `lift` and `tests` (the athlete's tests of that lift, all of them), read
        already for many athletes at once (the squad's testing day): the test is checked
        against them, not by reading the athlete's tests again."""
        super().__init__(*args, **kwargs)
        self.athlete = athlete
        self.read = tests if lift is not None else None
        self.needed = {
            "exercise": "Choose the lift tested.",
            "tested_on": "Enter the test date, as 2027-03-14.",
            "load": f"Enter the load lifted, in {athlete.units}.",
            "reps": "Enter the reps done: 1 for a true 1RM, up to 10 for an estimate.",
        }
        if lift is not None:
            self.fields["exercise"] = ReadLift(lift, label=self.fields["exercise"].label)
        else:
            self.fields["exercise"].queryset = tested_lifts(athlete.club)
        self.fields["exercise"].empty_label = "Choose the lift"
        self.fields["tested_on"].initial = timezone.localdate
        self.fields["load"].label = f"Load lifted ({athlete.units})"
        self.fields["unit"].initial = athlete.units
        self.stale_unit = False
        self.ask_confirmation = False
        self.asked_1rm = ""
        self.twin: StrengthTest | None = None  # the same test recorded already, if any
        # A test being corrected, as saved: its 1RM was looked at when it was recorded.
        self.saved = (self.instance.exercise_id, self.instance.estimated_1rm)
        self.fields["reps"].error_messages["max_value"] = (
            "Use a test of 10 reps or fewer: estimates from longer sets are unreliable."
        )
        self.fields["reps"].error_messages["min_value"] = "A test has at least 1 rep."
        # The test's own range (the model's), not the column's 0 or more: the box's spinner
        # and the words for reps that are no whole number say 1 to 10.
        reps = self.fields["reps"]
        reps.min_value, reps.max_value = 1, 10
        reps.validators = [
            v for v in reps.validators if not isinstance(v, MinValueValidator | MaxValueValidator)
        ] + [MinValueValidator(1), MaxValueValidator(10)]
        reps.widget.attrs.update(min=1, max=10)
        # Size and decimals are checked in clean_load, in words a coach can act on.
        self.fields["load"].validators = []

    def clean_tested_on(self) -> date:
        return check_test_date(self.cleaned_data["tested_on"])

    def clean_load(self) -> Decimal:
        load = self.cleaned_data["load"]
        limit = MAX_ONE_RM[self.athlete.units]
        if load <= 0:
            raise forms.ValidationError("The load must be above zero.")
        if load > limit:
            # Said as typed while it reads as a number (not 1E+20 for a long row of zeros).
            shown = f"{load.normalize():f} {self.athlete.units}" if load.adjusted() < 6 else "That"
            raise forms.ValidationError(f"{shown} is beyond any runner's lift; check the number.")
        if load.normalize().as_tuple().exponent < -2:  # 100.000 is 100, 62.505 is not
            raise forms.ValidationError("Give the load to two decimals at most.")
        return load.quantize(Decimal("0.01")) if load.as_tuple().exponent < -2 else load

    def clean(self) -> dict:
        data = super().clean()
        units = self.athlete.units
        if data.get("unit") != units:
            self._refuse_unit(data.get("unit"))
            return data
        load, reps = data.get("load"), data.get("reps")
        if load is None or reps is None or "load" in self.errors or not 1 <= reps <= 10:
            return data  # the reps' own limits are the model's, checked after this
        exercise, tested_on = data.get("exercise"), data.get("tested_on")
        if exercise is not None and tested_on is not None:
            twin = self._twin(exercise, tested_on, load, reps)
            if twin is not None:
                self.twin = twin
                self.add_error("tested_on", already_recorded(twin, units))
                return data
        one_rm = StrengthTest.epley(load, reps)
        if one_rm > MAX_ONE_RM[units]:
            self.add_error(
                "load",
                f"{load:f} {units} × {reps} makes a 1RM of about {one_rm:.0f} {units}, beyond "
                "any runner's lift; check the load and the reps.",
            )
        elif self.data.get("confirmed") != str(one_rm) and (unusual := self._unusual(data, one_rm)):
            self.ask_confirmation = True
            self.asked_1rm = str(one_rm)
            self.add_error(
                "load",
                f"{load:f} {units} × {reps} makes a 1RM of about {one_rm:.0f} {units}, "
                f"{unusual}. The plan takes its loads from it at once: check the numbers, or "
                "tick “This is right” and save again.",
            )
        return data

    def _unusual(self, data: dict, one_rm: Decimal) -> str:
        """Why a 1RM is worth a second look, in words; "" when it is not. A test being
        corrected is weighed against the athlete's other tests, not against its own slip."""
        exercise, tested_on = data.get("exercise"), data.get("tested_on")
        if exercise is None or tested_on is None or (exercise.pk, one_rm) == self.saved:
            return ""
        later, last = self._later_and_last(exercise, tested_on)
        if later:
            return ""  # a later test stands: plans go on loading from that one
        if last is not None:
            # A correction of the test the plan loads from now is weighed against the one
            # before it, which the plan does not use now.
            basis = "the test before it" if self._corrects_current(exercise) else None
            basis = basis or "the 1RM the plan uses now"
            said = (
                f"{basis} ({unit_of.tenth(last.estimated_1rm)} {self.athlete.units}, tested "
                f"{last.tested_on:%-d %b %Y})"
            )
            if one_rm > last.estimated_1rm * UNUSUAL_RISE:
                return f"{(one_rm / last.estimated_1rm - 1) * 100:.0f} % above {said}"
            if one_rm < last.estimated_1rm * UNUSUAL_FALL:
                return f"{(1 - one_rm / last.estimated_1rm) * 100:.0f} % below {said}"
        body = Decimal(str(self.athlete.body_mass_kg))
        if self.athlete.units == "lb":
            body *= Decimal("2.20462")
        # The lift's first test only: a leg press in line with the last is not asked again.
        if last is None and body > 0 and one_rm > body * UNUSUAL_BODY_MASS:
            return f"{one_rm / body:.1f} times {self.athlete.name}'s body mass"
        return ""

    def _twin(self, exercise: Exercise, tested_on: date, load: Decimal, reps: int):
        """The same test recorded already for the athlete, if any (StrengthTest.twin)."""
        if self.read is None:
            return StrengthTest.twin(
                athlete_id=self.athlete.pk,
                exercise_id=exercise.pk,
                tested_on=tested_on,
                load=load,
                reps=reps,
                but=self.instance.pk,
            )
        test = StrengthTest(
            athlete_id=self.athlete.pk,
            exercise=exercise,
            tested_on=tested_on,
            load=load,
            reps=reps,
            pk=self.instance.pk,
        )
        twins = [other for other in self.read if test.is_twin(other)]
        return min(twins, key=lambda other: other.pk) if twins else None

    def _later_and_last(
        self, exercise: Exercise, tested_on: date
    ) -> tuple[bool, StrengthTest | None]:
        """Whether the athlete has a later test of the lift than `tested_on`, and the test
        the plan loads from now (the best estimate of the latest test day), this one aside."""
        if self.read is None:
            tests = self.athlete.strength_tests.filter(exercise=exercise)
            tests = tests.exclude(pk=self.instance.pk)
            later = tests.filter(tested_on__gt=tested_on).exists()
            return later, None if later else tests.order_by(*CURRENT_FIRST).first()
        tests = [test for test in self.read if test.pk != self.instance.pk]
        later = any(test.tested_on > tested_on for test in tests)
        ranked = sorted(tests, key=lambda t: (t.tested_on, t.estimated_1rm, t.pk), reverse=True)
        return later, ranked[0] if ranked else None

    def _get_validation_exclusions(self):
        # A lift read already (ReadLift) was checked against the club's lifts: the model's
        # own check of it would read it again.
        exclude = super()._get_validation_exclusions()
        if self.read is not None:
            exclude.add("exercise")
        return exclude

    def _corrects_current(self, exercise: Exercise) -> bool:
        """Whether this form corrects the lift's test the plan loads from now."""
        if self.instance.pk is None or self.saved[0] != exercise.pk:
            return False
        current = self.athlete.strength_tests.filter(exercise=exercise).order_by(*CURRENT_FIRST)
        return current.values_list("pk", flat=True).first() == self.instance.pk

    def _refuse_unit(self, shown: str | None) -> None:
        """The load was typed against another unit than the athlete's now (or none said):
        taken as it is, 100 meant in kg would be saved as 100 lb. Asked again in the unit of
        now, the form shown anew with it."""
        units = self.athlete.units
        if shown:
            self.stale_unit = True
            message = (
                f"{self.athlete.name}'s loads are in {units} since this form was opened (it "
                f"asked in {shown}): the test is not saved. Enter the load in {units}."
            )
        else:
            message = f"The form came without its unit: enter the load in {units} again."
        self.add_error("load", message)
        self.data = self.data.copy()
        self.data["unit"] = units


def recorded_as(test: StrengthTest, units: str) -> str:
    """Which test the athlete has already, in a sentence."""
    return (
        f"This test is already recorded: {test.exercise.name}, {test.load.normalize():f} "
        f"{units} × {test.reps} on {test.tested_on:%-d %b %Y}."
    )


def already_recorded(test: StrengthTest, units: str) -> str:
    """Said beside the date of a test the athlete has already."""
    return (
        f"{recorded_as(test, units)} Nothing was saved again; change the date, the load or the "
        "reps if this is another test."
    )


TEST_STAMP = signing.Signer(salt="athletes.strength-test")


def strength_test_stamp(test: StrengthTest) -> str:
    """What the correction form shows of a test, digested, signed with the athlete and the
    test it was shown for: a form shown with other values is stale, and one shown for a test
    deleted since can say so (a test id the coach was never shown is simply not found)."""
    shown = [test.exercise_id, test.tested_on.isoformat(), f"{test.load.normalize():f}", test.reps]
    digest = hashlib.sha256("\x1f".join(map(str, shown)).encode()).hexdigest()[:16]
    return TEST_STAMP.sign(f"{test.athlete_id}.{test.pk}.{digest}")


def stamp_is_for(seen: str, athlete_id: int, test_id: int) -> bool:
    """Whether `seen` is a stamp this site made for that test of that athlete."""
    try:
        value = TEST_STAMP.unsign(seen)
    except signing.BadSignature:
        return False
    return value.split(".")[:2] == [str(athlete_id), str(test_id)]


class StrengthTestEditForm(StrengthTestForm):
    """A test corrected: the same fields and checks as a new one, with the test as shown."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["seen"] = strength_test_stamp(self.instance)
            self.initial["load"] = f"{self.instance.load.normalize():f}"  # 72.5, not 72.50

    def changed_fields(self) -> set[str]:
        """The test's own fields typed differently from what is saved now."""
        return set(self.changed_data) & set(self.Meta.fields)


class SquadForm(SaysWhatIsNeeded, forms.ModelForm):
    needed = {"name": "Enter the squad's name."}

    # The name a rename form was shown with: another coach's rename since makes it stale.
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    class Meta:
        model = Squad
        fields = ["name"]
        field_classes = {"name": NameField}

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club
        if self.instance.pk and not self.is_bound:
            self.initial["seen"] = self.instance.name

    def clean_name(self) -> str:
        name = clean_name(self.cleaned_data["name"])
        # Compared here rather than by the database, whose case-blind match may know only
        # ASCII (SQLite) and which may hold a name saved before names were composed.
        others = Squad.objects.filter(club=self.club)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if name_key(name) in {name_key(other) for other in others.values_list("name", flat=True)}:
            raise forms.ValidationError("The club already has a squad with this name.")
        return name


class CsvUploadForm(SaysWhatIsNeeded, forms.Form):
    file = forms.FileField(label="Roster CSV file")


ACCOUNT_FORM_FIELDS = ("username", "email")


def account_made(form: forms.Form, make: Callable[[], Any]) -> Any | None:
    """What `make` creates (a login, with its club or membership); or None, nothing saved and
    a message beside the username, when someone took that username between the form's check
    and the save (two sign-ups at the same instant)."""
    try:
        with transaction.atomic():
            return make()
    except IntegrityError:
        form.add_error("username", "This username was taken a moment ago: choose another.")
        return None


def typed_account_fields(request, names=ACCOUNT_FORM_FIELDS) -> dict:
    """What was typed into an account form (not the passwords), to show again unchecked."""
    return {name: request.POST.get(name, "")[:254] for name in names}
