"""An athlete given their link before their coach has made a plan."""

from athletes.models import Athlete


def test_no_plan_and_a_sample_running_week_lists_no_runs_the_coach_never_set(
    client, athlete, week_url
):
    """A new athlete's running week is a sample until the coach sets theirs: with no plan
    made around it either, the page says the plan is coming and lists no made-up runs."""
    Athlete.objects.filter(pk=athlete.pk).update(running_week_set=False)
    page = client.get(week_url).content.decode()
    assert "Your coach has not made your plan yet" in page
    assert "Quality run" not in page and "Long run" not in page
    assert "No strength work" not in page and "Rest day" not in page


def test_no_plan_and_a_running_week_the_coach_set_still_lists_its_runs(client, athlete, week_url):
    Athlete.objects.filter(pk=athlete.pk).update(running_week_set=True)
    page = client.get(week_url).content.decode()
    assert "Your coach has not made your plan yet" in page
    assert "Long run" in page
