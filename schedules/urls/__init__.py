from django.urls import include, path

urlpatterns = [
    path("", include("schedules.urls.plans")),
    path("", include("schedules.urls.grid")),
    path("", include("schedules.urls.athlete")),
    path("", include("schedules.urls.exports")),
    path("", include("schedules.urls.club_data")),
]
