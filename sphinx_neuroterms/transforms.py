"""Transforms: storing references compactly, filling glossaries, resolving references.

:class:`CompactReferences` runs at the end of reading. The post-transforms run while writing,
from the project state that ``env-updated`` computed in the main process
(:class:`~sphinx_neuroterms.plan.ProjectState`); Sphinx runs post-transforms in the main
process even under ``-j``, so warnings they emit are emitted exactly once per document written.
"""

from __future__ import annotations

import functools
import re
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.locale import _
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.domain import (
    DOMAIN_NAME,
    external_link,
    get_domain,
    mark_term_link,
)
from sphinx_neuroterms.html import reference_location, reference_name
from sphinx_neuroterms.logs import sphinx_location, warn_at, warn_unknown_term
from sphinx_neuroterms.model import term_key
from sphinx_neuroterms.nodes import (
    nterm_backlinks,
    nterm_glossary,
    nterm_reference,
    nterm_text,
)
from sphinx_neuroterms.plan import Group, ProjectState, slugify
from sphinx_neuroterms.resolve import per_build, resolver
from sphinx_neuroterms.text import tooltip_text
from sphinx_neuroterms.urls import is_safe_url
from sphinx_neuroterms.warnings_ import WarningSubtype, find_line

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Element, Node
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.model import Term
    from sphinx_neuroterms.plan import GlossarySpec


def builder_of(transform: SphinxPostTransform) -> Builder:
    """The running builder (Sphinx 9 deprecates ``transform.app``; 7.4 lacks ``env._app``)."""
    app: Sphinx | None = getattr(transform.env, "_app", None)
    if app is None:
        app = transform.app
    return app.builder


# -- term text ------------------------------------------------------------------------------


@functools.cache
def _rst_settings() -> Any:
    settings = get_default_settings(Parser)
    # Term files are trusted like the project's pages, except for anything that reads files
    # or passes raw output through (SPEC.md section 2).
    settings.raw_enabled = False
    settings.file_insertion_enabled = False
    # Problems are collected from the tree and reported as Sphinx warnings, not printed.
    settings.report_level = 5
    settings.halt_level = 5
    return settings


#: Anything that could make reStructuredText differ from its plain reading: inline markup,
#: references, substitutions, escapes, autolinked URLs and e-mail addresses, a line break
#: inside a paragraph (titles, definition lists, line continuation), indentation, and the
#: characters that start lists, fields, options, comments, directives, tables and doctests.
#: Text with none of these parses to exactly its paragraphs, so the parser is skipped: most
#: term text is prose, and a docutils parse costs about a millisecond per text.
_MAY_BE_MARKUP = re.compile(
    r"""[`*_|\\\[\]<>@]|::|://|(?<!\n)\n(?!\n)|^[^\S\n]|^[-+*#:.>(=]|^\w+[.)](?:\s|$)""", re.MULTILINE
)

_BLANK_LINES = re.compile(r"\n{2,}")


def _plain_paragraphs(text: str) -> tuple[Node, ...]:
    """Paragraphs of text without markup, as the reST parser would make them."""
    parts = (part.strip() for part in _BLANK_LINES.split(text))
    return tuple(nodes.paragraph(part, part) for part in parts if part)


@functools.lru_cache(maxsize=4096)
def _parse_rst(text: str, where: str) -> tuple[tuple[Node, ...], tuple[str, ...]]:
    """Parse term text once per process; return detached nodes and the problems found.

    The nodes are cut loose from the throwaway document they were parsed in: a cached node
    (or a deep copy of it) that still pointed at that document would keep it, its parser
    state machine and reporter alive, hundreds of objects per text that the garbage
    collector then scans for the rest of the build.
    """
    document = new_document(where, _rst_settings())
    try:
        Parser().parse(text, document)
    except Exception as error:  # noqa: BLE001 - a role needing a Sphinx read, say
        return (nodes.paragraph(text, text),), (f"cannot parse term text: {error}",)
    problems = []
    for message in list(document.findall(nodes.system_message)):
        if message["level"] >= 2:
            # The message's first paragraph: no "source:line: (LEVEL/n)" prefix, no echo of
            # the offending block.
            first = message.next_node(nodes.paragraph)
            problems.append((first or message).astext().strip())
        message.parent.remove(message)
    for problematic in list(document.findall(nodes.problematic)):
        # Show what the author wrote. (replace_self refuses to drop the node's ids for a
        # Text node, so replace it through the parent.)
        problematic.parent.replace(problematic, nodes.Text(problematic.astext()))
    remove_unsafe_links(document)
    children = tuple(document.children)
    for child in children:
        child.parent = None
        for node in child.findall():
            node.document = None  # type: ignore[assignment]
    return children, tuple(problems)


