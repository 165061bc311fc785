"""The ``nterm`` domain: every piece of cross-document state, and cross-references to terms.

The domain is the floor the Sphinx side stands on: pages record into it while read
(:mod:`sphinx_neuroterms.reading`), the plan after reading is kept in it
(:mod:`sphinx_neuroterms.project`), and writers read it (:mod:`sphinx_neuroterms.output`),
each through the typed accessors of :class:`NeurotermsDomain`, never by a key of its data.

Records written while reading are keyed by docname: :meth:`NeurotermsDomain.clear_doc` drops
them, :meth:`NeurotermsDomain.merge_domaindata` copies them from ``-j`` readers. Everything
derived from the whole project (the merged catalog, where each reference goes, what each
glossary lists, backlinks) is a :class:`~sphinx_neuroterms.domain.records.ProjectState`,
planned on ``env-updated`` in the main process after ``-j`` readers are merged
(:mod:`sphinx_neuroterms.project.after_reading`), so writers forked later all see one plan.

Every build that loads the extension registers the domain, with or without terms: the
records' types and the resolver are imported where they are first needed, so that a project
with nothing for the domain (:meth:`NeurotermsDomain.in_use`) never loads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole

from sphinx_neuroterms.domain.fork_shared import ForkShared, unshared
from sphinx_neuroterms.i18n import _
from sphinx_neuroterms.terms.names import split_section, term_key

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Set as AbstractSet

    from docutils.nodes import Element, Node
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.domain.records import (
        CachedTermFile,
        DocTerm,
        DocumentRecords,
        DomainObject,
        GlossarySpec,
        IndexEntry,
        PageFindings,
        ProjectState,
        StdTerm,
    )
    from sphinx_neuroterms.domain.shown_text import DocumentText
    from sphinx_neuroterms.terms.catalog import TermCatalog
    from sphinx_neuroterms.terms.diagnostics import Diagnostic
    from sphinx_neuroterms.terms.model import Term

#: The domain's name: ``:nterm:term:`` and ``nterm:term`` in ``objects.inv``.
DOMAIN_NAME = "nterm"
#: The object type of every term (and the name of the domain's cross-reference role).
OBJECT_TYPE = "term"
#: The object type of a term's section (``Name#Section``).
SECTION_TYPE = "section"
#: ``env.temp_data`` key set while term text is parsed: references in it are not the page's
#: own (they make no backlinks and do not count for ``:only-referenced:``).
IN_TERM_TEXT = "nterm_in_term_text"


class TermXRefRole(XRefRole):
    """``:nterm:term:`…```: the conventional cross-reference form, which intersphinx's
    ``:external+project:nterm:term:`` reuses. Plain ``:nterm:`` is the lean form."""

    def result_nodes(
        self, document: nodes.document, env: BuildEnvironment, node: Element, is_ref: bool
    ) -> tuple[list[Node], list[nodes.system_message]]:
        """Record the reference for backlinks and rebuilds, as ``:nterm:`` does; one to
        another project (``:external+name:nterm:term:``) only as such."""
        if env.temp_data.get(IN_TERM_TEXT):  # a term's text is not the page's
            return [node], []
        from sphinx_neuroterms.domain.resolve import names_another_project  # noqa: PLC0415

        domain, key = get_domain(env), term_key(node["reftarget"])
        if names_another_project(self.rawtext, self.config):
            domain.external_refs.setdefault(env.docname, set()).add(key)
        else:
            domain.note_reference(env.docname, key)
        return [node], []


class NeurotermsDomain(Domain):
    """Terms from term files and ``.. nterm::``, their glossaries and their references.

    Every key of :attr:`data` has a typed accessor below; other modules read and write the
    domain's data only through them.
    """

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
        # Per document, written while read (dropped by clear_doc, merged from -j readers).
        "doc_terms": {},
        "refs": {},
        "ref_counts": {},
        "page_findings": {},
        "glossaries": {},
        "pages_listing_terms": {},
        "xrefs": {},
        "external_refs": {},
        "term_texts": {},
        "std_defs": {},
        "std_refs": {},
        "page_ids": {},
        # Per document, derived after reading (dropped by clear_doc, never merged).
        "index_entries": {},
        "std_digests": {},
        # The project's.
        "file_cache": {},
        "file_terms": [],
        "file_diagnostics": [],
        "translations": (),
        "std_objects": {},
        "state": None,
        "unused": [],
        "lint_digest": None,
        "autolink_digest": None,
    }
    #: Per-document records, dropped by clear_doc and copied from -j readers.
    _DOC_RECORDS = (
        "doc_terms", "refs", "ref_counts", "glossaries", "xrefs", "external_refs", "term_texts",
        "std_defs", "std_refs", "page_findings", "pages_listing_terms", "page_ids",
    )
    #: Bump whenever the shape of :attr:`data` changes, or what a kept result means (the
    #: plan keeps what term texts mention: a change to how names are matched), so stale
    #: pickles are discarded.
    data_version = 12

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: The file terms as a catalog, made once per process (see :attr:`file_catalog`).
        self._file_catalog: tuple[list[Term], TermCatalog] | None = None
        #: What :meth:`get_objects` lists, for the plan it was listed from.
        self._objects: tuple[ProjectState, list[DomainObject]] | None = None
        #: The term files found this build, from ``env-get-outdated`` to their loading
        #: (:mod:`sphinx_neuroterms.project.term_files`); never pickled.
        self.found_term_files: tuple[list[Path], list[Diagnostic]] | None = None

    # -- what pages record while read -------------------------------------------------------

    @property
    def doc_terms(self) -> dict[str, list[DocTerm]]:
        """In-document terms by docname."""
        return self.data["doc_terms"]

    @property
    def refs(self) -> dict[str, set[str]]:
        """Referenced keys by docname."""
        return self.data["refs"]

    @property
    def ref_counts(self) -> dict[str, dict[str, int]]:
        """How many references each docname makes to each key (for the report)."""
        return self.data["ref_counts"]

    @property
    def glossaries(self) -> dict[str, list[GlossarySpec]]:
        """Glossary options by docname, in document order."""
        return self.data["glossaries"]

    @property
    def xrefs(self) -> dict[str, set[str]]:
        """The normalised targets of ``:term:``, ``:any:`` and MyST references, by docname."""
        return self.data["xrefs"]

    @property
    def external_refs(self) -> dict[str, set[str]]:
        """The keys each docname references in other projects (``:external+name:nterm:term:``);
        they are not references to the project's terms."""
        return self.data["external_refs"]

    @property
    def term_texts(self) -> dict[str, DocumentText]:
        """What each page holds of parsed term text (only pages that parse any)."""
        return self.data["term_texts"]

    @property
    def page_findings(self) -> dict[str, PageFindings]:
        """What the terminology checks found on each page."""
        return self.data["page_findings"]

    @property
    def pages_listing_terms(self) -> dict[str, bool]:
        """The pages with an ``nterm-page-terms`` list (their output shows terms' texts)."""
        return self.data["pages_listing_terms"]

    @property
    def std_defs(self) -> dict[str, dict[str, StdTerm]]:
        """With ``neuroterms_tooltip_std_terms``: each page's ``.. glossary::`` entries by id."""
        return self.data["std_defs"]

    @property
    def std_refs(self) -> dict[str, set[str]]:
        """With ``neuroterms_tooltip_std_terms``: each page's lower-cased ``:term:`` targets."""
        return self.data["std_refs"]

    @property
    def page_ids(self) -> dict[str, frozenset[str]]:
        """The ``nterm-`` ids each page with a glossary has when read (not the glossary's)."""
        return self.data["page_ids"]

    def in_use(self) -> bool:
        """Whether the project has anything for the extension: terms loaded from files, a
        page that defines, lists or references terms (here or in another project), or the
        plan of an earlier build (which is then planned again, and may have become empty).

        See :func:`~sphinx_neuroterms.domain.page_scope.project_in_use`.
        """
        return self.planned_state is not None or any((
            self.refs, self.file_terms, self.file_cache, self.doc_terms, self.glossaries,
            self.external_refs, self.pages_listing_terms,
        ))

    def note_reference(self, docname: str, key: str) -> None:
        """Remember that ``docname`` references ``key`` (cheap: a set and a count)."""
        self.refs.setdefault(docname, set()).add(key)
        counts = self.ref_counts.setdefault(docname, {})
        counts[key] = counts.get(key, 0) + 1

    def note_page_terms(self, docname: str) -> None:
        """Remember that ``docname`` lists its terms' texts (``nterm-page-terms``)."""
        self.pages_listing_terms[docname] = True

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
        from sphinx_neuroterms.domain.records import DocumentRecords  # noqa: PLC0415

        return DocumentRecords(
            self.doc_terms, self.refs, self.glossaries, self.xrefs, self.page_ids
        )

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

    # -- the term files, loaded before reading ----------------------------------------------

    @property
    def file_cache(self) -> dict[str, CachedTermFile]:
        """Each loaded term file (resolved path) as parsed, reused while it is unchanged."""
        return unshared(self.data["file_cache"])

    @file_cache.setter
    def file_cache(self, cache: dict[str, CachedTermFile]) -> None:
        self.data["file_cache"] = ForkShared(cache)

    @property
    def file_terms(self) -> list[Term]:
        """The terms of the term files, in source order."""
        return unshared(self.data["file_terms"])

    @file_terms.setter
    def file_terms(self, terms: list[Term]) -> None:
        self.data["file_terms"] = ForkShared(terms)

    @property
    def file_diagnostics(self) -> list[Diagnostic]:
        """The problems found loading the term files (reported once per build)."""
        return self.data["file_diagnostics"]

    @file_diagnostics.setter
    def file_diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        self.data["file_diagnostics"] = diagnostics

    @property
    def translations(self) -> tuple[tuple[str, int, int], ...]:
        """The compiled catalogs the term texts were translated with: path, mtime, size."""
        return self.data["translations"]

    @translations.setter
    def translations(self, files: tuple[tuple[str, int, int], ...]) -> None:
        self.data["translations"] = files

    @property
    def file_catalog(self) -> TermCatalog:
        """The terms of the term files (loaded before reading), for glossaries being read."""
        from sphinx_neuroterms.terms.catalog import TermCatalog  # noqa: PLC0415

        terms = self.file_terms
        if self._file_catalog is None or self._file_catalog[0] is not terms:
            catalog = TermCatalog()
            for term in terms:
                catalog.add(term)
            self._file_catalog = (terms, catalog)
        return self._file_catalog[1]

    @property
    def term_files(self) -> list[str]:
        """The paths of the loaded term files."""
        return list(self.file_cache)

    # -- derived after reading ------------------------------------------------------------

    @property
    def state(self) -> ProjectState:
        """The whole-project plan; an empty one before the first ``env-updated``."""
        state = self.planned_state
        if state is None:
            from sphinx_neuroterms.domain.records import ProjectState  # noqa: PLC0415
            from sphinx_neuroterms.terms.catalog import TermCatalog  # noqa: PLC0415

            state = ProjectState(TermCatalog(), {}, {}, {}, {}, {})
        return state

    @property
    def planned_state(self) -> ProjectState | None:
        """The plan of the last ``env-updated``, ``None`` before the first."""
        return unshared(self.data["state"])

    @planned_state.setter
    def planned_state(self, state: ProjectState) -> None:
        self.data["state"] = ForkShared(state)

    @property
    def index_entries(self) -> dict[str, list[IndexEntry]]:
        """The general-index entries this domain added for glossaries, by docname."""
        return self.data["index_entries"]

    @property
    def std_objects(self) -> dict[tuple[str, Any], Any]:
        """What was put into the std domain's tables (taken out before the next read)."""
        return self.data["std_objects"]

    @property
    def std_digests(self) -> dict[str, str]:
        """Per docname, a digest of the ``:term:`` tooltips it shows."""
        return self.data["std_digests"]

    @std_digests.setter
    def std_digests(self, digests: dict[str, str]) -> None:
        self.data["std_digests"] = digests

    @property
    def unused(self) -> list[Diagnostic]:
        """The ``unused`` findings of the last build."""
        return self.data["unused"]

    @unused.setter
    def unused(self, findings: list[Diagnostic]) -> None:
        self.data["unused"] = findings

    def read_again_if_changed(
        self, env: BuildEnvironment, docnames: list[str],
        key: Literal["lint_digest", "autolink_digest"], digest: str | None,
    ) -> None:
        """Remember ``digest`` (what pages are read against: the page checks' or automatic
        links' names); when it changed since the last build, add every page to
        ``docnames``, the list that ``env-before-read-docs`` is given, so that no page keeps
        what it made of the old."""
        old = self.data.get(key)
        self.data[key] = digest
        if digest is not None and old is not None and old != digest:
            wanted = set(docnames)
            docnames.extend(sorted(name for name in env.found_docs if name not in wanted))

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
        """Resolve ``:nterm:term:`` and ``:nterm:`Name#Section``` by name, alias or plural,
        here or in an inventory: a whole name (``C#``) wins over ``Name#Section``, a link
        to a section of a term's entry."""
        from sphinx_neuroterms.domain.resolve import section_link  # noqa: PLC0415

        split = None if self.state.catalog.lookup(target) else split_section(target)
        if split is not None and self.state.catalog.lookup(split[0]) is not None:
            return section_link(builder, self.state, fromdocname, target, node, contnode)
        if typ == SECTION_TYPE and not node.get("refexplicit"):  # not "C: " for ``C#``
            contnode = nodes.inline(target, target)
        return self.term_link(builder, fromdocname, target, contnode)

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
        if self.planned_state is None:  # asked for every :any: of a project, with terms or not
            return []
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
        from sphinx_neuroterms.domain.resolve import (  # noqa: PLC0415
            entry_link,
            external_link,
            mark_term_link,
            resolver,
        )

        names = resolver(builder, self.state)
        resolution = names.resolve(term_key(target))
        if resolution.term is not None and resolution.target is not None:
            where = resolution.target
            refnode = entry_link(
                builder, fromdocname, where, where.anchor, contnode,
                title=names.link_title(resolution.term),
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
        if self.planned_state is None:
            return iter(())
        from sphinx_neuroterms.domain.records import domain_objects  # noqa: PLC0415

        state = self.state
        if self._objects is None or self._objects[0] is not state:
            self._objects = (state, list(domain_objects(state, OBJECT_TYPE, SECTION_TYPE)))
        return iter(self._objects[1])


def get_domain(env: BuildEnvironment) -> NeurotermsDomain:
    """The ``nterm`` domain of a build."""
    domain = env.get_domain(DOMAIN_NAME)
    assert isinstance(domain, NeurotermsDomain)
    return domain
