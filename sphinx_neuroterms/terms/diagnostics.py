"""Diagnostics: the warning type, its documented subtypes, and located problem records.

Every problem the extension or the command line reports is a :class:`Diagnostic`. Inside a
Sphinx build each becomes a warning of type ``neuroterms`` with the subtype's value, so
``suppress_warnings = ["neuroterms.unknown"]`` silences exactly one kind.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from sphinx_neuroterms.terms.model import Location

#: The ``type`` of every warning this package emits (``suppress_warnings = ["neuroterms"]``).
WARNING_TYPE = "neuroterms"


class Severity(enum.IntEnum):
    """How bad a problem is: errors make ``neuroterms check`` exit 1."""

    WARNING = 1
    ERROR = 2


class WarningSubtype(enum.StrEnum):
    """The subtypes of ``neuroterms`` warnings; each member's docstring is user documentation."""

    def __new__(cls, value: str, severity: Severity, doc: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.doc = doc
        return member

    severity: Severity
    doc: str

    SOURCE_MISSING = (
        "source_missing",
        Severity.ERROR,
        "A configured source (file, folder or glob) matches no readable term file.",
    )
    SOURCE_UNREADABLE = (
        "source_unreadable",
        Severity.ERROR,
        (
            "A folder of a configured source (or below it) cannot be read, for want of "
            "permission say; the term files in it are left out and the rest load."
        ),
    )
    UNSUPPORTED_FORMAT = (
        "unsupported_format",
        Severity.ERROR,
        "A term file has a suffix that no loader handles.",
    )
    ENCODING = (
        "encoding",
        Severity.ERROR,
        (
            "A term file is not valid UTF-8 or contains NUL bytes (the offending byte offset is "
            "given), or an escape in it makes text that is not Unicode (a lone surrogate such as "
            "JSON's ``\\udfff``; that value is dropped, or its term skipped when it is the name "
            "or definition)."
        ),
    )
    PARSE = (
        "parse",
        Severity.ERROR,
        (
            "A YAML, JSON, TOML, CSV, TSV or TBX term file is malformed, too deeply nested, "
            "expands too much or declares a document type; or a compiled term catalog "
            "(``neuroterms-terms.mo``) is not valid, and its translations are not used."
        ),
    )
    DUPLICATE_KEY = (
        "duplicate_key",
        Severity.ERROR,
        "A mapping repeats a key; the first value is kept.",
    )
    INVALID_TERM = (
        "invalid_term",
        Severity.ERROR,
        "A term entry lacks a name or definition, or is not a mapping; it is skipped.",
    )
    WRONG_TYPE = (
        "wrong_type",
        Severity.ERROR,
        (
            "A field has the wrong type (a list where text belongs, YAML's ``no`` read as false, "
            "a number as a name); the field is dropped or coerced as the message says."
        ),
    )
    UNKNOWN_KEY = (
        "unknown_key",
        Severity.WARNING,
        "A term entry has a key that the format does not define; it is ignored.",
    )
    UNSAFE_URL = (
        "unsafe_url",
        Severity.ERROR,
        "A ``source`` URL is neither http(s) nor relative; it is dropped.",
    )
    DUPLICATE_TERM = (
        "duplicate_term",
        Severity.ERROR,
        "Two terms claim the same name or alias; the first one read keeps it.",
    )
    TEXT_NO_NAME = (
        "text_no_name",
        Severity.ERROR,
        (
            "A plain-text glossary page's first paragraph does not open with a recognisable "
            "term name; the file name is used instead."
        ),
    )
    TEXT_UNPLACED = (
        "text_unplaced",
        Severity.WARNING,
        "A line of a plain-text glossary page could not be placed; it is kept as a note.",
    )
    UNKNOWN = (
        "unknown",
        Severity.WARNING,
        "A reference names no known term; its text is rendered unlinked.",
    )
    NO_ENTRY = (
        "no_entry",
        Severity.WARNING,
        (
            "A term is referenced but no ``nterm-glossary`` lists it (nor an ``nterm`` "
            "directive defines it), so its references have a tooltip but nowhere to link to."
        ),
    )
    SEE_ALSO_UNKNOWN = (
        "see_also_unknown",
        Severity.WARNING,
        "A ``see_also`` entry names no known term; it is shown without a link.",
    )
    SEE_ALSO_SELF = (
        "see_also_self",
        Severity.WARNING,
        "A ``see_also`` entry names the term itself (or one of its aliases); it is not shown.",
    )
    IDENTIFIER = (
        "identifier",
        Severity.WARNING,
        (
            "An ``identifiers`` entry of a term cannot be expanded to a URL: it is not a CURIE "
            "(``prefix:local id``), its prefix is neither in the shipped prefix map nor in "
            "``neuroterms_identifier_prefixes``, or its local identifier does not match the "
            "prefix's pattern. The term stays; the identifier is shown as text, not as a link."
        ),
    )
    OPTION = (
        "option",
        Severity.WARNING,
        "A directive option has an invalid value; its default is used.",
    )
    TERM_MARKUP = (
        "term_markup",
        Severity.WARNING,
        (
            "A term's text uses something that term text may not: what inserts files or raw "
            "output, changes the page outside the entry (``title``, ``default-role``, "
            "``highlight``…) or runs code (``ifconfig``, ``auto*``…), raw HTML in MyST, an "
            "image or download outside the project; or "
            "``neuroterms check`` found a problem in its markup; the rest of the text is "
            "shown. Sphinx's own warnings about term text, such as an unknown role, keep "
            "their own types and point at the term file too."
        ),
    )
    AVOID = (
        "avoid",
        Severity.WARNING,
        (
            "A page uses a name listed under a term's ``avoid`` (``neuroterms_lint`` check "
            "``avoid``); the warning names the term to use."
        ),
    )
    UNUSED = (
        "unused",
        Severity.WARNING,
        "No page references a term (``neuroterms_lint`` check ``unused``).",
    )
    UNLINKED = (
        "unlinked",
        Severity.WARNING,
        (
            "A page mentions a term in plain text but never links it (``neuroterms_lint`` "
            "check ``unlinked``); located at the first mention."
        ),
    )
    EXTERNAL = (
        "external",
        Severity.WARNING,
        (
            "A ``neuroterms.json`` of ``neuroterms_external`` cannot be fetched or read, or is "
            "not such a file; its terms stay unlinked (or keep their cached copy) and the build "
            "goes on."
        ),
    )
    NOT_KEPT = (
        "not_kept",
        Severity.WARNING,
        (
            "``neuroterms migrate`` moved a glossary to a term file, which cannot hold this part "
            "of it: the markup of a term line (an ``:abbr:`` expansion, an inline target, a "
            "footnote mark, emphasis; the name keeps the text Sphinx shows) or a comment between "
            "entries. Carry it over by hand if it matters."
        ),
    )
    CONFIG = (
        "config",
        Severity.ERROR,
        "A ``neuroterms_*`` configuration value is invalid; its default is used.",
    )


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One located problem found while loading or using terms."""

    #: What kind of problem this is.
    subtype: WarningSubtype
    #: A sentence for a person, without the location.
    message: str
    #: Where it is: file and 1-based line (``None`` when the whole file is meant).
    location: Location

    @property
    def severity(self) -> Severity:
        """The subtype's severity."""
        return self.subtype.severity

    def format(self) -> str:
        """Render as ``path:line: message`` (``path: message`` without a line)."""
        return f"{self.location}: {self.message}"


def format_diagnostic(diagnostic: Diagnostic) -> str:
    """``path:line: message [neuroterms.<subtype>]``, as the command line prints a problem."""
    return f"{diagnostic.format()} [{WARNING_TYPE}.{diagnostic.subtype.value}]"


@functools.lru_cache(maxsize=64)
def _file_lines(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    return tuple(Path(path).read_text(encoding="utf-8", errors="replace").splitlines())


def find_after(
    path: str, line: int, column: int, needle: str, within: int
) -> tuple[int, int] | None:
    """Where ``needle`` next occurs in the file ``path`` after line ``line``, column
    ``column``, within ``within`` lines: ``(line, column after it)``, or ``None`` (the file
    cannot be read, or the needle is not there: it was escaped, say).

    Term text loses its file positions when a format folds or quotes it (a YAML block scalar
    starts a line below its key, a JSON string holds ``\\n``), so a place inside the text is
    found by searching the file from the field's line: each line of the text after the
    previous one, whether the format keeps them on one line or spreads them over several.
    """
    try:
        stat = Path(path).stat()
        lines = _file_lines(path, stat.st_mtime_ns, stat.st_size)
    except OSError:
        return None
    first = max(line, 1)
    for number in range(first, min(len(lines), first + within - 1) + 1):
        start = column if number == first else 0
        found = lines[number - 1].find(needle, start)
        if found >= 0:
            return number, found + len(needle)
    return None


#: The terminology checks ``neuroterms_lint`` may list (see :mod:`sphinx_neuroterms.reading.lint`).
LINT_CHECKS = ("avoid", "unused", "unlinked")
