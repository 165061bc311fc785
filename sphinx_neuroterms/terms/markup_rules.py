"""The rules of term text that the build and the command line share, and what
``neuroterms check`` can tell about term text without Sphinx.

The rules: which text may be markup (:data:`MAY_BE_MARKUP`), which directives are refused,
and where each line of a text is in its term file (:func:`text_lines`).

A build parses term text with the project's parser, roles and directives (``term_text``);
the command line has no project, so it parses reStructuredText with docutils alone and
reports what is wrong whatever the project: markup errors, refused directives, and
substitutions that the text does not define (a project's ``rst_prolog`` or ``rst_epilog``
may still define them). Roles and directives docutils does not know are Sphinx's or an
extension's, and are not reported. Each problem is located at its line of the term file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.statemachine import StringList
from docutils.utils import new_document

from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype, find_after
from sphinx_neuroterms.terms.model import Location

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Iterator

    from sphinx_neuroterms.terms.model import Term

_RAW = "it passes raw output through"
_FILE = "it inserts a file"
_PAGE = "it changes the page outside the entry"
_PYTHON = "it runs Python code"
_COMMAND = "it runs a command"

#: Directives that term text may not use, and why. Term files are untrusted input: their
#: text changes nothing outside its own entry, runs no code and reads no file. Names are
#: compared without their domain (``py:currentmodule`` is ``currentmodule``); see also
#: :data:`REFUSED_PREFIX`.
REFUSED_DIRECTIVES: dict[str, str] = {
    "raw": _RAW,
    "include": _FILE,
    "literalinclude": _FILE,
    "meta": "it writes into the page's head",
    "title": "it sets the page's title",
    "header": "it writes into the page's header",
    "footer": "it writes into the page's footer",
    # State that the rest of the page is read with.
    "default-role": _PAGE,
    "default-domain": _PAGE,
    "highlight": _PAGE,
    "role": _PAGE,
    "tabularcolumns": _PAGE,
    "sectnum": _PAGE,
    "module": _PAGE,
    "currentmodule": _PAGE,
    "namespace": _PAGE,
    "namespace-push": _PAGE,
    "namespace-pop": _PAGE,
    "toctree": "it changes the project's table of contents",
    "nterm-glossary": "a glossary cannot be shown inside a term",
}
#: Directives that run code while the project is built, and the extensions that give them
#: (ifconfig evaluates its argument; matplotlib, jupyter-sphinx and the exec extensions run
#: theirs). Refused where the project has them; elsewhere they are unknown directives, which
#: run nothing (the build reports them as it would in a page). The doctest directives are not
#: here: term text shows their code, as a page does, and the doctest builder never runs it.
CODE_DIRECTIVES: dict[str, tuple[str, ...]] = {
    "ifconfig": ("sphinx.ext.ifconfig",),
    "plot": ("matplotlib.sphinxext.plot_directive",),
    "jupyter-execute": ("jupyter_sphinx", "jupyter_sphinx.execute"),
    "exec": ("sphinx_exec_directive", "sphinxcontrib.exec"),
    "exec_code": ("sphinx_exec_code",),
    "program-output": ("sphinxcontrib.programoutput",),
    "command-output": ("sphinxcontrib.programoutput",),
}
_CODE_REASONS = {"program-output": _COMMAND, "command-output": _COMMAND}

#: Directives whose name starts with this import the code they document (autodoc's
#: ``automodule``, ``autoclass``…, ``autosummary``, ``autoprogram``): all are refused.
REFUSED_PREFIX = "auto"
_IMPORTS = "it imports the code it documents"
#: Directives refused only with some options (``csv-table :file:`` reads a file).
REFUSED_OPTIONS: dict[str, tuple[str, ...]] = {"csv-table": ("file", "url")}

#: Anything that could make reStructuredText differ from its plain reading: inline markup,
#: references, substitutions, escapes, autolinked URLs and e-mail addresses, a line break
#: inside a paragraph (titles, definition lists, line continuation), indentation, and the
#: characters that start lists, fields, options, comments, directives, tables and doctests.
#: Text with none of these parses to exactly its paragraphs, so the parser is skipped: most
#: term text is prose, and a parse costs about a millisecond per text.
MAY_BE_MARKUP = re.compile(
    r"""[`*_|\\\[\]<>@]|::|://|(?<!\n)\n(?!\n)|^[^\S\n]|^[-+*#:.>(=]|^\w+[.)](?:\s|$)""",
    re.MULTILINE,
)

#: How far below a field's line its text is searched for, line by line (a term's text is
#: short; an escaped line that is never found must not scan the rest of a large file).
SEARCH_LINES = 400

_DIRECTIVE = re.compile(r"^\s*\.\.\s+([\w:-]+)::")
_OPTION = re.compile(r"^\s+:([\w-]+):")
# docutils' words for what only a Sphinx project can settle (its roles and directives).
_PROJECT_SPECIFIC = ("Unknown interpreted text role", "Unknown directive type")
# docutils' words for a directive that raw_enabled or file_insertion_enabled turned off.
_REFUSED_WORDS = ("directive disabled", "not enabled", "access deactivated")


def refusal_of(name: str) -> str | None:
    """Why term text may not use the directive ``name`` (as written: any case, with or
    without a domain), or None if it may.

    >>> refusal_of("py:currentmodule")
    'it changes the page outside the entry'
    >>> refusal_of("note") is None
    True
    """
    local = name.lower().rpartition(":")[2]
    if local in REFUSED_DIRECTIVES:
        return REFUSED_DIRECTIVES[local]
    if local in CODE_DIRECTIVES:
        return _CODE_REASONS.get(local, _PYTHON)
    return _IMPORTS if local.startswith(REFUSED_PREFIX) else None


def _absent_from(name: str, extensions: Collection[str] | None) -> bool:
    """Whether ``name`` runs code only through extensions that the project does not load
    (``extensions`` ``None``: the project is unknown, and nothing is assumed absent)."""
    local = name.lower().rpartition(":")[2]
    if extensions is None:
        return False
    if local in CODE_DIRECTIVES:
        return not set(CODE_DIRECTIVES[local]) & set(extensions)
    if local.startswith(REFUSED_PREFIX) and local not in REFUSED_DIRECTIVES:
        return not {"sphinx.ext.autodoc", "sphinx.ext.autosummary"} & set(extensions)
    return False


def text_lines(text: str, term: Term, place: str) -> StringList:
    """The lines of a piece of term text, each with its file and line in the term file.

    Formats fold and quote text (a YAML block scalar starts below its key, a JSON string
    holds ``\\n``), so each line is searched for in the file after the previous one; a line
    not found (escaped) gets the line of the previous one.
    """
    where = term.location_of(place)
    file_path = where.path
    line, column = where.line or term.location.line or 1, 0
    lines = text.splitlines()
    items = []
    for content in lines:
        needle = content.strip()
        found = find_after(file_path, line, column, needle, SEARCH_LINES) if needle else None
        if found is not None:
            line, column = found
        items.append((file_path, line - 1))  # StringList offsets are 0-based
    return StringList(lines, items=items)


def line_of(path: str, line: int, markup: str) -> int:
    """The line at or below ``line`` of the term file ``path`` on which ``markup`` (as
    written: a role, a substitution, an image's path) starts; ``line`` if it is not found.

    docutils knows only the first line of a paragraph, and some versions give an image no
    line at all.
    """
    needle = markup.partition("\n")[0].strip()
    found = find_after(path, line, 0, needle, SEARCH_LINES) if needle else None
    return line if found is None else found[0]


def term_texts(term: Term) -> Iterator[tuple[str, str]]:
    """Each piece of a term's text with its place (``definition``, ``sections:Origin``…)."""
    yield "definition", term.definition
    for title, text in term.sections:
        yield f"sections:{title}", text
    for note in term.notes:
        yield f"notes:{note}", note


def check_term_markup(terms: Iterable[Term]) -> list[Diagnostic]:
    """The problems of every reStructuredText term text that docutils alone can see."""
    diagnostics: list[Diagnostic] = []
    for term in terms:
        if term.markup != "rst":
            continue
        for place, text in term_texts(term):
            if MAY_BE_MARKUP.search(text.strip()):
                diagnostics.extend(_check_text(term, place, text))
    return diagnostics


def _check_text(term: Term, place: str, text: str) -> Iterator[Diagnostic]:
    lines = text_lines(text, term, place)

    def located(index: int) -> Location:
        source, offset = lines.info(min(max(index, 0), len(lines) - 1))
        return Location(str(source), int(offset or 0) + 1)

    yield from _refused(lines, located)
    settings = get_default_settings(Parser)
    settings.report_level = 5  # collected from the tree, not printed
    settings.halt_level = 5
    settings.raw_enabled = settings.file_insertion_enabled = False
    document = new_document(str(term.location.path), settings)
    try:
        Parser().parse(text, document)
    except Exception as error:  # noqa: BLE001 - docutils gives up on some input
        yield Diagnostic(
            WarningSubtype.TERM_MARKUP, f"cannot parse the text of term {term.name!r}: {error}",
            located(0),
        )
        return
    for message in document.findall(nodes.system_message):
        first = message.next_node(nodes.paragraph)
        words = (first or message).astext().strip()
        if message["level"] < 2 or words.startswith(_PROJECT_SPECIFIC):
            continue
        if any(refused in words for refused in _REFUSED_WORDS):
            continue  # a refused directive, reported above in our words
        line = message.get("line")
        yield Diagnostic(
            WarningSubtype.TERM_MARKUP,
            f"in the text of term {term.name!r}: {words}",
            located((line or 1) - 1),
        )
    # (docutils reports these in a transform, which a bare parse does not run.)
    for reference in document.findall(nodes.substitution_reference):
        name = reference["refname"]
        if name not in document.substitution_defs and name not in document.substitution_names:
            where = located((reference.line or 1) - 1)
            yield Diagnostic(
                WarningSubtype.TERM_MARKUP,
                f"in the text of term {term.name!r}: substitution |{reference.astext()}| is "
                "not defined in the text (a page shows it only if the project's rst_prolog or "
                "rst_epilog defines it)",
                Location(where.path, line_of(where.path, where.line or 1, reference.rawsource)),
            )


def _refused(lines: StringList, located: Callable[[int], Location]) -> Iterator[Diagnostic]:
    """Refused directives (and refused options of :data:`REFUSED_OPTIONS` directives), at the
    directive's line as the build reports them."""
    current, start = "", 0
    for index, line in enumerate(lines):
        directive = _DIRECTIVE.match(line)
        if directive:
            current, start = directive.group(1).lower(), index
            reason = refusal_of(current)
            if reason is not None:
                yield _refusal(current, reason, located(start))
            continue
        option = _OPTION.match(line)
        if option and option.group(1) in REFUSED_OPTIONS.get(current, ()):
            yield _refusal(f"{current} :{option.group(1)}:", "it reads a file", located(start))
        elif line.strip() and not line[:1].isspace():
            current = ""


#: A MyST directive fence, ```` ```{name} ```` or ``:::{name}``.
_MYST_DIRECTIVE = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{([\w:-]+)\}")


def refused_in(text: str, markup: str, extensions: Collection[str] | None = None) -> list[str]:
    """What term text ``text`` uses that the build refuses (``include``, ``raw``,
    ``csv-table :file:``…), as the names the warnings give them; empty if nothing.

    :param extensions: the project's extensions, if known: a directive that runs code is
        refused only where an extension gives it (elsewhere it is an unknown directive).

    >>> refused_in("A.\\n\\n.. include:: other.rst\\n", "rst")
    ['include']
    >>> refused_in("A.\\n\\n```{raw} html\\n<b>\\n```\\n", "myst")
    ['raw']
    >>> code = "A.\\n\\n```{jupyter-execute}\\n1 + 1\\n```\\n"
    >>> refused_in(code, "myst"), refused_in(code, "myst", ["jupyter_sphinx"])
    (['jupyter-execute'], ['jupyter-execute'])
    >>> refused_in(code, "myst", ["myst_parser"])  # unknown there: nothing runs
    []
    """
    found: list[str] = []
    current = ""
    for line in text.split("\n"):
        directive = _DIRECTIVE.match(line) or (
            _MYST_DIRECTIVE.match(line) if markup == "myst" else None
        )
        if directive:
            current = directive.group(1).lower()
            if refusal_of(current) is not None and not _absent_from(current, extensions):
                found.append(current)
            continue
        option = _OPTION.match(line) or (re.match(r"^:([\w-]+):", line) if current else None)
        if option and option.group(1) in REFUSED_OPTIONS.get(current, ()):
            found.append(f"{current} :{option.group(1)}:")
        elif line.strip() and not line[:1].isspace() and not line.startswith(":"):
            current = ""
    return found


def _refusal(what: str, reason: str, where: Location) -> Diagnostic:
    return Diagnostic(
        WarningSubtype.TERM_MARKUP,
        f"'{what}' is refused in term text ({reason}); it is left out",
        where,
    )
