"""References stored compactly while pages are read.

A page of many references would otherwise keep a node per reference and per text between
them in every pickled doctree; :class:`CompactReferences` folds each paragraph's text and
references into one :class:`~sphinx_neuroterms.nodes.nterm_text` run, which the writers
expand. :func:`unlink_titles` keeps references out of the copies of titles Sphinx makes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.nodes import nterm_reference, nterm_text, replace_child

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Element, Node
    from sphinx.application import Sphinx


class CompactReferences(SphinxTransform):
    """Merge each reference and the text around it into one :class:`nterm_text` run.

    Priority 790: after SmartQuotes (750), which replaces the Text nodes it educates, and
    before ``doctree-read`` (880), so that handlers and the stored doctree see the runs.
    """

    default_priority = 790

    def apply(self, **kwargs: Any) -> None:
        """Rewrite the children of every element holding a reference."""
        # References are made by the roles, which record them for the page, and by the term
        # text of glossaries and ``.. nterm::`` entries (which records none): other pages
        # have nothing to fold, and are not searched.
        domain, docname = get_domain(self.env), self.env.docname
        records = (domain.refs, domain.glossaries, domain.doc_terms)
        if not any(docname in pages for pages in records):
            return
        parents = {id(node.parent): node.parent for node in self.document.findall(nterm_reference)}
        for parent in parents.values():
            parent.children[:] = list(_merge_runs(parent))
            for child in parent.children:
                child.parent = parent


def unlink_titles(app: Sphinx, doctree: nodes.document) -> None:
    """Make references in the document's title and table of contents plain text.

    ``doctree-read``, after Sphinx's collectors have copied the section titles: a link inside
    a toctree entry (itself a link) or in the previous/next links of other pages would be
    nested, and point at the wrong page. Sphinx drops its own cross-references from these
    copies the same way.
    """
    env = app.env
    docname = env.docname
    for tree in (env.titles.get(docname), env.longtitles.get(docname), env.tocs.get(docname)):
        if tree is None:
            continue
        for run in list(tree.findall(nterm_text)):
            replace_child(run, [nodes.Text(str(run))])


def _merge_runs(parent: Element) -> Iterator[Node]:
    """The children of ``parent``, each run of Text and references made one run node."""
    run: list[Node] = []
    for child in [*parent.children, None]:
        if isinstance(child, (nodes.Text, nterm_reference)):
            run.append(child)
            continue
        if any(isinstance(item, nterm_reference) for item in run):
            yield _run_node(run)
        else:
            yield from run
        run = []
        if child is not None:
            yield child


def _run_node(run: list[Node]) -> nterm_text:
    pieces: list[str] = []
    spans: list[int | str] = []
    length = 0
    for item in run:
        text = item.astext()
        if isinstance(item, nterm_reference):
            spans += (length, length + len(text), item["key"], item.line or 0)
        pieces.append(text)
        length += len(text)
    node = nterm_text("".join(pieces), tuple(spans))
    node.source = next((item.source for item in run if item.source), None)
    return node
