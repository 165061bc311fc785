"""The term model's normalising key, plural matching, and merging terms into a catalog."""

from __future__ import annotations

import pickle
import unicodedata

import pytest

from sphinx_neuroterms.terms.catalog import TermCatalog
from sphinx_neuroterms.terms.diagnostics import Diagnostic, Severity, WarningSubtype
from sphinx_neuroterms.terms.model import Location, Term
from sphinx_neuroterms.terms.names import plural_variants, term_key


def make_term(name: str, *aliases: str, path: str = "terms.yaml", line: int = 1) -> Term:
    return Term(name, f"Definition of {name}.", Location(path, line), aliases=aliases)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Neurochemical Imbalance", "neurochemical imbalance"),
        ("  neurochemical\t\n IMBALANCE  ", "neurochemical imbalance"),
        ("GABA", "gaba"),
        ("Straße", "strasse"),  # casefold, not lower()
        (unicodedata.normalize("NFD", "Sérotonine"), "sérotonine"),
        ("İ", unicodedata.normalize("NFC", "i̇")),  # folding decomposes; the key is NFC again
    ],
)
def test_term_key_normalises_case_unicode_and_whitespace(text: str, key: str) -> None:
    assert term_key(text) == key
    assert unicodedata.is_normalized("NFC", term_key(text))


@pytest.mark.parametrize(
    ("key", "variants"),
    [
        ("neurotransmitters", ("neurotransmitter",)),
        ("neurochemical imbalances", ("neurochemical imbalance",)),
        ("therapies", ("therapy", "therapie")),
        ("hpa axes", ("hpa axis", "hpa axe", "hpa ax")),
        ("reflexes", ("reflexis", "reflexe", "reflex")),
        ("synapses", ("synapse", "synaps")),
        ("glutamate", ("glutamates",)),
        ("therapy", ("therapies",)),
        ("stress", ("stresses",)),  # -ss is singular
        ("hpa axis", ("hpa axes",)),
        ("stimulus", ("stimuluses",)),
        ("", ()),
    ],
)
def test_plural_variants(key: str, variants: tuple[str, ...]) -> None:
    assert plural_variants(key) == variants


def test_lookup_by_name_alias_case_unicode_and_plural() -> None:
    serotonin = make_term("Serotonin", "5-HT", "5-hydroxytryptamine")
    axis = make_term("HPA axis", "hypothalamic\u2013pituitary\u2013adrenal axis")
    cafe = make_term(unicodedata.normalize("NFC", "Café Receptor"))
    catalog = TermCatalog([serotonin, axis, cafe])

    assert catalog.lookup("serotonin") is serotonin
    assert catalog.lookup("SEROTONIN") is serotonin
    assert catalog.lookup("5-ht") is serotonin
    assert catalog.lookup("  5-Hydroxytryptamine ") is serotonin
    assert catalog.lookup("HPA axes") is axis
    assert catalog.lookup(unicodedata.normalize("NFD", "café receptors")) is cafe
    assert catalog.lookup("dopamine") is None
    assert "Serotonins" in catalog
    assert 5 not in catalog
    assert [term.name for term in catalog] == ["Serotonin", "HPA axis", "Café Receptor"]
    assert len(catalog) == 3
    assert catalog.diagnostics == []


def test_exact_match_beats_plural_rule() -> None:
    singular = make_term("Neurotransmitter")
    plural = make_term("Neurotransmitters", line=2)
    catalog = TermCatalog([singular, plural])
    assert catalog.lookup("neurotransmitters") is plural
    assert catalog.lookup("neurotransmitter") is singular


def test_duplicate_name_keeps_first_and_names_both_places() -> None:
    first = make_term("Dopamine", path="a.yaml", line=3)
    second = make_term("DOPAMINE", "DA", path="b.toml", line=7)
    catalog = TermCatalog([first, second])

    assert list(catalog) == [first]
    assert catalog.lookup("DA") is None  # the rejected term's aliases are not claimed either
    assert catalog.diagnostics == [
        Diagnostic(
            WarningSubtype.DUPLICATE_TERM,
            "term name 'DOPAMINE' is already claimed by 'Dopamine' at a.yaml:3; "
            "the first one read keeps it",
            Location("b.toml", 7),
        )
    ]
    assert catalog.diagnostics[0].severity is Severity.ERROR
    assert catalog.diagnostics[0].format().startswith("b.toml:7: term name 'DOPAMINE'")


