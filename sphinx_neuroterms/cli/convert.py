"""``neuroterms check``, ``import`` and ``export``: load term files (and reST glossaries),
report their problems, and write the terms as one file.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sphinx_neuroterms.cli.export import MixedMarkupError, dump_json, dump_yaml
from sphinx_neuroterms.cli.export_common import ExportError
from sphinx_neuroterms.cli.export_skos import DEFAULT_BASE_URI, dump_skos
from sphinx_neuroterms.cli.export_table import dump_csv, dump_tsv
from sphinx_neuroterms.cli.export_tbx import dump_tbx
from sphinx_neuroterms.cli.program import (
    COMMAND_LINE_ORIGIN,
    EXIT_OK,
    EXIT_PROBLEMS,
    PROG,
    counted,
)
from sphinx_neuroterms.cli.rst_glossary import load_rst_glossaries
from sphinx_neuroterms.loaders import LoaderOptions, LoadResult, load_file
from sphinx_neuroterms.loaders.sources import expand_spec, is_pattern, resolve_sources
from sphinx_neuroterms.terms.catalog import TermCatalog
from sphinx_neuroterms.terms.checks import check_catalog
from sphinx_neuroterms.terms.diagnostics import (
    Diagnostic,
    Severity,
    WarningSubtype,
    format_diagnostic,
)
from sphinx_neuroterms.terms.markup_rules import check_term_markup
from sphinx_neuroterms.terms.model import Location, Markup

#: Suffixes ``neuroterms import`` reads as reST files, looking for ``.. glossary::`` blocks.
RST_SUFFIXES = frozenset({".rst", ".rest"})


@dataclass
class Loaded:
    """What a command read: merged terms, every problem in report order, and the files read."""

    catalog: TermCatalog
    diagnostics: list[Diagnostic]
    files: list[str] = field(default_factory=list)


def convert(args: argparse.Namespace, *, read_rst: bool) -> int:
    """Load, report problems to stderr, and write the terms (``import`` and ``export``)."""
    loaded = load_sources(args.sources, loader_options(args), read_rst=read_rst)
    print_problems(loaded, sys.stderr)
    options = {name: getattr(args, name) for name in FORMAT_OPTIONS.get(args.format, ())}
    try:
        text = FORMATS[args.format](
            list(loaded.catalog), include_location=args.with_location, **options
        )
    except (MixedMarkupError, ExportError) as error:
        print(f"{PROG}: {error}; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
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
    return exit_status(loaded, strict=False, destination=destination)


def load_sources(specs: Sequence[str], options: LoaderOptions, *, read_rst: bool) -> Loaded:
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
    return Loaded(catalog, _sorted_diagnostics(diagnostics, files), files)


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
    """How to show a resolved ``path`` that ``spec`` matched (see :func:`load_sources`).

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


def print_problems(loaded: Loaded, stream: TextIO) -> None:
    for diagnostic in loaded.diagnostics:
        print(format_diagnostic(diagnostic), file=stream)


def exit_status(loaded: Loaded, *, strict: bool, destination: str | None) -> int:
    """Print the summary line to stderr and return the exit status.

    :param destination: where the terms were written, for ``import`` and ``export``.
    """
    errors = sum(1 for d in loaded.diagnostics if d.severity >= Severity.ERROR)
    warnings = len(loaded.diagnostics) - errors
    terms = counted(len(loaded.catalog), "term")
    files = counted(len(loaded.files), "file")
    if errors or warnings:
        problems = f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
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


#: The writers of ``--format``.
FORMATS: dict[str, Callable[..., str]] = {"json": dump_json, "yaml": dump_yaml}
FORMATS.update(csv=dump_csv, tsv=dump_tsv, tbx=dump_tbx, skos=dump_skos)
#: The command-line options a writer takes as keyword arguments, beyond ``include_location``.
#: (Identifiers expand through the shipped prefix map; ``dump_tbx`` and ``dump_skos`` take a
#: project's own prefixes as ``prefixes``, which the command line cannot read from conf.py.)
FORMAT_OPTIONS: dict[str, tuple[str, ...]] = {
    "tbx": ("language",),
    "skos": ("language", "base_uri"),
}


def add_termbase_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the termbase and linked-data formats (``tbx``, ``skos``)."""
    parser.add_argument(
        "--language",
        default="en",
        type=_language_tag,
        metavar="TAG",
        help="the language of the terms, as a BCP 47 tag, for tbx and skos (default: en)",
    )

    parser.add_argument(
        "--base-uri",
        default=DEFAULT_BASE_URI,
        type=_absolute_uri,
        metavar="URI",
        help="for skos: concept IRIs are this followed by the term's slug, the scheme's "
        f"is this without its last '/', '#' or ':' (default: {DEFAULT_BASE_URI})",
    )


def _absolute_uri(text: str) -> str:
    if not _ABSOLUTE_URI.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an absolute URI such as https://example.org/terms/"
        )
    return text


_ABSOLUTE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+")


def _language_tag(text: str) -> str:
    if not _LANGUAGE_TAG.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a language tag such as en or pt-BR")
    return text


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


def loader_options(args: argparse.Namespace) -> LoaderOptions:
    markup: Markup | None = args.markup
    return LoaderOptions(boilerplate=tuple(args.boilerplate), markup=markup)
