"""The YAML, JSON and TOML term loaders: parse with line numbers, then validate in one place.

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

import bisect
import json
import json.decoder
import json.scanner
import re
import sys
import tomllib
from collections.abc import Callable
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from sphinx_neuroterms.loaders import LoaderOptions, LoadResult
from sphinx_neuroterms.loaders.mapping import LineIndex, document_to_terms
from sphinx_neuroterms.model import Location
from sphinx_neuroterms.warnings_ import Diagnostic, WarningSubtype

#: How deeply lists and mappings may nest. A term file needs four levels (file, term list,
#: term, sections); the limit stops pathological input long before the interpreter's stack
#: (or, for libyaml, the C stack and its quadratic time on deep flow collections) is at risk.
MAX_DEPTH = 100

#: How many nodes YAML aliases may add in total when expanded. Aliases are resolved by sharing
#: the anchored value, so nothing is copied, but a "billion laughs" document would still expand
#: to billions of nodes in any consumer that walks it; it is refused instead.
MAX_ALIAS_EXPANSION = 1_000_000

# libyaml's C parser when PyYAML was built with it (several times faster), else pure Python.
# Either way only the safe loader's parser and resolver are used: no object is ever constructed
# from a tag.
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_STR_TAG = _TAG + "str"
_COLLECTION_TAGS = frozenset({None, "!", _TAG + "seq", _TAG + "map"})
# Scalar tags built with the safe constructor; any other tag is reported and ignored.
_SCALAR_TAGS = frozenset(_TAG + name for name in ("int", "float", "timestamp", "binary"))
_BOOL_TAG = _TAG + "bool"
_NULL_TAG = _TAG + "null"
_MERGE_TAG = _TAG + "merge"
# Tags whose value may be cached by spelling: immutable results, no diagnostics to repeat.
_CACHEABLE_TAGS = frozenset({_STR_TAG, _BOOL_TAG, _NULL_TAG, _MERGE_TAG})
_PLAIN_CACHE_LENGTH = 40


class _FatalParseError(Exception):
    """Stops a parse: the file is malformed or hostile. Carries the line (``None``: unknown)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def load_yaml(text: str, display_path: str, options: LoaderOptions) -> LoadResult:
    """Load a YAML term file: a list of term mappings, or a mapping with a ``terms`` list.

    :param text: the decoded file.
    :param display_path: the path shown in diagnostics and term locations.
    :param options: interpretation settings.
    """
    diagnostics: list[Diagnostic] = []
    index = LineIndex()
    try:
        # The pure-Python reader already checks the characters when it is created.
        loader = _YAML_LOADER(text)
        try:
            document = _YamlBuilder(loader, text, index, display_path, diagnostics).build()
        finally:
            loader.dispose()
    except _FatalParseError as error:
        return _failed(display_path, error.message, error.line, diagnostics)
    except yaml.YAMLError as error:
        return _failed(display_path, *_yaml_error(error, text), diagnostics)
    result = document_to_terms(document, index, display_path, options)
    return _with_diagnostics(result, diagnostics)


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
        return _failed(display_path, message, error.lineno, diagnostics)
    except (ValueError, RecursionError) as error:  # e.g. an integer beyond int's digit limit
        line = _too_deep_line(text) if isinstance(error, RecursionError) else _long_number_line(text)
        return _failed(display_path, f"invalid JSON: {error}", line, diagnostics)
    result = document_to_terms(document, index, display_path, options)
    return _with_diagnostics(result, diagnostics)


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
        return _failed(display_path, message, line, [])
    except RecursionError:
        message = "invalid TOML: arrays or tables are nested too deeply"
        return _failed(display_path, message, _too_deep_line(text), [])
    except ValueError as error:  # e.g. an integer beyond int's digit limit
        return _failed(display_path, f"invalid TOML: {error}", _long_number_line(text), [])
    index = LineIndex()
    _index_toml(text, document, index)
    return _with_diagnostics(document_to_terms(document, index, display_path, options), [])


