"""Reading a built page's JSON-LD as a JSON-LD processor does, offline.

pyld expands the data with schema.org's context from ``tests/data/jsonld`` (an excerpt of the
real one, see its README), served by a document loader that never touches the network, and
turns it into RDF triples.

(No tests here; ``test_linked_data.py`` and ``test_docs.py`` use it.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

CONTEXT_FILE = Path(__file__).resolve().parent / "data" / "jsonld" / "schemaorg-context.jsonld"
#: The addresses a page may name schema.org's context by.
CONTEXT_URLS = (
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
)
SCHEMA = "http://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: A triple: subject, predicate (both IRIs or blank nodes) and object (an IRI, or a literal's
#: text).
Triple = tuple[str, str, str]


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader: schema.org's context from the local file, nothing else."""
    if url not in CONTEXT_URLS:
        raise ValueError(f"no network in tests: {url}")
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(CONTEXT_FILE.read_text(encoding="utf-8")),
    }


def linked_data_blocks(page: Path) -> list[str]:
    """The text of every ``<script type="application/ld+json">`` of a built page."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [script.string or "" for script in soup.find_all("script", type="application/ld+json")]


def triples(data: Any, base: str) -> set[Triple]:
    """The RDF triples of JSON-LD ``data``, relative IRIs resolved against ``base`` (the
    page's address), as a JSON-LD processor reads them."""
    from pyld import jsonld

    dataset = jsonld.to_rdf(data, {"base": base, "documentLoader": document_loader})
    found: set[Triple] = set()
    for quads in dataset.values():
        for quad in quads:
            found.add(
                (quad["subject"]["value"], quad["predicate"]["value"], quad["object"]["value"])
            )
    return found


def page_triples(page: Path, base: str) -> set[Triple]:
    """The triples of a page's one JSON-LD block."""
    (block,) = linked_data_blocks(page)
    return triples(json.loads(block), base)


def about(found: set[Triple], subject: str) -> set[tuple[str, str]]:
    """The (predicate, object) pairs of one subject, schema.org predicates shortened to their
    names (``name``) and ``rdf:type`` to ``type``."""
    pairs = set()
    for s, p, o in found:
        if s == subject:
            name = "type" if p == RDF_TYPE else p.removeprefix(SCHEMA)
            pairs.add((name, o.removeprefix(SCHEMA) if name == "type" else o))
    return pairs
