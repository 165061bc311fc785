"""Term text as readers see it outside the page: plain, one line, cut for a tooltip.

Pure functions of strings and terms, with no Sphinx or docutils: the HTML writer, the
post-transform of other builders and the domain all use them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx_neuroterms.model import Term

# reST inline markup reduced to its text for tooltips: roles (keeping an explicit title),
# hyperlinks with embedded targets, emphasis, literals and interpreted text.
_ROLE = re.compile(r":[\w.+-]+(?::[\w.+-]+)?:`((?:[^`\\]|\\.)*)`")
_EXPLICIT = re.compile(r"^(.*?)\s*<[^<>]*>$", re.DOTALL)
_LINK = re.compile(r"`((?:[^`\\]|\\.)*)`__?")
_INLINE = re.compile(r"(\*\*|\*|``)(\S(?:.*?\S)?)\1")
_ESCAPE = re.compile(r"\\(.)")
_SPACE = re.compile(r"\s+")


def _role_text(match: re.Match[str]) -> str:
    content = match.group(1)
    explicit = _EXPLICIT.match(content)
    return explicit.group(1) if explicit else content


def plain_text(text: str, markup: str) -> str:
    """Term text as plain, single-line text (reST markup reduced to what a reader sees).

    >>> plain_text("Low :nterm:`the balance <Neurochemical Balance>` and **GABA** `tone`_.", "rst")
    'Low the balance and GABA tone.'
    """
    if markup == "rst":
        text = _ROLE.sub(_role_text, text)
        text = _LINK.sub(_role_text, text)
        text = _INLINE.sub(r"\2", text)
        text = _ESCAPE.sub(r"\1", text)
    return _SPACE.sub(" ", text).strip()


def tooltip_text(term: Term, max_chars: int) -> str:
    """The plain-text definition, cut at a word boundary to at most ``max_chars`` characters."""
    return cut_text(plain_text(term.definition, term.markup), max_chars)


def cut_text(text: str, max_chars: int) -> str:
    """``text`` cut at a word boundary to at most ``max_chars`` characters, with "…".

    >>> cut_text("one two three", 9)
    'one two…'
    >>> cut_text("one two", 9)
    'one two'
    """
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
