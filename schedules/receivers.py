def replan_on_profile_change(sender, athlete, fields, **kwargs) -> None:
    from schedules.services import plan_request_regeneration

    plan_request_regeneration(athlete, fields)


def replan_on_profiles_change(sender, athletes, fields, **kwargs) -> None:
    from schedules.services import plan_request_regenerations

    plan_request_regenerations(athletes, fields)


def convert_loads_on_units_change(sender, athlete, old, new, **kwargs) -> None:
    from schedules.units import convert_plan_loads

    convert_plan_loads(athlete, old, new)


def delete_export_file(sender, instance, **kwargs) -> None:
    """A deleted export takes its PDF with it, once the deletion is committed; whether the
    job went by the weekly purge or with its athlete, squad or club."""
    from django.db import transaction

    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
