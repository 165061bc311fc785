"""The doctree nodes of the extension and their non-HTML visitors.

Two nodes leave the reading phase:

* :class:`nterm_text`: a run of text holding one or more ``:nterm:`` references, as stored
  doctrees keep them. It is as lean as a node can be (see ``PERFORMANCE.md``): one
  :class:`~docutils.nodes.Text` for the whole run (the text around the references included),
  the references as a flat tuple of spans; no ``pending_xref``, no inner inline, no element.
  While reading, the role makes an :class:`nterm_reference` element (SmartQuotes replaces
  every Text node it educates, so a Text subclass would not survive it), and
  :class:`~sphinx_neuroterms.reading.compaction.CompactReferences` merges each reference with the
  Text next to it into this form before the doctree is stored. HTML translators resolve both
  forms while writing (:mod:`sphinx_neuroterms.output.html_links`); for every other format
  :class:`~sphinx_neuroterms.output.references.ReferenceTransform` replaces them before writing.
* :class:`nterm_glossary`, a placeholder left by ``.. nterm-glossary::`` and filled after
  reading by :class:`~sphinx_neuroterms.output.glossary.GlossaryTransform`, because which terms
  it lists and which pages reference them is only known once every document is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Self

    from docutils.nodes import Element, Node
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import SphinxTranslator


class nterm_reference(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A reference to a term while reading: ``node["key"]`` is the normalised name, the child
    the text. Also made after reading, for the see-also links of rendered glossaries."""


class Span(NamedTuple):
    """One reference inside an :class:`nterm_text`."""

    #: Where the reference's text starts and ends in the run's text.
    start: int
    end: int
    #: The normalised name it asks for.
    key: str
    #: Its line in the source (for warnings), or 0 if unknown.
    line: int


class nterm_text(nodes.Text):  # noqa: N801
    """A run of text with references to terms in it, as stored doctrees hold references.

    ``str(node)`` is the text as a reader sees it (unescaped), references included;
    ``node.spans`` holds ``start, end, key, line`` for each reference, flattened into one
    tuple of numbers and strings, which the garbage collector does not track.

    Why: every reference stays in memory from reading until its page is written, and under
    ``-j`` each writer process inherits the queued doctrees of the main process, which the
    collector then scans again and again. A reference element with its Text child, and the
    Text node it splits the paragraph's text into, cost about ten tracked objects each; a
    paragraph's run of any number of references costs two. A translator that does not know
    this node writes its text, unlinked (Sphinx dispatches visitors along the class's MRO).
    """

    spans: tuple[int | str, ...]

    def __new__(cls, data: str, spans: tuple[int | str, ...] = ()) -> Self:
        node = super().__new__(cls, data)
        node.spans = spans
        return node

    def references(self) -> Iterator[Span]:
        """The references of the run, in order."""
        spans = self.spans
        for index in range(0, len(spans), 4):
            yield Span(*spans[index : index + 4])  # type: ignore[arg-type]

    def pieces(self) -> Iterator[tuple[str, Span | None]]:
        """The run cut into its text: plain pieces (with None) and references (their span)."""
        text, position = str(self), 0
        for span in self.references():
            if span.start > position:
                yield text[position : span.start], None
            yield text[span.start : span.end], span
            position = span.end
        if position < len(text):
            yield text[position:], None

    def astext(self) -> str:
        """The text (already unescaped when the run was made)."""
        return str(self)

    def copy(self) -> Self:
        """A copy with the same references and location (``Text.copy`` would drop them)."""
        node = self.__class__(str(self), self.spans)
        node.source, node.line = self.source, self.line
        return node

    def deepcopy(self) -> Self:
        """The same as :meth:`copy`: a Text node has no children."""
        return self.copy()

    def pformat(self, indent: str = "    ", level: int = 0) -> str:
        """The text, with each reference shown as an ``<nterm_reference>`` element."""
        lines = []
        inner, innermost = indent * (level + 1), indent * (level + 2)
        for piece, span in self.pieces():
            if span is None:
                lines.append(inner + piece)
            else:
                lines += (f'{inner}<nterm_reference key="{span.key}">', innermost + piece)
        return "".join(f"{line}\n" for line in [indent * level + "<nterm_text>", *lines])


class nterm_link(nodes.reference):  # noqa: N801
    """A resolved cross-reference to a term's entry: ``node["nterm"]`` is the term's key.

    Made for HTML builders from every form that Sphinx resolves (``:nterm:term:``, ``:any:``,
    MyST links, Sphinx's ``:term:`` reaching a term), so that they get the same tooltip as
    ``:nterm:``; the HTML visitor writes the ordinary reference plus ``data-nterm``.
    """


