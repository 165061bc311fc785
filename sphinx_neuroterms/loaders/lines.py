"""Where each parsed container of a term file starts: the line numbers the loaders record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class LineIndex:
    """Where the parsed containers of one file start, keyed by object identity.

    Parsers record each mapping's line with the line of each of its keys, and each list's line
    with the line of each item. Lookups fall back to the container's own line, then to
    ``None`` (the whole file), so a parser that knows less (TOML) still works.

    :param to_line: when given, the recorded numbers are character offsets, turned into lines
        by this function only when looked up (most are never looked up).
    """

    def __init__(self, to_line: Callable[[int], int] | None = None) -> None:
        self._to_line = to_line
        # The containers themselves are kept as the first tuple item: that keeps them alive, so
        # no later object can reuse an id and be given someone else's lines.
        self._mappings: dict[int, tuple[object, int | None, dict[Any, int]]] = {}
        self._sequences: dict[int, tuple[object, int | None, list[int]]] = {}

    def add_mapping(self, mapping: object, line: int | None, key_lines: dict[Any, int]) -> None:
        """Record a mapping's first line and its keys' lines (``key_lines`` is kept, not copied)."""
        self._mappings[id(mapping)] = (mapping, line, key_lines)

    def add_sequence(self, sequence: object, line: int | None, item_lines: list[int]) -> None:
        """Record a list's first line and its items' lines (``item_lines`` is kept, not copied)."""
        self._sequences[id(sequence)] = (sequence, line, item_lines)

    def line(self, container: object) -> int | None:
        """The line a recorded mapping or list starts on, or ``None``."""
        record = self._mappings.get(id(container)) or self._sequences.get(id(container))
        if record is None or record[0] is not container:
            return None
        return self._convert(record[1])

    def key_line(self, mapping: object, key: object) -> int | None:
        """The line of ``key`` in ``mapping``, else the mapping's line, else ``None``."""
        record = self._mappings.get(id(mapping))
        if record is None or record[0] is not mapping:
            return None
        try:
            return self._convert(record[2].get(key, record[1]))
        except TypeError:  # an unhashable key cannot have been recorded
            return self._convert(record[1])

    def item_line(self, sequence: object, index: int) -> int | None:
        """The line of item ``index`` of ``sequence``, else the list's line, else ``None``."""
        record = self._sequences.get(id(sequence))
        if record is None or record[0] is not sequence:
            return None
        items = record[2]
        return self._convert(items[index] if 0 <= index < len(items) else record[1])

    def _convert(self, number: int | None) -> int | None:
        if number is None or self._to_line is None:
            return number
        return self._to_line(number)
