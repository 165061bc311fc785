"""A term's identifiers in other vocabularies: CURIEs checked and expanded to URLs.

A CURIE (``CHEBI:28790``) is a prefix, a colon and a local identifier. The prefix names a
vocabulary of the prefix map: the one the package ships, ``data/prefix_map.json`` (about 240
life-science prefixes exported from the Bioregistry by ``scripts/update_prefix_map.py``),
extended or overridden by a project's ``neuroterms_identifier_prefixes``. As in the
Bioregistry, prefixes match whatever their case, and under their synonyms (``MeSH``, ``ILX``);
a local identifier must match its vocabulary's pattern when the map has one (ChEBI's is
digits only).

The shipped map is read the first time an identifier is checked, and only callers that hold
a term with identifiers import this module: a project without identifiers never reads it.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote, unquote, urlsplit

from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sphinx_neuroterms.terms.model import Term

#: The shipped map, in the package's ``data`` folder.
PREFIX_MAP_FILE = "prefix_map.json"
#: What a prefix may look like: a letter, then letters, digits, ``.``, ``_`` or ``-``.
PREFIX_SYNTAX = re.compile(r"[A-Za-z][A-Za-z0-9._-]*\Z")
#: Characters a local identifier keeps as they are in its URL; the rest are percent-encoded.
_URL_SAFE = "-._~!$&'()*+,;=:@/"


class Vocabulary(NamedTuple):
    """One prefix of the map."""

    #: The prefix as the map spells it (``CHEBI``).
    prefix: str
    #: What a local identifier is appended to (``http://purl.obolibrary.org/obo/CHEBI_``).
    uri_prefix: str
    #: The regular expression its local identifiers match, if the map gives one.
    pattern: str | None = None


class Identifier(NamedTuple):
    """One identifier of a term, checked."""

    #: As written in the term file.
    curie: str
    #: The URL it expands to; ``None`` when it could not be expanded (see :attr:`problem`).
    url: str | None
    #: Why it could not be expanded, as a phrase (``has an unknown prefix 'FOO'``).
    problem: str | None = None


@functools.cache
def shipped_vocabularies() -> dict[str, Vocabulary]:
    """The shipped map, by case-folded prefix and synonym (read once per process)."""
    text = (
        resources.files("sphinx_neuroterms")
        .joinpath("data", PREFIX_MAP_FILE)
        .read_text(encoding="utf-8")
    )
    found: dict[str, Vocabulary] = {}
    for prefix, uri_prefix, pattern, synonyms in json.loads(text)["prefixes"]:
        vocabulary = Vocabulary(prefix, uri_prefix, pattern)
        for name in (prefix, *synonyms):
            found.setdefault(name.casefold(), vocabulary)
    return found


class PrefixMap:
    """The shipped map with a project's own prefixes over it; checks and expands CURIEs."""

    def __init__(self, extra: Mapping[str, str] | None = None) -> None:
        #: The project's prefixes (``neuroterms_identifier_prefixes``), by case-folded prefix.
        self.extra = {
            prefix.casefold(): Vocabulary(prefix, uri_prefix)
            for prefix, uri_prefix in (extra or {}).items()
        }
        self._checked: dict[str, Identifier] = {}

    def vocabulary(self, prefix: str) -> Vocabulary | None:
        """The vocabulary a prefix names, whatever its case; the project's own first."""
        key = prefix.casefold()
        return self.extra.get(key) or shipped_vocabularies().get(key)

    def check(self, curie: str) -> Identifier:
        """A CURIE checked: its URL, or why it has none.

        >>> PrefixMap().check("chebi:28790").url
        'http://purl.obolibrary.org/obo/CHEBI_28790'
        >>> PrefixMap().check("CHEBI:serotonin").problem
        "has a local identifier 'serotonin' that is not one of CHEBI (pattern ^\\\\d+$)"
        """
        found = self._checked.get(curie)
        if found is None:
            found = self._checked[curie] = self._check(curie)
        return found

    def _check(self, curie: str) -> Identifier:
        prefix, colon, local = curie.partition(":")
        if not colon or not PREFIX_SYNTAX.match(prefix):
            return Identifier(curie, None, "is not a CURIE (a prefix, a colon, a local identifier)")
        if not local:
            return Identifier(curie, None, "has no local id after the colon")
        if any(character.isspace() or not character.isprintable() for character in local):
            return Identifier(curie, None, "has spaces or control characters in its local id")
        vocabulary = self.vocabulary(prefix)
        if vocabulary is None:
            return Identifier(
                curie,
                None,
                f"has an unknown prefix {prefix!r} (add it to neuroterms_identifier_prefixes)",
            )
        if vocabulary.pattern is not None and not _compiled(vocabulary.pattern).search(local):
            return Identifier(
                curie,
                None,
                f"has a local identifier {local!r} that is not one of {vocabulary.prefix} "
                f"(pattern {vocabulary.pattern})",
            )
        url = expand(vocabulary.uri_prefix, quote(local, safe=_URL_SAFE))
        if _host(url) != _host(expand(vocabulary.uri_prefix, "")):
            return Identifier(
                curie,
                None,
                f"would change the host of {vocabulary.prefix}'s URL "
                f"{vocabulary.uri_prefix!r} (its local id lands before the path)",
            )
        return Identifier(curie, url)

    def compact(self, url: str) -> str | None:
        """The CURIE that expands to ``url`` (the longest matching prefix URL wins), or
        ``None``: the way back from a URL a scheme or termbase gives.

        >>> PrefixMap().compact("http://purl.obolibrary.org/obo/CHEBI_28790")
        'CHEBI:28790'
        >>> PrefixMap().compact("https://example.org/x") is None
        True
        """
        found: tuple[int, str] | None = None
        for vocabulary in {*self.extra.values(), *shipped_vocabularies().values()}:
            head, marker, tail = vocabulary.uri_prefix.partition("{id}")
            if (
                not url.startswith(head)
                or not url.endswith(tail)
                or len(url) <= len(head) + len(tail)
            ):
                continue
            local = unquote(url[len(head) : len(url) - len(tail)] if marker else url[len(head) :])
            curie = f"{vocabulary.prefix}:{local}"
            if self.check(curie).url == url and (found is None or len(head) > found[0]):
                found = (len(head), curie)
        return None if found is None else found[1]

    def identifiers(self, term: Term) -> tuple[Identifier, ...]:
        """Every identifier of a term, checked, in its order."""
        return tuple(self.check(curie) for curie in term.identifiers)


