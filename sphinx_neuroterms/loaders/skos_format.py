"""SKOS concept schemes in Turtle (``.ttl``), read back: what ``neuroterms export --format
skos`` writes, or another tool's scheme. Needs rdflib (the ``[rdf]`` extra).

Each ``skos:Concept`` becomes a term, in the order of their names (a graph has no order):

- ``skos:prefLabel`` its name, ``skos:altLabel`` its aliases, ``skos:hiddenLabel`` its names
  to avoid; of labels in several languages, those of the scheme's most used language (or
  with none) are read;
- ``skos:definition`` its definition, ``skos:note`` its notes, ``skos:scopeNote``
  ``Title: text`` its sections;
- ``skos:related`` its see-also names (the other concepts' names), ``skos:exactMatch`` its
  identifiers (a URL the prefix map knows becomes its CURIE again; another stays a URL) and
  ``dcterms:source`` its source.

Everything goes through :func:`~sphinx_neuroterms.loaders.mapping.mapping_to_term`, so a
scheme's values meet the checks of a YAML file's (a ``javascript:`` source is refused). The
text is plain text, whatever the options say. rdflib gives no line numbers: problems are
located at the file.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sphinx_neuroterms.loaders import LoaderOptions, LoadResult
from sphinx_neuroterms.loaders.lines import LineIndex
from sphinx_neuroterms.loaders.mapping import mapping_to_term
from sphinx_neuroterms.loaders.parsing import failed
from sphinx_neuroterms.terms.diagnostics import Diagnostic
from sphinx_neuroterms.terms.identifiers import prefix_map
from sphinx_neuroterms.terms.model import Term

MISSING_RDFLIB = "reading SKOS needs rdflib, which is not installed: install sphinx-neuroterms[rdf]"


def load_skos(text: str, display_path: str, options: LoaderOptions) -> LoadResult:
    """Load a SKOS concept scheme written in Turtle (see the module's description)."""
    try:
        import rdflib  # noqa: PLC0415 - an optional dependency, loaded when a scheme is read
    except ImportError:
        return failed(display_path, MISSING_RDFLIB, None, [])
    graph = rdflib.Graph()
    try:
        graph.parse(data=text, format="turtle")
    except Exception as error:  # noqa: BLE001 - rdflib's parsers raise many kinds
        reason = " ".join(str(error).split())[:300]
        return failed(display_path, f"invalid Turtle: {reason}", None, [])
    return _SchemeReader(graph, rdflib).read(display_path)


class _SchemeReader:
    def __init__(self, graph: Any, rdflib: Any) -> None:
        self.graph = graph
        self.namespace = rdflib.namespace
        self.literal = rdflib.Literal
        skos = self.namespace.SKOS
        self.concepts = set(graph.subjects(self.namespace.RDF.type, skos.Concept))
        languages = Counter(
            label.language
            for concept in self.concepts
            for label in graph.objects(concept, skos.prefLabel)
            if isinstance(label, self.literal)
        )
        self.language = languages.most_common(1)[0][0] if languages else None

    def texts(self, concept: Any, predicate: Any) -> list[str]:
        """The literals of a property in the scheme's language (or none), sorted."""
        return sorted(
            str(value)
            for value in self.graph.objects(concept, predicate)
            if isinstance(value, self.literal) and value.language in (self.language, None)
        )

    def read(self, display_path: str) -> LoadResult:
        skos, graph = self.namespace.SKOS, self.graph
        names = {concept: self.texts(concept, skos.prefLabel) for concept in self.concepts}
        named = sorted(((found[0], concept) for concept, found in names.items() if found), key=str)
        compact = prefix_map().compact
        no_lines = LineIndex()  # rdflib keeps none: problems are located at the file
        diagnostics: list[Diagnostic] = []
        terms: list[Term] = []
        for name, concept in named:
            entry: dict[str, Any] = {"term": name}
            definitions = self.texts(concept, skos.definition)
            if definitions:
                entry["definition"] = definitions[0]
            lists = {
                "aliases": self.texts(concept, skos.altLabel),
                "avoid": self.texts(concept, skos.hiddenLabel),
                "notes": self.texts(concept, skos.note),
                "see_also": sorted(
                    names[other][0]
                    for other in graph.objects(concept, skos.related)
                    if names.get(other)
                ),
                "identifiers": sorted(
                    compact(str(url)) or str(url) for url in graph.objects(concept, skos.exactMatch)
                ),
            }
            entry.update((key, values) for key, values in lists.items() if values)
            sections = [text.partition(": ") for text in self.texts(concept, skos.scopeNote)]
            if sections:
                entry["sections"] = {title: body for title, _, body in sections}
            sources = sorted(
                str(url) for url in graph.objects(concept, self.namespace.DCTERMS.source)
            )
            if sources:
                entry["source"] = sources[0]
            term = mapping_to_term(entry, no_lines, display_path, "text", diagnostics)
            if term is not None:
                terms.append(term)
        return LoadResult(terms, diagnostics)
