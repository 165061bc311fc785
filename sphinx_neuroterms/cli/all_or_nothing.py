"""Writing several files all or nothing, for ``neuroterms migrate --write``.

A migration edits pages, ``conf.py`` and term files together; half of it leaves a project
that does not build (pages that use the extension, a ``conf.py`` that does not load it). So:

1. every file that is there must be writable (a read-only file is its owner's choice, which a
   rename would get round);
2. every new text is written in full to a temporary file in its file's own folder, so that a
   full disk or a folder that cannot be written stops everything before any file changes;
3. the temporary files replace the files one by one (:func:`os.replace`, a rename within the
   folder). If one fails, the files already replaced get their old bytes back, the new ones
   are removed, and so are the temporary files and the folders made for them.

Nothing here imports Sphinx.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

#: The suffix of the temporary files, so that one left by a killed process is recognisable.
TEMPORARY_SUFFIX = ".neuroterms-tmp"


class NotWrittenError(Exception):
    """Writing failed, and every file is as it was (unless :attr:`unrestored` says otherwise)."""

    def __init__(self, path: Path, reason: str, unrestored: Iterable[Path] = ()) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        #: The file that could not be written.
        self.path = path
        #: Why, for a person.
        self.reason = reason
        #: Files replaced before the failure whose old bytes could not be put back (rare: the
        #: folder became unwritable in between).
        self.unrestored = tuple(unrestored)

    def describe(self, shown: Callable[[Path], str]) -> str:
        """The message for a person, with paths as ``shown`` writes them."""
        message = f"cannot write {shown(self.path)}: {self.reason}; "
        if not self.unrestored:
            return message + "nothing was written, every file is as it was"
        names = ", ".join(shown(path) for path in self.unrestored)
        return (
            message
            + f"the files are as they were, except these, which could not be restored: {names}"
        )


def write_all_or_nothing(files: Mapping[Path, bytes]) -> None:
    """Write every file of ``files`` (path to its new bytes), or none.

    :raises NotWrittenError: a file is read-only, or could not be written; the files are as
        they were.
    """
    for path in files:
        if path.exists() and not os.access(path, os.W_OK):
            raise NotWrittenError(path, "it is read-only")
    umask = os.umask(0o022)  # read it the only way there is: set it, and set it back
    os.umask(umask)
    made: list[Path] = []
    temporaries: dict[Path, Path] = {}
    old: dict[Path, tuple[bytes, int] | None] = {}
    for path, data in files.items():
        try:
            before = _read_old(path)
            old[path] = before
            made.extend(_make_folders(path.parent))
            mode = before[1] if before is not None else 0o666 & ~umask
            temporaries[path] = _write_temporary(path, data, mode)
        except OSError as error:
            _remove(temporaries.values(), made)
            raise NotWrittenError(path, _reason(error)) from None
    replaced: list[Path] = []
    for path, temporary in temporaries.items():
        try:
            temporary.replace(path)
        except OSError as error:
            unrestored = _restore(reversed(replaced), old)
            _remove([temporaries[other] for other in temporaries if other not in replaced], made)
            raise NotWrittenError(path, _reason(error), unrestored) from None
        replaced.append(path)


def _read_old(path: Path) -> tuple[bytes, int] | None:
    """The bytes and permissions of the file now, or ``None`` if it is new."""
    if not path.exists():
        return None
    return path.read_bytes(), stat.S_IMODE(path.stat().st_mode)


def _make_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and the folders above it that are missing; return those made, outer
    first."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir()
    return list(reversed(missing))


def _write_temporary(path: Path, data: bytes, mode: int) -> Path:
    """``data`` in a new temporary file beside ``path``, with the permissions ``mode``."""
    handle, name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX
    )
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        temporary.chmod(mode)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _restore(replaced: Iterable[Path], old: Mapping[Path, tuple[bytes, int] | None]) -> list[Path]:
    """Put back the old bytes of the files replaced (remove those that were new); return the
    files that could not be restored."""
    unrestored: list[Path] = []
    for path in replaced:
        try:
            before = old[path]
            if before is None:
                path.unlink()
            else:
                _write_temporary(path, *before).replace(path)
        except OSError:
            unrestored.append(path)
    return unrestored


def _remove(temporaries: Iterable[Path], made: list[Path]) -> None:
    """Remove temporary files, then the folders made for the files (innermost first), if empty."""
    for temporary in temporaries:
        temporary.unlink(missing_ok=True)
    for folder in reversed(made):
        # Not empty: something else was put there meanwhile; it stays.
        with contextlib.suppress(OSError):
            folder.rmdir()


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
