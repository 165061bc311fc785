"""Where a page's prose is, and where in it a term may become a link.

One definition for the two readers of prose: automatic links
(:mod:`~sphinx_neuroterms.reading.autolink`) link a mention only where
:func:`never_linked` says no element forbids it, and the ``unlinked`` check
(:mod:`~sphinx_neuroterms.reading.lint`) reports a mention only there, so it never asks an
author to link what no link could hold. The ``avoid`` check reads all prose, titles and link
texts too: a name to avoid is wrong wherever it is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from sphinx_neuroterms.nodes import nterm_body, nterm_reference
from sphinx_neuroterms.reading.term_text_record import IN_PAGE_KEY

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Elements whose text is not prose: code and literals (Sphinx's ``:command:``, ``:program:``
#: and ``:mimetype:`` among them), math, raw output, comments, the text of a term shown by a
#: glossary.
NOT_PROSE = (
    nodes.literal, nodes.literal_block, nodes.doctest_block, nodes.math, nodes.math_block,
    nodes.raw, nodes.comment, nodes.system_message, nodes.target, addnodes.literal_strong,
    addnodes.literal_emphasis, nterm_body,
)  # fmt: skip

#: Prose where a link cannot go, or would be one inside another: titles (copied into tables of
#: contents and navigation) and the names of definition lists; links and references; text
#: that stands for something else (a substitution's definition, an option, an image, an
#: index entry, an object's signature); footnotes and citations, which cite sources (a
#: generated bibliography quotes titles of works, and LaTeX cannot put a term's first-use
#: footnote inside a footnote).
NOT_LINKABLE = (
    nodes.title, nodes.subtitle, nodes.rubric, nodes.term, nodes.reference,
    nodes.substitution_definition, nodes.field_name, nodes.option_string, nodes.image,
    nodes.footnote, nodes.citation, addnodes.pending_xref, addnodes.desc_signature,
    addnodes.index, addnodes.toctree, nterm_reference,
)  # fmt: skip

_NEVER_LINKED = NOT_PROSE + NOT_LINKABLE


def never_linked(node: nodes.Element) -> bool:
    """Whether no mention in ``node`` (nor below it) may become a link."""
    return isinstance(node, _NEVER_LINKED) or bool(node.get(IN_PAGE_KEY))


def prose(doctree: nodes.document) -> Iterator[tuple[nodes.Text, nodes.Element, bool]]:
    """The text nodes of a page's prose, each with the element holding it and whether a
    mention there may be linked (see :func:`never_linked`)."""
    for text in doctree.findall(nodes.Text):
        parent = text.parent
        if not isinstance(parent, nodes.Element):
            continue
        linkable = True
        node: nodes.Element | None = parent
        while node is not None:
            if isinstance(node, NOT_PROSE) or node.get(IN_PAGE_KEY):
                break
            linkable = linkable and not isinstance(node, NOT_LINKABLE)
            node = node.parent
        else:
            yield text, parent, linkable
