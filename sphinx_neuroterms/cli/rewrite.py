"""Rewriting reStructuredText and MyST source for ``neuroterms migrate``.

Two rewrites, each on the text that markup would parse and never inside code, literals or
comments:

- :func:`rewrite_term_roles` turns Sphinx's ``:term:`` (MyST ``{term}``) into ``:nterm:``
  (``{nterm}``) where the target names a known term. A target it does not know (a term of
  another project, through intersphinx) keeps its role.
- :class:`LinkTargets` makes a glossary definition stand alone once it moves to a term file:
  a named hyperlink reference (```FreeSurfer`_``, ``[MNE][mne]``) whose target is defined
  elsewhere in the page (or a file it includes) gets the URL written into it, a reference to
  an internal target becomes ``:ref:``, and a ``|name|`` substitution defined by
  ``replace::`` is replaced by its text.

Nothing here imports Sphinx or docutils.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sphinx_neuroterms.cli.myst_glossary import myst_prose_lines, scan_markdown
from sphinx_neuroterms.cli.rst_glossary import (
    TEXT_ARGUMENT_DIRECTIVES,
    rst_directives,
    rst_prose_lines,
    source_lines,
)

#: The markup of a source: a reST page or term text, or a MyST page or term text.
SourceKind = Literal["rst", "myst"]

#: ``:term:`` and ``:std:term:`` with their content (reST).
_RST_TERM_ROLE = re.compile(r"(?<![\w`:\\])(?P<role>:(?:std:)?term:)`(?P<content>[^`]+)`(?!`)")
#: ``{term}`` and ``{std:term}`` with their content (MyST; any run of backticks).
_MYST_TERM_ROLE = re.compile(
    r"(?P<role>\{(?:std:)?term\})(?P<ticks>`+)(?P<content>.+?)(?P=ticks)(?!`)"
)
#: ``title <target>`` in a role's content.
_EXPLICIT_TARGET = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
#: reST inline literals, and the spans of MyST code (a backtick run to the next run as long).
_RST_LITERAL = re.compile(r"``[^`].*?``(?!`)|``[^`]``", re.DOTALL)
#: A run of lines without a blank one.
_PARAGRAPH = re.compile(r"(?:^[^\n]*\S[^\n]*(?:\n|$))+", re.MULTILINE)
_BACKTICKS = re.compile(r"`+")


def rewrite_term_roles(
    text: str, kind: SourceKind, is_known: Callable[[str], bool]
) -> tuple[str, int]:
    """Turn the ``:term:`` roles of ``text`` that name a known term into ``:nterm:``.

    :param is_known: whether a role's target (``!`` and ``~`` taken off) is a known term.
    :return: the new text and the number of roles rewritten.
    """
    pattern, replacement = (
        (_RST_TERM_ROLE, ":nterm:") if kind == "rst" else (_MYST_TERM_ROLE, "{nterm}")
    )
    count = 0

    def rewrite(match: re.Match[str]) -> str:
        nonlocal count
        if match.group("content").lstrip()[:1] in {"!", "~"}:
            return match.group(0)  # Sphinx's modifiers, which :nterm: does not take
        if not is_known(role_target(match.group("content"))):
            return match.group(0)
        count += 1
        return replacement + match.group(0)[len(match.group("role")) :]

    return _sub_in_text(pattern, text, kind, rewrite), count


def _sub_in_text(
    pattern: re.Pattern[str], text: str, kind: SourceKind, replace: Callable[[re.Match[str]], str]
) -> str:
    """``pattern.sub(replace, text)`` for the matches in what markup reads as text, outside
    inline code (:func:`text_only`)."""
    masked = text_only(text, kind)
    code = _code_spans(masked, kind)
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(masked):
        if _inside(code, match.start()) or text[match.start() : match.end()] != match.group(0):
            continue  # in code, or running over something that is not text
        pieces += [text[position : match.start()], replace(match)]
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def text_only(text: str, kind: SourceKind) -> str:
    """``text`` with what markup does not read as text with inline markup turned into
    spaces, each character where it was: literal blocks, code, comments, directive and fence
    lines, but not the text a directive takes on its own line (``.. seealso:: :term:`Axon```,
    ```` ```{note} {term}`Axon` ````), nor the content of directives that hold text, nested
    as deep as they go."""
    raw = text.split("\n")
    lines = source_lines(text)
    prose = rst_prose_lines(lines) if kind == "rst" else myst_prose_lines(lines)
    #: Each line that holds text, and the column where its text starts.
    text_from = dict.fromkeys(prose, 0)
    if kind == "rst":
        for index, directive in rst_directives(lines):
            if directive.group("name").lower() in TEXT_ARGUMENT_DIRECTIVES:
                text_from[index] = raw[index].find("::") + 2
    else:
        for fence in scan_markdown(lines).fences:
            if fence.directive in TEXT_ARGUMENT_DIRECTIVES and fence.argument:
                text_from[fence.start] = raw[fence.start].find("}") + 1
    return "\n".join(
        " " * text_from[index] + line[text_from[index] :] if index in text_from
        else " " * len(line)
        for index, line in enumerate(raw)
    )


def role_target(content: str) -> str:
    """The target a cross-reference role's content names: ``title <target>`` or the whole
    content, without the ``!`` and ``~`` prefixes, on one line."""
    explicit = _EXPLICIT_TARGET.match(content)
    target = explicit.group("target") if explicit else content
    return " ".join(target.lstrip("!~").split())


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(match.end() for match in re.finditer("\n", text))
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    """The index of the line holding ``offset``, given the offsets where lines start."""
    return bisect.bisect_right(starts, offset) - 1


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start < offset < end for start, end in spans)


def _code_spans(text: str, kind: SourceKind) -> list[tuple[int, int]]:
    """The spans of inline code: reST ````literals````, MyST code spans (a backtick run to
    the next run as long, unless a role name opens it: ``{role}`...```). Either may run over
    lines, never over a blank line."""
    spans: list[tuple[int, int]] = []
    for paragraph in _PARAGRAPH.finditer(text):
        start = paragraph.start()
        if kind == "rst":
            found = [match.span() for match in _RST_LITERAL.finditer(paragraph.group(0))]
        else:
            found = _myst_code_spans(paragraph.group(0))
        spans.extend((start + begin, start + end) for begin, end in found)
    return spans


def _myst_code_spans(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = 0
    while (run := _BACKTICKS.search(line, position)) is not None:
        ticks = run.group(0)
        close = re.compile(rf"(?<!`){ticks}(?!`)").search(line, run.end())
        if close is None:
            break
        if not line[: run.start()].endswith("}"):  # a role's content is not code
            spans.append((run.start(), close.end()))
        position = close.end()
    return spans


# -- link targets and substitutions ---------------------------------------------------------

#: ``.. _name: URI`` / ``.. _`a name`: URI`` / ``.. _name:`` (reST explicit targets).
_RST_TARGET = re.compile(
    r"^(?P<indent>\s*)\.\.\s+_(?P<name>`[^`]+`|[^`:][^:]*?|)\s*:(?:\s+(?P<uri>.*))?$"
)
#: ``.. |name| replace:: text`` (reST).
_RST_REPLACE = re.compile(r"^(?P<indent>\s*)\.\.\s+\|(?P<name>[^|]+)\|\s+replace::\s*(?P<text>.*)$")
#: ``.. include:: path`` (reST).
_RST_INCLUDE = re.compile(r"^\s*\.\.\s+include::\s+(?P<path>\S.*)$")
#: ``[label]: URL "title"`` (a Markdown link reference definition).
_MYST_DEFINITION = re.compile(
    r"""^\ {0,3}\[(?P<label>[^\]]+)\]:\s*(?P<url><[^>]*>|\S+)
        (?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*$""",
    re.VERBOSE,
)

#: A substitution reference, ``|name|`` (not ``|name|_``).
_SUBSTITUTION_REFERENCE = r"(?<![\w\\|])\|(?P<sub>[^|\s](?:[^|]*[^|\s])?)\|(?![_\w|])"
_SUBSTITUTION = re.compile(_SUBSTITUTION_REFERENCE)
#: reST references and substitutions in term text, with what must be passed over: literals,
#: roles, and hyperlinks that already carry their URI.
_RST_INLINE = re.compile(
    r"""
      (?P<literal>``.+?``)
    | (?P<role>:[\w.:+-]+:`[^`]*`|`[^`]*`:[\w.:+-]+:)
    | (?P<phrase>(?<![\w\\])`(?P<text>[^`]+?)`_(?![_\w]))
    | (?P<simple>(?<![\w`\\])(?P<word>[A-Za-z0-9]+(?:[-_.+:][A-Za-z0-9]+)*)_(?![\w_]))
    | (?P<substitution>"""
    + _SUBSTITUTION_REFERENCE
    + """)
    """,
    re.VERBOSE | re.DOTALL,
)
#: Markdown reference links: ``[text][label]``, ``[label][]`` and ``[label]`` (images too).
_MYST_REFERENCE = re.compile(
    r"(?P<image>!?)\[(?P<text>[^\[\]]+)\](?:\[(?P<label>[^\[\]]*)\])?(?![\[(:])"
)


def normalize_name(name: str) -> str:
    """A reference name as docutils and CommonMark compare them: case and runs of white
    space do not matter."""
    return " ".join(name.lower().split())


@dataclass
class LinkTargets:
    """The link targets and substitutions a page defines, to carry into its definitions."""

    #: Reference name to URI, for external targets.
    uris: dict[str, str] = field(default_factory=dict)
    #: Reference name to the name it points at, for indirect targets (``.. _a: b_``).
    aliases: dict[str, str] = field(default_factory=dict)
    #: Names of internal targets (a label before an element: Sphinx's ``:ref:`` reaches it).
    labels: set[str] = field(default_factory=set)
    #: Substitution name to replacement text, for ``replace::`` substitutions.
    replacements: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of_rst(cls, path: Path, root: Path, text: str) -> LinkTargets:
        """The targets of a reST page and of the files it includes (within ``root``)."""
        targets = cls()
        seen = {path}

        def include(name: str, including: Path) -> None:
            """Add the targets of an included file (once, and only from within ``root``)."""
            found = (root / name.lstrip("/")) if name.startswith("/") else including.parent / name
            found = found.resolve()
            if found in seen or not found.is_relative_to(root) or not found.is_file():
                return
            seen.add(found)
            try:
                included = found.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return
            targets.add_rst(included, lambda name: include(name, found))

        targets.add_rst(text, lambda name: include(name, path))
        return targets

    def add_rst(self, text: str, include: Callable[[str], None] | None = None) -> None:
        """Add the targets and substitutions that reST ``text`` defines; ``include`` is called
        with the path of each ``.. include::``."""
        lines = source_lines(text)
        for index, line in enumerate(lines):
            if target := _RST_TARGET.match(line):
                self._add_rst_target(lines, index, target)
            elif replace := _RST_REPLACE.match(line):
                body = [
                    replace.group("text"),
                    *_continuation(lines, index, replace.group("indent")),
                ]
                self.replacements.setdefault(
                    normalize_name(replace.group("name")),
                    " ".join(part.strip() for part in body).strip(),
                )
            elif (included := _RST_INCLUDE.match(line)) and include is not None:
                include(included.group("path").strip())

    def _add_rst_target(self, lines: list[str], index: int, target: re.Match[str]) -> None:
        name = normalize_name(target.group("name").strip("`"))
        if not name or name == "_":  # anonymous targets are not named
            return
        parts = [target.group("uri") or "", *_continuation(lines, index, target.group("indent"))]
        uri = "".join(part.strip() for part in parts)
        if not uri:
            self.labels.add(name)
        elif uri.endswith("_") and not uri.endswith("\\_"):
            self.aliases.setdefault(name, normalize_name(uri[:-1].strip("`")))
        else:
            self.uris.setdefault(name, uri)

    @classmethod
    def of_myst(cls, text: str) -> LinkTargets:
        """The link reference definitions of a Markdown page."""
        targets = cls()
        lines = source_lines(text)
        for index in myst_prose_lines(lines):
            if definition := _MYST_DEFINITION.match(lines[index]):
                url = definition.group("url")
                targets.uris.setdefault(
                    normalize_name(definition.group("label")),
                    url.strip("<>") if url.startswith("<") else url,
                )
        return targets

    def resolve(self, name: str) -> tuple[str, str] | None:
        """``("uri", URI)`` or ``("label", name)`` for a reference name, following indirect
        targets; ``None`` if the page does not define it."""
        seen: set[str] = set()
        while name in self.aliases and name not in seen:
            seen.add(name)
            name = self.aliases[name]
        if name in self.uris:
            return "uri", self.uris[name]
        if name in self.labels:
            return "label", name
        return None

    def substitute(self, text: str) -> str:
        """``text`` with the ``replace::`` substitutions it uses replaced by their text."""

        def replace(match: re.Match[str]) -> str:
            name = normalize_name(match.group("sub"))
            return self.replacements.get(name, match.group(0))

        return _SUBSTITUTION.sub(replace, text)

    def carry_rst(self, text: str) -> tuple[str, int]:
        """Write into reST term text the targets and substitutions it uses from the page.

        Targets and substitutions that ``text`` defines itself stay as they are.
        :return: the new text and the number of references carried.
        """
        own = LinkTargets()
        own.add_rst(text)
        own_names = {*own.uris, *own.aliases, *own.labels}
        count = 0

        def carry(match: re.Match[str]) -> str:
            nonlocal count
            if match.group("literal") or match.group("role"):
                return match.group(0)
            if match.group("substitution"):
                substitution = normalize_name(match.group("sub"))
                if substitution in own.replacements or substitution not in self.replacements:
                    return match.group(0)
                count += 1
                return self.replacements[substitution]
            shown: str = match.group("text") or match.group("word")
            name: str | None = shown
            if match.group("phrase"):
                shown, name = _phrase_reference(shown)
            if name is None or normalize_name(name) in own_names:
                return match.group(0)
            found = self.resolve(normalize_name(name))
            if found is None:
                return match.group(0)
            count += 1
            kind, value = found
            if kind == "uri":
                # Anonymous (two underscores): a named one would define the name again in
                # every page that shows the term.
                return f"`{shown} <{value}>`__"
            return f":ref:`{shown} <{value}>`"

        return _RST_INLINE.sub(carry, text), count

    def carry_myst(self, text: str) -> tuple[str, int]:
        """Write the URLs of reference links (``[text][label]``) into MyST term text."""
        count = 0

        def carry(match: re.Match[str]) -> str:
            nonlocal count
            label = match.group("label") or match.group("text")
            if label.startswith("^"):  # a footnote
                return match.group(0)
            url = self.uris.get(normalize_name(label))
            if url is None:
                return match.group(0)
            count += 1
            shown_url = f"<{url}>" if " " in url else url
            return f"{match.group('image')}[{match.group('text')}]({shown_url})"

        return _sub_in_text(_MYST_REFERENCE, text, "myst", carry), count


def _phrase_reference(text: str) -> tuple[str, str | None]:
    """``(shown text, reference name)`` of a phrase reference's text; the name is ``None``
    for a reference that carries its URI already (``text <https://…>``)."""
    explicit = _EXPLICIT_TARGET.match(text)
    if explicit is None:
        return text, text
    target = explicit.group("target").strip()
    if target.endswith("_") and not target.endswith("\\_"):
        return explicit.group("title"), target[:-1].strip("`")
    return text, None


def _continuation(lines: list[str], index: int, indent: str) -> Iterable[str]:
    """The lines that continue an explicit markup line (indented more than it)."""
    for line in lines[index + 1 :]:
        if not line or len(line) - len(line.lstrip()) <= len(indent):
            return
        yield line
