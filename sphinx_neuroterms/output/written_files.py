"""The files written once per project (tooltip texts, ``neuroterms.json``, the report) are
kept when nothing they are made from changed.

A rebuild that reads no page keeps the last plan (:mod:`~sphinx_neuroterms.project.after_reading`),
and these files would come out as they are. What wrote them is noted per output folder in the
doctree folder (Sphinx's cache, never published): the plan, the builder and its settings
(Sphinx's own ``.buildinfo`` hashes: a new page suffix changes every URL), and each file's
size and modification time. A file is written again when the note differs, when any file
written is missing or was written since (by a build with another doctree folder, or by
hand), and by builders without those hashes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx_neuroterms.domain.nterm_domain import get_domain

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx

#: The notes' file, in the doctree folder:
#: ``{output folder: {name: {"stamp": …, "files": {path: [size, mtime_ns]}}}}``.
NOTES_NAME = "neuroterms-written.json"


def still_current(app: Sphinx, name: str) -> bool:
    """Whether ``name`` (a file or folder of the output folder) was written from this
    build's plan, by this builder with its present settings, and is as it was written."""
    stamp = _stamp(app)
    note = _notes(app).get(str(app.outdir), {}).get(name)
    if stamp is None or not isinstance(note, dict) or note.get("stamp") != stamp:
        return False
    files = note.get("files")
    return isinstance(files, dict) and all(
        _state(Path(app.outdir, path)) == written for path, written in files.items()
    )


def note_written(app: Sphinx, name: str, paths: Iterable[Path]) -> None:
    """Remember that ``name`` was just written as ``paths`` (a builder without hashes
    forgets it)."""
    notes = _notes(app)
    written = notes.setdefault(str(app.outdir), {})
    stamp = _stamp(app)
    if stamp is None:
        if written.pop(name, None) is None:
            return
    else:
        files = {path.relative_to(app.outdir).as_posix(): _state(path) for path in paths}
        written[name] = {"stamp": stamp, "files": files}
    path = Path(app.doctreedir, NOTES_NAME)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notes, sort_keys=True), encoding="utf-8")


def _state(path: Path) -> list[int] | None:
    """A file's size and modification time, ``None`` if it is missing."""
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]


def _stamp(app: Sphinx) -> str | None:
    """The plan, builder and builder settings a file is written with; ``None`` when the
    builder keeps no hash of its settings."""
    build_info = getattr(app.builder, "build_info", None)
    hashes = [getattr(build_info, name, None) for name in ("config_hash", "tags_hash")]
    plan = get_domain(app.env).planned_state
    if plan is None or None in hashes:
        return None
    return " ".join([plan.plan_id, app.builder.name, *map(str, hashes)])


def _notes(app: Sphinx) -> dict[str, dict[str, Any]]:
    """The notes, each output folder's a dict; empty if there are none or they cannot be
    read."""
    try:
        notes = json.loads(Path(app.doctreedir, NOTES_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(notes, dict):
        return {}
    return {folder: found for folder, found in notes.items() if isinstance(found, dict)}
