"""The focus ring stands out (3:1 at least, WCAG 1.4.11) against what is around it: the
page, the cards, the grey set rows of the athlete's page and the dark top bar."""

import re

import pytest

from athletes.models import AthleteLink
from tests.browser_support import log_in
from tests.factories import AthleteFactory, ClubFactory, MembershipFactory, UserFactory
from tests.plan_factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {
    "coach": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}

RING = """(element) => {
    const style = getComputedStyle(element);
    let ground = 'rgba(0, 0, 0, 0)';
    for (let node = element.parentElement; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        if (!/rgba\\(.*, 0\\)$/.test(colour)) { ground = colour; break; }
    }
    return {
        visible: document.activeElement.matches(':focus-visible'),
        outline: style.outlineStyle === 'none' ? null : style.outlineColor,
        width: parseFloat(style.outlineWidth),
        shadow: style.boxShadow,
        ground: ground === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : ground,
    };
}"""


def luminance(colour: str) -> float:
    red, green, blue = (int(n) / 255 for n in re.findall(r"\d+", colour)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ring(page, selector: str, drawn_on: str | None = None) -> dict:
    """Focus the element as a keyboard user would reach it; the ring it shows (on itself, or
    on the element that draws it for a hidden input)."""
    page.keyboard.press("Shift")  # the last input was the keyboard: focus is shown
    page.locator(selector).first.focus()
    return page.locator(drawn_on or selector).first.evaluate(RING)


@pytest.fixture
def club(live_server):
    club = ClubFactory(name="Riverside Harriers")
    MembershipFactory(club=club, role="owner", user=UserFactory(username="owner"))
    athlete = AthleteFactory(club=club, name="Amara Okafor")
    make_plan(athlete, weeks=2)
    _, token = AthleteLink.issue(athlete=athlete)
    return token


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_a_focused_button_and_link_stand_out_on_a_coach_page(browser, live_server, club, size):
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, "owner")
    for selector in (".page-head .btn-primary", "table.roster a.strong", "#q"):
        shown = ring(page, selector)
        assert shown["visible"] and shown["width"] >= 2, selector
        assert contrast(shown["outline"], shown["ground"]) >= 3, (selector, shown)
    # On the dark top bar the inner ring of the accent carries it.
    shown = ring(page, ".mainnav a[aria-current=page]")
    accent = re.match(r"rgb\([^)]*\)", shown["shadow"])[0]
    assert contrast(accent, shown["ground"]) >= 3, shown
    # The bar scrolls sideways on a wide screen, and would cut off a ring it has no room for.
    room = page.evaluate(
        """() => { const nav = document.querySelector('.mainnav');
            if (getComputedStyle(nav).overflowX === 'visible') return 99;  // a phone's bar
            const bar = nav.getBoundingClientRect();
            const link = document.activeElement.getBoundingClientRect();
            return Math.min(link.top - bar.top, bar.bottom - link.bottom); }"""
    )
    assert room >= 5  # 2 px apart, 3 px wide
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_a_focused_tick_box_stands_out_on_its_grey_set_row(browser, live_server, club, size):
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/w/{club}/")
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    shown = ring(page, ".aw-setrow .aw-tick input", drawn_on=".aw-setrow .aw-tick-box")
    assert shown["visible"] and shown["width"] >= 2
    assert shown["ground"] != "rgb(255, 255, 255)"  # the grey row
    assert contrast(shown["outline"], shown["ground"]) >= 3, shown
    shown = ring(page, ".aw-week-nav a[rel=next]")
    assert contrast(shown["outline"], shown["ground"]) >= 3, shown
    context.close()
