"""Termbases (``.tbx``, TBX v3 / ISO 30042:2019, TBX-Basic or any dialect in DCA style).

Each ``conceptEntry`` becomes the mapping a YAML entry would parse to, with the line of each
element recorded, and goes through the same schema check
(:func:`~sphinx_neuroterms.loaders.mapping.mapping_to_term`), so problems read as they do for
YAML, at the element's line. Only the language section of the file's source language (the
``xml:lang`` of ``tbx``; else the first one) is read:

- the ``preferredTerm-admn-sts`` term is the name (else the first term), other terms are
  aliases, ``deprecatedTerm-admn-sts`` and ``supersededTerm-admn-sts`` ones are names to
  avoid;
- ``descrip type="definition"`` (language section, else concept) is the definition, an
  ``admin type="source"`` beside it or in the concept its source;
- ``note`` in the language section are notes; ``note`` in the concept are sections when they
  read ``Title: text`` (as :mod:`~sphinx_neuroterms.cli.export_tbx` writes them), else notes;
- ``descrip type="subjectField"`` are tags, ``ref type="crossReference"`` see-also names,
  ``xref type="externalCrossReference"`` identifiers (the CURIE text, else the URL).

Other data categories (part of speech, context, transactions …) are passed over. TBX text is
plain text: the terms' markup is ``text``, whatever the options say (as for ``.txt`` pages).

The file is untrusted XML: it is parsed with :mod:`defusedxml`, which refuses document type
declarations (so no entity can expand and no external file is read).
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from sphinx_neuroterms.loaders import LoaderOptions, LoadResult
from sphinx_neuroterms.loaders.lines import LineIndex
from sphinx_neuroterms.loaders.mapping import mapping_to_term
from sphinx_neuroterms.loaders.parsing import failed, with_diagnostics
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location, Markup, Term

#: The namespaces of TBX v3 that are read: the standard's, and the later one of the TBX-Basic
#: dialect's schemas.
TBX_NAMESPACES = ("urn:iso:std:iso:30042:ed-2", "urn:iso:std:iso:30042:ed:3.0")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_AVOID_STATUSES = frozenset({"deprecatedTerm-admn-sts", "supersededTerm-admn-sts"})
_PREFERRED = "preferredTerm-admn-sts"
#: A concept-level note written for a section: a one-line title, ": ", the text.
_SECTION_NOTE = re.compile(r"([^:\n]+): (.+)", re.DOTALL)
_CURIE = re.compile(r"[A-Za-z][\w.\-]*:[^\s/][^\s]*")


class _LineBuilder(TreeBuilder):
    """A tree builder that notes the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[int, int] = {}
        self._kept: list[Element] = []

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
            self._kept.append(element)  # keeps ids unique while the lines are in use
        return element


def load_tbx(text: str, display_path: str, options: LoaderOptions) -> LoadResult:
    """Load a TBX termbase (see the module's description)."""
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(text)
        root: Element = parser.close()
    except ParseError as error:
        line, column = error.position
        return failed(display_path, f"invalid XML: {error.msg} (column {column + 1})", line, [])
    except DefusedXmlException as error:
        line = parser.parser.CurrentLineNumber
        message = (
            f"the termbase declares a document type or entities ({type(error).__name__}); "
            f"they are refused in untrusted XML, so nothing is loaded"
        )
        return failed(display_path, message, line, [])
    return _TbxReader(builder.lines, display_path).read(root)


