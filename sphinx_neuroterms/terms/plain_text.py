"""Term text as readers see it outside the page: plain, on one line, cut to a length.

Pure functions of strings and terms, with no Sphinx or docutils: the resolver, the writers
and the command line all use them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx_neuroterms.terms.model import Term

# reST inline markup reduced to the text a reader sees: roles and hyperlink references (keeping
# an explicit title), inline literals, strong and emphasis, interpreted text; escaped
# characters are set aside first (as private-use placeholders), so that "\*" opens nothing.
#
# Definitions are user text of any length, so every step is linear in it: no pattern may
# rescan the rest of the text from each of many starting places (``"*p " * 10000`` took
# seconds, twice the text four times as long). Where a failed start would fail again from
# every later start inside it, the pattern matches that stretch anyway and the replacement
# gives it back unchanged, so the scan moves past it once.
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
#: ``:abbr:`EEG (electroencephalography)``` shows ``EEG`` (the text before the first
#: parenthesis; the explanation must end the role).
_ABBREVIATION = re.compile(r":abbr:`([^`(]*+)\([^`]*+(?<=\))`")
#: Footnote and citation references (``[#]_``, ``[1]_``, ``[Kandel2013]_``) show a mark, not
#: text, and take the space before them. A match starts where white space starts (or at the
#: bracket); a bracketed word that is not a reference comes back unchanged (group 2 empty).
_NOTE_REFERENCE = re.compile(r"(?<!\s)\s*+\[([^\]\s]*+)(\]_(?!\w))?")
#: An inline target (``_`Spike train```) shows its text.
_INLINE_TARGET = re.compile(r"(?<!\w)_`([^`]*)`")
#: A role (``:term:`text```): a chain of names that is not followed by text in backticks comes
#: back unchanged (group 1 is ``None``).
_ROLE = re.compile(r":(?:[\w.+-]++:)++(?:`([^`]*)`)?")
_LINK = re.compile(r"`([^`]*)`__?")
#: Inline literals, strong, emphasis and interpreted text, tried in this order at each place.
_INLINE_DELIMITERS = ("``", "**", "*", "`")
_INLINE_START = re.compile(r"[`*]")
#: Where each delimiter may close: right after a character that is not space.
_INLINE_CLOSE = {
    delimiter: re.compile(f"(?<=\\S)(?={re.escape(delimiter)})") for delimiter in _INLINE_DELIMITERS
}
_HIDDEN_OPEN, _HIDDEN_CLOSE = "\ue000", "\ue001"
_HIDDEN = re.compile(f"{_HIDDEN_OPEN}(\\d+){_HIDDEN_CLOSE}")
_SPACE = re.compile(r"\s+")
#: A character every reduction of :func:`rst_plain` needs: text without one is only spaced.
_REDUCIBLE = re.compile(r"[\\`*\[]")


def _title(content: str) -> str:
    """A role's or link's text as shown: its explicit title (``title <target>``), else all.

    >>> _title("HPA axis  <hpa>"), _title("a <b> c"), _title("x <y>\\n")
    ('HPA axis', 'a <b> c', 'x')
    """
    # The target ends the text (or its line before one final newline, as a regex's ``$``).
    end = len(content) - 2 if content.endswith("\n") else len(content) - 1
    if end < 0 or content[end] != ">":
        return content
    opening = content.rfind("<", 0, end)
    if opening < 0 or ">" in content[opening + 1 : end]:
        return content
    return content[:opening].rstrip()


def _role_text(match: re.Match[str]) -> str:
    """A role as Sphinx shows it: its title; without one, its target, where ``!`` (no link)
    is not shown and ``~`` shows the last dotted part only (``:class:`~.Basic``` shows
    ``Basic``).

    >>> rst_plain(":class:`~a.b.Basic` :func:`!open` :math:`a ~ b` :doc:`Intro <intro>`")
    'Basic open a ~ b Intro'
    """
    content = match.group(1)
    if content is None:
        return match.group()
    title = _title(content)
    if title != content or " " in content:
        return title
    title = title.removeprefix("!")
    return title[1:].rpartition(".")[2] if title.startswith("~") else title


def _note_reference(match: re.Match[str]) -> str:
    return "" if match.group(1) and match.group(2) else match.group()


def _strip_inline(text: str) -> str:
    """``text`` with inline literals, strong, emphasis and interpreted text reduced to their
    content: at each place the first delimiter that opens (followed by a character that is not
    space) and closes (after one), at its nearest closing, as docutils reads them.

    Each delimiter's closing places are found once, in one pass, and each opening looks its
    nearest closing up by bisection: a delimiter that opens many times and never closes costs
    no rescan of the rest of the text.
    """
    closings = {
        delimiter: [match.start() for match in pattern.finditer(text)]
        for delimiter, pattern in _INLINE_CLOSE.items()
    }
    pieces: list[str] = []
    done = position = 0
    while (start_match := _INLINE_START.search(text, position)) is not None:
        start = start_match.start()
        position = start + 1
        for delimiter in _INLINE_DELIMITERS:
            content_start = start + len(delimiter)
            if (
                not text.startswith(delimiter, start)
                or content_start >= len(text)
                or text[content_start].isspace()
            ):
                continue
            places = closings[delimiter]
            nearest = bisect_left(places, content_start + 1)
            if nearest < len(places):
                end = places[nearest]
                pieces += (text[done:start], text[content_start:end])
                done = position = end + len(delimiter)
                break
    pieces.append(text[done:])
    return "".join(pieces)


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
    if _REDUCIBLE.search(text) is None:
        return _SPACE.sub(" ", text).strip()
    escaped: list[str] = []

    def hide(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"{_HIDDEN_OPEN}{len(escaped) - 1}{_HIDDEN_CLOSE}"

    text = _ESCAPE.sub(hide, text)
    text = _ABBREVIATION.sub(lambda match: match.group(1).rstrip(), text)
    text = _NOTE_REFERENCE.sub(_note_reference, text)
    text = _INLINE_TARGET.sub(r"\1", text)
    text = _ROLE.sub(_role_text, text)
    text = _LINK.sub(lambda match: _title(match.group(1)), text)
    text = _strip_inline(text)
    text = _HIDDEN.sub(lambda match: escaped[int(match.group(1))], text)
    return _SPACE.sub(" ", text).strip()


# Tooltips, footnotes, page lists, the shared terms file and related terms each ask for a term's
# plain text; the cache makes that one reduction per text and process.
@lru_cache(maxsize=65536)
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
