"""EPUB 3 pop-up notes: a term reference opens its definition where the reader is.

EPUB reading systems run scripts unreliably, so an EPUB page gets no tooltip script. Each
term reference is a note reference instead (``<a epub:type="noteref" href="#note">``) to one
``<aside epub:type="footnote">`` per term and page, appended to the page's body: reading
systems that know the pattern (Apple Books, Kobo, Thorium, …) show the aside as a pop-up and
hide it from the text; the others show the asides at the end of the page, where the note
reference leads. The aside holds the term's name, linked to its glossary entry, and its
definition as plain text, cut as tooltips are; each appears once per page, however often the
page references the term.
"""

from __future__ import annotations

import re
from html import escape
from typing import NamedTuple

#: The ``class`` of each aside (themes may style the end-of-page fallback).
NOTE_CLASS = "nterm-note"

_NOT_ID = re.compile(r"[^a-z0-9]+")


class Note(NamedTuple):
    """What one aside shows."""

    id: str
    name: str
    text: str
    #: The term's entry, from this page ("" if it has none).
    href: str


class PageNotes:
    """The notes of the page being written, in the order their terms are first referenced."""

    def __init__(self) -> None:
        self.notes: dict[str, Note] = {}
        self._ids: set[str] = set()

    def note_id(self, key: str, name: str, text: str, href: str) -> str:
        """The id of the aside of the term ``key`` (made on its first reference)."""
        note = self.notes.get(key)
        if note is None:
            note = self.notes[key] = Note(self._new_id(name), name, text, href)
        return note.id

    def _new_id(self, name: str) -> str:
        # An XML id: ASCII letters, digits and hyphens, starting with a letter.
        base = "nterm-note-" + (_NOT_ID.sub("-", name.casefold()).strip("-") or "term")
        candidate, serial = base, 1
        while candidate in self._ids:
            serial += 1
            candidate = f"{base}-{serial}"
        self._ids.add(candidate)
        return candidate

    def html(self) -> str:
        """The asides, as XHTML (empty when the page references no term)."""
        parts = []
        for note in self.notes.values():
            name = f"<strong>{escape(note.name)}</strong>"
            if note.href:
                name = f'<a href="{escape(note.href, quote=True)}">{name}</a>'
            parts.append(
                f'<aside epub:type="footnote" class="{NOTE_CLASS}" id="{note.id}">'
                f"<p>{name}: {escape(note.text)}</p></aside>\n"
            )
        return "".join(parts)


def noteref(note_id: str, classes: str, text: str) -> str:
    """A reference to a note: ``<a epub:type="noteref" …>text</a>`` (``text`` is escaped)."""
    return f'<a epub:type="noteref" class="{classes}" href="#{note_id}">{text}</a>'
