"""Reading the ``.. glossary::`` blocks of reStructuredText files as terms, for
``neuroterms import`` and ``neuroterms migrate``.

This is a line scanner, not a reST parser: it finds glossary directives at any indentation
(inside ``.. note::``, ``.. only::`` and the like), skips what reST would not parse as
markup (comments, literal blocks, code directives), and reads each glossary with the rules
of Sphinx's own directive (``sphinx.domains.std.Glossary``):

- an unindented line (relative to the glossary's content) is a term; several term lines in a
  row are one entry, the first line its name and the others its aliases;
- ``term : classifier`` (a colon with spaces around it) names ``term``; classifiers are
  dropped;
- the indented lines after the term lines are the definition, kept whole as reST, blank lines
  included;
- ``..`` lines at term level are comments; ``:sorted:`` sorts the entries by name.

Each glossary is a :class:`GlossaryBlock` that knows its lines in the file, so that
``neuroterms migrate`` can replace it; MyST's ``{glossary}`` fences have the same content
(:mod:`sphinx_neuroterms.cli.myst_glossary` reads them with :func:`read_glossary_content`).
Nothing here imports Sphinx or docutils.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_neuroterms.loaders import LoaderOptions, LoadResult, load_with
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location, Markup, Term
from sphinx_neuroterms.terms.plain_text import rst_plain

#: The directive names read as glossaries (Sphinx's, bare or with its domain).
GLOSSARY_DIRECTIVES = frozenset({"glossary", "std:glossary"})

#: Directives whose argument (or first line of content, on the directive's line) is text
#: with inline markup: ``.. seealso:: :term:`Axon```.
TEXT_ARGUMENT_DIRECTIVES = frozenset(
    {
        "admonition", "attention", "caution", "danger", "error", "hint", "important", "note",
        "tip", "warning", "seealso", "todo", "topic", "sidebar", "rubric", "centered",
        "versionadded", "versionchanged", "versionremoved", "deprecated",
    }
)  # fmt: skip

#: Directives whose content is literal text, never parsed as reST: a ``.. glossary::`` shown
#: inside one is an example, not a glossary.
LITERAL_DIRECTIVES = frozenset(
    {
        "code",
        "code-block",
        "sourcecode",
        "highlight",
        "literalinclude",
        "parsed-literal",
        "raw",
        "math",
        "productionlist",
        "doctest",
        "testcode",
        "testoutput",
        "testsetup",
        "testcleanup",
        "graphviz",
        "digraph",
        "graph",
        "mermaid",
        "uml",
        "csv-table",
        "code-cell",
        "ipython",
        "jupyter-execute",
    }
)

#: An explicit markup line: ``.. name:: argument`` is a directive, anything else a comment,
#: target, footnote or substitution definition.
_EXPLICIT_MARKUP = re.compile(r"^\.\.(?:\s|$)")
#: A footnote or citation (``.. [#] text``, ``.. [label] text``) or a substitution definition
#: (``.. |name| replace:: text``): explicit markup whose body is text.
_NOTE_OR_SUBSTITUTION = re.compile(r"^\.\.\s+(?:\[[^\]\s]+\]|\|[^|]+\|)(?:\s|$)")
_DIRECTIVE = re.compile(r"^\.\.\s+(?P<name>[\w][\w:.+-]*?)\s?::(?:\s+(?P<argument>.*))?$")
#: Sphinx splits classifiers off a term line at a colon with spaces around it.
_CLASSIFIER = re.compile(r" +: +")
#: The name of a MyST role, ``{class}`` before its backquoted text.
_MYST_ROLE = re.compile(r"\{([\w.+:-]+)\}(?=`)")
#: A directive option line, ``:name:`` or ``:name: value``.
_OPTION = re.compile(r"^:(?P<name>[^:\s][^:]*):(?:\s+(?P<value>.*))?$")


@dataclass
class GlossaryEntry:
    """One glossary entry: its term lines and definition lines."""

    #: ``(text, line number)`` of each term line, classifiers already removed.
    terms: list[tuple[str, int]]
    #: The definition's raw lines (indentation kept) with their line numbers.
    body: list[tuple[str, int]] = field(default_factory=list)
    #: The classifiers of its term lines (``term : classifier``), as written.
    classifiers: list[str] = field(default_factory=list)

    @property
    def definition(self) -> str:
        """The definition as one text: common indentation removed, blank lines kept inside,
        none at either end."""
        return _dedent_body(self.body)

    @property
    def line(self) -> int:
        """The line of its first term line."""
        return self.terms[0][1]


@dataclass
class GlossaryBlock:
    """One glossary of a file, where it is and what it holds."""

    #: The index (0-based) of its first line: the directive, or the opening fence.
    start: int
    #: The index after its last line.
    end: int
    #: The indentation of its first line.
    indent: int
    #: Whether it has the ``:sorted:`` option.
    sorted: bool
    #: Its entries in file order, also those that are not readable terms.
    entries: list[GlossaryEntry]
    #: What was found wrong in it.
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Whether everything in it was read: no entry or definition line was skipped.
    complete: bool = True
    #: The comments between its entries (``..`` lines at term level), as ``(text, line
    #: number)`` of their first line: Sphinx does not show them, and a term file cannot hold them.
    comments: list[tuple[str, int]] = field(default_factory=list)


def load_rst_glossaries(
    path: str | Path, options: LoaderOptions | None = None, display_path: str | None = None
) -> LoadResult:
    """Read an ``.rst`` file and return the terms of all its glossaries.

    Never raises for bad content or an unreadable file; like
    :func:`sphinx_neuroterms.loaders.load_file`, every problem is a diagnostic.

    :param path: the file to read.
    :param options: only :attr:`LoaderOptions.markup` matters (it overrides ``"rst"``).
    :param display_path: the path shown in diagnostics and locations (default: ``path``).
    """
    shown = display_path if display_path is not None else str(path)
    return load_with(parse_rst_glossaries, path, options or LoaderOptions(), shown)


def parse_rst_glossaries(
    text: str, display_path: str, options: LoaderOptions | None = None
) -> LoadResult:
    """Find every ``.. glossary::`` in reST source and read its entries as terms.

    The signature is that of a :data:`sphinx_neuroterms.loaders.Loader`. Terms come in file
    order (sorted within a ``:sorted:`` glossary); each is located at its first term line.
    A file without any glossary is reported, since importing it yields nothing.

    >>> source = ".. glossary::\\n\\n   Synapse\\n   Synapses : anatomy\\n      A junction.\\n"
    >>> [(t.name, t.aliases, t.definition) for t in parse_rst_glossaries(source, "g.rst").terms]
    [('Synapse', ('Synapses',), 'A junction.')]
    """
    markup = (options.markup if options else None) or "rst"
    blocks = find_rst_glossaries(source_lines(text), display_path)
    terms: list[Term] = []
    diagnostics: list[Diagnostic] = []
    for block in blocks:
        terms.extend(block_terms(block, display_path, markup))
        diagnostics.extend(block.diagnostics)
    if not blocks:
        diagnostics.append(
            Diagnostic(
                WarningSubtype.SOURCE_MISSING,
                "no '.. glossary::' directive in this reST file; nothing to import",
                Location(display_path),
            )
        )
    return LoadResult(terms, diagnostics)


def source_lines(text: str) -> list[str]:
    """A source file's lines as the scanners read them: tabs expanded, no trailing space.

    There are as many as ``text.split("\\n")`` gives, so indices point into the file.
    """
    return [line.expandtabs(8).rstrip() for line in text.split("\n")]


def block_terms(block: GlossaryBlock, display_path: str, markup: Markup) -> list[Term]:
    """The readable entries of a glossary as terms (sorted for a ``:sorted:`` glossary),
    each located at its first term line; classifiers are dropped."""
    terms = [
        Term(names[0], entry.definition, Location(display_path, entry.line),
             aliases=tuple(names[1:]), markup=markup)
        for entry in block.entries
        if (names := entry_names(entry, markup)) and entry.definition
    ]  # fmt: skip
    if block.sorted:
        # Sphinx's GlossarySorter key: the first term, lower-cased, in NFD.
        terms.sort(key=lambda term: unicodedata.normalize("NFD", term.name.lower()))
    return terms


def entry_names(entry: GlossaryEntry, markup: Markup = "rst") -> list[str]:
    """The plain names of an entry's term lines (those with a readable name): the text
    Sphinx shows and names the term by (``Basic`` for ``:class:`~.Basic```)."""
    return [name for name in (name_text(text, markup) for text, _ in entry.terms) if name]


def name_text(line: str, markup: Markup) -> str:
    """A term line as the plain text Sphinx shows; a MyST role (``{class}`~.Basic```) is
    read as the reST role it stands for."""
    if markup == "myst":
        line = _MYST_ROLE.sub(r":\1:", line)
    return rst_plain(line)


def find_rst_glossaries(lines: list[str], display_path: str) -> list[GlossaryBlock]:
    """Every ``.. glossary::`` of reST source lines (see :func:`source_lines`), in file order.

    Glossaries inside another glossary's definitions are part of that glossary's entry.
    """
    blocks: list[GlossaryBlock] = []
    for index, directive in rst_directives(lines):
        if directive.group("name").lower() in GLOSSARY_DIRECTIVES:
            blocks.append(_read_glossary(lines, index, display_path, directive.group("argument")))
    return blocks


def rst_directives(lines: list[str]) -> Iterator[tuple[int, re.Match[str]]]:
    """The directives of reST source lines whose content is not skipped by
    :func:`rst_prose_lines`, with their line index; a glossary's content is not searched."""
    for index, directive in _scan(lines):
        if directive is not None:
            yield index, directive


