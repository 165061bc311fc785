"""Related terms: what each glossary entry suggests reading next (SPEC section 9).

A term is related to another when its text mentions it (its definition, sections or notes,
by name, alias or plural, linked or not), when the other's text mentions it, and when they
share tags. Each way adds to a score: a mention either way counts 2, each shared tag 1.
The ``see_also`` names come first in the entry and are not repeated here.

Each term's text is searched with one :class:`~sphinx_neuroterms.terms.mentions.MentionMatcher`
over every name (:func:`find_mentions`). What it found is kept from build to build
(:class:`TermMentions`): while the names stay the same, only a term whose text changed is
searched again (an edit at 20,000 terms searched them all, 2 s). Nothing here imports Sphinx or
docutils.

:func:`referenced_by_terms` is the other relation, the one a reader can follow: the terms that
a term's text links (by a role) or that its see-also line names.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from sphinx_neuroterms.terms.catalog import TermCatalog
from sphinx_neuroterms.terms.markup_rules import term_texts
from sphinx_neuroterms.terms.mentions import MentionMatcher, term_names
from sphinx_neuroterms.terms.model import Term
from sphinx_neuroterms.terms.names import term_key
from sphinx_neuroterms.terms.plain_text import plain_text

#: What a mention counts, either way; a shared tag counts 1.
MENTION_WEIGHT = 2
#: A tag shared by more terms than this says little about any two of them (and pairing them
#: all would cost the square of their number): it does not count.
MAX_TAG_TERMS = 100
#: A role that references a term, in reST (``:nterm:`Name```, ``:term:``, ``:std:term:``,
#: ``:nterm:term:``) or MyST (``{nterm}`Name```); group 1 is its text.
_TERM_ROLE = re.compile(r"(?<![\w`])(?::|\{)(?:(?:nterm|std):)?(?:nterm|term)(?::|\})`([^`]+)`")
#: The target of a role's text written ``title <target>``.
_EXPLICIT_TARGET = re.compile(r"<([^<>]+)>\s*$")


def definition_plain_text(term: Term) -> str:
    """A term's definition with its markup taken out."""
    return plain_text(term.definition, term.markup)


def term_text(term: Term, definition: str) -> str:
    """A term's text as a reader sees it: definition, sections and notes.

    :param definition: the definition's plain text (a build has it as its pages show it).
    """
    others = [
        plain_text(part, term.markup) for part in (*(t for _, t in term.sections), *term.notes)
    ]
    return "\n\n".join([definition, *others])


class TermMentions(NamedTuple):
    """What each term's text mentions, as found for one set of names."""

    #: A digest of the ``(name, key)`` pairs searched for: other names find other mentions.
    names: str
    #: Each term's key to what was searched (the term; its definition's text, as given) and
    #: the keys of the terms it mentions (itself too if it does), each once.
    found: dict[str, tuple[Term, str, tuple[str, ...]]]


def find_mentions(
    terms: Sequence[Term],
    definition: Callable[[Term], str] = definition_plain_text,
    previous: TermMentions | None = None,
) -> TermMentions:
    """The terms each term's text mentions (see :func:`term_text`).

    :param definition: a term's definition as plain text.
    :param previous: what an earlier build found: a term that reads as it did, with the same
        definition text, keeps its mentions if the names are the same.
    """
    names = list(term_names(terms))
    digest = hashlib.sha1(repr(names).encode(), usedforsecurity=False).hexdigest()
    kept = previous.found if previous is not None and previous.names == digest else {}
    found: dict[str, tuple[Term, str, tuple[str, ...]]] = {}
    pending: list[tuple[Term, str]] = []
    for term in terms:
        definition_text = definition(term)
        old = kept.get(term.key)
        if old is not None and old[1] == definition_text and old[0].reads_as(term):
            found[term.key] = (term, definition_text, old[2])
        else:
            pending.append((term, definition_text))
    if not pending:
        return TermMentions(digest, found)
    texts: Iterable[str] = (term_text(term, definition_text) for term, definition_text in pending)
    # A few texts (an edit) are searched for the names that can start in them; many are
    # made one at a time, not held together (at 20,000 terms they are 20 MB).
    few = len(pending) < len(terms) // 2
    if few:
        texts = list(texts)
    matcher = MentionMatcher(names, only_for=texts if few else None)
    for (term, definition_text), text in zip(pending, texts, strict=True):
        mentioned = dict.fromkeys(mention.key for mention in matcher.find(text))
        found[term.key] = (term, definition_text, tuple(mentioned))
    return TermMentions(digest, found)


def related_terms(
    catalog: TermCatalog, limit: int, mentions: TermMentions | None = None
) -> dict[str, tuple[str, ...]]:
    """Each term's key to the keys of up to ``limit`` related terms, most related first
    (ties by name); ``see_also`` terms and the term itself are left out.

    :param mentions: what each term's text mentions (:func:`find_mentions`, with the
        definitions as their pages show them); by default found in the terms as written.
    """
    if limit <= 0:
        return {}
    terms = list(catalog)
    if mentions is None:
        mentions = find_mentions(terms)
    # Each term's key to the other terms' keys and their scores.
    scores: defaultdict[str, dict[str, int]] = defaultdict(dict)
    known = {term.key for term in terms}
    for term in terms:
        for mentioned in mentions.found[term.key][2]:
            if mentioned != term.key and mentioned in known:
                _score(scores, term.key, mentioned, MENTION_WEIGHT)
    _add_shared_tags(terms, scores)
    related: dict[str, tuple[str, ...]] = {}
    for term in terms:
        own = scores.get(term.key)
        if not own:
            continue
        shown = {term.key} | {
            found.key for name in term.see_also if (found := catalog.lookup(name)) is not None
        }
        # A term's key is its name normalised: ties go by name.
        ranked = sorted((key for key in own if key not in shown), key=lambda key: (-own[key], key))
        if ranked:
            related[term.key] = tuple(ranked[:limit])
    return related


def _score(scores: defaultdict[str, dict[str, int]], key: str, other: str, points: int) -> None:
    """Add points to what relates two terms, either way."""
    for one, two in ((key, other), (other, key)):
        row = scores[one]
        row[two] = row.get(two, 0) + points


def _add_shared_tags(terms: Iterable[Term], scores: defaultdict[str, dict[str, int]]) -> None:
    """One point per tag that two terms share (tags of very many terms left out)."""
    by_tag: dict[str, list[str]] = {}
    for term in terms:
        for tag in {term_key(tag) for tag in term.tags}:
            by_tag.setdefault(tag, []).append(term.key)
    for members in by_tag.values():
        if len(members) > MAX_TAG_TERMS:
            continue
        for index, key in enumerate(members):
            for other in members[index + 1:]:
                _score(scores, key, other, 1)


def referenced_by_terms(catalog: TermCatalog) -> set[str]:
    """The keys of the terms that another term references: from its text (definition,
    sections, notes) with a role, or in its ``see_also``. Plain-text terms hold no roles."""
    referenced: set[str] = set()
    for term in catalog:
        names = list(term.see_also)
        if term.markup != "text":
            for _, text in term_texts(term):
                for match in _TERM_ROLE.finditer(text):
                    explicit = _EXPLICIT_TARGET.search(match.group(1))
                    names.append(explicit.group(1) if explicit else match.group(1))
        for name in names:
            found = catalog.lookup_reference(name.strip())
            if found is not None and found.key != term.key:
                referenced.add(found.key)
    return referenced
