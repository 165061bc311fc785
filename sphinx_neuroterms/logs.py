"""Every warning of a build goes out here: typed ``neuroterms.<subtype>``, located at a line.

:class:`~sphinx_neuroterms.terms.diagnostics.Diagnostic` (Sphinx-free, shared with the command line)
says what and where; this module says it to Sphinx's logger. Sphinx takes a ``location``
string without a colon for a docname and prints ``path::`` for an empty line, so a file
location always carries a line here (a whole-file problem is shown at line 1).
"""

from __future__ import annotations

from os import path
from typing import TYPE_CHECKING

from docutils.utils import get_source_line
from sphinx.util import logging

from sphinx_neuroterms.terms.checks import did_you_mean
from sphinx_neuroterms.terms.diagnostics import WARNING_TYPE, Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.names import term_key

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_neuroterms.nodes import Span, nterm_text
    from sphinx_neuroterms.terms.catalog import TermCatalog
    from sphinx_neuroterms.terms.model import Location

logger = logging.getLogger("sphinx_neuroterms")


def sphinx_location(location: Location) -> str:
    """A :class:`Location` as Sphinx's ``location=`` expects it: ``path:line``."""
    return f"{location.path}:{location.line or 1}"


def warn(diagnostic: Diagnostic) -> None:
    """Emit a diagnostic as a typed, located Sphinx warning."""
    warn_at(diagnostic.subtype, diagnostic.message, sphinx_location(diagnostic.location))


def warn_at(subtype: WarningSubtype, message: str, location: Node | str) -> None:
    """Emit a warning at a node of a document or at ``path:line``."""
    logger.warning(
        "%s", message, type=WARNING_TYPE, subtype=subtype.value, location=location
    )


def warn_unknown_term(location: Node | str, name: str, catalog: TermCatalog) -> None:
    """The ``unknown`` warning for a reference to ``name``, at the reference's file and line.

    :param location: the reference's node, or ``source:line``.
    """
    message = f"unknown term {name!r}{did_you_mean(catalog, name)}"
    warn_at(WarningSubtype.UNKNOWN, message, location)


def reference_name(text: str, key: str) -> str:
    """The name a reference asks for, for messages: its text, unless a title replaced it."""
    return text if term_key(text) == key else key


def reference_location(run: nterm_text, span: Span) -> str | Node:
    """Where a reference of a run is, for a warning: ``source:line``."""
    source = get_source_line(run)[0]
    if source and span.line:
        # Spelled as Sphinx spells node locations (sphinx.util.logging.get_node_location).
        return f"{path.abspath(source)}:{span.line}"  # noqa: PTH100
    return run
