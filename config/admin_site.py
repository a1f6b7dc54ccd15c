"""Django's admin site, with its log-in held to the site's own limits on failed log-ins."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from athletes.throttle import LOGIN_REFUSED, login_failed, login_failures_used_up


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's log-in under the same limits as the site's: failed log-ins from one
    address, whatever the username, pause the address (the throttle's count), and each
    username from one address is paused after a few (axes, as on the site's log-in). A
    paused address is refused before its password is checked, and a try refused unchecked
    while its username is paused is not another failure of the address, as on the site's
    log-in: a staff member waiting out their pause does not pause everyone behind the same
    address."""

    def clean(self):
        if login_failures_used_up(self.request):
            raise ValidationError(LOGIN_REFUSED, code="too_many")
        username = self.cleaned_data.get("username")
        paused = bool(username) and not AxesProxyHandler.is_allowed(
            self.request, {"username": username}
        )
        try:
            return super().clean()
        except ValidationError as error:
            # Only a wrong username or password counts: a right one of an account that may
            # not use the admin (not staff) is refused with the same words, uncounted.
            if error.code == "invalid_login" and self.user_cache is None and not paused:
                login_failed(self.request)
            raise


class SiteAdmin(admin.AdminSite):
    login_form = AdminLoginForm

    def login(self, request, extra_context=None):
        """A log-in refused answers 400 (429 for a paused address), as the site's does."""
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if request.method == "POST" and form is not None and form.errors:
            paused = form.has_error(NON_FIELD_ERRORS, "too_many")
            response.status_code = 429 if paused else 400
        return response
