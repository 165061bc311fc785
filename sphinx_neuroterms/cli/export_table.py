"""Writing terms as a spreadsheet (``--format csv`` and ``tsv``) that the CSV loader reads back.

One row per term, one column per key any term uses (in the order of YAML's keys), sections as
``section:Title`` columns, list items joined with ``;`` (a ``;`` or ``\\`` inside an item
escaped with ``\\``), and a ``markup`` column when some term is not reStructuredText: a row
keeps its own markup, so terms of several markups share a file. Reading the file back gives
the same terms, apart from their locations. What a spreadsheet cannot hold raises
:class:`~sphinx_neuroterms.cli.export_common.ExportError` before anything is written.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Sequence

from sphinx_neuroterms.cli.export_common import ExportError
from sphinx_neuroterms.loaders.csv_format import (
    FORMULA_STARTS,
    LIST_SEPARATOR,
    MARKUP_COLUMN,
    SECTION_PREFIX,
)
from sphinx_neuroterms.terms.model import Term

#: The columns before the sections, and after them, in the order of the YAML writer's keys.
_LEADING = ("term", "display", "definition", "aliases")
_TRAILING = ("see_also", "notes", "tags", "avoid", "identifiers", "source", "autolink")
_LISTS = frozenset({"aliases", "see_also", "notes", "tags", "avoid", "identifiers"})


def dump_csv(terms: Sequence[Term], *, include_location: bool = False) -> str:
    """Write terms as a comma-separated term file (raises :class:`ExportError`)."""
    return _dump_table(terms, ",", include_location=include_location)


def dump_tsv(terms: Sequence[Term], *, include_location: bool = False) -> str:
    """Write terms as a tab-separated term file (raises :class:`ExportError`)."""
    return _dump_table(terms, "\t", include_location=include_location)


def _dump_table(terms: Sequence[Term], delimiter: str, *, include_location: bool) -> str:
    titles = section_columns(terms)
    header = [key for key in _LEADING if key in ("term", "definition") or _uses(terms, key)]
    header += [SECTION_PREFIX + title for title in titles]
    header += [key for key in _TRAILING if _uses(terms, key)]
    if any(term.markup != "rst" for term in terms):
        header.append(MARKUP_COLUMN)
    if include_location:
        header.append("location")
    limit = csv.field_size_limit()
    output = io.StringIO()
    writer = csv.writer(output, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for term in terms:
        row = []
        for column in header:
            cell = _cell(term, column)
            if "\r" in cell:
                raise ExportError(
                    f"term {term.name!r}: {column!r} holds a carriage return, which a "
                    f"spreadsheet's line ends do not keep"
                )
            if len(cell) > limit:
                raise ExportError(
                    f"term {term.name!r}: {column!r} is longer than a cell may be "
                    f"({len(cell)} characters, at most {limit})"
                )
            row.append(protect(cell))
        writer.writerow(row)
    return output.getvalue()


def _uses(terms: Sequence[Term], key: str) -> bool:
    return any(_cell(term, key) for term in terms)


def _cell(term: Term, column: str) -> str:
    if column.startswith(SECTION_PREFIX):
        return dict(term.sections).get(column[len(SECTION_PREFIX) :], "")
    if column in _LISTS:
        items: tuple[str, ...] = getattr(term, column)
        return f"{LIST_SEPARATOR} ".join(escape_item(item) for item in items)
    if column == "term":
        return term.name
    if column == "autolink":
        return "" if term.autolink else "false"
    if column == MARKUP_COLUMN:
        return term.markup
    if column == "location":
        return str(term.location)
    value: str | None = getattr(term, column)
    return value or ""


def escape_item(item: str) -> str:
    """A list item as a cell writes it: ``\\`` and ``;`` escaped with a backslash."""
    return item.replace("\\", "\\\\").replace(LIST_SEPARATOR, "\\" + LIST_SEPARATOR)


def protect(cell: str) -> str:
    """Put a ``'`` before a cell a spreadsheet program would run as a formula (the CSV loader
    takes it away again)."""
    return "'" + cell if cell[:1] in FORMULA_STARTS else cell


def section_columns(terms: Sequence[Term]) -> list[str]:
    """The section titles as columns, in an order that keeps every term's order of sections.

    Titles are ordered as the terms order them (a topological order, first-seen first where
    they do not say). When terms order titles in a circle (one has ``A`` before ``B``, another
    ``B`` before ``A``), no order of columns keeps both: :class:`ExportError` names the first
    term that closes the circle.
    """
    columns = _ordered_titles(terms)
    if columns is not None:
        return columns
    # Only on failure: the shortest run of terms that has no order names the culprit.
    culprit = next(
        term for count, term in enumerate(terms, 1) if _ordered_titles(terms[:count]) is None
    )
    order = ", ".join(repr(title) for title, _text in culprit.sections)
    raise ExportError(
        f"term {culprit.name!r}: its sections come in an order ({order}) that the section "
        f"columns, shared by every row, cannot keep: an earlier term orders the same titles "
        f"the other way round"
    )


def _ordered_titles(terms: Sequence[Term]) -> list[str] | None:
    """Kahn's topological sort of the titles by the terms' orders; ``None`` for a circle."""
    seen: dict[str, int] = {}
    after: dict[str, set[str]] = {}
    waiting: dict[str, int] = {}
    for term in terms:
        titles = [title for title, _text in term.sections]
        for title in titles:
            if title not in seen:
                seen[title] = len(seen)
                after[title] = set()
                waiting[title] = 0
        for first, second in itertools.pairwise(titles):
            if second not in after[first]:
                after[first].add(second)
                waiting[second] += 1
    ready = sorted((title for title, count in waiting.items() if count == 0), key=seen.__getitem__)
    columns: list[str] = []
    while ready:
        title = ready.pop(0)
        columns.append(title)
        for later in after[title]:
            waiting[later] -= 1
            if waiting[later] == 0:
                ready.append(later)
        ready.sort(key=seen.__getitem__)
    return columns if len(columns) == len(seen) else None
