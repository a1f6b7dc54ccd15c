from django.dispatch import Signal

# Sent after an athlete's running week, race date, body mass or a strength test changes,
# once per saved change (a form save, an import, a new test). Plans listen and re-plan.
profile_changed = Signal()  # kwargs: athlete, fields
# The same for many athletes changed together (a squad's test results saved at once), sent
# once for them all, so their plans are asked for again together.
profiles_changed = Signal()  # kwargs: athletes, fields

# Sent inside the saving transaction when an athlete switches between kg and lb, before the
# re-plan: whatever holds loads in the old unit converts them.
units_changed = Signal()  # kwargs: athlete, old, new