def remove_unsafe_links(tree: Element) -> None:
    """Unlink references, targets and images whose URL is neither http(s) nor relative.

    reST in a term file can make links (embedded URIs, standalone ``javascript:…`` URIs that
    docutils recognises, images); term files are untrusted, so such a link keeps its text and
    loses its target. Only parsed term text can hold them: everything else in a glossary is
    built by the extension from validated data.
    """
    for reference in list(tree.findall(nodes.reference)):
        uri = reference.get("refuri")
        if uri is not None and not is_safe_url(str(uri)):
            reference.replace_self(nodes.inline("", "", *reference.children))
    for image in list(tree.findall(nodes.image)):
        uri = str(image.get("uri", ""))
        if uri.startswith(("https://", "http://")) and is_safe_url(uri):
            image["candidates"] = {"?": uri}  # remote, as Sphinx's image collector marks it
        else:
            # Unsafe, or relative to a term file that no page's image collector copies.
            image.replace_self(nodes.inline("", image.get("alt", "")))
    for target in list(tree.findall(nodes.target)):
        uri = target.get("refuri")
        if uri is not None and not is_safe_url(str(uri)):
            del target["refuri"]


def term_text_nodes(text: str, term: Term, reported: set[tuple[str, str]]) -> list[Node]:
    """Nodes for a piece of a term's text: parsed reST, or plain text that is never parsed.

    :param reported: texts whose markup problems this build already reported (a term shown
        in several glossaries is reported once).
    """
    if term.markup != "rst":
        return list(_plain_paragraphs(text))
    parsed, problems = parse_term_text(text, str(term.location.path))
    if problems and (text, term.location.path) not in reported:
        reported.add((text, term.location.path))
        for problem in problems:
            warn_at(
                WarningSubtype.TERM_MARKUP, f"in the text of term {term.name!r}: {problem}",
                sphinx_location(term.location_of("definition")),
            )
    _locate_references(parsed, term)
    return parsed


def _locate_references(parsed: list[Node], term: Term) -> None:
    """Give each reference in parsed term text its line in the term file, for warnings.

    The parser numbers lines from the start of the text; the file line is found by searching
    the term file from the term's first line for the reference as written.
    """
    path, start = term.location
    if start is None:
        return
    for node in parsed:
        for reference in node.findall(nterm_reference):
            reference.source = path
            needle = reference.rawsource.partition("\n")[0]
            reference.line = find_line(path, start, needle) or start


def parse_term_text(text: str, where: str) -> tuple[list[Node], tuple[str, ...]]:
    """Fresh nodes for a piece of reST term text, and the problems found in it.

    Prose skips the parser and the cache: cached nodes stay alive in the main process for
    the rest of the build, and every ``-j`` writer process inherits them and scans them.
    """
    stripped = text.strip()
    if not _MAY_BE_MARKUP.search(stripped):
        return list(_plain_paragraphs(stripped)), ()
    parsed, problems = _parse_rst(text, where)
    return [node.deepcopy() for node in parsed], problems


# -- references, as stored -------------------------------------------------------------------


class CompactReferences(SphinxTransform):
    """Merge each reference and the text around it into one :class:`nterm_text` run.

    Priority 790: after SmartQuotes (750), which replaces the Text nodes it educates, and
    before ``doctree-read`` (880), so that handlers and the stored doctree see the runs.
    """

    default_priority = 790

    def apply(self, **kwargs: Any) -> None:
        """Rewrite the children of every element holding a reference."""
        parents = {id(node.parent): node.parent for node in self.document.findall(nterm_reference)}
        for parent in parents.values():
            parent.children[:] = list(_merge_runs(parent))
            for child in parent.children:
                child.parent = parent


