from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import include, path

from athletes.link_views import (
    AthleteAwareLoginView,
    LogOut,
    PasswordChange,
    PasswordChanged,
    PasswordReset,
    PasswordResetConfirm,
    PasswordResetSent,
    landing_url,
)
from config.unsent import form_resend


def home(request):
    return redirect(landing_url(request.user) if request.user.is_authenticated else "login")


urlpatterns = [
    path("", home, name="home"),
    path("login/", AthleteAwareLoginView.as_view(), name="login"),
    path("logout/", LogOut.as_view(), name="logout"),
    path("password-reset/", PasswordReset.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        PasswordResetSent.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "account/password/",
        PasswordChange.as_view(),
        name="password_change",
    ),
    path(
        "account/password/done/",
        PasswordChanged.as_view(),
        name="password_change_done",
    ),
    path("resend/", form_resend, name="form_resend"),
    path("admin/", admin.site.urls),
    path("", include("athletes.urls")),
    path("", include("athletes.link_urls")),
    path("", include("exercises.urls")),
    path("", include("programs.urls")),
    path("", include("schedules.urls")),
]
