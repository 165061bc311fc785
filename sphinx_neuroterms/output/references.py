"""References resolved for every builder but HTML, and misses reported.

(HTML writes its references itself, :mod:`sphinx_neuroterms.output.html_links`.) The
post-transforms run while writing,
from the project state that ``env-updated`` computed in the main process
(:class:`~sphinx_neuroterms.domain.records.ProjectState`); Sphinx runs post-transforms in the main
process even under ``-j``, so warnings they emit are emitted exactly once per document written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from sphinx_neuroterms.domain.nterm_domain import DOMAIN_NAME, get_domain
from sphinx_neuroterms.domain.page_scope import may_hold
from sphinx_neuroterms.domain.resolve import external_link, resolver
from sphinx_neuroterms.logs import (
    reference_location,
    reference_name,
    warn_at,
    warn_unknown_term,
)
from sphinx_neuroterms.nodes import nterm_reference, nterm_text, replace_child
from sphinx_neuroterms.output.latex import LatexOutput
from sphinx_neuroterms.sphinx_compat import builder_of
from sphinx_neuroterms.terms.catalog import split_section
from sphinx_neuroterms.terms.diagnostics import WarningSubtype
from sphinx_neuroterms.terms.model import term_key

if TYPE_CHECKING:

    from docutils.nodes import Node
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.domains import Domain


# -- references, as stored -------------------------------------------------------------------


# -- references outside HTML ------------------------------------------------------------------


class ReferenceTransform(SphinxPostTransform):
    """Replace reference nodes (both forms) by ordinary references for non-HTML builders.

    HTML translators resolve the nodes themselves while writing, which is much cheaper at
    scale than replacing nodes (``PERFORMANCE.md``); every other format gets docutils
    references (or plain text) here. Priority 6: after :class:`GlossaryTransform` (5), whose
    see-also links it resolves too. In LaTeX, :class:`~sphinx_neuroterms.output.latex.LatexOutput`
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
            replace_child(run, resolved)
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
    alias and plural (:class:`~sphinx_neuroterms.domain.resolve.Resolver`). Priority 8: before
    intersphinx's own resolver of those references (9), which then warns about the rest.
    """

    default_priority = 8

    def is_supported(self) -> bool:
        """Only with ``sphinx.ext.intersphinx``, whose ``external`` role makes the references."""
        return "intersphinx_mapping" in self.config

    def run(self, **kwargs: Any) -> None:
        """Replace every ``nterm`` reference of the ``external`` role that a project has."""
        # The role of intersphinx calls the domain's, which records the page's references to
        # other projects; term text (which records none) is parsed on glossary and
        # ``.. nterm::`` pages.
        domain, builder = get_domain(self.env), builder_of(self)
        pages = (domain.external_refs, domain.glossaries, domain.doc_terms)
        if not may_hold(builder, self.document, self.env.docname, *pages):
            return
        found = [
            node for node in self.document.findall(addnodes.pending_xref)
            if "intersphinx" in node and node.get("refdomain") == DOMAIN_NAME
        ]
        if not found:
            return
        names = resolver(builder, domain.state)
        for node in found:
            key = term_key(node["reftarget"])
            external = names.resolve(key, inventory=node.get("inventory") or None).external
            content = node[0].deepcopy()
            if external is not None and isinstance(content, nodes.Element):
                node.replace_self(external_link(external, self.env.docname, content))


def warn_missing_term_xref(
    app: Sphinx, domain: Domain | None, node: pending_xref
) -> bool | None:
    """``warn-missing-reference`` handler: ``:nterm:term:`` misses warn as ``neuroterms.unknown``.

    ``domain`` is ``None`` for references of no domain (``:any:``, ``:doc:``): Sphinx warns.
    """
    if domain is None or domain.name != DOMAIN_NAME:
        return None
    ours = get_domain(domain.env)
    # As the domain resolves: a whole name first, then ``Name#Section``.
    target = str(node["reftarget"])
    catalog = ours.state.catalog
    split = None if catalog.lookup(target) else split_section(target)
    term = None if split is None else catalog.lookup(split[0])
    if split is None or term is None:
        warn_unknown_term(node, target, catalog)
    else:
        titles = ", ".join(title for title, _text in term.sections) or "none"
        warn_at(
            WarningSubtype.UNKNOWN,
            f"term {term.name!r} has no section {split[1]!r} (its sections: {titles})", node,
        )
    return True
