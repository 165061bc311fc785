"""The post-transforms that resolve term references for every builder but HTML, and
intersphinx's references to other projects' terms.

(HTML writes its references itself, :mod:`sphinx_neuroterms.output.html_links`.) Both are
registered at start-up in every project; a page is handed to
:mod:`~sphinx_neuroterms.output.reference_links` only when it may hold such references.
"""

from __future__ import annotations

from typing import Any

from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.domain.page_scope import may_hold, project_in_use
from sphinx_neuroterms.sphinx_compat import builder_of


class ReferenceTransform(SphinxPostTransform):
    """Replace reference nodes (both forms) by ordinary references for non-HTML builders.

    HTML translators resolve the nodes themselves while writing, which is much cheaper at
    scale than replacing nodes (``PERFORMANCE.md``); every other format gets docutils
    references (or plain text) here. Priority 6: after
    :class:`~sphinx_neuroterms.output.glossary.GlossaryTransform` (5), whose see-also links it
    resolves too. In LaTeX, :class:`~sphinx_neuroterms.output.latex.LatexOutput` then adds
    labels and first-use footnotes, before Sphinx typesets footnotes (600).
    """

    default_priority = 6

    def is_supported(self) -> bool:
        """Every builder except those writing HTML, in a project with terms."""
        return builder_of(self).format != "html" and project_in_use(self.env)

    def run(self, **kwargs: Any) -> None:
        """Resolve every reference of the document."""
        from sphinx_neuroterms.output.reference_links import ReferenceLinks  # noqa: PLC0415

        ReferenceLinks(builder_of(self), self.document).replace_all()


class ExternalTermReferences(SphinxPostTransform):
    """Resolve intersphinx's ``:external+name:nterm:term:`` as local references resolve.

    Intersphinx itself matches ``nterm:term`` names exactly; this matches them by case,
    alias and plural (:class:`~sphinx_neuroterms.domain.resolve.Resolver`). Priority 8: before
    intersphinx's own resolver of those references (9), which then warns about the rest.
    """

    default_priority = 8

    def is_supported(self) -> bool:
        """Only with ``sphinx.ext.intersphinx``, whose ``external`` role makes the references."""
        return "intersphinx_mapping" in self.config and project_in_use(self.env)

    def run(self, **kwargs: Any) -> None:
        """Replace every ``nterm`` reference of the ``external`` role that a project has."""
        # The role of intersphinx calls the domain's, which records the page's references to
        # other projects; term text (which records none) is parsed on glossary and
        # ``.. nterm::`` pages.
        domain, builder = get_domain(self.env), builder_of(self)
        pages = (domain.external_refs, domain.glossaries, domain.doc_terms)
        if not may_hold(builder, self.document, self.env.docname, *pages):
            return
        from sphinx_neuroterms.output.reference_links import (  # noqa: PLC0415
            link_external_references,
        )

        link_external_references(builder, self.document)
