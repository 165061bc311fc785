"""The one place where the extension registers itself with Sphinx."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sphinx_neuroterms.config import PREFIX, setup_config
from sphinx_neuroterms.domain.nterm_domain import NeurotermsDomain
from sphinx_neuroterms.domain.page_scope import project_in_use
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
from sphinx_neuroterms.output.page_terms import (
    PAGE_TERMS_DIRECTIVE,
    PageTermsDirective,
    PageTermsTransform,
)
from sphinx_neuroterms.output.references import ExternalTermReferences, ReferenceTransform
from sphinx_neuroterms.project.std_terms import StdTermLinks
from sphinx_neuroterms.reading.autolink import AutolinkTransform
from sphinx_neuroterms.reading.compaction import CompactReferences
from sphinx_neuroterms.reading.directives import (
    GLOSSARY_DIRECTIVE,
    NTERM_DIRECTIVE,
    NtermDirective,
    NtermGlossaryDirective,
)
from sphinx_neuroterms.reading.roles import NTERM_ROLE, NtermRole

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Bump whenever what the extension stores in the environment changes shape.
ENV_VERSION = 6

#: What a handler of these events returns when it has nothing to do: pages to read or write.
_NOTHING: dict[str, Callable[[], object]] = {
    "env-get-outdated": list, "env-updated": list, "env-get-updated": list,
}


def _connect(
    app: Sphinx, event: str, handler: str, *, priority: int = 500, always: bool = False,
    setting: str | None = None,
) -> None:
    """Connect ``handler`` (``module:function`` in this package), imported when first called.

    It runs only while :func:`~.page_scope.project_in_use` (unless ``always``): a project
    that loads the extension and has no terms never imports the machinery behind its
    events, which is most of the package (start-up cost, see ``docs/performance.md``).
    With ``setting``, only while that ``neuroterms_*`` value is set (a feature's handlers).
    """
    module_name, _, name = handler.partition(":")
    nothing = _NOTHING.get(event, type(None))
    function: Callable[..., Any] | None = None

    def on_demand(app: Sphinx, *args: Any) -> Any:
        nonlocal function
        if setting is not None and not getattr(app.config, PREFIX + setting):
            return nothing()
        if not always and not project_in_use(app.env):
            return nothing()
        if function is None:
            module = importlib.import_module(f"sphinx_neuroterms.{module_name}")
            function = getattr(module, name)
        return function(app, *args)

    on_demand.__qualname__ = on_demand.__name__ = name
    app.connect(event, on_demand, priority=priority)


def setup_extension(app: Sphinx) -> ExtensionMetadata:
    """Register configuration, domain, nodes, role, directives, transforms and events."""
    setup_config(app)
    # The words written into pages, in the project's language (locale/, see i18n.py).
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    # After the configuration is validated (priority 400): the tooltips' static folder.
    _connect(app, "config-inited", "output.tooltips:add_static_path", priority=450, always=True)
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
    _connect(app, "env-get-outdated", "project.term_files:outdated_glossaries")
    # Term texts are translated as they are loaded; a changed catalog re-reads glossaries.
    _connect(app, "env-get-outdated", "project.translations:outdated_translated_pages")
    _connect(app, "env-before-read-docs", "project.term_files:before_read")
    app.add_transform(AutolinkTransform)
    app.add_transform(CompactReferences)
    _connect(app, "doctree-read", "reading.compaction:unlink_titles", priority=600)
    _connect(app, "doctree-read", "project.std_terms:collect_std_terms")
    _connect(app, "doctree-read", "reading.page_records:note_cross_references", always=True)
    _connect(app, "doctree-read", "reading.page_records:note_term_text")
    _connect(app, "doctree-read", "reading.page_records:note_page_ids")
    # Terminology checks: pages as they are read (after their references are noted), every
    # page again when what they look for changed, unused terms once the project is planned.
    _connect(app, "env-before-read-docs", "reading.lint:recheck_pages", priority=600)
    _connect(app, "env-before-read-docs", "reading.autolink:relink_pages", priority=600)
    _connect(app, "doctree-read", "reading.lint:check_page", priority=900)

    # After reading (and after -j workers are merged): plan the project,
    # make the terms std:term objects too; pages whose :term: tooltips changed are rewritten.
    _connect(app, "env-updated", "project.after_reading:update_state")
    _connect(app, "env-updated", "reading.lint:report_unused", priority=600)
    _connect(app, "env-get-updated", "project.std_terms:outdated_std_pages")
    # Other projects' terms (neuroterms_external): read before reading, cached in the
    # environment; pages linking to them are written again when they change.
    _connect(
        app, "builder-inited", "project.external_files:load_external_terms", setting="external"
    )
    _connect(
        app, "env-get-updated", "project.external_files:outdated_external_pages",
        setting="external",
    )

    # Resolving, before writing (main process).
    app.add_post_transform(GlossaryTransform)
    app.add_post_transform(PageTermsTransform)
    app.add_post_transform(ReferenceTransform)
    app.add_post_transform(ExternalTermReferences)
    # Before intersphinx (500): a :term: naming a local term by alias or plural stays local.
    _connect(app, "missing-reference", "project.std_terms:resolve_std_term", priority=400)
    _connect(app, "warn-missing-reference", "output.reference_links:warn_missing_term_xref")
    app.add_post_transform(StdTermLinks)

    # Writing HTML (also in -j writer processes): each page's tooltip data and assets.
    _connect(app, "html-page-context", "output.html_links:add_page_payload")
    # Glossary pages describe their terms as JSON-LD (neuroterms_jsonld).
    _connect(app, "html-page-context", "output.linked_data:add_linked_data")
    _connect(app, "build-finished", "output.report:write_report")
    _connect(app, "build-finished", "output.terms_json:write_shared_terms")
    # Also without terms, to remove the files of an earlier build that had some.
    _connect(app, "build-finished", "output.tooltips:write_tooltip_texts", always=True)
    # The gettext builder: the term texts' own message catalog (also without terms, to
    # remove an earlier one), and not in the pages'.
    _connect(app, "doctree-resolved", "output.term_messages:keep_term_text_out")
    _connect(app, "build-finished", "output.term_messages:write_term_messages", always=True)
    return {
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
