"""The ``:nterm:`` role: one lean node per reference (see ``PERFORMANCE.md``).

The node lives only while reading: :class:`~sphinx_neuroterms.reading.compaction.CompactReferences`
merges it with the text around it into an :class:`~sphinx_neuroterms.nodes.nterm_text` run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.domain.nterm_domain import (
    DOMAIN_NAME,
    IN_TERM_TEXT,
    SECTION_TYPE,
    get_domain,
)
from sphinx_neuroterms.nodes import nterm_reference
from sphinx_neuroterms.terms.names import split_section, term_key

if TYPE_CHECKING:
    from docutils.nodes import Node

#: The role's name: ``:nterm:`Neurochemical Balance``` (MyST: ``{nterm}`…```).
NTERM_ROLE = "nterm"


class NtermRole(SphinxRole):
    """Reference a term by name, alias or plural; ``title <Name>`` shows other text;
    ``Name#Section`` links to one section of the term's entry (a whole name with ``#``,
    ``C#``, wins); ``project:Name`` a term of a
    project of ``neuroterms_external``.

    The node holds only the normalised key; the link, its tooltip and the "unknown term"
    warning are produced when writing, from the project state.
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Create the reference node and note the reference for its document."""
        explicit, title, target = split_explicit_title(self.text)
        project, colon, project_term = target.partition(":")
        if colon and not explicit and project.strip() in get_config(self.env).external:
            title = project_term.strip()  # ``name:term`` shows the term, not the project
        domain, key = get_domain(self.env), term_key(target)
        if not self.env.temp_data.get(IN_TERM_TEXT):  # a term's text is not the page's
            domain.note_reference(self.env.docname, key)
        # ``C#`` names a term; ``Serotonin#Origin`` may be a section. Which, only the terms
        # of every page tell (a term file's ``C#`` is known now: it stays lean).
        split = split_section(target)
        if split is not None and domain.file_catalog.lookup(target) is None:
            return [self.section_reference(explicit, title, target, split)], []
        node = nterm_reference(self.rawtext, title, key=key)
        node.source, node.line = self.get_source_info()
        return [node], []

    def section_reference(
        self, explicit: bool, title: str, target: str, split: tuple[str, str]
    ) -> Node:
        """``Name#Section``, or a name with ``#`` of a term no file has: a cross-reference
        that Sphinx resolves (rare, so not lean). Its text is "Name: Section" unless a title
        is given, or the whole text names a term."""
        if not explicit:  # the resolver puts the names as the term spells them
            title = f"{split[0]}: {split[1]}"
        node = addnodes.pending_xref(
            self.rawtext, nodes.inline(title, title), refdomain=DOMAIN_NAME,
            reftype=SECTION_TYPE, reftarget=target, refexplicit=explicit, refwarn=True,
            refdoc=self.env.docname,
        )
        self.set_source_info(node)
        return node
