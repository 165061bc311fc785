"""Term text as readers see it outside the page: plain, on one line, cut to a length.

Pure functions of strings and terms, with no Sphinx or docutils: the resolver, the writers
and the command line all use them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx_neuroterms.terms.model import Term

# reST inline markup reduced to the text a reader sees: roles and hyperlink references (keeping
# an explicit title), inline literals, strong and emphasis, interpreted text; escaped
# characters are set aside first (as private-use placeholders), so that "\*" opens nothing.
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
#: ``:abbr:`EEG (electroencephalography)``` shows ``EEG``; footnote and citation references
#: (``[#]_``, ``[1]_``, ``[Kandel2013]_``) show a mark, not text; an inline target
#: (``_`Spike train```) shows its text.
_ABBREVIATION = re.compile(r":abbr:`([^`]*?)\s*\([^`]*\)`")
_NOTE_REFERENCE = re.compile(r"\s*\[(?:#[\w-]*|\*|[^\]\s]+)\]_(?!\w)")
_INLINE_TARGET = re.compile(r"(?<!\w)_`([^`]*)`")
_ROLE = re.compile(r":[\w.+-]+(?::[\w.+-]+)*:`([^`]*)`")
_LINK = re.compile(r"`([^`]*)`__?")
_EXPLICIT = re.compile(r"^(.*?)\s*<[^<>]*>$", re.DOTALL)
_INLINE = re.compile(r"(``|\*\*|\*|`)(\S(?:.*?\S)??)\1", re.DOTALL)
_HIDDEN_OPEN, _HIDDEN_CLOSE = "\ue000", "\ue001"
_HIDDEN = re.compile(f"{_HIDDEN_OPEN}(\\d+){_HIDDEN_CLOSE}")
_SPACE = re.compile(r"\s+")


def _title(match: re.Match[str]) -> str:
    content = match.group(1)
    explicit = _EXPLICIT.match(content)
    return explicit.group(1) if explicit else content


def rst_plain(text: str) -> str:
    """reStructuredText inline markup as the plain, single-line text a reader sees.

    >>> rst_plain(r":term:`HPA axis <hpa>` \\*star\\* ``code`` *em* **strong** `tone`_")
    'HPA axis *star* code em strong tone'
    >>> rst_plain("a * b * c")
    'a * b * c'
    >>> rst_plain("`a` and `b`, *x* or *y*, **a** b **c**")
    'a and b, x or y, a b c'
    >>> rst_plain(":abbr:`EEG (electroencephalography)` _`Spike train` Kappa [#]_")
    'EEG Spike train Kappa'
    """
    escaped: list[str] = []

    def hide(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"{_HIDDEN_OPEN}{len(escaped) - 1}{_HIDDEN_CLOSE}"

    text = _ESCAPE.sub(hide, text)
    text = _ABBREVIATION.sub(r"\1", text)
    text = _NOTE_REFERENCE.sub("", text)
    text = _INLINE_TARGET.sub(r"\1", text)
    text = _ROLE.sub(_title, text)
    text = _LINK.sub(_title, text)
    text = _INLINE.sub(r"\2", text)
    text = _HIDDEN.sub(lambda match: escaped[int(match.group(1))], text)
    return _SPACE.sub(" ", text).strip()


def plain_text(text: str, markup: str) -> str:
    """Term text as plain, single-line text (reST markup reduced to what a reader sees).

    >>> plain_text("Low :nterm:`the balance <Neurochemical Balance>` and **GABA** `tone`_.", "rst")
    'Low the balance and GABA tone.'
    """
    return rst_plain(text) if markup == "rst" else _SPACE.sub(" ", text).strip()


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
