"""The ``:nterm:`` role: one lean node per reference (see ``PERFORMANCE.md``).

The node lives only while reading: :class:`~sphinx_neuroterms.transforms.CompactReferences`
merges it with the text around it into an :class:`~sphinx_neuroterms.nodes.nterm_text` run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from sphinx_neuroterms.domain import get_domain
from sphinx_neuroterms.model import term_key
from sphinx_neuroterms.nodes import nterm_reference
from sphinx_neuroterms.term_text import IN_TERM_TEXT

if TYPE_CHECKING:
    from docutils import nodes

#: The role's name: ``:nterm:`Neurochemical Balance``` (MyST: ``{nterm}`…```).
NTERM_ROLE = "nterm"


class NtermRole(SphinxRole):
    """Reference a term by name, alias or plural; ``title <Name>`` shows other text.

    The node holds only the normalised key; the link, its tooltip and the "unknown term"
    warning are produced when writing, from the project state.
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Create the reference node and note the reference for its document."""
        _, title, target = split_explicit_title(self.text)
        key = term_key(target)
        node = nterm_reference(self.rawtext, title, key=key)
        node.source, node.line = self.get_source_info()
        if not self.env.temp_data.get(IN_TERM_TEXT):  # a term's text is not the page's
            get_domain(self.env).note_reference(self.env.docname, key)
        return [node], []
