"""The ``nterm`` domain: every piece of cross-document state, and cross-references to terms.

Records written while reading are keyed by docname (:meth:`NeurotermsDomain.clear_doc` drops
them, :meth:`NeurotermsDomain.merge_domaindata` copies them from ``-j`` workers):

``doc_terms``
    terms defined by ``.. nterm::`` in each document (:class:`~.plan.DocTerm`);
``refs``
    the normalised keys each document references (for backlinks, ``:only-referenced:`` and
    incremental rebuilds);
``glossaries``
    each document's ``.. nterm-glossary::`` options (:class:`~.plan.GlossarySpec`);
``std_defs`` and ``std_refs``
    with ``neuroterms_tooltip_std_terms``: the entries of Sphinx's own ``.. glossary::``
    (id to :class:`~sphinx_neuroterms.std_terms.StdTerm`) and the targets of ``:term:`` links.

Everything derived from the whole project — the merged catalog, where each term's references
go, what every glossary lists, backlinks — is a :class:`~.plan.ProjectState`, planned by
:mod:`sphinx_neuroterms.plan` when :meth:`NeurotermsDomain.update_state` runs on
``env-updated``. That event runs in the main process after ``-j`` workers are merged, so the
writers (forked later) all see the same plan. Roles and directives record through the
``note_*`` methods.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from sphinx_neuroterms import term_files
from sphinx_neuroterms.catalog import TermCatalog
from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.entry_text import (
    DocumentText,
    ShownPart,
    read_term_text,
    shown_text,
    target_title,
)
from sphinx_neuroterms.external import external_changed
from sphinx_neuroterms.i18n import _
from sphinx_neuroterms.logs import warn, warn_at, warn_unknown_term
from sphinx_neuroterms.model import term_key
from sphinx_neuroterms.nodes import nterm_link
from sphinx_neuroterms.plan import (
    DocTerm,
    DocumentRecords,
    GlossarySpec,
    IndexEntry,
    ProjectState,
    Target,
    build_state,
    fingerprints,
    index_entries,
    section_anchor,
)
from sphinx_neuroterms.related import related_terms
from sphinx_neuroterms.resolve import resolver
from sphinx_neuroterms.term_text import IN_TERM_TEXT, PROBLEMS
from sphinx_neuroterms.tooltips import rich_tooltips

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Set as AbstractSet

    from docutils.nodes import Element, Node
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.domains.index import IndexDomain
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.external import ExternalTerm
    from sphinx_neuroterms.model import Term

#: The domain's name: ``:nterm:term:`` and ``nterm:term`` in ``objects.inv``.
DOMAIN_NAME = "nterm"
#: The object type of every term (and the name of the domain's cross-reference role).
OBJECT_TYPE = "term"
#: The object type of a term's section (``Name#Section``).
SECTION_TYPE = "section"


class TermXRefRole(XRefRole):
    """``:nterm:term:`…```: the conventional cross-reference form, which intersphinx's
    ``:external+project:nterm:term:`` reuses. Plain ``:nterm:`` is the lean form."""

    def result_nodes(
        self, document: nodes.document, env: BuildEnvironment, node: Element, is_ref: bool
    ) -> tuple[list[Node], list[nodes.system_message]]:
        """Record the reference for backlinks and rebuilds, as ``:nterm:`` does."""
        if not node.get("intersphinx") and not env.temp_data.get(IN_TERM_TEXT):
            get_domain(env).note_reference(env.docname, term_key(node["reftarget"]))
        return [node], []


class NeurotermsDomain(Domain):
    """Terms from term files and ``.. nterm::``, their glossaries and their references."""

    name = DOMAIN_NAME
    label = "Neuroterms"
    object_types: ClassVar[dict[str, ObjType]] = {
        OBJECT_TYPE: ObjType(_("term"), OBJECT_TYPE),
        SECTION_TYPE: ObjType(_("term section"), SECTION_TYPE),
    }
    roles: ClassVar[dict[str, Any]] = {
        OBJECT_TYPE: TermXRefRole(innernodeclass=nodes.inline, warn_dangling=True)
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "doc_terms": {},  # docname -> list[DocTerm]
        "refs": {},  # docname -> set[str]
        "ref_counts": {},  # docname -> {key: how many references}, for the report
        "lint": {},  # docname -> lint.PageFindings
        "glossaries": {},  # docname -> list[GlossarySpec]
        "page_terms": {},  # docname -> True: the page has an nterm-page-terms list
        "xrefs": {},  # docname -> targets of :term:, :any: and MyST references (normalised)
        "text": {},  # docname -> entry_text.DocumentText
        "file_cache": {},  # resolved path -> term_files.CachedFile
        "file_terms": [],  # the terms of the term files, loaded before reading
        "file_diagnostics": [],  # the problems found loading them
        "index_entries": {},  # docname -> index entries this domain added for glossaries
        "std_defs": {},  # docname -> {html id: std_terms.StdTerm}
        "std_refs": {},  # docname -> set of lower-cased :term: targets
        "std_digests": {},  # docname -> digest of the std tooltips it shows (derived)
        "std_objects": {},  # what register_std_terms put into the std domain (derived)
        "state": None,  # ProjectState | None
        "unused": [],  # the unused-term findings of the last build (derived)
        "lint_digest": None,  # what the page checks looked for (lint.page_checks_digest)
        "autolink_digest": None,  # the names automatic links matched (autolink_digest)
    }
    #: Per-document records, dropped by clear_doc and copied from -j readers.
    _DOC_RECORDS = (
        "doc_terms", "refs", "ref_counts", "glossaries", "xrefs", "text", "std_defs",
        "std_refs", "lint", "page_terms",
    )
    #: Bump whenever the shape of :attr:`data` changes, so stale pickles are discarded.
    data_version = 5

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: The file terms as a catalog, made once per process (see :attr:`file_catalog`).
        self._file_catalog: tuple[list[Term], TermCatalog] | None = None
        #: What :meth:`get_objects` lists, for the plan it was listed from.
        self._objects: tuple[ProjectState, list[DomainObject]] | None = None
        #: The term files found this build, from ``env-get-outdated`` to their loading.
        self._sources: tuple[list[Path], list[Diagnostic]] | None = None

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
    def file_catalog(self) -> TermCatalog:
        """The terms of the term files (loaded before reading), for glossaries being read."""
        terms: list[Term] = self.data["file_terms"]
        if self._file_catalog is None or self._file_catalog[0] is not terms:
            catalog = TermCatalog()
            for term in terms:
                catalog.add(term)
            self._file_catalog = (terms, catalog)
        return self._file_catalog[1]

    @property
    def term_files(self) -> list[str]:
        """The paths of the loaded term files."""
        return list(self.data["file_cache"])

    def term_sources(self, app: Sphinx) -> tuple[list[Path], list[Diagnostic]]:
        """The term files of this build (looked for once per build, folders and patterns
        walked once: :func:`outdated_glossaries` asks first, then the loading)."""
        if self._sources is None:
            self._sources = term_files.source_files(app)
        return self._sources

    def load_term_files(self, app: Sphinx) -> None:
        """Load the term files before reading: glossaries parse their text while read."""
        terms, diagnostics, self.data["file_cache"] = term_files.load_terms(
            app, self.data["file_cache"], self.term_sources(app)
        )
        self._sources = None  # the next build looks again
        self.data["file_terms"], self.data["file_diagnostics"] = terms, diagnostics

    @property
    def state(self) -> ProjectState:
        """The whole-project plan; an empty one before the first ``env-updated``."""
        state: ProjectState | None = self.data["state"]
        if state is None:
            state = ProjectState(TermCatalog(), {}, {}, {}, {}, {})
        return state

    # -- per-document records --------------------------------------------------------------

    def read_again_if_changed(
        self, env: BuildEnvironment, docnames: list[str], key: str, digest: str | None
    ) -> None:
        """Remember ``digest`` (what pages are read against, under ``data[key]``); when it
        changed since the last build, add every page to ``docnames``, the list that
        ``env-before-read-docs`` is given, so that no page keeps what it made of the old."""
        old = self.data.get(key)
        self.data[key] = digest
        if digest is not None and old is not None and old != digest:
            wanted = set(docnames)
            docnames.extend(sorted(name for name in env.found_docs if name not in wanted))

    def note_reference(self, docname: str, key: str) -> None:
        """Remember that ``docname`` references ``key`` (cheap: a set and a count)."""
        self.refs.setdefault(docname, set()).add(key)
        counts = self.data["ref_counts"].setdefault(docname, {})
        counts[key] = counts.get(key, 0) + 1

    def note_page_terms(self, docname: str) -> None:
        """Remember that ``docname`` lists its terms' texts (``nterm-page-terms``)."""
        self.data["page_terms"][docname] = True

    def note_term(self, docname: str, doc_term: DocTerm) -> None:
        """Remember a term defined by ``.. nterm::`` in ``docname``."""
        self.doc_terms.setdefault(docname, []).append(doc_term)

    def note_glossary(self, docname: str, make_spec: Callable[[int], GlossarySpec]) -> GlossarySpec:
        """Remember a ``.. nterm-glossary::``; ``make_spec`` is given its serial number."""
        glossaries = self.glossaries.setdefault(docname, [])
        spec = make_spec(len(glossaries))
        glossaries.append(spec)
        return spec

    @property
    def records(self) -> DocumentRecords:
        """What the documents recorded, as the plan reads it."""
        return DocumentRecords(self.doc_terms, self.refs, self.glossaries, self.data["xrefs"])

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
        """Resolve ``:nterm:term:`` by name, alias or plural, here or in an inventory, and
        ``Name#Section`` references to a section of a term's entry."""
        if typ == SECTION_TYPE:
            return self.section_link(builder, fromdocname, target, node, contnode)
        return self.term_link(builder, fromdocname, target, contnode)

    def section_link(
        self, builder: Builder, fromdocname: str, target: str, node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        """A link to a section of a term's entry, titled "Name: Section" unless given."""
        found = self.find_section(target)
        if found is None:
            return None
        term, title, where = found
        if not node.get("refexplicit"):
            text = f"{term.name}: {title}"
            contnode = nodes.inline(text, text)
        names = resolver(builder, self.state)
        refnode = make_refnode(
            builder, fromdocname, where.docname, section_anchor(where.anchor, title), contnode,
            names.link_title(term),
        )
        return mark_term_link(refnode, term.key, builder)

    def find_section(self, target: str) -> tuple[Term, str, Target] | None:
        """The term, section title and entry of a ``Name#Section`` target."""
        name, _, section = target.partition("#")
        term = self.state.lookup(term_key(name))
        where = None if term is None else self.state.targets.get(term.key)
        if term is None or where is None:
            return None
        title = next((t for t, _text in term.sections if term_key(t) == term_key(section)), None)
        return None if title is None else (term, title, where)

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
        # Names and aliases only, in any case, as Sphinx's :any: finds glossary terms.
        term = self.state.catalog.lookup(target, plurals=False)
        where = None if term is None else self.state.targets.get(term.key)
        if term is None or where is None:
            return []
        std_objects = env.get_domain("std").data.get("objects", {})
        if std_objects.get(("term", target.lower())) == tuple(where):
            return []
        refnode = self.term_link(builder, fromdocname, term.name, contnode, local_only=True)
        return [] if refnode is None else [(f"{DOMAIN_NAME}:{OBJECT_TYPE}", refnode)]

    def term_link(
        self, builder: Builder, fromdocname: str, target: str, contnode: Element,
        *, local_only: bool = False,
    ) -> nodes.reference | None:
        """A link to a term's entry, with its tooltip; else to another project's term.

        :param local_only: leave other projects' terms out (``:any:``, Sphinx's ``:term:``).
        """
        names = resolver(builder, self.state)
        resolution = names.resolve(term_key(target))
        if resolution.term is not None and resolution.target is not None:
            where = resolution.target
            refnode = make_refnode(
                builder, fromdocname, where.docname, where.anchor, contnode,
                names.link_title(resolution.term),
            )
            return mark_term_link(refnode, resolution.term.key, builder)
        if resolution.external is not None and not local_only:
            external = resolution.external
            return external_link(external, fromdocname, contnode, names.external_title(external))
        return None

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Every term with an entry, for search and ``objects.inv``.

        Aliases are listed too, so that search finds them and intersphinx in another
        project resolves them.
        """
        # Sphinx asks several times per build (search index, inventory): listed once per plan.
        state = self.state
        if self._objects is None or self._objects[0] is not state:
            self._objects = (state, list(_objects(state)))
        return iter(self._objects[1])

    # -- the whole-project plan ----------------------------------------------------------------

    def update_state(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Load the term files and plan every glossary and reference (on ``env-updated``).

        :return: documents that were not re-read but whose output changes (a term they show
            was edited, added or removed; a backlink changed), so Sphinx writes them again.
        """
        old = self.data["state"]
        state, problems = build_state(self.data["file_terms"], self.records)
        texts: dict[str, DocumentText] = self.data["text"]
        # A term shown in several pages was parsed, and its problems found, in each.
        text_problems = dict.fromkeys(
            problem for docname in sorted(texts) for problem in texts[docname].problems
        )
        for diagnostic in [*self.data["file_diagnostics"], *text_problems, *problems]:
            warn(diagnostic)
        self._set_index_entries(env, index_entries(state, self.records))
        register_std_terms(env, state, self.data["std_objects"])
        state.shown = self._shown_texts(env, state)
        state.related = related_terms(state.catalog, get_config(app).related)
        settings = get_config(app)
        state.fingerprints = fingerprints(
            state, self.records, env.all_docs, env.titles, self._shown_digests(env, state),
            # Tooltip texts are in the site's tooltip files, not in the pages, unless every
            # page lists its terms' texts; some pages may (an nterm-page-terms directive).
            texts_in_pages=not rich_tooltips(app.builder) or settings.page_terms,
            pages_with_texts=set(self.data["page_terms"]),
        )
        self.data["state"] = state
        if old is None:
            return []
        return sorted(
            docname
            for docname, digest in state.fingerprints.items()
            if old.fingerprints.get(docname) != digest
        )

    def _shown_texts(self, env: BuildEnvironment, state: ProjectState) -> dict[str, str]:
        """Each parsed definition as its reader sees it, for tooltips.

        A term shown in several pages was parsed in each; the page with its canonical entry
        has the say, then the first page by name.
        """
        records: dict[str, DocumentText] = self.data["text"]
        found: dict[str, tuple[ShownPart, ...]] = {}
        for docname in sorted(records):
            for key, parts in records[docname].shown.items():
                where = state.targets.get(key)
                if key not in found or (where is not None and where.docname == docname):
                    found[key] = parts
        return {key: shown_text(parts, env) for key, parts in found.items()}

    def _shown_digests(self, env: BuildEnvironment, state: ProjectState) -> dict[str, str]:
        """Per document, what its term text shows of other pages (titles of links without
        one) and of in-page terms it copies, for :func:`~.plan.fingerprints`."""
        records: dict[str, DocumentText] = self.data["text"]
        bodies = {
            key: body.pformat()
            for record in records.values()
            for key, body in record.bodies.items()
        }
        digests: dict[str, str] = {}
        for docname, record in records.items():
            titles = sorted((part, target_title(part, env)) for part in record.titled)
            digests[docname] = repr(titles)
        for specs in self.glossaries.values():
            for spec in specs:
                listed = sorted(
                    bodies[entry.key]
                    for group in state.glossaries.get((spec.docname, spec.serial), ())
                    for entry in group.entries
                    if entry.key in bodies
                )
                digests[spec.docname] = digests.get(spec.docname, "") + repr(listed)
        return digests

    def _set_index_entries(
        self, env: BuildEnvironment, entries: dict[str, list[IndexEntry]]
    ) -> None:
        """Put the glossaries' entries into Sphinx's general index, replacing last build's.

        Glossary content is only known after reading, so the index nodes a directive would
        leave cannot exist, and Sphinx has no API for index entries made later than reading;
        the entries go into the index domain's per-document lists (its ``entries``
        property), and the ones added last time are taken out first (their document may not
        be re-read).
        """
        index_domain: IndexDomain = env.get_domain("index")  # type: ignore[assignment]
        index: dict[str, list[IndexEntry]] = index_domain.entries
        ours: dict[str, list[IndexEntry]] = self.data["index_entries"]
        for docname, added in ours.items():
            if docname in index:
                index[docname] = [entry for entry in index[docname] if entry not in added]
        ours.clear()
        for docname, added in entries.items():
            ours[docname] = added
            index.setdefault(docname, []).extend(added)


def note_cross_references(app: Sphinx, doctree: nodes.document) -> None:
    """Record the targets of Sphinx's cross-references that may reach a term (``doctree-read``).

    ``:term:``, ``:any:`` and MyST links resolve to terms only after reading; the record lets
    an incremental build rewrite their pages when such a term changes.
    """
    keys = {
        term_key(node["reftarget"])
        for node in doctree.findall(addnodes.pending_xref)
        if (node.get("reftype") in {"any", "myst"} or (node.get("refdomain") == "std"
            and node.get("reftype") == "term"))
        and not node.get("intersphinx")
    }
    if keys:
        get_domain(app.env).data["xrefs"][app.env.docname] = keys


#: An object of :meth:`Domain.get_objects`: name, display name, type, docname, anchor,
#: search priority.
DomainObject = tuple[str, str, str, str, str, int]


def _objects(state: ProjectState) -> Iterator[DomainObject]:
    """Every term with an entry, its aliases and its sections, as domain objects."""
    for term in state.catalog:
        where = state.targets.get(term.key)
        if where is None:
            continue
        yield term.name, term.name, OBJECT_TYPE, where.docname, where.anchor, 1
        for alias in term.aliases:
            yield alias, alias, OBJECT_TYPE, where.docname, where.anchor, 1
        for title, _text in term.sections:  # in objects.inv, not in search results
            anchor = section_anchor(where.anchor, title)
            yield (
                f"{term.name}#{title}", f"{term.name}: {title}", SECTION_TYPE,
                where.docname, anchor, -1,
            )


def note_term_text(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: record what the document holds of parsed term text (only a page
    with a glossary or an ``.. nterm::`` holds any)."""
    domain, docname = get_domain(app.env), app.env.docname
    in_page = docname in domain.doc_terms
    if not in_page and docname not in domain.glossaries:
        return
    record = read_term_text(doctree, app.env.temp_data.get(PROBLEMS) or (), in_page=in_page)
    if record is not None:
        domain.data["text"][docname] = record


def outdated_glossaries(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: pages with glossaries, when a term file was added or removed.

    A changed term file is a dependency of those pages already (``env.note_dependency``).
    """
    domain = get_domain(env)
    if not domain.glossaries:
        return []
    paths, _ = domain.term_sources(app)
    if {str(found) for found in paths} == set(domain.term_files):
        return []
    return sorted(domain.glossaries)


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
            # Sphinx's :term: matches case-insensitively: a name its glossaries define in any
            # case is theirs, in both tables.
            keys = (("objects", ("term", name)), ("terms", name.lower()))
            if any(key in tables[table] for table, key in keys):
                continue
            for table, key in keys:
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
    """``env-before-read-docs``: load the term files (glossaries parse their text while
    read, in ``-j`` readers too, which inherit them); the std domain reads pages without
    our terms in it."""
    domain = get_domain(env)
    domain.load_term_files(app)
    unregister_std_terms(env, domain.data["std_objects"])


def mark_term_link(refnode: nodes.reference, key: str, builder: Builder) -> nodes.reference:
    """A resolved link to a term's entry, as HTML builders give it the term's tooltip."""
    refnode["classes"].append("nterm")
    if builder.format != "html":
        return refnode
    marked = nterm_link(refnode.rawsource, "", *refnode.children, **refnode.attributes)
    marked["nterm"] = key
    return marked


def external_link(
    external: ExternalTerm, docname: str, contnode: Element, title: str | None = None
) -> nodes.reference:
    """A link from page ``docname`` to another project's term, titled with its definition
    when known, else as intersphinx titles its links."""
    return nodes.reference(
        "", "", contnode, internal=False, refuri=external.href(docname),
        reftitle=title or _("(in %s)") % external.project, classes=["nterm"],
    )


def get_domain(env: BuildEnvironment) -> NeurotermsDomain:
    """The ``nterm`` domain of a build."""
    domain = env.get_domain(DOMAIN_NAME)
    assert isinstance(domain, NeurotermsDomain)
    return domain


def update_state(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` handler: see :meth:`NeurotermsDomain.update_state`."""
    return get_domain(env).update_state(app, env)


def outdated_external_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: when other projects' terms changed since the last build, the pages
    with references that no local term answers, so that none keeps a stale link or tooltip."""
    if not external_changed(env):
        return []
    domain = get_domain(env)
    catalog = domain.state.catalog
    return sorted(
        docname for docname, keys in domain.refs.items()
        if any(catalog.lookup(key) is None for key in keys)
    )


def warn_missing_term_xref(
    app: Sphinx, domain: Domain | None, node: pending_xref
) -> bool | None:
    """``warn-missing-reference`` handler: ``:nterm:term:`` misses warn as ``neuroterms.unknown``.

    ``domain`` is ``None`` for references of no domain (``:any:``, ``:doc:``): Sphinx warns.
    """
    if domain is None or domain.name != DOMAIN_NAME:
        return None
    ours = get_domain(domain.env)
    name, hash_, section = str(node["reftarget"]).partition("#")
    term = ours.state.lookup(term_key(name)) if hash_ else None
    if term is None:
        warn_unknown_term(node, name, ours.state.catalog)
    else:
        titles = ", ".join(title for title, _text in term.sections) or "none"
        warn_at(
            WarningSubtype.UNKNOWN,
            f"term {term.name!r} has no section {section!r} (its sections: {titles})", node,
        )
    return True