def _with_diagnostics(result: LoadResult, diagnostics: list[Diagnostic]) -> LoadResult:
    """Add the parser's diagnostics to the schema's, in line order (whole-file ones first).

    Parsers and the schema check find problems in different passes; a reader wants them in
    the order of the file. The sort is stable, so problems on one line keep their order.
    """
    combined = sorted(diagnostics + result.diagnostics, key=lambda item: item.location.line or 0)
    return LoadResult(result.terms, combined)


def _failed(
    display_path: str, message: str, line: int | None, diagnostics: list[Diagnostic]
) -> LoadResult:
    """A file that could not be parsed: no terms, the problem last."""
    problem = Diagnostic(WarningSubtype.PARSE, message, Location(display_path, line))
    return LoadResult([], [*diagnostics, problem])


# --- YAML -------------------------------------------------------------------------------


class _Collection:
    """A YAML sequence or mapping being built from parser events."""

    __slots__ = (
        "anchor",
        "is_list",
        "key",
        "key_line",
        "line",
        "lines",
        "merges",
        "start",
        "value",
    )

    def __init__(
        self, value: list[Any] | dict[Any, Any], line: int, anchor: str | None, start: int
    ) -> None:
        self.value = value
        self.is_list = isinstance(value, list)
        self.line = line
        self.anchor = anchor
        #: The builder's node count when this collection started (its size, once it ends).
        self.start = start
        #: Item lines (sequence) or key lines (mapping), in the form LineIndex keeps.
        self.lines: Any = [] if self.is_list else {}
        #: The key waiting for its value (a mapping alternates keys and values); _NO_KEY if none.
        self.key: Any = _NO_KEY
        self.key_line = line
        #: Values of ``<<`` merge keys, with the line of each ``<<``.
        self.merges: list[tuple[Any, int]] = []