def rst_prose_lines(lines: list[str]) -> Iterator[int]:
    """The indices of the lines that reST parses as text with inline markup: not literal
    blocks, code directives, comments or the bodies of targets and substitutions."""
    for index, directive in _scan(lines):
        if directive is None:
            yield index


def _scan(lines: list[str]) -> Iterator[tuple[int, re.Match[str] | None]]:
    """Walk reST lines: ``(index, directive match)`` for a directive line, ``(index, None)``
    for a line of text; literal content is passed over, and so is a glossary's content
    after its directive line (its readers take it from there)."""
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        directive = _DIRECTIVE.match(stripped)
        if directive and directive.group("name").lower() in GLOSSARY_DIRECTIVES:
            yield index, directive
            index = _block_end(lines, index + 1, indent)
        elif directive and directive.group("name").lower() in LITERAL_DIRECTIVES:
            index = _block_end(lines, index + 1, indent)
        elif directive and (directive.group("argument") or "").endswith("::"):
            # ".. note:: Example::": its first paragraph announces a literal block, indented
            # more than the directive's content.
            yield index, directive
            index = _block_end(lines, index + 1, indent + 3)
        elif directive:
            # A directive whose body is reST: keep scanning inside it.
            yield index, directive
            index += 1
        elif _NOTE_OR_SUBSTITUTION.match(stripped):
            # A footnote, citation or substitution definition: its body is reST text.
            yield index, None
            index += 1
        elif _EXPLICIT_MARKUP.match(stripped):
            # The body of a comment or a hyperlink target: not reST text.
            index = _block_end(lines, index + 1, indent)
        elif stripped.startswith(">>>"):
            # A doctest block: it runs to the next blank line.
            while index < len(lines) and lines[index].strip():
                index += 1
        elif stripped.endswith("::"):
            # A paragraph ending in "::" introduces an indented literal block. Other lines of
            # the paragraph never matter, so looking only at this line is enough.
            yield index, None
            index = _block_end(lines, index + 1, indent)
        else:
            yield index, None
            index += 1


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """The index after the block that starts at ``start``: lines indented more than
    ``indent``, and blank lines between them (trailing blank lines are not part of it)."""
    end = start
    index = start
    while index < len(lines):
        line = lines[index]
        if line:
            if len(line) - len(line.lstrip()) <= indent:
                break
            end = index + 1
        index += 1
    return end


