"""The whole-project plan: which terms exist, where each reference goes, what each glossary
lists, and what each page shows (for incremental rebuilds).

It is computed once per build, after reading, from what the documents recorded
(:class:`~sphinx_neuroterms.domain.records.DocumentRecords`, kept by the ``nterm`` domain)
and the loaded term files, by :func:`build_state`. Nothing here reads or changes Sphinx's
state (it only translates the "Untagged" group label): problems come back as
:class:`~sphinx_neuroterms.terms.diagnostics.Diagnostic` records for the caller to report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sphinx_neuroterms.domain.ids import (
    ANCHOR_PREFIX,
    group_letter,
    section_anchor,
    slugify,
    sort_key,
    unique_id,
)
from sphinx_neuroterms.domain.records import (
    Entry,
    GlossarySpec,
    Group,
    IndexEntry,
    ProjectState,
    Target,
    listable_terms,
)
from sphinx_neuroterms.i18n import _
from sphinx_neuroterms.terms.catalog import TermCatalog
from sphinx_neuroterms.terms.checks import check_catalog, did_you_mean
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype

if TYPE_CHECKING:
    from sphinx_neuroterms.domain.records import DocumentRecords
    from sphinx_neuroterms.terms.model import Term


def build_state(
    file_terms: Iterable[Term], records: DocumentRecords
) -> tuple[ProjectState, list[Diagnostic]]:
    """Merge the terms, resolve every recorded reference and plan every glossary.

    File terms come first in source order, then in-document terms in docname order; the
    catalog's merge rules decide clashes (:class:`~sphinx_neuroterms.terms.catalog.TermCatalog`).
    :attr:`ProjectState.fingerprints` is left empty (see :func:`fingerprints`).
    """
    catalog = TermCatalog()
    for term in file_terms:
        catalog.add(term)
    targets: dict[str, Target] = {}
    sections: dict[str, dict[str, str]] = {}
    for docname in sorted(records.doc_terms):
        for doc_term in records.doc_terms[docname]:
            stored = catalog.add(doc_term.term)
            if stored is not None:
                targets[stored.key] = Target(docname, doc_term.anchor)
                sections[stored.key] = dict(doc_term.sections)
    diagnostics = [*catalog.diagnostics, *check_catalog(catalog)]

    # A reference to a section (``serotonin#origin``) resolves to its term, which it shows.
    resolved: dict[str, str | None] = {}
    referencing: dict[str, set[str]] = {}
    for docname, keys in records.refs.items():
        for key in keys:
            if key not in resolved:
                found = catalog.lookup_reference(key)
                resolved[key] = None if found is None else found.key
            term_key_ = resolved[key]
            if term_key_ is not None:
                referencing.setdefault(term_key_, set()).add(docname)
    backlinks = {key: tuple(sorted(docs)) for key, docs in referencing.items()}

    plans = _plan_glossaries(
        records, diagnostics, catalog, backlinks, targets, sections=sections
    )
    _check_entries(diagnostics, catalog, backlinks, targets)
    state = ProjectState(
        catalog, resolved, targets, plans, backlinks, fingerprints={}, sections=sections
    )
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
    *,
    sections: dict[str, dict[str, str]],
) -> dict[tuple[str, int], tuple[Group, ...]]:
    """Choose each glossary's entries and ids, and each term's canonical entry (into
    ``targets``, and the ids of its sections into ``sections``).

    The canonical entry of a term defined by ``.. nterm::`` is that definition. Otherwise
    it is the term's entry in the first glossary in this order: glossaries without filters
    before filtered ones, then by docname, then by position in the document. So adding a
    filtered topic glossary never moves references away from the main glossary.
    """
    # A glossary's ids must not take one the page has (a label, a heading, an in-page
    # term's entry or section).
    used_ids: dict[str, set[str]] = {
        docname: set(page_ids) for docname, page_ids in records.page_ids.items()
    }
    for docname, doc_terms in records.doc_terms.items():
        used = used_ids.setdefault(docname, set())
        for doc_term in doc_terms:
            used.add(doc_term.anchor)
            used.update(section_id for _title, section_id in doc_term.sections)
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
    # Sections last, once every entry and group of the page has its id: a term keeps
    # ``nterm-serotonin-origin`` though ``Serotonin`` has an ``Origin`` section.
    for spec in specs:
        plans[spec.docname, spec.serial] = _with_sections(
            plans[spec.docname, spec.serial], catalog, used_ids[spec.docname]
        )
    for spec in sorted(specs, key=lambda spec: (spec.filtered, spec.docname, spec.serial)):
        for group in plans[spec.docname, spec.serial]:
            for entry in group.entries:
                if entry.anchor is not None and entry.key not in targets:
                    targets[entry.key] = Target(spec.docname, entry.anchor)
                    sections[entry.key] = dict(entry.sections)
    return plans


def _with_sections(
    groups: tuple[Group, ...], catalog: TermCatalog, used: set[str]
) -> tuple[Group, ...]:
    """The groups with an id for each section of each entry that has an id: the entry's id,
    ``-`` and the title's slug, or the first free ``-2``, ``-3`` … of it."""
    planned: list[Group] = []
    for group in groups:
        entries: list[Entry] = []
        for entry in group.entries:
            term = catalog.lookup(entry.key)
            if entry.anchor is not None and term is not None and term.sections:
                anchor = entry.anchor
                entry = entry._replace(sections=tuple(  # noqa: PLW2901 - the same entry, planned
                    (title, unique_id(section_anchor(anchor, title), used))
                    for title, _text in term.sections
                ))
            entries.append(entry)
        planned.append(group._replace(entries=tuple(entries)))
    return tuple(planned)


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


