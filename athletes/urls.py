from django.urls import path

from athletes import testing_day, views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("invite/<str:token>/", views.invite_accept, name="invite_accept"),
    path("club/coaches/", views.club_coaches, name="club_coaches"),
    path("club/leave/", views.club_leave, name="club_leave"),
    path("club/left/", views.club_left, name="club_left"),
    path("club/rename/", views.club_rename, name="club_rename"),
    path("account/email/", views.account_email, name="account_email"),
    path(
        "club/invitations/<int:pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("club/coaches/<int:pk>/remove/", views.coach_remove, name="club_coach_remove"),
    path("club/coaches/<int:pk>/owner/", views.owner_handover, name="club_owner_handover"),
    path("athletes/", views.roster, name="roster"),
    path("athletes/new/", views.athlete_create, name="athlete_create"),
    path("athletes/move/", views.roster_move, name="roster_move"),
    path("athletes/import/", views.roster_import, name="roster_import"),
    path("athletes/import/sample.csv", views.roster_import_sample, name="roster_import_sample"),
    path("athletes/export.csv", views.roster_export, name="roster_export"),
    path("athletes/<int:pk>/", views.athlete_detail, name="athlete_detail"),
    path("athletes/<int:pk>/edit/", views.athlete_edit, name="athlete_edit"),
    path("athletes/<int:pk>/running-week/", views.running_week_edit, name="running_week_edit"),
    path("athletes/<int:pk>/tests/new/", views.strength_test_add, name="strength_test_add"),
    path(
        "athletes/<int:pk>/tests/<int:test_pk>/edit/",
        views.strength_test_edit,
        name="strength_test_edit",
    ),
    path(
        "athletes/<int:pk>/tests/<int:test_pk>/delete/",
        views.strength_test_delete,
        name="strength_test_delete",
    ),
    path("athletes/<int:pk>/delete/", views.athlete_delete, name="athlete_delete"),
    path("athletes/<int:pk>/archive/", views.athlete_archive, name="athlete_archive"),
    path("athletes/<int:pk>/restore/", views.athlete_restore, name="athlete_restore"),
    path("squads/", views.squads, name="squads"),
    path("squads/<int:pk>/tests/", testing_day.squad_tests, name="squad_tests"),
    path("squads/<int:pk>/rename/", views.squad_rename, name="squad_rename"),
    path("squads/<int:pk>/delete/", views.squad_delete, name="squad_delete"),
]
