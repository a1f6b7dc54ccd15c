"""The page of a paged list a link asks for."""


def page_number(value: str | None) -> int:
    """A page asked for in a link: a whole number from 1; anything else (missing, "two",
    "-1", "1.5", a number too long to be a page) is the first page. One past the last is
    for the paginator to clamp (`Paginator.get_page`)."""
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 6:
        return 1
    return max(int(value), 1)