class _Sentinel:
    """A marker value that never reaches a built mapping."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return repr(self.text)


_NO_KEY = _Sentinel("(no key)")
_MERGE = _Sentinel("<<")  # the YAML "<<" merge key


class _YamlBuilder:
    """Builds plain Python values from YAML parser events, recording lines as it goes.

    Working from events rather than PyYAML's composed node graph keeps the builder iterative
    (libyaml's composer recurses in C and crashes on deep nesting; its parser slows down
    quadratically with depth, so stopping early matters too), skips PyYAML's slow constructor,
    and lets it stop as soon as the input turns hostile. An alias shares the anchored value
    instead of copying it, and adds the anchored value's full size to the expansion count.
    """

    def __init__(
        self,
        loader: yaml.SafeLoader,
        text: str,
        index: LineIndex,
        path: str,
        diagnostics: list[Diagnostic],
    ) -> None:
        self.loader = loader
        self.text = text
        self.index = index
        self.path = path
        self.diagnostics = diagnostics
        #: Each anchor's value and its expanded size in nodes.
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.implicit: dict[str, list[tuple[str, re.Pattern[str]]]]
        self.implicit = loader.yaml_implicit_resolvers
        # Plain scalars repeat (every term's keys); resolving each spelling once saves the
        # pattern matching. Only short ones are kept, so the cache stays small.
        self.plain: dict[str, Any] = {}

    def build(self) -> Any:
        """The first document's value (``None`` for an empty stream)."""
        get_event = self.loader.get_event
        get_event()  # StreamStartEvent
        event = get_event()
        if isinstance(event, StreamEndEvent):
            return None
        document = self._document()
        try:
            event = get_event()
        except yaml.YAMLError as error:
            # The first document is complete; a problem after it spoils only what follows.
            self._report(WarningSubtype.PARSE, *_yaml_error(error, self.text))
            return document
        if isinstance(event, DocumentStartEvent):
            self._report(
                WarningSubtype.PARSE,
                "a second YAML document starts here; a term file holds one document, so this "
                "one and any after it are ignored",
                _line(event),
            )
        return document

    def _report(self, subtype: WarningSubtype, message: str, line: int | None) -> None:
        self.diagnostics.append(Diagnostic(subtype, message, Location(self.path, line)))

    def _document(self) -> Any:
        """Consume one document's events (after its start) and return its value.

        This loop runs once per event (about 40 per term), so it is written for speed: one
        type check per event, plain-scalar resolution cached, and line numbers stored as given.
        """
        get_event = self.loader.get_event
        plain = self.plain
        anchors = self.anchors
        stack: list[_Collection] = []
        root: Any = None
        count = 0  # nodes so far, aliases counted as their full expansion
        expanded = 0  # how many of those came from aliases
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                line = event.start_mark.line + 1
                value: Any = _NO_KEY
                if event.tag is None and event.implicit[0]:
                    value = plain.get(event.value, _NO_KEY)
                if value is _NO_KEY:
                    value = self._scalar(event, line)
                count += 1
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                line = event.start_mark.line + 1
                if len(stack) >= MAX_DEPTH:
                    message = f"lists and mappings are nested deeper than {MAX_DEPTH} levels"
                    raise _FatalParseError(message, line)
                if event.tag not in _COLLECTION_TAGS:
                    self._unsupported_tag(event.tag, line)
                container: list[Any] | dict[Any, Any] = {} if kind is MappingStartEvent else []
                stack.append(_Collection(container, line, event.anchor, count))
                count += 1
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                done = stack.pop()
                value, line = self._finish(done), done.line
                if done.anchor is not None:
                    anchors[done.anchor] = (value, count - done.start)
            elif kind is AliasEvent:
                line = event.start_mark.line + 1
                anchored = anchors.get(event.anchor)
                if anchored is None:
                    message = f"invalid YAML: the alias *{event.anchor} names no anchor"
                    raise _FatalParseError(message, line)
                value, size = anchored
                count += size
                expanded += size
                if expanded > MAX_ALIAS_EXPANSION:
                    raise _FatalParseError(
                        f"YAML aliases expand to more than {MAX_ALIAS_EXPANSION:,} nodes "
                        f"(an alias bomb?); the file is not loaded",
                        line,
                    )
            elif kind is DocumentEndEvent:
                return root
            else:  # pragma: no cover - the parser emits nothing else inside a document
                continue
            if value is _MERGE and (not stack or stack[-1].is_list or stack[-1].key is not _NO_KEY):
                value = "<<"  # only a key can merge; anywhere else "<<" is text
            if not stack:
                root = value
            elif (parent := stack[-1]).is_list:
                parent.value.append(value)  # type: ignore[union-attr]
                parent.lines.append(line)
            elif (key := parent.key) is _NO_KEY:
                parent.key, parent.key_line = value, line
            else:
                parent.key = _NO_KEY
                target: dict[Any, Any] = parent.value  # type: ignore[assignment]
                if type(key) is str and key not in target:  # the common case, inline
                    target[key] = value
                    parent.lines[key] = parent.key_line
                else:
                    self._set(parent, key, value)

    def _set(self, mapping: _Collection, key: Any, value: Any) -> None:
        """Add a key and value to a mapping: merges, odd keys and duplicates."""
        line = mapping.key_line
        if key is _MERGE:
            mapping.merges.append((value, line))
            return
        if isinstance(key, list | dict):
            what = "a list" if isinstance(key, list) else "a mapping"
            message = f"a mapping key is {what}, not text; the entry is ignored"
            self._report(WarningSubtype.WRONG_TYPE, message, line)
            return
        target: dict[Any, Any] = mapping.value  # type: ignore[assignment]
        if key in target:
            first = mapping.lines[key]
            self._report(
                WarningSubtype.DUPLICATE_KEY,
                f"duplicate key {key!r} (first given at line {first}); the first value is kept",
                line,
            )
            return
        target[key] = value
        mapping.lines[key] = line

    def _finish(self, done: _Collection) -> Any:
        """Record a finished collection's lines (applying ``<<`` merges) and return its value."""
        if done.is_list:
            self.index.add_sequence(done.value, done.line, done.lines)
            return done.value
        value, lines = done.value, done.lines
        if done.merges:
            # As in PyYAML: explicit keys win over merged ones, and earlier merged mappings
            # over later ones; merged keys come first and are placed at their "<<" line.
            merged: dict[Any, Any] = {}
            merged_lines: dict[Any, int] = {}
            for merge, merge_line in done.merges:
                for source in merge if isinstance(merge, list) else [merge]:
                    if not isinstance(source, dict):
                        self._report(
                            WarningSubtype.PARSE,
                            "a '<<' merge key needs a mapping or a list of mappings; ignored",
                            merge_line,
                        )
                        continue
                    for key, item in source.items():
                        if key not in merged:
                            merged[key] = item
                            merged_lines[key] = merge_line
            merged.update(value)
            merged_lines.update(lines)
            value, lines = merged, merged_lines
        self.index.add_mapping(value, done.line, lines)
        return value

    def _scalar(self, event: ScalarEvent, line: int) -> Any:
        """Type a scalar as the safe loader would, without constructing anything unsafe."""
        text: str = event.value
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return text  # quoted or block scalars are always text
            # Plain scalars are typed by pattern (YAML 1.1: "no" is false, "1e3" a float …).
            for tag, pattern in self.implicit.get(text[:1], ()):  # noqa: B007
                if pattern.match(text):
                    break
            else:
                if len(text) <= _PLAIN_CACHE_LENGTH:
                    self.plain[text] = text
                return text
            if tag in _CACHEABLE_TAGS and len(text) <= _PLAIN_CACHE_LENGTH:
                value = self._typed(tag, text, line)
                self.plain[text] = value
                return value
        return self._typed(tag, text, line)

    def _typed(self, tag: str, text: str, line: int) -> Any:
        if tag == _STR_TAG:
            return text
        if tag == _BOOL_TAG:
            return self.loader.bool_values.get(text.lower(), text)
        if tag == _NULL_TAG:
            return None
        if tag == _MERGE_TAG:
            return _MERGE
        if tag in _SCALAR_TAGS:
            construct: Callable[[Any, yaml.ScalarNode], Any]
            construct = yaml.SafeLoader.yaml_constructors[tag]
            try:
                return construct(self.loader, yaml.ScalarNode(tag, text))
            except (yaml.YAMLError, ValueError, OverflowError) as error:
                self._report(
                    WarningSubtype.PARSE,
                    f"cannot read {text!r} as {tag.removeprefix(_TAG)} ({error}); read as text",
                    line,
                )
                return text
        if tag != _TAG + "value":
            self._unsupported_tag(tag, line)
        return text

    def _unsupported_tag(self, tag: str | None, line: int) -> None:
        self._report(
            WarningSubtype.PARSE,
            f"unsupported YAML tag {tag!r} is ignored (term files use plain values)",
            line,
        )


