"""Reading the ``.. glossary::`` blocks of reStructuredText files as terms, for
``neuroterms import``.

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

Nothing here imports Sphinx or docutils.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_neuroterms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.loaders import LoaderOptions, LoadResult, load_with
from sphinx_neuroterms.model import Location, Term
from sphinx_neuroterms.text import rst_plain

#: The directive names read as glossaries (Sphinx's, bare or with its domain).
GLOSSARY_DIRECTIVES = frozenset({"glossary", "std:glossary"})

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
_DIRECTIVE = re.compile(r"^\.\.\s+(?P<name>[\w][\w:.+-]*?)\s?::(?:\s+(?P<argument>.*))?$")
#: Sphinx splits classifiers off a term line at a colon with spaces around it.
_CLASSIFIER = re.compile(r" +: +")
#: A directive option line, ``:name:`` or ``:name: value``.
_OPTION = re.compile(r"^:(?P<name>[^:\s][^:]*):(?:\s+(?P<value>.*))?$")


@dataclass
class _Entry:
    """One glossary entry while it is read: its term lines and definition lines."""

    #: ``(text, line number)`` of each term line, classifiers already removed.
    terms: list[tuple[str, int]]
    #: The definition's raw lines (indentation kept) with their line numbers.
    body: list[tuple[str, int]] = field(default_factory=list)


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
    lines = [line.expandtabs(8).rstrip() for line in text.split("\n")]
    terms: list[Term] = []
    diagnostics: list[Diagnostic] = []
    found = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        directive = _DIRECTIVE.match(stripped)
        if directive and directive.group("name").lower() in GLOSSARY_DIRECTIVES:
            found += 1
            end = _block_end(lines, index + 1, indent)
            glossary_terms, problems = _read_glossary(
                lines, index, end, display_path, directive.group("argument")
            )
            terms.extend(
                Term(name, definition, location, aliases=aliases, markup=markup)
                for name, aliases, definition, location in glossary_terms
            )
            diagnostics.extend(problems)
            index = end
        elif (directive and directive.group("name").lower() in LITERAL_DIRECTIVES) or (
            not directive and _EXPLICIT_MARKUP.match(stripped)
        ):
            # Literal content, or the body of a comment, target or footnote: not reST markup.
            index = _block_end(lines, index + 1, indent)
        elif stripped.endswith("::") and not directive:
            # A paragraph ending in "::" introduces an indented literal block. Other lines of
            # the paragraph never matter, so looking only at this line is enough.
            index = _block_end(lines, index + 1, indent)
        else:
            # Ordinary text, or a directive whose body is reST: keep scanning inside it.
            index += 1
    if not found:
        diagnostics.append(
            Diagnostic(
                WarningSubtype.SOURCE_MISSING,
                "no '.. glossary::' directive in this reST file; nothing to import",
                Location(display_path),
            )
        )
    return LoadResult(terms, diagnostics)


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
    lines: list[str], start: int, end: int, display_path: str, argument: str | None
) -> tuple[list[tuple[str, tuple[str, ...], str, Location]], list[Diagnostic]]:
    """Read the glossary whose directive line is ``lines[start]`` and whose block ends at ``end``.

    :return: ``(name, aliases, definition, location)`` per entry, and the problems found.
    """
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
    content = block[position:]
    nonblank = [lines[i] for i in content if lines[i]]
    if not nonblank:
        diagnostics.append(
            Diagnostic(
                WarningSubtype.INVALID_TERM,
                "empty glossary: it has no entries",
                Location(display_path, start + 1),
            )
        )
        return [], diagnostics
    margin = min(len(line) - len(line.lstrip()) for line in nonblank)

    entries, problems = _split_entries(lines, content, margin, display_path)
    diagnostics.extend(problems)
    results: list[tuple[str, tuple[str, ...], str, Location]] = []
    for entry in entries:
        name_line = entry.terms[0][1]
        names = [name for name in (rst_plain(text) for text, _ in entry.terms) if name]
        definition = _dedent_body(entry.body)
        if not names:
            diagnostics.append(
                Diagnostic(
                    WarningSubtype.INVALID_TERM,
                    "glossary entry without a readable term name; it is skipped",
                    Location(display_path, name_line),
                )
            )
            continue
        if not definition:
            diagnostics.append(
                Diagnostic(
                    WarningSubtype.INVALID_TERM,
                    f"glossary term {names[0]!r} has no definition (indent it under the term "
                    f"line); the entry is skipped",
                    Location(display_path, name_line),
                )
            )
            continue
        results.append((names[0], tuple(names[1:]), definition, Location(display_path, name_line)))
    if "sorted" in options:
        # Sphinx's GlossarySorter key: the first term, lower-cased, in NFD.
        results.sort(key=lambda result: unicodedata.normalize("NFD", result[0].lower()))
    return results, diagnostics


def _split_entries(
    lines: list[str], content: list[int], margin: int, display_path: str
) -> tuple[list[_Entry], list[Diagnostic]]:
    """Group a glossary's content lines into entries, line by line as Sphinx does."""
    entries: list[_Entry] = []
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
                in_comment = True
                was_blank = False
                continue
            in_comment = False
            term_text = _CLASSIFIER.split(relative)[0].strip()
            if in_definition:
                entries.append(_Entry([(term_text, number)]))
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
    return entries, diagnostics


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


