"""``neuroterms migrate``: move a Sphinx project's glossaries to term files.

:func:`plan_migration` reads the project in ``DOCS_DIR`` and works out every change without
writing anything; :class:`~sphinx_neuroterms.cli.migration.Migration` shows them (a unified
diff and a summary) or writes them.

- Every ``.. glossary::`` of a reST page and ``{glossary}`` of a MyST page becomes a YAML term
  file (``markup: myst`` for MyST), one per glossary, under ``terms/``: each entry's first term
  line names the term, the others are its aliases, classifiers become tags, a glossary nested
  in a definition gives terms of its own (linked from the entry as see-also), and a term line
  that is a link (``[Dispersion](https://…)``) gives the term's source. A term is named by the
  text Sphinx shows (``Basic`` for ``:class:`~.Basic```), what ``:term:`` names it by; a
  first term line with markup is kept as the term's ``display``.
- The definitions keep their markup, made to stand alone: named link targets, internal
  targets and ``replace::`` substitutions defined elsewhere in the page are written into the
  text (:class:`~sphinx_neuroterms.cli.rewrite.LinkTargets`).
- Each glossary block becomes an ``nterm-glossary`` that lists that file's terms, in the same
  order (``:order: file`` unless it was ``:sorted:``), in the place of the block.
- ``:term:`` and ``{term}`` roles that name a migrated term become ``:nterm:`` and
  ``{nterm}``, in pages and in the definitions.
- ``conf.py`` gets the extension and the term folder (:mod:`sphinx_neuroterms.cli.conf_file`).

A glossary with anything it cannot read is left where it is, reported at its line. A second
run finds no glossary and no ``:term:`` role of a known term: it changes nothing. No file
outside ``DOCS_DIR`` is read for writing or written.
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sphinx_neuroterms.cli.conf_file import literal_setting, plan_conf_edit
from sphinx_neuroterms.cli.export import dump_yaml
from sphinx_neuroterms.cli.migration import FileChange, MigratedGlossary, Migration, MigrationError
from sphinx_neuroterms.cli.myst_glossary import find_myst_glossaries
from sphinx_neuroterms.cli.project_pages import find_pages
from sphinx_neuroterms.cli.rewrite import LinkTargets, SourceKind, rewrite_term_roles
from sphinx_neuroterms.cli.rst_glossary import (
    GlossaryBlock,
    GlossaryEntry,
    entry_names,
    find_rst_glossaries,
    name_text,
    source_lines,
)
from sphinx_neuroterms.loaders import LoaderOptions, load_file
from sphinx_neuroterms.loaders.sources import resolve_sources
from sphinx_neuroterms.terms.catalog import TermCatalog
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.markup_rules import refused_in
from sphinx_neuroterms.terms.model import Location, Term
from sphinx_neuroterms.terms.names import term_key
from sphinx_neuroterms.terms.urls import is_safe_url

#: The folder of the term files, relative to ``DOCS_DIR`` (``--terms-dir``).
DEFAULT_TERMS_DIR = "terms"

#: What a term line cannot show from a term file, where the page's other parts are missing:
#: footnote and citation references, inline targets, named links and substitutions (reST);
#: footnote references (MyST). Such a line gives a plain name, and the user is told.
_NOT_DISPLAYED = {
    "rst": re.compile(r"\[[^\]\s]+\]_|_`|`__?(?!\w)|\w__?(?!\w)|\|[^|\s][^|]*\|"),
    "myst": re.compile(r"\[\^"),
}

#: A term line that is one link: MyST ``[name](URL)`` or reST ```name <URL>`_``.
_LINKED_NAME = {
    "myst": re.compile(r"^\[(?P<name>[^\]]+)\]\((?P<url>[^)\s]+)\)$"),
    "rst": re.compile(r"^`(?P<name>[^`<]+?)\s*<(?P<url>[^>]+)>`__?$"),
}


class UnreadableFileError(Exception):
    """A file of the project is not UTF-8 text: where, and why."""

    def __init__(self, location: Location, reason: str) -> None:
        super().__init__(f"{location}: {reason}")
        #: The file, and the line of the first byte that is not UTF-8.
        self.location = location
        #: What is wrong, for a person.
        self.reason = reason


def plan_migration(root: Path, terms_dir: str = DEFAULT_TERMS_DIR) -> Migration:
    """Work out what migrating the Sphinx project in ``root`` changes, writing nothing.

    :param terms_dir: where the term files go, relative to ``root``.
    :raises MigrationError: ``root`` has no ``conf.py``, or ``terms_dir`` leaves it.
    :raises UnreadableFileError: ``conf.py`` is not UTF-8.
    :raises OSError: ``conf.py`` cannot be read.
    """
    conf_shown = str(root / "conf.py")  # as the user typed the folder
    root = root.resolve()
    conf_path = root / "conf.py"
    if not conf_path.is_file():
        raise MigrationError(f"{root} has no conf.py: give the folder of the Sphinx project")
    terms_root = (root / terms_dir).resolve()
    if not terms_root.is_relative_to(root) or terms_root == root:
        raise MigrationError(f"the term folder {terms_dir!r} must be inside {root}")
    terms_dir = terms_root.relative_to(root).as_posix()
    conf_text, conf_original = _read(conf_path, conf_shown)
    migration = Migration(root)
    pages: dict[Path, tuple[str, str]] = {}
    for path in find_pages(root, conf_text, terms_root):
        shown = path.relative_to(root).as_posix()
        try:
            pages[path] = _read(path, shown)
        except UnreadableFileError as error:
            migration.diagnostics.append(
                Diagnostic(
                    WarningSubtype.ENCODING, f"{error.reason}; the page is left as it is",
                    error.location,
                )
            )  # fmt: skip
        except OSError as error:
            message = f"cannot read this page ({error.strerror or error}); it is left as it is"
            migration.diagnostics.append(
                Diagnostic(WarningSubtype.ENCODING, message, Location(shown))
            )
    # The terms that roles may name: those of existing term files, and the migrated ones.
    # A name of a glossary left in place stays Sphinx's, even if a migrated term's plural
    # or alias matches it.
    catalog = TermCatalog()
    for term in _existing_terms(root, conf_text, terms_root):
        catalog.add(term)
    extensions = literal_setting(conf_text, "extensions")
    known = [str(name) for name in extensions] if isinstance(extensions, list) else None
    kept = _find_glossaries(migration, pages, terms_root, catalog, known)

    def is_known(name: str) -> bool:
        return name.lower() not in kept and catalog.lookup(name) is not None

    _write_term_files(migration, is_known)
    _rewrite_pages(migration, pages, is_known)
    if migration.glossaries or len(catalog):
        sources = [
            glossary.term_file.relative_to(root).as_posix() for glossary in migration.glossaries
        ]
        migration.conf = plan_conf_edit(
            conf_text, sources, editable=conf_path.resolve().is_relative_to(root)
        )
        if migration.conf.text != conf_text:
            migration.changes[conf_path] = FileChange(
                conf_path, conf_text, migration.conf.text, conf_original
            )
    return migration


def run_migrate(
    docs_dir: Path, terms_dir: str, *, write: bool, prog: str, out: TextIO, err: TextIO
) -> int:
    """``neuroterms migrate``: plan the migration, then show or make it (see
    :meth:`~sphinx_neuroterms.cli.migration.Migration.show_or_write`, which prints the rest).

    :param prog: the name of the program, before a message that stops it.
    :return: the exit status: 2 if ``docs_dir`` is not a Sphinx project or ``terms_dir`` is
        outside it, 1 if ``conf.py`` cannot be read or something is left to do by hand.
    """
    try:
        migration = plan_migration(docs_dir, terms_dir)
    except MigrationError as error:
        err.write(f"{prog}: {error}\n")
        return 2
    except (OSError, UnreadableFileError) as error:
        err.write(f"{prog}: cannot read the project: {error}\n")
        return 1
    return migration.show_or_write(write=write, prog=prog, out=out, err=err)


def _read(path: Path, shown: str) -> tuple[str, str]:
    """A file's text with ``\n`` line ends, and its text as it is (see
    :attr:`~sphinx_neuroterms.cli.migration.FileChange.original`).

    :param shown: the file's path as messages show it.
    :raises UnreadableFileError: it is not UTF-8.
    """
    data = path.read_bytes()
    try:
        original = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UnreadableFileError(
            Location(shown, line),
            f"not valid UTF-8 at byte offset {error.start} (0x{data[error.start]:02x}: "
            f"{error.reason}); save it as UTF-8",
        ) from None
    return original.replace("\r\n", "\n"), original


def _find_glossaries(
    migration: Migration,
    pages: dict[Path, tuple[str, str]],
    terms_root: Path,
    migrated: TermCatalog,
    extensions: list[str] | None,
) -> set[str]:
    """Read every glossary of the pages into :attr:`Migration.glossaries`, each with the
    term file it moves to.

    A glossary is left where it is, reported at its line, when it cannot move whole: part of
    it cannot be read, a definition uses what term text refuses (``include``, ``raw``…), or a
    name is already a term's (Sphinx shows both entries; term files keep one).

    :param migrated: the terms of the term files, to which the migrated terms are added.
    :param extensions: the project's extensions, when ``conf.py`` lists them literally: a
        directive that runs code is in the way only where an extension gives it.
    :return: the names (lower-cased) of the terms of the glossaries left in place.
    """
    root = migration.root
    taken: set[Path] = set()
    kept: set[str] = set()
    for path, (text, _) in pages.items():
        kind = _kind(path)
        shown = path.relative_to(root).as_posix()
        finder = find_rst_glossaries if kind == "rst" else find_myst_glossaries
        targets = (
            LinkTargets.of_rst(path, root, text) if kind == "rst" else LinkTargets.of_myst(text)
        )
        for block in finder(source_lines(text), shown):
            migration.diagnostics.extend(block.diagnostics)
            problem = "part of it cannot be read (see above)" if not block.complete else None
            terms: list[Term] = []
            not_kept: list[Diagnostic] = []
            if problem is None:
                terms = _block_terms(block, kind, shown, migration, targets, not_kept=not_kept)
                problem = _why_not_moved(terms, migrated, extensions)
            if problem is not None:
                where = Location(shown, block.start + 1)
                migration.left.append(where)
                migration.diagnostics.append(
                    Diagnostic(
                        WarningSubtype.INVALID_TERM,
                        f"this glossary is left in place: {problem}; fix it and migrate again",
                        where,
                    )
                )
                kept.update(
                    name.lower() for entry in block.entries for name in entry_names(entry, kind)
                )
                continue
            migration.diagnostics.extend(sorted(not_kept, key=lambda d: d.location.line or 0))
            for term in terms:
                migrated.add(term)
            term_file = _free_name(terms_root, shown, taken)
            migration.glossaries.append(
                MigratedGlossary(path, shown, block, kind, term_file, terms)
            )
    return kept


def _why_not_moved(
    terms: list[Term], migrated: TermCatalog, extensions: list[str] | None
) -> str | None:
    """Why a glossary's terms cannot move to a term file, or ``None``."""
    for term in terms:
        refused = refused_in(term.definition, term.markup, extensions)
        if refused:
            return (
                f"the definition of {term.name!r} (line {term.location.line}) uses "
                f"{refused[0]!r}, which term text refuses"
            )
    names: dict[str, Term] = {}
    for term in terms:
        for name in (term.name, *term.aliases):
            other = migrated.lookup(name, plurals=False) or names.get(term_key(name))
            if other is not None and other is not term:
                return (
                    f"{name!r} (line {term.location.line}) is also a term at "
                    f"{other.location.path}:{other.location.line}, and term files keep one "
                    "term per name"
                )
            names[term_key(name)] = term
    return None


