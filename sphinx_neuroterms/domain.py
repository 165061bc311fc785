"""The ``nterm`` domain: every piece of cross-document state, and the whole-project plan.

Records written while reading are keyed by docname (:meth:`NeurotermsDomain.clear_doc` drops
them, :meth:`NeurotermsDomain.merge_domaindata` copies them from ``-j`` workers):

``doc_terms``
    terms defined by ``.. nterm::`` in each document (:class:`DocTerm`);
``refs``
    the normalised keys each document references (for backlinks, ``:only-referenced:`` and
    incremental rebuilds);
``glossaries``
    each document's ``.. nterm-glossary::`` options (:class:`GlossarySpec`);
``std_defs`` and ``std_refs``
    with ``neuroterms_tooltip_std_terms``: the entries of Sphinx's own ``.. glossary::``
    (id to :class:`~sphinx_neuroterms.std_terms.StdTerm`) and the targets of ``:term:`` links.

Everything derived from the whole project — the merged catalog, where each term's references
go, what every glossary lists, backlinks — is a :class:`ProjectState`, computed by
:meth:`NeurotermsDomain.update_state` from ``env-updated``. That event runs in the main
process after ``-j`` workers are merged, so the writers (forked later) all see the same plan.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.locale import _, __
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from sphinx_neuroterms import store
from sphinx_neuroterms.catalog import TermCatalog
from sphinx_neuroterms.checks import check_catalog, did_you_mean
from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.model import Location, Term, term_key
from sphinx_neuroterms.nodes import nterm_link
from sphinx_neuroterms.resolve import resolver
from sphinx_neuroterms.text import tooltip_text
from sphinx_neuroterms.warnings_ import WARNING_TYPE, Diagnostic, WarningSubtype

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet

    from docutils.nodes import Element, Node
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.resolve import ExternalTerm

logger = logging.getLogger(__name__)

#: The domain's name: ``:nterm:term:`` and ``nterm:term`` in ``objects.inv``.
DOMAIN_NAME = "nterm"
#: The object type of every term (and the name of the domain's cross-reference role).
OBJECT_TYPE = "term"
#: Every entry's HTML id starts with this.
ANCHOR_PREFIX = "nterm-"
#: The values ``:group-by:`` accepts; the first is the default.
GROUP_BY_CHOICES = ("letter", "tag", "none")

_WORD = re.compile(r"\w+")


def slugify(text: str) -> str:
    """A readable, Unicode-aware id fragment: NFKC, case-folded words joined by ``-``.

    Non-ASCII letters are kept (``Élan vital`` gives ``élan-vital``), so
    names in any script give readable ids; text without any word character gives ``term``.
    """
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return "-".join(words).strip("_") or "term"


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


def sphinx_location(location: Location) -> str:
    """A :class:`Location` as Sphinx's ``location=`` expects it: ``path:line``.

    A problem of a whole file is shown at its first line: Sphinx takes a string without a
    colon for a docname, and prints ``path::`` for an empty line.
    """
    return f"{location.path}:{location.line or 1}"


def warn(diagnostic: Diagnostic) -> None:
    """Emit a diagnostic as a typed, located Sphinx warning."""
    logger.warning(
        diagnostic.message,
        type=WARNING_TYPE,
        subtype=diagnostic.subtype.value,
        location=sphinx_location(diagnostic.location),
    )


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

    @property
    def filtered(self) -> bool:
        """Whether it lists less than every term."""
        return bool(self.tags or self.terms or self.only_referenced)


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

    def lookup(self, key: str) -> Term | None:
        """The term a normalised key resolves to (precomputed for keys that pages use)."""
        if key in self.resolved:
            found = self.resolved[key]
            return None if found is None else self.catalog.lookup(found)
        return self.catalog.lookup(key)


def term_fingerprint(term: Term) -> str:
    """A digest of everything shown of a term (its location only matters for warnings)."""
    shown = dataclasses.replace(term, location=Location(""))
    return hashlib.sha1(repr(shown).encode(), usedforsecurity=False).hexdigest()


class TermXRefRole(XRefRole):
    """``:nterm:term:`…```: the conventional cross-reference form, which intersphinx's
    ``:external+project:nterm:term:`` reuses. Plain ``:nterm:`` is the lean form."""

    def result_nodes(
        self, document: nodes.document, env: BuildEnvironment, node: Element, is_ref: bool
    ) -> tuple[list[Node], list[nodes.system_message]]:
        """Record the reference for backlinks and rebuilds, as ``:nterm:`` does."""
        if not node.get("intersphinx"):
            note_reference(env, env.docname, term_key(node["reftarget"]))
        return [node], []


def note_reference(env: BuildEnvironment, docname: str, key: str) -> None:
    """Remember that ``docname`` references ``key`` (cheap: one set insertion)."""
    refs: dict[str, set[str]] = env.domaindata[DOMAIN_NAME]["refs"]
    refs.setdefault(docname, set()).add(key)


class NeurotermsDomain(Domain):
    """Terms from term files and ``.. nterm::``, their glossaries and their references."""

    name = DOMAIN_NAME
    label = "Neuroterms"
    object_types: ClassVar[dict[str, ObjType]] = {OBJECT_TYPE: ObjType(_("term"), OBJECT_TYPE)}
    roles: ClassVar[dict[str, Any]] = {
        OBJECT_TYPE: TermXRefRole(innernodeclass=nodes.inline, warn_dangling=True)
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "doc_terms": {},  # docname -> list[DocTerm]
        "refs": {},  # docname -> set[str]
        "glossaries": {},  # docname -> list[GlossarySpec]
        "file_cache": {},  # resolved path -> store.CachedFile
        "index_entries": {},  # docname -> index entries this domain added for glossaries
        "std_defs": {},  # docname -> {html id: tooltips.StdTerm}
        "std_refs": {},  # docname -> set of lower-cased :term: targets
        "std_digests": {},  # docname -> digest of the std tooltips it shows (derived)
        "std_objects": {},  # what register_std_terms put into the std domain (derived)
        "state": None,  # ProjectState | None
    }
    #: Per-document records, dropped by clear_doc and copied from -j readers.
    _DOC_RECORDS = ("doc_terms", "refs", "glossaries", "std_defs", "std_refs")
    #: Bump whenever the shape of :attr:`data` changes, so stale pickles are discarded.
    data_version = 2

    # -- typed access -------------------------------------------------------------------

    @property
    def doc_terms(self) -> dict[str, list[DocTerm]]:
        """In-document terms by docname."""
        return self.data["doc_terms"]

    @property
    def refs(self) -> dict[str, set[str]]:
        """Referenced keys by docname."""
        return self.data["refs"]

    @property
    def glossaries(self) -> dict[str, list[GlossarySpec]]:
        """Glossary options by docname, in document order."""
        return self.data["glossaries"]

    @property
    def state(self) -> ProjectState:
        """The whole-project plan; an empty one before the first ``env-updated``."""
        state: ProjectState | None = self.data["state"]
        if state is None:
            state = ProjectState(TermCatalog(), {}, {}, {}, {}, {})
        return state

    # -- per-document records --------------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        """Forget what ``docname`` recorded; it is about to be re-read or was removed."""
        for key in (*self._DOC_RECORDS, "index_entries"):
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        """Copy the records of ``docnames`` from a ``-j`` reader (derived data stays ours)."""
        for key in self._DOC_RECORDS:
            ours, theirs = self.data[key], otherdata[key]
            for docname in docnames:
                if docname in theirs:
                    ours[docname] = theirs[docname]

    # -- cross-references ------------------------------------------------------------------

    def resolve_xref(  # noqa: PLR0917 - Sphinx's signature
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        """Resolve ``:nterm:term:`` by name, alias or plural, here or in an inventory."""
        return self._make_refnode(builder, fromdocname, target, contnode)

    def resolve_any_xref(  # noqa: PLR0917 - Sphinx's signature
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Let ``:any:`` (and MyST links) find terms of this project.

        Not when the standard domain finds the same entry under the same name (terms are
        also ``std:term`` objects, see :func:`register_std_terms`): two answers for one
        target would make Sphinx warn about an ambiguous ``:any:``.
        """
        term = self.state.lookup(term_key(target))
        where = None if term is None else self.state.targets.get(term.key)
        if where is None:
            return []
        std_objects = env.get_domain("std").data.get("objects", {})
        if std_objects.get(("term", target.lower())) == tuple(where):
            return []
        refnode = self._make_refnode(builder, fromdocname, target, contnode, local_only=True)
        return [] if refnode is None else [(f"{DOMAIN_NAME}:{OBJECT_TYPE}", refnode)]

    def _make_refnode(
        self, builder: Builder, fromdocname: str, target: str, contnode: Element,
        *, local_only: bool = False,
    ) -> nodes.reference | None:
        """A link to a term's entry, with its tooltip; else to another project's term."""
        resolution = resolver(builder, self.state).resolve(term_key(target))
        if resolution.term is not None and resolution.target is not None:
            where = resolution.target
            title = tooltip_text(resolution.term, get_config(builder.env).tooltip_max_chars)
            refnode = make_refnode(
                builder, fromdocname, where.docname, where.anchor, contnode, title
            )
            return mark_term_link(refnode, resolution.term.key, builder)
        if resolution.external is not None and not local_only:
            return external_link(resolution.external, contnode)
        return None

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Every term with an entry, for search and ``objects.inv``.

        Aliases are listed too, with priority -1 (kept out of search results) so that
        intersphinx in another project resolves them.
        """
        state = self.state
        for term in state.catalog:
            where = state.targets.get(term.key)
            if where is None:
                continue
            yield term.name, term.name, OBJECT_TYPE, where.docname, where.anchor, 1
            for alias in term.aliases:
                yield alias, alias, OBJECT_TYPE, where.docname, where.anchor, -1

    # -- the whole-project plan ----------------------------------------------------------------

    def update_state(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Load the term files and plan every glossary and reference (on ``env-updated``).

        :return: documents that were not re-read but whose output changes (a term they show
            was edited, added or removed; a backlink changed), so Sphinx writes them again.
        """
        old = self.data["state"]
        file_terms, diagnostics, self.data["file_cache"] = store.load_terms(
            app, self.data["file_cache"]
        )
        for diagnostic in diagnostics:
            warn(diagnostic)

        catalog = TermCatalog()
        for term in file_terms:
            catalog.add(term)
        targets: dict[str, Target] = {}
        for docname in sorted(self.doc_terms):
            for doc_term in self.doc_terms[docname]:
                stored = catalog.add(doc_term.term)
                if stored is not None:
                    targets[stored.key] = Target(docname, doc_term.anchor)
        for diagnostic in [*catalog.diagnostics, *check_catalog(catalog)]:
            warn(diagnostic)

        resolved: dict[str, str | None] = {}
        referencing: dict[str, set[str]] = {}
        for docname, keys in self.refs.items():
            for key in keys:
                if key not in resolved:
                    found = catalog.lookup(key)
                    resolved[key] = None if found is None else found.key
                term_key_ = resolved[key]
                if term_key_ is not None:
                    referencing.setdefault(term_key_, set()).add(docname)
        backlinks = {key: tuple(sorted(docs)) for key, docs in referencing.items()}

        plans = self._plan_glossaries(catalog, backlinks, targets)
        self._check_entries(catalog, backlinks, targets)
        state = ProjectState(
            catalog=catalog,
            resolved=resolved,
            targets=targets,
            glossaries=plans,
            backlinks=backlinks,
            fingerprints={},
        )
        self._add_index_entries(env, state)
        register_std_terms(env, state, self.data["std_objects"])
        state.fingerprints = self._fingerprints(env, state)
        self.data["state"] = state
        if old is None:
            return []
        return sorted(
            docname
            for docname, digest in state.fingerprints.items()
            if old.fingerprints.get(docname) != digest
        )

    @staticmethod
    def _check_entries(
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
                warn(Diagnostic(WarningSubtype.NO_ENTRY, message, term.location))

    def _plan_glossaries(
        self,
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
            for docname, doc_terms in self.doc_terms.items()
        }
        # sorted() is stable: equal sort keys keep catalog (read) order.
        ordered = sorted(catalog, key=lambda term: sort_key(term.name))
        plans: dict[tuple[str, int], tuple[Group, ...]] = {}
        specs = [spec for docname in sorted(self.glossaries) for spec in self.glossaries[docname]]
        for spec in specs:
            used = used_ids.setdefault(spec.docname, set())
            selected = self._select(spec, catalog, ordered, backlinks)
            plans[spec.docname, spec.serial] = self._group(spec, selected, used)
        for spec in sorted(specs, key=lambda spec: (spec.filtered, spec.docname, spec.serial)):
            for group in plans[spec.docname, spec.serial]:
                for entry in group.entries:
                    if entry.anchor is not None and entry.key not in targets:
                        targets[entry.key] = Target(spec.docname, entry.anchor)
        return plans

    @staticmethod
    def _select(
        spec: GlossarySpec,
        catalog: TermCatalog,
        ordered: list[Term],
        backlinks: dict[str, tuple[str, ...]],
    ) -> list[Term]:
        wanted: set[str] | None = None
        if spec.terms:
            wanted = set()
            for name in spec.terms:
                found = catalog.lookup(name)
                if found is None:
                    message = f"glossary lists unknown term {name!r}" + did_you_mean(catalog, name)
                    warn(Diagnostic(WarningSubtype.UNKNOWN, message, spec.location))
                else:
                    wanted.add(found.key)
        tags = set(spec.tags)
        return [
            term
            for term in ordered
            if (wanted is None or term.key in wanted)
            and (not tags or any(term_key(tag) in tags for tag in term.tags))
            and (not spec.only_referenced or term.key in backlinks)
        ]

    @staticmethod
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

    def _add_index_entries(self, env: BuildEnvironment, state: ProjectState) -> None:
        """Put each term's canonical glossary entry in the general index.

        Glossary content is only known after reading, so the index nodes a directive would
        leave cannot exist; instead the entries go straight into the index domain, and the
        ones added last time are taken out first (their document may not be re-read).
        """
        index_entries: dict[str, list[tuple[str, str, str, str, str | None]]] = env.get_domain(
            "index"
        ).data.setdefault("entries", {})
        ours: dict[str, list[tuple[str, str, str, str, str | None]]] = self.data["index_entries"]
        for docname, added in ours.items():
            if docname in index_entries:
                index_entries[docname] = [e for e in index_entries[docname] if e not in added]
        ours.clear()
        for key, where in state.targets.items():
            if where.docname in self.doc_terms and any(
                doc_term.anchor == where.anchor for doc_term in self.doc_terms[where.docname]
            ):
                continue  # ``.. nterm::`` adds its own index node
            term = state.catalog.lookup(key)
            if term is None:
                continue
            entry = ("single", term.name, where.anchor, "main", None)
            ours.setdefault(where.docname, []).append(entry)
            index_entries.setdefault(where.docname, []).append(entry)

    def _fingerprints(self, env: BuildEnvironment, state: ProjectState) -> dict[str, str]:
        """Per document, a digest of the term data its written output shows."""
        term_fps = {term.key: term_fingerprint(term) for term in state.catalog}

        def link(key: str | None) -> tuple[Any, ...]:
            return (key, term_fps.get(key or ""), state.targets.get(key or ""))

        def title(docname: str) -> str:
            node = env.titles.get(docname)
            return node.astext() if node is not None else docname

        digests: dict[str, str] = {}
        for docname in env.all_docs:
            parts: list[Any] = [(key, link(state.resolved.get(key))) for key in sorted(
                self.refs.get(docname, ()))]
            for doc_term in self.doc_terms.get(docname, ()):
                parts.extend(link(_key_of(state, name)) for name in doc_term.term.see_also)
            for spec in self.glossaries.get(docname, ()):
                for group in state.glossaries.get((spec.docname, spec.serial), ()):
                    parts.append((group.label, group.anchor))
                    for entry in group.entries:
                        term = state.catalog.lookup(entry.key)
                        parts.append((entry, link(entry.key)))
                        if term is not None:
                            parts.extend(link(_key_of(state, name)) for name in term.see_also)
                        parts.extend(
                            (doc, title(doc)) for doc in state.backlinks.get(entry.key, ())
                        )
            digests[docname] = hashlib.sha1(
                repr(parts).encode(), usedforsecurity=False
            ).hexdigest()
        return digests


def register_std_terms(
    env: BuildEnvironment, state: ProjectState, added: dict[tuple[str, Any], Any]
) -> None:
    """Make every term with an entry a ``std:term`` object too (``env-updated``).

    So ``objects.inv`` lists each name and alias as ``std:term`` as well as ``nterm:term``:
    a project without this extension reaches the terms through intersphinx with Sphinx's own
    ``:term:``; here, ``:term:`` resolves to them as to a ``.. glossary::`` entry. A name the
    project's own glossaries define is left to them. What was added is kept in ``added`` and
    taken out before the next read (:func:`unregister_std_terms`), so Sphinx never sees it as
    a duplicate of a glossary entry that a page adds later.
    """
    std = env.get_domain("std").data
    tables: dict[str, dict[Any, Any]] = {
        "objects": std.setdefault("objects", {}),
        "terms": std.setdefault("terms", {}),
    }
    unregister_std_terms(env, added)
    for term in state.catalog:
        where = state.targets.get(term.key)
        if where is None:
            continue
        value = (where.docname, where.anchor)
        for name in term.names():
            for table, key in (("objects", ("term", name)), ("terms", name.lower())):
                if key not in tables[table]:
                    tables[table][key] = value
                    added[table, key] = value


def unregister_std_terms(env: BuildEnvironment, added: dict[tuple[str, Any], Any]) -> None:
    """Take out of the std domain what :func:`register_std_terms` put there."""
    std = env.get_domain("std").data
    for (table, key), value in added.items():
        if std.get(table, {}).get(key) == value:
            del std[table][key]
    added.clear()


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the std domain reads pages without our terms in it."""
    unregister_std_terms(env, get_domain(env).data["std_objects"])


def mark_term_link(refnode: nodes.reference, key: str, builder: Builder) -> nodes.reference:
    """A resolved link to a term's entry, as HTML builders give it the term's tooltip."""
    refnode["classes"].append("nterm")
    if builder.format != "html":
        return refnode
    marked = nterm_link(refnode.rawsource, "", *refnode.children, **refnode.attributes)
    marked["nterm"] = key
    return marked


def external_link(external: ExternalTerm, contnode: Element) -> nodes.reference:
    """A link to another project's term, titled as intersphinx titles its links."""
    return nodes.reference(
        "", "", contnode, internal=False, refuri=external.uri,
        reftitle=_("(in %s)") % external.project, classes=["nterm"],
    )


def _key_of(state: ProjectState, name: str) -> str | None:
    found = state.catalog.lookup(name)
    return None if found is None else found.key


def get_domain(env: BuildEnvironment) -> NeurotermsDomain:
    """The ``nterm`` domain of a build."""
    domain = env.get_domain(DOMAIN_NAME)
    assert isinstance(domain, NeurotermsDomain)
    return domain


def update_state(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` handler: see :meth:`NeurotermsDomain.update_state`."""
    return get_domain(env).update_state(app, env)


def warn_unknown_term(location: Node | str, name: str, catalog: TermCatalog) -> None:
    """The ``unknown`` warning for a reference to ``name``, at the reference's file and line.

    :param location: the reference's node, or ``source:line``.
    """
    logger.warning(
        __("unknown term %r%s"),
        name,
        did_you_mean(catalog, name),
        type=WARNING_TYPE,
        subtype=WarningSubtype.UNKNOWN.value,
        location=location,
    )


def warn_missing_term_xref(
    app: Sphinx, domain: Domain | None, node: pending_xref
) -> bool | None:
    """``warn-missing-reference`` handler: ``:nterm:term:`` misses warn as ``neuroterms.unknown``.

    ``domain`` is ``None`` for references of no domain (``:any:``, ``:doc:``): Sphinx warns.
    """
    if domain is None or domain.name != DOMAIN_NAME:
        return None
    warn_unknown_term(node, node["reftarget"], get_domain(domain.env).state.catalog)
    return True
