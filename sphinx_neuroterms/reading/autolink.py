"""Automatic links (``neuroterms_autolink``): the first plain mention of a term in a section
becomes a reference to it.

:class:`AutolinkTransform` runs while a page is read, before references are stored
compactly, and turns mentions into the same references that ``:nterm:`` makes: they get
links, tooltips, backlinks and places in the page's term list like any other. Mentions are
found by one :class:`~sphinx_neuroterms.terms.mentions.MentionMatcher` over the names, aliases and
plurals of the term files' terms (``autolink: false`` leaves a term out), so the longest name
wins and acronyms match only in capitals.

Never linked: where :func:`~sphinx_neuroterms.reading.prose.never_linked` says (code,
literals, math, titles, links, footnotes and citations, the text of terms a glossary shows…),
``only`` blocks that the builder leaves out, and a term already referenced in the section.
A page opts out with the field ``:neuroterms-autolink: false`` at its top (MyST: front matter
``neuroterms-autolink: false``), or in with ``true`` when the setting is off.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.nodes import nterm_reference

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.terms.catalog import TermCatalog
    from sphinx_neuroterms.terms.mentions import MentionMatcher

#: The page field that turns automatic links off (or on) for one page.
PAGE_FIELD = "neuroterms-autolink"
_OFF = frozenset({"false", "off", "no", "0"})


def autolink_matcher(catalog: TermCatalog) -> MentionMatcher:
    """The matcher over the names of the terms that automatic links may link."""
    from sphinx_neuroterms.terms.mentions import MentionMatcher, term_names  # noqa: PLC0415

    return MentionMatcher(term_names(term for term in catalog if term.autolink))


class AutolinkTransform(SphinxTransform):
    """Link the first plain mention of each term in each section of the page.

    Priority 780: after SmartQuotes (750), so that matched text is the text shown, and before
    :class:`~sphinx_neuroterms.reading.compaction.CompactReferences` (790), which stores the new
    references with the page's own.
    """

    default_priority = 780

    def apply(self, **kwargs: Any) -> None:
        """Link the mentions of the page (unless automatic links are off for it)."""
        wanted = _page_setting(self.document)
        if not (get_config(self.env).autolink if wanted is None else wanted):
            return
        matcher = self._matcher()
        if not matcher:
            return
        # Imported here: every page of every project passes through this transform.
        from sphinx_neuroterms.reading.prose import never_linked  # noqa: PLC0415

        self._never_linked = never_linked
        self._domain = get_domain(self.env)
        self._matcher_in_use = matcher
        self._referenced = self._referenced_by_section()
        self._link(self.document, set(self._referenced.get(id(self.document), ())))

    def _matcher(self) -> MentionMatcher:
        """The matcher of this process, renewed with the term files' catalog."""
        domain = get_domain(self.env)
        catalog = domain.file_catalog
        # Keyed by the catalog itself, not its id: a new catalog could reuse a freed one's id.
        cached: tuple[TermCatalog, MentionMatcher] | None = getattr(domain, "_autolink", None)
        if cached is None or cached[0] is not catalog:
            cached = (catalog, autolink_matcher(catalog))
            domain._autolink = cached  # type: ignore[attr-defined]
        return cached[1]

    def _link(self, node: nodes.Element, linked: set[str]) -> None:
        """Link mentions in ``node``'s text; ``linked`` holds the section's linked keys."""
        if isinstance(node, nodes.section):
            # A section starts afresh, with the terms it references itself already linked.
            linked = set(self._referenced.get(id(node), ()))
        for child in list(node.children):
            if isinstance(child, nodes.Text):
                self._link_text(child, node, linked)
            elif isinstance(child, nodes.Element) and not self._skipped(child):
                self._link(child, linked)

    def _referenced_by_section(self) -> dict[int, set[str]]:
        """The keys of the terms that each section's own text references (``:nterm:`` by any
        name, and Sphinx's ``:term:``), by the section's id (the document's for text before
        any section); one pass over the page's references."""
        catalog = self._domain.file_catalog
        referenced: dict[int, set[str]] = {}
        for node in self.document.findall(_is_term_reference):
            assert isinstance(node, nodes.Element)
            name = node["key"] if isinstance(node, nterm_reference) else node["reftarget"]
            found = catalog.lookup(name)
            if found is not None:
                section = _section_of(node) or self.document
                referenced.setdefault(id(section), set()).add(found.key)
        return referenced

    def _skipped(self, node: nodes.Element) -> bool:
        if self._never_linked(node):
            return True
        if isinstance(node, addnodes.only):
            # Sphinx 9 deprecates transform.app; 7.4 has no env._app.
            app: Sphinx = getattr(self.env, "_app", None) or self.env.app
            try:
                return not app.tags.eval_condition(node["expr"])
            # A malformed expression (any error, as Sphinx catches it): reported when writing.
            except Exception:  # noqa: BLE001
                return False
        return False

    def _link_text(self, text: nodes.Text, parent: nodes.Element, linked: set[str]) -> None:
        """Split a text node around the mentions it links."""
        content = str(text)
        pieces: list[Node] = []
        position = 0
        for mention in self._matcher_in_use.find(content):
            if mention.key in linked:
                continue
            linked.add(mention.key)
            if mention.start > position:
                pieces.append(nodes.Text(content[position : mention.start]))
            written = content[mention.start : mention.end]
            reference = nterm_reference(written, written, key=mention.key)
            reference.source, reference.line = parent.source, parent.line
            pieces.append(reference)
            self._domain.note_reference(self.env.docname, mention.key)
            position = mention.end
        if not pieces:
            return
        if position < len(content):
            pieces.append(nodes.Text(content[position:]))
        parent.replace(text, pieces)


def _is_term_reference(node: Node) -> bool:
    """Whether a node references a term: ``:nterm:``, or Sphinx's ``:term:``."""
    return isinstance(node, nterm_reference) or (
        isinstance(node, addnodes.pending_xref) and node.get("reftype") == "term"
    )


def _section_of(node: Node) -> Node | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent


def _page_setting(document: nodes.document) -> bool | None:
    """What the page's field ``neuroterms-autolink`` (in its docinfo) says: ``False`` turns
    automatic links off for the page, any other value on; ``None`` without the field.

    Only the document's own children are looked at (its docinfo is one of them): this runs
    for every page read, with automatic links on or off.
    """
    for docinfo in (node for node in document.children if isinstance(node, nodes.docinfo)):
        for field in docinfo.findall(nodes.field):
            name, body = field.children[0].astext(), field.children[1].astext()
            if name.strip().lower() == PAGE_FIELD:
                return body.strip().lower() not in _OFF
    return None


def autolink_digest(catalog: TermCatalog) -> str:
    """What automatic links depend on besides the page: the names they match."""
    from sphinx_neuroterms.terms.mentions import term_names  # noqa: PLC0415

    names = sorted(name for name, _ in term_names(term for term in catalog if term.autolink))
    return hashlib.sha1(repr(names).encode(), usedforsecurity=False).hexdigest()


def relink_pages(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs`` (after the term files are loaded): with automatic links on,
    read every page again when the names change, so that a new term links its mentions and
    a removed one no longer does."""
    domain = get_domain(env)
    digest = autolink_digest(domain.file_catalog) if get_config(app).autolink else None
    domain.read_again_if_changed(env, docnames, "autolink_digest", digest)
