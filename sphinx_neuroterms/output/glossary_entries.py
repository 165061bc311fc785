"""A glossary's entries, made from the project's plan: each term's name line, its parsed
text, its sections, see-also and backlinks, and the letter bar
(:class:`GlossaryRenderer`, used by :class:`~sphinx_neuroterms.output.glossary.GlossaryTransform`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils import normalize_language_tag, smartquotes
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.domain.ids import (
    ANCHOR_PREFIX,
    slugify,
    sort_key,
    sphinx_term_id,
)
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.domain.records import Entry, Group, ProjectState, page_title
from sphinx_neuroterms.i18n import _
from sphinx_neuroterms.nodes import (
    nterm_backlinks,
    nterm_body,
    nterm_jumpbar,
    nterm_part,
    nterm_text,
)
from sphinx_neuroterms.reading.term_text_parser import body_parts, plain_paragraphs
from sphinx_neuroterms.reading.term_text_record import copy_body
from sphinx_neuroterms.terms.names import term_key
from sphinx_neuroterms.terms.urls import is_safe_url

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.builders import Builder

    from sphinx_neuroterms.domain.records import GlossarySpec
    from sphinx_neuroterms.reading.term_text_record import DocumentText
    from sphinx_neuroterms.terms.model import Term


def split_parts(
    spec: GlossarySpec, specs: dict[str, list[GlossarySpec]], state: ProjectState
) -> list[tuple[str, Group]]:
    """Every group of every part of the split glossary ``spec`` belongs to (``:part-of:``),
    with the page that holds it: the parts in the order of their first group's label, each
    part's groups in its own order. Empty for a glossary that is not a part."""
    if not spec.part_of:
        return []
    parts: list[list[tuple[str, Group]]] = []
    for docname in sorted(specs):
        for other in specs[docname]:
            groups = state.glossaries.get((other.docname, other.serial), ())
            if other.part_of == spec.part_of and groups:
                parts.append([(other.docname, group) for group in groups])
    parts.sort(key=lambda part: sort_key(part[0][1].label))
    return [item for part in parts for item in part]


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
        markup = (
            f'<a class="reference external nterm-source" href="{safe}" rel="noopener">'
            f"{safe}</a>"
        )
        return nodes.raw("", markup, format="html")
    return nodes.reference("", url, refuri=url, classes=["nterm-source"])


def plain_body(term: Term) -> nterm_body:
    """A body of a term's text as plain paragraphs: for a term no page parsed (which only a
    third-party change to the project state could make)."""
    body = nterm_body(key=term.key)
    body += nterm_part("", *plain_paragraphs(term.definition), part="definition")
    for title, text in term.sections:
        body += nterm_part("", *plain_paragraphs(text), part="section", title=title)
    for note in term.notes:
        body += nterm_part("", *plain_paragraphs(note), part="note")
    return body


#: A character that smart quotes may change or that changes them: quotes, the dashes and
#: ellipses they are made of, backslash escapes.
_EDUCABLE = re.compile(r"[\"'`\\.-]")


def smart_quotes(builder: Builder) -> Callable[[str], str]:
    """Text educated as Sphinx educates a page's text while reading it (``Bayes' theorem``
    shows a right single quote), for what a glossary writes later: names and section titles.
    The same settings decide: ``smartquotes``, ``smartquotes_action`` and
    ``smartquotes_excludes``, and the language."""
    config = builder.config
    excludes = config.smartquotes_excludes
    language = builder.env.settings.get("language_code") or "en"
    if (
        not config.smartquotes
        or builder.name in excludes.get("builders", [])
        or config.language in excludes.get("languages", [])
        or not any(tag in smartquotes.smartchars.quotes for tag in normalize_language_tag(language))
    ):
        return str
    action = config.smartquotes_action

    @functools.cache
    def educated(text: str) -> str:
        if _EDUCABLE.search(text) is None:
            return text  # no quote, dash, ellipsis or escape: nothing to educate
        return smartquotes.smartyPants(text, attr=action, language=language)

    return educated


def name_line(term: Term, body: nterm_body, educated: Callable[[str], str] = str) -> list[Node]:
    """What an entry's first name line shows: the parsed ``display`` markup of the term
    (``:class:`~.Basic``` as a link to the class), else its name."""
    for part in body_parts(body):
        # One line of inline markup parses to one paragraph; anything else (a directive
        # written there) is not a name line, and the plain name is shown.
        if part["part"] == "display" and len(part.children) == 1:
            paragraph = part.children[0]
            if isinstance(paragraph, nodes.paragraph):
                return list(paragraph.children)
    return [nodes.Text(educated(term.name))]


