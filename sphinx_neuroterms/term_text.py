"""Term text (definitions, sections, notes) as doctree nodes, for glossary entries.

reStructuredText term text is parsed with docutils' own parser, with ``raw`` and file
insertion disabled, and links whose target is not http(s) or relative removed; plain prose
skips the parser (it would give exactly its paragraphs). Problems become located
``neuroterms.term_markup`` warnings, references inside the text get their line in the term
file.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from sphinx_neuroterms.diagnostics import WarningSubtype, find_line
from sphinx_neuroterms.logs import sphinx_location, warn_at
from sphinx_neuroterms.nodes import nterm_reference
from sphinx_neuroterms.urls import is_safe_url

if TYPE_CHECKING:

    from docutils.nodes import Element, Node

    from sphinx_neuroterms.model import Term


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
    r"""[`*_|\\\[\]<>@]|::|://|(?<!\n)\n(?!\n)|^[^\S\n]|^[-+*#:.>(=]|^\w+[.)](?:\s|$)""",
    re.MULTILINE,
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
