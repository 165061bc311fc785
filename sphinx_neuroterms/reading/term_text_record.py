"""What the project keeps of parsed term text once a document is read.

Two things, recorded on ``doctree-read`` (after docutils' transforms have substituted
substitutions and numbered footnotes) into the ``nterm`` domain:

* each definition as the reader sees it, for tooltips: the text of the parsed nodes, with a
  role's rendered text (``Builder``, not ``:class:`~sphinx.builders.Builder```), math as its
  source, code blocks, footnote marks, comments and targets left out, and what only some
  builds show (``.. only::``, ``.. todo::``) marked so that each build decides. A ``:doc:`` or
  ``:ref:`` without an explicit title shows the title of what it links to, known only after
  every page is read, so it is kept as a part to fill in (:func:`shown_text`);
* the body of each term defined in a page with ``.. nterm::``, so that a glossary elsewhere
  shows a copy of everything it holds (:func:`copy_body`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.ext.todo import todo_node
from sphinx.util import docname_join

from sphinx_neuroterms.domain.shown_text import (
    END,
    LEFT_OUT,
    ONLY,
    TODO,
    DocumentText,
    ShownPart,
)
from sphinx_neuroterms.nodes import nterm_body, nterm_part

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils.nodes import Element, Node

    from sphinx_neuroterms.terms.diagnostics import Diagnostic


#: Nodes whose text a reader does not see in running text (or that a tooltip leaves out).
_HIDDEN = (
    nodes.literal_block, nodes.doctest_block, nodes.comment, nodes.system_message,
    nodes.target, nodes.footnote, nodes.citation, nodes.substitution_definition, nodes.raw,
    nodes.footnote_reference, nodes.citation_reference, nodes.image, addnodes.index,
    addnodes.toctree, nodes.meta,
)

#: Attribute of the ``definition`` node of a ``.. nterm::`` entry: the term's key.
IN_PAGE_KEY = "nterm_key"


def shown_parts(tree: Iterable[Node]) -> tuple[ShownPart, ...]:
    """The text a reader sees of some parsed nodes, with links to titles left to fill in."""
    parts: list[ShownPart] = []
    for node in tree:
        _walk(node, parts)
    merged: list[ShownPart] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return tuple(merged)


def _walk(node: Node, parts: list[ShownPart]) -> None:
    if isinstance(node, nodes.Text):
        parts.append(node.astext())
        return
    if isinstance(node, _HIDDEN):
        if isinstance(node, nodes.Inline):
            parts.append(LEFT_OUT)
        return
    if isinstance(node, addnodes.pending_xref):
        titled = _title_part(node)
        if titled is not None:
            parts.append(titled)
            return
        conditions = list(node.findall(addnodes.pending_xref_condition))
        if conditions:  # Python's type hints: the text shown when resolved
            shown = next((c for c in conditions if c.get("condition") == "resolved"), None)
            parts.append((shown or conditions[-1]).astext())
            return
    if isinstance(node, nodes.math):
        parts.append(node.astext())
        return
    # Sphinx takes these out of the pages of some builds only (``.. only::`` in a
    # post-transform, ``.. todo::`` on doctree-resolved), after this record is made; and
    # the environment may serve several builders. The build decides (``BuildConditions``).
    condition = (
        (ONLY, str(node["expr"])) if isinstance(node, addnodes.only)
        else (TODO, "") if isinstance(node, todo_node) else None
    )
    if condition is not None:
        parts.append(condition)
    block = not isinstance(node, nodes.Inline)  # paragraphs, list items… are set apart
    if block:
        parts.append(" ")
    for child in node.children:
        _walk(child, parts)
    if block:
        parts.append(" ")
    if condition is not None:
        parts.append((END, ""))


def _title_part(node: addnodes.pending_xref) -> tuple[str, str] | None:
    """A ``:doc:`` or ``:ref:`` without an explicit title: shows its target's title."""
    if node.get("refexplicit") or node.get("refdomain") != "std":
        return None
    target = str(node.get("reftarget", ""))
    if node.get("reftype") == "doc":
        return ("doc", docname_join(str(node.get("refdoc", "")), target))
    if node.get("reftype") == "ref":
        return ("ref", target.lower())
    return None


def definition_nodes(body: nterm_body) -> list[Node]:
    """The parsed nodes of a body's definition."""
    for part in body.children:
        if isinstance(part, nterm_part) and part["part"] == "definition":
            return list(part.children)
    return []


def in_page_body(definition: Element, key: str) -> nterm_body:
    """A copy of a ``.. nterm::`` entry's text as a body: the definition runs to the first
    rubric, each rubric starts a section; see-also and source lines stay behind (the
    glossary makes its own)."""
    body = nterm_body(key=key)
    part = nterm_part(part="definition")
    body += part
    for child in definition.children:
        classes: list[str] = child.get("classes", []) if isinstance(child, nodes.Element) else []
        if "nterm-see-also" in classes or "nterm-source" in classes:
            continue
        if isinstance(child, nodes.rubric):
            part = nterm_part(part="section", title=child.astext())
            body += part
            continue
        part += child.deepcopy()
    # Detached: a copy still pointing at its document would keep the whole doctree in the
    # pickled environment.
    for node in body.findall():
        node.document = None  # type: ignore[assignment]
    return body


def copy_body(body: nterm_body, prefix: str, docname: str) -> nterm_body:
    """A body stored from another page, made ready for a glossary in ``docname``.

    Ids get ``prefix`` (the copy's footnotes and targets stay linked to each other without
    clashing with the page's own ids); cross-references are resolved from ``docname``,
    with ``:doc:`` targets made absolute first, since they were written relative to the
    defining page.
    """
    copy = body.deepcopy()
    own_ids = {id_ for node in copy.findall(nodes.Element) for id_ in node["ids"]}
    for node in copy.findall(nodes.Element):
        node["ids"] = [prefix + id_ for id_ in node["ids"]]
        if node.get("refid") in own_ids:
            node["refid"] = prefix + node["refid"]
        if node.get("backrefs"):
            node["backrefs"] = [prefix + ref for ref in node["backrefs"] if ref in own_ids]
        if isinstance(node, addnodes.pending_xref):
            refdoc = str(node.get("refdoc", docname))
            if node.get("refdomain") == "std" and node.get("reftype") == "doc":
                node["reftarget"] = "/" + docname_join(refdoc, str(node["reftarget"]))
            node["refdoc"] = docname
    return copy


def read_term_text(
    doctree: nodes.document, problems: Iterable[Diagnostic] = (), *, in_page: bool = True
) -> DocumentText | None:
    """What a document holds of parsed term text; ``None`` if it holds none.

    :param problems: the problems found while the document's term text was parsed.
    :param in_page: whether the document defines terms with ``.. nterm::`` (else their
        entries are not looked for).
    """
    shown: dict[str, tuple[ShownPart, ...]] = {}
    bodies: dict[str, nterm_body] = {}
    parsed: list[Element] = []
    for body in doctree.findall(nterm_body):
        shown.setdefault(body["key"], shown_parts(definition_nodes(body)))
        parsed.append(body)
    for definition in doctree.findall(nodes.definition) if in_page else ():
        key = definition.get(IN_PAGE_KEY)
        if key is not None:
            body = bodies[key] = in_page_body(definition, key)
            shown[key] = shown_parts(definition_nodes(body))
            parsed.append(definition)
    problems = tuple(problems)
    if not shown and not problems:
        return None
    titled = {
        part
        for tree in parsed
        for xref in tree.findall(addnodes.pending_xref)
        if (part := _title_part(xref)) is not None
    }
    return DocumentText(shown, bodies, frozenset(titled), problems)
