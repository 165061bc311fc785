"""The one place where the extension registers itself with Sphinx."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_neuroterms.config import setup_config
from sphinx_neuroterms.domain.nterm_domain import NeurotermsDomain
from sphinx_neuroterms.i18n import CATALOG, LOCALE_DIR
from sphinx_neuroterms.nodes import (
    NULL_VISITORS,
    SKIP_VISITORS,
    SKIP_VISITORS_NON_HTML,
    nterm_backlinks,
    nterm_body,
    nterm_glossary,
    nterm_jumpbar,
    nterm_link,
    nterm_page_terms,
    nterm_part,
    nterm_reference,
    nterm_std_reference,
    nterm_text,
)
from sphinx_neuroterms.output.glossary import GlossaryTransform
from sphinx_neuroterms.output.html_links import (
    add_page_payload,
    depart_nterm_jumpbar,
    depart_nterm_link,
    depart_nterm_reference,
    depart_nterm_std_reference,
    visit_nterm_backlinks,
    visit_nterm_jumpbar,
    visit_nterm_link,
    visit_nterm_reference,
    visit_nterm_std_reference,
    visit_nterm_text,
)
from sphinx_neuroterms.output.linked_data import add_linked_data
from sphinx_neuroterms.output.page_terms import (
    PAGE_TERMS_DIRECTIVE,
    PageTermsDirective,
    PageTermsTransform,
)
from sphinx_neuroterms.output.references import (
    ExternalTermReferences,
    ReferenceTransform,
    warn_missing_term_xref,
)
from sphinx_neuroterms.output.report import write_report
from sphinx_neuroterms.output.term_messages import keep_term_text_out, write_term_messages
from sphinx_neuroterms.output.terms_json import write_shared_terms
from sphinx_neuroterms.output.tooltips import add_static_path, write_tooltip_texts
from sphinx_neuroterms.project.after_reading import update_state
from sphinx_neuroterms.project.external_files import load_external_terms, outdated_external_pages
from sphinx_neuroterms.project.std_terms import (
    StdTermLinks,
    collect_std_terms,
    outdated_std_pages,
    resolve_std_term,
)
from sphinx_neuroterms.project.term_files import before_read, outdated_glossaries
from sphinx_neuroterms.project.translations import outdated_translated_pages
from sphinx_neuroterms.reading.autolink import AutolinkTransform, relink_pages
from sphinx_neuroterms.reading.compaction import CompactReferences, unlink_titles
from sphinx_neuroterms.reading.directives import (
    GLOSSARY_DIRECTIVE,
    NTERM_DIRECTIVE,
    NtermDirective,
    NtermGlossaryDirective,
)
from sphinx_neuroterms.reading.lint import check_page, recheck_pages, report_unused
from sphinx_neuroterms.reading.page_records import (
    note_cross_references,
    note_page_ids,
    note_term_text,
)
from sphinx_neuroterms.reading.roles import NTERM_ROLE, NtermRole

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Bump whenever what the extension stores in the environment changes shape.
ENV_VERSION = 6


def setup_extension(app: Sphinx) -> ExtensionMetadata:
    """Register configuration, domain, nodes, role, directives, transforms and events."""
    setup_config(app)
    # The words written into pages, in the project's language (locale/, see i18n.py).
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    # After the configuration is validated (priority 400): the tooltips' static folder.
    app.connect("config-inited", add_static_path, priority=450)
    app.add_domain(NeurotermsDomain)

    # Nodes. html also covers dirhtml, singlehtml and epub (they share the html format).
    app.add_node(
        nterm_reference, html=(visit_nterm_reference, depart_nterm_reference), **NULL_VISITORS
    )
    # References as stored: other translators write the run's text (it is a Text node, which
    # add_node handles like an element, though it is typed for elements only).
    app.add_node(nterm_text, html=(visit_nterm_text, depart_nterm_reference))  # type: ignore[arg-type]
    app.add_node(nterm_glossary, **SKIP_VISITORS)
    app.add_node(nterm_body, **SKIP_VISITORS)
    app.add_node(nterm_part, **SKIP_VISITORS)
    app.add_node(nterm_page_terms, **SKIP_VISITORS)
    # Only HTML glossaries hold this node; other formats get paragraphs of references.
    app.add_node(nterm_backlinks, html=(visit_nterm_backlinks, None), **SKIP_VISITORS_NON_HTML)
    app.add_node(
        nterm_jumpbar, html=(visit_nterm_jumpbar, depart_nterm_jumpbar), **SKIP_VISITORS_NON_HTML
    )
    # Only HTML builders ever hold these; elsewhere a resolved reference stays a reference.
    app.add_node(nterm_link, html=(visit_nterm_link, depart_nterm_link))
    app.add_node(
        nterm_std_reference, html=(visit_nterm_std_reference, depart_nterm_std_reference)
    )

    # Markup.
    app.add_role(NTERM_ROLE, NtermRole())
    app.add_directive(NTERM_DIRECTIVE, NtermDirective)
    app.add_directive(GLOSSARY_DIRECTIVE, NtermGlossaryDirective)
    app.add_directive(PAGE_TERMS_DIRECTIVE, PageTermsDirective)

    # Reading: term files are loaded first (glossaries parse their text while read) and
    # pages showing them are read again when one is added or removed; the std domain reads
    # pages without our terms in it; references are stored compactly; after Sphinx's own
    # collectors (priority 500) have copied the titles, their copies lose their links;
    # parsed term text is recorded; Sphinx glossary entries are noted for :term: tooltips.
    app.connect("env-get-outdated", outdated_glossaries)
    # Term texts are translated as they are loaded; a changed catalog re-reads glossaries.
    app.connect("env-get-outdated", outdated_translated_pages)
    app.connect("env-before-read-docs", before_read)
    app.add_transform(AutolinkTransform)
    app.add_transform(CompactReferences)
    app.connect("doctree-read", unlink_titles, priority=600)
    app.connect("doctree-read", collect_std_terms)
    app.connect("doctree-read", note_cross_references)
    app.connect("doctree-read", note_term_text)
    app.connect("doctree-read", note_page_ids)
    # Terminology checks: pages as they are read (after their references are noted), every
    # page again when what they look for changed, unused terms once the project is planned.
    app.connect("env-before-read-docs", recheck_pages, priority=600)
    app.connect("env-before-read-docs", relink_pages, priority=600)
    app.connect("doctree-read", check_page, priority=900)

    # After reading (and after -j workers are merged): plan the project,
    # make the terms std:term objects too; pages whose :term: tooltips changed are rewritten.
    app.connect("env-updated", update_state)
    app.connect("env-updated", report_unused, priority=600)
    app.connect("env-get-updated", outdated_std_pages)
    # Other projects' terms (neuroterms_external): read before reading, cached in the
    # environment; pages linking to them are written again when they change.
    app.connect("builder-inited", load_external_terms)
    app.connect("env-get-updated", outdated_external_pages)

    # Resolving, before writing (main process).
    app.add_post_transform(GlossaryTransform)
    app.add_post_transform(PageTermsTransform)
    app.add_post_transform(ReferenceTransform)
    app.add_post_transform(ExternalTermReferences)
    # Before intersphinx (500): a :term: naming a local term by alias or plural stays local.
    app.connect("missing-reference", resolve_std_term, priority=400)
    app.connect("warn-missing-reference", warn_missing_term_xref)
    app.add_post_transform(StdTermLinks)

    # Writing HTML (also in -j writer processes): each page's tooltip data and assets.
    app.connect("html-page-context", add_page_payload)
    # Glossary pages describe their terms as JSON-LD (neuroterms_jsonld).
    app.connect("html-page-context", add_linked_data)
    app.connect("build-finished", write_report)
    app.connect("build-finished", write_shared_terms)
    app.connect("build-finished", write_tooltip_texts)
    # The gettext builder: the term texts' own message catalog, and not in the pages'.
    app.connect("doctree-resolved", keep_term_text_out)
    app.connect("build-finished", write_term_messages)
    return {
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
