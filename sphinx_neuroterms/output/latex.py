"""LaTeX output: labels for the headings inside entries, and definitions as footnotes.

The LaTeX builder assembles one doctree per ``latex_documents`` entry (every page of the
book inlined in reading order) and runs the post-transforms on it once, in the main process
(also under ``-j``). So "the first reference in the document" is the first in the book's
reading order, and nothing here depends on how the pages were read.

:class:`LatexOutput` works inside :class:`~sphinx_neuroterms.output.references.ReferenceTransform`
(priority 6), which resolves the references; the footnotes it adds are the nodes docutils
makes for ``[#]_``, so that Sphinx's own ``LaTeXFootnoteTransform`` (priority 600) typesets
them as it typesets a page's footnotes, and ``latex_show_urls = "footnote"`` renumbers them
with its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.nodes import page_of

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Element, Node
    from sphinx.builders import Builder

    from sphinx_neuroterms.domain.records import ProjectState
    from sphinx_neuroterms.terms.model import Term

#: Classes of the containers that show definitions (a glossary, an in-page entry, the list
#: of a page's terms): a reference there gets no footnote, and their section headings get
#: LaTeX labels.
SHOWS_DEFINITIONS = frozenset({"nterm-glossary", "nterm-entry", "nterm-page-terms"})

#: Elements where a footnote cannot stand or reads badly: headings (Sphinx would move the
#: text out as a mark, and a chapter title carries it into the table of contents), captions,
#: the names of definition-list entries, table heads, signatures, and footnotes themselves.
#: The term's next reference gets the footnote instead.
NO_FOOTNOTE: tuple[type[Element], ...] = (
    nodes.title,
    nodes.subtitle,
    nodes.rubric,
    nodes.caption,
    nodes.term,
    nodes.thead,
    nodes.footnote,
    nodes.citation,
    addnodes.desc_signature,
)

#: Prefix of the footnotes' ids: docutils numbers its own ``id1``, ``id2``, …
FOOTNOTE_ID_PREFIX = "nterm-footnote-"


class LatexOutput:
    """What a LaTeX document needs beyond links: labels, and the first-use footnotes.

    :class:`~sphinx_neuroterms.output.references.ReferenceTransform` notes each link it makes to
    a term (:meth:`note_link`), in any order, then calls :meth:`finish` once.
    """

    def __init__(self, builder: Builder, document: nodes.document, state: ProjectState) -> None:
        self.document = document
        self.state = state
        self.env = builder.env
        #: The document's own name: of the nodes outside any inlined page.
        self.docname = builder.env.docname
        self.footnotes = get_config(builder.env).latex_first_use == "footnote"
        self.tags = builder.tags
        #: Each noted link, by identity, with its term.
        self._links: dict[int, tuple[nodes.reference, Term]] = {}

    def note_link(self, link: nodes.reference, term: Term) -> None:
        """Remember a link to a term (for :meth:`finish`)."""
        self._links[id(link)] = (link, term)

    def finish(self) -> None:
        """Label the entries' headings, unlink section titles, then add a footnote at each
        term's first use."""
        label_headings(self.document)
        self.unlink_titles()
        if self.footnotes and self._links:
            self.add_footnotes()

    def unlink_titles(self) -> None:
        """Make the links in section titles their text.

        LaTeX copies a section title into the table of contents, the PDF bookmarks and the
        running head, which sets it in capitals, label included: the head's link would point
        nowhere ("undefined references"), and the contents' entry is a link already.
        """
        for link, _term in list(self._links.values()):
            title = next(
                (node for node in _ancestors(link) if isinstance(node, nodes.title)), None
            )
            if title is not None and isinstance(title.parent, nodes.section):
                _replace(link, list(link.children))

    def add_footnotes(self) -> None:
        """Give the first eligible link to each term that the output shows, in reading
        order, a footnote."""
        done: set[str] = set()
        for node in list(self.document.findall(nodes.reference)):
            noted = self._links.get(id(node))
            if noted is None or noted[1].key in done or not may_hold_footnote(node):
                continue
            if not self.shown(node):
                continue
            link, term = noted
            done.add(term.key)
            docname = self.docname_of(link)
            footnote, reference = self.footnote(term, docname, len(done))
            _insert_after(link, [footnote, reference])
        if done:
            number_footnotes(self.document, self.docname)

    def footnote(
        self, term: Term, docname: str, serial: int
    ) -> tuple[nodes.footnote, nodes.footnote_reference]:
        """A footnote with the term's definition, and its reference (numbered later).

        The definition is whole, as a reader sees it in the glossary: the text parsed in a
        page when some page shows the term, else the term file's text without markup.
        """
        definition = self.state.definition_text(term)
        node_id = f"{FOOTNOTE_ID_PREFIX}{serial}"
        paragraph = nodes.paragraph("", "", nodes.strong(term.name, term.name))
        if definition:  # nothing shown (a ``.. todo::`` left out): the name alone
            paragraph += nodes.Text(": " + definition)
        footnote = nodes.footnote(
            "", nodes.label("", "#"), paragraph,
            ids=[node_id], auto=1, docname=docname, classes=["nterm-footnote"],
        )
        reference = nodes.footnote_reference("", "#", auto=1, refid=node_id, docname=docname)
        return footnote, reference

    def shown(self, node: Node) -> bool:
        """Whether the output shows a node: not inside an ``only`` whose expression this
        builder's tags make false (Sphinx takes those out later, at priority 50, after the
        footnotes are placed)."""
        for parent in _ancestors(node):
            if not isinstance(parent, addnodes.only):
                continue
            try:
                if not self.tags.eval_condition(parent["expr"]):
                    return False
            except Exception:  # noqa: BLE001, S112 - Sphinx keeps such a block, and warns
                continue
        return True

    def docname_of(self, node: Node) -> str:
        """The page a node of the assembled document comes from (Sphinx numbers footnotes
        per page, and matches them to their references by page and id)."""
        return page_of(node, self.env, self.docname)


