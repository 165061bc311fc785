"""What the termbase and linked-data writers share: their error, concept ids, plain text.

TBX and SKOS hold plain text and name each concept; both take the same ids from the term names,
so a concept is ``c-serotonin`` in a termbase and ``…serotonin`` in a concept scheme.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from sphinx_neuroterms.terms.identifiers import Identifier, prefix_map
from sphinx_neuroterms.terms.model import Term
from sphinx_neuroterms.terms.names import term_key
from sphinx_neuroterms.terms.plain_text import plain_text

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def checked_identifier(identifier: str, prefixes: Mapping[str, str] | None = None) -> Identifier:
    """An identifier checked as a build checks it: a URL as it is, a CURIE through the
    shipped prefix map with ``prefixes`` over it (``neuroterms_identifier_prefixes``).

    >>> checked_identifier("CHEBI:28790").url
    'http://purl.obolibrary.org/obo/CHEBI_28790'
    >>> checked_identifier("LAB:7", {"LAB": "https://lab.example/{id}.html"}).url
    'https://lab.example/7.html'
    """
    if identifier.startswith(("http://", "https://")):
        return Identifier(identifier, identifier)
    return prefix_map(tuple(sorted((prefixes or {}).items()))).check(identifier)


class ExportError(ValueError):
    """The terms cannot be written in the chosen format; the message names the term and key
    (or what is missing, such as an optional package), and nothing is written."""


def concept_slugs(terms: Iterable[Term]) -> dict[str, str]:
    """A short, unique, ASCII name per term (by :attr:`Term.key`), from its name.

    ``Serotonin`` → ``serotonin``, ``HPA axis`` → ``hpa-axis``; a name with no ASCII letter or
    digit becomes ``term-3`` (its place); a slug taken already gets ``-2``, ``-3`` ….
    """
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for number, term in enumerate(terms, start=1):
        ascii_name = unicodedata.normalize("NFKD", term.name).encode("ascii", "ignore").decode()
        base = _NOT_SLUG.sub("-", ascii_name.lower()).strip("-") or f"term-{number}"
        slug, count = base, 1
        while slug in taken:
            count += 1
            slug = f"{base}-{count}"
        taken.add(slug)
        slugs[term.key] = slug
    return slugs


def plain_paragraphs(text: str, markup: str) -> str:
    """Term text as plain text (inline markup reduced as tooltips reduce it), paragraphs kept
    apart by a blank line and each on one line."""
    paragraphs = (plain_text(part, markup) for part in _PARAGRAPH_BREAK.split(text.strip()))
    return "\n\n".join(part for part in paragraphs if part)


def name_index(terms: Sequence[Term]) -> dict[str, Term]:
    """Every name and alias (by :func:`term_key`) to its term; a name beats an alias."""
    index: dict[str, Term] = {}
    for term in terms:
        for alias in term.aliases:
            index.setdefault(term_key(alias), term)
    for term in terms:
        index[term.key] = term
    return index
