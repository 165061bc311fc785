"""JSON-LD in glossary pages: the terms a page lists, as schema.org ``DefinedTerm``\\ s.

Every HTML page (not EPUB) that holds an ``nterm-glossary`` gets one
``<script type="application/ld+json">`` at the end of its body describing a ``DefinedTermSet``
(the page: its title and URL) and the ``DefinedTerm`` of each entry the page shows, with the
properties of the Bioschemas DefinedTerm profile: ``name``, ``alternateName`` (aliases),
``description`` (the definition as plain text, the text of its tooltip, whole), ``url`` (the
entry), ``termCode`` and ``sameAs`` (the term's identifiers and the URLs they expand to; one
that does not expand is left out) and ``inDefinedTermSet``. Search engines and knowledge
graphs read it; ``neuroterms_jsonld = False`` leaves it out.

URLs are absolute when ``html_baseurl`` is set, else relative to the page itself
(``glossary.html#nterm-serotonin``), which a JSON-LD processor resolves against the page's
address. Everything comes from the project's plan (no term text is parsed again), and a page
without a glossary costs one dictionary lookup. The JSON is escaped for a ``<script>`` element
as the tooltip data is (:func:`~sphinx_neuroterms.output.tooltips.script_json`), so no term
text can end the element.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from sphinx.errors import NoUri

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.domain.records import page_title
from sphinx_neuroterms.output.terms_json import site_path
from sphinx_neuroterms.output.tooltips import script_json

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from sphinx_neuroterms.domain.records import ProjectState

#: The context the data names (schema.org's; processors fetch or cache it).
CONTEXT = "https://schema.org"


def add_linked_data(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: append the page's JSON-LD to its body, if it holds a glossary."""
    builder = app.builder
    if builder.format != "html" or builder.name.startswith("epub"):
        return
    domain = get_domain(app.env)
    glossaries = domain.glossaries
    if builder.name == "singlehtml":
        docnames = sorted(glossaries) if pagename == app.config.root_doc else []
    else:
        docnames = [pagename] if pagename in glossaries else []
    if not docnames or not isinstance(context.get("body"), str):
        return
    if not get_config(app).jsonld:
        return
    data = term_set(builder, domain.state, pagename, docnames)
    if data is not None:
        context["body"] += f'<script type="application/ld+json">{script_json(data)}</script>\n'


def term_set(
    builder: Builder, state: ProjectState, pagename: str, docnames: list[str]
) -> dict[str, Any] | None:
    """The ``DefinedTermSet`` of page ``pagename``: the entries of the glossaries of
    ``docnames`` (the page itself; every page for ``singlehtml``), each term once; ``None``
    when they list no term."""
    page = _page_url(builder, pagename)
    anchors: dict[str, str | None] = {}
    for docname in docnames:
        for spec in get_domain(builder.env).glossaries.get(docname, ()):
            for group in state.glossaries.get((docname, spec.serial), ()):
                for entry in group.entries:
                    if anchors.get(entry.key) is None:
                        anchors[entry.key] = entry.anchor
    if not anchors:
        return None
    terms = []
    for key, anchor in anchors.items():
        term = state.catalog.lookup(key)
        if term is None:
            continue
        url = f"{page}#{anchor}" if anchor else _entry_url(builder, state, pagename, key)
        defined: dict[str, Any] = {"@type": "DefinedTerm"}
        if url is not None:
            defined["@id"] = defined["url"] = url
        defined["name"] = term.name
        if term.aliases:
            defined["alternateName"] = list(term.aliases)
        description = state.definition_text(term)
        if description:
            defined["description"] = description
        if term.identifiers:
            from sphinx_neuroterms.output.identifier_links import (  # noqa: PLC0415 - lazy
                checked_identifiers,
            )

            expanded = [found for found in checked_identifiers(builder.env, term) if found.url]
            if expanded:
                defined["termCode"] = [found.curie for found in expanded]
                defined["sameAs"] = [found.url for found in expanded]
        defined["inDefinedTermSet"] = page
        terms.append(defined)
    return {
        "@context": CONTEXT,
        "@type": "DefinedTermSet",
        "@id": page,
        "url": page,
        # The glossary's page; singlehtml's one page, when it holds several.
        "name": page_title(builder.env.titles, docnames[0] if len(docnames) == 1 else pagename),
        "hasDefinedTerm": terms,
    }


def _page_url(builder: Builder, pagename: str) -> str:
    """The page's URL: absolute under ``html_baseurl``, else its own file name (relative to
    itself; ``./`` for a ``dirhtml`` page)."""
    target = site_path(builder, pagename)
    base = builder.config.html_baseurl
    if base:
        return base.rstrip("/") + "/" + target
    return posixpath.basename(target) or "./"


def _entry_url(builder: Builder, state: ProjectState, pagename: str, key: str) -> str | None:
    """The URL of a term's canonical entry, on another page (a term this page lists again
    without an id of its own)."""
    target = state.targets.get(key)
    if target is None:
        return None
    try:
        if builder.config.html_baseurl:
            page = _page_url(builder, target.docname)
        else:
            page = builder.get_relative_uri(pagename, target.docname).partition("#")[0]
    except NoUri:
        return None
    return f"{page}#{target.anchor}"
