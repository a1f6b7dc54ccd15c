from django.urls import path

from athletes import link_views

urlpatterns = [
    path("athletes/<int:pk>/link/", link_views.link_page, name="athlete_link"),
    path("athletes/<int:pk>/link/issue/", link_views.link_issue, name="athlete_link_issue"),
    path("athletes/<int:pk>/link/revoke/", link_views.link_revoke, name="athlete_link_revoke"),
    path(
        "athletes/<int:pk>/link/login-invitation/",
        link_views.login_invite,
        name="athlete_login_invite",
    ),
    path(
        "athletes/<int:pk>/link/login-invitation/withdraw/",
        link_views.login_invite_withdraw,
        name="athlete_login_invite_withdraw",
    ),
    path(
        "athletes/<int:pk>/link/login/remove/",
        link_views.login_remove,
        name="athlete_login_remove",
    ),
    path("athlete-login/<str:token>/", link_views.login_accept, name="athlete_login_accept"),
]
