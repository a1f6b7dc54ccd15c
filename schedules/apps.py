from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = "Plans"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from athletes.signals import profile_changed, profiles_changed, units_changed
        from schedules.models import ExportJob
        from schedules.receivers import (
            convert_loads_on_units_change,
            delete_export_file,
            replan_on_profile_change,
            replan_on_profiles_change,
        )

        profile_changed.connect(replan_on_profile_change, dispatch_uid="replan-on-profile-change")
        profiles_changed.connect(
            replan_on_profiles_change, dispatch_uid="replan-on-profiles-change"
        )
        units_changed.connect(convert_loads_on_units_change, dispatch_uid="convert-loads")
        post_delete.connect(delete_export_file, sender=ExportJob, dispatch_uid="export-file")
