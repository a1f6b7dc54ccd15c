from django.urls import path

from schedules.views import athlete, dashboard, progress

# The athlete's pages exist twice: under the private link and for a logged-in athlete.
PAGES = [
    ("", athlete.week, "week"),
    ("sets/<int:pk>/<int:set_number>/", athlete.set_log, "set_log"),
    ("sessions/<int:pk>/log/", athlete.session_log, "session_log"),
    ("exercises/<int:pk>/pain/", athlete.pain_flag, "pain_flag"),
]

urlpatterns = [
    *(
        path(f"w/<str:token>/{route}", athlete.link_view(view), name=f"athlete_{name}")
        for route, view, name in PAGES
    ),
    *(path(f"me/{route}", view, name=f"me_{name}") for route, view, name in PAGES),
    path(
        "w/<str:token>/calendar.ics",
        # Read-only before anything else: a POST is told so (405), not refused for its token.
        athlete.read_only(athlete.link_view(athlete.calendar)),
        name="athlete_calendar",
    ),
    path("me/calendar/", athlete.feed_issue, name="me_feed_issue"),
    path("me/calendar/stop/", athlete.feed_stop, name="me_feed_stop"),
    path("me/email/", athlete.account_email, name="me_email"),
    path("calendar/<str:token>/plan.ics", athlete.feed_calendar, name="athlete_feed"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/pain/<int:pk>/clear/", dashboard.pain_clear, name="dashboard_pain_clear"),
    path(
        "dashboard/soreness/<int:pk>/seen/",
        dashboard.soreness_seen,
        name="dashboard_soreness_seen",
    ),
    path("athletes/<int:pk>/progress/", progress.progress, name="athlete_progress"),
]
