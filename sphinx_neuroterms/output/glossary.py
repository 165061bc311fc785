"""Filling each ``nterm-glossary`` placeholder with its entries, from the project's plan.

:class:`GlossaryTransform` is a post-transform: which terms a glossary lists, and which pages
reference them, is only known once every document is read. The entries themselves are made
in :mod:`~sphinx_neuroterms.output.glossary_entries`, imported when a page has a glossary.
"""

from __future__ import annotations

from typing import Any

from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.domain.page_scope import may_hold
from sphinx_neuroterms.nodes import nterm_body, nterm_glossary
from sphinx_neuroterms.sphinx_compat import builder_of


class GlossaryTransform(SphinxPostTransform):
    """Replace each ``nterm-glossary`` placeholder by its entries.

    Priority 5: before :class:`ReferenceTransform` (6), which resolves the see-also and
    in-definition references this one creates, and before Sphinx's ``ReferencesResolver``
    (10).
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        """Fill every placeholder of the document."""
        domain, builder = get_domain(self.env), builder_of(self)
        if not may_hold(builder, self.document, self.env.docname, domain.glossaries):
            return
        placeholders = list(self.document.findall(nterm_glossary))
        if not placeholders:
            return
        from sphinx_neuroterms.output.glossary_entries import (  # noqa: PLC0415
            GlossaryRenderer,
            split_parts,
        )

        renderer = GlossaryRenderer(builder, domain.state, self.env.docname, set(self.document.ids))
        specs = domain.glossaries
        # A term's text is parsed once per page, into the first glossary that may list it.
        bodies = {
            body["key"]: body
            for node in placeholders
            for body in node.children
            if isinstance(body, nterm_body)
        }
        for node in placeholders:
            docname, serial = node["docname"], node["serial"]
            spec = next((s for s in specs.get(docname, ()) if s.serial == serial), None)
            groups = domain.state.glossaries.get((docname, serial), ())
            if spec is None:
                node.replace_self([])
                continue
            parts = split_parts(spec, specs, domain.state)
            node.replace_self(renderer.render(spec, groups, bodies, parts))
