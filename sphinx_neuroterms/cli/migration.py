"""What ``neuroterms migrate`` changes: the record of a planned migration, which shows itself
as a unified diff and a summary, and writes itself.

:func:`sphinx_neuroterms.cli.migrate.plan_migration` fills a :class:`Migration`; nothing here
reads the project.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sphinx_neuroterms.cli.all_or_nothing import NotWrittenError, write_all_or_nothing
from sphinx_neuroterms.cli.conf_file import ConfEdit
from sphinx_neuroterms.cli.rewrite import SourceKind
from sphinx_neuroterms.cli.rst_glossary import GlossaryBlock
from sphinx_neuroterms.terms.diagnostics import Diagnostic, Severity, format_diagnostic
from sphinx_neuroterms.terms.model import Location, Term


class MigrationError(Exception):
    """``DOCS_DIR`` is not a Sphinx project that can be migrated."""


@dataclass
class FileChange:
    """A file that migrating changes or creates."""

    #: Its path.
    path: Path
    #: Its text now with ``\n`` line ends, or ``None`` for a new file.
    old: str | None
    #: Its text after migrating, with ``\n`` line ends.
    new: str
    #: Its text now as the file has it, each line with its own line end (default: ``old``).
    original: str | None = None

    def old_lines(self) -> list[str]:
        """The lines of the file now, each with its own line end."""
        return [body + end for body, end in _lines_and_ends(self._original())]

    def new_lines(self) -> list[str]:
        """The lines of the file after migrating, each with the line end it is written with.

        Only the lines the migration changes may change: a line it keeps (or edits in place,
        as a rewritten role) keeps its own line end, so a page with one ``\r\n`` line among
        ``\n`` ones keeps that one; a new line takes the file's most common one (``\n`` in a
        new file).
        """
        old = _lines_and_ends(self._original())
        new = _lines_and_ends(self.new)
        crlf = sum(1 for _, end in old if end == "\r\n")
        usual = "\r\n" if crlf > sum(1 for _, end in old if end == "\n") else "\n"
        ends = [end and usual for _, end in new]
        matcher = difflib.SequenceMatcher(
            None, [body for body, _ in old], [body for body, _ in new], autojunk=False
        )
        for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and old_end - old_start == new_end - new_start):
                for offset in range(new_end - new_start):
                    own = old[old_start + offset][1]
                    # The old last line may have had no end; a line after it now needs one.
                    if ends[new_start + offset] and own:
                        ends[new_start + offset] = own
        return [body + end for (body, _), end in zip(new, ends, strict=True)]

    @property
    def written(self) -> str:
        """The text written to the file (see :meth:`new_lines`)."""
        return "".join(self.new_lines())

    def _original(self) -> str:
        if self.original is not None:
            return self.original
        return self.old or ""


@dataclass
class MigratedGlossary:
    """One glossary that moves to a term file."""

    #: The page that holds it, and its path as shown.
    page: Path
    shown: str
    #: Where it is in the page.
    block: GlossaryBlock
    #: The page's markup, which its text keeps.
    kind: SourceKind
    #: The term file it moves to.
    term_file: Path
    #: Its terms, nested glossaries' terms included.
    terms: list[Term]

    @property
    def location(self) -> Location:
        """The page and line of the glossary."""
        return Location(self.shown, self.block.start + 1)


@dataclass
class Migration:
    """Everything migrating a project changes (see :func:`plan_migration`)."""

    #: The documentation folder.
    root: Path
    #: The files to change or create, by path, in the order they are shown.
    changes: dict[Path, FileChange] = field(default_factory=dict)
    #: The glossaries that move to term files.
    glossaries: list[MigratedGlossary] = field(default_factory=list)
    #: What was found wrong or left in place, located.
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: The glossaries left in place (the page and line of each).
    left: list[Location] = field(default_factory=list)
    #: ``:term:`` roles rewritten, in pages and in term text.
    roles_in_pages: int = 0
    roles_in_terms: int = 0
    #: The pages whose roles were rewritten.
    pages_with_roles: int = 0
    #: Link targets and substitutions written into term text.
    carried: int = 0
    #: The edit of ``conf.py``.
    conf: ConfEdit | None = None

    @property
    def terms(self) -> int:
        """How many terms move to term files."""
        return sum(len(glossary.terms) for glossary in self.glossaries)

    def shown_path(self, path: Path) -> str:
        """A path relative to the documentation folder, with ``/``."""
        return path.relative_to(self.root).as_posix()

    def diff(self) -> str:
        """The unified diff of every change, which ``patch -p1`` applies in the folder: ``a/``
        and ``b/`` paths (followed by a tab when they hold a space), each file's own line
        ends, and GNU diff's mark for a last line without one."""
        parts: list[str] = []
        for change in self.changes.values():
            name = self.shown_path(change.path)
            end = "\t" if " " in name else ""
            old_name = "/dev/null" if change.old is None else f"a/{name}{end}"
            for line in difflib.unified_diff(
                change.old_lines(), change.new_lines(), old_name, f"b/{name}{end}", lineterm="\n"
            ):
                if line.endswith("\n"):
                    parts.append(line)  # headers end in "\n", as GNU diff writes them
                else:
                    parts.append(line + "\n\\ No newline at end of file\n")
        return "".join(parts)

    def summary(self) -> list[str]:
        """What migrating does, a line per kind of change."""
        count = len(self.glossaries)
        terms = _plural(self.terms, "term")
        files = _plural(count, "term file")
        lines = [f"{_plural(count, 'glossary', 'glossaries')} ({terms}) to {files}"]
        lines.extend(
            f"  {glossary.location.path}:{glossary.location.line} -> "
            f"{self.shown_path(glossary.term_file)} ({_plural(len(glossary.terms), 'term')})"
            for glossary in self.glossaries
        )
        lines.append(
            f"{_plural(self.roles_in_pages, ':term: role')} rewritten in "
            f"{_plural(self.pages_with_roles, 'page')}, "
            f"{self.roles_in_terms} in term text"
        )
        lines.append(f"link targets and substitutions written into term text: {self.carried}")
        if self.conf is not None:
            lines.extend(f"conf.py: {change}" for change in self.conf.changes)
        lines.append(f"{_plural(len(self.changes), 'file')} to change")
        return lines

    def write(self) -> None:
        """Write every change, or none: a migration is all or nothing (see
        :mod:`sphinx_neuroterms.cli.all_or_nothing`).

        :raises NotWrittenError: a file is outside the folder, read-only or cannot be written;
            every file is as it was.
        """
        for change in self.changes.values():
            if not change.path.resolve().is_relative_to(self.root):
                raise NotWrittenError(change.path, f"it is outside {self.root}")
        write_all_or_nothing(
            {change.path: change.written.encode("utf-8") for change in self.changes.values()}
        )

    def show_or_write(self, *, write: bool, prog: str, out: TextIO, err: TextIO) -> int:
        """What ``neuroterms migrate`` prints and does once the migration is planned: the
        problems found, the diff (a dry run) or the writing, and the summary.

        :param prog: the name of the program, before a message that stops it.
        :param out: where the diff goes; ``err`` gets the rest.
        :return: the exit status: 1 if something is left to do by hand, or nothing could be
            written.
        """
        err.writelines(format_diagnostic(diagnostic) + "\n" for diagnostic in self.diagnostics)
        by_hand = self.conf.by_hand if self.conf is not None else []
        if not write:
            out.write(self.diff())
        elif self.changes and not by_hand:
            try:
                self.write()
            except NotWrittenError as error:
                err.write(f"{prog}: {error.describe(self.shown_path)}\n")
                return 1
        summary = self.summary()
        if not self.changes and not by_hand:
            summary = ["nothing to migrate: no glossary, and no :term: role of a known term"]
        elif by_hand:
            # Pages that use the extension without a conf.py that loads it would not build.
            summary.append(
                "conf.py cannot be edited safely, so nothing was written; add these lines to "
                "the end of conf.py, then run again:\n"
                + "\n".join(f"    {line}" for line in by_hand)
            )
        elif not write:
            summary.append("dry run: nothing written; run again with --write to migrate")
        err.writelines(line + "\n" for line in summary)
        errors = any(d.severity >= Severity.ERROR for d in self.diagnostics)
        return 1 if by_hand or self.left or errors else 0


def _lines_and_ends(text: str) -> list[tuple[str, str]]:
    """Each line of ``text`` and its line end (``"\r\n"``, ``"\n"``, or ``""`` for a last line
    without one). Only ``\n`` ends a line: a U+2028 or form feed in a page is text, though
    :meth:`str.splitlines` would split there."""
    pieces = text.split("\n")
    last = pieces.pop()
    lines = [(piece[:-1], "\r\n") if piece.endswith("\r") else (piece, "\n") for piece in pieces]
    if last:
        lines.append((last, ""))
    return lines


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {plural or noun + 's'}"
