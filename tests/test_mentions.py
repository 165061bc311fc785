"""The mention matcher: what counts as a mention of a term in prose."""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any

from sphinx_neuroterms.terms import mentions
from sphinx_neuroterms.terms.mentions import MentionMatcher, term_names
from sphinx_neuroterms.terms.model import Location, Term


def _found(matcher: MentionMatcher, text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.key) for m in matcher.find(text)]


def _terms(*names: str, aliases: tuple[str, ...] = ()) -> list[Term]:
    return [Term(name, "Text.", Location("t.yaml", 1), aliases=aliases) for name in names]


def test_longest_name_wins_on_word_boundaries() -> None:
    matcher = MentionMatcher(
        term_names(_terms("Neurochemical Balance", "Neurochemical Balance State"))
    )
    text = "A neurochemical balance state, a Neurochemical\n  Balance, no imbalance or balances."
    assert _found(matcher, text) == [
        ("neurochemical balance state", "neurochemical balance state"),
        ("Neurochemical\n  Balance", "neurochemical balance"),
    ]


def test_plurals_aliases_and_case() -> None:
    terms = [Term("Neurotransmitter", "T.", Location("t.yaml", 1), aliases=("messenger",))]
    matcher = MentionMatcher(term_names(terms))
    assert _found(matcher, "Neurotransmitters and MESSENGERS.") == [
        ("Neurotransmitters", "neurotransmitter"),
        ("MESSENGERS", "neurotransmitter"),
    ]


def test_acronyms_match_only_in_capitals() -> None:
    matcher = MentionMatcher(term_names(_terms("GABA", "5-HT")))
    assert _found(matcher, "GABA, gaba, Gaba, 5-HT, 5-ht, 15-HT, 5-HTP.") == [
        ("GABA", "gaba"),
        ("5-HT", "5-ht"),
    ]


GAMMA = "\N{GREEK SMALL LETTER GAMMA}"


def test_names_are_literal_and_scripts_other_than_latin_match() -> None:
    names = ("C++ (language)", f"{GAMMA}-Aminobutyric acid", "神経")
    matcher = MentionMatcher(term_names(_terms(*names)))
    assert _found(matcher, f"c++ (language), ... {GAMMA}-aminobutyric acid and 神経.") == [
        ("c++ (language)", "c++ (language)"),
        (f"{GAMMA}-aminobutyric acid", f"{GAMMA}-aminobutyric acid"),
        ("神経", "神経"),
    ]
    assert _found(matcher, "c+ language") == []


def test_no_names_find_nothing() -> None:
    matcher = MentionMatcher([])
    assert not matcher
    assert list(matcher.find("anything")) == []


def _lines_run(matcher: MentionMatcher, text: str) -> tuple[int, list[tuple[str, str]]]:
    """The mentions found, and how many lines of the matcher's module ran to find them: a
    measure of the work that does not depend on the machine's speed."""
    lines = 0

    def count(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal lines
        if event == "line":
            lines += 1
        return count

    def enter(frame: FrameType, event: str, arg: Any) -> Any:
        return count if frame.f_code.co_filename == mentions.__file__ else None

    previous = sys.gettrace()
    sys.settrace(enter)
    try:
        found = _found(matcher, text)
    finally:
        sys.settrace(previous)
    return lines, found


def test_names_sharing_their_first_words_cost_no_more_than_one() -> None:
    # Issue 22, item 6: 10,000 aliases "receptor subtype N" and a 100,000-word page with
    # "receptor" every fifth word took 156 s, each "receptor" trying every alias.
    def matcher(aliases: int) -> MentionMatcher:
        names = tuple(f"receptor subtype {number}" for number in range(aliases))
        return MentionMatcher(term_names(_terms("Receptor family", aliases=names)))

    def page(words: int) -> str:
        text = " ".join("receptor" if i % 5 == 0 else "word" for i in range(words))
        return text + " a receptor subtype 7 here"

    few, many = matcher(100), matcher(2000)
    work, found = _lines_run(few, page(2000))
    assert found == [("receptor subtype 7", "receptor family")]
    assert _lines_run(many, page(2000)) == (work, found)
    # the work grows with the text, not faster
    double_work, _ = _lines_run(many, page(4000))
    assert double_work <= 2.1 * work


def test_a_matcher_for_known_texts_finds_what_the_whole_one_finds() -> None:
    """``only_for`` leaves out names that cannot start in the texts: nothing else."""
    names = list(term_names(_terms(
        "GABA", "5-HT", "Straße", "İstanbul", "node.js", "C++ (language)", "Neurochemical Balance",
        "Neurochemical Balance State", "Receptor", "神経", ".NET",
    )))
    texts = [
        "GABA and gaba; 5-HT, STRASSE and strasse; istanbul, İSTANBUL.",
        "node.js, c++ (language), neurochemical   balance states and Receptors.",
        "神経 and .NET, .net; nothing here: Balance, State.",
    ]
    whole = MentionMatcher(names)
    for text in texts:
        assert _found(MentionMatcher(names, only_for=[text]), text) == _found(whole, text)
    assert _found(MentionMatcher(names, only_for=texts[:1]), texts[1]) == []
