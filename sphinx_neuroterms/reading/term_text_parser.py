"""Term text (definitions, sections, notes) parsed inside the document that shows it.

Term text is Sphinx content (SPEC.md section 2): it is parsed while the document showing it
is read, into that document, with the project's own roles and directives, so Sphinx resolves
it as it resolves the page (cross-references, substitutions, footnotes, named links,
citations, math). Each line of the text keeps its file and line in the term file, so every
warning about it, Sphinx's and docutils' included, points there.

Term files are untrusted input: their text changes nothing outside its entry, runs no code
and reads no file. Directives that would are refused before they run, as a located
``neuroterms.term_markup`` warning (the rule: ``term_markup.refusal_of``). What could still
slip through (raw HTML in MyST, a link or image whose target is neither http(s) nor inside
the project) is taken out after parsing.
"""

from __future__ import annotations

import contextlib
import functools
import re
from os import path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import Directive, directives, states
from docutils.parsers.rst import languages as rst_languages
from docutils.statemachine import StringList
from sphinx import addnodes

from sphinx_neuroterms.domain.nterm_domain import IN_TERM_TEXT
from sphinx_neuroterms.nodes import nterm_body, nterm_part, nterm_reference
from sphinx_neuroterms.reading.term_text_myst import render_myst
from sphinx_neuroterms.reading.term_text_problems import note_problem
from sphinx_neuroterms.terms.markup_rules import (
    MAY_BE_MARKUP,
    REFUSED_OPTIONS,
    line_of,
    refusal_of,
    text_lines,
)
from sphinx_neuroterms.terms.model import Location
from sphinx_neuroterms.terms.urls import is_safe_url

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from docutils.nodes import Element, Node
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.terms.model import Term


_BLANK_LINES = re.compile(r"\n{2,}")


def plain_paragraphs(text: str) -> list[nodes.paragraph]:
    """Paragraphs of text without markup, as the reST parser would make them."""
    parts = (part.strip() for part in _BLANK_LINES.split(text))
    return [nodes.paragraph(part, part) for part in parts if part]


def _node_location(node: Node, fallback: Location, needle: str = "") -> Location:
    """Where a node was written; without a line of its own (some docutils versions give
    none to images), the first line at or below ``fallback`` holding ``needle``."""
    source, line = getattr(node, "source", None), getattr(node, "line", None)
    if source and line:
        return Location(str(source), line)
    return Location(fallback.path, line_of(fallback.path, fallback.line or 1, needle))


@functools.cache
def _refused(name: str, reason: str, original: type[Directive] | None = None) -> type[Directive]:
    """A directive that warns and renders nothing, in place of a refused one (made once).

    With ``original``, only the options of :data:`REFUSED_OPTIONS` are refused; without
    them the original directive runs.
    """

    class _AnyOptions(dict[str, Any]):
        def __missing__(self, key: str) -> Any:
            return directives.unchanged

    refused_options = REFUSED_OPTIONS.get(name.rpartition(":")[2], ())

    class Refused(Directive):
        required_arguments = 0
        optional_arguments = 100
        final_argument_whitespace = True
        has_content = True
        option_spec: ClassVar[dict[str, Any]] = _AnyOptions(
            getattr(original, "option_spec", None) or {}
        )

        def run(self) -> list[Node]:
            given = [option for option in refused_options if option in self.options]
            if original is not None and not given:
                directive = original(
                    self.name, self.arguments, self.options, self.content, self.lineno,
                    self.content_offset, self.block_text, self.state, self.state_machine,
                )
                return list(directive.run())
            what = f"{name} :{given[0]}:" if given else name
            source, line = self.state_machine.get_source_and_line(self.lineno)
            note_problem(
                self.state.document.settings.env,
                f"'{what}' is refused in term text ({reason}); it is left out",
                Location(str(source), line),
            )
            return []

    return Refused


