"""Ids that one element of a page names in another: labels, descriptions and messages."""

from html.parser import HTMLParser

REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage")


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.named: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in REFERENCES:
                self.named += [(tag, name, token) for token in value.split()]
            elif name == "for" and tag == "label":
                self.named.append((tag, name, value))


def dangling_references(html: str) -> list[str]:
    """Each reference to an id the page does not have, as 'tag attribute=id'."""
    parser = _Ids()
    parser.feed(html)
    return [f"{tag} {name}={ref}" for tag, name, ref in parser.named if ref not in parser.ids]
