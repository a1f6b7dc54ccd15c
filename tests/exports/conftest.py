import io
import re

import pytest
from pypdf import PdfReader

from schedules import exports
from schedules.models import ExportJob, ExportKind
from tests.factories import AthleteFactory, SquadFactory
from tests.plan_factories import make_plan


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def plan(athlete):
    return make_plan(athlete, weeks=3)


@pytest.fixture
def squad(club):
    squad = SquadFactory(club=club, name="Marathon group")
    for name in ("Ben Hughes", "Chloe Martin", "Dev Patel"):
        make_plan(AthleteFactory(club=club, squad=squad, name=name), weeks=2)
    AthleteFactory(club=club, squad=squad, name="Finn O'Brien")  # no plan yet
    return squad


def block_job(athlete, *, paper="a4") -> ExportJob:
    return ExportJob.objects.create(
        club=athlete.club, kind=ExportKind.ATHLETE_BLOCK, athlete=athlete, paper=paper
    )


def week_job(athlete, monday) -> ExportJob:
    return ExportJob.objects.create(
        club=athlete.club, kind=ExportKind.ATHLETE_WEEK, athlete=athlete, week_start=monday
    )


def squad_job(squad, monday) -> ExportJob:
    return ExportJob.objects.create(
        club=squad.club, kind=ExportKind.SQUAD_WEEK, squad=squad, week_start=monday, total=4
    )


def render(job: ExportJob) -> ExportJob:
    """What a worker does with the job: claim it, then render it."""
    assert exports.export_claim(job.pk, 3)
    done = exports.export_render(job.pk)
    assert done is not None, "the render did not finish"
    return done


def pdf_reader(job: ExportJob) -> PdfReader:
    with job.file.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def pdf_text(reader: PdfReader) -> str:
    """All text of the PDF with runs of whitespace made single spaces."""
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
