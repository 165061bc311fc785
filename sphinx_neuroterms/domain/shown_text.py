"""What a read page keeps of term text (:class:`DocumentText`), and its parts as shown text.

:mod:`sphinx_neuroterms.reading.term_text_record` makes the records while a page is read; the plan
after reading turns their parts into tooltip text once every title is known
(:func:`shown_text`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx_neuroterms.domain.records import page_title

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

    from sphinx_neuroterms.nodes import nterm_body
    from sphinx_neuroterms.terms.diagnostics import Diagnostic


#: A piece of shown text: plain text, or ``("doc", docname)`` / ``("ref", label)`` for a
#: link whose text is the title of its target, or a condition: ``("only", expression)`` or
#: ``("todo", "")`` opens text that only some builds show, ``("end", "")`` closes it.
ShownPart = str | tuple[str, str]

#: Kinds of parts that open conditional text (see :class:`BuildConditions`), and closes it.
ONLY, TODO, END = "only", "todo", "end"


_SPACE = re.compile(r"\s+")


#: Stands where an inline node was left out (a footnote mark), so that the space before it
#: goes when punctuation follows: "Seven [1]," reads "Seven,".
LEFT_OUT = "\ue002"


_SPACE_BEFORE_PUNCTUATION = re.compile(f"\\s*{LEFT_OUT}(?=[,.;:!?)\\]])")


def target_title(part: tuple[str, str], env: BuildEnvironment) -> str:
    """The title a ``("doc", docname)`` or ``("ref", label)`` link shows."""
    if part[0] == "doc":
        return page_title(env.titles, part[1])
    labels: Mapping[str, Any] = env.get_domain("std").data.get("labels", {})
    label = labels.get(part[1])
    return str(label[2]) if label else part[1]


class BuildConditions(NamedTuple):
    """What this build shows of conditional term text.

    Pages are read once for every builder that shares their environment (``make html
    latexpdf``), so a page records its conditions and each build decides them here, as
    Sphinx decides them in the pages it writes.
    """

    #: The build's tags (the builder's name and format among them), for ``.. only::``.
    tags: Tags
    #: ``todo_include_todos``: whether ``.. todo::`` notes are shown (``sphinx.ext.todo``).
    todos: bool

    def hold(self, condition: tuple[str, str]) -> bool:
        """Whether the text a condition opens is shown."""
        kind, expression = condition
        if kind == TODO:
            return self.todos
        if kind == ONLY:
            try:
                return bool(self.tags.eval_condition(expression))
            except Exception:  # noqa: BLE001 - Sphinx keeps the text (and warns in the page)
                return True
        return True


def shown_text(
    parts: Iterable[ShownPart], env: BuildEnvironment, conditions: BuildConditions | None = None
) -> str:
    """The parts as one line of text, each link to a title showing that title, without the
    conditional text this build does not show (all of it is shown without ``conditions``)."""
    pieces: list[str] = []
    hidden = 0  # how deep inside conditional text this build does not show
    for part in parts:
        if isinstance(part, str):
            if not hidden:
                pieces.append(part)
        elif part[0] in (ONLY, TODO):
            if hidden or (conditions is not None and not conditions.hold(part)):
                hidden += 1
        elif part[0] == END:
            hidden = max(hidden - 1, 0)
        elif not hidden:
            pieces.append(target_title(part, env))
    text = _SPACE_BEFORE_PUNCTUATION.sub("", "".join(pieces)).replace(LEFT_OUT, "")
    return _SPACE.sub(" ", text).strip()


class DocumentText(NamedTuple):
    """What a read document holds of parsed term text (kept by the ``nterm`` domain)."""

    #: Each parsed definition as shown text, by term key.
    shown: dict[str, tuple[ShownPart, ...]]
    #: The bodies of the terms the document defines with ``.. nterm::``, by key.
    bodies: dict[str, nterm_body]
    #: The link targets whose titles the document's term text shows (``doc``/``ref``).
    titled: frozenset[tuple[str, str]]
    #: The problems found in the term text it parsed (reported once per build).
    problems: tuple[Diagnostic, ...]
