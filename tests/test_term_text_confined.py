"""Term text changes nothing outside its entry, runs no code and reads no file (issue 22,
item 2): directives that set the page's state or run code are refused, in reStructuredText
and MyST, nested in other directives and in MyST's ``{eval-rst}``, each with one located
warning, and the rest of the page renders as it would without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, parse_html, write_project

if TYPE_CHECKING:
    from pathlib import Path

CONF = (
    'extensions = ["sphinx.ext.ifconfig", "myst_parser", "sphinx_neuroterms"]\n'
    'neuroterms_sources = ["terms.yaml"]\nshow_warning_types = True\n'
)
#: The glossary, then what the refused directives would change: the default role, the
#: highlight language and the current Python module of what follows, and the page's title.
PAGE = (
    "Glossary\n========\n\n.. nterm-glossary::\n\nLater `x` and :code:`y`.\n\n"
    ".. code-block::\n\n   print(1)\n\n.. py:function:: measure()\n\n   Measures.\n"
)

RST_PAYLOADS = """\
Before.

.. title:: Phishing page

.. default-role:: math

.. highlight:: none

.. ifconfig:: __import__("pathlib").Path("{pwned}").touch() or True

   Shown if true.

.. py:currentmodule:: evil

.. note::

   .. title:: Nested page

After.
"""

MYST_PAYLOADS = """\
Before.

```{{title}} Phishing page
```

```{{default-role}} math
```

```{{highlight}} none
```

```{{ifconfig}} __import__("pathlib").Path("{pwned}").touch() or True
Shown if true.
```

```{{py:currentmodule}} evil
```

````{{note}}
```{{title}} Nested page
```
````

```{{eval-rst}}
.. title:: Page from eval-rst
```

After.
"""

_PAGE_STATE = "it changes the page outside the entry"
#: Each refused directive as a line of the payloads starts it, and the warning's reason.
REASONS = {
    "title": "it sets the page's title",
    "default-role": _PAGE_STATE,
    "highlight": _PAGE_STATE,
    "ifconfig": "it runs Python code",
    "py:currentmodule": _PAGE_STATE,
}


def _term_file(markup: str, definition: str) -> str:
    body = "\n".join(f"      {line}" if line else "" for line in definition.splitlines())
    return f"markup: {markup}\nterms:\n  - term: Trap\n    definition: |\n{body}\n"


def _expected_warnings(terms: Path) -> list[str]:
    """One warning per refused directive, at its line of the term file."""
    expected = []
    for number, line in enumerate(terms.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip().lstrip("`").lstrip(".").strip()
        name = stripped.partition("::")[0] if line.strip().startswith("..") else (
            stripped[1:].partition("}")[0] if stripped.startswith("{") else ""
        )
        if name in REASONS:
            expected.append(
                f"{terms}:{number}: WARNING: '{name}' is refused in term text "
                f"({REASONS[name]}); it is left out [neuroterms.term_markup]"
            )
    return expected


@pytest.mark.parametrize(("markup", "payloads"), [("rst", RST_PAYLOADS), ("myst", MYST_PAYLOADS)])
def test_term_text_cannot_change_the_page_or_run_code(
    tmp_path: Path, markup: str, payloads: str
) -> None:
    pwned = tmp_path / "pwned"
    terms = tmp_path / "terms.yaml"
    write_project(tmp_path, {
        "conf.py": CONF, "index.rst": PAGE,
        "terms.yaml": _term_file(markup, payloads.format(pwned=pwned)),
    })
    app, warnings = build_project(tmp_path, freshenv=True)

    expected = _expected_warnings(terms)
    assert len(expected) == (7 if markup == "myst" else 6)  # title nested (and in eval-rst)
    assert sorted(warnings) == sorted(expected)
    assert not pwned.exists()
    page = parse_html(app.outdir / "index.html")
    assert page.find("title")[0].text.startswith("Glossary")
    entry = page.find("dd")[0]  # (the second is measure()'s)
    assert "Before." in entry.text and "After." in entry.text
    assert "Shown if true." not in entry.text
    # The rest of the page is read as it would be without the term.
    assert [cite.text for cite in page.find("cite")] == ["x"]
    assert not page.find("span", "math")
    assert page.find("div", "highlight-default")[0].text.strip() == "print(1)"
    assert "measure" in page.ids and "evil.measure" not in page.ids


def test_a_directive_s_translated_name_is_refused(tmp_path: Path) -> None:
    """docutils also knows a directive by its name in the project's language."""
    terms = tmp_path / "terms.yaml"
    write_project(tmp_path, {
        "conf.py": CONF + 'language = "de"\n', "index.rst": PAGE,
        "terms.yaml": _term_file("rst", "Before.\n\n.. titel:: Phishing page\n\nAfter."),
    })
    app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings == [
        (f"{terms}:7: WARNING: 'titel' is refused in term text (it sets the page's title); "
        "it is left out [neuroterms.term_markup]")
    ]
    assert parse_html(app.outdir / "index.html").find("title")[0].text.startswith("Glossary")


