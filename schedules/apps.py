from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = "Plans"

    def ready(self) -> None:
        from athletes.signals import profile_changed
        from schedules.receivers import replan_on_profile_change

        profile_changed.connect(replan_on_profile_change, dispatch_uid="replan-on-profile-change")
