"""TOML term files: :mod:`tomllib`, with lines found by scanning the text (it reports none)."""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
import tomllib
from typing import Any

from sphinx_neuroterms.loaders import LoaderOptions, LoadResult
from sphinx_neuroterms.loaders.lines import LineIndex
from sphinx_neuroterms.loaders.mapping import document_to_terms
from sphinx_neuroterms.loaders.parsing import (
    failed,
    long_number_line,
    too_deep_line,
    with_diagnostics,
)


def load_toml(text: str, display_path: str, options: LoaderOptions) -> LoadResult:
    """Load a TOML term file: ``[[terms]]`` tables.

    :mod:`tomllib` reports no positions, so terms are located by matching the *n*-th
    ``[[terms]]`` header of the text to the *n*-th term, and keys by their ``key =`` lines;
    where that fails (an inline ``terms = [...]`` array) the location is the ``terms`` line.

    :param text: the decoded file.
    :param display_path: the path shown in diagnostics and term locations.
    :param options: interpretation settings.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message, line = _toml_error(error, text)
        return failed(display_path, message, line, [])
    except RecursionError:
        message = "invalid TOML: arrays or tables are nested too deeply"
        return failed(display_path, message, too_deep_line(text), [])
    except ValueError as error:  # e.g. an integer beyond int's digit limit
        return failed(display_path, f"invalid TOML: {error}", long_number_line(text), [])
    index = LineIndex()
    _index_toml(text, document, index)
    return with_diagnostics(document_to_terms(document, index, display_path, options), [])


_TOML_ERROR_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_KEY_PART = r"""(?:[A-Za-z0-9_\-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_TOML_KEY_LINE = re.compile(rf"\s*({_TOML_KEY_PART}(?:\s*\.\s*{_TOML_KEY_PART})*)\s*=")
_TOML_HEADER = re.compile(
    rf"\s*(\[\[?)\s*({_TOML_KEY_PART}(?:\s*\.\s*{_TOML_KEY_PART})*)\s*\]\]?\s*(?:#.*)?$"
)
_TOML_PARTS = re.compile(_TOML_KEY_PART)
_TOML_BARE_KEY = re.compile(r"[A-Za-z0-9_\-]+")
_TOML_SIMPLE_VALUE = re.compile(
    r"""\s*(?:"(?:[^"\\]|\\.)*"(?!")|'[^']*'(?!')|[^"'\[\]{}#\s]+)\s*(?:#.*)?$"""
)
# What matters inside a value: multi-line string openers, one-line strings (skipped whole, so
# brackets inside them do not count), brackets and braces, and a comment's "#".
_TOML_VALUE_TOKEN = re.compile(r'"""' + r"|'''" + r'|"(?:[^"\\]|\\.)*"?' + r"|'[^']*'?|[\[\]{}#]")


def _toml_error(error: tomllib.TOMLDecodeError, text: str) -> tuple[str, int | None]:
    """A PARSE message and line from :mod:`tomllib`'s ``… (at line N, column M)`` message."""
    message = str(error)
    line: int | None = None
    match = _TOML_ERROR_POSITION.search(message)
    if match:
        line = int(match.group(1))
        message = f"{message[: match.start()]} (column {match.group(2)})"
    elif message.endswith("(at end of document)"):
        line = text.rstrip("\n").count("\n") + 1  # the last line that has anything on it
        message = message.removesuffix(" (at end of document)") + " (at the end of the file)"
    if "overwrite" in message or "declare" in message:
        message += "; a key or table is probably given twice"
    return f"invalid TOML: {message}", line


def _toml_key(part: str) -> str:
    """A key as tomllib spells it, from its (possibly quoted) text."""
    if part.startswith("'"):
        return part[1:-1]
    if part.startswith('"'):
        try:
            return str(json.loads(part))  # TOML's basic-string escapes are JSON's, nearly
        except ValueError:
            return part[1:-1]
    return part


class _TomlScan:
    """Finds ``[[terms]]`` headers and ``key =`` lines, skipping multi-line strings and arrays."""

    def __init__(self) -> None:
        #: Line of each ``[[terms]]`` header, in order.
        self.term_lines: list[int] = []
        #: Key lines of each term table, and of its ``sections`` table.
        self.term_keys: list[dict[str, int]] = []
        self.section_keys: list[dict[str, int]] = []
        #: Key lines of the top-level table.
        self.top_keys: dict[str, int] = {}
        self._target: dict[str, int] | None = self.top_keys
        self._string: str | None = None  # the open multi-line string's delimiter
        self._depth = 0  # open brackets and braces of a value continuing on later lines

    def scan(self, text: str) -> None:
        for number, line in enumerate(text.split("\n"), start=1):
            if self._string is not None:
                close = _find_close(line, 0, self._string)
                if close < 0:
                    continue
                self._string = None
                self._skip_value(line, close + 3)
            elif self._depth > 0:
                self._skip_value(line, 0)
            elif (header := _TOML_HEADER.match(line)) is not None:
                self._header(header.group(1) == "[[", header.group(2), number)
            elif (key := _TOML_KEY_LINE.match(line)) is not None:
                self._key(key.group(1), number)
                # Most values are one string or number: nothing to track, one match to see it.
                if _TOML_SIMPLE_VALUE.match(line, key.end()) is None:
                    self._skip_value(line, key.end())

    def _header(self, array: bool, name: str, number: int) -> None:
        parts = [_toml_key(part) for part in _TOML_PARTS.findall(name)]
        if array and parts == ["terms"]:
            self.term_lines.append(number)
            self.term_keys.append({})
            self.section_keys.append({})
            self._target = self.term_keys[-1]
        elif not array and parts == ["terms", "sections"] and self.section_keys:
            self.term_keys[-1].setdefault("sections", number)
            self._target = self.section_keys[-1]
        else:
            self._target = None

    def _key(self, name: str, number: int) -> None:
        if self._target is None:
            return
        if _TOML_BARE_KEY.fullmatch(name):
            self._target.setdefault(name, number)
            return
        parts = [_toml_key(part) for part in _TOML_PARTS.findall(name)]
        self._target.setdefault(parts[0], number)
        # A dotted "sections.Origin = …" inside a term table places the section title too.
        if len(parts) == 2 and parts[0] == "sections" and self._target is not self.top_keys:
            self.section_keys[-1].setdefault(parts[1], number)

    def _skip_value(self, line: str, position: int) -> None:
        """Track strings, brackets and comments from ``position`` to the end of the line."""
        while (token := _TOML_VALUE_TOKEN.search(line, position)) is not None:
            text = token.group()
            position = token.end()
            if text == "#":
                return
            if text in ('"""', "'''"):
                close = _find_close(line, position, text)
                if close < 0:
                    self._string = text
                    return
                position = close + 3
            elif text in ("[", "{"):
                self._depth += 1
            elif text in ("]", "}"):
                self._depth = max(0, self._depth - 1)
            # anything else is a one-line string, skipped whole by the pattern


def _find_close(line: str, position: int, delimiter: str) -> int:
    """Where a multi-line string's closing delimiter starts on ``line``, or -1."""
    while True:
        found = line.find(delimiter, position)
        if found < 0 or delimiter == "'''":
            return found
        backslashes = len(line[:found]) - len(line[:found].rstrip("\\"))
        if backslashes % 2 == 0:
            return found
        position = found + 1


def _index_toml(text: str, document: dict[str, Any], index: LineIndex) -> None:
    """Record the lines of the top-level table, each term table and its sections."""
    scan = _TomlScan()
    scan.scan(text)
    index.add_mapping(document, 1, scan.top_keys)
    terms = document.get("terms")
    if not isinstance(terms, list):
        return
    # The headers give each term's line only when every term came from a "[[terms]]" table;
    # otherwise (an inline array) all terms are placed at the "terms =" line.
    located = len(scan.term_keys) == len(terms)
    fallback = scan.top_keys.get("terms")
    index.add_sequence(terms, fallback, [])
    for number, term in enumerate(terms):
        if not isinstance(term, dict):
            continue
        if not located:
            index.add_mapping(term, fallback, {})
            continue
        keys = scan.term_keys[number]
        index.add_mapping(term, scan.term_lines[number], keys)
        sections = term.get("sections")
        if isinstance(sections, dict):
            index.add_mapping(sections, keys.get("sections"), scan.section_keys[number])