def _write_term_files(migration: Migration, is_known: Callable[[str], bool]) -> None:
    """Each glossary's term file, with the roles of its text rewritten."""
    for glossary in migration.glossaries:
        rewritten = []
        for term in glossary.terms:
            definition, count = rewrite_term_roles(term.definition, glossary.kind, is_known)
            migration.roles_in_terms += count
            rewritten.append(dataclasses.replace(term, definition=definition))
        glossary.terms = rewritten
        text = dump_yaml(rewritten, glossary.kind)
        migration.changes[glossary.term_file] = FileChange(glossary.term_file, None, text)


def _rewrite_pages(
    migration: Migration, pages: dict[Path, tuple[str, str]], is_known: Callable[[str], bool]
) -> None:
    """Each page with its glossaries replaced by ``nterm-glossary`` and its roles rewritten."""
    blocks_of: dict[Path, list[MigratedGlossary]] = {}
    for glossary in migration.glossaries:
        blocks_of.setdefault(glossary.page, []).append(glossary)
    for path, (text, original) in pages.items():
        kind = _kind(path)
        new = text
        if path in blocks_of:
            lines = text.split("\n")
            for glossary in reversed(blocks_of[path]):
                block = glossary.block
                term_file = "/" + glossary.term_file.relative_to(migration.root).as_posix()
                lines[block.start : block.end] = _glossary_directive(
                    glossary, term_file, lines[block.start]
                )
            new = "\n".join(lines)
        new, count = rewrite_term_roles(new, kind, is_known)
        if count:
            migration.roles_in_pages += count
            migration.pages_with_roles += 1
        if new != text:
            migration.changes[path] = FileChange(path, text, new, original)