class nterm_std_reference(nodes.reference):  # noqa: N801
    """A resolved Sphinx ``:term:`` link that gets a tooltip; ``node["nterm_std"]`` is its key.

    Only HTML builders ever see it (made by a post-transform for them); its visitor writes
    the ordinary reference with ``data-nterm-std`` and a ``title`` fallback added.
    """


class nterm_backlinks(nodes.General, nodes.Element):  # noqa: N801
    """A glossary entry's "Referenced by" line in HTML: ``node["docnames"]`` lists the pages.

    One node instead of a paragraph of references: a large glossary has tens of thousands of
    backlinks, and the HTML writer (a ``-j`` worker) turns the list into links from cached
    titles and URIs. Other formats get ordinary nodes from the glossary transform.
    """


class nterm_jumpbar(nodes.General, nodes.Element):  # noqa: N801
    """A glossary's bar of links to its groups, in HTML only: written as a ``nav`` landmark
    whose ``aria-label`` names it in the project's language; its child is the bar itself."""


class nterm_page_terms(nodes.General, nodes.Element):  # noqa: N801
    """Where the list of the terms a page references goes (``nterm-page-terms``); what it
    lists is known once every page is read, so a post-transform fills it."""


class nterm_glossary(nodes.General, nodes.Element):  # noqa: N801
    """Where a glossary goes: ``node["docname"]`` and ``node["serial"]`` name its plan.

    While reading, the directive parses the text of every term the glossary may list into
    it, one :class:`nterm_body` each, so that the text is part of the page as Sphinx reads
    and resolves it; the glossary transform builds the entries from them.
    """


class nterm_body(nodes.General, nodes.Element):  # noqa: N801
    """A term's parsed text: ``node["key"]`` is the term's key, the children its
    :class:`nterm_part` nodes (definition, then sections, then notes)."""


class nterm_part(nodes.General, nodes.Element):  # noqa: N801
    """One piece of a term's text: ``node["part"]`` is ``definition``, ``section`` (with
    ``node["title"]``) or ``note``; the children are the parsed nodes."""


def visit_depart_null(translator: SphinxTranslator, node: Element) -> None:
    """Render nothing for the node itself; its children are rendered as usual."""


def skip_node(translator: SphinxTranslator, node: Element) -> None:
    """Render neither the node nor its children."""
    raise nodes.SkipNode


#: Visitors for formats whose references are replaced by a transform before writing: if a
#: reference still reaches a translator (a third-party builder), its text is shown unlinked.
NULL_VISITORS: dict[str, Any] = dict.fromkeys(
    ("latex", "text", "man", "texinfo"), (visit_depart_null, visit_depart_null)
)

#: A glossary placeholder is always replaced; should one survive, it renders as nothing.
SKIP_VISITORS: dict[str, Any] = dict.fromkeys(
    ("html", "latex", "text", "man", "texinfo"), (skip_node, None)
)

#: For nodes only HTML output holds: anything else that meets one renders nothing.
SKIP_VISITORS_NON_HTML: dict[str, Any] = {
    name: visitors for name, visitors in SKIP_VISITORS.items() if name != "html"
}

def page_of(node: Node, env: BuildEnvironment, default: str) -> str:
    """The page a node comes from, in a document of inlined pages (``singlehtml``, LaTeX).

    Those builders inline each page as its own ``document`` node, which an
    ``addnodes.start_of_file`` holds without being its parent: the nearest ``document``
    names the page by its source (as Sphinx's ``ShowUrlsTransform`` finds it). ``default``
    for a node of no inlined page (the root document's own).
    """
    parent: Node | None = node
    while parent is not None:
        if isinstance(parent, nodes.document) and parent.get("source"):
            return env.path2doc(parent["source"]) or default
        if isinstance(parent, addnodes.start_of_file):
            return str(parent["docname"])
        parent = parent.parent
    return default


def replace_child(old: Node, new: list[Node]) -> None:
    """Put the nodes ``new`` where ``old`` is, found by identity.

    ``Element.replace`` finds the child with ``list.index``, which compares Text nodes by
    their string: it would replace an earlier plain Text equal to the run's text.
    """
    parent = old.parent
    position = next(i for i, child in enumerate(parent.children) if child is old)
    parent[position : position + 1] = new
