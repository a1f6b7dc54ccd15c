from datetime import date, timedelta

from django import forms
from django.utils import timezone

from programs.models import ProgramTemplate


def next_monday(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today + timedelta(days=(7 - today.weekday()) % 7)


class AssignForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=ProgramTemplate.objects.none(), label="Programme", empty_label=None
    )
    start_date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Usually a Monday. The race date comes from each athlete.",
    )

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ProgramTemplate.objects.for_club(club).order_by(
            "club_id", "name"
        )
        self.fields["start_date"].initial = next_monday

    def clean_start_date(self) -> date:
        start = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if start < today - timedelta(days=7):
            raise forms.ValidationError("Start at most a week in the past.")
        if start > today + timedelta(days=365):
            raise forms.ValidationError("Start within the next year.")
        return start
