"""Term references as docutils links, for every builder but HTML, and the misses reported.

The post-transforms of :mod:`sphinx_neuroterms.output.references` hand their pages here once
they hold references (this module is imported then, not at start-up). They run while
writing, from the project state that ``env-updated`` computed in the main process
(:class:`~sphinx_neuroterms.domain.records.ProjectState`); Sphinx runs post-transforms in the
main process even under ``-j``, so warnings they emit are emitted exactly once per document
written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from sphinx_neuroterms.domain.nterm_domain import DOMAIN_NAME, get_domain
from sphinx_neuroterms.domain.resolve import external_link, resolver
from sphinx_neuroterms.logs import (
    reference_location,
    reference_name,
    warn_at,
    warn_unknown_term,
)
from sphinx_neuroterms.nodes import nterm_reference, nterm_text, replace_child
from sphinx_neuroterms.output.latex import LatexOutput
from sphinx_neuroterms.terms.diagnostics import WarningSubtype
from sphinx_neuroterms.terms.names import split_section, term_key

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.domains import Domain


class ReferenceLinks:
    """Every reference node of one document (both forms) as an ordinary reference. In LaTeX,
    :class:`~sphinx_neuroterms.output.latex.LatexOutput` then adds labels and first-use
    footnotes."""

    def __init__(self, builder: Builder, document: nodes.document) -> None:
        self.builder = builder
        self.document = document
        self.env = builder.env
        self.state = get_domain(self.env).state
        self.resolver = resolver(builder, self.state)
        self.latex = (
            LatexOutput(builder, document, self.state) if builder.format == "latex" else None
        )

    def replace_all(self) -> None:
        """Resolve every reference of the document."""
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


def link_external_references(builder: Builder, document: nodes.document) -> None:
    """Replace every ``nterm`` reference of intersphinx's ``external`` role that another
    project has (see :class:`~sphinx_neuroterms.output.references.ExternalTermReferences`)."""
    env = builder.env
    found = [
        node for node in document.findall(addnodes.pending_xref)
        if "intersphinx" in node and node.get("refdomain") == DOMAIN_NAME
    ]
    if not found:
        return
    names = resolver(builder, get_domain(env).state)
    for node in found:
        key = term_key(node["reftarget"])
        external = names.resolve(key, inventory=node.get("inventory") or None).external
        content = node[0].deepcopy()
        if external is not None and isinstance(content, nodes.Element):
            node.replace_self(external_link(external, env.docname, content))


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
