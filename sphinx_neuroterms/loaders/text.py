"""The plain-text glossary page importer (SPEC section 3): one scraped web page, one term.

The layout, as the glossary site serves it::

    Neurochemical Imbalance describes ...      <- first paragraph: the definition and the name
    Origin                                     <- a short line without end punctuation: a heading
    The concept ...                            <- the paragraph after a heading: its section text
    Mechanism
    The mechanism ...
    A further one-line statement.              <- after the last section: a note
    We use cookies ...                         <- site boilerplate: dropped

Paragraphs are separated by single newlines (as in the seeds) or by blank lines. A file that
separates paragraphs with blank lines may hard-wrap them; the wrapped lines are joined.

Nothing but boilerplate is dropped: a line that fits nowhere is kept as a note and reported
as :attr:`~sphinx_neuroterms.terms.diagnostics.WarningSubtype.TEXT_UNPLACED`. Scraped text is
untrusted, so every term is plain text (``markup="text"``) whatever the options say.

The work is linear in the size of the page: every line is classified once, and the regular
expressions are compiled once per process (user patterns once per distinct tuple).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import PurePath

from sphinx_neuroterms.loaders import LoaderOptions, LoadResult
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location, Term
from sphinx_neuroterms.terms.names import term_key

#: Verbs (and verb phrases) that end the term name opening the definition, e.g. "X refers to
#: ...". Matched case-sensitively as whole words, so a capitalised "Is" inside a name does not
#: end it. Extend freely: longer phrases are tried first where they start at the same place.
DEFINING_VERBS: tuple[str, ...] = (
    "is defined as",
    "is described as",
    "is the term for",
    "refers to",
    "describes",
    "represents",
    "denotes",
    "designates",
    "signifies",
    "means",
    "are",
    "is",
)

#: Articles stripped from the front of a name ("A Neurotransmitter ..." names
#: ``Neurotransmitter ...``).
LEADING_ARTICLES: tuple[str, ...] = ("A", "An", "The")

#: First words that make an opening phrase a reference to something else, not a name
#: ("This page describes ..." names nothing).
NON_NAME_FIRST_WORDS: frozenset[str] = frozenset(
    {"it", "this", "these", "that", "those", "such", "there", "here", "we", "you", "they", "our"}
)

#: The longest name, in words and in characters, that the opening phrase may be; anything
#: longer is a sentence that happens to contain "is", not a name.
MAX_NAME_WORDS = 8
MAX_NAME_CHARS = 80

#: A heading is a line of at most this many words and characters, starting with an upper-case
#: letter or a digit ("5-HT Receptors") and not ending in sentence punctuation (below).
MAX_HEADING_WORDS = 8
MAX_HEADING_CHARS = 60

#: Characters that end a heading candidate's claim: a line ending in one is a sentence.
HEADING_TERMINATORS = ".!?:;,"

#: Built-in boilerplate: the cookie banner and consent preferences of the seed pages, and their
#: usual variants. Every pattern is anchored on site/consent vocabulary ("analytics cookies",
#: "cookie preferences", "our free resources"), never on a bare topic word, so a note about
#: "marketing of sugary cookies" and dopamine survives. Written in lower case and searched in
#: the lower-cased line (about three times faster than ``re.IGNORECASE``, and this search is
#: most of the importer's time); a matching line is dropped wherever it is on the page.
BUILTIN_BOILERPLATE: tuple[str, ...] = (
    # "We use cookies to personalize ...", "This website uses cookies ..."
    r"\b(?:we|this\s+(?:site|website|page)|our\s+(?:site|website))\s+uses?\s+cookies\b",
    # "Detailed Cookie Preferences" (a heading look-alike), "Cookie Policy", "cookie settings"
    r"\bcookies?\s+(?:preferences|settings|policy|consent|notice|banner|choices|declaration)\b",
    # "Analytics cookies help us ...", "Personalization cookies enable us ..."
    (
        r"\b(?:analytics?|analytical|personali[sz]ation|marketing|advertising|targeting|tracking"
        r"|functional(?:ity)?|performance|preference|(?:strictly\s+)?necessary|essential"
        r"|third[-\s]party)\s+cookies\b"
    ),
    # Consent buttons: "Accept all cookies", "Reject cookies"
    r"\b(?:accept|reject|allow|decline|refuse)\s+(?:all\s+)?cookies\b",
    # "... manage your preferences below."
    r"\bmanage\s+your\s+(?:cookie\s+|privacy\s+|consent\s+)?(?:preferences|settings|choices)\b",
    # "This helps support our free resources through personalized marketing ..."
    r"\b(?:support|maintain)\s+(?:the\s+quality\s+of\s+)?our\s+free\s+resources\b",
    r"\bdo\s+not\s+sell\s+(?:or\s+share\s+)?my\s+personal\s+information\b",
)

_BUILTIN_BOILERPLATE_RE = re.compile("|".join(BUILTIN_BOILERPLATE))

# Longest phrase first: the alternation then prefers "is defined as" over "is" at one place.
_VERB_ALTERNATION = "|".join(
    re.escape(verb) for verb in sorted(DEFINING_VERBS, key=len, reverse=True)
)
# The name may hold letters, digits, hyphens, brackets, apostrophes, slashes and the like, but
# no sentence or clause punctuation, which bounds the scan to the opening clause. The bounded
# repeat keeps a verb-less 2,000-character paragraph from being rescanned.
_NAME_RE = re.compile(
    rf"(?P<name>[^\s.,;:!?][^.,;:!?]{{0,{MAX_NAME_CHARS}}}?)\s+(?:{_VERB_ALTERNATION})(?!\w)"
)
_ARTICLE_RE = re.compile(rf"(?:{'|'.join(LEADING_ARTICLES)})\s+(?=\S)")
# A sentence ends in . ! or ?, possibly followed by closing quotes or brackets.
_SENTENCE_END_RE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
_STEM_SEPARATORS_RE = re.compile(r"[\s_\-]+")
# How much of a line a diagnostic quotes.
_QUOTE_CHARS = 60


@dataclass(frozen=True, slots=True)
class _Unit:
    """One placed piece of the page: a heading or a paragraph, at its first line."""

    text: str
    line: int
    is_heading: bool


def load_text(text: str, display_path: str, options: LoaderOptions) -> LoadResult:
    """Load one plain-text glossary page as one term.

    :param text: the decoded page, ``\\n`` line ends, no BOM.
    :param display_path: the path shown in locations and diagnostics.
    :param options: ``options.boilerplate`` adds regular expressions (searched in each line,
        as written, so use ``(?i)`` for case-insensitive ones); ``options.markup`` is ignored,
        because scraped pages are always plain text.
    :return: at most one term, and every problem found.
    """
    diagnostics: list[Diagnostic] = []
    user_patterns, pattern_errors = compile_boilerplate(options.boilerplate)
    diagnostics.extend(
        Diagnostic(WarningSubtype.CONFIG, message, Location(display_path, 1))
        for message in pattern_errors
    )
    units, dropped = _split_units(text, user_patterns)
    first_paragraph = next((unit for unit in units if not unit.is_heading), None)
    if first_paragraph is None:
        # Headings alone cannot make a term, but they are reported rather than lost silently.
        reason = "only boilerplate" if dropped else "no text"
        if units:
            reason = "no paragraph, only heading-like lines"
        diagnostics.append(
            Diagnostic(
                WarningSubtype.INVALID_TERM,
                f"the glossary page has {reason}, so no definition; no term is made",
                Location(display_path, units[0].line if units else 1),
            )
        )
        return LoadResult([], diagnostics)

    definition = first_paragraph.text
    name = extract_name(definition)
    if name is None:
        name = _name_from_path(display_path)
        diagnostics.append(
            Diagnostic(
                WarningSubtype.TEXT_NO_NAME,
                f"the first paragraph does not open with a term name followed by a verb such "
                f"as 'is', 'refers to' or 'describes'; the file name gives the name {name!r}",
                Location(display_path, first_paragraph.line),
            )
        )
    sections, notes = _place(units, first_paragraph, display_path, diagnostics)
    term = Term(
        name=name,
        definition=definition,
        location=Location(display_path, first_paragraph.line),
        sections=sections,
        notes=notes,
        markup="text",
    )
    return LoadResult([term], diagnostics)


def extract_name(definition: str) -> str | None:
    """The term name that opens a definition, without a leading article; ``None`` if none.

    :param definition: the first paragraph of a page.
    :return: the noun phrase before the first defining verb (:data:`DEFINING_VERBS`), its
        case as written, or ``None`` when there is no such verb in the opening clause or the
        phrase is too long or starts like a reference ("This ...").

    >>> extract_name("A Neurotransmitter Imbalance Consequence is a downstream effect.")
    'Neurotransmitter Imbalance Consequence'
    >>> extract_name("Neurotransmitter imbalance refers to a state.")
    'Neurotransmitter imbalance'
    >>> extract_name("This page describes a state.") is None
    True
    """
    match = _NAME_RE.match(definition)
    if match is None:
        return None
    name = match["name"].strip()
    article = _ARTICLE_RE.match(name)
    if article is not None:
        name = name[article.end() :]
    words = name.split()
    if (
        not words
        or len(words) > MAX_NAME_WORDS
        or len(name) > MAX_NAME_CHARS
        or words[0].casefold() in NON_NAME_FIRST_WORDS
    ):
        return None
    return " ".join(words)


def pattern_error(pattern: str) -> str | None:
    """Why a regular expression does not compile, or ``None`` when it does.

    The one check of boilerplate patterns: the configuration check reports a bad one once per
    build (and keeps the others), the loader passes it over for each page it reads.
    """
    try:
        re.compile(pattern)
    except re.error as error:
        return str(error)
    return None


@functools.lru_cache(maxsize=64)
def compile_boilerplate(
    patterns: tuple[str, ...],
) -> tuple[tuple[re.Pattern[str], ...], tuple[str, ...]]:
    """Compile user boilerplate patterns once per distinct tuple.

    :param patterns: regular expressions as the user wrote them.
    :return: the patterns that compiled, and one message per pattern that did not.
    """
    compiled: list[re.Pattern[str]] = []
    errors: list[str] = []
    for pattern in patterns:
        error = pattern_error(pattern)
        if error is None:
            compiled.append(re.compile(pattern))
        else:
            errors.append(f"invalid boilerplate pattern {pattern!r} ({error}); it is ignored")
    return tuple(compiled), tuple(errors)


def _split_units(text: str, user_patterns: tuple[re.Pattern[str], ...]) -> tuple[list[_Unit], bool]:
    """Cut a page into headings and paragraphs, dropping boilerplate lines.

    :return: the units in page order, and whether any boilerplate was dropped.
    """
    # A run is a block of consecutive content lines; blank and boilerplate lines end runs.
    runs: list[list[tuple[int, str]]] = [[]]
    dropped = False
    seen_content = False
    blank_since_content = False
    blank_separated = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = " ".join(raw.split())  # collapses tabs, NBSPs and runs of spaces
        if not line:
            blank_since_content = seen_content
        elif _BUILTIN_BOILERPLATE_RE.search(line.lower()) or any(
            p.search(line) for p in user_patterns
        ):
            dropped = True
        else:
            # Only a blank line *between* content lines switches the page to blank-line
            # paragraphs; leading and trailing blank lines say nothing about the layout.
            blank_separated = blank_separated or blank_since_content
            seen_content = True
            blank_since_content = False
            runs[-1].append((number, line))
            continue
        if runs[-1]:
            runs.append([])
    runs = [run for run in runs if run]
    if not runs:
        return [], dropped
    first_number = runs[0][0][0]
    if not blank_separated:
        # Single-newline layout (the seeds): every line is a heading or a paragraph of its own.
        return [
            _Unit(line, number, _is_heading(line, first=number == first_number))
            for run in runs
            for number, line in run
        ], dropped
    return _wrapped_units(runs, first_number), dropped


def _wrapped_units(runs: list[list[tuple[int, str]]], first_number: int) -> list[_Unit]:
    """Units of a blank-line-separated page, whose paragraphs may be hard-wrapped.

    Inside a run, a line break is a paragraph break only where the earlier line ends a
    sentence, the next starts one, and the earlier line is not *filled*: a greedy wrapper
    would have put the next word on it. The wrap width is estimated from the lines that are
    certainly wrapped (they break mid-sentence), so pages that are not wrapped at all keep
    every sentence-final line break, as the single-newline layout does.
    """
    width = max(
        (
            len(line)
            for run in runs
            for _, line in run[:-1]
            if not _SENTENCE_END_RE.search(line) and not _is_heading(line, first=False)
        ),
        default=0,
    )
    units: list[_Unit] = []
    for run in runs:
        buffer: list[str] = []
        start = 0
        for index, (number, line) in enumerate(run):
            following = run[index + 1][1] if index + 1 < len(run) else None
            if buffer and _breaks(buffer[-1], line, width):
                units.append(_Unit(" ".join(buffer), start, is_heading=False))
                buffer = []
            if (
                not buffer
                and _is_heading(line, first=number == first_number)
                and (
                    following is None
                    or (_starts_sentence(following) and not _filled(line, following, width))
                )
            ):
                units.append(_Unit(line, number, is_heading=True))
                continue
            if not buffer:
                start = number
            buffer.append(line)
        if buffer:
            units.append(_Unit(" ".join(buffer), start, is_heading=False))
    return units


def _breaks(before: str, after: str, width: int) -> bool:
    """Whether the line break between two lines of one run ends a paragraph."""
    return (
        bool(_SENTENCE_END_RE.search(before))
        and _starts_sentence(after)
        and not _filled(before, after, width)
    )


def _filled(before: str, after: str, width: int) -> bool:
    """Whether ``before`` was full at ``width``: the first word of ``after`` would not fit.

    A line longer than the width was never wrapped at it, so it is not "filled".
    """
    first_word = after.split(" ", 1)[0]
    return width > 0 and len(before) <= width < len(before) + 1 + len(first_word)


def _starts_sentence(line: str) -> bool:
    """Whether a line starts like a sentence: an upper-case letter, a digit or a quote."""
    first = line[0]
    return first.isupper() or first.isdigit() or first in "\"'\u201c\u2018(["


def _is_heading(line: str, *, first: bool) -> bool:
    """Whether a line looks like a section heading (see :data:`MAX_HEADING_WORDS`).

    :param first: the page's first content line, which is the definition instead whenever a
        name can be read from it ("Serotonin is a neurotransmitter" without a full stop).
    """
    if (
        len(line) > MAX_HEADING_CHARS
        or len(line.split()) > MAX_HEADING_WORDS
        or line[-1] in HEADING_TERMINATORS
        or not (line[0].isupper() or line[0].isdigit())
    ):
        return False
    return not (first and extract_name(line) is not None)


def _place(
    units: list[_Unit], definition: _Unit, display_path: str, diagnostics: list[Diagnostic]
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """Assign the units after the definition to sections and notes.

    :return: the sections in page order, and the notes in page order, unplaced lines included.
    """
    # Titles compare by term_key; the value is [title as first written, text].
    sections: dict[str, list[str]] = {}
    notes: list[str] = []
    # Notes are what follows the last heading that starts a section (one with a paragraph
    # after it); a trailing heading with nothing under it does not turn notes into strays.
    last_section = max(
        (
            index
            for index, unit in enumerate(units[:-1])
            if unit.is_heading and not units[index + 1].is_heading
        ),
        default=-1,
    )
    seen_definition = False
    index = 0
    while index < len(units):
        unit = units[index]
        following = units[index + 1] if index + 1 < len(units) else None
        if unit is definition:
            seen_definition = True
        elif not seen_definition:
            _unplaced(unit, "it comes before the definition", notes, display_path, diagnostics)
        elif unit.is_heading:
            if following is None or following.is_heading:
                _unplaced(
                    unit, "a heading with no paragraph after it", notes, display_path, diagnostics
                )
            else:
                key = term_key(unit.text)
                if key in sections:
                    # A repeated title continues the earlier section (a paragraph break
                    # between the texts) instead of renaming it "Origin (2)": titles stay
                    # unique, so `neuroterms import` can write sections as a YAML mapping.
                    sections[key][1] += "\n\n" + following.text
                else:
                    sections[key] = [unit.text, following.text]
                index += 2
                continue
        elif last_section < index:
            # After the last section (or after the definition of a page without sections):
            # the further one-line statements that the layout calls notes.
            notes.append(unit.text)
        elif not sections:
            _unplaced(
                unit,
                "it comes between the definition and the first section",
                notes,
                display_path,
                diagnostics,
            )
        else:
            _unplaced(
                unit,
                "a second paragraph in a section, before the next heading",
                notes,
                display_path,
                diagnostics,
            )
        index += 1
    placed = tuple((title, text) for title, text in sections.values())
    return placed, tuple(notes)


def _unplaced(
    unit: _Unit,
    reason: str,
    notes: list[str],
    display_path: str,
    diagnostics: list[Diagnostic],
) -> None:
    """Keep an unplaceable unit as a note and report it at its line."""
    notes.append(unit.text)
    quoted = unit.text if len(unit.text) <= _QUOTE_CHARS else unit.text[:_QUOTE_CHARS] + "…"
    diagnostics.append(
        Diagnostic(
            WarningSubtype.TEXT_UNPLACED,
            f"cannot place {quoted!r} ({reason}); it is kept as a note",
            Location(display_path, unit.line),
        )
    )


def _name_from_path(display_path: str) -> str:
    """A fallback name from the file stem: ``neuro_balance-state.txt`` → ``neuro balance state``."""
    stem = PurePath(display_path).stem
    return _STEM_SEPARATORS_RE.sub(" ", stem).strip() or stem or display_path