@pytest.mark.parametrize("order", ["alias first", "name first"])
def test_a_name_beats_an_alias_and_nothing_else_is_lost(order: str) -> None:
    serotonin = Term(
        "Serotonin", "A monoamine.", Location("a.yaml", 1),
        aliases=("5-HT", "dopamine"), lines=(("aliases:5-HT", 3), ("aliases:dopamine", 4)),
    )
    dopamine = make_term("Dopamine", path="b.yaml", line=7)
    terms = [serotonin, dopamine] if order == "alias first" else [dopamine, serotonin]
    catalog = TermCatalog(terms)

    assert [term.name for term in catalog] == [term.name for term in terms]
    assert catalog.lookup("dopamine").name == "Dopamine"
    assert catalog.lookup("5-HT").name == "Serotonin"
    assert catalog.lookup("Serotonin").aliases == ("5-HT",)
    [diagnostic] = catalog.diagnostics
    assert diagnostic.subtype is WarningSubtype.DUPLICATE_TERM
    assert diagnostic.location == Location("a.yaml", 4)  # the alias's own line
    assert "'dopamine'" in diagnostic.message


def test_names_differing_only_by_unicode_form_are_duplicates() -> None:
    composed = make_term(unicodedata.normalize("NFC", "Noradrénaline"), line=1)
    decomposed = make_term(unicodedata.normalize("NFD", "Noradrénaline"), line=9)
    catalog = TermCatalog([composed, decomposed])
    assert list(catalog) == [composed]
    assert [d.location for d in catalog.diagnostics] == [Location("terms.yaml", 9)]


def test_alias_clash_drops_only_the_alias() -> None:
    gaba = make_term("GABA", "gamma-aminobutyric acid", line=1)
    glutamate = make_term("Glutamate", "gaba", "Glu", line=5)
    catalog = TermCatalog([gaba, glutamate])

    stored = catalog.lookup("glu")
    assert stored is not None
    assert stored.name == "Glutamate"
    assert stored.aliases == ("Glu",)
    assert catalog.lookup("gaba") is gaba
    assert [d.message for d in catalog.diagnostics] == [
        (
            "term alias 'gaba' is already claimed by 'GABA' at terms.yaml:1; "
            "the first one read keeps it"
        )
    ]


def test_alias_repeating_own_name_is_harmless() -> None:
    term = make_term("Cortisol", "Cortisol", "Hydrocortisone", "Hydrocortisone", "HYDROCORTISONE")
    catalog = TermCatalog([term])
    assert catalog.diagnostics == []
    stored = catalog.lookup("hydrocortisone")
    assert stored is not None
    # Repeats written the same are dropped quietly; a case variant is a name line of its own
    # (issue 23, item 2), matched as the name it repeats.
    assert stored.aliases == ("Hydrocortisone", "HYDROCORTISONE")
    assert catalog.lookup("CORTISOL") is stored


def test_merge_is_deterministic_whatever_the_alias_order() -> None:
    terms = [make_term(f"Term {i}", f"alias {i % 7}", line=i) for i in range(30)]
    first = TermCatalog(terms)
    second = TermCatalog(terms)
    assert list(first) == list(second)
    assert [d.format() for d in first.diagnostics] == [d.format() for d in second.diagnostics]
    assert len(first.diagnostics) == 23  # aliases 0..6 are claimed by terms 0..6 only


def test_suggest_close_names_for_a_miss() -> None:
    catalog = TermCatalog(
        [
            make_term("Neurochemical Balance"),
            make_term("Neurochemical Balance State"),
            make_term("Serotonin", "5-HT"),
            make_term("Acetylcholine"),
        ]
    )
    assert catalog.suggest("neurochemical balanse") == [
        "Neurochemical Balance",
        "Neurochemical Balance State",
    ]
    assert catalog.suggest("serotonine") == ["Serotonin"]
    assert catalog.suggest("acetylcholin", limit=1) == ["Acetylcholine"]
    assert catalog.suggest("xyz") == []


def test_terms_and_diagnostics_pickle() -> None:
    """Sphinx pickles the environment: records must round-trip."""
    term = Term(
        "Serotonin",
        "A monoamine.",
        Location("t.yaml", 2),
        sections=(("Origin", "Named for serum."),),
        aliases=("5-HT",),
        tags=("monoamine",),
        source="https://example.org/serotonin",
    )
    diagnostic = Diagnostic(WarningSubtype.PARSE, "bad", Location("x.json", 4))
    assert pickle.loads(pickle.dumps(term)) == term
    assert pickle.loads(pickle.dumps(diagnostic)) == diagnostic
    assert list(term.names()) == ["Serotonin", "5-HT"]
    assert term.key == "serotonin"


def test_every_subtype_is_documented_and_snake_case() -> None:
    for subtype in WarningSubtype:
        assert subtype.value == subtype.name.lower()
        assert subtype.doc.endswith(".")
        assert isinstance(subtype.severity, Severity)
    assert f"neuroterms.{WarningSubtype.UNKNOWN}" == "neuroterms.unknown"
