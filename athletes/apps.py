from django.apps import AppConfig


class AthletesConfig(AppConfig):
    name = "athletes"
    verbose_name = "Clubs and athletes"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks

        from config.mail import check_email_backend
        from config.middleware import mark_session_used

        user_logged_in.connect(mark_session_used, dispatch_uid="session-used-on-login")
        checks.register(check_email_backend)
