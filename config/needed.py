"""What a form says when a field is left empty or holds what it cannot take: what to enter
there, in plain words, instead of Django's "This field is required.", "Enter a valid date.",
"Select a valid choice. … is not one of the available choices." and the like.

A form takes `SaysWhatIsNeeded` and names, in `needed`, the words of each field whose label
alone does not say it well; any other required field gets words made from its label:
"Choose the category.", "Enter the test date, as 2027-03-14.", "Enter the club name."
A value of the wrong kind gets words made from the label too ("Enter the race date as
2027-03-14.", "Choose the squad from the choices shown.", "Enter the sets as a whole number
from 1 to 10, for example 3."), or, for a choice or a date, the words `needed` names;
a message the form set itself is kept.
"""

from decimal import Decimal

from django import forms
from django.core import validators
from django.forms.utils import pretty_name

DJANGO_REQUIRED = forms.Field.default_error_messages["required"]
DATE_EXAMPLE = "2027-03-14"


RELOAD = "The page came without part of its form: reload it and try again."


def label_words(field: forms.Field, name: str) -> str:
    label = str(field.label or pretty_name(name))
    return label if label.isupper() else label[0].lower() + label[1:]


def needed_words(field: forms.Field, name: str) -> str:
    """Words for a required field left empty, made from its label and its kind."""
    words = label_words(field, name)
    if field.widget.is_hidden:  # never typed: only a page sent without it misses one
        return "The page came without part of its form: reload it and try again."
    if isinstance(field, forms.FileField):
        return f"Choose the {words} to upload."
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return f"Choose the {words}."
    if isinstance(field, forms.DateField):
        return f"Enter the {words}, as {DATE_EXAMPLE}."
    return f"Enter the {words}."


def django_messages(field: forms.Field) -> dict[str, str]:
    """Django's own messages for a field of this kind, each under its code: those of the
    field's classes, and those of its validators that still have their own."""
    messages = {}
    for kind in reversed(type(field).__mro__):
        messages.update(getattr(kind, "default_error_messages", {}))
    for validator in field.validators:
        code = getattr(validator, "code", None)
        if code and validator.message == type(validator).message:
            messages.setdefault(code, validator.message)
    if isinstance(field, forms.IntegerField | forms.FloatField):
        # A model form's row checks its column's range after the field's own checks.
        messages.setdefault("min_value", validators.MinValueValidator.message)
        messages.setdefault("max_value", validators.MaxValueValidator.message)
    messages.pop("required", None)  # said by needed_words, or by the form's `needed`
    return messages


def bounds(field: forms.Field) -> tuple[Decimal | None, Decimal | None]:
    low = high = None
    for validator in field.validators:
        if isinstance(validator, validators.MinValueValidator):
            low = validator.limit_value
        elif isinstance(validator, validators.MaxValueValidator):
            high = validator.limit_value
    return low, high


def number_words(field: forms.Field, words: str) -> str:
    """ "Enter the sets as a whole number from 1 to 10, for example 3."""
    whole = not isinstance(field, forms.DecimalField | forms.FloatField)
    low, high = bounds(field)
    example = Decimal(3) if whole else Decimal("62.5")
    if low is not None and example < low or high is not None and example > high:
        example = low if low is not None and example < low else high
    kind = "a whole number" if whole else "a number"
    if low is not None and high is not None:
        return f"Enter the {words} as {kind} from {low} to {high}, for example {example}."
    if low is not None:
        return f"Enter the {words} as {kind}, {low} or more, for example {example}."
    if high is not None:
        return f"Enter the {words} as {kind}, {high} or less, for example {example}."
    return f"Enter the {words} as {kind}, for example {example}."


def mistyped_words(field: forms.Field, name: str, code: str, said: str = "") -> str | None:
    """Words for a field whose value it cannot take (Django's message under `code`), made
    from its label and its kind; None keeps Django's message. `said` is what the form says
    when the field is left empty: for a choice or a date, it says what is wanted as well."""
    words = label_words(field, name)
    if code not in ("invalid", "missing", "empty") or isinstance(field, forms.EmailField):
        # Django fills this message's %(...)s in, so a "%" of the label ("% 1RM") is doubled.
        words, said = words.replace("%", "%%"), said.replace("%", "%%")
    if field.widget.is_hidden:
        return RELOAD
    if isinstance(field, forms.FileField):
        if code == "empty":
            return f"The file chosen as the {words} is empty: choose the file to upload."
        if code in ("invalid", "missing"):
            return f"Choose the {words} to upload."
        return None
    picked = isinstance(field.widget, forms.widgets.ChoiceWidget)  # a number from a menu
    if code in ("invalid_choice", "invalid_pk_value", "invalid_list") or picked:
        return said or f"Choose the {words} from the choices shown."
    if code == "max_length":
        return (
            f"Keep the {words} to %(limit_value)d characters or fewer "
            "(this one has %(show_value)d)."
        )
    if code == "null_characters_not_allowed":
        # A NUL, pasted from a file or another program: text no page or database keeps.
        return f"Remove the NUL character from the {words}: it is not text that can be kept."
    if code == "min_length":
        return f"Enter at least %(limit_value)d characters for the {words}."
    if isinstance(field, forms.DateField) and code == "invalid":
        return said or f"Enter the {words} as {DATE_EXAMPLE}."
    if isinstance(field, forms.EmailField) and code == "invalid":
        return f"Enter the {words} in full, for example name@example.com."
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        if code in ("invalid", "min_value", "max_value", "step_size", "max_whole_digits"):
            return number_words(field, words)
        if code == "max_decimal_places":
            return f"Enter the {words} with at most %(max)s digits after the point."
        if code == "max_digits":
            return f"Enter the {words} with at most %(max)s digits in all."
    return None


class SaysWhatIsNeeded:
    """A form whose fields, left empty or given what they cannot take, say what to enter
    (see the module)."""

    needed: dict[str, str] = {}

    def full_clean(self) -> None:
        # Here rather than in __init__: fields a form adds or relabels in its own __init__
        # (a running week's days, a load's unit) are all in place.
        for name, field in self.fields.items():
            if field.required and field.error_messages.get("required") == DJANGO_REQUIRED:
                field.error_messages["required"] = self.needed.get(name) or needed_words(
                    field, name
                )
            for code, message in django_messages(field).items():
                if field.error_messages.get(code, message) == message:
                    words = mistyped_words(field, name, code, self.needed.get(name, ""))
                    if words:
                        field.error_messages[code] = words
        super().full_clean()
