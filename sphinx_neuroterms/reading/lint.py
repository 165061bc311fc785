"""Terminology checks, chosen by ``neuroterms_lint`` (SPEC section 8).

- ``avoid``: a page uses a name listed under a term's ``avoid`` (in plain text or as a link's
  text); the warning names the term to use.
- ``unused``: neither a page nor another term (its text, or its see-also line) references a
  term; located at the term's own file and line.
- ``unlinked``: a page mentions a term in plain text but never links it (by a reference of
  any form, or a see-also line of an ``.. nterm::`` definition or a glossary entry on it);
  located at the first mention. Only mentions that an automatic link would link count (not in
titles, links, footnotes or citations: :func:`~sphinx_neuroterms.reading.prose.never_linked`),
so a finding is always something the author can link.

Pages are checked as they are read (``doctree-read``), in the process that reads them, so a
warning is emitted once per reading of the page, serial or ``-j``; the unused terms are
known after reading. A page's prose is what is checked: not code, literals, math, raw output,
comments, or the text of terms that a glossary shows (their own entries). Matching is that of
:class:`~sphinx_neuroterms.terms.mentions.MentionMatcher`; a finding quotes the mention on one
line.
"""

from __future__ import annotations

import hashlib
import io
import logging
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.domain.records import PageFindings, UnlinkedMention
from sphinx_neuroterms.logs import warn
from sphinx_neuroterms.nodes import nterm_body, nterm_text
from sphinx_neuroterms.reading.prose import prose
from sphinx_neuroterms.terms.catalog import TermCatalog
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.mentions import MentionMatcher, term_names
from sphinx_neuroterms.terms.model import Location, Term
from sphinx_neuroterms.terms.related import referenced_by_terms

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.domain.records import DocTerm

class PageChecker:
    """The page checks of one build, with their matchers built once."""

    def __init__(self, checks: Iterable[str], catalog: TermCatalog) -> None:
        self.checks = frozenset(checks)
        self.catalog = catalog
        avoided = (
            (name, term.key)
            for term in catalog
            for name in term.avoid
            if catalog.lookup(name, plurals=False) is None
        )
        #: Names to avoid, each with the key of the term to use instead.
        self.avoid = MentionMatcher(avoided if "avoid" in self.checks else ())
        #: Every name of every term (for unlinked mentions).
        self.names = MentionMatcher(term_names(catalog) if "unlinked" in self.checks else ())

    def check(self, doctree: nodes.document, path: str, linked: set[str]) -> PageFindings:
        """The findings of a page.

        :param path: the page's source file, for locations.
        :param linked: the keys of the terms the page links (by any form of reference).
        """
        if not self.avoid and not self.names:
            return PageFindings((), ())
        found: list[Diagnostic] = []
        unlinked: dict[str, Diagnostic] = {}
        mentions: list[UnlinkedMention] = []
        for text, parent, linkable in prose(doctree):
            where = Location(path, _line_of(parent))
            for mention in self.avoid.find(str(text)):
                used = _one_line(str(text)[mention.start : mention.end])
                term = self.catalog.lookup(mention.key)
                instead = term.name if term else mention.key
                found.append(
                    Diagnostic(
                        WarningSubtype.AVOID,
                        f"{used!r} is a name to avoid: use {instead!r}",
                        where,
                    )
                )
            for mention in self.names.find(str(text)) if linkable else ():
                if mention.key in linked:
                    continue
                if isinstance(text, nterm_text) and _in_reference(text, mention.start):
                    continue
                written = _one_line(str(text)[mention.start : mention.end])
                mentions.append(UnlinkedMention(mention.key, where.line, written))
                if mention.key in unlinked:
                    continue
                term = self.catalog.lookup(mention.key)
                name = term.name if term else mention.key
                unlinked[mention.key] = Diagnostic(
                    WarningSubtype.UNLINKED,
                    f"{written!r} mentions term {name!r}, which this page never links",
                    where,
                )
        return PageFindings((*found, *unlinked.values()), tuple(mentions))


def see_also_links(
    doctree: nodes.document, doc_terms: Iterable[DocTerm], catalog: TermCatalog
) -> set[str]:
    """The keys of the terms a page links in see-also lines: those of its ``.. nterm::``
    definitions, and those of the entries its glossaries may list (a term whose text the page
    parsed; with ``:only-referenced:`` some may be left out, known only after reading)."""
    names = [name for doc_term in doc_terms for name in doc_term.term.see_also]
    for body in doctree.findall(nterm_body):
        listed = catalog.lookup(body["key"])
        if listed is not None:
            names.extend(listed.see_also)
    return {term.key for name in names if (term := catalog.lookup(name)) is not None}


def _in_reference(text: nterm_text, offset: int) -> bool:
    return any(span.start <= offset < span.end for span in text.references())


def _one_line(written: str) -> str:
    """A mention as a finding quotes it: its white space (a line break) made one space."""
    return " ".join(written.split())


def _line_of(node: Node | None) -> int | None:
    """The line of the nearest element that knows its line."""
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return None


def unused_terms(terms: Iterable[Term], referenced: set[str]) -> list[Diagnostic]:
    """The ``unused`` findings: terms whose key no page references."""
    return [
        Diagnostic(
            WarningSubtype.UNUSED,
            f"term {term.name!r} is not referenced by any page",
            term.location,
        )
        for term in terms
        if term.key not in referenced
    ]


