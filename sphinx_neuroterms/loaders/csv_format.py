"""Spreadsheet term files (``.csv``, ``.tsv``): a header row naming the keys, one term per row.

The header names the keys of a YAML term mapping (``term``, ``definition``, ``aliases`` …);
a ``section:Title`` column holds the section of that title, and ``origin`` and ``mechanism``
are columns like any other. Each row becomes the mapping a YAML entry would parse to, with the
line of each cell recorded, and goes through the same schema check
(:func:`~sphinx_neuroterms.loaders.mapping.mapping_to_term`): the same terms, the same
problems in the same words, located at the row (the line its first cell starts on, right
even when an earlier row has quoted cells over several lines).

What a cell holds:

- Text keys take the cell as it is (quoted cells may span lines and paragraphs).
- List keys (``aliases``, ``see_also``, ``notes``, ``tags``, ``avoid``, ``identifiers``) are
  split at ``;``. Inside a list cell ``\\;`` is a literal semicolon and ``\\\\`` a literal
  backslash; any other backslash is kept as written (so reST escapes such as ``\\*`` pass).
- ``autolink`` is ``true`` or ``false`` (any case, as spreadsheets write them).
- An optional ``markup`` column gives a row's markup (``rst``, ``myst`` or ``text``); an empty
  cell, or no such column, means the project's default (``neuroterms_markup``).
- An empty cell is an absent key; a row whose cells are all empty is skipped.
- A cell that starts with ``'`` followed by ``=``, ``+``, ``-``, ``@`` or ``'`` loses that
  first ``'``: the exporter adds it so that spreadsheet programs do not run such cells as
  formulas.

Unknown and repeated columns are reported once, at the header's line. A malformed file (an
unclosed quote) is one :attr:`~WarningSubtype.PARSE` problem and loads nothing.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from sphinx_neuroterms.loaders import LoaderOptions, LoadResult
from sphinx_neuroterms.loaders.fields import MARKUP_VALUES, TERM_FIELDS, TERM_KEYS, TermField
from sphinx_neuroterms.loaders.lines import LineIndex
from sphinx_neuroterms.loaders.mapping import mapping_to_term
from sphinx_neuroterms.loaders.parsing import failed, with_diagnostics
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location, Markup, Term

#: What separates the items of a list cell.
LIST_SEPARATOR = ";"
#: The prefix of a section column's header: ``section:Origin``.
SECTION_PREFIX = "section:"
#: The optional column that gives a row's markup.
MARKUP_COLUMN = "markup"
#: The first characters that make a spreadsheet program read a cell as a formula; a cell
#: starting with one of them (or with the protecting quote itself) is written behind a ``'``.
FORMULA_STARTS = frozenset("=+-@'")

_FIELDS: dict[str, TermField] = {field.key: field for field in TERM_FIELDS}
_TRUE_WORDS = frozenset({"true"})
_FALSE_WORDS = frozenset({"false"})
_LIST_TOKEN = re.compile(r"\\[\\;]|;")


class _Column(NamedTuple):
    """What a header cell names: a term key, a section (``title``), or the markup column."""

    kind: str  # "key", "section" or "markup"
    name: str


def load_csv(text: str, display_path: str, options: LoaderOptions) -> LoadResult:
    """Load a comma-separated term file (see the module's description)."""
    return _load_table(text, display_path, options, ",")


def load_tsv(text: str, display_path: str, options: LoaderOptions) -> LoadResult:
    """Load a tab-separated term file (quoted cells as in CSV)."""
    return _load_table(text, display_path, options, "\t")


class _Rows:
    """The rows of a table, each with the line it starts on; :attr:`start` is the line of the
    row being read (where a :class:`csv.Error` is reported)."""

    def __init__(self, text: str, delimiter: str) -> None:
        # A cell may be as long as the file (a long definition): Python's reader refuses
        # cells over 128 KiB by default, which would load nothing from the whole file.
        if csv.field_size_limit() <= len(text):
            csv.field_size_limit(len(text) + 1)
        self._reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        self.start = 1

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        for cells in self._reader:
            yield self.start, cells
            self.start = self._reader.line_num + 1


def _load_table(text: str, display_path: str, options: LoaderOptions, delimiter: str) -> LoadResult:
    diagnostics: list[Diagnostic] = []
    rows = _Rows(text, delimiter)
    terms: list[Term] = []
    header: list[_Column | None] | None = None
    header_line = 1
    try:
        for line, cells in rows:
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header_line = line
                header = _read_header(cells, display_path, line, diagnostics)
                if header is None:
                    return LoadResult([], diagnostics)
                continue
            term = _read_row(
                header,
                cells,
                line,
                header_line=header_line,
                path=display_path,
                options=options,
                diagnostics=diagnostics,
            )
            if term is not None:
                terms.append(term)
    except csv.Error as error:
        # The reader has consumed the rest of the file looking for the end of a quoted cell.
        message = f"invalid {'CSV' if delimiter == ',' else 'TSV'}: {error}"
        hint = " (a quoted cell is not closed?)" if "end of data" in str(error) else ""
        return failed(display_path, message + hint, rows.start, diagnostics)
    return with_diagnostics(LoadResult(terms, []), diagnostics)


def _read_header(
    cells: list[str], path: str, line: int, diagnostics: list[Diagnostic]
) -> list[_Column | None] | None:
    """The columns the header names (``None`` for an ignored one); ``None`` if unusable."""
    columns: list[_Column | None] = []
    seen: dict[_Column, int] = {}
    for number, cell in enumerate(cells, start=1):
        name = " ".join(cell.split())
        column = _column(name)
        if column is None:
            if name:
                diagnostics.append(_unknown_column(name, number, path, line))
            columns.append(None)
            continue
        if column in seen:
            message = (
                f"column {number} ({name!r}) repeats column {seen[column]}; the first is "
                f"kept and this one is ignored"
            )
            diagnostics.append(
                Diagnostic(WarningSubtype.DUPLICATE_KEY, message, Location(path, line))
            )
            columns.append(None)
            continue
        seen[column] = number
        columns.append(column)
    missing = [key for key in ("term", "definition") if _Column("key", key) not in seen]
    if missing:
        names = " and ".join(repr(key) for key in missing)
        message = (
            f"the header row names no {names} column; a spreadsheet of terms needs a header "
            f"row naming its keys ('term', 'definition', …); nothing is loaded"
        )
        diagnostics.append(Diagnostic(WarningSubtype.INVALID_TERM, message, Location(path, line)))
        return None
    return columns


def _column(name: str) -> _Column | None:
    if name.startswith(SECTION_PREFIX):
        title = name[len(SECTION_PREFIX) :].strip()
        return _Column("section", title) if title else None
    if name == MARKUP_COLUMN:
        return _Column("markup", name)
    if name in _FIELDS and _FIELDS[name].kind != "sections":
        return _Column("key", name)
    return None


def _unknown_column(name: str, number: int, path: str, line: int) -> Diagnostic:
    if name == "sections":
        message = (
            f"column {number} ('sections') is ignored: write each section as a column "
            f"'{SECTION_PREFIX}Title'"
        )
    elif name.startswith(SECTION_PREFIX):
        message = f"column {number} ({name!r}) names no section title; it is ignored"
    else:
        message = f"unknown column {name!r} (column {number}) is ignored"
        canonical = re.sub(r"[\s\-]+", "_", name.strip().lower())
        known = sorted(key for key in (*TERM_KEYS, MARKUP_COLUMN) if key != "sections")
        matches = difflib.get_close_matches(canonical, known, n=1, cutoff=0.7)
        if matches:
            message += f"; did you mean {matches[0]!r}?"
    return Diagnostic(WarningSubtype.UNKNOWN_KEY, message, Location(path, line))


def _read_row(
    header: list[_Column | None],
    cells: list[str],
    line: int,
    *,
    header_line: int,
    path: str,
    options: LoaderOptions,
    diagnostics: list[Diagnostic],
) -> Term | None:
    """One row as a term mapping, checked by the schema shared with YAML."""
    entry: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    sections: dict[str, str] = {}
    section_lines: dict[str, int] = {}
    index = LineIndex()
    markup: Markup = options.default_markup
    cell_line = line
    for number, raw in enumerate(cells):
        here = cell_line
        cell_line += raw.count("\n")
        column = header[number] if number < len(header) else None
        if column is None:
            if number >= len(header) and raw.strip():
                message = (
                    f"cell {number + 1} of the row has no column (the header at line "
                    f"{header_line} names {len(header)}); it is ignored"
                )
                diagnostics.append(
                    Diagnostic(WarningSubtype.UNKNOWN_KEY, message, Location(path, here))
                )
            continue
        cell = unprotect(raw)
        if column.kind == "markup":
            markup = _row_markup(cell, path, here, diagnostics, options.default_markup)
            continue
        if column.kind == "section":
            if cell.strip():
                sections[column.name] = cell
                section_lines[column.name] = here
            continue
        field = _FIELDS[column.name]
        if not cell.strip() and not field.required:
            continue
        key_lines[column.name] = here
        if field.kind in ("line_list", "text_list"):
            items, item_lines = split_list(cell, here)
            entry[column.name] = items
            index.add_sequence(items, here, item_lines)
        elif field.kind == "flag":
            entry[column.name] = _flag(cell)
        else:
            entry[column.name] = cell
    if sections:
        entry["sections"] = sections
        key_lines["sections"] = min(section_lines.values())
        index.add_mapping(sections, key_lines["sections"], section_lines)
    index.add_mapping(entry, line, key_lines)
    return mapping_to_term(entry, index, path, options.markup or markup, diagnostics)


def split_list(cell: str, line: int) -> tuple[list[str], list[int]]:
    """The items of a list cell and the line each starts on (``\\;`` and ``\\\\`` unescaped)."""
    items: list[str] = []
    lines: list[int] = []
    current: list[str] = []
    start = 0
    position = 0
    for match in _LIST_TOKEN.finditer(cell):
        current.append(cell[position : match.start()])
        if match.group() == LIST_SEPARATOR:
            items.append("".join(current))
            lines.append(line + _leading_line(cell, start, match.start()))
            current = []
            start = match.end()
        else:
            current.append(match.group()[1])
        position = match.end()
    current.append(cell[position:])
    items.append("".join(current))
    lines.append(line + _leading_line(cell, start, len(cell)))
    return items, lines


def _leading_line(cell: str, start: int, end: int) -> int:
    """How many lines into the cell an item starting at ``start`` begins (its first text)."""
    text = cell[start:end]
    skipped = len(text) - len(text.lstrip())
    return cell.count("\n", 0, start + skipped)


def unprotect(cell: str) -> str:
    """Undo the exporter's formula protection: drop a ``'`` before ``= + - @ '``."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def _flag(cell: str) -> object:
    word = cell.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    return cell.strip()  # the schema reports it and keeps the default


def _row_markup(
    cell: str, path: str, line: int, diagnostics: list[Diagnostic], default: Markup
) -> Markup:
    word = cell.strip().lower()
    if not word:
        return default
    for markup in MARKUP_VALUES:
        if word == markup:
            return markup
    expected = ", ".join(repr(markup) for markup in MARKUP_VALUES)
    message = f"'markup' is {cell.strip()!r}; expected one of {expected}, so {default!r} is used"
    diagnostics.append(Diagnostic(WarningSubtype.WRONG_TYPE, message, Location(path, line)))
    return default
