"""The files written once per project (tooltip texts, ``neuroterms.json``, the report) are
kept when nothing they are made from changed.

A rebuild that reads no page keeps the last plan (:mod:`~sphinx_neuroterms.project.after_reading`),
and these files would come out as they are. Which plan wrote each of them, with which builder
and which of the builder's settings (Sphinx's own ``.buildinfo`` hashes: a new page suffix
changes every URL), is noted per output folder in the doctree folder, Sphinx's cache, which
is never published. A file is written again when it is missing, when the note differs, and
by builders without those hashes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_neuroterms.domain.nterm_domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The notes' file, in the doctree folder: ``{output folder: {file: stamp}}``.
NOTES_NAME = "neuroterms-written.json"


def still_current(app: Sphinx, name: str) -> bool:
    """Whether ``name`` (a path in the output folder) was written from this build's plan,
    by this builder with its present settings, and is still there."""
    stamp = _stamp(app)
    if stamp is None or not Path(app.outdir, name).exists():
        return False
    written = _notes(app).get(str(app.outdir))
    return isinstance(written, dict) and written.get(name) == stamp


def note_written(app: Sphinx, name: str) -> None:
    """Remember that ``name`` was just written (a builder without hashes forgets it)."""
    notes = _notes(app)
    written = notes.get(str(app.outdir))
    if not isinstance(written, dict):
        written = notes[str(app.outdir)] = {}
    stamp = _stamp(app)
    if stamp is None:
        if written.pop(name, None) is None:
            return
    else:
        written[name] = stamp
    path = Path(app.doctreedir, NOTES_NAME)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notes, sort_keys=True), encoding="utf-8")


def _stamp(app: Sphinx) -> str | None:
    """The plan, builder and builder settings a file is written with; ``None`` when the
    builder keeps no hash of its settings."""
    build_info = getattr(app.builder, "build_info", None)
    hashes = [getattr(build_info, name, None) for name in ("config_hash", "tags_hash")]
    plan = get_domain(app.env).planned_state
    if plan is None or None in hashes:
        return None
    return " ".join([plan.plan_id, app.builder.name, *map(str, hashes)])


def _notes(app: Sphinx) -> dict[str, dict[str, str]]:
    """The notes, empty if there are none or they cannot be read."""
    try:
        notes = json.loads(Path(app.doctreedir, NOTES_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return notes if isinstance(notes, dict) else {}
