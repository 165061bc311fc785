"""The whole-project plan: which terms exist, where each reference goes, what each glossary
lists, and what each page shows (for incremental rebuilds).

It is computed once per build, after reading, from what the documents recorded
(:class:`DocumentRecords`, kept by the ``nterm`` domain) and the loaded term files, by
:func:`build_state`. Nothing here reads or changes Sphinx's state (it only translates the
"Untagged" group label): problems come back as
:class:`~sphinx_neuroterms.diagnostics.Diagnostic` records for the caller to report.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, NamedTuple

# Private, but the one rule Sphinx's glossary makes its ids with (unchanged since Sphinx 3.0).
from sphinx.util.nodes import _make_id as make_sphinx_id

from sphinx_neuroterms.catalog import TermCatalog
from sphinx_neuroterms.checks import check_catalog, did_you_mean
from sphinx_neuroterms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.i18n import _
from sphinx_neuroterms.model import Location, Term, term_key

if TYPE_CHECKING:
    from docutils.nodes import Node

#: Every entry's HTML id starts with this.
ANCHOR_PREFIX = "nterm-"
#: The values ``:group-by:`` accepts; the first is the default.
GROUP_BY_CHOICES = ("letter", "tag", "none")
#: The values of ``:order:``: by name (the default), or as the term files list the terms.
ORDER_CHOICES = ("name", "file")

_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=16384)  # names and section titles, asked for again and again
def slugify(text: str) -> str:
    """A readable, Unicode-aware id fragment: NFKC, case-folded words joined by ``-``.

    Non-ASCII letters are kept (``Élan vital`` gives ``élan-vital``), so
    names in any script give readable ids; text without any word character gives ``term``.
    """
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return "-".join(words).strip("_") or "term"


def section_anchor(anchor: str, title: str) -> str:
    """The HTML id of a section of the entry ``anchor``."""
    return f"{anchor}-{slugify(title)}"


def sphinx_term_id(name: str) -> str | None:
    """The id Sphinx's ``.. glossary::`` gives a term line: ``term-`` and the name, case kept
    (``term-HPA-axis``), or ``None`` where Sphinx numbers it instead (a name without ASCII
    letters or digits)."""
    node_id = make_sphinx_id(f"term-{name}")
    return None if node_id == "term" else node_id


def unique_id(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … the first one not in ``used`` (which it joins)."""
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    used.add(candidate)
    return candidate


def sort_key(name: str) -> tuple[str, str]:
    """Glossary order: accents ignored first (``Élan`` sorts with ``E``), then :func:`term_key`."""
    key = term_key(name)
    stripped = "".join(
        char for char in unicodedata.normalize("NFKD", key) if not unicodedata.combining(char)
    )
    return stripped, key


def group_letter(name: str) -> str:
    """The letter an entry is grouped under: its first letter without accents, or ``#``."""
    for char in unicodedata.normalize("NFKD", name.strip()):
        if unicodedata.combining(char):
            continue
        return char.upper() if char.isalpha() else "#"
    return "#"


class DocTerm(NamedTuple):
    """A term defined inside a document by ``.. nterm::``."""

    #: The term as the catalog sees it: plain text, located in the page.
    term: Term
    #: The document that defines it.
    docname: str
    #: The HTML id of its entry in that document.
    anchor: str


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

    def lookup(self, key: str) -> Term | None:
        """The term a normalised key resolves to (precomputed for keys that pages use)."""
        if key in self.resolved:
            found = self.resolved[key]
            return None if found is None else self.catalog.lookup(found)
        return self.catalog.lookup(key)


def page_title(titles: Mapping[str, Node], docname: str) -> str:
    """A page's title as text (``env.titles``), or its docname if it has none.

    Backlinks show it, so it is part of what a glossary page shows.
    """
    node = titles.get(docname)
    return node.astext() if node is not None else docname


