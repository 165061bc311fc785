"""What a read page records in the ``nterm`` domain beyond its own roles and directives
(``doctree-read``): the targets of Sphinx's cross-references that may reach a term, the
term text it parsed, and the ids a glossary on it must leave alone.

The cross-references are noted in every project, with terms or not (a term added later may
answer them); what the other two need is imported on a page that has any.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx import addnodes

from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.terms.names import term_key

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def note_cross_references(app: Sphinx, doctree: nodes.document) -> None:
    """Record the targets of Sphinx's cross-references that may reach a term (``doctree-read``).

    ``:term:``, ``:any:`` and MyST links resolve to terms only after reading; the record lets
    an incremental build rewrite their pages when such a term changes.
    """
    keys = {
        term_key(node["reftarget"])
        for node in doctree.findall(addnodes.pending_xref)
        if (node.get("reftype") in {"any", "myst"} or (node.get("refdomain") == "std"
            and node.get("reftype") == "term"))
        and not node.get("intersphinx")
    }
    if keys:
        get_domain(app.env).xrefs[app.env.docname] = keys


def note_term_text(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: record what the document holds of parsed term text (only a page
    with a glossary or an ``.. nterm::`` holds any)."""
    domain, docname = get_domain(app.env), app.env.docname
    in_page = docname in domain.doc_terms
    if not in_page and docname not in domain.glossaries:
        return
    from sphinx_neuroterms.reading.term_text_problems import PROBLEMS  # noqa: PLC0415
    from sphinx_neuroterms.reading.term_text_record import read_term_text  # noqa: PLC0415

    record = read_term_text(doctree, app.env.temp_data.get(PROBLEMS) or (), in_page=in_page)
    if record is not None:
        domain.term_texts[docname] = record


def note_page_ids(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: record the ids a page with a glossary already has that a glossary
    could give too (they start ``nterm-``: a label, a heading, an ``.. nterm::`` entry), so
    that the plan gives the glossary others."""
    domain, docname = get_domain(app.env), app.env.docname
    if docname in domain.glossaries:
        from sphinx_neuroterms.domain.ids import ANCHOR_PREFIX  # noqa: PLC0415

        taken = frozenset(id_ for id_ in doctree.ids if id_.startswith(ANCHOR_PREFIX))
        if taken:
            domain.page_ids[docname] = taken
