def replan_on_profile_change(sender, athlete, fields, **kwargs) -> None:
    from schedules.services import plan_request_regeneration

    plan_request_regeneration(athlete)
