"""Rendering fetches nothing but data: URLs and our own static files; user text is text."""

import io

import pytest
from pypdf import PdfReader

from schedules import export_pdf
from tests.exports.conftest import block_job, pdf_reader, pdf_text, render

IMG = '<img src="file:///etc/passwd">'
LINK = '<link rel="attachment" href="file:///etc/passwd">'
STYLE = '<p style="background: url(http://127.0.0.1:9/x)">x</p>'
HOSTILE_URLS = {"file:///etc/passwd", "http://127.0.0.1:9/x"}


class RecordingFetcher(export_pdf.SafeUrlFetcher):
    instances: list["RecordingFetcher"] = []

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []
        RecordingFetcher.instances.append(self)

    def fetch(self, url, headers=None):
        self.asked.append(url)
        return super().fetch(url, headers)


@pytest.fixture
def fetchers(monkeypatch):
    RecordingFetcher.instances = []
    monkeypatch.setattr(export_pdf, "SafeUrlFetcher", RecordingFetcher)
    export_pdf._IMAGES.clear()  # so that the logo is fetched again
    return RecordingFetcher.instances


def asked(fetchers) -> list[str]:
    return [url for fetcher in fetchers for url in fetcher.asked]


def refused(fetchers) -> list[str]:
    return [url for fetcher in fetchers for url in fetcher.refused]


def assert_no_embedded_files(reader: PdfReader) -> None:
    names = reader.trailer["/Root"].get("/Names")
    assert names is None or "/EmbeddedFiles" not in names.get_object()
    assert reader.attachments == {}
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            assert annotation.get_object().get("/Subtype") != "/FileAttachment"


@pytest.fixture
def hostile_athlete(athlete, plan):
    athlete.name = IMG
    athlete.goal_race_name = LINK
    athlete.notes = f"{IMG} {LINK} {STYLE}"
    athlete.injury_notes = STYLE
    athlete.save()
    return athlete


def test_hostile_athlete_text_is_printed_literally(fetchers, hostile_athlete):
    text = pdf_text(pdf_reader(render(block_job(hostile_athlete))))
    assert IMG in text
    assert LINK in text


def test_hostile_athlete_text_makes_no_request_outside_our_static_files(fetchers, hostile_athlete):
    render(block_job(hostile_athlete))
    assert asked(fetchers), "the logo is expected to go through the fetcher"
    assert all(url.startswith(export_pdf.STATIC_PREFIX) for url in asked(fetchers))
    assert refused(fetchers) == []


def test_hostile_athlete_pdf_has_no_embedded_files(fetchers, hostile_athlete):
    assert_no_embedded_files(pdf_reader(render(block_job(hostile_athlete))))


def test_markup_that_escaped_escaping_has_every_request_refused(fetchers):
    html = (
        f"<html><head>{LINK}<link rel=stylesheet href='file:///etc/passwd'></head>"
        f"<body><p>Plan</p>{IMG}{STYLE}</body></html>"
    )
    pdf, pages = export_pdf.render_pdf(html, paper="a4")
    assert set(refused(fetchers)) == HOSTILE_URLS
    outside = {url for url in asked(fetchers) if not url.startswith(export_pdf.STATIC_PREFIX)}
    assert outside == HOSTILE_URLS
    reader = PdfReader(io.BytesIO(pdf))
    assert pages == 1
    assert_no_embedded_files(reader)
    assert "root:" not in pdf_text(reader)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        "https://example.com/static/css/print.css",
        "https://runstrength.invalid/media/exports/x.pdf",
        "https://runstrength.invalid/static/../config/settings.py",
        "https://runstrength.invalid/static/%2e%2e/config/settings.py",
        "https://runstrength.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://runstrength.invalid/static/css",
        "https://runstrength.invalid/static/css/missing.css",
    ],
)
def test_fetcher_refuses_anything_but_our_static_files(url):
    fetcher = export_pdf.SafeUrlFetcher()
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_our_static_files():
    response = export_pdf.SafeUrlFetcher().fetch(export_pdf.STATIC_PREFIX + "css/print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_fetcher_serves_data_urls():
    response = export_pdf.SafeUrlFetcher().fetch("data:text/plain;base64,aGVsbG8=")
    assert response.read() == b"hello"
