"""One way to resolve a reference to a term, for every form and every builder.

A reference (``:nterm:``, ``:nterm:term:``, ``:any:``, MyST's ``{nterm}``, an intersphinx
``:external+p:nterm:term:``) names a term by name, alias or plural, in any case. It resolves
to a term of this project (and its entry, if a glossary lists it), else to a term of another
project (``neuroterms_external``'s ``neuroterms.json`` files, then the intersphinx
inventories), matched the same way, else to nothing.
:class:`Resolver` does that once per key and process; the HTML writer, the post-transform of
other builders and the domain all ask it, so no builder links what another warns about.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from sphinx.util.nodes import make_refnode

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.domain.build_cache import per_build
from sphinx_neuroterms.domain.external_index import ExternalIndex, ExternalTerm, external_index
from sphinx_neuroterms.i18n import _
from sphinx_neuroterms.nodes import nterm_link
from sphinx_neuroterms.terms.names import split_section, term_key
from sphinx_neuroterms.terms.plain_text import cut_text, tooltip_text

if TYPE_CHECKING:

    from docutils.nodes import Element
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.domain.records import ProjectState, Target
    from sphinx_neuroterms.terms.model import Term

#: The inventory type of terms: ``nterm:term`` (the domain's name and object type).
INVENTORY_TYPE = "nterm:term"


def intersphinx_index(env: BuildEnvironment) -> ExternalIndex:
    """The terms of the intersphinx inventories, overall and per inventory."""
    index = ExternalIndex()
    main = getattr(env, "intersphinx_inventory", None) or {}
    index.all = _index(main.get(INVENTORY_TYPE, {}))
    named = getattr(env, "intersphinx_named_inventory", None) or {}
    for inventory_name, inventory in named.items():
        index.named[term_key(inventory_name)] = _index(inventory.get(INVENTORY_TYPE, {}))
    return index


#: The role of a reference written ``:role:`text``` or ```text`:role:``.
_ROLE = re.compile(r"^:(?P<before>[^`]+?):`|`:(?P<after>[^`]+?):$")


def names_another_project(rawtext: str, config: Config) -> bool:
    """Whether a reference is intersphinx's ``:external+name:…:`` (or ``:external:…:``) to
    another project, from its raw text.

    Intersphinx's role calls the domain's role with its own raw text, and marks the nodes as
    its own only after that returns. A reference to the project itself
    (``intersphinx_resolve_self``) is local.
    """
    found = _ROLE.search(rawtext)
    role = "" if found is None else (found["before"] or found["after"]).partition(":")[0]
    if role != "external" and not role.startswith("external+"):
        return False
    # Read only for intersphinx's role: without intersphinx the setting does not exist.
    own_name = getattr(config, "intersphinx_resolve_self", "")
    return not (own_name and role.partition("+")[2] == own_name)


def _index(items: dict[str, object]) -> dict[str, ExternalTerm]:
    found: dict[str, ExternalTerm] = {}
    for name, item in items.items():
        # Sphinx >= 8.2 stores _InventoryItem objects, older versions plain tuples.
        uri = getattr(item, "uri", None) or item[2]  # type: ignore[index]
        project = getattr(item, "project_name", None) or item[0]  # type: ignore[index]
        found.setdefault(term_key(name), ExternalTerm(name, uri, project))
    return found


class Resolution(NamedTuple):
    """What a reference resolves to: a local term (with its entry, if any) or an external one."""

    term: Term | None
    target: Target | None
    external: ExternalTerm | None


#: A reference that names nothing known.
UNKNOWN = Resolution(None, None, None)


class Resolver:
    """Resolves normalised keys for one process and project state (see :func:`resolver`)."""

    def __init__(self, env: BuildEnvironment, state: ProjectState) -> None:
        self.env = env
        self.state = state
        self._intersphinx: ExternalIndex | None = None
        self._shared: ExternalIndex | None = None
        settings = get_config(env)
        self._titles_on, self._max_chars = settings.tooltips, settings.tooltip_max_chars
        self._titles: dict[str, str | None] = {}
        self._resolved: dict[str, Resolution] = {}

    def link_title(self, term: Term) -> str | None:
        """A link's ``title`` for a term: its definition as plain text, cut; ``None`` when
        ``neuroterms_tooltips`` is off (made once per term and process)."""
        if term.key not in self._titles:
            shown = self._titles_on
            self._titles[term.key] = self._tooltip(term) if shown else None
        return self._titles[term.key]

    def _tooltip(self, term: Term) -> str:
        """The definition as parsed in a page and seen by a reader; a term that no page
        shows was never parsed, and gets its definition with the markup taken out."""
        text = self.state.shown.get(term.key)
        if text is None:
            return tooltip_text(term, self._max_chars)
        return cut_text(text, self._max_chars)

    def external_title(self, external: ExternalTerm) -> str | None:
        """A link's ``title`` for another project's term: its definition, cut; ``None`` when
        tooltips are off or the term came without one (intersphinx inventories)."""
        if not self._titles_on or not external.definition:
            return None
        return cut_text(external.definition, self._max_chars)

    @property
    def intersphinx(self) -> ExternalIndex:
        """The intersphinx terms, indexed on first use (most projects never need them)."""
        if self._intersphinx is None:
            self._intersphinx = intersphinx_index(self.env)
        return self._intersphinx

    @property
    def shared(self) -> ExternalIndex:
        """The terms of ``neuroterms_external``, indexed on first use."""
        if self._shared is None:
            self._shared = external_index(self.env)
        return self._shared

    def resolve(self, key: str, inventory: str | None = None) -> Resolution:
        """A local term first (unless ``inventory`` names an intersphinx inventory), then
        a term of ``neuroterms_external`` (``project:name`` asks one project), then one of
        the intersphinx inventories.

        :param key: the normalised name the reference asks for.
        :param inventory: the intersphinx inventory an ``:external+name:`` reference names.
        """
        if inventory is None:
            # Asked once per reference (the HTML writer's hot path), answered once per key.
            found = self._resolved.get(key)
            if found is None:
                found = self._resolved[key] = self._resolve(key, None)
            return found
        return self._resolve(key, inventory)

    def _resolve(self, key: str, inventory: str | None) -> Resolution:
        if inventory is not None:
            return self._found(self.intersphinx.find(key, inventory))
        term = self.state.lookup(key)
        if term is not None:
            return Resolution(term, self.state.targets.get(term.key), None)
        project, colon, name = key.partition(":")
        if colon and project.strip() in self.shared.named:  # ``name:term``: that project's
            return self._found(self.shared.find(name.strip(), project.strip()))
        return self._found(self.shared.find(key) or self.intersphinx.find(key))

    @staticmethod
    def _found(external: ExternalTerm | None) -> Resolution:
        return UNKNOWN if external is None else Resolution(None, None, external)


def resolver(builder: Builder, state: ProjectState) -> Resolver:
    """The builder's :class:`Resolver` for the current project state."""
    return per_build(builder, "_neuroterms_resolver", state, lambda: Resolver(builder.env, state))


