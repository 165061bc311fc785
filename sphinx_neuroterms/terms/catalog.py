"""The term catalog: merges terms from many sources and answers name lookups."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import replace

from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location, Term
from sphinx_neuroterms.terms.names import plural_variants, split_section, term_key


class TermCatalog:
    """Terms in the order they were read, indexed by the normalised key of every name and alias.

    Merging is deterministic and loses nothing valid. An alias that differs from the name or
    another alias only in case or spacing (``AJAX`` beside ``Ajax``) is kept, a name line to
    show and anchor, matched as the name it repeats. A name beats an alias, whichever was read
    first: the alias is dropped, located at its own line. Otherwise the first term to claim a
    name or alias keeps it. Every dropped claim is a :attr:`WarningSubtype.DUPLICATE_TERM`
    diagnostic naming both places. A term whose own name is another term's name is left out
    as a whole (two entries cannot share a name); a term that only loses an alias keeps the
    rest.
    """

    def __init__(self, terms: Iterable[Term] = ()) -> None:
        self._terms: list[Term] = []
        #: Each stored term's key to its position in :attr:`_terms`.
        self._positions: dict[str, int] = {}
        self._by_key: dict[str, Term] = {}
        #: Problems found while merging, in the order found.
        self.diagnostics: list[Diagnostic] = []
        for term in terms:
            self.add(term)

    def add(self, term: Term) -> Term | None:
        """Add a term; return it as stored (aliases that were taken dropped), or ``None``."""
        owner = self._by_key.get(term.key)
        if owner is not None:
            if owner.key == term.key:
                self._report(
                    f"term name {term.name!r} is already claimed by {owner.name!r} at "
                    f"{owner.location}; the first one read keeps it",
                    term.location,
                )
                return None
            self._drop_alias(owner, term)
        kept_aliases: list[str] = []
        claimed = {term.key}
        written = {term.name}
        for alias in term.aliases:
            key = term_key(alias)
            if key in claimed:
                # The term's own name or another alias again. Written the same, it is
                # harmless and dropped; in another case (``AJAX`` beside ``Ajax``) it is a
                # name line of its own to show and anchor, matched as the name it repeats.
                if alias not in written:
                    written.add(alias)
                    kept_aliases.append(alias)
                continue
            owner = self._by_key.get(key)
            if owner is not None:
                self._report(
                    f"term alias {alias!r} is already claimed by {owner.name!r} at "
                    f"{owner.location}; the first one read keeps it",
                    term.location_of(f"aliases:{alias}"),
                )
                continue
            claimed.add(key)
            written.add(alias)
            kept_aliases.append(alias)
        if len(kept_aliases) != len(term.aliases):
            term = replace(term, aliases=tuple(kept_aliases))
        for key in claimed:
            self._by_key[key] = term
        self._positions[term.key] = len(self._terms)
        self._terms.append(term)
        return term

    def _drop_alias(self, owner: Term, term: Term) -> None:
        """``term``'s name is an alias of ``owner``: take the alias from ``owner``."""
        alias = next(alias for alias in owner.aliases if term_key(alias) == term.key)
        self._report(
            f"alias {alias!r} of term {owner.name!r} is the name of term {term.name!r} at "
            f"{term.location}; a name beats an alias, so the alias is dropped",
            owner.location_of(f"aliases:{alias}"),
        )
        kept = replace(owner, aliases=tuple(a for a in owner.aliases if term_key(a) != term.key))
        del self._by_key[term.key]
        for key, stored in self._by_key.items():
            if stored is owner:
                self._by_key[key] = kept
        self._terms[self._positions[owner.key]] = kept

    def _report(self, message: str, location: Location) -> None:
        self.diagnostics.append(Diagnostic(WarningSubtype.DUPLICATE_TERM, message, location))

    def lookup(self, name: str, *, plurals: bool = True) -> Term | None:
        """Find a term by name or alias: exact normalised key first, then plural variants.

        :param plurals: also try plural variants (``:any:`` does not: a page or label named
            like the plural of a term would make its matches ambiguous).
        """
        key = term_key(name)
        term = self._by_key.get(key)
        if term is not None or not plurals:
            return term
        for variant in plural_variants(key):
            term = self._by_key.get(variant)
            if term is not None:
                return term
        return None

    def lookup_reference(self, text: str) -> Term | None:
        """The term a reference's text reaches: the whole text as a name (``C#``), else
        the name of ``Name#Section`` (:func:`split_section`)."""
        term = self.lookup(text)
        if term is None and (split := split_section(text)) is not None:
            term = self.lookup(split[0])
        return term

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Close names for a miss, for "did you mean …" (display names, best first, unique)."""
        matches = difflib.get_close_matches(term_key(name), self._by_key, n=limit * 2, cutoff=0.6)
        names = dict.fromkeys(self._display_name(key) for key in matches)
        return list(names)[:limit]

    def _display_name(self, key: str) -> str:
        term = self._by_key[key]
        if term.key == key:
            return term.name
        return next(alias for alias in term.aliases if term_key(alias) == key)

    def __iter__(self) -> Iterator[Term]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.lookup(name) is not None
