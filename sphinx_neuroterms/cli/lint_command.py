"""``neuroterms lint DOCS_DIR``: the terminology checks of a project, without output.

The one subcommand that needs Sphinx: it imports it when it runs, so that every other
subcommand starts without it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from sphinx_neuroterms.cli.program import EXIT_OK, EXIT_PROBLEMS, PROG, counted
from sphinx_neuroterms.terms.diagnostics import LINT_CHECKS, format_diagnostic
from sphinx_neuroterms.terms.model import Location


def run_lint(args: argparse.Namespace) -> int:
    """Run the checks on the project at ``args.docs_dir`` and print what they found."""
    # Sphinx, only now: ``neuroterms check`` and the others never load it.
    from sphinx.errors import SphinxError  # noqa: PLC0415

    from sphinx_neuroterms.reading.lint import LintError, lint_project  # noqa: PLC0415

    docs = Path(args.docs_dir)
    if not (docs / "conf.py").is_file():
        print(
            f"{PROG}: {docs} has no conf.py: give the folder of the Sphinx project", file=sys.stderr
        )
        return 2
    checks = None
    if args.checks is not None:
        checks = [item.strip() for item in args.checks.split(",") if item.strip()]
        unknown = [item for item in checks if item not in LINT_CHECKS]
        if unknown:
            print(f"{PROG}: unknown check {unknown[0]!r} (expected some of "
                  f"{', '.join(LINT_CHECKS)})", file=sys.stderr)  # fmt: skip
            return 2
    try:
        findings = lint_project(docs, checks)
    except LintError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except SphinxError as error:
        print(f"{PROG}: the project does not build: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    cwd = Path.cwd()
    shown = [
        replace(d, location=Location(_shown_path(d.location.path, cwd), d.location.line))
        for d in findings
    ]
    if args.format == "json":
        entries = [
            {"file": d.location.path, "line": d.location.line, "check": d.subtype.value,
             "message": d.message}
            for d in shown
        ]  # fmt: skip
        print(json.dumps(entries, ensure_ascii=False, indent=2))
    else:
        for diagnostic in shown:
            print(format_diagnostic(diagnostic))
    print(f"{counted(len(findings), 'finding')}", file=sys.stderr)
    return EXIT_PROBLEMS if findings else EXIT_OK


def _shown_path(path: str, cwd: Path) -> str:
    """A path relative to the current folder, if it is inside it."""
    resolved = Path(path).resolve()
    return os.path.relpath(resolved, cwd) if resolved.is_relative_to(cwd) else path

