from django.urls import path

from schedules.views import moves, plans

urlpatterns = [
    path("athletes/<int:pk>/assign/", plans.assign_athlete, name="assign_athlete"),
    path("athletes/<int:pk>/plan/", plans.athlete_plan, name="athlete_plan"),
    path("athletes/<int:pk>/plan.json", plans.athlete_plan_json, name="athlete_plan_json"),
    path("athletes/<int:pk>/rules/<slug:rule>/accept/", plans.rule_accept, name="rule_accept"),
    path(
        "athletes/<int:pk>/rules/<slug:rule>/withdraw/", plans.rule_withdraw, name="rule_withdraw"
    ),
    path("sessions/<int:pk>/move/", moves.session_move, name="session_move"),
    path("squads/<int:pk>/assign/", plans.assign_squad, name="assign_squad"),
    path("plans/jobs/<int:pk>/", plans.plan_job, name="plan_job"),
    path("plans/jobs/<int:pk>/retry/", plans.plan_job_retry, name="plan_job_retry"),
    path("plans/batches/<str:batch>/", plans.plan_batch, name="plan_batch"),
]
