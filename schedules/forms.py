import json
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils import timezone

from config.needed import SaysWhatIsNeeded
from config.text import CommaDecimalField, clean_note, name_order
from programs import engine
from programs.models import ProgramTemplate
from schedules.loads import MAX_LOAD, history_text

PLAN_REACH = timedelta(weeks=engine.MAX_WEEKS)  # the planner's longest count back from a race


def next_monday(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today + timedelta(days=(7 - today.weekday()) % 7)


class AssignForm(SaysWhatIsNeeded, forms.Form):
    needed = {
        "template": "Choose a programme.",
        "start_date": "Enter the start date, a Monday, as 2027-03-15.",
    }
    template = forms.ModelChoiceField(
        queryset=ProgramTemplate.objects.none(), label="Programme", empty_label=None
    )
    start_date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # Who the page was shown for and what each followed then (assignment_stamp): a dozen
    # characters an athlete, so no length limit, which a big squad would pass.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, club, athletes=(), seen: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.athletes = list(athletes)
        self.fields["seen"].initial = seen
        whose = f"{self.athletes[0].name}'s" if len(self.athletes) == 1 else "each athlete's own"
        self.fields["start_date"].help_text = (
            f"A Monday. The phases count back from {whose} race date (with none, or one "
            "already run, the plan is an off-season block)."
        )
        programmes = ProgramTemplate.objects.for_club(club).filter(archived=False)
        # One archived since the page was shown is still read, to be refused by name.
        self.fields["template"].queryset = ProgramTemplate.objects.for_club(club)
        # Offered as people read a list, whatever the database's collation: the shipped
        # programme first, then the club's own by name.
        self.fields["template"].choices = [
            (t.pk, t.name)
            for t in sorted(programmes, key=lambda t: (t.club_id is not None, name_order(t.name)))
        ]
        if self.is_bound:
            self.choose_none_unless_offered(self.data.get(self.add_prefix("template"), ""))
        # A start the form takes; none where none can work, which the page says instead.
        self.suggested = suggested_start(self.athletes)
        self.fields["start_date"].initial = self.suggested
        # The date picker offers Mondays only: from the first one in the allowed past week.
        earliest = next_monday(timezone.localdate() - timedelta(days=7))
        self.fields["start_date"].widget.attrs.update(min=earliest.isoformat(), step=7)

    def choose_none_unless_offered(self, sent, gone=None) -> None:
        """Sent back with the programme chosen, or, where it is no longer offered (archived
        or deleted since the page was shown; `gone`, the one the assignment found archived),
        with none chosen: a browser would show the list's first, which sending the form
        again would assign unasked."""
        field = self.fields["template"]
        choices = [(pk, name) for pk, name in field.choices if pk != getattr(gone, "pk", None)]
        if str(sent) not in {str(pk) for pk, _ in choices}:
            choices = [("", "Choose a programme"), *choices]
        field.choices = choices

    def clean_template(self) -> ProgramTemplate:
        template = self.cleaned_data["template"]
        if template.archived:
            # Gone from the menu, which now shows another programme: said by name (409).
            self.stale = True
            raise forms.ValidationError(
                f"Not assigned: “{template.name}” was archived after this page was shown. "
                "Choose another programme."
            )
        if template.club_id and not template.phases.exists():
            raise forms.ValidationError(
                f"“{template.name}” has no phases yet, so the whole plan would come from the "
                "shipped programme. Add its phases in the builder, or choose another."
            )
        from programs.services import engine_template

        try:
            engine_template(template)
        except engine.TemplateError as exc:
            raise forms.ValidationError(
                f"“{template.name}” cannot make a plan yet: {'; '.join(exc.problems)}. "
                "Fix it in the builder, or choose another."
            ) from None
        return template

    def clean(self):
        data = super().clean()
        sent = self.data.get(self.add_prefix("template"), "")
        if self.has_error("template", "invalid_choice") and str(sent).isdecimal():
            # A programme id the club's list no longer holds: deleted since the page was
            # shown (another club's is not named either way).
            self.stale = True
            self.errors["template"] = self.error_class(
                [
                    "Not assigned: the programme chosen was deleted after this page was "
                    "shown. Choose another programme."
                ]
            )
        return data

    def clean_start_date(self) -> date:
        problem = start_problem(self.cleaned_data["start_date"], self.athletes)
        if problem:
            raise forms.ValidationError(problem)
        return self.cleaned_data["start_date"]


def _names(athletes: list, with_race: bool = True) -> str:
    names = ", ".join(
        f"{a.name} ({a.race_date:%-d %b %Y})" if with_race else a.name for a in athletes[:5]
    )
    return names + (f" and {len(athletes) - 5} more" if len(athletes) > 5 else "")


RACE_CLOSE = timedelta(days=3)


def _days_to(gap: timedelta) -> str:
    return "1 day" if gap.days == 1 else f"{gap.days} days"


def _others(athletes, held: list) -> str:
    """A squad held back by some of its athletes: how to plan the rest now."""
    return " The others can be assigned on their own pages." if len(athletes) > len(held) else ""


def start_problem(start: date, athletes, today: date | None = None) -> str | None:
    """Why the assign form refuses `start` for these athletes, or None when it takes it: the
    one check behind both the start the page offers and the start it accepts."""
    today = today or timezone.localdate()
    if start < today - timedelta(days=7):
        return "Start at most a week in the past."
    if start > today + timedelta(days=365):
        return "Start within the next year."
    # A race today leaves no day to train before it, whatever the start, and a plan from
    # after it waits for the race to be run: from tomorrow, that is an off-season block.
    racing = [a for a in athletes if a.race_date == today]
    if racing:
        verb = "races" if len(racing) == 1 else "race"
        return (
            f"{_names(racing, with_race=False)} {verb} today, so no plan can start now: no "
            "day is left to train before the race. Assign from tomorrow (the plan is then "
            "an off-season block), or change the race date." + _others(athletes, racing)
        )
    # No strength work in the 72 h before a race (DOMAIN W4): with the race three days away
    # or less, nothing is left to plan from today, and a plan of this week's past days alone
    # would show the athlete nothing to do. After the race, an off-season block can start.
    soon = [a for a in athletes if a.race_date and today < a.race_date <= today + RACE_CLOSE]
    if soon:
        each = "; ".join(
            f"{a.name} races in {_days_to(a.race_date - today)} ({a.race_date:%a %-d %b})"
            for a in soon[:5]
        )
        more = f" (and {len(soon) - 5} more)" if len(soon) > 5 else ""
        return (
            f"{each}{more}, so no plan can start now: no strength work is planned in "
            "the 72\u00a0h before a race (W4). Assign after the race (the plan is then an "
            "off-season block), or change the race date." + _others(athletes, soon)
        )
    # A plan counts back from the race: one starting on or after it has nothing to aim at.
    # A race already run is no obstacle: that athlete gets an off-season block.
    late = [a for a in athletes if a.race_date and today <= a.race_date <= start]
    if late:
        return f"This is on or after the race of {_names(late)}. Start before the race."
    far = [a for a in athletes if a.race_date and a.race_date >= start + PLAN_REACH]
    if far:
        return (
            f"A plan reaches at most 104 weeks, and the race of {_names(far)} is further "
            "away. Start later, or change the race date."
        )
    if start.weekday() != 0:
        before = start - timedelta(days=start.weekday())
        options = [
            d for d in (before, before + timedelta(days=7)) if not start_problem(d, athletes, today)
        ]
        choices = f" ({' or '.join(f'{d:%a %-d %b}' for d in options)})" if options else ""
        return f"Plans run Monday to Sunday, like the running week: start on a Monday{choices}."
    return None


def suggested_start(athletes, today: date | None = None) -> date | None:
    """The Monday the assign form offers: the next one (today, on a Monday) if the form takes
    it, else the nearest it takes, the week's own Monday (in the past) before any later one;
    None where no Monday works (a race today)."""
    today = today or timezone.localdate()
    first = next_monday(today)
    earliest, latest = next_monday(today - timedelta(days=7)), today + timedelta(days=365)
    before = [first - timedelta(weeks=n) for n in (1, 2)]
    after = [first + timedelta(weeks=n) for n in range(1, (latest - first).days // 7 + 1)]
    mondays = [first, *(d for d in before if d >= earliest), *after]
    return next((d for d in mondays if not start_problem(d, athletes, today)), None)


def no_start_text(athletes, today: date | None = None) -> str:
    """What the assign page says in place of a start date where no Monday works."""
    today = today or timezone.localdate()
    racing = [a for a in athletes if a.race_date and today <= a.race_date <= today + RACE_CLOSE]
    if racing:
        return start_problem(today, athletes, today)
    return (
        "No Monday within the next year suits every athlete's race date: change a race date, "
        "or assign some of them on their own pages."
    )


def _between(name: str, low: int, high: int, kind: str, always: bool = False) -> dict:
    """The range as the message; with `always`, for a missing or mistyped value too."""
    text = f"{name}: a {kind} from {low} to {high}."
    codes = ("min_value", "max_value", *(("required", "invalid") if always else ()))
    return dict.fromkeys(codes, text)


def _exact(value: Decimal) -> Decimal:
    """The number as written, without trailing zeros (62.500 is 62.5, 6E+1 is 60, -0 is 0),
    never rounded: 62.5000000000000000000000000001 stays off the plate step. For numbers
    already known to be below a million."""
    sign, digits, exponent = value.as_tuple()
    if not any(digits):
        return Decimal(0)
    digits = list(digits)
    while exponent < 0 and digits[-1] == 0:
        digits.pop()
        exponent += 1
    if exponent > 0:
        digits, exponent = digits + [0] * exponent, 0
    return Decimal((sign, tuple(digits), exponent))


EDITED = ("sets", "reps", "seconds", "metres", "load", "percent_1rm", "rir", "note")
# A hold or a run is dosed in seconds or metres instead of reps: its editor asks for those.
DOSES = ("reps", "seconds", "metres")


def _plain(value: Decimal | None) -> str | None:
    """55.00 as "55", 82.0 as "82", 57.50 as "57.5"."""
    return None if value is None else format(value.normalize(), "f")


PLATE_STEP = {"kg": Decimal("2.5"), "lb": Decimal("5")}


MIN_PERCENT = 30  # a lighter prescription goes by reps in reserve


# The longest record of the values an editor opened with that the page writes (a few short
# values; a note is at most a few hundred characters).
SHOWN_MAX = 4000
LOAD_EXAMPLE = {"kg": "62.5", "lb": "135"}  # on each unit's plate step (PLATE_STEP)
# What to do instead of a load of 0, for a lift without and with a 1RM on record (an emptied
# load box beside a % takes the %'s load); static/js/app.js says the same as it is typed.
ZERO_LOAD = {
    False: "leave the box empty for body weight alone (or to go by effort), or enter the weight "
    "to lift.",
    True: "enter the weight to lift, or empty the box to take the load of the % 1RM.",
}


class CellForm(SaysWhatIsNeeded, forms.Form):
    """One planned exercise as the coach edits it in the load grid."""

    needed = {"sets": "Sets: a whole number from 1 to 10."}

    version = forms.IntegerField(widget=forms.HiddenInput)
    # The values the editor opened with, so a refused edit can say what the coach changed.
    # Never a reason to refuse the edit: when it is not what the editor sent, it is unused.
    shown = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    sets = forms.IntegerField(
        min_value=1, max_value=10, error_messages=_between("Sets", 1, 10, "whole number")
    )
    # Asked for whenever the cell is dosed in reps: emptied, it would leave a lift with sets
    # and no reps ("3×" on the athlete's phone), which no plan prescribes.
    reps = forms.IntegerField(
        min_value=1,
        max_value=50,
        error_messages=_between("Reps", 1, 50, "whole number", always=True),
    )
    # As long as a programme may dose them (programs.forms.PrescriptionForm): a cell the
    # builder allowed stays editable here.
    seconds = forms.IntegerField(
        label="Time (s)",
        min_value=1,
        max_value=600,
        error_messages=_between("Time", 1, 600, "number of seconds", always=True),
    )
    metres = forms.IntegerField(
        label="Distance (m)",
        min_value=1,
        max_value=400,
        error_messages=_between("Distance", 1, 400, "number of metres", always=True),
    )
    # Digits are checked in clean_load and clean_percent_1rm, where each number that does not
    # fit gets the reason it does not: too heavy, off the plate step, too many decimals.
    load = CommaDecimalField(
        min_value=0,
        required=False,
        error_messages={"min_value": "The load cannot be below zero."},
    )
    percent_1rm = CommaDecimalField(label="% 1RM", required=False)
    rir = forms.IntegerField(
        label="RIR",
        min_value=0,
        max_value=5,
        required=False,
        error_messages=_between("RIR", 0, 5, "whole number"),
    )
    # Shown to the athlete beside the lift (their week, the calendar, the PDFs): not the
    # place for private remarks, so it says so.
    note = forms.CharField(
        label="Note for the athlete",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "On their phone"}),
    )

    def __init__(self, *args, planned, one_rm: Decimal | None = None, **kwargs):
        # Ids of this cell's own: two editors open in the grid name no field alike.
        kwargs.setdefault("auto_id", f"cell{planned.pk}_%s")
        super().__init__(*args, **kwargs)
        self.planned = planned
        self.one_rm = one_rm
        self.fields["load"].label = f"Load ({planned.unit})"
        # A mistyped load is answered with an example the cell takes: 62.5 is off the lb step.
        example = LOAD_EXAMPLE.get(planned.unit, LOAD_EXAMPLE["kg"])
        self.fields["load"].error_messages["invalid"] = (
            f"Enter the load ({planned.unit}) as a number, for example {example}."
        )
        # One of reps, seconds or metres: the one the prescription is dosed in (reps when none).
        dose = next((name for name in DOSES if getattr(planned, name)), "reps")
        for name in DOSES:
            if name != dose:
                del self.fields[name]
        self.edited = tuple(name for name in EDITED if name in self.fields)
        # Plain text boxes with a number keypad: a number box hands the server an empty
        # value for "abc", which would read as "clear the load" instead of a mistake.
        for name in ("sets", dose, "load", "percent_1rm", "rir"):
            keypad = "decimal" if name in ("load", "percent_1rm") else "numeric"
            self.fields[name].widget = forms.TextInput(
                attrs={"inputmode": keypad, "autocomplete": "off"}
            )
        # The editor opens where a number typed is most often meant: the load, which is what
        # changes week by week; the sets of a lift with no load to adjust.
        loaded = planned.load is not None or planned.percent_1rm is not None
        self.fields["load" if loaded else "sets"].widget.attrs["autofocus"] = True
        if not self.is_bound:
            self.initial = {
                "version": planned.version,
                "sets": planned.sets,
                dose: getattr(planned, dose),
                "load": _plain(planned.load),
                "percent_1rm": _plain(planned.percent_1rm),
                "rir": planned.rir,
                "note": planned.note,
            }
            self.initial["shown"] = json.dumps(
                {name: history_text(getattr(planned, name)) for name in self.edited},
                ensure_ascii=False,
            )

    def clean_note(self) -> str:
        return clean_note(self.cleaned_data["note"])

    def clean_load(self):
        load = self.cleaned_data["load"]
        if load is None:
            return None
        unit = self.planned.unit
        if load.adjusted() >= 6:
            raise forms.ValidationError(f"That is more than anyone lifts here, in {unit}.")
        load, step = _exact(load), PLATE_STEP[unit]
        if load > MAX_LOAD[unit]:
            raise forms.ValidationError(f"{load} {unit} is more than anyone lifts here.")
        # A load off the step that the cell already holds is kept as it is, as a % is: a
        # missed session's load converted to the other unit is a record to 0.1 (132.3 lb),
        # and its sets, reps or note must stay editable without retyping it.
        # Body weight alone is no load, an empty box (as the planner writes it): a 0 is a
        # slip (60 typed short), unless the cell holds it already.
        if not load and load != self.planned.load:
            raise forms.ValidationError(
                f"A load of 0 {unit} lifts nothing: {ZERO_LOAD[bool(self.one_rm)]}"
            )
        off_step = load.as_tuple().exponent < -2 or load % step
        if off_step and load != self.planned.load:
            raise forms.ValidationError(f"Use a multiple of {step} {unit} (the plate step).")
        return load

    def clean_percent_1rm(self):
        percent = self.cleaned_data["percent_1rm"]
        if percent is None:
            return None
        if percent.adjusted() >= 3:
            raise forms.ValidationError("Enter 100 % of 1RM or less.")
        percent = _exact(percent)
        if percent.as_tuple().exponent < -1:
            raise forms.ValidationError("One decimal at most, for example 72.5.")
        # A load typed above the 1RM (or a light one) shows as more than 100 % (or under
        # 30 %); keeping that figure is fine, asking for a new one out there is not.
        if percent != self.planned.percent_1rm:
            if self.one_rm is None:
                # Nothing to work a load out from: the % would be saved and shown nowhere.
                raise forms.ValidationError(
                    "No 1RM test on record for this lift, so there is nothing to take a % "
                    "of: enter a load, or record a 1RM test first."
                )
            if percent > 100:
                raise forms.ValidationError("Enter 100 % of 1RM or less.")
            if percent < MIN_PERCENT:
                raise forms.ValidationError(
                    f"Use {MIN_PERCENT} % of 1RM or more; lighter work goes by RIR."
                )
            unit = self.planned.unit
            if not engine.load_from_percent(float(self.one_rm), float(percent), unit):
                # Rounded to the plate step it comes out 0, which lifts nothing.
                raise forms.ValidationError(
                    f"{_plain(percent)} % of the {_plain(self.one_rm)} {unit} 1RM is lighter "
                    f"than the {PLATE_STEP[unit]} {unit} plate step: enter a load instead."
                )
        return percent

    def clean(self):
        cleaned = super().clean()
        load, percent = cleaned.get("load"), cleaned.get("percent_1rm")
        both = (
            cleaned.get("version") == self.planned.version  # else the stale edit is a 409
            and "load" in cleaned
            and "percent_1rm" in cleaned
            and load != self.planned.load
            and percent != self.planned.percent_1rm
        )
        if both and self.one_rm and load is not None and percent is not None:
            unit = self.planned.unit
            from_percent = Decimal(
                str(engine.load_from_percent(float(self.one_rm), float(percent), unit))
            )
            if from_percent != load:
                actual = (load / self.one_rm * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
                self.add_error(
                    "percent_1rm",
                    f"{_plain(load)} {unit} is {_plain(actual)} % of the "
                    f"{_plain(self.one_rm)} {unit} 1RM, and {_plain(percent)} % would be "
                    f"{_plain(from_percent)} {unit}: change the load or the %, not both.",
                )
        return cleaned

    def changed_values(self) -> dict:
        data = self.cleaned_data
        values = {}
        for name in self.edited:
            if data[name] != getattr(self.planned, name):
                values[name] = data[name]
        return values

    def full_clean(self) -> None:
        super().full_clean()
        # A field in error points at its reason (shown beside it, not inside its label).
        for name in self.errors:
            if name in self.fields and not self.fields[name].widget.is_hidden:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def typed_changes(self) -> dict:
        """What the coach changed from the values the editor opened with (those the cell
        holds now, when the form does not say what it showed)."""
        raw = self.cleaned_data.get("shown") or "null"
        try:
            # The page writes a few short values; anything far longer was not written by it.
            shown = json.loads(raw) if len(raw) <= SHOWN_MAX else None
        except (RecursionError, ValueError):
            shown = None
        if not isinstance(shown, dict):
            return self.changed_values()
        return {
            name: self.cleaned_data[name]
            for name in self.edited
            if history_text(self.cleaned_data[name])
            != shown.get(name, history_text(getattr(self.planned, name)))
        }


WEEK_NOT_SENT = (
    "The page came without the week to change: this is the week shown above now, so check "
    "it and preview the change again."
)


class PercentField(forms.IntegerField):
    """A whole percentage as people write one: "-10", "-10%", "−10" (the minus sign the pages
    print) or "–10" (a dash a phone's keyboard puts in) are the same -10."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip().replace("−", "-").replace("–", "-")
        return super().to_python(value)


class ScaleWeekForm(SaysWhatIsNeeded, forms.Form):
    needed = {"action": "Choose to scale the loads or to deload."}

    # The page's own week, never typed: one missing or mangled is the page's fault, and the
    # form shown again carries the week the page shows (see squad_week.html).
    week = forms.DateField(
        widget=forms.HiddenInput,
        error_messages={
            "required": WEEK_NOT_SENT,
            "invalid": WEEK_NOT_SENT,
        },
    )
    # Buttons, not a list: a choice's words wrap on a phone, where a list box cut them off.
    action = forms.ChoiceField(
        choices=[
            ("scale", "Scale loads by a percentage"),
            ("deload", "Deload: about 40 % fewer sets, same loads (L7)"),
        ],
        widget=forms.RadioSelect,
    )
    percent = PercentField(
        min_value=-50,
        max_value=20,
        required=False,
        initial=-10,
        help_text="For example -10 for a week with a tune-up race. Not used by a deload.",
        error_messages={
            "min_value": "Take off 50 %% at most (-50).",
            "max_value": "Add 20 %% at most.",
            "invalid": "Give a whole number, for example -10.",
        },
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "deload":
            # Not used by a deload, and hidden by the page once it is chosen: what the box
            # still holds (a percentage refused a moment ago) is no reason to refuse it.
            self.errors.pop("percent", None)
            cleaned["percent"] = None
        if (
            cleaned.get("action") == "scale"
            and not cleaned.get("percent")
            and not self.has_error("percent")
        ):
            self.add_error("percent", "Give a percentage between -50 and 20 (not 0).")
        return cleaned
