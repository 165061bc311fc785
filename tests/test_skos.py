"""SKOS: ``neuroterms export --format skos`` writes a concept scheme in Turtle, each term's
triples as documented (needs rdflib, the [rdf] extra)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_export import BARE, FULL

from sphinx_neuroterms.cli import main
from sphinx_neuroterms.cli.convert import load_sources
from sphinx_neuroterms.cli.export_common import (
    ExportError,
    checked_identifier,
    concept_slugs,
    plain_paragraphs,
)
from sphinx_neuroterms.cli.export_skos import MISSING_RDFLIB, dump_skos
from sphinx_neuroterms.loaders import LoaderOptions
from sphinx_neuroterms.terms.model import Location, Term
from sphinx_neuroterms.terms.names import term_key

rdflib = pytest.importorskip("rdflib")
from rdflib.namespace import DCTERMS, RDF, SKOS

DOCS = Path(__file__).resolve().parent.parent / "docs"
BASE = "https://example.org/terms/"


def _demo_terms() -> list[Term]:
    return list(load_sources([str(DOCS / "terms")], LoaderOptions(), read_rst=False).catalog)


def _graph(text: str):
    graph = rdflib.Graph()
    graph.parse(data=text, format="turtle")
    return graph


def _labels(graph, concept, predicate) -> set[tuple[str, str | None]]:
    return {(str(value), value.language) for value in graph.objects(concept, predicate)}


def _check_term(graph, concept, term: Term, language: str) -> None:
    scheme = rdflib.URIRef(BASE.rstrip("/"))
    assert (concept, RDF.type, SKOS.Concept) in graph
    assert (concept, SKOS.inScheme, scheme) in graph
    assert (scheme, SKOS.hasTopConcept, concept) in graph
    assert _labels(graph, concept, SKOS.prefLabel) == {(term.name, language)}
    assert _labels(graph, concept, SKOS.altLabel) == {(a, language) for a in term.aliases}
    assert _labels(graph, concept, SKOS.hiddenLabel) == {(a, language) for a in term.avoid}
    definition = plain_paragraphs(term.definition, term.markup)
    assert _labels(graph, concept, SKOS.definition) == {(definition, language)}
    notes = {plain_paragraphs(note, term.markup) for note in term.notes}
    assert _labels(graph, concept, SKOS.note) == {(note, language) for note in notes}
    sections = {f"{title}: {plain_paragraphs(text, term.markup)}" for title, text in term.sections}
    assert _labels(graph, concept, SKOS.scopeNote) == {(text, language) for text in sections}


def test_demo_scheme_has_every_terms_triples() -> None:
    terms = _demo_terms()
    warnings: list[str] = []
    graph = _graph(dump_skos(terms, base_uri=BASE, warn=warnings.append))
    slugs = concept_slugs(terms)
    scheme = rdflib.URIRef(BASE.rstrip("/"))
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert set(graph.subjects(RDF.type, SKOS.Concept)) == {
        rdflib.URIRef(BASE + slug) for slug in slugs.values()
    }
    by_key = {term.key: term for term in terms}
    for term in terms:
        concept = rdflib.URIRef(BASE + slugs[term.key])
        _check_term(graph, concept, term, "en")
        related = {
            rdflib.URIRef(BASE + slugs[by_key[term_key(name)].key])
            for name in term.see_also
            if term_key(name) in by_key
        }
        assert set(graph.objects(concept, SKOS.related)) == related
    # The one see-also name that is no demo term is left out, and said so.
    assert warnings == [
        "skos: see-also 'Receptor Sensitivity' of term 'Neurotransmitter' is no term here; left out"
    ]


def test_full_term_identifiers_and_source() -> None:
    warnings: list[str] = []
    text = dump_skos(
        [FULL, BARE], language="de", base_uri=BASE,
        prefixes={"CHEBI": "http://purl.obolibrary.org/obo/CHEBI_"}, warn=warnings.append,
    )  # fmt: skip
    graph = _graph(text)
    concept = rdflib.URIRef(BASE + "glutamate-surge")
    _check_term(graph, concept, FULL, "de")
    assert set(graph.objects(concept, SKOS.exactMatch)) == {
        rdflib.URIRef("http://purl.obolibrary.org/obo/CHEBI_14321")
    }
    assert set(graph.objects(concept, SKOS.related)) == {rdflib.URIRef(BASE + "reuptake")}
    assert set(graph.objects(concept, DCTERMS.source)) == {rdflib.URIRef(FULL.source)}
    assert warnings == []


def test_identifiers_expand_through_the_shipped_map_and_unknown_ones_are_left_out() -> None:
    warnings: list[str] = []
    identifiers = ("CHEBI:1", "NOSUCHPREFIX:1", "https://example.org/a")
    term = Term("A", "a", Location("x"), identifiers=identifiers)
    graph = _graph(dump_skos([term], warn=warnings.append))
    concept = rdflib.URIRef("urn:neuroterms:a")
    assert set(graph.objects(concept, SKOS.exactMatch)) == {
        rdflib.URIRef("http://purl.obolibrary.org/obo/CHEBI_1"),
        rdflib.URIRef("https://example.org/a"),
    }
    assert (rdflib.URIRef("urn:neuroterms"), RDF.type, SKOS.ConceptScheme) in graph
    assert len(warnings) == 1 and "'NOSUCHPREFIX:1'" in warnings[0]


def test_text_is_escaped_as_turtle_literals() -> None:
    term = Term('Quote "x" \\ <y>', 'Line one\n\n"""triple""" @en .', Location("x"))
    graph = _graph(dump_skos([term]))
    assert set(graph.objects(None, SKOS.prefLabel)) == {rdflib.Literal(term.name, lang="en")}
    assert {str(v) for v in graph.objects(None, SKOS.definition)} == {term.definition}


def test_missing_rdflib_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "rdflib", None)  # import rdflib raises ImportError
    with pytest.raises(ExportError, match=r"install sphinx-neuroterms\[rdf\]"):
        dump_skos([BARE])
    source = tmp_path / "t.yaml"
    source.write_text("- term: A\n  definition: One.\n", encoding="utf-8")
    assert main(["export", str(source), "--format", "skos"]) == 1
    assert MISSING_RDFLIB in capsys.readouterr().err


def test_cli_base_uri_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "t.yaml"
    source.write_text("- term: A b\n  definition: One.\n", encoding="utf-8")
    out = tmp_path / "t.ttl"
    assert (
        main(["export", str(source), "--format", "skos", "--base-uri", BASE, "-o", str(out)]) == 0
    )
    graph = _graph(out.read_text(encoding="utf-8"))
    assert (rdflib.URIRef(BASE + "a-b"), RDF.type, SKOS.Concept) in graph
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(source), "--format", "skos", "--base-uri", "terms/"])
    assert exit_info.value.code == 2


def test_prefix_map_patterns_with_an_id_placeholder() -> None:
    """The prefix map may give URL patterns with ``{id}`` (neuroterms_identifier_prefixes)."""
    term = Term("A", "a", Location("x"), identifiers=("MESH:D012701",))
    prefixes = {"MESH": "https://meshb.nlm.nih.gov/record/ui?ui={id}"}
    graph = _graph(dump_skos([term], prefixes=prefixes, warn=pytest.fail))
    assert set(graph.objects(None, SKOS.exactMatch)) == {
        rdflib.URIRef("https://meshb.nlm.nih.gov/record/ui?ui=D012701")
    }


def _what_skos_holds(term: Term, names: set[str]) -> tuple[object, ...]:
    """What a concept of a scheme keeps of a term, comparable whatever the order."""
    return (
        term.name,
        sorted(term.aliases),
        sorted(term.avoid),
        plain_paragraphs(term.definition, term.markup),
        sorted(plain_paragraphs(note, term.markup) for note in term.notes),
        sorted((title, plain_paragraphs(text, term.markup)) for title, text in term.sections),
        sorted(name for name in term.see_also if term_key(name) in names),
        sorted(checked_identifier(curie).url or curie for curie in term.identifiers),
        term.source if term.source and term.source.startswith("http") else None,
    )


def test_the_demo_scheme_reads_back_without_loss(tmp_path: Path) -> None:
    terms = _demo_terms()
    scheme = tmp_path / "demo.ttl"
    scheme.write_text(dump_skos(terms, base_uri=BASE, warn=lambda message: None), "utf-8")
    loaded = load_sources([str(scheme)], LoaderOptions(), read_rst=False)
    assert loaded.diagnostics == []
    names = {term.key for term in terms}
    read = {term.key: _what_skos_holds(term, names) for term in loaded.catalog}
    assert read == {term.key: _what_skos_holds(term, names) for term in terms}
    # The prefix map gives each URL its CURIE back; text is plain text, never markup.
    serotonin = next(term for term in loaded.catalog if term.name == "Serotonin")
    assert "CHEBI:28790" in serotonin.identifiers
    assert {term.markup for term in loaded.catalog} == {"text"}


def test_a_scheme_from_elsewhere_meets_the_term_file_checks(tmp_path: Path) -> None:
    scheme = tmp_path / "other.ttl"
    scheme.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "<urn:x:a> a skos:Concept ; skos:prefLabel 'Axon'@en ;\n"
        "  skos:definition 'A fibre.'@en ; dcterms:source <javascript:alert(1)> .\n"
        "<urn:x:b> a skos:Concept ; skos:prefLabel 'No definition'@en .\n",
        "utf-8",
    )
    loaded = load_sources([str(scheme)], LoaderOptions(), read_rst=False)
    [axon] = loaded.catalog
    assert axon.name == "Axon" and axon.source is None
    subtypes = sorted(diagnostic.subtype.value for diagnostic in loaded.diagnostics)
    assert subtypes == ["invalid_term", "unsafe_url"], subtypes
    (tmp_path / "bad.ttl").write_text("<urn:a> a <b", "utf-8")
    bad = load_sources([str(tmp_path / "bad.ttl")], LoaderOptions(), read_rst=False)
    assert list(bad.catalog) == [] and [d.subtype.value for d in bad.diagnostics] == ["parse"]
