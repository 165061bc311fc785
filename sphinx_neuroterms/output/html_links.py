"""Writing ``:nterm:`` references as HTML links, resolved while writing, with tooltips.

This is the hot path (one call per reference, see ``PERFORMANCE.md``): the visitor looks the
key up in dicts, takes the relative URI from a per-(page, page) cache and the link's tooltip
attributes from a per-term cache, notes the key for the page and appends one string. The
caches live on the builder of the process that writes (under ``-j`` each writer process has
its own), never on ``env``. The visitors are registered at start-up, in every project: what
they need beyond the caches (the resolver, page titles, warnings) is imported when a cache
is made or a warning is due.

A link's tooltip attributes are ``data-nterm="<key>"``, which the script
(``static/neuroterms.js``) looks up in the page's data block, and ``title``: the no-JavaScript
fallback, the term's definition as plain text cut to ``neuroterms_tooltip_max_chars``. The data
block holding exactly the page's terms is appended on ``html-page-context``
(:func:`add_page_payload`; see :mod:`sphinx_neuroterms.output.tooltips`).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri

from sphinx_neuroterms.config import rich_tooltips, uses_epub_notes
from sphinx_neuroterms.domain.build_cache import per_build
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.i18n import _
from sphinx_neuroterms.nodes import nterm_text
from sphinx_neuroterms.output.epub_notes import PageNotes, noteref
from sphinx_neuroterms.output.tooltips import (
    DATA_ATTRIBUTE,
    STD_DATA_ATTRIBUTE,
    add_page_assets,
    payload_member,
    payload_script,
)
from sphinx_neuroterms.project.std_terms import std_term_index

if TYPE_CHECKING:
    from typing import Any

    from docutils.nodes import Element, Node
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator

    from sphinx_neuroterms.domain.external_index import ExternalTerm
    from sphinx_neuroterms.domain.records import ProjectState, Target
    from sphinx_neuroterms.nodes import nterm_link, nterm_std_reference
    from sphinx_neuroterms.terms.model import Term

#: The builder attribute holding the :class:`LinkCache` (see :func:`~.resolve.per_build`).
LINK_CACHE = "_neuroterms_links"

#: The class of every term link (the second and third keep Sphinx themes' link styling).
LINK_CLASSES = "nterm reference internal"
#: The class of a link to another project's term.
EXTERNAL_CLASSES = "nterm reference external"


class LinkCache:
    """Per-process, per-build caches of everything a term link needs."""

    def __init__(self, builder: Builder, state: ProjectState) -> None:
        self.builder = builder
        self.state = state
        #: Whether pages get a data block (and links ``data-nterm``) for the script.
        self.rich = rich_tooltips(builder)
        #: Whether references are EPUB 3 note references (see :mod:`.epub_notes`).
        self.epub = uses_epub_notes(builder)
        #: Docname to the notes of its page (EPUB), taken when the page is finished.
        self.notes: dict[str, PageNotes] = {}
        #: (from docname, to docname) to the relative URI.
        self.uris: dict[tuple[str, str], str] = {}
        #: Term key (or another project's term's tooltip key) to the escaped tooltip
        #: attributes of its links, and of its spans (a term that no glossary lists).
        self.titles: dict[str, str] = {}
        self.span_titles: dict[str, str] = {}
        #: Key to its member of the data block (texts that are not in the tooltip files).
        self.members: dict[str, str] = {}
        #: Docname to the term keys (then std keys) its links use, in order; taken by
        #: :func:`add_page_payload` when the page is finished.
        self.pages: dict[str, tuple[dict[str, None], dict[str, str]]] = {}
        self._page_name = ""
        self._page_keys: dict[str, None] = {}
        from sphinx_neuroterms.domain.resolve import resolver  # noqa: PLC0415

        self.resolver = resolver(builder, state)
        #: Docname to its escaped title, and (from, to) to the escaped page URI (backlinks).
        self.page_titles: dict[str, str] = {}
        self.page_uris: dict[tuple[str, str], str] = {}

    def href(self, fromdocname: str, target: Target) -> str:
        """The link to a target from a page, relative."""
        pair = (fromdocname, target.docname)
        uri = self.uris.get(pair)
        if uri is None:
            # singlehtml's URIs carry a ``#document-…`` fragment; the term's anchor replaces it.
            uri = self.builder.get_relative_uri(fromdocname, target.docname).partition("#")[0]
            self.uris[pair] = uri
        return f"{uri}#{target.anchor}"

    def page_link(self, fromdocname: str, docname: str) -> str:
        """``<a …>Page title</a>`` to a page (its title escaped once per page, URI per pair)."""
        title = self.page_titles.get(docname)
        if title is None:
            from sphinx_neuroterms.domain.records import page_title  # noqa: PLC0415

            title = self.page_titles[docname] = escape(
                page_title(self.builder.env.titles, docname)
            )
        pair = (fromdocname, docname)
        uri = self.page_uris.get(pair)
        if uri is None:
            try:
                uri = escape(self.builder.get_relative_uri(fromdocname, docname) or "#")
            except NoUri:
                uri = ""
            self.page_uris[pair] = uri
        if not uri:
            return title
        return f'<a class="reference internal" href="{uri}">{title}</a>'

    def title(self, term: Term, *, linked: bool = True) -> str:
        """The tooltip attributes of a term's links (built once per term).

        With the script (``rich``), a link carries only ``data-nterm``: the page's data block
        holds the text, once per page, and a reader without the script follows the link to
        the entry. A term that no glossary lists is a span (``linked=False``), with nothing
        to follow: it keeps a ``title`` too. Without the script (EPUB, whose references
        :func:`write_reference` makes notes, and other HTML-like builders) only the
        ``title``; with tooltips off, nothing.
        """
        cache = self.titles if linked else self.span_titles
        attribute = cache.get(term.key)
        if attribute is None:
            text = self.resolver.link_title(term)  # None when tooltips are off
            attribute = self._attributes(term.key, term.name, text, linked=linked)
            cache[term.key] = attribute
        return attribute

    def external_title(self, external: ExternalTerm) -> str:
        """The tooltip attributes of links to another project's term (none without a
        definition), built once; its data block member is keyed apart from local terms."""
        key = external.tooltip_key
        attribute = self.titles.get(key)
        if attribute is None:
            text = self.resolver.external_title(external)
            attribute = self._attributes(key, external.name, text, inline=True)
            self.titles[key] = attribute
        return attribute

    def _attributes(
        self, key: str, name: str, text: str | None, *, linked: bool = True, inline: bool = False
    ) -> str:
        """:param inline: the text goes into the page's data block (another project's term),
        not into the project's tooltip files (:func:`write_tooltip_texts`)."""
        if text is None:
            return ""
        title = f' title="{escape(text, quote=True)}"'
        if not self.rich:
            return title
        if inline:
            self.members[key] = payload_member(key, name, text)
        data = f' {DATA_ATTRIBUTE}="{escape(key, quote=True)}"'
        return data if linked else data + title

    def page_notes(self, docname: str) -> PageNotes:
        """The EPUB notes of a page."""
        notes = self.notes.get(docname)
        if notes is None:
            notes = self.notes[docname] = PageNotes()
        return notes

    def note(self, docname: str, key: str) -> None:
        """Remember that the page being written shows the tooltip of ``key``."""
        if docname != self._page_name:
            self._page_name = docname
            self._page_keys = self.page(docname)[0]
        self._page_keys[key] = None

    def page(self, docname: str) -> tuple[dict[str, None], dict[str, str]]:
        """The term keys and std members noted for a page so far."""
        found = self.pages.get(docname)
        if found is None:
            found = self.pages[docname] = ({}, {})
        return found

    def take_notes(self, docname: str) -> str:
        """The EPUB notes of a finished page (empty if it references no term); forgets them."""
        notes = self.notes.pop(docname, None)
        return "" if notes is None else notes.html()

    def take_payload(self, docname: str) -> str | None:
        """The data block of a finished page, forgetting the page: ``None`` if it shows no
        tooltip, ``""`` if the tooltip files hold all its texts (it needs the script only)."""
        keys, std = self.pages.pop(docname, ({}, {}))
        if docname == self._page_name:
            self._page_name, self._page_keys = "", {}
        if not keys and not std:
            return None
        inline = [self.members[key] for key in keys if key in self.members]
        return payload_script(inline, std.values()) if inline or std else ""


