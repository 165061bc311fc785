"""``neuroterms.json``: a project's terms for other projects, beside ``objects.inv``.

Every HTML build of a project with terms writes it into the output folder, so that another
project can give tooltips and links to these terms offline (SPEC section 5). Format
(version 2; a new version may add keys, never rename or remove one; version 2 added
``identifiers``)::

    {
      "format": "sphinx-neuroterms terms",
      "version": 2,
      "project": "<the project's name>",
      "terms": [
        {
          "name": "Serotonin",
          "aliases": ["5-HT"],
          "definition": "<the definition as plain text, as the tooltip shows it, whole>",
          "tags": ["monoamine"],
          "url": "glossary.html#nterm-serotonin",  # relative to the documentation's root
          "identifiers": [                         # as written, with the URL each expands
            {"curie": "CHEBI:28790", "url": "http://purl.obolibrary.org/obo/CHEBI_28790"}
          ]                                        # to (null for one that does not expand)
        }
      ]
    }

Terms are sorted by name. A term that no glossary lists has ``"url": null``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import NoUri

from sphinx_neuroterms.domain.external_index import TERMS_FILE, TERMS_FORMAT, TERMS_VERSION
from sphinx_neuroterms.domain.ids import sort_key
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.output.json_files import json_file_text
from sphinx_neuroterms.output.written_files import note_written, still_current

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder



def shared_terms(app: Sphinx) -> dict[str, Any]:
    """The file's data."""
    from sphinx_neuroterms.output.identifier_links import identifiers_data  # noqa: PLC0415

    state = get_domain(app.env).state
    terms: list[dict[str, Any]] = []
    pages: dict[str, str | None] = {}  # thousands of terms share a few glossary pages
    for term in sorted(state.catalog, key=lambda term: sort_key(term.name)):
        target = state.targets.get(term.key)
        url = None
        if target is not None:
            if target.docname not in pages:
                try:
                    pages[target.docname] = site_path(app.builder, target.docname)
                except NoUri:
                    pages[target.docname] = None
            page = pages[target.docname]
            url = None if page is None else f"{page}#{target.anchor}"
        terms.append({
            "name": term.name,
            "aliases": list(term.aliases),
            "definition": state.definition_text(term),
            "tags": list(term.tags),
            "url": url,
            "identifiers": identifiers_data(app.env, term),
        })  # fmt: skip
    return {
        "format": TERMS_FORMAT,
        "version": TERMS_VERSION,
        "project": app.config.project,
        "terms": terms,
    }


def site_path(builder: Builder, docname: str) -> str:
    """A page's URL relative to the documentation's root (``NoUri`` if it has none)."""
    # singlehtml's page URIs are a fragment of its one page ("#document-x").
    page = builder.get_target_uri(docname).partition("#")[0]
    return page or builder.config.root_doc + getattr(builder, "out_suffix", ".html")


def write_shared_terms(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write ``neuroterms.json`` (HTML builders, whose output other
    projects link to; not EPUB, which packs its folder; not for a project without terms)."""
    builder = app.builder
    if exception is not None or builder.format != "html" or builder.name == "epub":
        return
    if not len(get_domain(app.env).state.catalog) or still_current(app, TERMS_FILE):
        return
    text = json_file_text(shared_terms(app))
    (Path(app.outdir) / TERMS_FILE).write_text(text, encoding="utf-8")
    note_written(app, TERMS_FILE, [Path(app.outdir) / TERMS_FILE])
