"""Turning source specifications (files, folders, globs) into term files, in a stable order."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

from sphinx_neuroterms.loaders import supported_suffixes
from sphinx_neuroterms.model import Location
from sphinx_neuroterms.warnings_ import Diagnostic, WarningSubtype

_GLOB_CHARACTERS = frozenset("*?[")


def resolve_sources(
    specs: Sequence[str], base_dir: str | Path, origin: str | None = None
) -> tuple[list[Path], list[Diagnostic]]:
    """Expand source specifications into term files, in a deterministic order.

    A file is taken as named (even with an unknown suffix, so that it is reported); a folder
    is read recursively for files with a supported suffix, sorted by path; a glob pattern
    (``*``, ``?``, ``[``; ``**`` recurses) is expanded and sorted likewise. A file named twice
    is read once, at its first place.

    :param specs: what the user configured, relative to ``base_dir`` unless absolute.
    :param base_dir: the folder that relative specifications start from (``conf.py``'s).
    :param origin: where the specifications were written, shown in diagnostics.
    :return: the files, and a :attr:`WarningSubtype.SOURCE_MISSING` diagnostic per
        specification that matches nothing.
    """
    base = Path(base_dir)
    suffixes = supported_suffixes()
    found: dict[Path, None] = {}
    diagnostics: list[Diagnostic] = []
    for spec in specs:
        candidate = base / spec
        if _GLOB_CHARACTERS & set(spec):
            matches = sorted(
                Path(match)
                # glob.glob, unlike Path.glob, takes absolute patterns as users write them.
                for match in glob.glob(str(candidate), recursive=True)  # noqa: PTH207
                if Path(match).is_file() and Path(match).suffix.lower() in suffixes
            )
        elif candidate.is_dir():
            matches = sorted(
                path
                for path in candidate.rglob("*")
                if path.is_file() and path.suffix.lower() in suffixes
                and not any(part.startswith(".") for part in path.relative_to(candidate).parts)
            )
        elif candidate.is_file():
            matches = [candidate]
        else:
            matches = []
        if not matches:
            what = "pattern matches no term file" if _GLOB_CHARACTERS & set(spec) else (
                "folder holds no term file" if candidate.is_dir() else "no such file or folder"
            )
            diagnostics.append(
                Diagnostic(
                    WarningSubtype.SOURCE_MISSING,
                    f"term source {spec!r}: {what} (looked in {base})",
                    Location(origin or str(base)),
                )
            )
        for match in matches:
            found.setdefault(Path(match).resolve())
    return list(found), diagnostics

