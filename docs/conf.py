"""Sphinx configuration for the sphinx-neuroterms documentation."""

from __future__ import annotations

from sphinx_neuroterms import __version__

project = "sphinx-neuroterms"
author = "sphinx-neuroterms developers"
copyright = "2026, sphinx-neuroterms developers"  # noqa: A001
version = release = __version__

extensions = ["myst_parser"]
myst_enable_extensions = ["colon_fence", "deflist"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]

html_theme = "furo"
html_title = "sphinx-neuroterms"