def _kind(path: Path) -> SourceKind:
    return "myst" if path.suffix.lower() == ".md" else "rst"


def _free_name(terms_root: Path, shown: str, taken: set[Path]) -> Path:
    """A term file path for a glossary of the page ``shown`` that no file has yet."""
    stem = shown.rsplit(".", 1)[0].replace("/", "-")
    candidate = terms_root / f"{stem}.yaml"
    number = 1
    # lexists: a dangling link is taken too (writing through it would leave the folder).
    # "_2" sorts after ".yaml", so the term files are read in the order of the page.
    while candidate in taken or os.path.lexists(candidate):
        number += 1
        candidate = terms_root / f"{stem}_{number}.yaml"
    taken.add(candidate)
    return candidate


def _existing_terms(root: Path, conf_text: str, terms_root: Path) -> list[Term]:
    """The terms of the term files the project has already (its ``neuroterms_sources`` when
    ``conf.py`` writes them as a literal, and the term folder)."""
    specs = literal_setting(conf_text, "neuroterms_sources")
    names = [str(spec) for spec in specs] if isinstance(specs, (list, tuple)) else []
    if terms_root.is_dir():
        names.append(str(terms_root))
    paths, _ = resolve_sources(names, root)
    terms: list[Term] = []
    for path in paths:
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        terms.extend(load_file(path, LoaderOptions(), display_path=shown).terms)
    return terms


