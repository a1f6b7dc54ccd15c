from django.urls import path

from schedules.views import grid, squad_week

urlpatterns = [
    path("athletes/<int:pk>/loads/", grid.plan_grid, name="plan_grid"),
    path("athletes/<int:pk>/loads/undo/", grid.grid_undo, name="grid_undo"),
    path("loads/<int:pk>/", grid.cell, name="cell"),
    path("loads/<int:pk>/edit/", grid.cell_edit, name="cell_edit"),
    path("loads/<int:pk>/step/", grid.cell_step, name="cell_step"),
    path("loads/<int:pk>/carry/", grid.cell_carry, name="cell_carry"),
    path("squads/<int:pk>/week/", squad_week.squad_week, name="squad_week"),
    path("squads/<int:pk>/week/scale/", squad_week.squad_week_scale, name="squad_week_scale"),
]
