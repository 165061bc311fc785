"""Reading the ``{glossary}`` blocks of MyST Markdown files, for ``neuroterms migrate``.

A MyST glossary is a fenced directive, with backticks or tildes (```` ```{glossary} ````) or,
with the ``colon_fence`` extension, colons (``:::{glossary}``). Its options are ``:key:``
lines or a ``---`` YAML block at the top; its content has the layout of Sphinx's glossary
(term lines, indented definitions), read by
:func:`sphinx_neuroterms.cli.rst_glossary.read_glossary_content`, with MyST definitions.

Like :mod:`sphinx_neuroterms.cli.rst_glossary` this is a line scanner: it follows the fences
(a fence closes at a line of the same character, at least as long, and nothing else, as in
CommonMark) and passes over code, whose content is never Markdown. Nothing here imports
Sphinx, docutils or myst-parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sphinx_neuroterms.cli.rst_glossary import (
    GLOSSARY_DIRECTIVES,
    LITERAL_DIRECTIVES,
    GlossaryBlock,
    read_glossary_content,
)

#: An opening (or closing) fence: at least three backticks, tildes or colons, then the info.
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
#: A directive's name in a fence's info string: ``{glossary}``.
_DIRECTIVE_NAME = re.compile(r"^\{(?P<name>[\w:.+-]+)\}(?:\s+(?P<argument>.*))?$")
#: An option line at the top of a directive: ``:sorted:`` or ``:key: value``.
_OPTION = re.compile(r"^\s*:(?P<name>[^:\s][^:]*):(?:\s+(?P<value>.*))?$")
#: ``sorted:`` (any value but a false one) in a directive's ``---`` YAML options block.
_YAML_SORTED = re.compile(r"^\s*sorted\s*:\s*(?P<value>.*)$")
_FALSE = frozenset({"false", "no", "off", "0"})


@dataclass
class Fence:
    """A fenced block of a Markdown file."""

    #: The index of its opening line.
    start: int
    #: The index after its closing line (the end of the file for an unclosed fence).
    end: int
    #: The fence itself, e.g. ```` ``` ```` or ``:::``.
    marker: str
    #: The directive name in braces (lower-cased), or ``None`` for code.
    directive: str | None
    #: The directive's argument, if any.
    argument: str | None

    @property
    def literal(self) -> bool:
        """Whether its content is not Markdown text: code, or a literal directive."""
        return self.directive is None or self.directive in LITERAL_CONTENT


#: Directives whose content is neither Markdown nor a glossary: literal, or reST.
LITERAL_CONTENT = LITERAL_DIRECTIVES | {"eval-rst", "eval_rst"}


@dataclass
class MarkdownScan:
    """What a line scan of Markdown finds besides text."""

    #: The fenced blocks, in file order (see :func:`scan_markdown`).
    fences: list[Fence]
    #: The lines of indented code blocks, comments (``% …``) and HTML comments.
    not_text: set[int]


def scan_markdown(lines: list[str]) -> MarkdownScan:
    """Find the fenced blocks of Markdown lines, and the lines that are code or comments.

    The fences inside a directive that holds text (Markdown, or a glossary's content) follow
    it; code fences and literal directives are passed over whole. As in CommonMark, a line
    indented by four spaces after a blank line starts an indented code block, in which
    nothing is a fence (a glossary's content is not Markdown: its definitions are indented).
    """
    found: list[Fence] = []
    not_text: set[int] = set()
    index = 0
    #: The directives being read through: their end, and whether they are glossaries.
    open_fences: list[tuple[int, bool]] = []
    after_blank, in_code, in_comment = True, False, False
    while index < len(lines):
        while open_fences and index >= open_fences[-1][0]:
            open_fences.pop()
        line = lines[index]
        stripped = line.lstrip()
        in_glossary = bool(open_fences) and open_fences[-1][1]
        if in_comment or stripped.startswith("<!--"):
            not_text.add(index)
            in_comment = "-->" not in stripped
            index += 1
            continue
        if not stripped:
            after_blank = True
            index += 1
            continue
        indented = len(line) - len(stripped) >= 4
        in_code = not in_glossary and indented and (after_blank or in_code)
        after_blank = False
        if in_code or (stripped.startswith("%") and not indented):
            not_text.add(index)
            index += 1
            continue
        match = _FENCE.match(line)
        if match is None or (open_fences and index == open_fences[-1][0] - 1):
            index += 1  # text, or the closing line of the directive being read through
            continue
        directive = _DIRECTIVE_NAME.match(match.group("info").strip())
        name = directive.group("name").lower() if directive else None
        close = _closing_line(lines, index + 1, match.group("fence"), len(match.group("indent")))
        fence = Fence(
            index, close + 1, match.group("fence"), name,
            directive.group("argument") if directive else None,
        )  # fmt: skip
        found.append(fence)
        if fence.literal:
            index = fence.end
        else:
            open_fences.append((fence.end, name in GLOSSARY_DIRECTIVES))
            index += 1
        after_blank = True
    return MarkdownScan(found, not_text)


def _closes(opening: str, marker: str, info: str) -> bool:
    """Whether a fence line (``marker`` and ``info``) closes a fence opened with
    ``opening``."""
    return not info and marker[0] == opening[0] and len(marker) >= len(opening)


def _closing_line(lines: list[str], start: int, marker: str, indent: int) -> int:
    """The index of the line that closes a fence opened at ``indent`` (the last line if none
    does). As in CommonMark, a line indented four spaces more is content, not a fence: a
    directive's content may hold fences of the same length, indented."""
    for index in range(start, len(lines)):
        match = _FENCE.match(lines[index])
        if (
            match
            and len(match.group("indent")) < indent + 4
            and _closes(marker, match.group("fence"), match.group("info").strip())
        ):
            return index
    return len(lines) - 1


def find_myst_glossaries(lines: list[str], display_path: str) -> list[GlossaryBlock]:
    """Every ``{glossary}`` fence of Markdown source lines, in file order.

    :param lines: as :func:`sphinx_neuroterms.cli.rst_glossary.source_lines` makes them.
    """
    blocks: list[GlossaryBlock] = []
    for fence in scan_markdown(lines).fences:
        if fence.directive not in GLOSSARY_DIRECTIVES or (blocks and fence.start < blocks[-1].end):
            # Not a glossary, or a glossary inside another one's definition: part of its entry.
            continue
        closed = fence.end <= len(lines) and _FENCE.match(lines[fence.end - 1]) is not None
        inside = list(range(fence.start + 1, fence.end - 1 if closed else fence.end))
        inside, is_sorted = _take_options(lines, inside)
        block = read_glossary_content(lines, inside, display_path, fence.start)
        block.end, block.sorted = fence.end, is_sorted
        line = lines[fence.start]
        block.indent = len(line) - len(line.lstrip())
        blocks.append(block)
    return blocks


def _take_options(lines: list[str], inside: list[int]) -> tuple[list[int], bool]:
    """Split a directive's option lines off its content: ``(content, sorted)``."""
    position = 0
    is_sorted = False
    if inside and lines[inside[0]].strip() == "---":
        position = 1
        while position < len(inside) and lines[inside[position]].strip() != "---":
            option = _YAML_SORTED.match(lines[inside[position]])
            if option and option.group("value").strip().lower() not in _FALSE:
                is_sorted = True
            position += 1
        position += 1
    else:
        while position < len(inside) and (option := _OPTION.match(lines[inside[position]])):
            is_sorted = is_sorted or option.group("name").strip().lower() == "sorted"
            position += 1
    return inside[position:], is_sorted


def myst_prose_lines(lines: list[str]) -> Iterator[int]:
    """The indices of the lines of Markdown text: not fence lines, code, comments or the
    content of literal directives (a glossary's content is text)."""
    scan = scan_markdown(lines)
    skipped = set(scan.not_text)
    for fence in scan.fences:
        skipped.update({fence.start, fence.end - 1})
        if fence.literal:
            skipped.update(range(fence.start, fence.end))
    return (index for index in range(len(lines)) if index not in skipped)
