"""Transforms of references: storing them compactly, and resolving them for every builder.

:class:`CompactReferences` runs at the end of reading. The post-transforms run while writing,
from the project state that ``env-updated`` computed in the main process
(:class:`~sphinx_neuroterms.plan.ProjectState`); Sphinx runs post-transforms in the main
process even under ``-j``, so warnings they emit are emitted exactly once per document written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from sphinx_neuroterms.domain import (
    DOMAIN_NAME,
    external_link,
    get_domain,
)
from sphinx_neuroterms.latex import LatexOutput
from sphinx_neuroterms.logs import reference_location, reference_name, warn_unknown_term
from sphinx_neuroterms.model import term_key
from sphinx_neuroterms.nodes import (
    nterm_reference,
    nterm_text,
)
from sphinx_neuroterms.resolve import resolver

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Element, Node
    from sphinx.application import Sphinx
    from sphinx.builders import Builder


def builder_of(transform: SphinxPostTransform) -> Builder:
    """The running builder (Sphinx 9 deprecates ``transform.app``; 7.4 lacks ``env._app``)."""
    app: Sphinx | None = getattr(transform.env, "_app", None)
    if app is None:
        app = transform.app
    return app.builder


# -- references, as stored -------------------------------------------------------------------


class CompactReferences(SphinxTransform):
    """Merge each reference and the text around it into one :class:`nterm_text` run.

    Priority 790: after SmartQuotes (750), which replaces the Text nodes it educates, and
    before ``doctree-read`` (880), so that handlers and the stored doctree see the runs.
    """

    default_priority = 790

    def apply(self, **kwargs: Any) -> None:
        """Rewrite the children of every element holding a reference."""
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
            _replace_child(run, [nodes.Text(str(run))])


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


# -- references outside HTML ------------------------------------------------------------------


class ReferenceTransform(SphinxPostTransform):
    """Replace reference nodes (both forms) by ordinary references for non-HTML builders.

    HTML translators resolve the nodes themselves while writing, which is much cheaper at
    scale than replacing nodes (``PERFORMANCE.md``); every other format gets docutils
    references (or plain text) here. Priority 6: after :class:`GlossaryTransform` (5), whose
    see-also links it resolves too. In LaTeX, :class:`~sphinx_neuroterms.latex.LatexOutput`
    then adds labels and first-use footnotes, before Sphinx typesets footnotes (600).
    """

    default_priority = 6

    def is_supported(self) -> bool:
        """Every builder except those writing HTML."""
        return builder_of(self).format != "html"

    def run(self, **kwargs: Any) -> None:
        """Resolve every reference of the document."""
        self.builder = builder_of(self)
        self.state = get_domain(self.env).state
        self.resolver = resolver(self.builder, self.state)
        self.latex = (
            LatexOutput(self.builder, self.document, self.state)
            if self.builder.format == "latex"
            else None
        )
        for node in list(self.document.findall(nterm_reference)):
            node.replace_self(self.resolve(node["key"], node.astext(), node))
        for run in list(self.document.findall(nterm_text)):
            resolved = [
                nodes.Text(piece)
                if span is None
                else self.resolve(span.key, piece, reference_location(run, span))
                for piece, span in run.pieces()
            ]
            _replace_child(run, resolved)
        if self.latex is not None:
            self.latex.finish()

    def resolve(self, key: str, text: str, location: Node | str) -> Node:
        """One reference as a link, or as its text when there is nowhere to link to."""
        term, target, external = self.resolver.resolve(key)
        if term is None:
            if external is not None:
                inline = nodes.inline(text, text, classes=["nterm"])
                title = self.resolver.external_title(external)
                return external_link(external, self.env.docname, inline, title)
            warn_unknown_term(location, reference_name(text, key), self.state.catalog)
            return nodes.Text(text)
        if target is None:
            return nodes.Text(text)
        inline = nodes.inline(text, text, classes=["nterm"])
        try:
            link = make_refnode(
                self.builder, self.env.docname, target.docname, target.anchor, inline,
                self.resolver.link_title(term),
            )
        except NoUri:
            return nodes.Text(text)
        if self.latex is not None:
            self.latex.note_link(link, term)
        return link


class ExternalTermReferences(SphinxPostTransform):
    """Resolve intersphinx's ``:external+name:nterm:term:`` as local references resolve.

    Intersphinx itself matches ``nterm:term`` names exactly; this matches them by case,
    alias and plural (:class:`~sphinx_neuroterms.resolve.Resolver`). Priority 8: before
    intersphinx's own resolver of those references (9), which then warns about the rest.
    """

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        """Replace every ``nterm`` reference of the ``external`` role that a project has."""
        found = [
            node for node in self.document.findall(addnodes.pending_xref)
            if "intersphinx" in node and node.get("refdomain") == DOMAIN_NAME
        ]
        if not found:
            return
        names = resolver(builder_of(self), get_domain(self.env).state)
        for node in found:
            key = term_key(node["reftarget"])
            external = names.resolve(key, inventory=node.get("inventory") or None).external
            content = node[0].deepcopy()
            if external is not None and isinstance(content, nodes.Element):
                node.replace_self(external_link(external, self.env.docname, content))


def _replace_child(old: Node, new: list[Node]) -> None:
    """Put the nodes ``new`` where ``old`` is, found by identity.

    ``Element.replace`` finds the child with ``list.index``, which compares Text nodes by
    their string: it would replace an earlier plain Text equal to the run's text.
    """
    parent = old.parent
    position = next(i for i, child in enumerate(parent.children) if child is old)
    parent[position : position + 1] = new
