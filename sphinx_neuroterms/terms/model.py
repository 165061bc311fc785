"""Immutable term records: a term as loaded, with its file and line, and its key
(:func:`~sphinx_neuroterms.terms.names.term_key`, the one normalising key that every name
lookup goes through).

Nothing here imports Sphinx: the loaders, the command line and the Sphinx extension share it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple

from sphinx_neuroterms.terms.names import term_key

#: How term text is interpreted: reStructuredText or MyST Markdown (untrusted, so confined to
#: its entry: ``term_markup``), or plain text (scraped web pages; never parsed as markup).
Markup = Literal["rst", "myst", "text"]


class Location(NamedTuple):
    """Where something was read: a file path and a 1-based line (``None``: the whole file)."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary term, exactly as loaded; equal terms compare equal."""

    #: The display name, e.g. ``Neurochemical Imbalance``.
    name: str
    #: The first paragraph; the tooltip shows it.
    definition: str
    #: Where the term's entry starts.
    location: Location
    #: Titled sections in order, e.g. ``(("Origin", "…"), ("Mechanism", "…"))``.
    sections: tuple[tuple[str, str], ...] = ()
    #: Other names that resolve to this term.
    aliases: tuple[str, ...] = ()
    #: Names of related terms, rendered as links.
    see_also: tuple[str, ...] = ()
    #: Short related statements shown under the entry.
    notes: tuple[str, ...] = ()
    #: Categories the glossary can filter and group by.
    tags: tuple[str, ...] = ()
    #: Names writers should not use: a page that uses one is warned, with this term as the fix.
    avoid: tuple[str, ...] = ()
    #: Identifiers in other vocabularies, as written (CURIEs such as ``CHEBI:28790``); they
    #: are checked and expanded to URLs against the project's prefix map, not here.
    identifiers: tuple[str, ...] = ()
    #: Where the definition comes from: an http(s) or relative URL, already validated.
    source: str | None = None
    #: How the text fields are to be rendered.
    markup: Markup = "rst"
    #: Whether ``neuroterms_autolink`` links plain mentions of it.
    autolink: bool = True
    #: The name line as the glossary shows it, in the term's markup (``:class:`~.Basic```),
    #: when it is more than :attr:`name`, which stays the plain text that references,
    #: tooltips and the inventory use (``Basic``).
    display: str | None = None
    #: Where fields start, for warnings about them: ``(place, line)`` pairs, where a place is
    #: a key (``definition``, ``see_also``) or a list item by its text (``aliases:5-HT``).
    #: Not part of what is shown, so not compared: a term moved down its file is the same term.
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    #: The normalised key of :attr:`name` (computed once: it is read several times per
    #: reference while pages are written).
    key: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", term_key(self.name))

    def location_of(self, place: str) -> Location:
        """Where a field (``see_also``) or list item (``see_also:Dopamine``) of the term is written.

        Falls back from the item to its list's key, then to the term's own location.
        """
        lines = dict(self.lines)
        line = lines.get(place) or lines.get(place.partition(":")[0])
        return self.location if line is None else Location(self.location.path, line)

    def reads_as(self, other: Term) -> bool:
        """Whether the two show the same: equal but for where they are written (a term
        moved down its file by an edit above it reads as it did)."""
        return self == other or (
            self.name == other.name and replace(self, location=other.location) == other
        )

    def names(self) -> Iterator[str]:
        """The name, then every alias."""
        yield self.name
        yield from self.aliases