def unlink_titles(app: Sphinx, doctree: nodes.document) -> None:
    """Make references in the document's title and table of contents plain text.

    ``doctree-read``, after Sphinx's collectors have copied the section titles: a link inside
    a toctree entry (itself a link) or in the previous/next links of other pages would be
    nested, and point at the wrong page. Sphinx drops its own cross-references from these
    copies the same way.
    """
    env = app.env
    docname = env.docname
    for tree in (env.titles.get(docname), env.longtitles.get(docname), env.tocs.get(docname)):
        if tree is None:
            continue
        for run in list(tree.findall(nterm_text)):
            _replace_child(run, [nodes.Text(str(run))])


def _merge_runs(parent: Element) -> Iterator[Node]:
    """The children of ``parent``, each run of Text and references made one run node."""
    run: list[Node] = []
    for child in [*parent.children, None]:
        if isinstance(child, (nodes.Text, nterm_reference)):
            run.append(child)
            continue
        if any(isinstance(item, nterm_reference) for item in run):
            yield _run_node(run)
        else:
            yield from run
        run = []
        if child is not None:
            yield child


def _run_node(run: list[Node]) -> nterm_text:
    pieces: list[str] = []
    spans: list[int | str] = []
    length = 0
    for item in run:
        text = item.astext()
        if isinstance(item, nterm_reference):
            spans += (length, length + len(text), item["key"], item.line or 0)
        pieces.append(text)
        length += len(text)
    node = nterm_text("".join(pieces), tuple(spans))
    node.source = next((item.source for item in run if item.source), None)
    return node


# -- glossaries -------------------------------------------------------------------------------