class _TbxReader:
    def __init__(self, lines: dict[int, int], path: str) -> None:
        self.element_lines = lines
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.namespace = ""
        self.ids: dict[str, Element] = {}

    def line(self, element: Element) -> int | None:
        return self.element_lines.get(id(element))

    def tag(self, name: str) -> str:
        return f"{{{self.namespace}}}{name}" if self.namespace else name

    def read(self, root: Element) -> LoadResult:
        namespace, _, local = (
            root.tag[1:].rpartition("}") if root.tag.startswith("{") else ("", "", root.tag)
        )
        if local != "tbx" or (namespace and namespace not in TBX_NAMESPACES):
            message = (
                f"the root element is {local!r}"
                f"{f' in {namespace!r}' if namespace else ''}, not a TBX v3 'tbx' element "
                f"(namespace {TBX_NAMESPACES[0]!r}); nothing is loaded"
            )
            return failed(self.path, message, self.line(root), [])
        self.namespace = namespace
        language = root.get(_XML_LANG, "")
        body = root.find(f"{self.tag('text')}/{self.tag('body')}")
        if body is None:
            return failed(
                self.path,
                "the termbase has no <text><body>; nothing is loaded",
                self.line(root),
                [],
            )
        concepts = body.findall(self.tag("conceptEntry"))
        for concept in concepts:
            if concept.get("id"):
                self.ids[concept.get("id", "")] = concept
        terms: list[Term] = []
        markup: Markup = "text"  # TBX text is plain text, whatever the options say
        for concept in concepts:
            index = LineIndex()
            entry = self._entry(concept, language, index)
            if entry is None:
                continue
            term = mapping_to_term(entry, index, self.path, markup, self.diagnostics)
            if term is not None:
                terms.append(term)
        return with_diagnostics(LoadResult(terms, []), self.diagnostics)

    def _language_section(self, concept: Element, language: str) -> Element | None:
        sections = concept.findall(self.tag("langSec"))
        for section in sections:
            if section.get(_XML_LANG, "").lower() == language.lower():
                return section
        return sections[0] if sections else None

    def _entry(self, concept: Element, language: str, index: LineIndex) -> dict[str, Any] | None:
        entry: dict[str, Any] = {}
        keys: dict[str, int] = {}
        lists: dict[str, tuple[list[str], list[int]]] = {}
        sections: dict[str, str] = {}
        section_lines: dict[str, int] = {}

        def add(key: str, text: str | None, element: Element) -> None:
            line = self.line(element) or 0
            if key in ("term", "definition", "source"):
                if key not in entry:
                    entry[key] = text or ""
                    keys[key] = line
                return
            items, item_lines = lists.setdefault(key, ([], []))
            keys.setdefault(key, line)
            items.append(text or "")
            item_lines.append(line)

        section = self._language_section(concept, language)
        if section is None:
            where = Location(self.path, self.line(concept))
            message = "a conceptEntry has no langSec (no terms); it is skipped"
            self.diagnostics.append(Diagnostic(WarningSubtype.INVALID_TERM, message, where))
            return None
        self._term_sections(section, add)
        for element in (*self._definitions(section), *self._definitions(concept)):
            add(element[0], element[1], element[2])
        for note in section.findall(self.tag("note")):
            add("notes", _text(note), note)
        for child in concept:
            kind = child.get("type")
            if child.tag == self.tag("descrip") and kind == "subjectField":
                add("tags", _text(child), child)
            elif child.tag == self.tag("ref") and kind == "crossReference":
                add("see_also", self._reference_name(child), child)
            elif child.tag == self.tag("xref") and kind == "externalCrossReference":
                add("identifiers", _identifier(child), child)
            elif child.tag == self.tag("note"):
                said = _text(child)
                match = _SECTION_NOTE.fullmatch(said)
                if match and match.group(1).strip() not in sections:
                    sections[match.group(1).strip()] = match.group(2)
                    section_lines[match.group(1).strip()] = self.line(child) or 0
                else:
                    add("notes", said, child)
        for key, (items, item_lines) in lists.items():
            entry[key] = items
            index.add_sequence(items, keys[key], item_lines)
        if sections:
            entry["sections"] = sections
            keys["sections"] = min(section_lines.values())
            index.add_mapping(sections, keys["sections"], section_lines)
        index.add_mapping(entry, self.line(concept), keys)
        return entry

    def _term_sections(self, section: Element, add: Any) -> None:
        found: list[tuple[str, str, Element]] = []
        for term_section in section.findall(self.tag("termSec")):
            term = term_section.find(self.tag("term"))
            if term is None:
                continue
            status = ""
            for note in term_section.findall(self.tag("termNote")):
                if note.get("type") == "administrativeStatus":
                    status = _text(note)
            found.append((_text(term), status, term))
        preferred = next((item for item in found if item[1] == _PREFERRED), None)
        preferred = preferred or next((i for i in found if i[1] not in _AVOID_STATUSES), None)
        if preferred is not None:
            add("term", preferred[0], preferred[2])
        for item in found:
            if item is preferred:
                continue
            add("avoid" if item[1] in _AVOID_STATUSES else "aliases", item[0], item[2])

    def _definitions(self, parent: Element) -> list[tuple[str, str, Element]]:
        """``(key, text, element)`` of the definitions and sources directly in ``parent`` or
        in its ``descripGrp``/``adminGrp``."""
        found: list[tuple[str, str, Element]] = []
        for child in parent:
            elements = [child]
            if child.tag in (self.tag("descripGrp"), self.tag("adminGrp")):
                elements = list(child)
            for element in elements:
                kind = element.get("type")
                if element.tag == self.tag("descrip") and kind == "definition":
                    found.append(("definition", _text(element), element))
                elif element.tag == self.tag("admin") and kind == "source":
                    found.append(("source", _text(element), element))
        return found

    def _reference_name(self, reference: Element) -> str:
        """The text of a cross-reference, else the preferred name of the concept it targets."""
        text = _text(reference)
        target = self.ids.get(reference.get("target", "").lstrip("#"))
        if text or target is None:
            return text
        names: list[str] = []
        section = target.find(self.tag("langSec"))
        self._term_sections(
            target if section is None else section,
            lambda key, value, _element: names.append(value) if key == "term" else None,
        )
        return names[0] if names else ""


def _text(element: Element) -> str:
    """All the text inside an element (inline ``hi`` and the like included)."""
    return "".join(element.itertext()).strip()


def _identifier(xref: Element) -> str:
    text = _text(xref)
    return text if _CURIE.fullmatch(text) and "://" not in text else xref.get("target", text)
