"""Writing terms as a termbase: TBX-Basic (TBX v3, ISO 30042:2019), ``--format tbx``.

One ``conceptEntry`` per term, in the data-category-as-attribute style (``style="dca"``) the
TBX-Basic dialect uses. The comments cite the rules of the dialect's definition ("TBX-Basic
Definition", LTAC Global) and of its schemas (``TBXcoreStructV03_TBX-Basic_integrated.rng``
for the structure, ``TBX-Basic_DCA.sch`` for the level of each data category):

========================  ===================================================================
term                      TBX
========================  ===================================================================
name                      ``termSec`` whose ``administrativeStatus`` is ``preferredTerm``
aliases                   ``termSec`` … ``admittedTerm-admn-sts``
avoid                     ``termSec`` … ``deprecatedTerm-admn-sts``
definition, source        ``descripGrp`` of ``descrip type="definition"`` and
                          ``admin type="source"`` in the ``langSec``
notes                     ``note`` in the ``langSec``
sections                  ``note`` in the ``conceptEntry``, as ``Title: text``
tags                      ``descrip type="subjectField"`` in the ``conceptEntry``
see_also                  ``ref type="crossReference"`` in the ``conceptEntry``, ``target``
                          the other concept's id when it is in the file
identifiers               ``xref type="externalCrossReference"`` in the ``conceptEntry``:
                          the CURIE as text, its URL as ``target``
========================  ===================================================================

Text is written as plain text (TBX text holds no reST or MyST): inline markup is reduced as
tooltips reduce it, paragraphs stay apart. ``display`` and ``autolink`` have no TBX data
category and are not written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from sphinx_neuroterms import __version__
from sphinx_neuroterms.cli.export_common import (
    ExportError,
    checked_identifier,
    concept_slugs,
    name_index,
    plain_paragraphs,
)
from sphinx_neuroterms.terms.model import Term
from sphinx_neuroterms.terms.names import term_key

#: The namespace of TBX v3 (ISO 30042:2019, 2nd edition), section 7 of the standard.
TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
#: ``xml:lang`` as ElementTree names it.
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The TBX-Basic values of ``termNote type="administrativeStatus"`` used here (module "Min").
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
#: Where an identifier without a known prefix points: a resolver of every registered CURIE
#: prefix. ``xref`` needs an ``http(s)`` target (the RNG's ``target`` pattern ``https?://.+``).
CURIE_RESOLVER = "https://bioregistry.io/"
#: The prefix of concept ids (an XML ``ID``: an NCName, so it starts with a letter).
ID_PREFIX = "c-"
#: Characters XML 1.0 cannot hold at all (section 2.2 of XML 1.0, ``Char``).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")



def dump_tbx(
    terms: Sequence[Term],
    *,
    include_location: bool = False,
    language: str = "en",
    prefixes: Mapping[str, str] | None = None,
) -> str:
    """Write terms as a TBX-Basic termbase in ``language`` (raises :class:`ExportError`).

    :param prefixes: CURIE prefix → URL start, for the identifiers' ``xref`` targets.
    """
    if include_location:
        raise ExportError("a termbase has no place for term locations (--with-location)")
    if not terms:
        # TBX core structure: ``body`` holds one or more ``conceptEntry``.
        raise ExportError("a TBX termbase holds at least one concept; there are no terms")
    # TBX core structure: ``tbx`` has ``type`` (the dialect), ``style`` and ``xml:lang``
    # (the source language of the file), and holds ``tbxHeader`` then ``text``.
    root = ET.Element(
        "tbx",
        {"type": "TBX-Basic", "style": "dca", XML_LANG: language, "xmlns": TBX_NAMESPACE},
    )
    header = ET.SubElement(ET.SubElement(root, "tbxHeader"), "fileDesc")
    # ``fileDesc`` holds one or more ``sourceDesc``, each of one or more ``p``.
    source = ET.SubElement(ET.SubElement(header, "sourceDesc"), "p")
    source.text = f"Written by sphinx-neuroterms {__version__} from {len(terms)} terms."
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    slugs = concept_slugs(terms)
    names = name_index(terms)
    for term in terms:
        body.append(_concept(term, language, slugs, names, prefixes))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _concept(
    term: Term,
    language: str,
    slugs: dict[str, str],
    names: dict[str, Term],
    prefixes: Mapping[str, str] | None,
) -> ET.Element:
    concept = ET.Element("conceptEntry", {"id": ID_PREFIX + slugs[term.key]})
    # Auxiliary information comes before the language sections (the RNG's
    # conceptEntry.content: entity.auxInfo, then langSec).
    for tag in term.tags:
        # subjectField: conceptEntry level only (TBX-Basic_DCA.sch, module.basic.descrip).
        _text_child(concept, "descrip", _checked(term, "tags", tag), type="subjectField")
    for identifier in term.identifiers:
        # externalCrossReference: conceptEntry or termSec level (module.basic.xref); the
        # target is an http(s) URI (xref.localattributes), the text says what it is.
        # TBX-Basic needs a target: one the map does not know goes to the Bioregistry's
        # resolver, which knows more prefixes than the shipped map.
        target = checked_identifier(identifier, prefixes).url or CURIE_RESOLVER + identifier
        _text_child(
            concept, "xref", _checked(term, "identifiers", identifier),
            type="externalCrossReference", target=target,
        )  # fmt: skip
    for name in term.see_also:
        # crossReference: conceptEntry or termSec level (module.basic.ref); the target is an
        # IDREF, so it is given only for a concept of this file.
        other = names.get(term_key(name))
        attributes = {"type": "crossReference"}
        if other is not None:
            attributes["target"] = ID_PREFIX + slugs[other.key]
        _text_child(concept, "ref", _checked(term, "see_also", name), **attributes)
    for title, text in term.sections:
        # note: any level (TBX core); sections have no data category of their own.
        if ":" in title:
            raise ExportError(
                f"term {term.name!r}: the section title {title!r} holds a ':', so its note "
                f"('Title: text') could not be read back as that section"
            )
        note = f"{title}: {plain_paragraphs(text, term.markup)}"
        _text_child(concept, "note", _checked(term, f"section {title!r}", note))
    lang_section = ET.SubElement(concept, "langSec", {XML_LANG: language})
    definition = _checked(term, "definition", plain_paragraphs(term.definition, term.markup))
    if term.source:
        # definition: conceptEntry or langSec level; source: in a descripGrp with what it
        # is the source of (module.basic.descrip, module.basic.admin).
        group = ET.SubElement(lang_section, "descripGrp")
        _text_child(group, "descrip", definition, type="definition")
        _text_child(group, "admin", _checked(term, "source", term.source), type="source")
    else:
        _text_child(lang_section, "descrip", definition, type="definition")
    for note in term.notes:
        _text_child(
            lang_section, "note", _checked(term, "notes", plain_paragraphs(note, term.markup))
        )
    # A langSec holds one or more termSec, after its auxiliary information (langSec.content);
    # administrativeStatus is a termNote, termSec level only (module.min.termNote).
    _term_section(lang_section, _checked(term, "term", term.name), PREFERRED)
    for alias in term.aliases:
        _term_section(lang_section, _checked(term, "aliases", alias), ADMITTED)
    for name in term.avoid:
        _term_section(lang_section, _checked(term, "avoid", name), DEPRECATED)
    return concept


def _term_section(parent: ET.Element, name: str, status: str) -> None:
    section = ET.SubElement(parent, "termSec")
    _text_child(section, "term", name)
    _text_child(section, "termNote", status, type="administrativeStatus")


def _text_child(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attributes)
    child.text = text
    return child


def _checked(term: Term, key: str, text: str) -> str:
    """``text``, unless XML cannot hold one of its characters (:class:`ExportError`)."""
    bad = _NOT_XML.search(text)
    if bad is not None:
        raise ExportError(
            f"term {term.name!r}: {key} holds the character U+{ord(bad.group()):04X}, which "
            f"XML cannot hold"
        )
    return text
