"""What the athlete may type into the log, with messages written for a phone screen."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator

from config.needed import SaysWhatIsNeeded
from config.text import CommaDecimalField, TextBox, TrimmedIntegerField, clean_note
from schedules.loads import MAX_LOAD
from schedules.models import PlannedSession

MAX_REPS = 50
MAX_NOTE = 500


def _range(field: forms.Field, message: str) -> forms.Field:
    for key in (
        "min_value",
        "max_value",
        "invalid",
        "max_digits",
        "max_whole_digits",
        "max_decimal_places",
    ):
        field.error_messages[key] = message
    return field


class SetLogForm(SaysWhatIsNeeded, forms.Form):
    done = forms.BooleanField(required=False)
    reps = TrimmedIntegerField(required=False, min_value=0, max_value=MAX_REPS)
    load = CommaDecimalField(required=False, min_value=0, max_digits=6, decimal_places=2)
    seen = forms.CharField(required=False, max_length=40)
    unit = forms.ChoiceField(required=False, choices=[("kg", "kg"), ("lb", "lb")])  # as shown

    def __init__(self, *args, unit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.page_unit_is_stale = self.data.get("unit", unit) not in ("", unit)
        top = MAX_LOAD.get(unit, MAX_LOAD["kg"])
        _range(self.fields["reps"], f"Reps must be a whole number from 0 to {MAX_REPS}.")
        load = self.fields["load"]
        load.validators.append(MaxValueValidator(top))
        _range(load, f"Load must be a number from 0 to {top} {unit}.")
        load.error_messages["max_decimal_places"] = "Give the load to two decimals at most."


class SessionLogForm(SaysWhatIsNeeded, forms.Form):
    # The version of the log the page showed: never typed, so never a field's message (a
    # page that sends none, or a broken one, is answered as a page out of date).
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    rpe = TrimmedIntegerField(required=False, min_value=1, max_value=10)
    soreness = TrimmedIntegerField(required=False, min_value=0, max_value=10)
    note = TextBox(required=False, max_length=MAX_NOTE, strip=True)

    def __init__(self, *args, session: PlannedSession, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.session, self.today = session, today
        _range(self.fields["rpe"], "Session RPE must be a whole number from 1 to 10.")
        _range(self.fields["soreness"], "Soreness must be a whole number from 0 to 10.")
        self.fields["note"].error_messages["max_length"] = (
            f"Keep the note to {MAX_NOTE} characters (this one has %(show_value)d)."
        )

    def clean_soreness(self) -> int | None:
        """Soreness is how the legs feel the day after (L8): a new report for a session still
        to come would flag the coach on a guess. (On the session's own day an evening's report
        is taken; the field says the morning after is best.)"""
        soreness = self.cleaned_data["soreness"]
        day = self.session.date
        if soreness is not None and soreness != self.session.soreness and self.today < day:
            raise forms.ValidationError(
                f"Soreness comes after the session: fill it in from {day:%A %-d %B}, "
                "best the morning after."
            )
        return soreness

    def clean_note(self) -> str:
        return clean_note(self.cleaned_data["note"])


class PainForm(SaysWhatIsNeeded, forms.Form):
    note = TextBox(required=False, max_length=MAX_NOTE, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["max_length"] = (
            f"Keep the note to {MAX_NOTE} characters (this one has %(show_value)d)."
        )

    def clean_note(self) -> str:
        return clean_note(self.cleaned_data["note"])
