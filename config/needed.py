"""What a form says when a required field is left empty: what to enter there, in plain words,
instead of Django's "This field is required."

A form takes `SaysWhatIsNeeded` and names, in `needed`, the words of each field whose label
alone does not say it well; any other required field gets words made from its label:
"Choose the category.", "Enter the test date, as 2027-03-14.", "Enter the club name."
"""

from django import forms
from django.forms.utils import pretty_name

DJANGO_REQUIRED = forms.Field.default_error_messages["required"]
DATE_EXAMPLE = "2027-03-14"


def needed_words(field: forms.Field, name: str) -> str:
    """Words for a required field left empty, made from its label and its kind."""
    label = str(field.label or pretty_name(name))
    words = label if label.isupper() else label[0].lower() + label[1:]
    if field.widget.is_hidden:  # never typed: only a page sent without it misses one
        return "The page came without part of its form: reload it and try again."
    if isinstance(field, forms.FileField):
        return f"Choose the {words} to upload."
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return f"Choose the {words}."
    if isinstance(field, forms.DateField):
        return f"Enter the {words}, as {DATE_EXAMPLE}."
    return f"Enter the {words}."


class SaysWhatIsNeeded:
    """A form whose required fields, left empty, say what to enter (see the module)."""

    needed: dict[str, str] = {}

    def full_clean(self) -> None:
        # Here rather than in __init__: fields a form adds or relabels in its own __init__
        # (a running week's days, a load's unit) are all in place.
        for name, field in self.fields.items():
            if field.required and field.error_messages.get("required") == DJANGO_REQUIRED:
                field.error_messages["required"] = self.needed.get(name) or needed_words(
                    field, name
                )
        super().full_clean()