def link_cache(builder: Builder) -> LinkCache:
    """The builder's link cache, renewed whenever the project state is."""
    state = get_domain(builder.env).state
    return per_build(builder, LINK_CACHE, state, lambda: LinkCache(builder, state))


def visit_nterm_reference(self: HTML5Translator, node: Element) -> None:
    """Write a reference element (see-also links of glossaries) as a link."""
    links = link_cache(self.builder)
    key, text = node["key"], node.astext()
    if not write_reference(self, links, key, text):
        from sphinx_neuroterms.logs import reference_name, warn_unknown_term  # noqa: PLC0415

        warn_unknown_term(node, reference_name(text, key), links.state.catalog)
    raise nodes.SkipNode


def visit_nterm_text(self: HTML5Translator, node: nterm_text) -> None:
    """Write a run of text: the text, and each reference in it as a link."""
    links = link_cache(self.builder)
    for piece, span in node.pieces():
        if span is None:
            self.body.append(self.encode(piece))
        elif not write_reference(self, links, span.key, piece):
            from sphinx_neuroterms.logs import (  # noqa: PLC0415
                reference_location,
                reference_name,
                warn_unknown_term,
            )

            name = reference_name(piece, span.key)
            warn_unknown_term(reference_location(node, span), name, links.state.catalog)
    raise nodes.SkipNode


