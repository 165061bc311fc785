"""The ``nterm`` and ``nterm-glossary`` directives.

Every project that loads the extension registers them; what they need to run (ids, records,
the term text parser, warnings) is imported when a page uses one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.i18n import _
from sphinx_neuroterms.nodes import nterm_glossary, nterm_reference
from sphinx_neuroterms.terms.names import term_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils.nodes import Node

#: ``.. nterm:: Name``: a term defined in a page.
NTERM_DIRECTIVE = "nterm"
#: ``.. nterm-glossary::``: a glossary of loaded terms.
GLOSSARY_DIRECTIVE = "nterm-glossary"


def warn_option(message: str, location: str) -> None:
    """A located ``neuroterms.option`` warning about a directive's option."""
    from sphinx_neuroterms.logs import warn_at  # noqa: PLC0415
    from sphinx_neuroterms.terms.diagnostics import WarningSubtype  # noqa: PLC0415

    warn_at(WarningSubtype.OPTION, message, location)


def comma_list(argument: str | None) -> tuple[str, ...]:
    """A comma-separated option value as stripped, non-empty items."""
    return tuple(item.strip() for item in (argument or "").split(",") if item.strip())


class NtermDirective(SphinxDirective):
    """Define a term inside a page.

    .. code-block:: rst

       .. nterm:: Neurochemical Balance
          :aliases: chemical balance, balance
          :see-also: Neurochemical Imbalance
          :tags: state
          :source: https://example.org/balance

          The first paragraph is the definition, the tooltip's text.

          .. rubric:: Origin

          Each ``rubric`` starts a section; its title is the rubric's text and the section
          runs to the next rubric. (MyST: ```{rubric} Origin```.)

    The entry gets the id ``nterm-<slug>`` (made unique in the page) and an index entry;
    references to the name go here. The catalog holds a plain-text copy (definition and
    section texts) for tooltips and glossaries.
    """

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "aliases": directives.unchanged,
        "see-also": directives.unchanged,
        "tags": directives.unchanged,
        "source": directives.unchanged,
    }

    def run(self) -> list[Node]:
        """Render the entry and record the term for the catalog."""
        from sphinx_neuroterms.domain.ids import (  # noqa: PLC0415
            ANCHOR_PREFIX,
            section_anchor,
            slugify,
            unique_id,
        )
        from sphinx_neuroterms.domain.records import DocTerm  # noqa: PLC0415
        from sphinx_neuroterms.logs import warn_at  # noqa: PLC0415
        from sphinx_neuroterms.reading.term_text_record import IN_PAGE_KEY  # noqa: PLC0415
        from sphinx_neuroterms.terms.diagnostics import WarningSubtype  # noqa: PLC0415
        from sphinx_neuroterms.terms.model import Location, Term  # noqa: PLC0415
        from sphinx_neuroterms.terms.urls import is_safe_url  # noqa: PLC0415

        name = " ".join(self.arguments[0].split())
        document = self.state.document
        anchor = unique_id(ANCHOR_PREFIX + slugify(name), set(document.ids))
        source, line = self.get_source_info()

        term_node = nodes.term(name, name, ids=[anchor])
        term_node.source, term_node.line = source, line
        document.ids[anchor] = term_node
        aliases = comma_list(self.options.get("aliases"))
        index = addnodes.index(entries=[
            ("single", name, anchor, "main", None),
            *(("single", alias, anchor, "", None) for alias in aliases),
        ])
        index.source, index.line = source, line

        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        # Marked for entry_text, which keeps a copy of the body for glossaries elsewhere.
        definition = nodes.definition(**{IN_PAGE_KEY: term_key(name)})
        definition_text = ""
        sections: list[tuple[str, str]] = []
        section_ids: list[tuple[str, str]] = []
        for child in body.children:
            if isinstance(child, nodes.rubric):
                title = child.astext()
                section_id = unique_id(section_anchor(anchor, title), set(document.ids))
                child["ids"].append(section_id)
                document.ids[section_id] = child
                sections.append((title, ""))
                section_ids.append((title, section_id))
            elif isinstance(child, nodes.paragraph):
                if sections:
                    previous = sections[-1]
                    sections[-1] = (previous[0], f"{previous[1]}\n\n{child.astext()}".strip())
                elif not definition_text:
                    definition_text = child.astext()
            definition += child

        see_also = comma_list(self.options.get("see-also"))
        tags = comma_list(self.options.get("tags"))
        url = self.options.get("source", "").strip() or None
        if url is not None and not is_safe_url(url):
            warn_at(
                WarningSubtype.UNSAFE_URL,
                f"source URL {url!r} of term {name!r} is neither http(s) nor relative; "
                "it is dropped",
                self.get_location(),
            )
            url = None
        if see_also:
            paragraph = nodes.paragraph("", _("See also: "), classes=["nterm-see-also"])
            for position, other in enumerate(see_also):
                if position:
                    paragraph += nodes.Text(", ")
                paragraph += nterm_reference(other, other, key=term_key(other))
            definition += paragraph
        if url is not None:
            paragraph = nodes.paragraph("", _("Source: "), classes=["nterm-source"])
            paragraph += nodes.reference("", url, refuri=url)
            definition += paragraph

        alias_nodes = [nodes.term(alias, alias, classes=["nterm-alias"]) for alias in aliases]
        item = nodes.definition_list_item("", term_node, *alias_nodes, definition)
        entry = nodes.definition_list("", item, classes=["nterm-entry"])
        entry.source, entry.line = source, line

        term = Term(
            name=name,
            definition=definition_text,
            location=Location(source or str(self.env.doc2path(self.env.docname)), line),
            sections=tuple(sections),
            aliases=aliases,
            see_also=see_also,
            tags=tags,
            source=url,
            markup="text",
        )
        get_domain(self.env).note_term(
            self.env.docname, DocTerm(term, self.env.docname, anchor, tuple(section_ids))
        )
        return [index, entry]


