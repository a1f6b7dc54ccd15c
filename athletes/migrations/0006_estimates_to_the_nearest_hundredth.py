from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations


def to_nearest(apps, schema_editor):
    """Estimates stored rounded down are worked out again to the nearest hundredth."""
    StrengthTest = apps.get_model("athletes", "StrengthTest")
    changed = []
    for test in StrengthTest.objects.filter(reps__gt=1).only("load", "reps", "estimated_1rm"):
        value = (test.load * (1 + Decimal(test.reps) / 30)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        if value != test.estimated_1rm:
            test.estimated_1rm = value
            changed.append(test)
    StrengthTest.objects.bulk_update(changed, ["estimated_1rm"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("athletes", "0005_athlete_login_invite")]

    operations = [migrations.RunPython(to_nearest, migrations.RunPython.noop)]
