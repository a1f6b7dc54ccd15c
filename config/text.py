"""Checks shared by every form that takes a name or a note typed by a person.

A name is kept in composed form (NFC), so that one word typed two ways is one name, and
must hold at least one letter or digit: one made only of spaces, zero-width characters,
direction marks or combining accents shows as nothing on every page. A note made only of
such characters is kept as an empty note.
"""

import re
import unicodedata

from django import forms

# Characters that take no room on the page: zero-width spaces and joiners, direction marks
# and embeddings, the word joiner and invisible operators, the byte-order mark, the soft
# hyphen, the Mongolian vowel separator, the Hangul fillers. Tag characters (the end of a
# flag emoji such as England's) are not among them.
INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u3164\ufeff\uffa0"
    + "".join(chr(c) for c in range(0x200B, 0x2010))
    + "".join(chr(c) for c in range(0x202A, 0x202F))
    + "".join(chr(c) for c in range(0x2060, 0x2070))
)
NAME_MESSAGE = "Use letters or numbers in the name."


def _blank(ch: str) -> bool:
    """True for a character that is no mark on the page on its own."""
    return (
        ch.isspace()
        or ch in INVISIBLE
        or unicodedata.category(ch) in ("Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp")
    )


JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner, which shape letters
VIRAMA = 9  # the combining class of the sign that joins Indic consonants


def trim(text: str) -> str:
    """The text without spaces or invisible characters at either end. A joiner after a
    virama is part of how a letter is written (Malayalam's chillu letters end in one), so
    kept."""
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or text[start] in INVISIBLE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in INVISIBLE):
        after = text[end - 2] if end - 1 > start else " "
        if text[end - 1] in JOINERS and unicodedata.combining(after) == VIRAMA:
            break  # a chillu letter, say
        end -= 1
    return text[start:end]


def clean_note(text: str) -> str:
    """A note as stored: trimmed, a control character pasted in (a word processor's line
    break) made a space, and empty when nothing in it would show."""
    text = trim(without_controls(text or ""))
    return "" if all(_blank(ch) for ch in text) else text


class TextBox(forms.CharField):
    """Text typed in a box (a textarea): each line break one character ("\n"), as the box
    and its limit count it, where a browser sends each as two ("\r\n")."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class NameField(forms.CharField):
    """A name's box: the name composed (NFC) before its length is checked, so that one typed
    with an e and a combining accent is measured as it is stored, not refused as too long
    or stored other than it was checked."""

    def to_python(self, value):
        value = super().to_python(value)
        return unicodedata.normalize("NFC", value) if value else value


def has_letter_or_digit(text: str) -> bool:
    # The Hangul fillers count as letters to Python, and show as nothing.
    return any(ch.isalnum() and ch not in INVISIBLE for ch in text)


def clean_name(text: str, message: str = NAME_MESSAGE) -> str:
    """A name as stored: trimmed and in composed form (NFC), so that "Équipe" typed with
    one accented letter and with an e and a combining accent is one name. Refused unless
    it holds a letter or a digit."""
    name = trim(without_controls(unicodedata.normalize("NFC", text or "")))
    if not has_letter_or_digit(name):
        raise forms.ValidationError(message)
    return name


def name_key(name: str) -> str:
    """What two names that are one name have in common: composed form, no case (Straße is
    STRASSE), the spaces between words counted as one (a page shows "Road  runners" typed
    with two as "Road runners")."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


# Letters that are not a base letter plus an accent in Unicode, spelt as a keyboard without
# them types them; and the apostrophes a phone types for the one on a keyboard.
SEARCH_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
    | dict.fromkeys("‘’ʼ`´", "'")
)


def search_key(text: str) -> str:
    """A text as a search matches it: without accents, in no case, with plain apostrophes,
    so "zoe" finds Zoë, "lukasz" Łukasz and "o’neill" O'Neill. Only the accents Latin,
    Greek and Cyrillic letters take go: in other scripts a mark makes another letter or word
    (ジュン is not シュン, ज़रा not जरा)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not "\u0300" <= ch <= "\u036f")
    return unicodedata.normalize("NFC", bare).translate(SEARCH_LETTERS)


# Control characters other than tab and line breaks. Text pasted from a word processor can
# hold one (a line break typed with Shift+Enter copies as a vertical tab): a PDF prints it as
# a box, and a calendar feed holding one breaks the iCalendar format (RFC 5545 3.3.11).
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """The text with each control character (not a tab or line break) made a space."""
    return CONTROLS.sub(" ", text)


DIGITS = re.compile(r"(\d+)")


def name_order(name: str) -> tuple[tuple, str]:
    """A name's place in an alphabetical list whatever the database's collation: Élodie
    beside Elena, not after Zoë (a byte-wise order puts accented capitals last), and numbers
    in a name by their value, as people count them: "Ana 6" before "Ana 12". Punctuation
    counts as the space between words: "X (copy)" before "X (copy 2)", as "X" before "X 2"
    (a closing bracket is after a space in Unicode)."""
    words = "".join(
        " " if unicodedata.category(ch).startswith("P") else ch for ch in search_key(name)
    )
    parts = DIGITS.split(" ".join(words.split()))
    # Words and numbers alternate (words first, maybe empty), so like is compared with like.
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts)), name


class TrimmedIntegerField(forms.IntegerField):
    """A whole number, a box holding only spaces (a number pad's space key) read as empty."""

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class CommaDecimalField(forms.DecimalField):
    """A decimal as a phone in much of Europe types it: "22,5" is 22.5 (one comma, no
    point; "1,000" is not read as a thousand). A box holding only spaces is empty."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if isinstance(value, str) and value.count(",") == 1 and "." not in value:
            value = value.replace(",", ".")
        if isinstance(value, str) and ("e" in value or "E" in value):
            # "1e2" would be read as 100: nobody types a load that way, so it is a slip.
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        value = super().to_python(value)
        if value is not None and not value.is_finite():
            # "NaN" or "Infinity": refused here, as any other word is (Django's own check
            # fills the value into the message, and a "%" of its label with it: "% 1RM").
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def file_words(name: str) -> str:
    """A name as words of a file name: lower case, joined by hyphens, letters and digits of
    any script kept with their accents and vowel signs (Django's slugify drops what is not
    Latin, and its Unicode mode drops the vowel signs of Hindi), everything else left out."""
    text = unicodedata.normalize("NFKC", name).lower()
    kept = "".join(
        ch
        if (ch.isalnum() and ch not in INVISIBLE)
        or unicodedata.category(ch) in ("Mn", "Mc")
        or ch in JOINERS  # inside a word, part of its spelling (Sinhala ශ්‍රී)
        else " "
        for ch in text
    )
    words = (word.strip(JOINERS) for word in kept.split())
    return "-".join(word for word in words if word)


def joined(words: list[str], last: str = "and") -> str:
    """Words in a list, the last two joined by `last` ("A, B and C"). Joined one by one, as
    a word can hold a comma itself ("Bear crawl, weighted")."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"
