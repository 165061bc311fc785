"""Writing ``:nterm:`` references as HTML links, resolved while writing.

This is the hot path (one call per reference, see ``PERFORMANCE.md``): the visitor looks the
key up in dicts, takes the relative URI from a per-(page, page) cache and the ``title``
attribute from a per-term cache, and appends one string. Both caches live on the builder of
the process that writes (under ``-j`` each writer process has its own), never on ``env``.

The ``title`` attribute is the no-JavaScript tooltip: the term's definition as plain text,
cut to ``neuroterms_tooltip_max_chars``. Richer tooltips are later progressive enhancement.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.domain import DOMAIN_NAME, OBJECT_TYPE, get_domain, warn_unknown_term
from sphinx_neuroterms.model import plural_variants, term_key

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator

    from sphinx_neuroterms.domain import ProjectState, Target
    from sphinx_neuroterms.model import Term
    from sphinx_neuroterms.nodes import nterm_reference

#: The class of every term link (the second and third keep Sphinx themes' link styling).
LINK_CLASSES = "nterm reference internal"

# reST inline markup reduced to its text for tooltips: roles (keeping an explicit title),
# hyperlinks with embedded targets, emphasis, literals and interpreted text.
_ROLE = re.compile(r":[\w.+-]+(?::[\w.+-]+)?:`((?:[^`\\]|\\.)*)`")
_EXPLICIT = re.compile(r"^(.*?)\s*<[^<>]*>$", re.DOTALL)
_LINK = re.compile(r"`((?:[^`\\]|\\.)*)`__?")
_INLINE = re.compile(r"(\*\*|\*|``)(\S(?:.*?\S)?)\1")
_ESCAPE = re.compile(r"\\(.)")
_SPACE = re.compile(r"\s+")


def _role_text(match: re.Match[str]) -> str:
    content = match.group(1)
    explicit = _EXPLICIT.match(content)
    return explicit.group(1) if explicit else content


def plain_text(text: str, markup: str) -> str:
    """Term text as plain, single-line text (reST markup reduced to what a reader sees).

    >>> plain_text("Low :nterm:`the balance <Neurochemical Balance>` and **GABA** `tone`_.", "rst")
    'Low the balance and GABA tone.'
    """
    if markup == "rst":
        text = _ROLE.sub(_role_text, text)
        text = _LINK.sub(_role_text, text)
        text = _INLINE.sub(r"\2", text)
        text = _ESCAPE.sub(r"\1", text)
    return _SPACE.sub(" ", text).strip()


def tooltip_text(term: Term, max_chars: int) -> str:
    """The plain-text definition, cut at a word boundary to at most ``max_chars`` characters."""
    text = plain_text(term.definition, term.markup)
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


class ExternalTerm(NamedTuple):
    """A term found in an intersphinx inventory."""

    #: The absolute URL of its entry.
    uri: str
    #: The project that defines it.
    project: str


class LinkCache:
    """Per-process, per-build caches of everything a term link needs."""

    def __init__(self, builder: Builder, state: ProjectState) -> None:
        self.builder = builder
        self.state = state
        self.tooltips = get_config(builder.env).tooltips
        self.max_chars = get_config(builder.env).tooltip_max_chars
        #: (from docname, to docname) to the relative URI.
        self.uris: dict[tuple[str, str], str] = {}
        #: Term key to the escaped `` title="…"`` attribute (empty without tooltips).
        self.titles: dict[str, str] = {}
        self._external: dict[str, ExternalTerm] | None = None

    def href(self, fromdocname: str, target: Target) -> str:
        """The link to a target from a page, relative."""
        pair = (fromdocname, target.docname)
        uri = self.uris.get(pair)
        if uri is None:
            # singlehtml's URIs carry a ``#document-…`` fragment; the term's anchor replaces it.
            uri = self.builder.get_relative_uri(fromdocname, target.docname).partition("#")[0]
            self.uris[pair] = uri
        return f"{uri}#{target.anchor}"

    def title(self, term: Term) -> str:
        """The `` title="…"`` attribute for a term, built once per term."""
        attribute = self.titles.get(term.key)
        if attribute is None:
            attribute = ""
            if self.tooltips:
                attribute = f' title="{escape(tooltip_text(term, self.max_chars), quote=True)}"'
            self.titles[term.key] = attribute
        return attribute

    def external(self, key: str) -> ExternalTerm | None:
        """A term of another project, from the intersphinx inventories (if configured)."""
        if self._external is None:
            self._external = _external_terms(self.builder)
        for candidate in (key, *plural_variants(key)):
            found = self._external.get(candidate)
            if found is not None:
                return found
        return None


def _external_terms(builder: Builder) -> dict[str, ExternalTerm]:
    inventory = getattr(builder.env, "intersphinx_inventory", None) or {}
    found: dict[str, ExternalTerm] = {}
    for name, item in inventory.get(f"{DOMAIN_NAME}:{OBJECT_TYPE}", {}).items():
        # Sphinx >= 8.2 stores _InventoryItem objects, older versions plain tuples.
        uri = getattr(item, "uri", None) or item[2]
        project = getattr(item, "project_name", None) or item[0]
        found.setdefault(term_key(name), ExternalTerm(uri, project))
    return found


def link_cache(builder: Builder) -> LinkCache:
    """The builder's link cache, renewed whenever the project state is."""
    state = get_domain(builder.env).state
    cache: LinkCache | None = getattr(builder, "_neuroterms_links", None)
    if cache is None or cache.state is not state:
        cache = LinkCache(builder, state)
        builder._neuroterms_links = cache  # type: ignore[attr-defined]
    return cache


def reference_name(node: Element) -> str:
    """The name a reference asks for, for messages: its text, unless a title replaced it."""
    text = node.astext()
    return text if term_key(text) == node["key"] else node["key"]


def visit_nterm_reference(self: HTML5Translator, node: nterm_reference) -> None:
    """Write a reference as ``<a class="nterm reference internal" href=… title=…>``."""
    links = link_cache(self.builder)
    key = node["key"]
    text = self.encode(node.astext())
    term = links.state.lookup(key)
    if term is None:
        external = links.external(key)
        if external is not None:
            self.body.append(
                f'<a class="nterm reference external" href="{escape(external.uri)}">{text}</a>'
            )
        else:
            warn_unknown_term(node, reference_name(node), links.state.catalog)
            self.body.append(text)
        raise nodes.SkipNode
    target = links.state.targets.get(term.key)
    if target is None:
        # A known term that no glossary lists: nothing to link to, but the tooltip helps.
        self.body.append(f'<span class="nterm"{links.title(term)}>{text}</span>')
    else:
        href = links.href(self.builder.current_docname, target)
        self.body.append(
            f'<a class="{LINK_CLASSES}" href="{escape(href)}"{links.title(term)}>{text}</a>'
        )
    raise nodes.SkipNode


def depart_nterm_reference(self: HTML5Translator, node: nterm_reference) -> None:
    """Nothing: the visitor wrote the whole link."""
