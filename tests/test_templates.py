"""Template hygiene that no page test would notice until a coach saw it."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_no_template_comment_spans_lines():
    """Django ends a {# #} comment at the end of its line: one that runs on is printed as
    text on the page. Longer notes use {% comment %}."""
    runaway = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            rest = line
            while "{#" in rest:
                rest = rest[rest.index("{#") + 2 :]
                if "#}" not in rest:
                    runaway.append(f"{path.relative_to(TEMPLATES)}:{number}")
                    break
                rest = rest[rest.index("#}") + 2 :]
    assert runaway == []


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def test_a_link_or_button_named_for_more_keeps_its_visible_words_in_its_name():
    """An aria-label that says more than the button shows ("Mark seen" for whose soreness)
    holds the shown words as they stand, so "click Mark seen" in voice control finds it
    (WCAG 2.5.3, label in name). Symbols (+, arrows) and template values are skipped."""
    control = re.compile(r'<(a|button)\b[^>]*?\saria-label="([^"]*)"[^>]*>([^<]*)</\1>')
    mismatched = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for _, label, text in control.findall(path.read_text()):
            shown = words(text)
            if shown and "{" not in text and shown not in words(label):
                mismatched.append(f"{path.relative_to(TEMPLATES)}: {text.strip()!r} / {label!r}")
    assert mismatched == []


def test_every_header_cell_of_a_page_table_has_its_scope():
    """A screen reader reads a cell with the headers it falls under: each <th> says whether
    it heads a column or a row (the PDF sheets are printed, not read out)."""
    unscoped = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        if "pdf" in path.relative_to(TEMPLATES).parts:
            continue
        for tag in re.findall(r"<th\b[^>]*>", path.read_text()):
            if "scope=" not in tag:
                unscoped.append(f"{path.relative_to(TEMPLATES)}: {tag}")
    assert unscoped == []


def test_every_navigation_landmark_is_named():
    """A page holds the main menu and a trail back to where it was opened from (and some a
    pager): a screen reader lists its navigation landmarks by name, and an unnamed one is
    just "navigation", told from the others only by opening it."""
    unnamed = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for tag in re.findall(r"<nav\b[^>]*>", path.read_text()):
            if "aria-label" not in tag and "aria-labelledby" not in tag:
                unnamed.append(f"{path.relative_to(TEMPLATES)}: {tag}")
    assert unnamed == []


def test_pages_and_mails_write_email_as_one_word():
    """The labels, help and mails say "email": the password reset's pages say it the same."""
    hyphenated = [
        f"{path.relative_to(TEMPLATES)}"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file() and re.search(r"\be-mail", path.read_text(), re.I)
    ]
    assert hyphenated == []
