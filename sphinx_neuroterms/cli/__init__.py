"""The ``neuroterms`` command line, without Sphinx.

:mod:`.command` is the parser and the entry point; each subcommand's work lives in a module of
its own: :mod:`.convert` (``check``, ``import``, ``export``), :mod:`.export` (writing term files),
:mod:`.migrate` and :mod:`.migration` (``migrate``: the plan, and the plan's result written all
or nothing by :mod:`.all_or_nothing`), with the readers of Sphinx glossaries
(:mod:`.rst_glossary`, :mod:`.myst_glossary`), :mod:`.rewrite` (references in source text),
:mod:`.conf_file` (``conf.py`` read and edited without running it) and :mod:`.project_pages`;
:mod:`.lint_command` (``lint``) is the one that loads Sphinx, when it runs.
"""

from __future__ import annotations

from sphinx_neuroterms.cli.command import main, term_file_schema

__all__ = ["main", "term_file_schema"]