@contextlib.contextmanager
def _refusing(document: nodes.document) -> Iterator[None]:
    """While term text is parsed: refused directives replaced, raw and file insertion off.

    reST and MyST (its ``{eval-rst}`` blocks and directives nested in others included) look
    every directive up through docutils' ``directives.directive``, which Sphinx replaces by
    its domain-aware lookup while a page is read; wrapping that lookup refuses a directive
    under any domain prefix and under its translated name (``.. titel::`` in German). Reading
    is single-threaded in each process, and the lookup is put back afterwards.
    """
    lookup = directives.directive

    def refusing_lookup(
        directive_name: str, language_module: Any, document: nodes.document
    ) -> tuple[type[Directive] | None, list[nodes.system_message]]:
        found, messages = lookup(directive_name, language_module, document)
        name = directive_name.lower()
        local = name.rpartition(":")[2]
        # docutils accepts a directive's name in the document's language as well.
        canonical = getattr(language_module, "directives", {}).get(local, local)
        reason = refusal_of(canonical) or refusal_of(name)
        # A directive the project does not have is unknown, as in a page: it runs nothing.
        if reason is not None and found is not None:
            return _refused(name, reason), messages
        if found is not None and canonical in REFUSED_OPTIONS:
            # (Classes are hashable; typeshed's Directive stub says otherwise.)
            return _refused(name, "it reads a file", cast("Any", found)), messages
        return found, messages

    settings = document.settings
    flags = (settings.raw_enabled, settings.file_insertion_enabled)
    try:
        directives.directive = refusing_lookup
        settings.raw_enabled = settings.file_insertion_enabled = False
        yield
    finally:
        settings.raw_enabled, settings.file_insertion_enabled = flags
        directives.directive = lookup


@contextlib.contextmanager
def _in_term_text(env: BuildEnvironment) -> Iterator[None]:
    """Marks the parse of term text, for the roles that record references."""
    env.temp_data[IN_TERM_TEXT] = True
    try:
        yield
    finally:
        env.temp_data.pop(IN_TERM_TEXT, None)


class TermTextParser:
    """Parses term text into nodes of the document being read (one per directive run)."""

    def __init__(self, document: nodes.document, env: BuildEnvironment) -> None:
        self.document = document
        self.env = env
        self._machine: states.NestedStateMachine | None = None
        self._memo: Any = None
        self._myst: Any = None

    def bodies(self, terms: Iterable[Term]) -> list[nterm_body]:
        """Everything glossary entries show of the terms' text: the name line with markup
        (``display``), definition, sections, notes."""
        with _refusing(self.document), _in_term_text(self.env):
            return [self._body(term) for term in terms]

    def _body(self, term: Term) -> nterm_body:
        body = nterm_body(key=term.key)
        if term.display:
            body += nterm_part("", *self.parse(term.display, term, "display"), part="display")
        body += nterm_part("", *self.parse(term.definition, term, "definition"), part="definition")
        for title, text in term.sections:
            body += nterm_part(
                "", *self.parse(text, term, f"sections:{title}"), part="section", title=title
            )
        for note in term.notes:
            body += nterm_part("", *self.parse(note, term, f"notes:{note}"), part="note")
        return body

    def parse(self, text: str, term: Term, place: str) -> list[Node]:
        """One piece of a term's text as nodes of the document (inside :func:`_refusing`)."""
        if term.markup == "text" or (
            term.markup == "rst" and not MAY_BE_MARKUP.search(text.strip())
        ):
            paragraphs: list[Node] = []
            for paragraph in plain_paragraphs(text.strip()):
                if term.markup == "text":  # shown as written: no curly quotes either
                    paragraph["support_smartquotes"] = False
                paragraphs.append(paragraph)
            return paragraphs
        lines = text_lines(text, term, place)
        container = nodes.Element()
        if term.markup == "myst":
            self._parse_myst(lines, container)
        else:
            self._parse_rst(lines, container)
        self._remove_forbidden(container, term.location_of(place))
        _refine_reference_lines(container)
        return list(container.children)

    def _parse_rst(self, lines: StringList, container: Element) -> None:
        # A state machine of our own, not the directive's: in a MyST page that one parses
        # MyST. It is made once and reused, as docutils reuses its nested state machines.
        if self._machine is None:
            settings = self.document.settings
            inliner = states.Inliner()
            inliner.init_customizations(settings)
            self._memo = states.Struct(  # type: ignore[attr-defined]
                document=self.document,
                reporter=self.document.reporter,
                language=rst_languages.get_language(
                    settings.language_code, self.document.reporter
                ),
                title_styles=[],
                section_level=0,
                section_bubble_up_kludge=False,
                inliner=inliner,
            )
            self._machine = states.NestedStateMachine(
                state_classes=states.state_classes, initial_state="Body"
            )
        # Warnings of the inliner and of directives ask the reporter where a line is: ours.
        reporter = self.document.reporter
        saved = reporter.get_source_and_line
        reporter.get_source_and_line = self._machine.get_source_and_line
        try:
            self._machine.run(lines, 0, self._memo, container, match_titles=False)
        finally:
            reporter.get_source_and_line = saved

    def _parse_myst(self, lines: StringList, container: Element) -> None:
        if self._myst is None:
            self._myst = render_myst(self.document, self.env) or self._without_myst
        self._myst(lines, container)

    def _without_myst(self, lines: StringList, container: Element) -> None:
        """MyST term text, myst-parser missing: plain paragraphs, and a warning that says why."""
        source, offset = lines.info(0) if lines else ("", 0)
        note_problem(
            self.env,
            "term text is MyST (markup: myst) but myst-parser is not installed; it is shown "
            "as plain text",
            Location(str(source), int(offset or 0) + 1),
        )
        container.extend(plain_paragraphs("\n".join(lines)))

    def _problem(self, message: str, node: Node, fallback: Location, needle: str = "") -> None:
        note_problem(self.env, message, _node_location(node, fallback, needle))

    def _remove_forbidden(self, tree: Element, fallback: Location) -> None:
        """Take out raw output, head metadata, unsafe links, and files from outside; make
        doctest blocks code to show, never to run."""
        # sphinx.ext.doctest's builder runs the blocks marked with a test node type: unmarked,
        # a term's doctest shows its code as in a page and runs nothing.
        for node in list(tree.findall(nodes.Element)):
            if "testnodetype" in node:
                del node["testnodetype"]
        for node in list(tree.findall(nodes.raw)):
            self._problem(
                "raw output is refused in term text; it is left out", node, fallback
            )
            node.parent.remove(node)
        for meta in list(tree.findall(nodes.meta)):
            self._problem("'meta' is refused in term text; it is left out", meta, fallback)
            meta.parent.remove(meta)
        remove_unsafe_links(tree)
        for image in list(tree.findall(nodes.image)):
            uri = str(image.get("uri", ""))
            if "://" not in uri and not self._inside_project(uri):
                self._problem(
                    f"image {uri!r} is outside the project; it is left out", image, fallback, uri
                )
                image.replace_self(nodes.inline("", image.get("alt", "")))
        for download in list(tree.findall(addnodes.download_reference)):
            target = str(download.get("reftarget", ""))
            if "://" not in target and not self._inside_project(target):
                self._problem(
                    f"download {target!r} is outside the project; it is left out",
                    download, fallback, target,
                )
                download.replace_self(nodes.inline("", "", *download.children))

    def _inside_project(self, uri: str) -> bool:
        """Whether a file path, as a page would resolve it, lies in the source folder."""
        _, absolute = self.env.relfn2path(uri, self.env.docname)
        srcdir = path.realpath(self.env.srcdir)
        return path.realpath(absolute).startswith(srcdir + path.sep)