def term_fingerprint(term: Term) -> str:
    """A digest of everything shown of a term (its location only matters for warnings)."""
    shown = dataclasses.replace(term, location=Location(""))
    return hashlib.sha1(repr(shown).encode(), usedforsecurity=False).hexdigest()


def build_state(
    file_terms: Iterable[Term], records: DocumentRecords
) -> tuple[ProjectState, list[Diagnostic]]:
    """Merge the terms, resolve every recorded reference and plan every glossary.

    File terms come first in source order, then in-document terms in docname order; the
    catalog's merge rules decide clashes (:class:`~sphinx_neuroterms.catalog.TermCatalog`).
    :attr:`ProjectState.fingerprints` is left empty (see :func:`fingerprints`).
    """
    catalog = TermCatalog()
    for term in file_terms:
        catalog.add(term)
    targets: dict[str, Target] = {}
    for docname in sorted(records.doc_terms):
        for doc_term in records.doc_terms[docname]:
            stored = catalog.add(doc_term.term)
            if stored is not None:
                targets[stored.key] = Target(docname, doc_term.anchor)
    diagnostics = [*catalog.diagnostics, *check_catalog(catalog)]

    resolved: dict[str, str | None] = {}
    referencing: dict[str, set[str]] = {}
    for docname, keys in records.refs.items():
        for key in keys:
            if key not in resolved:
                found = catalog.lookup(key)
                resolved[key] = None if found is None else found.key
            term_key_ = resolved[key]
            if term_key_ is not None:
                referencing.setdefault(term_key_, set()).add(docname)
    backlinks = {key: tuple(sorted(docs)) for key, docs in referencing.items()}

    plans = _plan_glossaries(records, diagnostics, catalog, backlinks, targets)
    _check_entries(diagnostics, catalog, backlinks, targets)
    state = ProjectState(catalog, resolved, targets, plans, backlinks, fingerprints={})
    return state, diagnostics


def _check_entries(
    diagnostics: list[Diagnostic],
    catalog: TermCatalog, backlinks: dict[str, tuple[str, ...]], targets: dict[str, Target]
) -> None:
    """Warn once per build about each referenced term that no glossary lists."""
    for term in catalog:
        pages = backlinks.get(term.key)
        if pages and term.key not in targets:
            message = (
                f"term {term.name!r} is referenced (by {len(pages)} page(s), first "
                f"{pages[0]!r}) but no nterm-glossary lists it; its references show the "
                f"tooltip without a link"
            )
            diagnostics.append(Diagnostic(WarningSubtype.NO_ENTRY, message, term.location))


def _plan_glossaries(
    records: DocumentRecords,
    diagnostics: list[Diagnostic],
    catalog: TermCatalog,
    backlinks: dict[str, tuple[str, ...]],
    targets: dict[str, Target],
) -> dict[tuple[str, int], tuple[Group, ...]]:
    """Choose each glossary's entries and ids, and each term's canonical entry.

    The canonical entry of a term defined by ``.. nterm::`` is that definition. Otherwise
    it is the term's entry in the first glossary in this order: glossaries without filters
    before filtered ones, then by docname, then by position in the document. So adding a
    filtered topic glossary never moves references away from the main glossary.
    """
    used_ids: dict[str, set[str]] = {
        docname: {doc_term.anchor for doc_term in doc_terms}
        for docname, doc_terms in records.doc_terms.items()
    }
    # sorted() is stable: equal sort keys keep catalog (read) order.
    ordered = sorted(catalog, key=lambda term: sort_key(term.name))
    plans: dict[tuple[str, int], tuple[Group, ...]] = {}
    specs = [
        spec for docname in sorted(records.glossaries) for spec in records.glossaries[docname]
    ]
    for spec in specs:
        used = used_ids.setdefault(spec.docname, set())
        in_order = catalog if spec.order == "file" else ordered
        selected = _select(spec, catalog, in_order, backlinks, diagnostics)
        plans[spec.docname, spec.serial] = _group(spec, selected, used)
    for spec in sorted(specs, key=lambda spec: (spec.filtered, spec.docname, spec.serial)):
        for group in plans[spec.docname, spec.serial]:
            for entry in group.entries:
                if entry.anchor is not None and entry.key not in targets:
                    targets[entry.key] = Target(spec.docname, entry.anchor)
    return plans


