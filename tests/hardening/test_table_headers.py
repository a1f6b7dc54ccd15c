"""Every table on every page says what each of its header cells heads (a column, a row or a
group of rows), so that a screen reader reads each cell with its week, lift or athlete."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.hardening.hostile import client_for
from tests.hardening.test_bad_input import GETS
from tests.hardening.world import ROUTES, build_world


class _Headers(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells = 0
        self.unscoped: list[str] = []
        self._open: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "th":
            self.cells += 1
            self._open = dict(attrs)
            self._open["text"] = ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self._open is not None:
            if self._open.get("scope") not in ("col", "row", "colgroup", "rowgroup"):
                self.unscoped.append(" ".join(self._open["text"].split())[:40])
            self._open = None


@pytest.fixture
def world(db):
    return build_world()


def test_every_table_header_cell_has_its_scope(world):
    cells, unscoped = 0, {}
    for name in GETS:
        actor, arguments = ROUTES[name]
        response = client_for(world, actor).get(
            reverse(name, kwargs=arguments(world) if arguments else None)
        )
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        headers = _Headers()
        headers.feed(response.content.decode())
        cells += headers.cells
        if headers.unscoped:
            unscoped[name] = headers.unscoped
    assert cells > 50  # the roster, the load grid, the squad week, the dashboard...
    assert unscoped == {}
