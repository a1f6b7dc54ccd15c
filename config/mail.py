"""Whether this site sends mail at all."""

from django.conf import settings

# The default backend: each mail is written to the server's log, none leaves the site.
CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"


def mail_server_set_up() -> bool:
    """Whether mail leaves the site (a mail server is set up): pages that would say a mail
    is on its way say otherwise when it is not."""
    return settings.EMAIL_BACKEND != CONSOLE_MAIL