def _select(
    spec: GlossarySpec,
    catalog: TermCatalog,
    ordered: Iterable[Term],
    backlinks: dict[str, tuple[str, ...]],
    diagnostics: list[Diagnostic],
) -> list[Term]:
    for name in spec.terms:
        if catalog.lookup(name) is None:
            message = f"glossary lists unknown term {name!r}" + did_you_mean(catalog, name)
            diagnostics.append(Diagnostic(WarningSubtype.UNKNOWN, message, spec.location))
    return [
        term
        for term in listable_terms(spec, catalog, ordered)
        if not spec.only_referenced or term.key in backlinks
    ]


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


def letter_set(argument: str) -> tuple[tuple[str, ...], list[str]]:
    """The letters of a ``:letters:`` value, and the items that are not letters or ranges.

    Items are comma-separated: a letter (``A``), a range (``A-F``, both ends included) or
    ``#`` (names that start with no letter). Case and accents do not matter, as in the
    glossary's groups.

    >>> letter_set("a-c, É, #, 12")
    (('A', 'B', 'C', 'E', '#'), ['12'])
    """
    found: dict[str, None] = {}
    bad: list[str] = []
    for item in (part.strip() for part in argument.split(",")):
        if not item:
            continue
        first, dash, last = item.partition("-")
        first, last = first.strip(), last.strip()
        if item == "#":
            found["#"] = None
        elif not dash and len(item) == 1 and group_letter(item) != "#":
            found[group_letter(item)] = None
        elif (
            dash and len(first) == len(last) == 1
            and "#" not in (group_letter(first), group_letter(last))
            and group_letter(first) <= group_letter(last)
        ):
            start, end = ord(group_letter(first)), ord(group_letter(last))
            found.update(dict.fromkeys(chr(code) for code in range(start, end + 1)))
        else:
            bad.append(item)
    return tuple(found), bad


def _group(spec: GlossarySpec, terms: list[Term], used: set[str]) -> tuple[Group, ...]:
    suffix = f"-{spec.serial + 1}" if spec.serial else ""
    buckets: dict[str, list[Term]] = {}
    if spec.group_by == "tag":
        untagged: list[Term] = []
        for term in terms:
            for tag in dict.fromkeys(term.tags) or ():
                buckets.setdefault(tag, []).append(term)
            if not term.tags:
                untagged.append(term)
        buckets = dict(sorted(buckets.items(), key=lambda item: sort_key(item[0])))
        if untagged:
            buckets[_("Untagged")] = untagged
    elif spec.group_by == "none":
        buckets[""] = terms
    else:
        for term in terms:
            buckets.setdefault(group_letter(term.name), []).append(term)
    groups: list[Group] = []
    seen: set[str] = set()
    for label, members in buckets.items():
        group_slug = slugify(label) if label not in {"", "#"} else "symbols"
        group_id = unique_id(f"{ANCHOR_PREFIX}group-{group_slug}{suffix}", used)
        entries: list[Entry] = []
        for term in members:
            anchor = None
            if term.key not in seen:
                seen.add(term.key)
                anchor = unique_id(ANCHOR_PREFIX + slugify(term.name), used)
            entries.append(Entry(term.key, anchor))
        groups.append(Group(label, group_id, tuple(entries)))
    return tuple(groups)


