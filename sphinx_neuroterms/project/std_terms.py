"""Sphinx's own glossaries both ways: our terms as ``std:term`` objects, and tooltips for
``:term:`` links (and ``:term:`` links that reach our terms).

After every plan, :func:`register_std_terms` makes each term with an entry a ``std:term``
object too, and :func:`unregister_std_terms` takes them out before the next read.

With ``neuroterms_tooltip_std_terms``, the ``nterm`` domain keeps the plain text of every
``.. glossary::`` entry per document (``std_defs``, parallel-safe like any domain data; a
second domain would be asked to resolve every MyST link), and
:class:`StdTermLinks` turns the resolved links into
:class:`~sphinx_neuroterms.nodes.nterm_std_reference` nodes that the HTML writer gives a
``data-nterm-std`` attribute. A ``:term:`` link that reaches one of our terms (they are
``std:term`` objects too) becomes an :class:`~sphinx_neuroterms.nodes.nterm_link`, like every
other reference to a term.

Every build registers :class:`StdTermLinks`; the records and the resolver are imported by
the code that uses them, so that a project without terms never loads them.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.domain.build_cache import per_build
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.domain.page_scope import may_hold, project_in_use
from sphinx_neuroterms.nodes import nterm_link, nterm_std_reference
from sphinx_neuroterms.sphinx_compat import builder_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from docutils.nodes import Element
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.domain.records import ProjectState, StdTerm


def _one_line(text: str) -> str:
    return " ".join(text.split())


def collect_std_terms(app: Sphinx, doctree: nodes.document) -> None:
    """Record the glossary entries and ``:term:`` targets of a document (``doctree-read``)."""
    if not get_config(app).tooltip_std_terms:
        return
    from sphinx_neuroterms.domain.records import StdTerm  # noqa: PLC0415

    env = app.env
    docname = env.docname
    defs: dict[str, StdTerm] = {}
    for glossary in doctree.findall(addnodes.glossary):
        for item in glossary.findall(nodes.definition_list_item):
            definition = next(iter(item.findall(nodes.definition)), None)
            if definition is None:
                continue
            first = next(iter(definition.findall(nodes.paragraph)), None)
            text = _one_line((first or definition).astext())
            for term in item.findall(nodes.term):
                name = _one_line(term.astext())
                for node_id in term["ids"]:
                    defs[node_id] = StdTerm(name, text)
    refs = {
        node["reftarget"].lower()
        for node in doctree.findall(addnodes.pending_xref)
        if node.get("refdomain") == "std" and node.get("reftype") == "term"
    }
    domain = get_domain(env)
    if defs:
        domain.std_defs[docname] = defs
    if refs:
        domain.std_refs[docname] = refs


def outdated_std_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose ``:term:`` tooltips show text that changed since the last build.

    Sphinx rewrites only the glossary page when an entry changes; this ``env-get-updated``
    handler adds the pages linking to it, so no page keeps a stale tooltip.
    """
    if not get_config(app).tooltip_std_terms:
        return []
    domain = get_domain(env)
    by_name: dict[str, str] = {}
    for docname in sorted(domain.std_defs):
        for term in domain.std_defs[docname].values():
            by_name.setdefault(term.name.lower(), term.text)
    old = domain.std_digests
    new: dict[str, str] = {}
    for docname, targets in domain.std_refs.items():
        shown = repr(sorted((target, by_name.get(target)) for target in targets))
        new[docname] = hashlib.sha1(shown.encode(), usedforsecurity=False).hexdigest()
    domain.std_digests = new
    return sorted(
        docname for docname, digest in new.items() if old.get(docname, digest) != digest
    )


class StdTermIndex:
    """Per-process lookup from a resolved ``:term:`` link to its glossary entry."""

    def __init__(self, env: BuildEnvironment, max_chars: int) -> None:
        self.defs: dict[str, dict[str, StdTerm]] = get_domain(env).std_defs
        #: HTML id to the docnames defining it (almost always exactly one).
        self.by_id: dict[str, list[str]] = {}
        for docname in sorted(self.defs):
            for node_id in self.defs[docname]:
                self.by_id.setdefault(node_id, []).append(docname)
        self.max_chars = max_chars
        #: Each entry's tooltip record, made once however many links show it.
        self.records: dict[str, StdTerm | None] = {}

    def find(self, builder: Builder, fromdocname: str, node: Element) -> str | None:
        """The key (``docname#id``) of the entry a resolved reference points at, or ``None``."""
        found = linked_id(builder, fromdocname, node, self.by_id)
        return None if found is None else f"{found[0]}#{found[1]}"

    def record(self, key: str) -> StdTerm | None:
        """The entry of a key from :meth:`find`, with its text cut for the tooltip."""
        if key not in self.records:
            self.records[key] = self._cut_record(key)
        return self.records[key]

    def _cut_record(self, key: str) -> StdTerm | None:
        docname, _, node_id = key.partition("#")
        term = self.defs.get(docname, {}).get(node_id)
        if term is None:
            return None
        from sphinx_neuroterms.domain.records import StdTerm  # noqa: PLC0415
        from sphinx_neuroterms.terms.plain_text import cut_text  # noqa: PLC0415

        return StdTerm(term.name, cut_text(term.text, self.max_chars))


