"""The mention matcher: what counts as a mention of a term in prose."""

from __future__ import annotations

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
