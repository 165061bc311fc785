"""The list of the terms a page references, with their definitions (``nterm-page-terms``).

The glossary counterpart of a per-page bibliography: the directive leaves a placeholder,
and :class:`PageTermsTransform` fills it once every page is read. With
``neuroterms_page_terms``, every page that references a term gets the list at its end.

The terms are those the page's own text references (``:nterm:``, and Sphinx's ``:term:``,
``:any:`` and MyST links that reach a term), not those of term text shown in the page (a
glossary's definitions), in glossary order. Each name links to the term's entry (with its
tooltip in HTML), and the definition is the text a reader sees, as the tooltip shows it but
whole, so the list reads the same in every builder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.domain.page_scope import may_hold
from sphinx_neuroterms.i18n import _
from sphinx_neuroterms.nodes import nterm_page_terms, nterm_reference, page_of
from sphinx_neuroterms.sphinx_compat import builder_of

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_neuroterms.domain.records import ProjectState
    from sphinx_neuroterms.terms.model import Term

#: ``.. nterm-page-terms::``.
PAGE_TERMS_DIRECTIVE = "nterm-page-terms"


class PageTermsDirective(SphinxDirective):
    """``.. nterm-page-terms::``: the terms this page references, here."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[Node]:
        """Leave the placeholder that :class:`PageTermsTransform` fills."""
        node = nterm_page_terms()
        self.set_source_info(node)
        get_domain(self.env).note_page_terms(self.env.docname)
        return [node]


def page_terms(state: ProjectState, refs: set[str], xrefs: set[str]) -> list[Term]:
    """The terms a page references, by the keys it recorded, in glossary order."""
    found: dict[str, Term] = {}
    for key in (*refs, *xrefs):
        term = state.lookup(key)
        if term is not None:
            found.setdefault(term.key, term)
    from sphinx_neuroterms.domain.ids import sort_key  # noqa: PLC0415 - not at start-up

    return sorted(found.values(), key=lambda term: sort_key(term.name))


def page_terms_list(state: ProjectState, terms: list[Term]) -> nodes.Element:
    """The list: a rubric, then each term's name (a link to its entry) and definition."""
    container = nodes.container(classes=["nterm-page-terms"])
    container += nodes.rubric("", _("Terms on this page"), classes=["nterm-page-terms-title"])
    items = nodes.definition_list(classes=["nterm-page-terms-list"])
    for term in terms:
        text = state.definition_text(term)
        items += nodes.definition_list_item(
            "",
            nodes.term("", "", nterm_reference(term.name, term.name, key=term.key)),
            nodes.definition("", nodes.paragraph(text, text)),
        )
    container += items
    return container


class PageTermsTransform(SphinxPostTransform):
    """Fill each ``nterm-page-terms`` placeholder; with ``neuroterms_page_terms``, end a
    page that references terms and has no placeholder with the list.

    Priority 5: before :class:`~sphinx_neuroterms.output.references.ReferenceTransform` (6), which
    resolves the links to the entries made here.
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        """Fill the placeholders, or add the list at the end, of each page of the document.

        ``singlehtml`` and LaTeX write one document of every page, inlined in reading order
        (each in an ``addnodes.start_of_file``), and transform it once: each list shows the
        terms of the page it is in.
        """
        domain, wanted = get_domain(self.env), get_config(self.env).page_terms
        lists = domain.pages_listing_terms
        if not wanted and not may_hold(builder_of(self), self.document, self.env.docname, lists):
            return
        placeholders = list(self.document.findall(nterm_page_terms))
        if not placeholders and not wanted:
            return
        terms_of: dict[str, list[Term]] = {}

        def terms(docname: str) -> list[Term]:
            if docname not in terms_of:
                refs, xrefs = domain.refs, domain.xrefs
                terms_of[docname] = page_terms(
                    domain.state, refs.get(docname, set()), xrefs.get(docname, set())
                )
            return terms_of[docname]

        filled: set[str] = set()
        for node in placeholders:
            docname = page_of(node, self.env, self.env.docname)
            filled.add(docname)
            found = terms(docname)
            node.replace_self(page_terms_list(domain.state, found) if found else [])
        if not wanted:
            return
        # The root page, and each inlined page's own document (see page_of).
        pages: list[tuple[str, nodes.Element]] = [(self.env.docname, self.document)]
        pages.extend(
            (str(inlined["docname"]), page)
            for inlined in self.document.findall(addnodes.start_of_file)
            for page in inlined.children
            if isinstance(page, nodes.Element)
        )
        for docname, page in pages:
            found = terms(docname)
            if docname in filled or not found:
                continue
            # Into the page's last top-level section: body elements cannot follow a section.
            sections = [child for child in page.children if isinstance(child, nodes.section)]
            (sections[-1] if sections else page).append(page_terms_list(domain.state, found))
