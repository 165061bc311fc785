"""Terms' identifiers as the output shows them: checked and expanded, as data and as an
entry's "Identifiers:" line.

Imported by the writers only when a term has identifiers, and it imports the prefix map
(:mod:`sphinx_neuroterms.terms.identifiers`) only then too, so a project without any never
loads either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.i18n import _

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.terms.identifiers import Identifier
    from sphinx_neuroterms.terms.model import Term


def checked_identifiers(env: BuildEnvironment, term: Term) -> tuple[Identifier, ...]:
    """The term's identifiers, each with its URL (``None`` for one that was warned about)."""
    if not term.identifiers:
        return ()
    from sphinx_neuroterms.terms.identifiers import prefix_map  # noqa: PLC0415 - lazy

    extra = get_config(env).identifier_prefixes
    return prefix_map(tuple(sorted(extra.items()))).identifiers(term)


def identifiers_data(env: BuildEnvironment, term: Term) -> list[dict[str, Any]]:
    """``[{"curie": "CHEBI:28790", "url": "http://…"}]`` for ``neuroterms.json`` and the
    report (``"url": null`` for an identifier that cannot be expanded)."""
    return [{"curie": found.curie, "url": found.url} for found in checked_identifiers(env, term)]


def identifiers_line(env: BuildEnvironment, term: Term) -> nodes.paragraph:
    """An entry's "Identifiers:" line: each identifier as a link to its URL, or as text when
    it has none (it was warned about)."""
    found = checked_identifiers(env, term)
    paragraph = nodes.paragraph("", _("Identifiers: "), classes=["nterm-identifiers"])
    for position, identifier in enumerate(found):
        if position:
            paragraph += nodes.Text(", ")
        if identifier.url is None:
            paragraph += nodes.Text(identifier.curie)
        else:
            paragraph += nodes.reference(
                identifier.curie,
                identifier.curie,
                refuri=identifier.url,
                classes=["nterm-identifier"],
            )
    return paragraph
