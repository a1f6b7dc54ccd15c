"""Pages travel compressed to a browser that accepts it: the athlete's week is opened on a
phone in a gym, often on a weak signal, and its HTML is tens of kilobytes."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_the_week_page_is_sent_compressed_to_a_browser_that_accepts_it(
    client, athlete, plan, week_url
):
    plain = client.get(week_url)
    packed = client.get(week_url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert athlete.name in page and "Back squat" in page
    # Well under half the size on the wire.
    assert len(packed.content) * 3 < len(plain.content)
    # A page opened by its private link still asks not to be kept or to leak its address.
    assert packed["Cache-Control"] == plain["Cache-Control"]
    assert "no-store" in packed["Cache-Control"]
    assert packed["Referrer-Policy"] == "no-referrer"
