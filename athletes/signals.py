from django.dispatch import Signal

# Sent after an athlete's running week, race date, body mass or a strength test changes,
# once per saved change (a form save, an import, a new test). Plans listen and re-plan.
profile_changed = Signal()  # kwargs: athlete, fields