def reference_line(label: str, names: Sequence[tuple[str, str | None]], kind: str) -> Node:
    """A line such as "See also: A, B": each name with a key links to its term, a name
    without one is text. One run of text (as a read page keeps its references), not a node
    per name and comma: at 20,000 entries of five related terms each, that is 200,000 nodes
    fewer to make, keep and write."""
    text, spans = label, list[int | str]()
    for position, (name, key) in enumerate(names):
        if position:
            text += ", "
        if key is not None:
            spans += [len(text), len(text) + len(name), key, 0]
        text += name
    return nodes.paragraph("", "", nterm_text(text, tuple(spans)), classes=[kind])


class GlossaryRenderer:
    """Builds the doctree of a glossary from its plan."""

    def __init__(
        self, builder: Builder, state: ProjectState, fromdocname: str, used_ids: set[str]
    ) -> None:
        self.builder = builder
        self.state = state
        self.fromdocname = fromdocname
        self.html = builder.format == "html"
        self.backlinks = get_config(builder.env).backlinks
        self.titles = builder.env.titles
        self.texts: dict[str, DocumentText] = get_domain(builder.env).term_texts
        #: The body each term got in this document, for a term listed again.
        self.shown: dict[str, nterm_body] = {}
        #: The ids the page already has, and those given since.
        self.used_ids = used_ids
        #: The next number of a numbered ``term-N`` id (Sphinx counts them per page).
        self.term_serial = 0
        #: Names and titles as Sphinx would show them in the page (smart quotes).
        self.educated = smart_quotes(builder)

    def render(
        self,
        spec: GlossarySpec,
        groups: tuple[Group, ...],
        bodies: dict[str, nterm_body],
        parts: list[tuple[str, Group]] | None = None,
    ) -> Node:
        """The whole glossary: a jump bar (HTML), then per group a heading and a list.

        :param parts: for a part of a split glossary, the groups of every part and their
            pages (:func:`split_parts`): the jump bar lists them all.

        Each list is marked up as Sphinx's own ``.. glossary::`` is (``std.Glossary``): a
        ``definition_list`` with the class ``glossary`` inside an ``addnodes.glossary``. Themes
        style ``dl.glossary`` (furo otherwise takes a classed ``dl`` for an API description,
        with grey, regular-weight names), and Sphinx's HTML writer gives each ``dt`` with an id
        a "Link to this term" headerlink only inside ``addnodes.glossary``.
        """
        container = nodes.container(classes=["nterm-glossary"])
        titled = [
            (docname, group)
            for docname, group in parts or [(self.fromdocname, group) for group in groups]
            if group.label
        ]
        if self.html and len(titled) > 1:
            bar = nodes.paragraph(classes=["nterm-jumpbar"])
            for position, (docname, group) in enumerate(titled):
                if position:
                    bar += nodes.Text(" · ")
                bar += self.group_link(docname, group)
            container += nterm_jumpbar("", bar)
        for group in groups:
            if group.label:
                container += nodes.rubric(
                    group.label, group.label, ids=[group.anchor], classes=["nterm-group"]
                )
            entries = nodes.definition_list(classes=["glossary", "nterm-glossary-list"])
            for entry in group.entries:
                term = self.state.catalog.lookup(entry.key)
                if term is not None:
                    body = self.body(term, bodies, entry.anchor)
                    entries += self.entry(spec, term, entry, body)
            # ``sorted`` as std.Glossary sets it (GlossarySorter reads it); ours is sorted.
            container += addnodes.glossary("", entries, sorted=False)
        return container

    def group_link(self, docname: str, group: Group) -> nodes.reference:
        """A jump bar's link to a group's heading, on this page or another part's page."""
        if docname == self.fromdocname:
            return nodes.reference("", group.label, refid=group.anchor, internal=True)
        try:
            # singlehtml's URIs carry a ``#document-…`` fragment; the heading's id replaces it.
            uri = self.builder.get_relative_uri(self.fromdocname, docname).partition("#")[0]
        except NoUri:
            uri = ""
        return nodes.reference("", group.label, refuri=f"{uri}#{group.anchor}", internal=True)

    def body(self, term: Term, bodies: dict[str, nterm_body], anchor: str | None) -> nterm_body:
        """A term's parsed text for one entry.

        The page parsed the text of its file terms while it was read; a term defined in
        another page by ``.. nterm::`` is a copy of that page's body. A term listed twice
        (under two tags) gets a copy without ids the second time.
        """
        body = bodies.pop(term.key, None)
        if body is not None:
            self.shown[term.key] = body
            return body
        if term.key in self.shown:
            copy = self.shown[term.key].deepcopy()
            for node in copy.findall(nodes.Element):
                node["ids"] = []
            return copy
        where = self.state.targets.get(term.key)
        record = self.texts.get(where.docname) if where is not None else None
        if record is not None and term.key in record.bodies:
            prefix = f"{anchor or ANCHOR_PREFIX + slugify(term.name)}-"
            body = copy_body(record.bodies[term.key], prefix, self.fromdocname)
        else:
            body = plain_body(term)
        self.shown[term.key] = body
        return body

    def entry(self, spec: GlossarySpec, term: Term, planned: Entry, body: nterm_body) -> Node:
        """One entry: name and aliases; definition, sections, notes; see-also, source,
        backlinks; with the ids the plan gave it and its sections."""
        anchor, section_ids = planned.anchor, dict(planned.sections)
        names = [
            nodes.term(
                term.name, "", *name_line(term, body, self.educated),
                ids=[anchor] if anchor else [],
            )
        ]
        names.extend(
            nodes.term(alias, self.educated(alias), classes=["nterm-alias"])
            for alias in term.aliases
        )
        if anchor:
            for name_node in names:
                self.add_sphinx_id(name_node)
        definition = nodes.definition()
        notes: list[Node] = []
        for part in body_parts(body):
            if part["part"] == "display":
                continue  # in the name line
            if part["part"] == "definition":
                definition.extend(part.children)
            elif part["part"] == "section":
                title = part["title"]
                if spec.sections is not None and term_key(title) not in spec.sections:
                    continue
                ids = [section_ids[title]] if title in section_ids else []
                definition += nodes.rubric(
                    title, self.educated(title), ids=ids, classes=["nterm-section"]
                )
                definition.extend(part.children)
            else:
                notes.append(nodes.list_item("", *part.children))
        if notes:
            definition += nodes.bullet_list("", *notes, classes=["nterm-notes"])
        # A name of the term itself was reported (see_also_self) and is not shown; unknown
        # names were reported too (see_also_unknown) and are shown unlinked.
        see_also = [
            (name, self.state.catalog.lookup(name)) for name in term.see_also
        ]
        see_also = [
            (name, found) for name, found in see_also if found is None or found.key != term.key
        ]
        if see_also:
            definition += reference_line(
                _("See also: "),
                [(name, None if found is None else found.key) for name, found in see_also],
                "nterm-see-also",
            )
        related = [
            (found.name, found.key)
            for key in self.state.related.get(term.key, ())
            if (found := self.state.catalog.lookup(key)) is not None
        ]
        if related:
            definition += reference_line(_("Related: "), related, "nterm-related")
        if term.source:
            paragraph = nodes.paragraph("", _("Source: "), classes=["nterm-source"])
            paragraph += source_link(term.source, self.html)
            definition += paragraph
        if term.identifiers:
            # Imported here: a project without identifiers never loads them.
            from sphinx_neuroterms.output.identifier_links import (  # noqa: PLC0415
                identifiers_line,
            )

            definition += identifiers_line(self.builder.env, term)
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
        return nodes.definition_list_item("", *names, definition)

    def add_sphinx_id(self, name_node: nodes.term) -> None:
        """Give a name line of an entry the id a Sphinx ``.. glossary::`` gives it too, so
        that links made to a glossary before it moved to term files still land on the line.

        That is ``term-<name>`` (``glossary.html#term-HPA-axis``) or, when the page has that
        id already (``HTTP Header`` after ``HTTP-Header``) or the name makes none, the next
        free ``term-0``, ``term-1`` … of the page, numbered as Sphinx's ``make_id`` numbers
        them. An id the page already has stays with what has it.
        """
        node_id = sphinx_term_id(name_node.astext())
        while node_id is None or node_id in self.used_ids:
            node_id = f"term-{self.term_serial}"
            self.term_serial += 1
        self.used_ids.add(node_id)
        name_node["ids"].append(node_id)

    def page_link(self, docname: str) -> Node:
        """A link to a page, showing its title."""
        title = page_title(self.titles, docname)
        try:
            return make_refnode(
                self.builder, self.fromdocname, docname, "", nodes.inline(title, title)
            )
        except NoUri:
            return nodes.Text(title)
