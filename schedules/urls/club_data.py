from django.urls import path

from schedules.views import club_data

urlpatterns = [
    path("club/export.json", club_data.club_export, name="club_export"),
    path("club/import/", club_data.club_import, name="club_import"),
]