def _block_terms(
    block: GlossaryBlock,
    kind: SourceKind,
    shown: str,
    migration: Migration,
    targets: LinkTargets,
    *,
    not_kept: list[Diagnostic],
) -> list[Term]:
    """The terms of a glossary in the order Sphinx shows them (sorted as Sphinx sorts, for a
    ``:sorted:`` glossary), nested glossaries' terms after their entry's.

    :param not_kept: gets what the term file cannot hold, located: its comments, and the
        markup of term lines.
    """
    not_kept.extend(
        Diagnostic(
            WarningSubtype.NOT_KEPT,
            f"this comment between glossary entries is not kept in the term file: {text!r}",
            Location(shown, line),
        )
        for text, line in block.comments
    )
    entries = block.entries
    if block.sorted:
        # Sphinx's GlossarySorter: the first term line's text as shown, lower-cased, in NFD.
        entries = sorted(
            entries,
            key=lambda entry: unicodedata.normalize(
                "NFD", name_text(entry.terms[0][0], kind).lower()
            ),
        )
    terms: list[Term] = []
    for entry in entries:
        terms.extend(_entry_terms(entry, kind, shown, migration, targets, not_kept=not_kept))
    return terms


def _entry_terms(
    entry: GlossaryEntry,
    kind: SourceKind,
    shown: str,
    migration: Migration,
    targets: LinkTargets,
    *,
    not_kept: list[Diagnostic],
) -> list[Term]:
    definition, nested = _split_nested(entry, kind, shown)
    if kind == "rst":
        definition, carried = targets.carry_rst(definition)
    else:
        definition, carried = targets.carry_myst(definition)
    migration.carried += carried
    names: list[str] = []
    source = display = None
    for text, number in entry.terms:
        linked = _LINKED_NAME[kind].match(text.strip())
        if linked:
            names.append(" ".join(linked.group("name").split()))
            kept = source is None and is_safe_url(linked.group("url"))
            source = linked.group("url") if kept else source
        else:
            line = targets.substitute(text) if kind == "rst" else text
            names.extend(entry_names(GlossaryEntry([(line, 0)]), kind))
            kept = names[-1:] == [_without_escapes(line)]
            if not kept and len(names) == 1 and not _NOT_DISPLAYED[kind].search(line):
                # The name is the text Sphinx shows (what :term: names it by); the line
                # itself is what the glossary shows.
                display, kept = " ".join(line.split()), True
        if not kept:
            # The user is told, at the line, what Sphinx showed that the term file will not.
            message = (
                f"the term file names this term {names[-1]!r}: the markup of the term line "
                f"{text.strip()!r} is not kept (a term name is plain text"
                + (", and the term keeps one link, the first, as its source)" if linked else ")")
            )
            not_kept.append(Diagnostic(WarningSubtype.NOT_KEPT, message, Location(shown, number)))
    inner = [
        term
        for block in nested
        for term in _block_terms(block, kind, shown, migration, targets, not_kept=not_kept)
    ]
    term = Term(
        names[0],
        definition,
        Location(shown, entry.line),
        aliases=tuple(names[1:]),
        see_also=tuple(term.name for term in inner),
        tags=tuple(dict.fromkeys(" ".join(item.split()) for item in entry.classifiers)),
        source=source,
        markup=kind,
        display=display,
    )
    return [term, *inner]


