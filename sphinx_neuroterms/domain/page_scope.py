"""Which read pages a document being resolved holds, so that pages without terms are not
searched node by node; and whether a project has anything for the extension at all.

Each post-transform of ours looks for its nodes in every page an HTML builder writes; a
search walks the whole tree, and on a project of large pages that use few terms (Sphinx's
own documentation) these walks were most of what the extension added to a build. What a
page can hold is known from reading: the domain records the pages with references,
glossaries, ``.. nterm::`` entries and cross-references that may reach a term. A
post-transform asks :func:`may_hold` first and searches only when the answer is yes.

The answer is "yes" whenever it cannot be told cheaply, so that nothing is ever missed:

* builders of other formats assemble a few large documents (LaTeX appends pages outside
  any toctree), where a search costs little;
* a document that is not a page's own doctree (another extension resolving a fragment,
  such as ``sphinx.ext.todo`` resolving its copies of todo nodes on the list's page);
* a page that includes others through a toctree holds them all once a builder inlines its
  toctrees (``singlehtml`` and the builders derived from it), so it counts with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_neuroterms.domain.nterm_domain import get_domain

if TYPE_CHECKING:
    from collections.abc import Container

    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def pages_held(builder: Builder, document: nodes.Node, docname: str) -> set[str] | None:
    """The read pages whose content ``document`` may hold, or ``None`` when it may hold
    anything."""
    env = builder.env
    if builder.format != "html" or not isinstance(document, nodes.document):
        return None
    if document.get("source") != str(env.doc2path(docname)):
        return None
    pages = {docname}
    pending = [docname]
    while pending:
        for included in env.toctree_includes.get(pending.pop(), ()):
            if included not in pages:
                pages.add(included)
                pending.append(included)
    return pages


def may_hold(
    builder: Builder, document: nodes.Node, docname: str, *records: Container[str]
) -> bool:
    """Whether ``document`` (being resolved for ``docname``) may hold a page that one of
    ``records`` (collections of docnames, such as the domain's per-page records) names."""
    pages = pages_held(builder, document, docname)
    if pages is None:
        return True
    return any(page in record for page in pages for record in records)


def project_in_use(env: BuildEnvironment) -> bool:
    """Whether the project has anything for the extension: term files, other projects'
    terms, tooltips for Sphinx's own glossaries, or records in the domain
    (:meth:`~.nterm_domain.NeurotermsDomain.in_use`). Handlers and post-transforms do
    nothing, and import nothing, in a project without (start-up cost, see
    ``docs/performance.md``).

    (Page checks and automatic links look for the term files' terms: without term files they
    have nothing to do.)
    """
    # Asked at every event: the domain first (a project with terms answers there).
    if get_domain(env).in_use():
        return True
    config = env.config
    return bool(
        config.neuroterms_sources or config.neuroterms_external
        or config.neuroterms_tooltip_std_terms
    )
