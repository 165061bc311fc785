"""JSON term files: the pure-Python scanner, so that every object and key has a line."""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable
from typing import Any

from sphinx_neuroterms.loaders import LoaderOptions, LoadResult
from sphinx_neuroterms.loaders.lines import LineIndex
from sphinx_neuroterms.loaders.mapping import document_to_terms
from sphinx_neuroterms.loaders.parsing import (
    MAX_DEPTH,
    failed,
    long_number_line,
    too_deep_line,
    with_diagnostics,
)
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location


def load_json(text: str, display_path: str, options: LoaderOptions) -> LoadResult:
    """Load a JSON term file: the same shape as YAML.

    :param text: the decoded file.
    :param display_path: the path shown in diagnostics and term locations.
    :param options: interpretation settings.
    """
    diagnostics: list[Diagnostic] = []
    parser = _JsonParser(text, display_path, diagnostics)
    index = parser.index
    try:
        document = parser.decode()
    except json.JSONDecodeError as error:
        message = f"invalid JSON: {error.msg} (column {error.colno})"
        return failed(display_path, message, error.lineno, diagnostics)
    except (ValueError, RecursionError) as error:  # e.g. an integer beyond int's digit limit
        line = too_deep_line(text) if isinstance(error, RecursionError) else long_number_line(text)
        return failed(display_path, f"invalid JSON: {error}", line, diagnostics)
    result = document_to_terms(document, index, display_path, options)
    return with_diagnostics(result, diagnostics)


_JSON_WHITESPACE = re.compile(r"[ \t\n\r]*")
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_py_make_scanner: Callable[[Any], Callable[[str, int], tuple[Any, int]]]
_py_make_scanner = json.scanner.py_make_scanner  # type: ignore[attr-defined]


def _skip_whitespace(text: str, position: int) -> int:
    match = _JSON_WHITESPACE.match(text, position)
    return match.end() if match else position


class _JsonParser:
    """The standard library's JSON grammar, with positions recorded and duplicates reported.

    The C scanner gives no positions, so this uses the pure-Python scanner, which looks up
    ``parse_object`` and ``parse_array`` on its context: replacing those two records where
    every object, key and array item starts, notices repeated keys (keeping the first value,
    as YAML does here) and bounds the nesting depth.
    """

    def __init__(self, text: str, path: str, diagnostics: list[Diagnostic]) -> None:
        self.text = text
        self.path = path
        self.diagnostics = diagnostics
        self.depth = 0
        self.newlines = [match.start() for match in re.finditer("\n", text)]
        #: Records character offsets; most are never looked up, so lines are found on demand.
        self.index = LineIndex(to_line=self._line)
        self.decoder = json.JSONDecoder()
        context: Any = self.decoder
        context.parse_object = self._parse_object
        context.parse_array = self._parse_array
        context.scan_once = _py_make_scanner(context)

    def decode(self) -> Any:
        """Parse the whole text (raises :class:`json.JSONDecodeError`)."""
        return self.decoder.decode(self.text)

    def _line(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def _enter(self, text: str, offset: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            message = f"arrays and objects are nested deeper than {MAX_DEPTH} levels"
            raise json.JSONDecodeError(message, text, offset)

    def _parse_object(  # noqa: PLR0917 - the scanner calls it with these six arguments
        self,
        text_and_end: tuple[str, int],
        strict: bool,
        scan_once: Callable[[str, int], tuple[Any, int]],
        object_hook: object,
        object_pairs_hook: object,
        memo: dict[str, str] | None = None,
    ) -> tuple[dict[str, Any], int]:
        text, end = text_and_end
        start = end - 1  # the "{"
        self._enter(text, start)
        result: dict[str, Any] = {}
        key_offsets: dict[str, int] = {}
        end = _skip_whitespace(text, end)
        if text[end : end + 1] == "}":
            end += 1
        else:
            while True:
                if text[end : end + 1] != '"':
                    raise json.JSONDecodeError(
                        "Expecting property name enclosed in double quotes", text, end
                    )
                key_offset = end
                key, end = _scanstring(text, end + 1, strict)
                end = _skip_whitespace(text, end)
                if text[end : end + 1] != ":":
                    raise json.JSONDecodeError("Expecting ':' delimiter", text, end)
                end = _skip_whitespace(text, end + 1)
                try:
                    value, end = scan_once(text, end)
                except StopIteration as error:
                    raise json.JSONDecodeError("Expecting value", text, error.value) from None
                if key in result:
                    message = (
                        f"duplicate key {key!r} (first given at line "
                        f"{self._line(key_offsets[key])}); the first value is kept"
                    )
                    where = Location(self.path, self._line(key_offset))
                    self.diagnostics.append(
                        Diagnostic(WarningSubtype.DUPLICATE_KEY, message, where)
                    )
                else:
                    result[key] = value
                    key_offsets[key] = key_offset
                end = _skip_whitespace(text, end)
                delimiter = text[end : end + 1]
                end += 1
                if delimiter == "}":
                    break
                if delimiter != ",":
                    raise json.JSONDecodeError("Expecting ',' delimiter", text, end - 1)
                end = _skip_whitespace(text, end)
        self.depth -= 1
        self.index.add_mapping(result, start, key_offsets)
        return result, end

    def _parse_array(
        self, text_and_end: tuple[str, int], scan_once: Callable[[str, int], tuple[Any, int]]
    ) -> tuple[list[Any], int]:
        text, end = text_and_end
        start = end - 1  # the "["
        self._enter(text, start)
        result: list[Any] = []
        item_offsets: list[int] = []
        end = _skip_whitespace(text, end)
        if text[end : end + 1] == "]":
            end += 1
        else:
            while True:
                item_offsets.append(end)
                try:
                    value, end = scan_once(text, end)
                except StopIteration as error:
                    raise json.JSONDecodeError("Expecting value", text, error.value) from None
                result.append(value)
                end = _skip_whitespace(text, end)
                delimiter = text[end : end + 1]
                end += 1
                if delimiter == "]":
                    break
                if delimiter != ",":
                    raise json.JSONDecodeError("Expecting ',' delimiter", text, end - 1)
                end = _skip_whitespace(text, end)
        self.depth -= 1
        self.index.add_sequence(result, start, item_offsets)
        return result, end


