"""Whether this site sends mail at all."""

from django.conf import settings

# The default backend: each mail is written to the server's log, none leaves the site.
CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"


def mail_server_set_up() -> bool:
    """Whether mail leaves the site (a mail server is set up): pages that would say a mail
    is on its way say otherwise when it is not."""
    return settings.EMAIL_BACKEND != CONSOLE_MAIL


def check_email_backend(app_configs=None, **kwargs) -> list:
    """EMAIL_BACKEND names a backend that can be loaded: a typo in it would otherwise pass
    unnoticed until the first coach asks for a password reset, and get an error page."""
    from django.core import checks
    from django.utils.module_loading import import_string

    try:
        import_string(settings.EMAIL_BACKEND)
    except ImportError as error:
        return [
            checks.Error(
                f"EMAIL_BACKEND={settings.EMAIL_BACKEND!r} cannot be loaded ({error})",
                hint="django.core.mail.backends.smtp.EmailBackend sends mail through EMAIL_HOST",
                id="runstrength.E001",
            )
        ]
    return []
