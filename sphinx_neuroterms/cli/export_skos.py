"""Writing terms as a SKOS concept scheme in Turtle (``--format skos``; needs ``rdflib``, the
``[rdf]`` extra).

The scheme is a ``skos:ConceptScheme`` named by the base URI without its last ``/``, ``#`` or
``:`` (``urn:neuroterms``); each term is a ``skos:Concept`` named by the base URI and the
term's slug (``urn:neuroterms:serotonin``), in the scheme and one of its top concepts, with:

- ``skos:prefLabel`` its name, ``skos:altLabel`` its aliases, ``skos:hiddenLabel`` the names
  to avoid (found by search, never shown), all tagged with the language;
- ``skos:definition`` its definition, ``skos:note`` its notes and ``skos:scopeNote`` its
  sections (``Title: text``), as plain text;
- ``skos:related`` the concepts its see-also names (a name that is no term of the file is left
  out, with a warning);
- ``skos:exactMatch`` its identifiers as URIs: a URL as it is, a CURIE expanded through the
  prefix map; a CURIE whose prefix the map does not know is left out, with a warning;
- ``dcterms:source`` its source, when that is an absolute URL.

Tags, ``display`` and ``autolink`` are not written. ``neuroterms import scheme.ttl`` reads a
scheme back (:mod:`sphinx_neuroterms.loaders.skos_format`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sphinx_neuroterms.cli.export_common import (
    ExportError,
    checked_identifier,
    concept_slugs,
    name_index,
    plain_paragraphs,
)
from sphinx_neuroterms.cli.program import PROG
from sphinx_neuroterms.terms.model import Term
from sphinx_neuroterms.terms.names import term_key

#: The base of concept IRIs when none is given: a URN, so nothing pretends to be on the web.
DEFAULT_BASE_URI = "urn:neuroterms:"
MISSING_RDFLIB = (
    "the skos format needs rdflib, which is not installed: install sphinx-neuroterms[rdf]"
)

#: What a Turtle IRI cannot hold (spaces, controls, ``<>"{}|^`\\``); a term file's URL may,
#: since browsers encode them, so they are percent-encoded in the scheme.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri(url: str) -> str:
    """A term file's URL as a Turtle IRI: what an IRI cannot hold percent-encoded.

    >>> iri('https://a.example/x>y"z w')
    'https://a.example/x%3Ey%22z%20w'
    """
    return _NOT_IN_IRI.sub(lambda match: f"%{ord(match.group()):02X}", url)


def scheme_uri(base_uri: str) -> str:
    """The scheme's IRI: the base without its final separator.

    >>> scheme_uri("https://example.org/glossary/")
    'https://example.org/glossary'
    """
    return base_uri.rstrip("/#:") or base_uri


def _warn_on_stderr(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def dump_skos(
    terms: Sequence[Term],
    *,
    include_location: bool = False,
    language: str = "en",
    base_uri: str = DEFAULT_BASE_URI,
    prefixes: Mapping[str, str] | None = None,
    warn: Callable[[str], None] = _warn_on_stderr,
) -> str:
    """Write terms as a SKOS concept scheme in Turtle (raises :class:`ExportError`).

    :param base_uri: concept IRIs are this followed by the term's slug.
    :param prefixes: CURIE prefix → URI start, for ``skos:exactMatch``.
    :param warn: told about each identifier or see-also name that is left out.
    """
    try:
        import rdflib  # noqa: PLC0415 - optional: only this format needs it
        from rdflib.namespace import DCTERMS, RDF, SKOS  # noqa: PLC0415
    except ImportError:
        raise ExportError(MISSING_RDFLIB) from None
    if include_location:
        raise ExportError("a SKOS concept scheme has no place for term locations (--with-location)")
    graph = rdflib.Graph()
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)
    scheme = rdflib.URIRef(scheme_uri(base_uri))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    slugs = concept_slugs(terms)
    names = name_index(terms)

    def text(value: str) -> Any:
        return rdflib.Literal(value, lang=language)

    for term in terms:
        concept = rdflib.URIRef(base_uri + slugs[term.key])
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.inScheme, scheme))
        graph.add((concept, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, concept))
        graph.add((concept, SKOS.prefLabel, text(term.name)))
        for alias in term.aliases:
            graph.add((concept, SKOS.altLabel, text(alias)))
        for name in term.avoid:
            graph.add((concept, SKOS.hiddenLabel, text(name)))
        definition = plain_paragraphs(term.definition, term.markup)
        graph.add((concept, SKOS.definition, text(definition)))
        for note in term.notes:
            graph.add((concept, SKOS.note, text(plain_paragraphs(note, term.markup))))
        for title, body in term.sections:
            section = f"{title}: {plain_paragraphs(body, term.markup)}"
            graph.add((concept, SKOS.scopeNote, text(section)))
        for name in term.see_also:
            other = names.get(term_key(name))
            if other is None:
                warn(f"skos: see-also {name!r} of term {term.name!r} is no term here; left out")
            elif other is not term:
                graph.add((concept, SKOS.related, rdflib.URIRef(base_uri + slugs[other.key])))
        for identifier in term.identifiers:
            found = checked_identifier(identifier, prefixes)
            if found.url is None:
                warn(
                    f"skos: identifier {identifier!r} of term {term.name!r} {found.problem}; "
                    "it is left out of skos:exactMatch"
                )
            else:
                graph.add((concept, SKOS.exactMatch, rdflib.URIRef(iri(found.url))))
        if term.source and term.source.startswith(("http://", "https://")):
            graph.add((concept, DCTERMS.source, rdflib.URIRef(iri(term.source))))
        elif term.source:
            warn(f"skos: source {term.source!r} of term {term.name!r} is relative; left out")
    turtle: str = graph.serialize(format="turtle")
    return turtle
