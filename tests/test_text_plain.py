"""Term text reduced to plain text stays linear on hostile definitions (issue 22, item 5).

Each text here made the old patterns rescan the rest of the text from every place where
markup might open: ``"*p " * 10000`` (30 KB) took 3.5 s and twice that 16 s, so 200 KB took
minutes. Each must now give the right text at 200 KB and 400 KB; the test would hang, not
fail, on the old patterns.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sphinx_neuroterms.terms.plain_text import plain_text, rst_plain

SIZE = 200_000


def _spaced(text: str) -> str:
    return " ".join(text.split())


# (a text of about ``size`` characters, the plain text a reader should see)
HOSTILE: dict[str, Callable[[int], tuple[str, str]]] = {
    # emphasis that opens at every word and never closes
    "unclosed emphasis": lambda size: (
        "Pointers like " + "*p " * (size // 3),
        "Pointers like " + _spaced("*p " * (size // 3)),
    ),
    # strong and literals that never close; each pair of words is one emphasis (or
    # interpreted text) from the second star (backtick) of the first to the first of the next
    "unclosed strong": lambda size: ("**p " * (size // 8 * 2), _spaced("*p " * (size // 8 * 2))),
    "unclosed literal": lambda size: ("``p " * (size // 8 * 2), _spaced("`p " * (size // 8 * 2))),
    # white space before something that is not a footnote reference
    "long white space": lambda size: ("a" + " " * size + "b", "a b"),
    "brackets that never close": lambda size: ("[" * size, "[" * size),
    "a chain of role-like names": lambda size: (":a" * (size // 2), ":a" * (size // 2)),
    "an abbreviation that never closes": lambda size: (
        ":abbr:`" + "(" * size,
        ":abbr:`" + "(" * size,
    ),
    "white space in a role's text": lambda size: (
        ":term:`a" + " " * size + "b`",
        "a b",
    ),
    # the same, closed: the markup still goes and the text stays
    "emphasis that closes at the end": lambda size: (
        "*" + "p " * (size // 2) + "q*",
        _spaced("p " * (size // 2) + "q"),
    ),
}


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("size", [SIZE, 2 * SIZE])
def test_hostile_definition_gives_its_plain_text(
    make: Callable[[int], tuple[str, str]], size: int
) -> None:
    text, expected = make(size)
    assert rst_plain(text) == expected


def test_markup_is_still_reduced_among_hostile_text() -> None:
    noise = "*p " * 20_000
    text = f"{noise}:term:`HPA axis <hpa>` and ``code`` [1]_ end"
    assert rst_plain(text) == _spaced(f"{noise}HPA axis and code end")


def test_explicit_title_and_references_as_before() -> None:
    assert rst_plain("`x <y>\n`_ :abbr:`EEG  (electro)` a [#]_  [b]_c") == "x EEG a [b]_c"


def test_plain_text_is_worked_out_once_per_text() -> None:
    plain_text.cache_clear()
    definition = "Low *GABA* tone " * 50
    first = plain_text(definition, "rst")
    for _ in range(5):
        assert plain_text(definition, "rst") is first
    assert plain_text.cache_info().misses == 1
