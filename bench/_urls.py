"""The app's URLs plus a trivial view, so benchmarks can compare against Django's floor."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def trivial(request):
    """The floor for a coach's page: session and user loaded, nothing else."""
    return HttpResponse(request.user.get_username())


urlpatterns = [path("bench/trivial/", trivial), path("", include("config.urls"))]