def _line(event: Event) -> int | None:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else None


def _yaml_error(error: yaml.YAMLError, text: str) -> tuple[str, int | None]:
    """A PARSE message and line for a PyYAML or libyaml error."""
    if isinstance(error, yaml.MarkedYAMLError):
        problem = error.problem or "malformed YAML"
        if error.context:
            problem = f"{problem} ({error.context}"
            if error.context_mark is not None:
                problem += f" at line {error.context_mark.line + 1}"
            problem += ")"
        mark = error.problem_mark or error.context_mark
        if "end of stream" in problem and error.context_mark is not None:
            # An unclosed quote or bracket is found at the end; where it opened is more useful.
            mark = error.context_mark
        return f"invalid YAML: {problem}", (mark.line + 1 if mark is not None else None)
    if isinstance(error, yaml.reader.ReaderError):
        # libyaml counts bytes of the UTF-8 text, the pure-Python reader characters.
        if _YAML_LOADER is not yaml.SafeLoader:
            before = text.encode("utf-8")[: error.position].count(b"\n")
        else:
            before = text.count("\n", 0, error.position)
        character = error.character
        code = character if isinstance(character, int) else ord(character[:1] or "\0")
        return f"invalid YAML: {error.reason} (U+{code:04X})", before + 1
    return f"invalid YAML: {error}", None


# --- JSON -------------------------------------------------------------------------------

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


# --- TOML -------------------------------------------------------------------------------

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


_NESTING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[\[\]{}]""")


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


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _too_deep_line(text: str) -> int:
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
                return _line_at(text, match.start())
        elif token in "]}":
            depth = max(depth - 1, 0)
    return 1


def _long_number_line(text: str) -> int:
    """The line of the first number too long for Python to convert (its digit limit)."""
    limit = sys.get_int_max_str_digits() or 4300
    match = re.search(rf"[0-9_]{{{limit + 1},}}", text)
    return _line_at(text, match.start()) if match else 1


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
