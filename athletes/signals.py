from django.dispatch import Signal

# Sent after an athlete's running week, race date, body mass or a strength test changes,
# once per saved change (a form save, an import, a new test). Plans listen and re-plan.
profile_changed = Signal()  # kwargs: athlete, fields

# Sent inside the saving transaction when an athlete switches between kg and lb, before the
# re-plan: whatever holds loads in the old unit converts them.
units_changed = Signal()  # kwargs: athlete, old, new
