from django.urls import path

from schedules.views import exports

urlpatterns = [
    path("athletes/<int:pk>/export/", exports.athlete_exports, name="athlete_exports"),
    path(
        "athletes/<int:pk>/export/block/",
        exports.export_athlete_block,
        name="export_athlete_block",
    ),
    path("athletes/<int:pk>/export/week/", exports.export_athlete_week, name="export_athlete_week"),
    path("squads/<int:pk>/export/", exports.squad_exports, name="squad_exports"),
    path("squads/<int:pk>/export/week/", exports.export_squad_week, name="export_squad_week"),
    path("exports/", exports.export_list, name="export_list"),
    path("exports/<int:pk>/", exports.export_job, name="export_job"),
    path("exports/<int:pk>/retry/", exports.export_retry, name="export_retry"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
]
