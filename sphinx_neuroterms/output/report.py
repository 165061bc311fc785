"""``neuroterms-report.json``: how the project uses its terms, written by every build.

Written into the output folder when a build finishes without an error, from what the pages
recorded while they were read (kept in the environment, so a build that reads a few pages
still reports on all of them); kept as it is when the plan it was written from still holds
(:mod:`~sphinx_neuroterms.output.written_files`). Format (version 2, which added
``identifiers``; keys are stable, lists sorted)::

    {
      "format": "sphinx-neuroterms report",
      "version": 2,
      "terms": {
        "<term name>": {
          "file": "<term file or page, relative to the source folder>",
          "line": 12,
          "references": 5,               # references to it, in every page
          "pages": {"<docname>": 3},     # references per page that references it
          "unlinked": [{"page": "<docname>", "line": 7, "text": "serotonin"}],
          "identifiers": [{"curie": "CHEBI:28790", "url": "http://…"}]  # url null: not expanded
        }
      },
      "findings": [
        {"check": "avoid", "file": "index.rst", "line": 9, "message": "..."}
      ]
    }

It is not written for a project without terms (its output stays Sphinx's own), nor by the
EPUB builder, which packs its output folder. ``unlinked`` is filled when ``neuroterms_lint``
runs the ``unlinked`` check (it is empty otherwise), and ``findings`` holds what the checks
of ``neuroterms_lint`` found.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.output.json_files import json_file_text
from sphinx_neuroterms.output.written_files import note_written, still_current

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    from sphinx_neuroterms.reading.lint import PageFindings
    from sphinx_neuroterms.terms.diagnostics import Diagnostic

#: The report's file name, in the output folder.
REPORT_NAME = "neuroterms-report.json"
#: Its format's name and version (a new version may add keys; it removes or renames none).
REPORT_FORMAT = "sphinx-neuroterms report"
REPORT_VERSION = 2


def report_data(app: Sphinx) -> dict[str, Any]:
    """The report, as JSON-ready data."""
    from sphinx_neuroterms.output.identifier_links import identifiers_data  # noqa: PLC0415

    domain = get_domain(app.env)
    state = domain.state
    relative = _relative_paths(Path(app.srcdir))
    counts: dict[str, dict[str, int]] = domain.ref_counts
    findings: dict[str, PageFindings] = domain.page_findings
    per_term: dict[str, dict[str, Any]] = {}
    for term in state.catalog:
        per_term[term.key] = {
            "file": relative(term.location.path),
            "line": term.location.line,
            "references": 0,
            "pages": {},
            "unlinked": [],
            "identifiers": identifiers_data(app.env, term),
        }
    for docname in sorted(counts):
        for key, count in counts[docname].items():
            found = state.lookup(key)
            if found is not None and found.key in per_term:
                entry = per_term[found.key]
                entry["references"] += count
                entry["pages"][docname] = entry["pages"].get(docname, 0) + count
    listed: list[Diagnostic] = []
    for docname in sorted(findings):
        listed.extend(findings[docname].diagnostics)
        for mention in findings[docname].unlinked:
            if mention.key in per_term:
                per_term[mention.key]["unlinked"].append(
                    {"page": docname, "line": mention.line, "text": mention.text}
                )
    listed.extend(domain.unused)
    names = {term.key: term.name for term in state.catalog}
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "terms": {names[key]: per_term[key] for key in sorted(per_term, key=names.__getitem__)},
        "findings": [
            {
                "check": diagnostic.subtype.value,
                "file": relative(diagnostic.location.path),
                "line": diagnostic.location.line,
                "message": diagnostic.message,
            }
            for diagnostic in listed
        ],
    }


def _relative_paths(srcdir: Path) -> Callable[[str], str]:
    """Paths made relative to the source folder where they are inside it, with ``/``; each
    path resolved once (thousands of terms share a few files)."""
    root = srcdir.resolve()

    @functools.cache
    def relative(path: str) -> str:
        resolved = Path(path).resolve()
        return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else path

    return relative


#: Builders whose output folder becomes one file: a report there would be packed into it (or
#: warned about as a file of unknown type).
PACKAGING_BUILDERS = frozenset({"epub"})


def write_report(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the report (not after a failed build, not for a project
    without terms, whose output stays Sphinx's own, and not into an EPUB)."""
    if exception is not None or app.builder.name in PACKAGING_BUILDERS:
        return
    if not len(get_domain(app.env).state.catalog) or still_current(app, REPORT_NAME):
        return
    text = json_file_text(report_data(app))
    (Path(app.outdir) / REPORT_NAME).write_text(text, encoding="utf-8")
    note_written(app, REPORT_NAME, [Path(app.outdir) / REPORT_NAME])