def std_term_index(builder: Builder) -> StdTermIndex:
    """The builder's :class:`StdTermIndex`, renewed for every build (``env-updated``)."""
    state = get_domain(builder.env).state
    max_chars = get_config(builder.env).tooltip_max_chars
    return per_build(
        builder, "_neuroterms_std", state, lambda: StdTermIndex(builder.env, max_chars)
    )


def entry_keys(builder: Builder) -> dict[str, dict[str, str]]:
    """Each term entry's HTML id to the docnames using it, each with its term's key."""
    state = get_domain(builder.env).state

    def make() -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {}
        for key, target in state.targets.items():
            found.setdefault(target.anchor, {})[target.docname] = key
        return found

    return per_build(builder, "_neuroterms_entries", state, make)


def linked_id(
    builder: Builder, fromdocname: str, node: Element, by_id: Mapping[str, Iterable[str]]
) -> tuple[str, str] | None:
    """The ``(docname, id)`` a resolved reference points at, among ids known to ``by_id``.

    ``by_id`` maps an id to the documents that have it (ids are unique per document only): a
    ``refid`` link points into its own page (any page in singlehtml, which holds them all), a
    ``refuri`` link into the page whose URI it carries. ``None`` when it is not one of them.
    """
    if "refid" in node:
        node_id = node["refid"]
        docnames = list(by_id.get(node_id, ()))
        if builder.name != "singlehtml":
            docnames = [name for name in docnames if name == fromdocname]
    else:
        # rpartition: singlehtml's URIs hold two "#" (page#document-name#id).
        path, _, node_id = str(node.get("refuri", "")).rpartition("#")
        uris = per_build(builder, "_neuroterms_uris", get_domain(builder.env).state, dict)
        docnames = []
        for name in by_id.get(node_id, ()):
            pair = (fromdocname, name)
            if pair not in uris:
                uris[pair] = builder.get_relative_uri(fromdocname, name)
            if uris[pair] == path:
                docnames.append(name)
    return (docnames[0], node_id) if len(docnames) == 1 else None


class StdTermLinks(SphinxPostTransform):
    """Give resolved ``:term:`` links a tooltip (HTML builders only).

    A link to a term's entry (terms are ``std:term`` objects too) becomes an
    :class:`nterm_link`, like every other reference to a term; with
    ``neuroterms_tooltip_std_terms``, a link to a ``.. glossary::`` entry becomes an
    :class:`nterm_std_reference`. Priority 20: after Sphinx's ``ReferencesResolver`` (10)
    made the links.
    """

    default_priority = 20

    def is_supported(self) -> bool:
        """HTML builders, with tooltips."""
        return (
            builder_of(self).format == "html"
            and get_config(self.env).tooltips
            and project_in_use(self.env)
        )

    def run(self, **kwargs: Any) -> None:
        """Mark every ``:term:`` link of the document that reaches a term or an entry."""
        builder, docname = builder_of(self), self.env.docname
        entries = entry_keys(builder)
        index = std_term_index(builder) if get_config(self.env).tooltip_std_terms else None
        if not entries and not (index and index.defs):
            return
        # A ``:term:`` link is made from a cross-reference that reading recorded.
        if not may_hold(builder, self.document, docname, get_domain(self.env).xrefs):
            return
        from sphinx_neuroterms.domain.resolve import mark_term_link  # noqa: PLC0415

        for node in list(self.document.findall(nodes.reference)):
            if isinstance(node, (nterm_std_reference, nterm_link)) or not node.children:
                continue
            inner = node.children[0]
            if not (isinstance(inner, nodes.inline) and "std-term" in inner["classes"]):
                continue
            entry = linked_id(builder, docname, node, entries) if entries else None
            if entry is not None:
                node.replace_self(mark_term_link(node, entries[entry[1]][entry[0]], builder))
                continue
            key = index.find(builder, docname, node) if index and index.defs else None
            if key is not None:
                marked = nterm_std_reference(
                    node.rawsource, "", *node.children, **node.attributes
                )
                marked["nterm_std"] = key
                node.replace_self(marked)


def resolve_std_term(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: Element
) -> nodes.reference | None:
    """``missing-reference``: a Sphinx ``:term:`` that names a term by alias, plural or case.

    Exact names already resolve (terms are ``std:term`` objects too); this gives ``:term:``
    the matching of ``:nterm:``, so a migrated glossary keeps every link of its pages and
    docstrings.
    """
    if node.get("refdomain") != "std" or node.get("reftype") != "term":
        return None
    return get_domain(env).term_link(
        app.builder, node["refdoc"], node["reftarget"], contnode, local_only=True
    )


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
            # case is theirs, in both tables. A case variant of a name of ours (``AJAX``
            # beside ``Ajax``) is an object of its own, as in Sphinx's glossary, sharing the
            # lower-cased key.
            keys = (("objects", ("term", name)), ("terms", name.lower()))
            if any(key in tables[table] and (table, key) not in added for table, key in keys):
                continue
            for table, key in keys:
                if (table, key) not in added:
                    tables[table][key] = value
                    added[table, key] = value


def unregister_std_terms(env: BuildEnvironment, added: dict[tuple[str, Any], Any]) -> None:
    """Take out of the std domain what :func:`register_std_terms` put there."""
    std = env.get_domain("std").data
    for (table, key), value in added.items():
        if std.get(table, {}).get(key) == value:
            del std[table][key]
    added.clear()