class GlossaryTransform(SphinxPostTransform):
    """Replace each ``nterm-glossary`` placeholder by its entries.

    Priority 5: before :class:`ReferenceTransform` (6), which resolves the see-also and
    in-definition references this one creates, and before Sphinx's ``ReferencesResolver``
    (10).
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        """Fill every placeholder of the document."""
        placeholders = list(self.document.findall(nterm_glossary))
        if not placeholders:
            return
        domain = get_domain(self.env)
        renderer = GlossaryRenderer(builder_of(self), domain.state, self.env.docname)
        specs = domain.glossaries
        for node in placeholders:
            docname, serial = node["docname"], node["serial"]
            spec = next((s for s in specs.get(docname, ()) if s.serial == serial), None)
            groups = domain.state.glossaries.get((docname, serial), ())
            if spec is None:
                node.replace_self([])
                continue
            node.replace_self(renderer.render(spec, groups))


def source_link(url: str, html: bool) -> Node:
    """A link to a term's source; in HTML with ``rel="noopener"``.

    Docutils' reference nodes have no ``rel``, so HTML gets a raw node built here from the
    escaped URL (never from term text as markup). The loaders and the directive already drop
    unsafe URLs; checking again here keeps a third-party loader from writing a script link.
    """
    if not is_safe_url(url):
        return nodes.Text(url)
    if html:
        safe = escape(url, quote=True)
        markup = f'<a class="reference external nterm-source" href="{safe}" rel="noopener">{safe}</a>'
        return nodes.raw("", markup, format="html")
    return nodes.reference("", url, refuri=url, classes=["nterm-source"])


class GlossaryRenderer:
    """Builds the doctree of a glossary from its plan."""

    def __init__(self, builder: Builder, state: ProjectState, fromdocname: str) -> None:
        self.builder = builder
        self.state = state
        self.fromdocname = fromdocname
        self.html = builder.format == "html"
        self.backlinks = get_config(builder.env).backlinks
        self.titles = builder.env.titles
        # The markup problems reported in this build: a term shown twice is reported once.
        self.reported: set[tuple[str, str]] = per_build(builder, "_neuroterms_reported", state, set)

    def render(self, spec: GlossarySpec, groups: tuple[Group, ...]) -> Node:
        """The whole glossary: a jump bar (HTML), then per group a heading and a list.

        Each list is marked up as Sphinx's own ``.. glossary::`` is (``std.Glossary``): a
        ``definition_list`` with the class ``glossary`` inside an ``addnodes.glossary``. Themes
        style ``dl.glossary`` (furo otherwise takes a classed ``dl`` for an API description,
        with grey, regular-weight names), and Sphinx's HTML writer gives each ``dt`` with an id
        a "Link to this term" headerlink only inside ``addnodes.glossary``.
        """
        container = nodes.container(classes=["nterm-glossary"])
        titled = [group for group in groups if group.label]
        if self.html and len(titled) > 1:
            bar = nodes.paragraph(classes=["nterm-jumpbar"])
            for position, group in enumerate(titled):
                if position:
                    bar += nodes.Text(" · ")
                bar += nodes.reference("", group.label, refid=group.anchor, internal=True)
            container += bar
        for group in groups:
            if group.label:
                container += nodes.rubric(
                    group.label, group.label, ids=[group.anchor], classes=["nterm-group"]
                )
            entries = nodes.definition_list(classes=["glossary", "nterm-glossary-list"])
            for entry in group.entries:
                term = self.state.catalog.lookup(entry.key)
                if term is not None:
                    entries += self.entry(spec, term, entry.anchor)
            # ``sorted`` as std.Glossary sets it (GlossarySorter reads it); ours is sorted.
            container += addnodes.glossary("", entries, sorted=False)
        return container

    def entry(self, spec: GlossarySpec, term: Term, anchor: str | None) -> Node:
        """One entry: name, definition, sections, notes, see-also, source, backlinks."""
        term_node = nodes.term(term.name, term.name, ids=[anchor] if anchor else [])
        definition = nodes.definition()
        definition.extend(term_text_nodes(term.definition, term, self.reported))
        for title, text in term.sections:
            if spec.sections is not None and term_key(title) not in spec.sections:
                continue
            ids = [f"{anchor}-{slugify(title)}"] if anchor else []
            definition += nodes.rubric(title, title, ids=ids, classes=["nterm-section"])
            definition.extend(term_text_nodes(text, term, self.reported))
        if term.notes:
            notes = nodes.bullet_list(classes=["nterm-notes"])
            for note in term.notes:
                notes += nodes.list_item("", *term_text_nodes(note, term, self.reported))
            definition += notes
        # A name of the term itself was reported (see_also_self) and is not shown; unknown
        # names were reported too (see_also_unknown) and are shown unlinked.
        see_also = [
            (name, self.state.catalog.lookup(name)) for name in term.see_also
        ]
        see_also = [(name, found) for name, found in see_also if found is None or found.key != term.key]
        if see_also:
            paragraph = nodes.paragraph("", _("See also: "), classes=["nterm-see-also"])
            for position, (name, found) in enumerate(see_also):
                if position:
                    paragraph += nodes.Text(", ")
                paragraph += (
                    nodes.Text(name)
                    if found is None
                    else nterm_reference(name, name, key=found.key)
                )
            definition += paragraph
        if term.source:
            paragraph = nodes.paragraph("", _("Source: "), classes=["nterm-source"])
            paragraph += source_link(term.source, self.html)
            definition += paragraph
        pages = self.state.backlinks.get(term.key, ()) if self.backlinks else ()
        if pages and self.html:
            definition += nterm_backlinks(docnames=list(pages))
        elif pages:
            paragraph = nodes.paragraph("", _("Referenced by: "), classes=["nterm-backlinks"])
            for position, docname in enumerate(pages):
                if position:
                    paragraph += nodes.Text(", ")
                paragraph += self.page_link(docname)
            definition += paragraph
        return nodes.definition_list_item("", term_node, definition)

    def page_link(self, docname: str) -> Node:
        """A link to a page, showing its title."""
        title_node = self.titles.get(docname)
        title = title_node.astext() if title_node is not None else docname
        try:
            return make_refnode(
                self.builder, self.fromdocname, docname, "", nodes.inline(title, title)
            )
        except NoUri:
            return nodes.Text(title)


# -- references outside HTML ------------------------------------------------------------------


class ReferenceTransform(SphinxPostTransform):
    """Replace reference nodes (both forms) by ordinary references for non-HTML builders.

    HTML translators resolve the nodes themselves while writing, which is much cheaper at
    scale than replacing nodes (``PERFORMANCE.md``); every other format gets docutils
    references (or plain text) here. Priority 6: after :class:`GlossaryTransform` (5), whose
    see-also links it resolves too.
    """

    default_priority = 6

    def is_supported(self) -> bool:
        """Every builder except those writing HTML."""
        return builder_of(self).format != "html"

    def run(self, **kwargs: Any) -> None:
        """Resolve every reference of the document."""
        self.builder = builder_of(self)
        self.state = get_domain(self.env).state
        self.resolver = resolver(self.builder, self.state)
        self.max_chars = get_config(self.env).tooltip_max_chars
        for node in list(self.document.findall(nterm_reference)):
            node.replace_self(self.resolve(node["key"], node.astext(), node))
        for run in list(self.document.findall(nterm_text)):
            resolved = [
                nodes.Text(piece)
                if span is None
                else self.resolve(span.key, piece, reference_location(run, span))
                for piece, span in run.pieces()
            ]
            _replace_child(run, resolved)

    def resolve(self, key: str, text: str, location: Node | str) -> Node:
        """One reference as a link, or as its text when there is nowhere to link to."""
        term, target, external = self.resolver.resolve(key)
        if term is None:
            if external is not None:
                inline = nodes.inline(text, text, classes=["nterm"])
                return nodes.reference("", "", inline, internal=False, refuri=external.uri)
            warn_unknown_term(location, reference_name(text, key), self.state.catalog)
            return nodes.Text(text)
        if target is None:
            return nodes.Text(text)
        inline = nodes.inline(text, text, classes=["nterm"])
        try:
            return make_refnode(
                self.builder, self.env.docname, target.docname, target.anchor, inline,
                tooltip_text(term, self.max_chars),
            )
        except NoUri:
            return nodes.Text(text)


class ExternalTermReferences(SphinxPostTransform):
    """Resolve intersphinx's ``:external+name:nterm:term:`` as local references resolve.

    Intersphinx itself matches ``nterm:term`` names exactly; this matches them by case,
    alias and plural (:class:`~sphinx_neuroterms.resolve.Resolver`). Priority 8: before
    intersphinx's own resolver of those references (9), which then warns about the rest.
    """

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        """Replace every ``nterm`` reference of the ``external`` role that a project has."""
        found = [
            node for node in self.document.findall(addnodes.pending_xref)
            if "intersphinx" in node and node.get("refdomain") == DOMAIN_NAME
        ]
        if not found:
            return
        names = resolver(builder_of(self), get_domain(self.env).state)
        for node in found:
            key = term_key(node["reftarget"])
            external = names.resolve(key, inventory=node.get("inventory") or None).external
            content = node[0].deepcopy()
            if external is not None and isinstance(content, nodes.Element):
                node.replace_self(external_link(external, content))


def resolve_std_term(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: Element
) -> nodes.reference | None:
    """``missing-reference``: a Sphinx ``:term:`` that names a term by alias, plural or case.

    Exact names already resolve (terms are ``std:term`` objects too); this gives ``:term:``
    the matching of ``:nterm:``, so a migrated glossary keeps every link of its pages and
    docstrings.
    """
    if node.get("refdomain") != "std" or node.get("reftype") != "term":
        return None
    state = get_domain(env).state
    term = state.lookup(term_key(node["reftarget"]))
    target = None if term is None else state.targets.get(term.key)
    if term is None or target is None:
        return None
    builder = app.builder
    title = tooltip_text(term, get_config(env).tooltip_max_chars)
    try:
        refnode = make_refnode(
            builder, node["refdoc"], target.docname, target.anchor, contnode, title
        )
    except NoUri:
        return None
    return mark_term_link(refnode, term.key, builder)


def _replace_child(old: Node, new: list[Node]) -> None:
    """Put the nodes ``new`` where ``old`` is, found by identity.

    ``Element.replace`` finds the child with ``list.index``, which compares Text nodes by
    their string: it would replace an earlier plain Text equal to the run's text.
    """
    parent = old.parent
    position = next(i for i, child in enumerate(parent.children) if child is old)
    parent[position : position + 1] = new
