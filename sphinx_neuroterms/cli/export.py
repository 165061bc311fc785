"""Writing terms back out: the plain mapping of one term, and YAML and JSON documents of many.

The documents have the shape the structured loaders read (SPEC section 2), so
``load(dump(terms))`` gives the same terms back, apart from their locations. Nothing here
imports Sphinx.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import yaml

from sphinx_neuroterms.terms.model import Markup, Term

#: The order of keys in a written term mapping; empty values are left out.
WRITTEN_KEYS = (
    "term",
    "display",
    "definition",
    "aliases",
    "sections",
    "see_also",
    "notes",
    "tags",
    "avoid",
    "identifiers",
    "source",
    "autolink",
)

#: The key of a term's location, written only on request (no loader defines it).
LOCATION_KEY = "location"

#: Wide enough that PyYAML never folds a long line of prose.
YAML_WIDTH = 1_000_000

#: The term-file JSON Schema as the published docs serve it (the schema's ``$id``). A written
#: YAML file names it on its first line, for editors that use yaml-language-server.
SCHEMA_URL = "https://sphinx-neuroterms.readthedocs.io/en/stable/schema/neuroterms.schema.json"
YAML_SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_URL}\n"

#: Line breaks that YAML block scalars cannot carry verbatim (YAML 1.1 treats NEL, LS and PS
#: as line breaks, and CR would be normalised away), so such strings are written double-quoted.
_YAML_SPECIAL_BREAKS = frozenset("\r\x85\u2028\u2029")

#: Inline-markup characters of reStructuredText that plain text must escape.
_RST_INLINE_SPECIALS = re.compile(r"([\\*`|])")
#: ``_`` only matters where it could end a reference (``word_``) or start a target (``_word``).
_RST_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")
#: Line openings that reStructuredText reads as block structure: bullets, enumerators,
#: explicit markup, doctest blocks, field and option lists, quoted blocks.
_RST_BLOCK_START = re.compile(
    r"""^(?:
        [-+\u2022\u2023\u2043](?:\s|$)     # bullet list
      | (?:\d+|[a-zA-Z#]|[ivxlcdm]+|[IVXLCDM]+)[.)](?:\s|$)   # enumerated list
      | \(\w+\)(?:\s|$)                     # (1) enumerated list
      | \.\.(?:\s|$)                        # explicit markup
      | >>>                                 # doctest block
      | :                                   # field list
      | -{1,2}\w                            # option list
      | /\w                                 # DOS-style option list
    )""",
    re.VERBOSE,
)
#: A line made of one repeated punctuation character: a section title's underline or a
#: transition.
_RST_ADORNMENT = re.compile(r"""^([!-/:-@\[-`{-~])\1+\s*$""")


def term_to_mapping(term: Term, *, include_location: bool = False) -> dict[str, Any]:
    """The plain mapping of a term in the file format of SPEC section 2.

    Keys come in the order of :data:`WRITTEN_KEYS`; empty values are left out; ``sections`` is an
    ordered mapping of title to text. The markup is not part of a term mapping: a document
    states it once (see :func:`terms_to_document`).

    >>> from sphinx_neuroterms.terms.model import Location
    >>> term_to_mapping(Term("Synapse", "A junction.", Location("t.txt", 1), tags=("anatomy",)))
    {'term': 'Synapse', 'definition': 'A junction.', 'tags': ['anatomy']}

    :param include_location: also write ``location: {path, line}``. No loader defines that
        key, so reading such a file back warns about it.
    """
    mapping: dict[str, Any] = {"term": term.name}
    if term.display:
        mapping["display"] = term.display
    mapping["definition"] = term.definition
    if term.aliases:
        mapping["aliases"] = list(term.aliases)
    if term.sections:
        mapping["sections"] = dict(term.sections)
    if term.see_also:
        mapping["see_also"] = list(term.see_also)
    if term.notes:
        mapping["notes"] = list(term.notes)
    if term.tags:
        mapping["tags"] = list(term.tags)
    if term.avoid:
        mapping["avoid"] = list(term.avoid)
    if term.identifiers:
        mapping["identifiers"] = list(term.identifiers)
    if term.source:
        mapping["source"] = term.source
    if not term.autolink:
        mapping["autolink"] = False
    if include_location:
        mapping[LOCATION_KEY] = {"path": term.location.path, "line": term.location.line}
    return mapping


class MixedMarkupError(ValueError):
    """MyST terms among reST or plain-text ones: a document has one markup, and nothing
    converts MyST to another, so written together the MyST text would be shown literally."""


#: How messages name each markup.
_MARKUP_NAMES: dict[Markup, str] = {
    "myst": "MyST",
    "rst": "reStructuredText",
    "text": "plain-text",
}


def document_markup(terms: Iterable[Term]) -> Markup:
    """The markup a document of ``terms`` is written in: ``"text"`` or ``"myst"`` only if every
    term is, else ``"rst"`` (plain text is escaped as reST, see :func:`plain_text_to_rst`).

    :raises MixedMarkupError: MyST terms are among others; the message names their files.
    """
    files: dict[Markup, list[str]] = {}
    for term in terms:
        paths = files.setdefault(term.markup, [])
        if term.location.path not in paths:
            paths.append(term.location.path)
    if "myst" in files and len(files) > 1:
        others = " and ".join(
            f"{_MARKUP_NAMES[markup]} terms ({', '.join(paths)})"
            for markup, paths in files.items()
            if markup != "myst"
        )
        raise MixedMarkupError(
            f"MyST terms ({', '.join(files['myst'])}) cannot be written with {others}: a term "
            "file has one markup, and MyST is not converted to another; write the MyST files "
            "to a document of their own"
        )
    markups = set(files)
    return markups.pop() if len(markups) == 1 and markups <= {"text", "myst"} else "rst"


def plain_text_to_rst(text: str) -> str:
    """Escape plain text so that reStructuredText renders exactly that text.

    Used when plain-text terms share a document with reStructuredText ones, because a
    document has one markup. Only what reST would misread is escaped: inline-markup
    characters, reference underscores, and line openings that start block structure.

    >>> plain_text_to_rst("use *args, my_var_ and `x`")
    'use \\\\*args, my_var\\\\_ and \\\\`x\\\\`'
    """
    lines = []
    for line in text.split("\n"):
        escaped = _RST_UNDERSCORE.sub(r"\\_", _RST_INLINE_SPECIALS.sub(r"\\\1", line))
        stripped = escaped.lstrip()
        indent = escaped[: len(escaped) - len(stripped)]
        if _RST_BLOCK_START.match(stripped) or _RST_ADORNMENT.match(stripped):
            stripped = "\\" + stripped
        # A paragraph ending in "::" announces a literal block; an escaped colon does not.
        if stripped.endswith("::"):
            stripped = stripped[:-2] + "\\::"
        lines.append(indent + stripped)
    return "\n".join(lines)


def _as_rst(term: Term) -> Term:
    """``term`` with every text field converted from plain text to reST (names stay as they are;
    MyST text is left as written: nothing converts it)."""
    if term.markup != "text":
        return term
    return replace(
        term,
        definition=plain_text_to_rst(term.definition),
        sections=tuple((title, plain_text_to_rst(text)) for title, text in term.sections),
        notes=tuple(plain_text_to_rst(note) for note in term.notes),
        markup="rst",
    )


def terms_to_document(
    terms: Sequence[Term], markup: Markup | None = None, *, include_location: bool = False
) -> dict[str, Any]:
    """The data of a term file: ``{"markup": "text", "terms": [...]}`` or ``{"terms": [...]}``.

    :param markup: the document's markup; by default that of :func:`document_markup`, which
        refuses MyST among other markups. In a reST document, plain-text terms are escaped with
        :func:`plain_text_to_rst` so they still render as the same text; a ``"text"`` document
        writes reST terms' source as it is.
    :param include_location: write each term's location (see :func:`term_to_mapping`).
    """
    markup = markup or document_markup(terms)
    if markup == "rst":
        terms = [_as_rst(term) for term in terms]
    document: dict[str, Any] = {"markup": markup} if markup != "rst" else {}
    document["terms"] = [term_to_mapping(term, include_location=include_location) for term in terms]
    return document


class _TermDumper(yaml.SafeDumper):
    """A safe dumper that writes multi-line text as ``|`` block scalars, readable in review."""


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style: str | None = None
    if _YAML_SPECIAL_BREAKS & set(text):
        style = '"'
    elif "\n" in text:
        # PyYAML itself falls back to quoting where a block scalar cannot hold the text
        # (trailing spaces, tabs), so asking for "|" is always safe.
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_TermDumper.add_representer(str, _represent_str)


def dump_yaml(
    terms: Sequence[Term], markup: Markup | None = None, *, include_location: bool = False
) -> str:
    """Write terms as a YAML term file (see :func:`terms_to_document` for the parameters).

    Strings YAML would read as something else (``no``, ``1.0``, ``null``, ``*x``, ``a: b``)
    are quoted by the safe dumper's resolver; multi-line text becomes a ``|`` block.
    """
    document = terms_to_document(terms, markup, include_location=include_location)
    text: str = yaml.dump(
        document,
        Dumper=_TermDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=YAML_WIDTH,
    )
    return YAML_SCHEMA_LINE + text


def dump_json(
    terms: Sequence[Term], markup: Markup | None = None, *, include_location: bool = False
) -> str:
    """Write terms as a JSON term file, indented by 2, non-ASCII kept, ending with a newline.

    The shape is that of :func:`dump_yaml` (see :func:`terms_to_document` for the parameters).
    """
    document = terms_to_document(terms, markup, include_location=include_location)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
