"""Ids and order of glossary entries: slugs, Sphinx's own term ids, sorting and letter groups.

Pure functions of names (Sphinx's id rule aside): the planner, the directives and the writers
all make and read ids through them, so an entry's id is made one way everywhere.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Private, but the one rule Sphinx's glossary makes its ids with (unchanged since Sphinx 3.0).
from sphinx.util.nodes import _make_id as make_sphinx_id

from sphinx_neuroterms.terms.names import term_key

#: Every entry's HTML id starts with this.
ANCHOR_PREFIX = "nterm-"


#: The values ``:group-by:`` accepts; the first is the default.
GROUP_BY_CHOICES = ("letter", "tag", "none")


#: The values of ``:order:``: by name (the default), or as the term files list the terms.
ORDER_CHOICES = ("name", "file")


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=16384)  # names and section titles, asked for again and again
def slugify(text: str) -> str:
    """A readable, Unicode-aware id fragment: NFKC, case-folded words joined by ``-``.

    Non-ASCII letters are kept (``Élan vital`` gives ``élan-vital``), so
    names in any script give readable ids; text without any word character gives ``term``.
    """
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return "-".join(words).strip("_") or "term"


def section_anchor(anchor: str, title: str) -> str:
    """The HTML id of a section of the entry ``anchor``."""
    return f"{anchor}-{slugify(title)}"


def sphinx_term_id(name: str) -> str | None:
    """The id Sphinx's ``.. glossary::`` gives a term line: ``term-`` and the name, case kept
    (``term-HPA-axis``), or ``None`` where Sphinx numbers it instead (a name without ASCII
    letters or digits)."""
    node_id = make_sphinx_id(f"term-{name}")
    return None if node_id == "term" else node_id


def unique_id(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … the first one not in ``used`` (which it joins)."""
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    used.add(candidate)
    return candidate


def sort_key(name: str) -> tuple[str, str]:
    """Glossary order: accents ignored first (``Élan`` sorts with ``E``), then :func:`term_key`."""
    key = term_key(name)
    if key.isascii():  # nothing to strip (most names; a glossary sorts thousands)
        return key, key
    stripped = "".join(
        char for char in unicodedata.normalize("NFKD", key) if not unicodedata.combining(char)
    )
    return stripped, key


def group_letter(name: str) -> str:
    """The letter an entry is grouped under: its first letter without accents, or ``#``."""
    name = name.lstrip()
    if name[:1].isascii():  # no accent to take off (most names: every split glossary asks)
        return name[0].upper() if name[:1].isalpha() else "#"
    for char in unicodedata.normalize("NFKD", name):
        if unicodedata.combining(char):
            continue
        return char.upper() if char.isalpha() else "#"
    return "#"


def letter_set(argument: str) -> tuple[tuple[str, ...], list[str]]:
    """The letters of a ``:letters:`` value, and the items that are not letters or ranges.

    Items are comma-separated: a letter (``A``), a range (``A-F``, both ends included) or
    ``#`` (names that start with no letter). Case and accents do not matter, as in the
    glossary's groups.

    >>> letter_set("a-c, É, #, 12")
    (('A', 'B', 'C', 'E', '#'), ['12'])
    """
    found: dict[str, None] = {}
    bad: list[str] = []
    for item in (part.strip() for part in argument.split(",")):
        if not item:
            continue
        first, dash, last = item.partition("-")
        first, last = first.strip(), last.strip()
        if item == "#":
            found["#"] = None
        elif not dash and len(item) == 1 and group_letter(item) != "#":
            found[group_letter(item)] = None
        elif (
            dash and len(first) == len(last) == 1
            and "#" not in (group_letter(first), group_letter(last))
            and group_letter(first) <= group_letter(last)
        ):
            start, end = ord(group_letter(first)), ord(group_letter(last))
            found.update(dict.fromkeys(chr(code) for code in range(start, end + 1)))
        else:
            bad.append(item)
    return tuple(found), bad
