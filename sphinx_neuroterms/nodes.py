"""The doctree nodes of the extension and their non-HTML visitors.

Two nodes leave the reading phase:

* :class:`nterm_reference`, one per ``:nterm:`` reference. It is deliberately lean (see
  ``PERFORMANCE.md``): the normalised key as its one attribute, the display text as its one
  :class:`~docutils.nodes.Text` child, no ``pending_xref`` and no inner inline. HTML
  translators resolve it while writing (:mod:`sphinx_neuroterms.html`); for every other format
  :class:`~sphinx_neuroterms.transforms.ReferenceTransform` replaces it before writing.
* :class:`nterm_glossary`, a placeholder left by ``.. nterm-glossary::`` and filled after
  reading by :class:`~sphinx_neuroterms.transforms.GlossaryTransform`, because which terms
  it lists and which pages reference them is only known once every document is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.util.docutils import SphinxTranslator


class nterm_reference(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A reference to a term: ``node["key"]`` is the normalised name, the child the text."""


class nterm_backlinks(nodes.General, nodes.Element):  # noqa: N801
    """A glossary entry's "Referenced by" line in HTML: ``node["docnames"]`` lists the pages.

    One node instead of a paragraph of references: a large glossary has tens of thousands of
    backlinks, and the HTML writer (a ``-j`` worker) turns the list into links from cached
    titles and URIs. Other formats get ordinary nodes from the glossary transform.
    """


class nterm_glossary(nodes.General, nodes.Element):  # noqa: N801
    """Where a glossary goes: ``node["docname"]`` and ``node["serial"]`` name its plan."""


def visit_depart_null(translator: SphinxTranslator, node: Element) -> None:
    """Render nothing for the node itself; its children are rendered as usual."""


def skip_node(translator: SphinxTranslator, node: Element) -> None:
    """Render neither the node nor its children."""
    raise nodes.SkipNode


#: Visitors for formats whose references are replaced by a transform before writing: if a
#: reference still reaches a translator (a third-party builder), its text is shown unlinked.
NULL_VISITORS: dict[str, Any] = dict.fromkeys(("latex", "text", "man", "texinfo"), (visit_depart_null, visit_depart_null))

#: A glossary placeholder is always replaced; should one survive, it renders as nothing.
SKIP_VISITORS: dict[str, Any] = dict.fromkeys(("html", "latex", "text", "man", "texinfo"), (skip_node, None))

#: For nodes only HTML output holds: anything else that meets one renders nothing.
SKIP_VISITORS_NON_HTML: dict[str, Any] = {
    name: visitors for name, visitors in SKIP_VISITORS.items() if name != "html"
}
