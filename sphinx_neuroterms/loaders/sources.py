"""Turning source specifications (files, folders, globs) into term files, in a stable order.

A folder that cannot be read on the way (permissions, say) is reported, not passed over: its
term files would otherwise vanish from the build without a word.

Folders and ``**`` patterns are walked here rather than by :mod:`glob` or
:meth:`pathlib.Path.rglob`: those follow symbolic links into loops (``ln -s . again``), and two
such links make a recursive glob run for ever. The walk follows links to folders, as users
expect, but never enters a folder below itself.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
from collections.abc import Callable, Container, Iterator, Sequence
from pathlib import Path

from sphinx_neuroterms.loaders import is_supported
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location

_GLOB_CHARACTERS = frozenset("*?[")

#: Told of each folder a walk cannot read, and why.
OnUnreadable = Callable[[Path, OSError], None]


def is_pattern(spec: str) -> bool:
    """Whether a specification is a glob pattern (``*``, ``?`` or ``[``)."""
    return bool(_GLOB_CHARACTERS & set(spec))


def walk_files(
    folder: Path, *, hidden: bool = False, on_unreadable: OnUnreadable | None = None
) -> Iterator[Path]:
    """Every file below ``folder``, following links to folders, never round a loop.

    A folder is not entered again below itself (by its device and inode), so link loops end;
    the same folder reached by two links is read under both paths (callers drop duplicate
    files by their resolved path). Order is unspecified; callers sort.

    :param hidden: also enter folders and take files whose names start with a dot.
    :param on_unreadable: told of each folder whose entries cannot be listed (the walk goes
        on without them).
    """

    def walk(directory: str, ancestors: frozenset[tuple[int, int]]) -> Iterator[Path]:
        try:
            entries = list(os.scandir(directory))
        except OSError as error:
            if on_unreadable is not None:
                on_unreadable(Path(directory), error)
            return
        for entry in entries:
            if not hidden and entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    stat = entry.stat()
                    identity = (stat.st_dev, stat.st_ino)
                    if identity not in ancestors:
                        yield from walk(entry.path, ancestors | {identity})
                elif entry.is_file():
                    yield Path(entry.path)
            except OSError:
                continue

    try:
        stat = folder.stat()
    except OSError:
        return
    yield from walk(str(folder), frozenset({(stat.st_dev, stat.st_ino)}))


def _segment_matches(name: str, pattern: str) -> bool:
    # As glob does: a wildcard does not match a leading dot.
    if name.startswith(".") and not pattern.startswith("."):
        return False
    return re.fullmatch(fnmatch.translate(pattern), name) is not None


def _parts_match(parts: Sequence[str], patterns: Sequence[str]) -> bool:
    """Whether path parts match pattern segments, ``**`` standing for any number of parts."""
    if not patterns:
        return not parts
    head, rest = patterns[0], patterns[1:]
    if head == "**":
        # As glob does, "**" stands for folders whose names do not start with a dot.
        for skip in range(len(parts) + 1):
            if _parts_match(parts[skip:], rest):
                return True
            if skip < len(parts) and parts[skip].startswith("."):
                return False
        return False
    return bool(parts) and _segment_matches(parts[0], head) and _parts_match(parts[1:], rest)


def expand_pattern(pattern: str, on_unreadable: OnUnreadable | None = None) -> list[Path]:
    """The files an absolute glob ``pattern`` matches (``**`` recurses), unsorted.

    Patterns without ``**`` cannot recurse, so :mod:`glob` expands them; a ``**`` pattern is
    matched against a loop-safe walk of the folder before its first wildcard.
    """
    if "**" not in pattern:
        return [Path(match) for match in glob.glob(pattern)]  # noqa: PTH207 - absolute patterns
    parts = Path(pattern).parts
    first = next(index for index, part in enumerate(parts) if is_pattern(part))
    base, wanted = Path(*parts[:first]), parts[first:]
    return [
        path
        for path in walk_files(base, hidden=True, on_unreadable=on_unreadable)
        if _parts_match(path.relative_to(base).parts, wanted)
    ]


def expand_spec(
    spec: str, base: Path, suffixes: Container[str], on_unreadable: OnUnreadable | None = None
) -> list[Path]:
    """The files one specification selects, sorted; a named file is taken whatever its suffix.

    :param suffixes: lower-case suffixes (``.yaml``) that folders and patterns select.
    :param on_unreadable: told of each folder that a folder or ``**`` pattern cannot read.
    """
    candidate = base / spec
    if is_pattern(spec):
        found = expand_pattern(str(candidate), on_unreadable)
    elif candidate.is_dir():
        found = list(walk_files(candidate, on_unreadable=on_unreadable))
    elif candidate.is_file():
        return [candidate]
    else:
        return []
    return sorted(path for path in found if path.suffix.lower() in suffixes and path.is_file())


class _SupportedSuffixes:
    """The suffixes folders and patterns select, as :func:`~.is_supported` decides."""

    def __contains__(self, suffix: object) -> bool:
        return isinstance(suffix, str) and is_supported(suffix)


def _collect_into(unreadable: list[tuple[Path, OSError]]) -> OnUnreadable:
    def collect(folder: Path, error: OSError) -> None:
        unreadable.append((folder, error))

    return collect


def resolve_sources(
    specs: Sequence[str], base_dir: str | Path, origin: Location | None = None
) -> tuple[list[Path], list[Diagnostic]]:
    """Expand source specifications into term files, in a deterministic order.

    A file is taken as named (even with an unknown suffix, so that it is reported); a folder
    is read recursively for files with a supported suffix, sorted by path; a glob pattern
    (``*``, ``?``, ``[``; ``**`` recurses) is expanded and sorted likewise. A file named twice
    is read once, at its first place.

    :param specs: what the user configured, relative to ``base_dir`` unless absolute.
    :param base_dir: the folder that relative specifications start from (``conf.py``'s).
    :param origin: where the specifications were written (``conf.py`` and the line of
        ``neuroterms_sources``), shown in diagnostics.
    :return: the files, and a :attr:`WarningSubtype.SOURCE_UNREADABLE` diagnostic per folder
        that cannot be read, and a :attr:`WarningSubtype.SOURCE_MISSING` one per other
        specification that matches nothing.
    """
    base = Path(base_dir)
    suffixes = _SupportedSuffixes()
    found: dict[Path, None] = {}
    diagnostics: list[Diagnostic] = []
    for spec in specs:
        unreadable: list[tuple[Path, OSError]] = []
        matches = expand_spec(spec, base, suffixes, _collect_into(unreadable))
        for folder, error in unreadable:
            diagnostics.append(
                Diagnostic(
                    WarningSubtype.SOURCE_UNREADABLE,
                    f"term source {spec!r}: cannot read the folder {folder} "
                    f"({error.strerror or error}); the term files in it are left out",
                    origin or Location(str(folder)),
                )
            )
        if not matches and not unreadable:
            candidate = base / spec
            what = "pattern matches no term file" if is_pattern(spec) else (
                "folder holds no term file" if candidate.is_dir() else "no such file or folder"
            )
            diagnostics.append(
                Diagnostic(
                    WarningSubtype.SOURCE_MISSING,
                    f"term source {spec!r}: {what} (looked in {base})",
                    origin or Location(str(base)),
                )
            )
        for match in matches:
            found.setdefault(match.resolve())
    return list(found), diagnostics