def _without_escapes(text: str) -> str:
    """A term line as plain text when it has no markup: backslash escapes resolved, spaces
    collapsed (what :func:`~sphinx_neuroterms.terms.plain_text.rst_plain` gives for such a line)."""
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


def _split_nested(
    entry: GlossaryEntry, kind: SourceKind, shown: str
) -> tuple[str, list[GlossaryBlock]]:
    """An entry's definition without the glossaries nested in it, and those glossaries
    (their lines numbered in the page)."""
    definition = entry.definition
    lines = source_lines(definition)
    finder = find_rst_glossaries if kind == "rst" else find_myst_glossaries
    nested = [block for block in finder(lines, shown) if block.complete]
    if not nested:
        return definition, []
    offset = entry.body[0][1] - 1 if entry.body else 0
    first_text = next((number for text, number in entry.body if text.strip()), offset + 1)
    for block in nested:
        for nested_entry in block.entries:
            nested_entry.terms = [
                (text, line + first_text - 1) for text, line in nested_entry.terms
            ]
        block.comments = [(text, line + first_text - 1) for text, line in block.comments]
    kept = definition.split("\n")
    for block in reversed(nested):
        del kept[block.start : block.end]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
    return text, nested


def _glossary_directive(glossary: MigratedGlossary, term_file: str, first: str) -> list[str]:
    """The lines of the ``nterm-glossary`` that takes a glossary's place."""
    kind = glossary.kind
    indent = first[: len(first) - len(first.lstrip())]
    # Always in file order: the term file lists the terms as Sphinx showed them, sorted for
    # a ":sorted:" glossary (Sphinx's order, which is not ours for accented names).
    options = [f":files: {term_file}", ":group-by: none", ":order: file"]
    if kind == "rst":
        return [f"{indent}.. nterm-glossary::", *(f"{indent}   {option}" for option in options)]
    marker = re.match(r"\s*(`{3,}|~{3,}|:{3,})", first)
    fence = marker.group(1) if marker else "```"
    return [
        f"{indent}{fence}{{nterm-glossary}}",
        *(indent + option for option in options),
        indent + fence,
    ]
