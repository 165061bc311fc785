"""YAML term files: built from libyaml's events, with every line, duplicate keys, merges,
and aliases counted against :data:`~.parsing.MAX_ALIAS_EXPANSION`."""

from __future__ import annotations

import re
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
from sphinx_neuroterms.loaders.lines import LineIndex
from sphinx_neuroterms.loaders.mapping import document_to_terms
from sphinx_neuroterms.loaders.parsing import (
    MAX_ALIAS_EXPANSION,
    MAX_DEPTH,
    FatalParseError,
    failed,
    with_diagnostics,
)
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location

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


def load_yaml(text: str, display_path: str, options: LoaderOptions) -> LoadResult:
    """Load a YAML term file: a list of term mappings, or a mapping with a ``terms`` list.

    :param text: the decoded file.
    :param display_path: the path shown in diagnostics and term locations.
    :param options: interpretation settings.
    """
    diagnostics: list[Diagnostic] = []
    index = LineIndex()
    try:
        document = _parse(text, index, display_path, diagnostics)
    except FatalParseError as error:
        return failed(display_path, error.message, error.line, diagnostics)
    except yaml.YAMLError as error:
        return failed(display_path, *_yaml_error(error, text), diagnostics)
    result = document_to_terms(document, index, display_path, options)
    return with_diagnostics(result, diagnostics)


def _parse(text: str, index: LineIndex, display_path: str, diagnostics: list[Diagnostic]) -> Any:
    """The first document's value. The parser is gone when this returns: libyaml's keeps its
    own UTF-8 copy of the text (20 MB for a file of 20,000 terms) until it is freed."""
    # The pure-Python reader already checks the characters when it is created.
    loader = _YAML_LOADER(text)
    try:
        return _YamlBuilder(loader, text, index, display_path, diagnostics).build()
    finally:
        loader.dispose()


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
                    raise FatalParseError(message, line)
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
                    raise FatalParseError(message, line)
                value, size = anchored
                count += size
                expanded += size
                if expanded > MAX_ALIAS_EXPANSION:
                    raise FatalParseError(
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


