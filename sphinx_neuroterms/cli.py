"""The ``neuroterms`` command (also ``python -m sphinx_neuroterms``): check, import and export
terms.

Problems are printed one per line as ``path:line: message [neuroterms.<subtype>]``, with paths
as the user typed them, so editors can jump to them and users see what to put in
``suppress_warnings``. Exit codes: 0 success, 1 errors found (or warnings with
``--strict``), 2 wrong usage. Run without arguments, it prints its help on standard output
and exits 0, as pip does.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TextIO

from sphinx.errors import SphinxError

from sphinx_neuroterms import __version__
from sphinx_neuroterms.export import dump_json, dump_yaml
from sphinx_neuroterms.loaders import LoaderOptions, LoadResult, load_file
from sphinx_neuroterms.loaders.sources import expand_spec, is_pattern, resolve_sources
from sphinx_neuroterms.migrate import DEFAULT_TERMS_DIR, MigrationError, plan_migration
from sphinx_neuroterms.reading.lint import LintError, lint_project
from sphinx_neuroterms.rst_glossary import load_rst_glossaries
from sphinx_neuroterms.terms.catalog import TermCatalog
from sphinx_neuroterms.terms.checks import check_catalog
from sphinx_neuroterms.terms.diagnostics import (
    LINT_CHECKS,
    WARNING_TYPE,
    Diagnostic,
    Severity,
    WarningSubtype,
)
from sphinx_neuroterms.terms.markup_rules import check_term_markup
from sphinx_neuroterms.terms.model import Location, Markup

#: The program name in help and messages; the same whether run as a script or with ``-m``.
PROG = "neuroterms"

#: Exit codes. Usage errors exit with argparse's 2.
EXIT_OK = 0
EXIT_PROBLEMS = 1

#: Suffixes ``neuroterms import`` reads as reST files, looking for ``.. glossary::`` blocks.
RST_SUFFIXES = frozenset({".rst", ".rest"})

#: The writers of ``--format``.
FORMATS: dict[str, Callable[..., str]] = {"json": dump_json, "yaml": dump_yaml}

#: Where source specifications that match nothing are reported (they have no file of their own).
COMMAND_LINE_ORIGIN = PROG

_DESCRIPTION = """\
Check, import and export the term files of sphinx-neuroterms.

