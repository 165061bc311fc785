"""Finding plain-text mentions of terms in prose: one matcher over every name at once.

A :class:`MentionMatcher` is built once (per build and process) over names, each with the key
of what it stands for. Text and names are cut into the same tokens: runs of word characters
(Unicode-aware) and single other non-space characters. A name matches where its tokens
follow each other in the text, so matches fall on word boundaries, white space between
words may be any, and regular-expression characters in names are just characters. Case
does not matter, except for an ALL-CAPS name (an acronym such as ``GABA``), which matches
only in capitals. At each place the longest name wins, and matches do not overlap.

The work is one pass over the text's tokens, each looking up the names that start with it:
linear in the text, whatever the number of names. Nothing here imports Sphinx or docutils.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from sphinx_neuroterms.terms.model import Term, plural_variants, term_key

#: A token: a run of word characters, or one other character that is not space.
_TOKEN = re.compile(r"\w+|[^\w\s]")


class Mention(NamedTuple):
    """One mention found in a text."""

    #: Where it starts and ends in the text.
    start: int
    end: int
    #: The key of what the name stands for.
    key: str


class _Name(NamedTuple):
    #: The name's tokens: case-folded, or as written for an acronym.
    tokens: tuple[str, ...]
    #: Whether it matches only as written.
    exact: bool
    key: str


def is_acronym(name: str) -> bool:
    """Whether a name is written in capitals only (``GABA``, ``5-HT``): it then matches only
    in capitals, so that the word *gaba* in another sense, or *Nice* for ``NICE``, is not it.
    """
    return any(character.isalpha() for character in name) and name == name.upper()


class MentionMatcher:
    """Finds mentions of many names in texts (see the module's description)."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """:param names: ``(name, key)`` pairs; a name given twice keeps its first key."""
        #: The first token (case-folded) of each name to the names it starts, longest first.
        self._by_first: dict[str, list[_Name]] = {}
        seen: set[tuple[tuple[str, ...], bool]] = set()
        for name, key in names:
            exact = is_acronym(name)
            tokens = tuple(_TOKEN.findall(name if exact else term_key(name)))
            if not tokens or (tokens, exact) in seen:
                continue
            seen.add((tokens, exact))
            self._by_first.setdefault(tokens[0].casefold(), []).append(_Name(tokens, exact, key))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda name: -len(name.tokens))

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def find(self, text: str) -> Iterator[Mention]:
        """The mentions in ``text``, left to right, each the longest name at its place."""
        if not self._by_first:
            return
        tokens = list(_TOKEN.finditer(text))
        folded = [token.group().casefold() for token in tokens]
        index = 0
        while index < len(tokens):
            candidates = self._by_first.get(folded[index])
            found = None
            for name in candidates or ():
                end = index + len(name.tokens)
                if end > len(tokens):
                    continue
                written = (
                    [token.group() for token in tokens[index:end]] if name.exact
                    else folded[index:end]
                )  # fmt: skip
                if tuple(written) == name.tokens:
                    found = name
                    break
            if found is None:
                index += 1
                continue
            last = index + len(found.tokens) - 1
            yield Mention(tokens[index].start(), tokens[last].end(), found.key)
            index = last + 1


def term_names(terms: Iterable[Term], *, plurals: bool = True) -> Iterator[tuple[str, str]]:
    """``(name, key)`` of every name and alias of ``terms`` and, unless an acronym, of its
    simple English plural (or singular)."""
    for term in terms:
        for name in term.names():
            yield name, term.key
            if plurals and not is_acronym(name):
                for form in plural_variants(term_key(name)):
                    yield form, term.key
