"""What the domain keeps: the records pages leave while read, and the project's plan.

Records (:class:`DocTerm`, :class:`GlossarySpec`, :class:`DocumentRecords`) are written while
pages are read and merged from ``-j`` readers; :class:`ProjectState` is planned from them after
reading (:mod:`sphinx_neuroterms.project.plan`) and read by every writer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, NamedTuple

from sphinx_neuroterms.domain.ids import ORDER_CHOICES, group_letter, section_anchor
from sphinx_neuroterms.terms.model import Location, Term
from sphinx_neuroterms.terms.names import term_key
from sphinx_neuroterms.terms.plain_text import plain_text

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_neuroterms.loaders import LoaderOptions, LoadResult
    from sphinx_neuroterms.terms.catalog import TermCatalog
    from sphinx_neuroterms.terms.diagnostics import Diagnostic
    from sphinx_neuroterms.terms.related import TermMentions


class DocTerm(NamedTuple):
    """A term defined inside a document by ``.. nterm::``."""

    #: The term as the catalog sees it: plain text, located in the page.
    term: Term
    #: The document that defines it.
    docname: str
    #: The HTML id of its entry in that document.
    anchor: str
    #: The HTML id of each of its sections (rubrics), by title: unique in the page, so not
    #: always :func:`~.ids.section_anchor` of the entry's id.
    sections: tuple[tuple[str, str], ...] = ()


class GlossarySpec(NamedTuple):
    """The options of one ``.. nterm-glossary::``."""

    #: The document holding it.
    docname: str
    #: Its position among that document's glossaries (0, 1, …).
    serial: int
    #: Where it is written, for warnings.
    location: Location
    #: Normalised tags; a term needs one of them (empty: no tag filter).
    tags: tuple[str, ...]
    #: Names of the terms to list (empty: no name filter).
    terms: tuple[str, ...]
    #: Normalised titles of the sections to show (``None``: all).
    sections: tuple[str, ...] | None
    #: List only terms some page references.
    only_referenced: bool
    #: ``letter``, ``tag`` or ``none``.
    group_by: str
    #: The term files whose terms it lists, as resolved paths (empty: no file filter).
    files: tuple[str, ...] = ()
    #: ``name`` (sorted) or ``file`` (the order of the term files, as a glossary that Sphinx
    #: does not sort).
    order: str = ORDER_CHOICES[0]
    #: The letters (as :func:`group_letter` gives them, ``#`` for the rest) whose terms it
    #: lists (empty: no letter filter).
    letters: tuple[str, ...] = ()
    #: The split glossary it is a part of (``:part-of:``): the glossaries of one name share a
    #: jump bar that links across their pages (empty: none).
    part_of: str = ""

    @property
    def filtered(self) -> bool:
        """Whether it lists less than every term."""
        return bool(
            self.tags or self.terms or self.files or self.letters or self.only_referenced
        )


class Target(NamedTuple):
    """Where references to a term go."""

    #: The document with the term's canonical entry.
    docname: str
    #: The entry's HTML id.
    anchor: str


class Entry(NamedTuple):
    """One entry of a glossary plan."""

    #: The term's key (:attr:`Term.key`).
    key: str
    #: The entry's id; ``None`` when the term is repeated under another tag group.
    anchor: str | None
    #: The id of each of the term's sections in this entry, by title (none without
    #: :attr:`anchor`). Planned after every entry and group of the page has its id, so a
    #: section never takes the id of a term named like it (``Serotonin`` + ``Origin`` and
    #: ``Serotonin Origin``).
    sections: tuple[tuple[str, str], ...] = ()


class Group(NamedTuple):
    """A titled run of entries (one per letter or tag; a single untitled group for ``none``)."""

    #: The heading, e.g. ``N`` or a tag; empty for ``:group-by: none``.
    label: str
    #: The heading's id, the target of the jump bar.
    anchor: str
    #: The entries, sorted.
    entries: tuple[Entry, ...]


class DocumentRecords(NamedTuple):
    """What the documents recorded while they were read (the ``nterm`` domain's data)."""

    #: Terms defined by ``.. nterm::``, by docname.
    doc_terms: Mapping[str, list[DocTerm]]
    #: The normalised keys each document references.
    refs: Mapping[str, set[str]]
    #: Each document's ``.. nterm-glossary::`` options, in document order.
    glossaries: Mapping[str, list[GlossarySpec]]
    #: The normalised targets of Sphinx's own cross-references that may reach a term
    #: (``:term:``, ``:any:``, MyST links): not backlinks, but what the page shows of a term.
    xrefs: Mapping[str, set[str]]
    #: The ids starting ``nterm-`` that each page with a glossary has when read (headings,
    #: labels, ``.. nterm::`` entries): a glossary's ids must not take them.
    page_ids: Mapping[str, frozenset[str]] = {}


class PlanInputs(NamedTuple):
    """What a plan was made from, beyond the records pages leave while read: the next build
    plans again only when one of these changed (a rebuild that reads no page reuses it)."""

    #: Each page and when it was last read (Sphinx's ``env.all_docs``): a page read, added
    #: or removed changes it, and with it the records.
    documents: dict[str, int]
    #: The term files' terms; the same list while the files read the same, so it is compared
    #: by identity.
    file_terms: list[Term]
    #: The extension's settings (a ``NeurotermsConfig``).
    settings: object
    #: The builder's name: what pages show of term text depends on it.
    builder: str
    #: The build's tags and whether ``.. todo::`` notes are shown.
    conditions: tuple[frozenset[str], bool]

    def same_as(self, other: PlanInputs) -> bool:
        """Whether a plan made from ``other`` holds for these."""
        return (
            self.file_terms is other.file_terms
            and self.builder == other.builder
            and self.conditions == other.conditions
            and self.settings == other.settings
            and self.documents == other.documents
        )


#: An entry of Sphinx's general index: ``(type, text, id, main, key)``.
IndexEntry = tuple[str, str, str, str, str | None]


@dataclasses.dataclass
class ProjectState:
    """What the whole project knows after reading; rebuilt on every ``env-updated``.

    Per-process caches are kept per state object (:func:`~.resolve.per_build`): a new state
    is a new object, so they are renewed with it.
    """

    #: File terms in source order, then in-document terms in docname order.
    catalog: TermCatalog
    #: Each referenced key (as written, normalised) to its term's key, or ``None``: unknown.
    resolved: dict[str, str | None]
    #: Each term's key to its canonical entry.
    targets: dict[str, Target]
    #: ``(docname, serial)`` of each glossary to its groups.
    glossaries: dict[tuple[str, int], tuple[Group, ...]]
    #: Each term's key to the docnames that reference it, sorted.
    backlinks: dict[str, tuple[str, ...]]
    #: Each docname to a digest of the term data its output depends on.
    fingerprints: dict[str, str]
    #: Each parsed definition's key to its text as a reader sees it (for tooltips).
    shown: dict[str, str] = dataclasses.field(default_factory=dict)
    #: Each term's key to the keys of its related terms, most related first.
    related: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    #: What each term's text mentions, kept for the next plan (``None``: related terms off).
    mentions: TermMentions | None = None
    #: Each term's key to the ids of its canonical entry's sections, by title.
    sections: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    #: What the plan was made from (``None`` for an empty plan).
    inputs: PlanInputs | None = None
    #: Names this plan (a new one each time the project is planned), for the files written
    #: from it (:mod:`~sphinx_neuroterms.output.written_files`).
    plan_id: str = ""
    #: The problems planning found (reported again by a build that reuses the plan).
    problems: list[Diagnostic] = dataclasses.field(default_factory=list)

    def lookup(self, key: str) -> Term | None:
        """The term a normalised key resolves to (precomputed for keys that pages use)."""
        if key in self.resolved:
            found = self.resolved[key]
            return None if found is None else self.catalog.lookup(found)
        return self.catalog.lookup(key)

    def section_id(self, key: str, title: str) -> str | None:
        """The id of a section of a term's canonical entry, ``None`` without an entry."""
        where = self.targets.get(key)
        if where is None:
            return None
        return self.sections.get(key, {}).get(title) or section_anchor(where.anchor, title)

    def definition_text(self, term: Term) -> str:
        """A term's definition as plain text, whole: as a page shows it (which may be
        nothing, a ``.. todo::`` this build leaves out), or, for a term no page parsed, its
        definition with the markup taken out."""
        shown = self.shown.get(term.key)
        return plain_text(term.definition, term.markup) if shown is None else shown


def page_title(titles: Mapping[str, Node], docname: str) -> str:
    """A page's title as text (``env.titles``), or its docname if it has none.

    Backlinks show it, so it is part of what a glossary page shows.
    """
    node = titles.get(docname)
    return node.astext() if node is not None else docname


class UnlinkedMention(NamedTuple):
    """A plain-text mention of a term on a page that never links it."""

    #: The term's key.
    key: str
    #: The line, and the text as written.
    line: int | None
    text: str


class PageFindings(NamedTuple):
    """What the checks found on a page, kept for the report."""

    #: The warnings, as emitted.
    diagnostics: tuple[Diagnostic, ...]
    #: Every unlinked mention (the warnings name the first of each term only).
    unlinked: tuple[UnlinkedMention, ...]


class StdTerm(NamedTuple):
    """A ``.. glossary::`` entry as its tooltip shows it."""

    #: The term as written.
    name: str
    #: The definition as plain text, on one line (not yet cut).
    text: str


class CachedTermFile(NamedTuple):
    """One parsed term file and what it was parsed from."""

    #: The file's modification time in nanoseconds when it was parsed.
    mtime_ns: int
    #: The file's size in bytes then (catches edits within the clock's resolution).
    size: int
    #: The options it was parsed with.
    options: LoaderOptions
    #: What the loader returned.
    result: LoadResult


def listable_terms(spec: GlossarySpec, catalog: TermCatalog, terms: Iterable[Term]) -> list[Term]:
    """The terms a glossary may list by its ``:terms:``, ``:tags:`` and ``:files:`` filters,
    in order.

    (``:only-referenced:`` is decided once every page is read.)
    """
    wanted: set[str] | None = None
    if spec.terms:
        wanted = {found.key for name in spec.terms if (found := catalog.lookup(name))}
    tags = set(spec.tags)
    files = set(spec.files)
    letters = set(spec.letters)
    return [
        term
        for term in terms
        if (wanted is None or term.key in wanted)
        and (not tags or any(term_key(tag) in tags for tag in term.tags))
        and (not files or term.location.path in files)
        and (not letters or group_letter(term.name) in letters)
    ]


#: An object of :meth:`Domain.get_objects`: name, display name, type, docname, anchor,
#: search priority.
DomainObject = tuple[str, str, str, str, str, int]


def domain_objects(
    state: ProjectState, term_type: str, section_type: str
) -> Iterator[DomainObject]:
    """Every term with an entry, its aliases and its sections, as domain objects of the
    domain's ``term_type`` and ``section_type``."""
    for term in state.catalog:
        where = state.targets.get(term.key)
        if where is None:
            continue
        yield term.name, term.name, term_type, where.docname, where.anchor, 1
        for alias in term.aliases:
            yield alias, alias, term_type, where.docname, where.anchor, 1
        for title, _text in term.sections:  # in objects.inv, not in search results
            anchor = state.section_id(term.key, title) or where.anchor
            yield (
                f"{term.name}#{title}", f"{term.name}: {title}", section_type,
                where.docname, anchor, -1,
            )
