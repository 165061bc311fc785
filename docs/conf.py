"""Sphinx configuration for the sphinx-neuroterms documentation.

The docs use the extension they document: the demo glossary in ``terms/`` is loaded through
``neuroterms_sources``, and the reference pages are generated from the package by the local
extension in ``_ext/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx_neuroterms import __version__

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "sphinx-neuroterms"
author = "sphinx-neuroterms developers"
copyright = "2026, sphinx-neuroterms developers"  # noqa: A001
version = release = __version__

extensions = [
    "myst_parser",
    "sphinx_neuroterms",
    "neuroterms_docs",  # _ext/: generated configuration, warnings and CLI references
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_ext", "_scripts", "_examples", "terms"]

# -- sphinx-neuroterms -------------------------------------------------------------------------
# The demo glossary: YAML, TOML and JSON term files and plain-text pages, all under terms/.
neuroterms_sources = ["terms"]

# -- HTML ----------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "sphinx-neuroterms"
# The JSON Schema ships in the package; _ext/neuroterms_docs.py copies it to
# schema/neuroterms.schema.json in the HTML output, the URL of its $id (usage/editors).
html_static_path = ["_static"]
html_css_files = ["custom.css"]

# -- LaTeX and EPUB --------------------------------------------------------------------------------
latex_documents = [
    ("index", "sphinx-neuroterms.tex", "sphinx-neuroterms", author, "manual"),
]
# The PDF gives each term's first reference a footnote with its definition (usage/markup).
neuroterms_latex_first_use = "footnote"
# pdfLaTeX (the default engine, which CI compiles with latexmk) knows no Greek letters or
# mathematical signs in text: the few the pages use are set as mathematics. The Chinese and
# Japanese words of the languages page are set by the CJK package in the Arphic font
# (Debian's latex-cjk-chinese and latex-cjk-chinese-arphic-gbsn00lp).
latex_elements = {
    "preamble": r"""
\ifdefined\DeclareUnicodeCharacter
  \DeclareUnicodeCharacter{03B2}{\ensuremath{\beta}}
  \DeclareUnicodeCharacter{03B3}{\ensuremath{\gamma}}
  \DeclareUnicodeCharacter{2264}{\ensuremath{\leq}}
\fi
\usepackage{CJKutf8}
\AtBeginDocument{\begin{CJK*}{UTF8}{gbsn}}
\AtEndDocument{\end{CJK*}}
""",
}
# EPUB: files of types an e-book cannot hold (the JSON Schema download, and the doctrees that
# `sphinx-build -b epub` keeps inside the output folder unless given -d) are left out of the
# book; the builder's warning about each of them says nothing a reader of these docs needs.
suppress_warnings = ["epub.unknown_project_files"]