@pytest.mark.parametrize(
    ("directive", "reason"),
    [
        (".. automodule:: os", "it imports the code it documents"),
        (".. toctree::\n\n   other", "it changes the project's table of contents"),
    ],
)
def test_directives_that_import_or_run_code_are_refused(
    tmp_path: Path, directive: str, reason: str
) -> None:
    terms = tmp_path / "terms.yaml"
    write_project(tmp_path, {
        "conf.py": CONF.replace('"sphinx.ext.ifconfig"', '"sphinx.ext.autodoc", '
                                '"sphinx.ext.doctest"'),
        "index.rst": PAGE, "other.rst": "Other\n=====\n",
        "terms.yaml": _term_file("rst", f"Before.\n\n{directive}\n\nAfter."),
    })
    app, warnings = build_project(tmp_path, freshenv=True)
    name = directive[3:].partition("::")[0]
    expected = (
        f"{terms}:7: WARNING: '{name}' is refused in term text ({reason}); it is left out "
        "[neuroterms.term_markup]"
    )
    assert expected in warnings
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Before." in html and "After." in html
    assert "os.getcwd" not in html and 'href="other.html"' not in html


def test_doctest_blocks_show_their_code_and_never_run(tmp_path: Path) -> None:
    """Term text shows a doctest's code, as a page does; the doctest builder never runs it."""
    pwned = tmp_path / "pwned"
    code = f"open({str(pwned)!r}, 'w').close()"
    write_project(tmp_path, {
        "conf.py": CONF.replace('"sphinx.ext.ifconfig"', '"sphinx.ext.doctest"'),
        "index.rst": PAGE,
        "terms.yaml": _term_file(
            "rst",
            f"Before.\n\n.. testsetup::\n\n   {code}\n\n"
            f".. doctest::\n\n   >>> {code}\n\nAfter.",
        ),
    })  # fmt: skip
    app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings == []
    entry = parse_html(app.outdir / "index.html").find("dd")[0]
    assert f">>> {code}" in entry.text  # shown as a page shows it
    _app, warnings = build_project(tmp_path, "doctest")
    assert not pwned.exists()
    assert warnings == []


def test_myst_substitutions_are_names_never_expressions(tmp_path: Path) -> None:
    """myst-parser renders ``{{ … }}`` with Jinja2, unsandboxed: an expression runs Python."""
    pwned = tmp_path / "pwned"
    terms = tmp_path / "terms.yaml"
    expression = f'cycler.__init__.__globals__.os.system("touch {pwned}")'
    write_project(tmp_path, {
        "conf.py": CONF + 'myst_enable_extensions = ["substitution"]\n'
        'myst_substitutions = {"release": "1.2"}\n',
        "index.rst": PAGE,
        "terms.yaml": _term_file("myst", f"Before {{{{ {expression} }}}} and {{{{ release }}}}."),
    })
    app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings == [
        (f"{terms}:5: WARNING: substitution '{{{{ {expression} }}}}' is refused in term text "
         "(a Jinja2 expression can run code; term text may only name a substitution); it is "
         "left out [neuroterms.term_markup]")
    ]
    assert not pwned.exists()
    entry = parse_html(app.outdir / "index.html").find("dd")[0]
    assert " ".join(entry.text.split()) == "Before and 1.2."
