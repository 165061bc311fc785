"""The term schema: every key a term file and a term may have, what each holds, its meaning.

The loaders check against it (:mod:`~.mapping`), the JSON Schema and the documentation's
table of keys are generated from it, and the exporter writes its keys in its order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

from sphinx_neuroterms.terms.model import Markup

#: How a field's value is read: one line of text (plain, or with inline markup), text that may
#: span paragraphs, a list of either, a mapping of section titles to text, a URL, or a boolean.
FieldKind = Literal[
    "line", "markup_line", "text", "line_list", "text_list", "sections", "url", "flag"
]


class TermField(NamedTuple):
    """One key of a term mapping (or of a file's top-level mapping), for validation and docs."""

    #: The key as written in the file.
    key: str
    #: The expected type, as shown to users.
    type: str
    #: Whether an entry without it is skipped.
    required: bool
    #: What the key means (reStructuredText, one sentence or two).
    description: str
    #: How the loader reads the value.
    kind: FieldKind = "line"


#: Every key a term mapping may have, in the order the documentation lists them.
TERM_FIELDS: tuple[TermField, ...] = (
    TermField("term", "string", True, "The display name, e.g. ``Neurochemical Imbalance``."),
    TermField(
        "display",
        "string",
        False,
        "The name line as the glossary shows it, with inline markup in the file's markup "
        "(``:class:`~.Basic```); ``term`` stays the plain name (``Basic``) that references, "
        "tooltips and ``objects.inv`` use.",
        "markup_line",
    ),
    TermField("definition", "string", True, "The first paragraph; the tooltip shows it.", "text"),
    TermField(
        "aliases", "list of strings", False, "Other names that resolve to this term.", "line_list"
    ),
    TermField(
        "sections",
        "mapping title → text, in order",
        False,
        "Titled sections after the definition, e.g. ``Origin``, ``Mechanism``, any others.",
        "sections",
    ),
    TermField(
        "origin",
        "string",
        False,
        "Shorthand for an ``Origin`` section (placed before the explicit ``sections``).",
        "text",
    ),
    TermField(
        "mechanism",
        "string",
        False,
        "Shorthand for a ``Mechanism`` section (after ``Origin``, before the explicit "
        "``sections``).",
        "text",
    ),
    TermField(
        "see_also",
        "list of term names",
        False,
        "Related terms, rendered as links; unknown names are warned about.",
        "line_list",
    ),
    TermField(
        "notes",
        "list of strings",
        False,
        "Short related statements shown under the entry.",
        "text_list",
    ),
    TermField(
        "tags",
        "list of strings",
        False,
        "Categories; the glossary can filter and group by them.",
        "line_list",
    ),
    TermField(
        "avoid",
        "list of strings",
        False,
        "Names writers should not use; a page that uses one is warned (``neuroterms.avoid``), "
        "with this term as the name to use.",
        "line_list",
    ),
    TermField(
        "identifiers",
        "list of CURIEs",
        False,
        "The term's identifiers in other vocabularies, as compact URIs (``CHEBI:28790``, "
        "``UBERON:0001015``), shown as links.",
        "line_list",
    ),
    TermField(
        "autolink",
        "boolean",
        False,
        "``false`` keeps ``neuroterms_autolink`` from linking plain mentions of this term "
        "(a name that is also a common word); explicit references still link.",
        "flag",
    ),
    TermField(
        "source",
        "string (URL)",
        False,
        "Where the definition comes from, shown as a link; only ``http``, ``https`` or a "
        "relative URL is accepted.",
        "url",
    ),
)

#: The keys of :data:`TERM_FIELDS`.
TERM_KEYS: frozenset[str] = frozenset(field.key for field in TERM_FIELDS)

#: Shorthand keys and the section titles they stand for, in the order the sections are placed.
SECTION_SHORTHANDS: Mapping[str, str] = {"origin": "Origin", "mechanism": "Mechanism"}

#: The values of the file-level ``markup`` key (and of ``neuroterms_markup``).
MARKUP_VALUES: tuple[Markup, ...] = ("rst", "myst", "text")

#: The keys of a file's top-level mapping (the other top-level form is a bare list of terms).
FILE_FIELDS: tuple[TermField, ...] = (
    TermField("terms", "list of term mappings", True, "The terms of the file, in order."),
    TermField(
        "markup",
        '``"rst"``, ``"myst"`` or ``"text"``',
        False,
        "How the file's text is rendered: reStructuredText (the default), MyST Markdown, or "
        "``text`` for pages converted from plain text. ``neuroterms_markup = \"text\"`` "
        "overrides it.",
    ),
)

#: The keys of :data:`FILE_FIELDS`.
FILE_KEYS: frozenset[str] = frozenset(field.key for field in FILE_FIELDS)