def entry_link(
    builder: Builder, fromdocname: str, where: Target, anchor: str, contnode: Element,
    *, title: str | None,
) -> nodes.reference:
    """A link from page ``fromdocname`` to the id ``anchor`` (an entry or one of its sections)
    of page ``where.docname``: :func:`~sphinx.util.nodes.make_refnode`, with one fragment
    where every page is part of one file.

    singlehtml's page URIs are fragments (``#document-glossary``), to which ``make_refnode``
    adds the id: ``#document-glossary#nterm-serotonin``, which no browser follows. The id
    replaces the page's fragment, as in the HTML writer's links (Sphinx 9 no longer does so
    itself: sphinx-doc/sphinx#14221).
    """
    refnode = make_refnode(builder, fromdocname, where.docname, anchor, contnode, title)
    if "refuri" in refnode:
        refnode["refuri"] = f"{refnode['refuri'].partition('#')[0]}#{anchor}"
    return refnode


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


def section_link(  # noqa: PLR0917 - the resolver's arguments, as the domain gets them
    builder: Builder, state: ProjectState, fromdocname: str, target: str, node: Element,
    contnode: Element,
) -> nodes.reference | None:
    """A link to a section of a term's entry (``Name#Section``), titled "Name: Section"
    unless the reference gives a title."""
    found = find_section(state, target)
    if found is None:
        return None
    term, title, where = found
    if not node.get("refexplicit"):
        text = f"{term.name}: {title}"
        contnode = nodes.inline(text, text)
    names = resolver(builder, state)
    section_id = state.section_id(term.key, title) or where.anchor
    refnode = entry_link(
        builder, fromdocname, where, section_id, contnode, title=names.link_title(term)
    )
    return mark_term_link(refnode, term.key, builder)


def find_section(state: ProjectState, target: str) -> tuple[Term, str, Target] | None:
    """The term, section title and entry of a ``Name#Section`` target."""
    name, section = split_section(target) or (target, "")
    term = state.catalog.lookup(name)
    where = None if term is None else state.targets.get(term.key)
    if term is None or where is None:
        return None
    title = next((t for t, _text in term.sections if term_key(t) == term_key(section)), None)
    return None if title is None else (term, title, where)
