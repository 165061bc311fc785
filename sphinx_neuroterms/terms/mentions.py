"""Finding plain-text mentions of terms in prose: one matcher over every name at once.

A :class:`MentionMatcher` is built once (per build and process) over names, each with the key
of what it stands for. Text and names are cut into the same tokens: runs of word characters
(Unicode-aware) and single other non-space characters. A name matches where its tokens
follow each other in the text, so matches fall on word boundaries, white space between
words may be any, and regular-expression characters in names are just characters. A mention
is a whole word: a name is not found inside a hyphenated or dotted word (``-1`` in
"length-1", ``js`` in "node.js"), and a name with no letter or digit (``:``, ``<``) is never
found, for prose is full of such characters. Case
does not matter, except for an ALL-CAPS name (an acronym such as ``GABA``), which matches
only in capitals. At each place the longest name wins, and matches do not overlap.

The names are a trie over their tokens. The work is one pass over the text's tokens, each
walking the trie only as far as the text goes on matching some name: linear in the text,
whatever the number of names (at most the longest name's length in tokens per token). Ten
thousand names that share their first words cost no more than one. Nothing here imports
Sphinx or docutils.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from sphinx_neuroterms.terms.model import Term
from sphinx_neuroterms.terms.names import plural_variants, term_key

#: A token: a run of word characters, or one other character that is not space.
_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD_CHARACTER = re.compile(r"\w")
#: Characters that join word characters into one word ("length-1", "node.js").
_JOINERS = "-."


class Mention(NamedTuple):
    """One mention found in a text."""

    #: Where it starts and ends in the text.
    start: int
    end: int
    #: The key of what the name stands for.
    key: str


class _Node:
    """A place in the trie of names: the names that go on from here, by their next token."""

    __slots__ = ("found", "next")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        #: The name that ends here: the order it was given in (the first given wins a tie
        #: between the two tries) and its key.
        self.found: tuple[int, str] | None = None


def is_acronym(name: str) -> bool:
    """Whether a name is written in capitals only (``GABA``, ``5-HT``): it then matches only
    in capitals, so that the word *gaba* in another sense, or *Nice* for ``NICE``, is not it.
    """
    return any(character.isalpha() for character in name) and name == name.upper()


class MentionMatcher:
    """Finds mentions of many names in texts (see the module's description)."""

    def __init__(
        self, names: Iterable[tuple[str, str]], *, only_for: Iterable[str] | None = None
    ) -> None:
        """:param names: ``(name, key)`` pairs; a name given twice keeps its first key.
        :param only_for: the texts to be searched, if known: names that cannot start in any
            of them are left out (a rebuild searches one edited term's text for 20,000
            names, and the trie of them all costs more than the search).
        """
        #: Names by their case-folded tokens, met by the text's case-folded tokens.
        self._folded = _Node()
        #: Acronyms by their tokens as written, met by the text's tokens as written.
        self._exact = _Node()
        written: set[str] | None = None
        folded: set[str] = set()
        if only_for is not None:
            written = {token for text in only_for for token in _TOKEN.findall(text)}
            folded = {token.casefold() for token in written}
        for order, (name, key) in enumerate(names):
            if not any(character.isalnum() for character in name):
                continue
            exact = is_acronym(name)
            tokens = _TOKEN.findall(name if exact else term_key(name))
            if not tokens or (written is not None and tokens[0] not in (
                written if exact else folded
            )):
                continue
            node = self._exact if exact else self._folded
            for token in tokens:
                node = node.next.setdefault(token, _Node())
            if node.found is None:
                node.found = (order, key)

    def __bool__(self) -> bool:
        return bool(self._folded.next or self._exact.next)

    def find(self, text: str) -> Iterator[Mention]:
        """The mentions in ``text``, left to right, each the longest name at its place."""
        if not self:
            return
        tokens = list(_TOKEN.finditer(text))
        written = [token.group() for token in tokens]
        folded = [word.casefold() for word in written]
        def ends_word(last: int) -> bool:
            return _ends_word(text, tokens[last].end())

        # Most tokens start no name: a look-up in each trie's first level settles them.
        folded_first, exact_first = self._folded.next, self._exact.next
        index, count = 0, len(tokens)
        while index < count:
            folded_start = folded[index] in folded_first
            exact_start = written[index] in exact_first
            if not (folded_start or exact_start) or not _starts_word(text, tokens[index].start()):
                index += 1
                continue
            matches = [
                match
                for match in (
                    _longest(self._folded, folded, index, ends_word) if folded_start else None,
                    _longest(self._exact, written, index, ends_word) if exact_start else None,
                )
                if match is not None
            ]
            if not matches:
                index += 1
                continue
            found = min(matches)
            last = index + found.length - 1
            yield Mention(tokens[index].start(), tokens[last].end(), found.key)
            index = last + 1


class _Match(NamedTuple):
    """The longest name of one trie at a place; the smaller of two is the one that wins."""

    #: Minus its length in tokens: the longest name wins.
    minus_length: int
    #: The order it was given in: of two as long (an acronym and a name), the first wins.
    order: int
    key: str

    @property
    def length(self) -> int:
        return -self.minus_length


def _longest(
    trie: _Node, words: list[str], index: int, ends_word: Callable[[int], bool]
) -> _Match | None:
    """The longest name in ``trie`` that ``words`` show from ``index`` on and that ends a
    word (``ends_word`` of its last word's index), if any."""
    longest = None
    node = trie
    for end in range(index, len(words)):
        following = node.next.get(words[end])
        if following is None:
            break
        node = following
        if node.found is not None and ends_word(end):
            longest = _Match(index - end - 1, *node.found)
    return longest


def _is_word_character(text: str, position: int) -> bool:
    return 0 <= position < len(text) and _WORD_CHARACTER.match(text, position) is not None


def _starts_word(text: str, start: int) -> bool:
    """Whether a mention may start at ``start``: not right after a word character, nor
    after a hyphen or dot that follows one."""
    before = start - 1
    if _is_word_character(text, before):
        return False
    return not (before >= 0 and text[before] in _JOINERS and _is_word_character(text, before - 1))


def _ends_word(text: str, end: int) -> bool:
    """Whether a mention may end at ``end``: not right before a word character, nor before
    a hyphen or dot that a word character follows."""
    if _is_word_character(text, end):
        return False
    return not (end < len(text) and text[end] in _JOINERS and _is_word_character(text, end + 1))


def term_names(terms: Iterable[Term], *, plurals: bool = True) -> Iterator[tuple[str, str]]:
    """``(name, key)`` of every name and alias of ``terms`` and, unless an acronym, of its
    simple English plural (or singular)."""
    for term in terms:
        for name in term.names():
            yield name, term.key
            if plurals and not is_acronym(name):
                for form in plural_variants(term_key(name)):
                    yield form, term.key