def index_entries(state: ProjectState, records: DocumentRecords) -> dict[str, list[IndexEntry]]:
    """Each term's canonical glossary entry as general-index entries (its name, the main
    entry, and its aliases), by docname.

    ``.. nterm::`` definitions are left out: the directive adds its own index node.
    """
    entries: dict[str, list[IndexEntry]] = {}
    for key, where in state.targets.items():
        if any(
            doc_term.anchor == where.anchor for doc_term in records.doc_terms.get(where.docname, ())
        ):
            continue
        term = state.catalog.lookup(key)
        if term is not None:
            entries.setdefault(where.docname, []).extend([
                ("single", term.name, where.anchor, "main", None),
                *(("single", alias, where.anchor, "", None) for alias in term.aliases),
            ])
    return entries


def fingerprints(
    state: ProjectState, records: DocumentRecords, docnames: Iterable[str],
    titles: Mapping[str, Node], shown: Mapping[str, str], *, texts_in_pages: bool = True,
    pages_with_texts: AbstractSet[str] = frozenset(),
) -> dict[str, str]:
    """Per document, a digest of the term data its written output shows.

    :param shown: per document, what else its output shows (titles its term text links to).
    :param texts_in_pages: whether a reference shows its term's text in the page (a
        ``title``, a footnote, a note). Not in HTML with the tooltip script, whose links to
        an entry carry only the key: the site's tooltip files hold the texts, so editing a
        definition rewrites the glossary, not every page that links to the term.
    :param pages_with_texts: pages that show their terms' texts all the same (an
        ``nterm-page-terms`` list).
    """
    term_fps = {
        term.key: (term_fingerprint(term), state.shown.get(term.key)) for term in state.catalog
    }

    def entry(key: str | None) -> tuple[Any, ...]:
        """A term as an entry (or an in-page definition) shows it: everything."""
        return (key, term_fps.get(key or ""), state.targets.get(key or ""))

    def reference(key: str | None, with_text: bool) -> tuple[Any, ...]:
        """A term as a reference to it shows it: where it leads, and maybe its text."""
        target = state.targets.get(key or "")
        if with_text or target is None:  # a span without an entry keeps its title
            return (key, term_fps.get(key or ""), target)
        return (key, target)

    @functools.cache
    def title_of(docname: str) -> str:  # a page is the backlink of many entries
        return page_title(titles, docname)

    digests: dict[str, str] = {}
    for docname in docnames:
        with_text = texts_in_pages or docname in pages_with_texts
        link = functools.partial(reference, with_text=with_text)
        parts: list[Any] = [with_text, shown.get(docname)]
        parts.extend((key, link(state.resolved.get(key))) for key in sorted(
            records.refs.get(docname, ())))
        parts.extend(
            (key, link(_key_of(state, key))) for key in sorted(records.xrefs.get(docname, ()))
        )
        for doc_term in records.doc_terms.get(docname, ()):
            parts.extend(link(_key_of(state, name)) for name in doc_term.term.see_also)
        for spec in records.glossaries.get(docname, ()):
            if spec.part_of:  # the jump bar shows the groups of every part
                parts.extend(
                    (other.docname, group.label, group.anchor)
                    for specs in records.glossaries.values()
                    for other in specs
                    if other.part_of == spec.part_of
                    for group in state.glossaries.get((other.docname, other.serial), ())
                )
            for group in state.glossaries.get((spec.docname, spec.serial), ()):
                parts.append((group.label, group.anchor))
                for listed in group.entries:
                    term = state.catalog.lookup(listed.key)
                    parts.append((listed, entry(listed.key)))
                    if term is not None:
                        parts.extend(link(_key_of(state, name)) for name in term.see_also)
                    parts.extend(
                        (doc, title_of(doc)) for doc in state.backlinks.get(listed.key, ())
                    )
        digests[docname] = hashlib.sha1(
            repr(parts).encode(), usedforsecurity=False
        ).hexdigest()
    return digests


def _key_of(state: ProjectState, name: str) -> str | None:
    found = state.catalog.lookup(name)
    return None if found is None else found.key
