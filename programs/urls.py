from django.urls import path

from programs import builder_views as edit
from programs import views

urlpatterns = [
    path("programmes/", views.program_list, name="program_list"),
    path("programmes/new/", views.program_create, name="program_create"),
    path("programmes/<int:pk>/", views.program_detail, name="program_detail"),
    path("programmes/<int:pk>/clone/", views.program_clone_view, name="program_clone"),
    path("programmes/<int:pk>/details/", views.program_update, name="program_update"),
    path("programmes/<int:pk>/delete/", views.program_delete, name="program_delete"),
    path("programmes/<int:pk>/archive/", views.program_archive, name="program_archive"),
    path("programmes/<int:pk>/replan/", views.program_replan, name="program_replan"),
    path("programmes/<int:pk>/phases/add/", edit.phase_add, name="program_phase_add"),
    path(
        "programmes/<int:pk>/phases/<int:phase_id>/",
        edit.phase_update,
        name="program_phase_update",
    ),
    path(
        "programmes/<int:pk>/phases/<int:phase_id>/delete/",
        edit.phase_delete,
        name="program_phase_delete",
    ),
    path(
        "programmes/<int:pk>/phases/<int:phase_id>/sessions/add/",
        edit.session_add,
        name="program_session_add",
    ),
    path(
        "programmes/<int:pk>/sessions/<int:session_id>/",
        edit.session_update,
        name="program_session_update",
    ),
    path(
        "programmes/<int:pk>/sessions/<int:session_id>/move/",
        edit.session_move,
        name="program_session_move",
    ),
    path(
        "programmes/<int:pk>/sessions/<int:session_id>/delete/",
        edit.session_delete,
        name="program_session_delete",
    ),
    path(
        "programmes/<int:pk>/sessions/<int:session_id>/exercises/new/",
        edit.prescription_new,
        name="program_prescription_new",
    ),
    path(
        "programmes/<int:pk>/sessions/<int:session_id>/exercises/add/",
        edit.prescription_add,
        name="program_prescription_add",
    ),
    path(
        "programmes/<int:pk>/exercises/<int:prescription_id>/edit/",
        edit.prescription_edit,
        name="program_prescription_edit",
    ),
    path(
        "programmes/<int:pk>/exercises/<int:prescription_id>/",
        edit.prescription_update,
        name="program_prescription_update",
    ),
    path(
        "programmes/<int:pk>/exercises/<int:prescription_id>/move/",
        edit.prescription_move,
        name="program_prescription_move",
    ),
    path(
        "programmes/<int:pk>/exercises/<int:prescription_id>/delete/",
        edit.prescription_delete,
        name="program_prescription_delete",
    ),
]