def expand(uri_prefix: str, local: str) -> str:
    """A URL from a prefix's URL and a local id: in place of ``{id}``, else appended.

    >>> expand("https://meshb.nlm.nih.gov/record/ui?ui={id}&lang=en", "D012701")
    'https://meshb.nlm.nih.gov/record/ui?ui=D012701&lang=en'
    >>> expand("http://purl.obolibrary.org/obo/CHEBI_", "28790")
    'http://purl.obolibrary.org/obo/CHEBI_28790'
    """
    return uri_prefix.replace("{id}", local) if "{id}" in uri_prefix else uri_prefix + local


def _host(url: str) -> str:
    """The authority of a URL (``user@host:port``), or what is left when it has none."""
    try:
        return urlsplit(url).netloc
    except ValueError:  # an invalid port or bracketed host: it is not the prefix's host
        return url


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@functools.lru_cache(maxsize=4)
def prefix_map(extra: tuple[tuple[str, str], ...] = ()) -> PrefixMap:
    """The map for a project's own prefixes (given as sorted pairs, so it can be cached)."""
    return PrefixMap(dict(extra))


def check_identifiers(terms: Iterable[Term], extra: Mapping[str, str]) -> list[Diagnostic]:
    """A located ``identifier`` problem for each identifier that cannot be expanded.

    Each is located at the list item that holds it (the ``identifiers`` line for a list
    written on one line). The term stays; the identifier is shown as text, not as a link.
    """
    checker = prefix_map(tuple(sorted(extra.items())))
    return [
        Diagnostic(
            WarningSubtype.IDENTIFIER,
            f"identifier {found.curie!r} of term {term.name!r} {found.problem}",
            term.location_of(f"identifiers:{found.curie}"),
        )
        for term in terms
        for found in checker.identifiers(term)
        if found.problem is not None
    ]
