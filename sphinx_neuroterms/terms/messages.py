"""Term text as translation messages: what a translator sees, and a term in another language.

A message is one block of a text field: a paragraph, a list item, or a directive with its
indented body (split at blank lines that a line at the left margin follows, never inside a
MyST code fence), the unit Sphinx's own catalogs use for pages. Definitions, section texts
and notes are always messages; names (the term's name and its section titles) only when the
project asks for them (``neuroterms_translate_names``), since they are also what references
name.

Nothing here imports Sphinx: the extension writes the messages into a ``.pot`` file when the
``gettext`` builder runs, and translates the loaded terms with a compiled catalog.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from sphinx_neuroterms.terms.names import term_key

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx_neuroterms.terms.model import Location, Term

#: The message catalog (text domain) of term texts: ``neuroterms-terms.pot`` in the gettext
#: output, ``<locale_dir>/<language>/LC_MESSAGES/neuroterms-terms.po`` per language.
TEXT_DOMAIN = "neuroterms-terms"

# One or more blank lines followed by a line at the left margin: the end of a block (an
# indented line after a blank one continues the block above, as a directive's body does).
_BLOCK_END = re.compile(r"(\n[ \t]*\n(?:[ \t]*\n)*)(?=\S)")
# A line that opens or closes a MyST fence (code, directives), whose inside may hold blank
# lines followed by unindented lines.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})", re.MULTILINE)


def _blocks(text: str) -> list[str]:
    """``text`` cut into blocks and the separators between them (even indexes are blocks),
    so that joining the list gives ``text`` back."""
    pieces = _BLOCK_END.split(text)
    merged = [pieces[0]]
    for separator, block in zip(pieces[1::2], pieces[2::2], strict=True):
        if len(_FENCE.findall(merged[-1])) % 2:  # inside an open fence: one block
            merged[-1] += separator + block
        else:
            merged += [separator, block]
    return merged


def text_messages(text: str) -> list[str]:
    """The messages of one text field, in order, without surrounding white space.

    >>> text_messages("First paragraph,\\nwrapped.\\n\\n.. note::\\n\\n   Its body.\\n\\nLast.\\n")
    ['First paragraph,\\nwrapped.', '.. note::\\n\\n   Its body.', 'Last.']
    """
    return [block.strip() for block in _blocks(text)[::2] if block.strip()]


def translate_text(text: str, translate: Callable[[str], str]) -> str:
    """``text`` with each of its messages replaced by its translation (its own text when
    ``translate`` has none), the white space around and between them kept.

    >>> translate_text("One.\\n\\nTwo.\\n", {"Two.": "Zwei."}.get)
    'One.\\n\\nZwei.\\n'
    """
    pieces = _blocks(text)
    for index in range(0, len(pieces), 2):
        block = pieces[index]
        message = block.strip()
        if not message:
            continue
        translated = translate(message) or message
        if translated != message:
            start = block.index(message)
            pieces[index] = block[:start] + translated + block[start + len(message) :]
    return "".join(pieces)


def term_messages(term: Term, *, names: bool) -> Iterator[tuple[str, Location]]:
    """Every message of a term with where it is written (the field's line where the term
    file records one, else the term's)."""
    if names:
        yield term.name, term.location
    where = term.location_of("definition")
    for message in text_messages(term.definition):
        yield message, where
    for title, text in term.sections:
        if names:
            yield title, term.location
        for message in text_messages(text):
            yield message, term.location
    for note in term.notes:
        for message in text_messages(note):
            yield message, term.location


def translate_term(term: Term, translate: Callable[[str], str], *, names: bool) -> Term:
    """The term with its text fields translated (``translate`` gives a message's
    translation, or something false or the message itself when there is none); the same
    object when nothing changes.

    A translated name keeps the source name as an alias, so that references written with it
    still resolve; the name line is then the translated name (a ``display`` form in markup
    is dropped).
    """

    def title(text: str) -> str:
        return (translate(text) or text) if names else text

    changes: dict[str, object] = {
        "definition": translate_text(term.definition, translate),
        "sections": tuple(
            (title(name), translate_text(text, translate)) for name, text in term.sections
        ),
        "notes": tuple(translate_text(note, translate) for note in term.notes),
    }
    name = title(term.name).strip()
    if name and name != term.name:
        changes["name"] = name
        changes["aliases"] = tuple(
            alias
            for alias in dict.fromkeys((term.name, *term.aliases))
            if term_key(alias) != term_key(name)
        )
        changes["display"] = None
    if all(getattr(term, field) == value for field, value in changes.items()):
        return term
    return dataclasses.replace(term, **changes)  # type: ignore[arg-type]