Term files are YAML, JSON or TOML term lists and plain-text glossary pages (.txt); the import
command also reads the '.. glossary::' blocks of reStructuredText (.rst) files. Problems are
printed as 'path:line: message [neuroterms.<subtype>]'.
"""

_EPILOG = """\
exit status: 0 success, 1 errors found (or warnings, with --strict), 2 wrong usage.
Run 'neuroterms COMMAND --help' for a command's options.
"""


@dataclass
class _Loaded:
    """What a command read: merged terms, every problem in report order, and the files read."""

    catalog: TermCatalog
    diagnostics: list[Diagnostic]
    files: list[str] = field(default_factory=list)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    :param argv: the arguments after the program name (default: ``sys.argv[1:]``).
    :return: the exit status (usage errors exit through argparse's ``SystemExit(2)``).
    """
    parser = build_parser()
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:
        # Bare ``neuroterms``: the whole help on standard output, exit 0 (pip, cargo and gh do
        # the same), instead of argparse's "the following arguments are required" and 2.
        parser.print_help()
        return EXIT_OK
    args = parser.parse_args(arguments)
    try:
        status: int = args.handler(args)
    except BrokenPipeError:
        # The reader went away (``neuroterms export … | head``): not an error of ours. Point
        # stdout at devnull so the interpreter's final flush does not complain again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PROBLEMS
    return status


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``neuroterms`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="load term files and report every problem",
        description="Load term files, validate them and print every problem as "
        "'path:line: message [neuroterms.<subtype>]' on standard output, in file order. "
        "A summary goes to standard error. Exits 1 if there are errors.",
    )
    _add_source_arguments(
        check, "SOURCE", "term files, folders (read recursively) or glob patterns"
    )
    check.add_argument(
        "--strict", action="store_true", help="count warnings as errors for the exit status"
    )
    check.set_defaults(handler=_run_check)

    import_ = commands.add_parser(
        "import",
        help="convert glossary pages and .rst glossaries to a YAML term file",
        description="Convert plain-text glossary pages (.txt), the '.. glossary::' blocks of "
        "reStructuredText files (.rst) and other term files into one YAML (or JSON) term "
        "file. Duplicate names are reported and the first one read is kept. Problems go to "
        "standard error; what loaded is written even when there are errors (exit status 1).",
    )
    _add_source_arguments(
        import_, "FILE", ".txt pages, .rst files, other term files, folders or globs"
    )
    _add_output_arguments(import_, default_format="yaml")
    import_.set_defaults(handler=_run_import)

    export = commands.add_parser(
        "export",
        help="write the loaded terms as JSON (or YAML)",
        description="Load term files and write every term as one JSON (or YAML) document, "
        "in read order. Problems go to standard error; what loaded is written even when "
        "there are errors (exit status 1).",
    )
    _add_source_arguments(export, "SOURCE", "term files, folders (read recursively) or globs")
    _add_output_arguments(export, default_format="json")
    export.set_defaults(handler=_run_export)

    migrate = commands.add_parser(
        "migrate",
        help="move a Sphinx project's glossaries to term files",
        description="Move every '.. glossary::' (reST) and '{glossary}' (MyST) of the Sphinx "
        "project in DOCS_DIR to YAML term files, replace each by 'nterm-glossary', rewrite "
        "the ':term:' roles that name a migrated term to ':nterm:' (MyST: '{term}' to "
        "'{nterm}'), and add the extension to conf.py. Without --write, prints the changes "
        "as a unified diff and writes nothing. A second run changes nothing.",
        epilog="exit status: 0 done (or nothing to do), 1 something is left to do by hand "
        "(a glossary that cannot be read, a conf.py that cannot be edited safely), "
        "2 wrong usage.",
    )
    migrate.add_argument("docs_dir", metavar="DOCS_DIR", help="the folder that holds conf.py")
    migrate.add_argument(
        "--write", action="store_true", help="make the changes (default: show them only)"
    )
    migrate.add_argument(
        "--terms-dir",
        default=DEFAULT_TERMS_DIR,
        metavar="FOLDER",
        help=f"where the term files go, inside DOCS_DIR (default: {DEFAULT_TERMS_DIR})",
    )
    migrate.set_defaults(handler=_run_migrate)

    lint = commands.add_parser(
        "lint",
        help="run the terminology checks on a Sphinx project, writing no output",
        description="Read the Sphinx project in DOCS_DIR as a build does, run the "
        "terminology checks (names to avoid, unused terms, unlinked mentions) and print "
        "each finding as 'path:line: message [neuroterms.<subtype>]'. Nothing is written "
        "into the project. Exits 1 if there are findings.",
    )
    lint.add_argument("docs_dir", metavar="DOCS_DIR", help="the folder that holds conf.py")
    lint.add_argument(
        "--checks",
        metavar="CHECKS",
        help=f"comma-separated checks to run, of {', '.join(LINT_CHECKS)} (default: the "
        "project's neuroterms_lint)",
    )
    lint.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="'json' prints one JSON list of findings (file, line, check, message), for CI "
        "annotations (default: text)",
    )
    lint.set_defaults(handler=_run_lint)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of term files, for editors",
        description="Print the JSON Schema (2020-12) of YAML, JSON and TOML term files that "
        "ships with the package, for editors that complete and check keys while you type. "
        "'neuroterms check' applies the same rules, and more that need every file at once.",
    )
    schema.set_defaults(handler=_run_schema)
    return parser


def _add_source_arguments(parser: argparse.ArgumentParser, metavar: str, what: str) -> None:
    parser.add_argument("sources", nargs="+", metavar=metavar, help=what)
    parser.add_argument(
        "--boilerplate",
        action="append",
        default=[],
        metavar="REGEX",
        help="a regular expression for lines of .txt pages to drop as site boilerplate, "
        "in addition to the built-in ones (repeatable)",
    )
    parser.add_argument(
        "--markup",
        choices=("rst", "myst", "text"),
        default=None,
        help="read every file's text as this markup (default: the file's own 'markup' key, "
        "else reST; plain text for .txt)",
    )


def _add_output_arguments(parser: argparse.ArgumentParser, default_format: str) -> None:
    parser.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE",
        help="the file to write ('-', the default, is standard output)",
    )
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default=default_format,
        help=f"the output format (default: {default_format})",
    )
    parser.add_argument(
        "--with-location",
        action="store_true",
        help="add each term's 'location' (path and line) to the output; the loaders do not "
        "know that key and warn about it if the file is read back",
    )


def _loader_options(args: argparse.Namespace) -> LoaderOptions:
    markup: Markup | None = args.markup
    return LoaderOptions(boilerplate=tuple(args.boilerplate), markup=markup)


def _run_check(args: argparse.Namespace) -> int:
    loaded = _load(args.sources, _loader_options(args), read_rst=False)
    _print_diagnostics(loaded, sys.stdout)
    return _finish(loaded, strict=args.strict, destination=None)


def _run_migrate(args: argparse.Namespace) -> int:
    try:
        migration = plan_migration(Path(args.docs_dir), args.terms_dir)
    except MigrationError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as error:
        print(f"{PROG}: cannot read the project: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    for diagnostic in migration.diagnostics:
        print(format_diagnostic(diagnostic), file=sys.stderr)
    by_hand = migration.conf.by_hand if migration.conf is not None else []
    if not args.write:
        sys.stdout.write(migration.diff())
    elif migration.changes and not by_hand:
        migration.write()
    summary = migration.summary()
    if not migration.changes and not by_hand:
        summary = ["nothing to migrate: no glossary, and no :term: role of a known term"]
    elif by_hand:
        # Pages that use the extension without a conf.py that loads it would not build.
        summary.append(
            "conf.py cannot be edited safely, so nothing was written; add these lines to the "
            "end of conf.py, then run again:\n" + "\n".join(f"    {line}" for line in by_hand)
        )
    elif not args.write:
        summary.append("dry run: nothing written; run again with --write to migrate")
    for line in summary:
        print(line, file=sys.stderr)
    errors = any(d.severity >= Severity.ERROR for d in migration.diagnostics)
    return EXIT_PROBLEMS if by_hand or migration.left or errors else EXIT_OK


def _run_lint(args: argparse.Namespace) -> int:
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
    print(f"{_plural(len(findings), 'finding')}", file=sys.stderr)
    return EXIT_PROBLEMS if findings else EXIT_OK


def _shown_path(path: str, cwd: Path) -> str:
    """A path relative to the current folder, if it is inside it."""
    resolved = Path(path).resolve()
    return os.path.relpath(resolved, cwd) if resolved.is_relative_to(cwd) else path


def _run_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(term_file_schema())
    return 0


def term_file_schema() -> str:
    """The text of the JSON Schema for term files shipped in the package."""
    resource = resources.files("sphinx_neuroterms") / "schema" / "neuroterms.schema.json"
    return resource.read_text(encoding="utf-8")


def _run_import(args: argparse.Namespace) -> int:
    return _convert(args, read_rst=True)


def _run_export(args: argparse.Namespace) -> int:
    return _convert(args, read_rst=False)


def _convert(args: argparse.Namespace, *, read_rst: bool) -> int:
    """Load, report problems to stderr, and write the terms (``import`` and ``export``)."""
    loaded = _load(args.sources, _loader_options(args), read_rst=read_rst)
    _print_diagnostics(loaded, sys.stderr)
    text = FORMATS[args.format](list(loaded.catalog), include_location=args.with_location)
    if args.output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        destination = "standard output"
    else:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as error:
            print(f"{PROG}: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return EXIT_PROBLEMS
        destination = args.output
    return _finish(loaded, strict=False, destination=destination)


def _load(specs: Sequence[str], options: LoaderOptions, *, read_rst: bool) -> _Loaded:
    """Resolve and load every source, merging the terms in read order.

    Each specification is resolved on its own so that its files can be shown as the user
    wrote them: a file named directly keeps its spelling, a file found in a folder or by a
    glob is shown relative to the current folder (absolute if the specification was).

    :param read_rst: also read ``.rst`` files, for their glossaries. Folders and globs then
        select ``.rst`` files too; those without a glossary are passed over quietly, since a
        documentation folder is mostly pages without one.
    """
    cwd = Path.cwd()
    shown: dict[Path, str] = {}
    searched_rst: set[Path] = set()
    diagnostics: list[Diagnostic] = []
    for spec in specs:
        paths, problems = resolve_sources(
            [spec], base_dir=cwd, origin=Location(COMMAND_LINE_ORIGIN)
        )
        rst_paths = _find_rst(spec, cwd) if read_rst else []
        if rst_paths:
            # resolve_sources does not know .rst files: "matches no term file" is wrong here.
            problems = [p for p in problems if p.subtype is not WarningSubtype.SOURCE_MISSING]
            searched_rst.update(rst_paths)
            paths = sorted({*paths, *rst_paths})
        diagnostics.extend(problems)
        for path in paths:
            shown.setdefault(path, _display_path(spec, path, cwd))
    catalog = TermCatalog()
    for path, display in shown.items():
        result = _load_one(path, display, options, read_rst=read_rst)
        problems = result.diagnostics
        if path in searched_rst:
            problems = [p for p in problems if not _is_no_glossary(p)]
        diagnostics.extend(problems)
        for term in result.terms:
            catalog.add(term)
    diagnostics.extend(catalog.diagnostics)
    diagnostics.extend(check_catalog(catalog))
    diagnostics.extend(check_term_markup(catalog))
    files = list(shown.values())
    return _Loaded(catalog, _sorted_diagnostics(diagnostics, files), files)


def _find_rst(spec: str, cwd: Path) -> list[Path]:
    """The ``.rst`` files a folder or glob specification selects (resolved)."""
    if not (is_pattern(spec) or (cwd / spec).is_dir()):
        return []
    return [path.resolve() for path in expand_spec(spec, cwd, RST_SUFFIXES)]


def _is_no_glossary(diagnostic: Diagnostic) -> bool:
    """Whether this is the whole-file "no glossary here" report of an ``.rst`` file."""
    return diagnostic.subtype is WarningSubtype.SOURCE_MISSING and diagnostic.location.line is None


def _load_one(path: Path, display: str, options: LoaderOptions, *, read_rst: bool) -> LoadResult:
    if read_rst and path.suffix.lower() in RST_SUFFIXES:
        return load_rst_glossaries(path, options, display_path=display)
    return load_file(path, options, display_path=display)


def _display_path(spec: str, path: Path, cwd: Path) -> str:
    """How to show a resolved ``path`` that ``spec`` matched (see :func:`_load`).

    A file named directly is shown as typed; a file in a named folder as the folder as typed
    plus the path inside it (``../terms/a.yaml``); a glob match relative to the current
    folder, or absolute if the pattern was.
    """
    candidate = cwd / spec  # an absolute spec replaces cwd
    if candidate.is_file():
        return spec
    if candidate.is_dir():
        try:
            return str(Path(spec) / path.relative_to(candidate.resolve()))
        except ValueError:  # resolve_sources resolved a symlink out of the folder
            return str(path)
    if Path(spec).is_absolute():
        return str(path)
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return str(path)


def _sorted_diagnostics(diagnostics: list[Diagnostic], files: list[str]) -> list[Diagnostic]:
    """Problems in file order, then by line; those about no file (unmatched sources) first.

    The sort is stable, so problems on the same line keep the order they were found in.
    """
    order = {path: index for index, path in enumerate(files)}

    def key(diagnostic: Diagnostic) -> tuple[int, int]:
        location = diagnostic.location
        return (order.get(location.path, -1) + 1, location.line or 0)

    return sorted(diagnostics, key=key)


def format_diagnostic(diagnostic: Diagnostic) -> str:
    """``path:line: message [neuroterms.<subtype>]``."""
    return f"{diagnostic.format()} [{WARNING_TYPE}.{diagnostic.subtype.value}]"


def _print_diagnostics(loaded: _Loaded, stream: TextIO) -> None:
    for diagnostic in loaded.diagnostics:
        print(format_diagnostic(diagnostic), file=stream)


def _finish(loaded: _Loaded, *, strict: bool, destination: str | None) -> int:
    """Print the summary line to stderr and return the exit status.

    :param destination: where the terms were written, for ``import`` and ``export``.
    """
    errors = sum(1 for d in loaded.diagnostics if d.severity >= Severity.ERROR)
    warnings = len(loaded.diagnostics) - errors
    terms = _plural(len(loaded.catalog), "term")
    files = _plural(len(loaded.files), "file")
    if errors or warnings:
        problems = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        if strict and warnings:
            problems += " (--strict: warnings count as errors)"
    else:
        problems = "no problems"
    if destination is None:
        print(f"{terms} in {files}: {problems}", file=sys.stderr)
    else:
        print(f"wrote {terms} to {destination} from {files}: {problems}", file=sys.stderr)
    failed = errors > 0 or (strict and warnings > 0)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
