from django.urls import path

from exercises import views

urlpatterns = [
    path("exercises/", views.exercise_list, name="exercise_list"),
    path("exercises/new/", views.exercise_create, name="exercise_create"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise_detail"),
    path("exercises/<slug:slug>/edit/", views.exercise_edit, name="exercise_edit"),
    path("exercises/<slug:slug>/delete/", views.exercise_delete, name="exercise_delete"),
]