class NtermGlossaryDirective(SphinxDirective):
    """The glossary: the loaded terms, sorted, grouped and filtered.

    Options: ``:tags:``, ``:terms:`` and ``:files:`` (comma-separated; a term must match every
    filter given; files are relative to the page, or to the source folder with a leading
    ``/``, as in ``literalinclude``), ``:sections:`` (comma-separated titles to show; default
    all), ``:only-referenced:`` (only terms some page references), ``:group-by:``
    (``letter``, the default, ``tag`` or ``none``) and ``:order:`` (``name``, the default, or
    ``file``: as the term files list them, like a Sphinx glossary without ``:sorted:``).

    A large glossary is split over pages with ``:letters:`` (``A-F, #``: the terms of those
    groups) or ``:tags:`` on each page, and ``:part-of: name`` on each: the parts of one name
    share a jump bar that lists every group of every part, linking across pages.

    What it lists depends on every document, so it leaves a placeholder that
    :class:`~sphinx_neuroterms.output.glossary.GlossaryTransform` fills when writing.
    """

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "tags": directives.unchanged,
        "terms": directives.unchanged,
        "sections": directives.unchanged,
        "only-referenced": directives.flag,
        "group-by": directives.unchanged,
        "files": directives.unchanged,
        "order": directives.unchanged,
        "letters": directives.unchanged,
        "part-of": directives.unchanged,
    }

    def choice(self, option: str, choices: tuple[str, ...]) -> str:
        """An option's value among ``choices``; the first one (warned) if it is none of them."""
        value = self.options.get(option, choices[0]).strip().lower()
        if value not in choices:
            warn_option(
                f"invalid :{option}: {value!r} (expected {', '.join(choices)}); "
                f"using {choices[0]!r}",
                self.get_location(),
            )
            value = choices[0]
        return value

    def term_files(self) -> tuple[str, ...]:
        """The resolved paths of ``:files:``; a file that is not a loaded term file is
        warned about (the glossary then lists none of its terms)."""
        loaded = set(get_domain(self.env).term_files)
        found: list[str] = []
        for name in comma_list(self.options.get("files")):
            path = str(Path(self.env.relfn2path(name, self.env.docname)[1]).resolve())
            if path not in loaded:
                warn_option(
                    f"glossary :files: names {name!r}, which is not one of the term files of "
                    "neuroterms_sources",
                    self.get_location(),
                )
            found.append(path)
        return tuple(found)

    def letters(self) -> tuple[str, ...]:
        """The letters of ``:letters:``; an item that is neither a letter, a range nor ``#``
        is warned about and left out."""
        from sphinx_neuroterms.domain.ids import letter_set  # noqa: PLC0415

        letters, bad = letter_set(self.options.get("letters", ""))
        if bad:
            warn_option(
                f"invalid :letters: {', '.join(map(repr, bad))} (expected letters, ranges "
                "such as A-F, or #); left out",
                self.get_location(),
            )
        return letters

    def run(self) -> list[Node]:
        """Record the glossary's options and leave its placeholder."""
        from sphinx_neuroterms.domain.ids import GROUP_BY_CHOICES, ORDER_CHOICES  # noqa: PLC0415
        from sphinx_neuroterms.domain.records import GlossarySpec, listable_terms  # noqa: PLC0415
        from sphinx_neuroterms.reading.term_text_parser import TermTextParser  # noqa: PLC0415
        from sphinx_neuroterms.terms.model import Location  # noqa: PLC0415

        group_by = self.choice("group-by", GROUP_BY_CHOICES)
        order = self.choice("order", ORDER_CHOICES)
        files = self.term_files()
        letters = self.letters()
        sections = comma_list(self.options.get("sections"))
        source, line = self.get_source_info()
        docname = self.env.docname
        spec = get_domain(self.env).note_glossary(
            docname,
            lambda serial: GlossarySpec(
                docname=docname,
                serial=serial,
                location=Location(source, line),
                tags=tuple(term_key(tag) for tag in comma_list(self.options.get("tags"))),
                terms=comma_list(self.options.get("terms")),
                sections=tuple(term_key(title) for title in sections) if sections else None,
                only_referenced="only-referenced" in self.options,
                group_by=group_by,
                files=files,
                order=order,
                letters=letters,
                part_of=self.options.get("part-of", "").strip(),
            ),
        )
        node = nterm_glossary(docname=docname, serial=spec.serial)
        node.source, node.line = source, line
        # The text of every term this glossary may list is part of the page: parsed here,
        # as the page is read, so that Sphinx resolves it like the rest of the page. When
        # that text changes, the page is read again (project.term_files.changed_glossaries).
        domain = get_domain(self.env)
        catalog = domain.file_catalog
        parser = TermTextParser(self.state.document, self.env)
        # Once per page: a second glossary of the page shows a copy (parsing the text again
        # would define its link targets and footnotes twice).
        parsed = cast("set[str]", self.env.temp_data.setdefault("nterm_parsed", set()))
        terms = [term for term in listable_terms(spec, catalog, catalog) if term.key not in parsed]
        parsed.update(term.key for term in terms)
        node.extend(parser.bodies(terms))
        return [node]
