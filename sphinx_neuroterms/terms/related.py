"""Related terms: what each glossary entry suggests reading next (SPEC section 9).

A term is related to another when its text mentions it (its definition, sections or notes,
by name, alias or plural, linked or not), when the other's text mentions it, and when they
share tags. Each way adds to a score: a mention either way counts 2, each shared tag 1.
The ``see_also`` names come first in the entry and are not repeated here.

Computed once per build for every term, with one
:class:`~sphinx_neuroterms.terms.mentions.MentionMatcher` over every name. Nothing here imports
Sphinx or docutils.

:func:`referenced_by_terms` is the other relation, the one a reader can follow: the terms that
a term's text links (by a role) or that its see-also line names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

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


def term_text(term: Term, definition: Callable[[Term], str] = definition_plain_text) -> str:
    """A term's text as a reader sees it: definition, sections and notes.

    :param definition: the definition's text (a build has it as its pages show it).
    """
    others = [
        plain_text(part, term.markup) for part in (*(t for _, t in term.sections), *term.notes)
    ]
    return "\n\n".join([definition(term), *others])


def related_terms(
    catalog: TermCatalog, limit: int, definition: Callable[[Term], str] = definition_plain_text
) -> dict[str, tuple[str, ...]]:
    """Each term's key to the keys of up to ``limit`` related terms, most related first
    (ties by name); ``see_also`` terms and the term itself are left out.

    :param definition: a term's definition as plain text (see :func:`term_text`).
    """
    if limit <= 0:
        return {}
    terms = list(catalog)
    matcher = MentionMatcher(term_names(terms))
    scores: dict[str, Counter[str]] = {term.key: Counter() for term in terms}
    for term in terms:
        for mentioned in {mention.key for mention in matcher.find(term_text(term, definition))}:
            if mentioned != term.key and mentioned in scores:
                scores[term.key][mentioned] += MENTION_WEIGHT
                scores[mentioned][term.key] += MENTION_WEIGHT
    _add_shared_tags(terms, scores)
    names = {term.key: term.name for term in terms}
    related: dict[str, tuple[str, ...]] = {}
    for term in terms:
        shown = {term.key} | {
            found.key for name in term.see_also if (found := catalog.lookup(name)) is not None
        }
        ranked = sorted(
            (key for key in scores[term.key] if key not in shown),
            key=lambda key: (-scores[term.key][key], term_key(names[key])),
        )
        if ranked:
            related[term.key] = tuple(ranked[:limit])
    return related


def _add_shared_tags(terms: Iterable[Term], scores: dict[str, Counter[str]]) -> None:
    """One point per tag that two terms share (tags of very many terms left out)."""
    by_tag: dict[str, list[str]] = {}
    for term in terms:
        for tag in {term_key(tag) for tag in term.tags}:
            by_tag.setdefault(tag, []).append(term.key)
    for members in by_tag.values():
        if len(members) > MAX_TAG_TERMS:
            continue
        for key in members:
            for other in members:
                if other != key:
                    scores[key][other] += 1


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