def depart_nterm_reference(self: HTML5Translator, node: Node) -> None:
    """Nothing: the visitor wrote everything."""


def write_reference(self: HTML5Translator, links: LinkCache, key: str, text: str) -> bool:
    """Append ``<a class="nterm reference internal" href=… data-nterm=…>text</a>`` to the
    body: a link to a term of this project or, ``external``, of another; in EPUB a note
    reference (:mod:`.epub_notes`); a ``span`` for a term that no glossary lists.

    A name that is no term of this project or another is written as plain text, and False
    returned: the caller warns, at the reference's location.
    """
    shown = self.encode(text)
    term, target, external = links.resolver.resolve(key)
    docname = self.builder.current_docname
    if term is None:
        if external is None:
            self.body.append(shown)
            return False
        href = external.href(docname)
        if links.epub:
            note_text = links.resolver.external_title(external)
            if note_text is not None:
                note_id = links.page_notes(docname).note_id(
                    external.tooltip_key, external.name, note_text, href
                )
                self.body.append(noteref(note_id, EXTERNAL_CLASSES, shown))
                return True
        attributes = links.external_title(external)
        if attributes and links.rich:
            links.note(docname, external.tooltip_key)
        self.body.append(
            f'<a class="{EXTERNAL_CLASSES}" href="{escape(href)}"{attributes}>{shown}</a>'
        )
        return True
    href = "" if target is None else links.href(docname, target)
    if links.epub:
        note_text = links.resolver.link_title(term)
        if note_text is not None:
            note_id = links.page_notes(docname).note_id(term.key, term.name, note_text, href)
            self.body.append(noteref(note_id, LINK_CLASSES, shown))
            return True
    if links.rich:
        links.note(docname, term.key)
    if target is None:
        # A known term that no glossary lists: nothing to link to, but the tooltip helps; it
        # takes keyboard focus only when the script can show the tooltip.
        focus = ' tabindex="0"' if links.rich else ""
        title = links.title(term, linked=False)
        self.body.append(f'<span class="nterm"{title}{focus}>{shown}</span>')
    else:
        self.body.append(
            f'<a class="{LINK_CLASSES}" href="{escape(href)}"{links.title(term)}>{shown}</a>'
        )
    return True