def _read_glossary(
    lines: list[str], start: int, display_path: str, argument: str | None
) -> GlossaryBlock:
    """Read the glossary whose directive line is ``lines[start]``."""
    line = lines[start]
    indent = len(line) - len(line.lstrip())
    end = _block_end(lines, start + 1, indent)
    diagnostics: list[Diagnostic] = []
    if argument:
        diagnostics.append(
            Diagnostic(
                WarningSubtype.INVALID_TERM,
                f"the glossary directive takes no argument; {argument!r} is ignored",
                Location(display_path, start + 1),
            )
        )
    block = list(range(start + 1, end))
    # As docutils does: the options are the field lines at the top of the block, up to the
    # first blank line; everything after them is content.
    options: set[str] = set()
    position = 0
    while position < len(block) and not lines[block[position]]:
        position += 1
    while position < len(block) and lines[block[position]]:
        option = _OPTION.match(lines[block[position]].lstrip())
        if not option:
            break
        options.add(option.group("name").strip().lower())
        position += 1
    glossary = read_glossary_content(lines, block[position:], display_path, start)
    glossary.end, glossary.indent, glossary.sorted = end, indent, "sorted" in options
    glossary.diagnostics[:0] = diagnostics
    return glossary


def read_glossary_content(
    lines: list[str], content: list[int], display_path: str, start: int
) -> GlossaryBlock:
    """Read a glossary's entries from its content lines (options already taken off).

    :param content: the indices of the content lines in ``lines``.
    :param start: the index of the glossary's first line, where problems of the whole
        glossary are reported; the block spans to the last content line (callers that know
        better set :attr:`GlossaryBlock.end`).
    """
    end = content[-1] + 1 if content else start + 1
    nonblank = [lines[i] for i in content if lines[i]]
    if not nonblank:
        problem = Diagnostic(
            WarningSubtype.INVALID_TERM,
            "empty glossary: it has no entries",
            Location(display_path, start + 1),
        )
        return GlossaryBlock(start, end, 0, False, [], [problem], complete=False)
    margin = min(len(line) - len(line.lstrip()) for line in nonblank)
    entries, diagnostics, complete, comments = _split_entries(lines, content, margin, display_path)
    for entry in entries:
        names = entry_names(entry)
        if not names:
            complete = False
            diagnostics.append(
                Diagnostic(
                    WarningSubtype.INVALID_TERM,
                    "glossary entry without a readable term name; it is skipped",
                    Location(display_path, entry.line),
                )
            )
        elif not entry.definition:
            complete = False
            diagnostics.append(
                Diagnostic(
                    WarningSubtype.INVALID_TERM,
                    f"glossary term {names[0]!r} has no definition (indent it under the term "
                    f"line); the entry is skipped",
                    Location(display_path, entry.line),
                )
            )
    diagnostics.sort(key=lambda diagnostic: diagnostic.location.line or 0)
    return GlossaryBlock(start, end, 0, False, entries, diagnostics, complete, comments)


