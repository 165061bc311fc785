"""The plain-text glossary page importer (SPEC section 3), on the seed pages and on fixtures.

The seed pages are third-party text and live outside the repository; the fixtures in
``tests/data/text`` mirror their layout in their own words, so the same checks always run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_neuroterms.loaders import LoaderOptions, load_file
from sphinx_neuroterms.loaders.text import (
    BUILTIN_BOILERPLATE,
    DEFINING_VERBS,
    compile_boilerplate,
    extract_name,
    load_text,
)
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location, Term

SEEDS_DIR = Path(__file__).parents[2] / "shared" / "seeds"
DATA_DIR = Path(__file__).parent / "data" / "text"
SEEDLIKE_DIR = DATA_DIR / "seedlike"

#: What the five seed pages (and the five look-alike fixtures) name, in file-name order.
SEED_NAMES = (
    "Neurochemical Imbalance",
    "Neurotransmitter imbalance",
    "Neurochemical Balance State",
    "Neurochemical Balance",
    "Neurotransmitter Imbalance Consequence",
)
SEED_NOTE_COUNTS = (1, 2, 0, 0, 0)
#: Every seed page ends in the same five lines of cookie banner and consent preferences.
SEED_BOILERPLATE_LINES = 5

NO_OPTIONS = LoaderOptions()


def _load(name: str, options: LoaderOptions = NO_OPTIONS) -> tuple[list[Term], list[Diagnostic]]:
    """Load a fixture end to end (read, decode, load), shown by its bare file name."""
    result = load_file(DATA_DIR / name, options, display_path=name)
    return result.terms, result.diagnostics


def _where(diagnostics: list[Diagnostic]) -> list[tuple[WarningSubtype, int | None]]:
    return [(d.subtype, d.location.line) for d in diagnostics]


# --- the seed layout: the seeds themselves and the fixtures that mirror them ----------------


def _check_seed_folder(folder: Path) -> None:
    paths = sorted(folder.glob("*.txt"))
    assert len(paths) == len(SEED_NAMES)
    for path, name, note_count in zip(paths, SEED_NAMES, SEED_NOTE_COUNTS, strict=True):
        raw = path.read_text(encoding="utf-8")
        assert not raw.endswith("\n"), "the layout has no newline at the end of the file"
        lines = raw.split("\n")
        # definition, two headings with their paragraphs, the notes, then only boilerplate:
        # so nothing but the boilerplate may have been dropped.
        assert len(lines) == 5 + note_count + SEED_BOILERPLATE_LINES
        result = load_file(path)
        assert result.diagnostics == []
        assert result.terms == [
            Term(
                name=name,
                definition=lines[0],
                location=Location(str(path), 1),
                sections=(("Origin", lines[2]), ("Mechanism", lines[4])),
                notes=tuple(lines[5 : 5 + note_count]),
                markup="text",
            )
        ]
        term = result.terms[0]
        assert all(text for _, text in term.sections)
        assert "cookie" not in repr(term).casefold()


def test_seed_pages() -> None:
    if not SEEDS_DIR.is_dir():
        pytest.skip("the seed pages (third-party text, not in the repository) are not available")
    _check_seed_folder(SEEDS_DIR)


def test_seedlike_fixtures() -> None:
    _check_seed_folder(SEEDLIKE_DIR)


def test_seedlike_fixture_full_term() -> None:
    path = SEEDLIKE_DIR / "05_neurotransmitter_imbalance_consequence.txt"
    [term] = load_file(path, display_path="05.txt").terms
    assert term.name == "Neurotransmitter Imbalance Consequence"
    assert term.definition.startswith("A Neurotransmitter Imbalance Consequence is a clinical")
    assert term.definition.endswith("for choosing targeted drug or nutrition treatments.")
    assert term.location == Location("05.txt", 1)
    assert [title for title, _ in term.sections] == ["Origin", "Mechanism"]
    assert term.sections[1][1].startswith("Take cholinergic health:")
    assert term.notes == ()
    assert (term.aliases, term.see_also, term.tags, term.source) == ((), (), (), None)


# --- variants of the layout ---------------------------------------------------------------


def test_blank_line_paragraphs_hard_wrapped() -> None:
    terms, diagnostics = _load("blank_lines_wrapped.txt")
    assert diagnostics == []
    assert terms == [
        Term(
            name="Dopamine Dysregulation",
            definition=(
                "Dopamine Dysregulation is defined as a lasting departure of dopamine signalling "
                "from its usual range, through too much release, too little, or receptors that "
                "answer poorly. It touches drive, movement and reward. Clinicians meet it in "
                "addiction, in Parkinson's disease and in ADHD."
            ),
            # line 1 is blank: the location is the definition's first line
            location=Location("blank_lines_wrapped.txt", 2),
            sections=(
                (
                    "Origin",
                    (
                        "The label grew out of research on Parkinson's disease and on addiction, "
                        "where both shortage and excess of dopamine gave recognisable patterns. "
                        "Later work widened it to mood and attention."
                    ),
                ),
                (
                    "Mechanism",
                    (
                        "Stress hormones, short sleep and some drugs change how much dopamine is "
                        "released and how fast it is cleared. Receptors adapt in turn, so that the "
                        "same signal no longer carries the same weight."
                    ),
                ),
            ),
            # two one-line notes on consecutive lines stay two notes
            notes=(
                "Sleep loss over a few nights can blunt dopamine receptors.",
                "Regular exercise tends to support a healthy dopamine turnover.",
            ),
            markup="text",
        )
    ]


def test_crlf_and_bom_end_to_end() -> None:
    raw = (DATA_DIR / "crlf_bom.txt").read_bytes()
    # Guard the fixture itself: a checkout that rewrote line ends would make this test moot.
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 5
    terms, diagnostics = _load("crlf_bom.txt")
    assert diagnostics == []
    assert terms == [
        Term(
            name="Synaptic Pruning",
            definition=(
                "Synaptic Pruning denotes the removal of little-used connections between "
                "neurons, which sharpens the circuits that remain."
            ),
            location=Location("crlf_bom.txt", 1),
            sections=(
                (
                    "Origin",
                    (
                        "Anatomists counting synapses in the twentieth century saw that children "
                        "have far more of them than adults do."
                    ),
                ),
                (
                    "Mechanism",
                    (
                        "Microglia and complement proteins tag weak synapses, which are then "
                        "engulfed and broken down."
                    ),
                ),
            ),
            notes=("Pruning is most active in childhood and again in adolescence.",),
            markup="text",
        )
    ]


def test_three_sections_with_other_titles() -> None:
    terms, diagnostics = _load("three_sections.txt")
    assert diagnostics == []
    assert terms == [
        Term(
            name="Serotonin Syndrome",
            definition=(
                "Serotonin Syndrome represents a potentially dangerous excess of serotonin "
                "activity, most often after two serotonergic medicines are combined."
            ),
            location=Location("three_sections.txt", 1),
            sections=(
                (
                    "Clinical Relevance",
                    "It is easy to miss because early signs resemble anxiety or a viral illness.",
                ),
                (
                    "Signs and Symptoms",
                    (
                        "Agitation, a racing heart, sweating, muscle twitching and a raised "
                        "temperature are typical."
                    ),
                ),
                (
                    "Treatment",
                    (
                        "Stopping the medicines responsible and supportive care usually settle it "
                        "within a day or two."
                    ),
                ),
            ),
            notes=("Mild cases are far more common than severe ones.",),
            markup="text",
        )
    ]


def test_duplicate_section_title_continues_the_first() -> None:
    terms, diagnostics = _load("duplicate_sections.txt")
    assert diagnostics == []
    [term] = terms
    # "ORIGIN" repeats "Origin" (titles compare case-insensitively): its text is appended to
    # the first one after a paragraph break, which keeps its place and its spelling.
    assert term.sections == (
        (
            "Origin",
            (
                "It was first measured in saliva samples in the 1990s.\n\n"
                "Later studies tied its size to chronic stress and sleep quality."
            ),
        ),
        (
            "Mechanism",
            (
                "The suprachiasmatic nucleus and light exposure prime the adrenal glands for the "
                "morning surge."
            ),
        ),
    )
    assert term.notes == ()


def test_user_boilerplate_patterns() -> None:
    options = LoaderOptions(boilerplate=(r"(?i)subscribe to our newsletter", r"^Share this page"))
    terms, diagnostics = _load("user_boilerplate.txt", options)
    assert diagnostics == []
    assert terms == [
        Term(
            name="Acetylcholine Deficit",
            definition=(
                "Acetylcholine Deficit means a shortfall of acetylcholine signalling in the "
                "brain or at the junctions between nerves and muscles."
            ),
            location=Location("user_boilerplate.txt", 2),
            sections=(
                (
                    "Origin",
                    (
                        "Early pharmacologists linked the shortfall to memory complaints "
                        "after drugs "
                        "that block acetylcholine were found to impair recall."
                    ),
                ),
                (
                    "Mechanism",
                    (
                        "Too little choline, slow synthesis or fast breakdown by cholinesterase "
                        "leaves fewer molecules to carry each signal."
                    ),
                ),
            ),
            notes=("Eggs and soybeans are rich sources of choline.",),
            markup="text",
        )
    ]


def test_without_user_patterns_site_lines_are_kept() -> None:
    terms, diagnostics = _load("user_boilerplate.txt")
    [term] = terms
    # The share line looks like a heading before the definition: kept and reported.
    assert term.notes == (
        "Share this page: Facebook | X | Email",
        "Subscribe to our newsletter for weekly brain-health tips!",
        "Eggs and soybeans are rich sources of choline.",
    )
    assert _where(diagnostics) == [(WarningSubtype.TEXT_UNPLACED, 1)]


def test_invalid_user_pattern_is_reported_not_raised() -> None:
    options = LoaderOptions(boilerplate=("([", r"(?i)subscribe to our newsletter"))
    terms, diagnostics = _load("user_boilerplate.txt", options)
    assert diagnostics[0] == Diagnostic(
        WarningSubtype.CONFIG,
        diagnostics[0].message,
        Location("user_boilerplate.txt", 1),
    )
    assert "invalid boilerplate pattern '(['" in diagnostics[0].message
    assert "ignored" in diagnostics[0].message
    # The valid pattern still applies; the share line is still reported as unplaced.
    assert _where(diagnostics[1:]) == [(WarningSubtype.TEXT_UNPLACED, 1)]
    [term] = terms
    assert term.notes == (
        "Share this page: Facebook | X | Email",
        "Eggs and soybeans are rich sources of choline.",
    )


def test_user_patterns_are_compiled_once() -> None:
    patterns = (r"^Share", "([")
    first = compile_boilerplate(patterns)
    assert compile_boilerplate(patterns) is first
    compiled, errors = first
    assert [p.pattern for p in compiled] == ["^Share"]
    assert len(errors) == 1


def test_unplaceable_lines_are_notes_and_reported() -> None:
    terms, diagnostics = _load("unplaced.txt")
    assert terms == [
        Term(
            name="Neuroplasticity",
            definition=(
                "Neuroplasticity describes the ability of the nervous system to rewire itself "
                "in response to learning, injury or experience."
            ),
            location=Location("unplaced.txt", 2),
            sections=(
                (
                    "Origin",
                    (
                        "The word was popularised in the twentieth century, "
                        "although the idea of an "
                        "adaptable brain is older."
                    ),
                ),
                (
                    "Mechanism",
                    (
                        "New synapses form, unused ones weaken, and existing connections change "
                        "their strength."
                    ),
                ),
            ),
            # page order, placed notes and unplaced lines alike
            notes=(
                "Glossary Entry",
                "Researchers often contrast it with the older view of a fixed adult brain.",
                "Key Studies",
                "Learning a skill reshapes the cortical areas involved.",
                "Further Reading",
                "Related Terms",
            ),
            markup="text",
        )
    ]
    # Line 9 is an ordinary note: it follows the last heading that has a paragraph under it,
    # and the two empty headings after it do not change that. The rest could not be placed.
    assert _where(diagnostics) == [
        (WarningSubtype.TEXT_UNPLACED, 1),
        (WarningSubtype.TEXT_UNPLACED, 3),
        (WarningSubtype.TEXT_UNPLACED, 6),
        (WarningSubtype.TEXT_UNPLACED, 10),
        (WarningSubtype.TEXT_UNPLACED, 11),
    ]
    assert all(d.location.path == "unplaced.txt" for d in diagnostics)
    assert "'Glossary Entry' (it comes before the definition)" in diagnostics[0].message
    assert "'Key Studies' (a heading with no paragraph after it)" in diagnostics[2].message
    assert "kept as a note" in diagnostics[3].message


def test_no_recognisable_name_falls_back_to_file_stem() -> None:
    terms, diagnostics = _load("no_name.txt")
    assert terms == [
        Term(
            name="no name",
            definition="This page explains how reward circuits respond to repeated stimulation.",
            location=Location("no_name.txt", 1),
            sections=(
                ("Origin", "The page was written for a general audience."),
                ("Mechanism", "Repeated stimulation reduces receptor numbers over time."),
            ),
            markup="text",
        )
    ]
    assert _where(diagnostics) == [(WarningSubtype.TEXT_NO_NAME, 1)]
    assert "the file name gives the name 'no name'" in diagnostics[0].message


def test_health_sense_of_marketing_and_cookies_is_kept() -> None:
    terms, diagnostics = _load("health_marketing.txt")
    assert diagnostics == []
    [term] = terms
    # The banner on line 1 and the "Cookie Settings" heading at the end are dropped ...
    assert term.location == Location("health_marketing.txt", 2)
    assert term.name == "Reward Sensitivity"
    assert [title for title, _ in term.sections] == ["Origin", "Mechanism"]
    # ... but notes that merely mention marketing or cookies are not.
    assert term.notes == (
        "Food marketing aimed at children exploits reward sensitivity.",
        "Sugary cookies and sweets trigger a quick dopamine response.",
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [("empty.txt", "has no text"), ("boilerplate_only.txt", "has only boilerplate")],
)
def test_page_without_definition_makes_no_term(name: str, reason: str) -> None:
    terms, diagnostics = _load(name)
    assert terms == []
    # A page with nothing usable is reported at its first line (Sphinx shows no "path::").
    assert _where(diagnostics) == [(WarningSubtype.INVALID_TERM, 1)]
    assert reason in diagnostics[0].message


# --- smaller cases, straight through load_text ----------------------------------------------


def _text(text: str, options: LoaderOptions = NO_OPTIONS) -> tuple[list[Term], list[Diagnostic]]:
    result = load_text(text, "page.txt", options)
    return result.terms, result.diagnostics


@pytest.mark.parametrize(
    ("definition", "name"),
    [
        (
            "A Neurotransmitter Imbalance Consequence is a downstream effect.",
            "Neurotransmitter Imbalance Consequence",
        ),
        (
            "The Neurochemical Balance State describes an equilibrium.",
            "Neurochemical Balance State",
        ),
        ("An Adrenergic Surge means a burst of adrenaline.", "Adrenergic Surge"),
        ("Neurotransmitter imbalance refers to a state.", "Neurotransmitter imbalance"),
        ("HPA Axis Strain is defined as overuse of the stress axis.", "HPA Axis Strain"),
        (
            "Gamma-aminobutyric acid (GABA) denotes the main inhibitor.",
            "Gamma-aminobutyric acid (GABA)",
        ),
        ("Hormesis represents a helpful response to mild stress.", "Hormesis"),
        ("Allostatic Load signifies accumulated wear.", "Allostatic Load"),
        ("Neurotrophins are proteins that support neurons.", "Neurotrophins"),
        ("Theta Rhythm is slow.", "Theta Rhythm"),  # "The" is stripped only as a whole word
        ("Anhedonia is the loss of pleasure.", "Anhedonia"),
        ("This page describes a state.", None),
        ("It is a state of the brain.", None),
        ("Stress, in the long run, is harmful.", None),  # a clause, not a name
        ("Nothing here has a defining verb at all.", None),
        ("One two three four five six seven eight nine is too long for a name.", None),
        ("Stress Is Bad is a slogan.", "Stress Is Bad"),  # verbs match in lower case only
    ],
)
def test_extract_name(definition: str, name: str | None) -> None:
    assert extract_name(definition) == name


def test_verb_list_is_a_module_constant() -> None:
    for verb in ("describes", "refers to", "is", "represents", "denotes", "is defined as"):
        assert verb in DEFINING_VERBS


def test_first_line_without_full_stop_is_the_definition() -> None:
    # A short first line would look like a heading; it reads as a definition, so it is one.
    terms, diagnostics = _text("Serotonin is a neurotransmitter\nOrigin\nFirst found in blood.")
    assert diagnostics == []
    assert terms == [
        Term(
            name="Serotonin",
            definition="Serotonin is a neurotransmitter",
            location=Location("page.txt", 1),
            sections=(("Origin", "First found in blood."),),
            markup="text",
        )
    ]


def test_page_without_sections_has_notes() -> None:
    terms, diagnostics = _text("Melatonin is a hormone of darkness.\nIt peaks at night.\n")
    assert diagnostics == []
    assert terms[0].sections == ()
    assert terms[0].notes == ("It peaks at night.",)


def test_only_headings_make_no_term() -> None:
    terms, diagnostics = _text("Origin\nMechanism\n")
    assert terms == []
    assert _where(diagnostics) == [(WarningSubtype.INVALID_TERM, 1)]


def test_leading_and_trailing_blank_lines_keep_single_line_layout() -> None:
    # Without a blank line *between* content, every line stays its own paragraph, even one
    # that does not end a sentence.
    text = (
        "\n\nDopamine is a messenger.\nOrigin\n"
        "Isolated from brain tissue in 1957 by a small team of pharmacologists\n"
        "and named after its precursor.\n\n"
    )
    terms, diagnostics = _text(text)
    assert diagnostics == []
    assert terms[0].location == Location("page.txt", 3)
    assert terms[0].sections == (
        ("Origin", "Isolated from brain tissue in 1957 by a small team of pharmacologists"),
    )
    assert terms[0].notes == ("and named after its precursor.",)


def test_unwrapped_blank_line_page_keeps_sentence_breaks() -> None:
    # Blank-line paragraphs that are not hard-wrapped: no wrap width can be estimated, so
    # every sentence-final line break inside a block separates paragraphs.
    text = (
        "Oxytocin is a hormone of bonding.\n\n"
        "Origin\nNamed from the Greek for swift birth.\n\n"
        "It rises during touch.\nIt falls under stress.\n"
    )
    terms, diagnostics = _text(text)
    assert diagnostics == []
    assert terms[0].sections == (("Origin", "Named from the Greek for swift birth."),)
    assert terms[0].notes == ("It rises during touch.", "It falls under stress.")


def test_heading_candidate_inside_wrapped_paragraph_is_text() -> None:
    # "Often short" starts a wrapped line after a mid-sentence break: a continuation, not a
    # heading, because headings only start paragraphs.
    text = (
        "Vagal Tone is the activity of the vagus nerve, which calms the heart and\n"
        "gut after stress and shapes how we recover from it.\n\n"
        "Mechanism\nAcetylcholine released by the vagus slows the heart rate and\n"
        "Often short\nbursts of slow breathing raise it.\n"
    )
    terms, diagnostics = _text(text)
    assert diagnostics == []
    assert terms[0].definition == (
        "Vagal Tone is the activity of the vagus nerve, which calms the heart and gut after "
        "stress and shapes how we recover from it."
    )
    assert terms[0].sections == (
        (
            "Mechanism",
            (
                "Acetylcholine released by the vagus slows the heart rate and "
                "Often short bursts of "
                "slow breathing raise it."
            ),
        ),
    )


def test_whitespace_inside_lines_is_collapsed() -> None:
    terms, _ = _text("Cortisol\u00a0 Rhythm\tis   a daily cycle.  \nOrigin \n  Seen in 1950. ")
    assert terms[0].name == "Cortisol Rhythm"
    assert terms[0].definition == "Cortisol Rhythm is a daily cycle."
    assert terms[0].sections == (("Origin", "Seen in 1950."),)


def test_markup_is_always_text() -> None:
    terms, _ = _text("Dopamine is a *messenger*.", LoaderOptions(markup="rst"))
    assert terms[0].markup == "text"
    assert terms[0].definition == "Dopamine is a *messenger*."


def test_fallback_name_from_stem_separators() -> None:
    result = load_text("This text names nothing.", "pages/dopamine-reward_loop.txt", NO_OPTIONS)
    assert result.terms[0].name == "dopamine reward loop"


@pytest.mark.parametrize(
    "line",
    [
        "We use cookies to tailor content and ads and to measure our traffic.",
        "This website uses cookies.",
        "Detailed Cookie Preferences",
        "Cookie Policy",
        "This helps support our free resources with tailored marketing and special offers.",
        "Analytics cookies show us how visitors move through the site.",
        "Personalisation cookies let us adapt what the site shows you.",
        "Strictly necessary cookies keep the site working.",
        "Accept all cookies",
        "You can manage your preferences below.",
    ],
)
def test_builtin_boilerplate_is_dropped(line: str) -> None:
    terms, diagnostics = _text(f"Dopamine is a messenger.\n{line}")
    assert diagnostics == []
    assert terms[0].notes == ()


@pytest.mark.parametrize(
    "line",
    [
        "Food marketing aimed at children exploits reward sensitivity.",
        "Sugary cookies and sweets trigger a quick dopamine response.",
        "Personalized treatment plans support recovery.",
        "Patients manage their preferences for care with their clinician.",
        "Cookies baked with whole grains release sugar slowly.",
    ],
)
def test_health_lines_are_not_boilerplate(line: str) -> None:
    terms, _ = _text(f"Dopamine is a messenger.\n{line}")
    assert terms[0].notes == (line,)


def test_builtin_patterns_are_lower_case() -> None:
    # They are searched in the lower-cased line, so an upper-case letter would never match.
    assert [pattern for pattern in BUILTIN_BOILERPLATE if pattern != pattern.lower()] == []


def test_large_page_is_linear() -> None:
    # 50,000 one-line notes: quadratic placement would take minutes (the suite would stall),
    # linear well under a second. Speed is measured in bench/, not asserted here.
    notes = [f"Statement number {index} is about dopamine." for index in range(50_000)]
    text = "Dopamine is a messenger.\nOrigin\nFound in 1957.\n" + "\n".join(notes)
    terms, diagnostics = _text(text)
    assert diagnostics == []
    assert len(terms[0].notes) == 50_000
