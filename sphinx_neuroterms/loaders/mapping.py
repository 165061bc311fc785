"""The term schema and its validation: parsed term mappings in, :class:`Term` records out.

The structured loaders (YAML, JSON, TOML) only parse text into plain Python values and record
in a :class:`~.lines.LineIndex` where each mapping, key and list item starts. The rest is
format-independent and lives here, so the three formats accept exactly the same terms and
report the same problems in the same words. The schema itself is in :mod:`~.fields`.

Decisions the schema makes (all reported, never silent, unless said otherwise):

- A number, date or time where text belongs is read as its text (``term: 5`` → ``"5"``), with
  a :attr:`~WarningSubtype.WRONG_TYPE` diagnostic. A boolean or a list or mapping there is
  dropped: YAML reads unquoted ``no``/``yes``/``on``/``off`` as booleans, and their spelling
  is gone by then, so the message says to quote it. When that field is a required one, the
  term is skipped.
- A lone string where a list of strings belongs (``aliases: 5-HT``) is read as a one-item
  list, with a :attr:`~WarningSubtype.WRONG_TYPE` diagnostic.
- Empty values (``""``, only whitespace, YAML's empty ``null``) of optional fields are
  ignored silently; an empty name or definition skips the term
  (:attr:`~WarningSubtype.INVALID_TERM`).
- Names, aliases, ``see_also`` entries, tags and section titles are single lines: runs of
  whitespace become one space. Definitions, section texts and notes keep their inner line
  breaks (they may be several reST paragraphs); only surrounding whitespace is stripped.
- The ``origin`` and ``mechanism`` shorthands become the sections ``Origin`` and
  ``Mechanism``, in that order, *before* any explicit ``sections`` (the order a reader
  expects: where it comes from, how it works, then the rest). When an explicit section has
  the same title (compared case-insensitively), the shorthand's text is kept and the explicit
  one is reported as a :attr:`~WarningSubtype.DUPLICATE_KEY`.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from sphinx_neuroterms.loaders import LoaderOptions, LoadResult
from sphinx_neuroterms.loaders.fields import (
    FILE_KEYS,
    MARKUP_VALUES,
    SECTION_SHORTHANDS,
    TERM_FIELDS,
    TERM_KEYS,
    TermField,
)
from sphinx_neuroterms.loaders.lines import LineIndex
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location, Markup, Term
from sphinx_neuroterms.terms.urls import unsafe_url_reason

_FIELDS_BY_KEY: dict[str, TermField] = {field.key: field for field in TERM_FIELDS}
_BOOLEAN_HINT = "quote it: YAML reads unquoted yes, no, on, off, true and false as booleans"
#: Half a UTF-16 pair (an escape such as JSON's "\udfff"): not Unicode, no output can encode it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def document_to_terms(
    document: object, lines: LineIndex, display_path: str, options: LoaderOptions
) -> LoadResult:
    """Turn a parsed term file into terms: a list of term mappings, or ``{terms: […]}``.

    :param document: the parsed file (``None`` for an empty file, which holds no terms).
    :param lines: where the parser found each container, key and item.
    :param display_path: the path shown in diagnostics and term locations.
    :param options: ``options.markup``, when set, overrides the file's ``markup``, which
        overrides ``options.default_markup``.
    :return: the valid terms in file order and every problem found.
    """
    diagnostics: list[Diagnostic] = []
    markup: Markup = options.default_markup
    entries: object
    if document is None or document == {}:  # an empty file, or (TOML) only comments
        return LoadResult([], [])
    if isinstance(document, list):
        entries = document
    elif isinstance(document, dict):
        if "terms" not in document:
            hint = (
                "; it looks like a single term: put it in a list or under 'terms:'"
                if "term" in document
                else ""
            )
            message = f"the file has no 'terms' list{hint}; nothing is loaded"
            diagnostics.append(
                Diagnostic(WarningSubtype.INVALID_TERM, message, Location(display_path, 1))
            )
            return LoadResult([], diagnostics)
        for key, value in document.items():
            line = lines.key_line(document, key)
            if key == "markup":
                markup = _file_markup(
                    value, display_path, line, diagnostics, options.default_markup
                )
            elif key != "terms":
                diagnostics.append(
                    _unknown_key(key, FILE_KEYS, "at the top level", display_path, line)
                )
        entries = document["terms"]
        if entries is None:  # "terms:" with nothing under it: an empty file in the making
            entries = []
        if not isinstance(entries, list):
            message = (
                f"'terms' is {_describe(entries)}, not a list of term mappings; nothing is loaded"
            )
            where = Location(display_path, lines.key_line(document, "terms"))
            diagnostics.append(Diagnostic(WarningSubtype.WRONG_TYPE, message, where))
            return LoadResult([], diagnostics)
    else:
        message = (
            f"the file holds {_describe(document)}; expected a list of term mappings or a "
            f"mapping with a 'terms' list"
        )
        diagnostics.append(
            Diagnostic(WarningSubtype.WRONG_TYPE, message, Location(display_path, 1))
        )
        return LoadResult([], diagnostics)
    if options.markup is not None:
        markup = options.markup

    terms: list[Term] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            message = (
                f"entry {index + 1} of the term list is {_describe(entry)}, not a term mapping; "
                f"it is skipped"
            )
            where = Location(display_path, lines.item_line(entries, index))
            diagnostics.append(Diagnostic(WarningSubtype.INVALID_TERM, message, where))
            continue
        term = mapping_to_term(entry, lines, display_path, markup, diagnostics)
        if term is not None:
            terms.append(term)
    return LoadResult(terms, diagnostics)


def mapping_to_term(
    entry: Mapping[Any, Any],
    lines: LineIndex,
    display_path: str,
    markup: Markup,
    diagnostics: list[Diagnostic],
) -> Term | None:
    """Validate one term mapping; return its :class:`Term`, or ``None`` when it is skipped.

    :param entry: the parsed mapping, keys in file order.
    :param lines: where the parser found the mapping and its keys.
    :param display_path: the path shown in diagnostics and the term's location.
    :param markup: how the term's text is rendered.
    :param diagnostics: problems are appended here.
    """
    return _TermReader(entry, lines, display_path, diagnostics).read(markup)


#: The keys whose lines a term keeps (:attr:`Term.lines`): what the catalog, the references in
#: the definition and the see-also checks report problems at.
_LOCATED_KEYS = ("definition", "aliases", "see_also", "avoid", "identifiers")


class _Place(NamedTuple):
    """Where a value sits: under ``key`` of ``container``, or at index ``item`` of that list.

    Lines are looked up only when a problem is reported, which keeps valid files fast.
    """

    container: Any
    key: Any
    item: int | None = None


class _TermReader:
    """Reads the fields of one term mapping, collecting diagnostics."""

    def __init__(
        self,
        entry: Mapping[Any, Any],
        lines: LineIndex,
        display_path: str,
        diagnostics: list[Diagnostic],
    ) -> None:
        self.entry = entry
        self.lines = lines
        self.path = display_path
        self.diagnostics = diagnostics
        self.location = Location(display_path, lines.line(entry))
        #: How messages name the entry: "term 'X'" once the name is known.
        self.owner = "the term entry"
        #: Set when a required field is unusable; the term is skipped but still fully checked.
        self.skipped = False

    def read(self, markup: Markup) -> Term | None:
        entry = self.entry
        # The name first, whatever its place in the mapping, so every later message names it.
        name = self._required("term", "its name")
        if name is not None:
            self.owner = f"term {name!r}"
        definition = self._required("definition", "its definition")

        lists: dict[str, tuple[str, ...]] = {}
        shorthands: dict[str, tuple[str, _Place]] = {}
        explicit_sections: list[tuple[str, str, _Place]] = []
        source: str | None = None
        display: str | None = None
        autolink = True
        for key, value in entry.items():
            if key in ("term", "definition"):
                continue
            field = _FIELDS_BY_KEY.get(key) if isinstance(key, str) else None
            place = _Place(entry, key)
            if field is None:
                line = self._line(place)
                self.diagnostics.append(
                    _unknown_key(key, TERM_KEYS, f"in {self.owner}", self.path, line)
                )
            elif field.kind in ("line_list", "text_list"):
                lists[key] = self._list(key, value, one_line=field.kind == "line_list")
            elif field.kind == "sections":
                explicit_sections = self._sections(value, place)
            elif field.kind == "url":
                source = self._url(value, place)
            elif field.kind == "markup_line":
                display = self._text(value, repr(key), place, one_line=True) or None
            elif field.kind == "flag":
                autolink = self._flag(key, value, place)
            else:  # the section shorthands
                text = self._text(value, repr(key), place, one_line=False)
                if text:
                    shorthands[key] = (text, place)

        if self.skipped or name is None or definition is None:
            return None
        return Term(
            name=name,
            definition=definition,
            location=self.location,
            sections=self._merge_sections(shorthands, explicit_sections),
            aliases=lists.get("aliases", ()),
            see_also=lists.get("see_also", ()),
            notes=lists.get("notes", ()),
            tags=lists.get("tags", ()),
            avoid=lists.get("avoid", ()),
            identifiers=lists.get("identifiers", ()),
            source=source,
            display=display,
            autolink=autolink,
            markup=markup,
            lines=self._field_lines(),
        )

    def _field_lines(self) -> tuple[tuple[str, int], ...]:
        """The lines of the fields that later, whole-catalog checks warn about."""
        found: list[tuple[str, int]] = []
        for key in _LOCATED_KEYS:
            if key not in self.entry:
                continue
            line = self.lines.key_line(self.entry, key)
            if line is not None:
                found.append((key, line))
            value = self.entry[key]
            if isinstance(value, list):
                # Items are keyed by their text as read: empty ones are dropped while reading
                # and taken aliases by the catalog, so positions would shift.
                for index, item in enumerate(value):
                    item_line = self.lines.item_line(value, index)
                    if isinstance(item, str) and item_line is not None and item_line != line:
                        found.append((f"{key}:{' '.join(item.split())}", item_line))
        return tuple(found)

    def _line(self, place: _Place) -> int | None:
        if place.item is not None:
            line = self.lines.item_line(place.container[place.key], place.item)
            if line is not None:
                return line
        return self.lines.key_line(place.container, place.key)

    def _report(self, subtype: WarningSubtype, message: str, place: _Place | None = None) -> None:
        line = self._line(place) if place is not None else None
        where = self.location if line is None else Location(self.path, line)
        self.diagnostics.append(Diagnostic(subtype, message, where))

    def _required(self, key: str, meaning: str) -> str | None:
        """Read the name or the definition; ``None`` (and the term skipped) when unusable."""
        if key not in self.entry:
            if key == "term":
                message = "the term entry has no 'term' (its name); it is skipped"
            else:
                message = f"{self.owner} has no {key!r}; it is skipped"
            self._report(WarningSubtype.INVALID_TERM, message)
            self.skipped = True
            return None
        place = _Place(self.entry, key)
        text = self._text(self.entry[key], repr(key), place, one_line=key == "term", required=True)
        if text is None:
            self.skipped = True  # _text has said why
            return None
        if not text:
            owner = "the term entry" if key == "term" else self.owner
            message = f"{owner} has an empty {key!r} ({meaning}); it is skipped"
            self._report(WarningSubtype.INVALID_TERM, message, place)
            self.skipped = True
            return None
        return text

    def _flag(self, key: str, value: Any, place: _Place) -> bool:
        """A boolean field; anything else is reported, and the default (true) kept."""
        if isinstance(value, bool):
            return value
        message = f"{key!r} of {self.owner} must be true or false, not {value!r}; true is used"
        self._report(WarningSubtype.WRONG_TYPE, message, place)
        return True

    def _text(
        self, value: object, what: str, place: _Place, *, one_line: bool, required: bool = False
    ) -> str | None:
        """Read one text value: ``None`` when unusable (reported), ``""`` when empty."""
        lone = _LONE_SURROGATE.search(value) if isinstance(value, str) else None
        if isinstance(value, str) and lone is None:
            return " ".join(value.split()) if one_line else value.strip()
        if value is None:
            return ""
        what = f"{what} of {self.owner}"
        consequence = "the term is skipped" if required else "it is dropped"
        if lone is not None:
            message = f"{what} is not Unicode (a lone surrogate, {lone.group()!r}); {consequence}"
            self._report(WarningSubtype.ENCODING, message, place)
            return None
        if isinstance(value, bool):
            message = f"{what} is {str(value).lower()}, not text ({_BOOLEAN_HINT}); {consequence}"
            self._report(WarningSubtype.WRONG_TYPE, message, place)
            return None
        coerced = _scalar_text(value)
        if coerced is not None:
            message = f"{what} is {_describe(value)}, not text; read as {coerced!r} (quote it)"
            self._report(WarningSubtype.WRONG_TYPE, message, place)
            return coerced
        message = f"{what} is {_describe(value)}, not text; {consequence}"
        self._report(WarningSubtype.WRONG_TYPE, message, place)
        return None

    def _list(self, key: str, value: object, *, one_line: bool) -> tuple[str, ...]:
        place = _Place(self.entry, key)
        if isinstance(value, list):
            items: list[str] = []
            text: str | None
            for index, item in enumerate(value):
                if isinstance(item, str) and not _LONE_SURROGATE.search(item):  # the common case
                    text = " ".join(item.split()) if one_line else item.strip()
                else:
                    what = f"item {index + 1} of {key!r}"
                    text = self._text(item, what, place._replace(item=index), one_line=one_line)
                if text:
                    items.append(text)
            return tuple(items)
        if value is None:
            return ()
        lone = value if isinstance(value, str) else _scalar_text(value)
        if lone is not None:
            text = self._text(lone, repr(key), place, one_line=one_line)  # None: not Unicode
            if not text:
                return ()
            message = (
                f"{key!r} of {self.owner} is {_describe(value)}, not a list; read as a "
                f"one-item list (write it as [{text!r}])"
            )
            self._report(WarningSubtype.WRONG_TYPE, message, place)
            return (text,)
        if isinstance(value, bool):
            message = (
                f"{key!r} of {self.owner} is {str(value).lower()}, not a list "
                f"({_BOOLEAN_HINT}); it is dropped"
            )
        else:
            message = (
                f"{key!r} of {self.owner} is {_describe(value)}, not a list of strings; "
                f"it is dropped"
            )
        self._report(WarningSubtype.WRONG_TYPE, message, place)
        return ()

    def _sections(self, value: object, place: _Place) -> list[tuple[str, str, _Place]]:
        if value is None:
            return []
        if not isinstance(value, dict):
            message = (
                f"'sections' of {self.owner} is {_describe(value)}, not a mapping of titles to "
                f"text; it is dropped"
            )
            self._report(WarningSubtype.WRONG_TYPE, message, place)
            return []
        sections: list[tuple[str, str, _Place]] = []
        for raw_title, raw_text in value.items():
            title_place = _Place(value, raw_title)
            title = self._text(raw_title, "a section title", title_place, one_line=True)
            if not title:
                continue
            text = self._text(raw_text, f"section {title!r}", title_place, one_line=False)
            if text:
                sections.append((title, text, title_place))
        return sections

    def _merge_sections(
        self,
        shorthands: dict[str, tuple[str, _Place]],
        explicit: list[tuple[str, str, _Place]],
    ) -> tuple[tuple[str, str], ...]:
        merged = [
            (title, shorthands[key][0])
            for key, title in SECTION_SHORTHANDS.items()
            if key in shorthands
        ]
        if not explicit:
            return tuple(merged)
        # Titles compare case-insensitively (they are one line already): "origin" is "Origin".
        given_by = {
            title.casefold(): f"'{key}'"
            for key, title in SECTION_SHORTHANDS.items()
            if key in shorthands
        }
        for title, text, place in explicit:
            first = given_by.get(title.casefold())
            if first is not None:
                message = (
                    f"section {title!r} of {self.owner} is given twice ({first} and under "
                    f"'sections'); the first ({first}) is kept"
                )
                self._report(WarningSubtype.DUPLICATE_KEY, message, place)
                continue
            given_by[title.casefold()] = f"section {title!r}"
            merged.append((title, text))
        return tuple(merged)

    def _url(self, value: object, place: _Place) -> str | None:
        url = self._text(value, "'source'", place, one_line=False)
        if not url:
            return None
        reason = unsafe_url_reason(url)
        if reason is not None:
            message = (
                f"'source' of {self.owner} {reason}; only http(s) or relative URLs are "
                f"allowed, so it is dropped"
            )
            self._report(WarningSubtype.UNSAFE_URL, message, place)
            return None
        return url


def _file_markup(
    value: object, display_path: str, line: int | None, diagnostics: list[Diagnostic],
    default: Markup,
) -> Markup:
    if isinstance(value, str):
        cleaned = value.strip().lower()
        for markup in MARKUP_VALUES:
            if cleaned == markup:
                return markup
    expected = ", ".join(repr(markup) for markup in MARKUP_VALUES)
    message = f"'markup' is {_describe(value)}; expected one of {expected}, so {default!r} is used"
    diagnostics.append(Diagnostic(WarningSubtype.WRONG_TYPE, message, Location(display_path, line)))
    return default


def _unknown_key(
    key: object, known: frozenset[str], where: str, display_path: str, line: int | None
) -> Diagnostic:
    message = f"unknown key {key!r} {where} is ignored"
    if isinstance(key, str):
        # Compare in the canonical spelling, so "See-Also" and "see also" suggest "see_also".
        canonical = re.sub(r"[\s\-]+", "_", key.strip().lower())
        matches = difflib.get_close_matches(canonical, sorted(known), n=1, cutoff=0.7)
        if matches:
            message += f"; did you mean {matches[0]!r}?"
    else:
        message += f" (a key must be text; {_BOOLEAN_HINT})" if isinstance(key, bool) else ""
    return Diagnostic(WarningSubtype.UNKNOWN_KEY, message, Location(display_path, line))


def _scalar_text(value: object) -> str | None:
    """The text of a number, date or time (what coercion reads it as), else ``None``."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return None


def _describe(value: object) -> str:
    """Name a value's type for a message: ``a list``, ``the number 5``, ``false`` …"""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, datetime.date | datetime.time):
        return f"the date or time {value.isoformat()}"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) <= 40 else "a text"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    return f"a {type(value).__name__} value"