def _split_entries(
    lines: list[str], content: list[int], margin: int, display_path: str
) -> tuple[list[GlossaryEntry], list[Diagnostic], bool, list[tuple[str, int]]]:
    """Group a glossary's content lines into entries, line by line as Sphinx does.

    :return: the entries, the problems, whether no definition line was skipped, and the
        comments between entries (see :attr:`GlossaryBlock.comments`).
    """
    comments: list[tuple[str, int]] = []
    entries: list[GlossaryEntry] = []
    diagnostics: list[Diagnostic] = []
    in_definition = True  # True until the first term line, so the first term starts an entry
    in_comment = False
    was_blank = True
    orphan_reported = False
    for index in content:
        line = lines[index]
        number = index + 1
        if not line:
            if in_definition and entries:
                entries[-1].body.append(("", number))
            was_blank = True
            continue
        relative = line[margin:]
        if not relative[0].isspace():
            if _EXPLICIT_MARKUP.match(relative):
                comments.append((relative, number))
                in_comment = True
                was_blank = False
                continue
            in_comment = False
            term_text, *classifiers = (part.strip() for part in _CLASSIFIER.split(relative))
            if in_definition:
                entries.append(GlossaryEntry([(term_text, number)]))
                in_definition = False
            else:
                if was_blank:
                    diagnostics.append(
                        Diagnostic(
                            WarningSubtype.INVALID_TERM,
                            f"glossary term {term_text!r} is separated from the term line "
                            f"above by a blank line; it is read as an alias of "
                            f"{rst_plain(entries[-1].terms[0][0])!r}, as Sphinx does",
                            Location(display_path, number),
                        )
                    )
                entries[-1].terms.append((term_text, number))
            entries[-1].classifiers.extend(classifiers)
        elif in_comment:
            pass
        else:
            in_definition = True
            if entries:
                entries[-1].body.append((line, number))
            elif not orphan_reported:
                # One report per run of orphan lines is enough to point at the mistake.
                orphan_reported = True
                diagnostics.append(
                    Diagnostic(
                        WarningSubtype.INVALID_TERM,
                        "glossary definition text without a term line above it (check the "
                        "indentation); it is skipped",
                        Location(display_path, number),
                    )
                )
        was_blank = False
    return entries, diagnostics, not orphan_reported, comments


def _dedent_body(body: list[tuple[str, int]]) -> str:
    """A definition's lines as one reST text: common indentation removed, blank lines kept
    inside, none at either end."""
    texts = [text for text, _ in body]
    while texts and not texts[-1]:
        texts.pop()
    while texts and not texts[0]:
        texts.pop(0)
    if not texts:
        return ""
    margin = min(len(text) - len(text.lstrip()) for text in texts if text)
    return "\n".join(text[margin:] for text in texts)
