"""Every warning of a build carries the file and line where the problem is written."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sphinx_util import build_project, parse_html, write_project

if TYPE_CHECKING:
    from pathlib import Path

TERMS_YAML = """\
terms:
  - term: Serotonin
    definition: |
      A monoamine messenger.

      It is made from tryptophan,
      stored in vesicles,
      and released at synapses,
      where it meets :nterm:`Nowhere Receptors`.
    see_also:
      - Dopamine
      - Serotonin
      - Missing Term
  - term: Dopamine
    definition: A monoamine messenger of reward.
"""

CONF = """\
extensions = ["sphinx_neuroterms"]
show_warning_types = True
neuroterms_sources = [
    "terms.yaml", "pages", "deep.toml", "terms.xlsx", "terms.csv",
]
"""

INDEX = "Index\n=====\n\n:nterm:`Serotonin`.\n\n.. nterm-glossary::\n"


def test_every_warning_has_its_line(tmp_path: Path) -> None:
    write_project(tmp_path, {
        "conf.py": CONF,
        "index.rst": INDEX,
        "terms.yaml": TERMS_YAML,
        "pages/empty.txt": "",
        "pages/banner.txt": "\nWe use cookies to improve your experience.\nAccept all cookies\n",
        "deep.toml": "[[terms]]\nterm = 'Deep'\ndefinition = 'x'\nnotes = "
        + "[" * 2000 + "]" * 2000 + "\n",
        "terms.xlsx": "term,definition\n",
        # The row after a quoted cell of two lines starts on line 4.
        "terms.csv": 'term,definition\nMulti,"line\none"\nEmpty,\n',
    })
    _, warnings = build_project(tmp_path, freshenv=True)
    located = {}
    for line in warnings:
        match = re.match(r"(.+?):(\d*): WARNING: .*\[neuroterms\.(\w+)\]$", line)
        assert match, line  # every warning is located, with a line
        path, number, subtype = match.groups()
        assert number, line  # never "path::"
        located[(path.rpartition("/")[2], subtype)] = int(number)

    assert located == {
        ("terms.yaml", "unknown"): 9,  # the role's own line, inside the block scalar
        ("terms.yaml", "see_also_self"): 12,
        ("terms.yaml", "see_also_unknown"): 13,
        ("empty.txt", "invalid_term"): 1,
        ("banner.txt", "invalid_term"): 1,
        ("deep.toml", "parse"): 4,
        ("terms.xlsx", "unsupported_format"): 1,
        ("terms.csv", "invalid_term"): 4,
    }


def test_a_see_also_naming_the_term_itself_is_not_shown(tmp_path: Path) -> None:
    conf = CONF.replace('"pages", "deep.toml", "terms.xlsx", "terms.csv",', "")
    write_project(tmp_path, {"conf.py": conf, "index.rst": INDEX, "terms.yaml": TERMS_YAML})
    app, _ = build_project(tmp_path, freshenv=True)
    page = parse_html(app.outdir / "index.html")
    [see_also] = [p for p in page.find("p", "nterm-see-also") if "Dopamine" in p.text]
    assert see_also.text == "See also: Dopamine, Missing Term"


def test_config_problems_at_the_line_that_sets_them(tmp_path: Path) -> None:
    write_project(tmp_path, {
        "conf.py": (
            "extensions = ['sphinx_neuroterms']\nshow_warning_types = True\n\n"
            "neuroterms_markup = 'html'\nneuroterms_sources = ['nowhere.yaml']\n"
        ),
        "index.rst": "Index\n=====\n",
    })
    _, warnings = build_project(tmp_path, freshenv=True)
    assert [line.split(": WARNING")[0].rpartition("/")[2] for line in warnings] == [
        "conf.py:4", "conf.py:5",
    ]