def may_hold_footnote(node: Node) -> bool:
    """Whether a footnote may follow this reference (see :data:`NO_FOOTNOTE`)."""
    for parent in _ancestors(node):
        if isinstance(parent, NO_FOOTNOTE):
            return False
        if SHOWS_DEFINITIONS.intersection(parent.get("classes", ())):
            return False
    return True


def number_footnotes(document: nodes.document, default_docname: str) -> None:
    """Number the auto-numbered footnotes of each page in the order they are referenced.

    Docutils numbered a page's ``[#]_`` footnotes while reading it; the term footnotes are
    added among them, so both are numbered again, from 1 in each page as Sphinx numbers
    footnotes, skipping the numbers of footnotes numbered by hand (``[2]_``). A footnote
    referenced twice keeps one number.
    """
    auto: dict[tuple[str, str], nodes.footnote] = {}
    taken: dict[str, set[str]] = {}
    for footnote in document.findall(nodes.footnote):
        docname = footnote.get("docname", default_docname)
        if footnote.get("auto") == 1:
            auto.update({(docname, node_id): footnote for node_id in footnote["ids"]})
        elif footnote.children and isinstance(footnote[0], nodes.label):
            taken.setdefault(docname, set()).add(footnote[0].astext())
    numbers: dict[int, str] = {}
    last: dict[str, int] = {}
    for reference in document.findall(nodes.footnote_reference):
        docname = reference.get("docname", default_docname)
        target = auto.get((docname, reference.get("refid", "")))
        if target is None:
            continue
        number = numbers.get(id(target))
        if number is None:
            serial = last.get(docname, 0) + 1
            while str(serial) in taken.get(docname, ()):
                serial += 1
            last[docname] = serial
            number = numbers[id(target)] = str(serial)
            target[0] = nodes.label("", number)
        reference[:] = [nodes.Text(number)]


def label_headings(document: nodes.document) -> None:
    """Give the headings of entries' sections a LaTeX label.

    Links to a section of an entry (``:nterm:`Name#Section```) point at the id of its
    rubric, but Sphinx's LaTeX writer writes no label for a rubric's ids: it labels the
    target before it, where a ``.. _label:`` leaves one. The same target is added here.
    """
    targeted = {node["refid"] for node in document.findall(nodes.target) if "refid" in node}
    for container in list(document.findall(_shows_definitions)):
        for rubric in list(container.findall(nodes.rubric)):
            missing = [node_id for node_id in rubric["ids"] if node_id not in targeted]
            if missing:
                targets: list[Node] = [nodes.target("", "", refid=node_id) for node_id in missing]
                _insert_before(rubric, targets)
                targeted.update(missing)


def _shows_definitions(node: Node) -> bool:
    return isinstance(node, nodes.Element) and bool(
        SHOWS_DEFINITIONS.intersection(node.get("classes", ()))
    )


def _ancestors(node: Node) -> Iterator[Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _position(node: Node) -> int:
    """The index of ``node`` in its parent, by identity (``index`` compares Text by value)."""
    return next(i for i, child in enumerate(node.parent.children) if child is node)


def _insert_after(node: Node, new: list[Node]) -> None:
    position = _position(node) + 1
    node.parent[position:position] = new


def _insert_before(node: Node, new: list[Node]) -> None:
    position = _position(node)
    node.parent[position:position] = new


def _replace(node: Node, new: list[Node]) -> None:
    position = _position(node)
    node.parent[position : position + 1] = new