def _is_reference(node: Node) -> bool:
    return isinstance(node, (nterm_reference, addnodes.pending_xref))


def _refine_reference_lines(tree: Element) -> None:
    """Give each cross-reference the line it is written on, not its paragraph's first line
    (all docutils tells a role), so that its warnings point at it."""
    for node in tree.findall(_is_reference):
        if node.source and node.line:
            node.line = line_of(node.source, node.line, str(getattr(node, "rawsource", "")))


def remove_unsafe_links(tree: Element) -> None:
    """Unlink references and targets, and drop images, whose URL is neither http(s) nor
    relative.

    reST and MyST make links from term text (embedded URIs, standalone ``javascript:…`` URIs
    that docutils recognises, images); term files are untrusted, so such a link keeps its
    text and loses its target.
    """
    for reference in list(tree.findall(nodes.reference)):
        uri = reference.get("refuri")
        if uri is not None and not is_safe_url(str(uri)):
            reference.replace_self(nodes.inline("", "", *reference.children))
    for image in list(tree.findall(nodes.image)):
        if not is_safe_url(str(image.get("uri", ""))):
            image.replace_self(nodes.inline("", image.get("alt", "")))
    for target in list(tree.findall(nodes.target)):
        uri = target.get("refuri")
        if uri is not None and not is_safe_url(str(uri)):
            del target["refuri"]


def body_parts(body: nterm_body) -> Iterator[nterm_part]:
    """The parts of a body, in order."""
    for child in body.children:
        if isinstance(child, nterm_part):
            yield child