def page_checks_digest(checks: Iterable[str], catalog: TermCatalog) -> str:
    """What the page checks depend on besides the page: when it changes, every page is read
    again so that its findings are current."""
    checks = sorted(set(checks) - {"unused"})
    parts: list[object] = [checks]
    if "avoid" in checks:
        parts.append(sorted((term.key, term.avoid) for term in catalog if term.avoid))
    if "unlinked" in checks:
        parts.append(sorted(name for name, _ in term_names(catalog)))
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()


# -- in the build -----------------------------------------------------------------------------


def page_checker(app: Sphinx) -> PageChecker:
    """The build's :class:`PageChecker` over the term files' terms, built once per process
    (a new catalog, after term files changed, builds a new one)."""
    domain = get_domain(app.env)
    catalog = domain.file_catalog
    checks = tuple(get_config(app).lint)
    # Keyed by the catalog itself, not its id: a new catalog could reuse a freed one's id.
    cached: tuple[TermCatalog, tuple[str, ...], PageChecker] | None = getattr(
        domain, "_checker", None
    )
    if cached is None or cached[0] is not catalog or cached[1] != checks:
        cached = (catalog, checks, PageChecker(checks, catalog))
        domain._checker = cached  # type: ignore[attr-defined]
    return cached[2]


def recheck_pages(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs`` (after the term files are loaded): read every page again when
    what the page checks look for changed (an ``avoid`` list, or the names for ``unlinked``),
    so that no page keeps a stale finding, or misses a new one."""
    domain = get_domain(env)
    digest = page_checks_digest(get_config(app).lint, domain.file_catalog)
    domain.read_again_if_changed(env, docnames, "lint_digest", digest)


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after the references are noted: warn about the page's findings."""
    checker = page_checker(app)
    if not checker.avoid and not checker.names:
        return
    env = app.env
    domain = get_domain(env)
    docname = env.docname
    linked = {
        term.key
        for key in (*domain.refs.get(docname, ()), *domain.xrefs.get(docname, ()))
        if (term := checker.catalog.lookup_reference(key)) is not None
    }
    linked.update(see_also_links(doctree, domain.doc_terms.get(docname, ()), checker.catalog))
    findings = checker.check(doctree, str(env.doc2path(docname)), linked)
    for diagnostic in findings.diagnostics:
        warn(diagnostic)
    if findings.diagnostics or findings.unlinked:
        domain.page_findings[docname] = findings


def report_unused(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``, after the project is planned: the ``unused`` findings (a term that
    another term's text or see-also line references is used)."""
    domain = get_domain(env)
    domain.unused = []
    if "unused" not in get_config(app).lint:
        return []
    state = domain.state
    referenced = set(state.backlinks) | referenced_by_terms(state.catalog)
    for targets in domain.xrefs.values():
        referenced.update(term.key for key in targets if (term := state.lookup(key)))
    domain.unused = unused_terms(state.catalog, referenced)
    for diagnostic in domain.unused:
        warn(diagnostic)
    return []


# -- without output (neuroterms lint) ---------------------------------------------------------


class LintError(Exception):
    """The project cannot be checked."""


def lint_project(docs_dir: Path, checks: Iterable[str] | None = None) -> list[Diagnostic]:
    """Run the checks on the Sphinx project in ``docs_dir`` (the folder of ``conf.py``)
    without writing output, and return the findings, sorted by file and line.

    Sphinx reads every page (with the ``dummy`` builder, in a temporary folder); its own
    warnings are not findings and are not returned.

    :param checks: the checks to run (default: the project's ``neuroterms_lint``).
    :raises LintError: the project does not use the extension.
    :raises sphinx.errors.SphinxError: the project does not build.
    """
    overrides: dict[str, Any] = {} if checks is None else {"neuroterms_lint": list(checks)}
    # As sphinx-build does: docutils patched and its registries restored afterwards; and the
    # caller's logging restored too (Sphinx gives its logger the handlers of each new
    # application). A build inside another build is still not safe: run this in a process.
    sphinx_logger = logging.getLogger("sphinx")
    saved = (list(sphinx_logger.handlers), sphinx_logger.level, sphinx_logger.propagate)
    try:
        with (
            tempfile.TemporaryDirectory(prefix="neuroterms-lint-") as scratch,
            patch_docutils(str(docs_dir)),
            docutils_namespace(),
        ):
            app = Sphinx(
                str(docs_dir), str(docs_dir), str(Path(scratch) / "out"),
                str(Path(scratch) / "doctrees"), "dummy", confoverrides=overrides,
                status=None, warning=io.StringIO(), freshenv=True,
            )  # fmt: skip
            if "sphinx_neuroterms" not in app.extensions:
                raise LintError(f"{docs_dir} does not use sphinx_neuroterms: nothing to check")
            app.build(force_all=True)
            domain = get_domain(app.env)
            found: list[Diagnostic] = [
                diagnostic
                for docname in sorted(domain.page_findings)
                for diagnostic in domain.page_findings[docname].diagnostics
            ]
            found.extend(domain.unused)
    finally:
        sphinx_logger.handlers[:] = saved[0]
        sphinx_logger.setLevel(saved[1])
        sphinx_logger.propagate = saved[2]
    return sorted(found, key=lambda d: (d.location.path, d.location.line or 0))
