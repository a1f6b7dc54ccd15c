import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("schedules", "0005_loadchange_values_hold_a_note")]

    operations = [
        # Added empty, so sessions already planned keep counting as missed when unlogged;
        # new sessions get the time they are put in the plan.
        migrations.AddField(
            model_name="plannedsession",
            name="created_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="plannedsession",
            name="created_at",
            field=models.DateTimeField(blank=True, null=True, default=django.utils.timezone.now),
        ),
    ]
