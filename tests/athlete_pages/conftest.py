import pytest

from athletes.models import AthleteLink
from schedules.models import PlannedExercise, PlannedSession
from tests.plan_factories import make_plan


@pytest.fixture
def plan(athlete):
    return make_plan(athlete, weeks=2)


@pytest.fixture
def token(athlete, owner):
    return AthleteLink.issue(athlete=athlete, created_by=owner)[1]


@pytest.fixture
def week_url(token):
    return f"/w/{token}/"


@pytest.fixture
def squat(plan):
    """The first week's back squat: 3 x 6 @ 60 kg."""
    return (
        PlannedExercise.objects.filter(session__plan=plan, exercise__slug="back-squat")
        .order_by("session__date")
        .first()
    )


@pytest.fixture
def first_session(squat):
    return squat.session


def later_session(plan, after: PlannedSession) -> PlannedSession:
    return plan.sessions.filter(date__gt=after.date).order_by("date").first()
