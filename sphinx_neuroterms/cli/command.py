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
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from sphinx_neuroterms import __version__
from sphinx_neuroterms.cli.convert import (
    FORMATS,
    add_termbase_arguments,
    convert,
    exit_status,
    load_sources,
    loader_options,
    print_problems,
)
from sphinx_neuroterms.cli.lint_command import run_lint
from sphinx_neuroterms.cli.migrate import DEFAULT_TERMS_DIR, run_migrate
from sphinx_neuroterms.cli.program import EXIT_OK, EXIT_PROBLEMS, PROG
from sphinx_neuroterms.terms.diagnostics import LINT_CHECKS

_DESCRIPTION = """\
Check, import and export the term files of sphinx-neuroterms.

Term files are YAML, JSON or TOML term lists, spreadsheets (.csv, .tsv), TBX termbases (.tbx)
and plain-text glossary pages (.txt); the import command also reads the '.. glossary::'
blocks of reStructuredText (.rst) files. Problems are printed as
'path:line: message [neuroterms.<subtype>]'.
"""

_EPILOG = """\
exit status: 0 success, 1 errors found (or warnings, with --strict), 2 wrong usage.
Run 'neuroterms COMMAND --help' for a command's options.
"""


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
        "reStructuredText files (.rst), TBX termbases (.tbx) and other term files into one "
        "YAML term file (or another --format). Duplicate names are reported and the first one "
        "read is kept. Problems go to standard error; what loaded is written even when there "
        "are errors (exit status 1).",
    )
    _add_source_arguments(
        import_, "FILE", ".txt pages, .rst files, other term files, folders or globs"
    )
    _add_output_arguments(import_, default_format="yaml")
    import_.set_defaults(handler=_run_import)

    export = commands.add_parser(
        "export",
        help="write the loaded terms as JSON, YAML, CSV, TSV, TBX or SKOS",
        description="Load term files and write every term as one document, in read order: "
        "a JSON, YAML, CSV or TSV term file (MyST terms only with MyST terms in JSON and "
        "YAML: a document has one markup), a TBX-Basic termbase, or a SKOS concept scheme in "
        "Turtle (needs sphinx-neuroterms[rdf]). Problems go to standard error; what loaded is "
        "written even when there are errors (exit 1). What a format cannot hold stops the "
        "export with a message naming the term, and nothing is written (exit 1).",
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
    lint.set_defaults(handler=run_lint)

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
        "know that key and warn about it if the file is read back (not for tbx and skos)",
    )
    add_termbase_arguments(parser)


def _run_check(args: argparse.Namespace) -> int:
    loaded = load_sources(args.sources, loader_options(args), read_rst=False)
    print_problems(loaded, sys.stdout)
    return exit_status(loaded, strict=args.strict, destination=None)


def _run_migrate(args: argparse.Namespace) -> int:
    return run_migrate(
        Path(args.docs_dir), args.terms_dir, write=args.write, prog=PROG,
        out=sys.stdout, err=sys.stderr,
    )  # fmt: skip


def _run_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(term_file_schema())
    return 0


def term_file_schema() -> str:
    """The text of the JSON Schema for term files shipped in the package."""
    resource = resources.files("sphinx_neuroterms") / "schema" / "neuroterms.schema.json"
    return resource.read_text(encoding="utf-8")


def _run_import(args: argparse.Namespace) -> int:
    return convert(args, read_rst=True)


def _run_export(args: argparse.Namespace) -> int:
    return convert(args, read_rst=False)