def visit_nterm_backlinks(self: HTML5Translator, node: Element) -> None:
    """Write a glossary entry's "Referenced by" line from cached page titles and URIs.

    The line is marked ``no-search``: page titles are not what the entry is about.
    """
    links = link_cache(self.builder)
    fromdocname = self.builder.current_docname
    parts = [links.page_link(fromdocname, docname) for docname in node["docnames"]]
    label = self.encode(_("Referenced by: "))
    self.body.append(f'<p class="nterm-backlinks no-search">{label}{", ".join(parts)}</p>\n')
    raise nodes.SkipNode


def visit_nterm_jumpbar(self: HTML5Translator, node: Element) -> None:
    """Open the ``nav`` landmark around a glossary's jump bar, labelled for screen readers."""
    label = escape(_("Glossary groups"), quote=True)
    self.body.append(f'<nav class="nterm-jumpnav" aria-label="{label}">')


def depart_nterm_jumpbar(self: HTML5Translator, node: Element) -> None:
    """Close the landmark."""
    self.body.append("</nav>\n")


def visit_nterm_link(self: HTML5Translator, node: nterm_link) -> None:
    """Write a resolved term link as usual, plus the ``data-nterm`` of its tooltip (whose
    text, in the page's data block, replaces the link's ``title``)."""
    links = link_cache(self.builder)
    term = links.state.catalog.lookup(node["nterm"]) if links.rich else None
    if term is None:
        self.visit_reference(node)
        return
    links.note(self.builder.current_docname, term.key)
    node.attributes.pop("reftitle", None)
    self.visit_reference(node)
    _add_to_start_tag(self, f' {DATA_ATTRIBUTE}="{escape(term.key, quote=True)}"')


def depart_nterm_link(self: HTML5Translator, node: nterm_link) -> None:
    """Close the link."""
    self.depart_reference(node)


def _add_to_start_tag(self: HTML5Translator, attributes: str) -> None:
    """Add attributes to the ``<a …>`` start tag that ``visit_reference`` has just written."""
    start_tag = self.body[-1]
    if attributes and start_tag.startswith("<a ") and start_tag.endswith(">"):
        self.body[-1] = start_tag[:-1] + attributes + ">"


def visit_nterm_std_reference(self: HTML5Translator, node: nterm_std_reference) -> None:
    """Write a Sphinx ``:term:`` link as usual, plus ``data-nterm-std`` and a ``title``."""
    self.visit_reference(node)
    links = link_cache(self.builder)
    key = node["nterm_std"]
    record = std_term_index(self.builder).record(key)
    if record is None:
        return
    extra = ""
    if links.rich:
        std = links.page(self.builder.current_docname)[1]
        if key not in std:
            std[key] = payload_member(key, record.name, record.text)
        extra = f' {STD_DATA_ATTRIBUTE}="{escape(key, quote=True)}"'
    elif "reftitle" not in node:
        extra += f' title="{escape(record.text, quote=True)}"'
    _add_to_start_tag(self, extra)


def depart_nterm_std_reference(self: HTML5Translator, node: nterm_std_reference) -> None:
    """Close the link."""
    self.depart_reference(node)


def add_page_payload(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Append the page's tooltip data block to its body, and link the assets; in EPUB, the
    page's notes (``html-page-context``).

    Runs in the process that wrote the page (a ``-j`` writer too), right after writing it. A
    page that shows no tooltip gets neither.
    """
    held: tuple[object, LinkCache] | None = getattr(app.builder, LINK_CACHE, None)
    links = None if held is None else held[1]
    if links is None or not isinstance(context.get("body"), str):
        return
    if links.epub:
        context["body"] += links.take_notes(pagename)
    elif links.rich:
        payload = links.take_payload(pagename)
        if payload is not None:
            context["body"] += payload
            add_page_assets(app)
