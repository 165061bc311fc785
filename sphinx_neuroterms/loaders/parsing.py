"""What the YAML, JSON and TOML loaders share: the limits on hostile input, failed results,
and finding the line of a problem that a parser reports without one.

Each loader parses the text into plain Python values, records where every mapping, key and
list item starts in a :class:`~sphinx_neuroterms.loaders.mapping.LineIndex`, and hands both to
:func:`~sphinx_neuroterms.loaders.mapping.document_to_terms`, which knows the term schema.
A syntax error is one :attr:`~WarningSubtype.PARSE` diagnostic at its line and loads nothing
from that file; problems inside well-formed files skip only the entries concerned.

Hostile input is bounded: nesting deeper than :data:`MAX_DEPTH` levels and YAML aliases that
would expand to more than :data:`MAX_ALIAS_EXPANSION` nodes stop the file with a
:attr:`~WarningSubtype.PARSE` diagnostic, quickly, instead of exhausting memory or the stack.
"""

from __future__ import annotations

import re
import sys

from sphinx_neuroterms.loaders import LoadResult
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location

#: How deeply lists and mappings may nest. A term file needs four levels (file, term list,
#: term, sections); the limit stops pathological input long before the interpreter's stack
#: (or, for libyaml, the C stack and its quadratic time on deep flow collections) is at risk.
MAX_DEPTH = 100

#: How many nodes YAML aliases may add in total when expanded. Aliases are resolved by sharing
#: the anchored value, so nothing is copied, but a "billion laughs" document would still expand
#: to billions of nodes in any consumer that walks it; it is refused instead.
MAX_ALIAS_EXPANSION = 1_000_000


class FatalParseError(Exception):
    """Stops a parse: the file is malformed or hostile. Carries the line (``None``: unknown)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def with_diagnostics(result: LoadResult, diagnostics: list[Diagnostic]) -> LoadResult:
    """Add the parser's diagnostics to the schema's, in line order (whole-file ones first).

    Parsers and the schema check find problems in different passes; a reader wants them in
    the order of the file. The sort is stable, so problems on one line keep their order.
    """
    combined = sorted(diagnostics + result.diagnostics, key=lambda item: item.location.line or 0)
    return LoadResult(result.terms, combined)


def failed(
    display_path: str, message: str, line: int | None, diagnostics: list[Diagnostic]
) -> LoadResult:
    """A file that could not be parsed: no terms, the problem last."""
    problem = Diagnostic(WarningSubtype.PARSE, message, Location(display_path, line))
    return LoadResult([], [*diagnostics, problem])


_NESTING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[\[\]{}]""")


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def too_deep_line(text: str) -> int:
    """The line where brackets and braces first nest deeper than :data:`MAX_DEPTH`.

    The parsers only raise :class:`RecursionError`; this finds the place for the warning.
    Quoted strings are skipped roughly (multi-line strings are rare in deep nesting).
    """
    depth = 0
    for match in _NESTING.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line_at(text, match.start())
        elif token in "]}":
            depth = max(depth - 1, 0)
    return 1


def long_number_line(text: str) -> int:
    """The line of the first number too long for Python to convert (its digit limit)."""
    limit = sys.get_int_max_str_digits() or 4300
    match = re.search(rf"[0-9_]{{{limit + 1},}}", text)
    return line_at(text, match.start()) if match else 1


