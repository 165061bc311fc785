"""Terms without Sphinx: the model, the catalog and its checks, and the rules of term text.

What the loaders and the command line share with the build: :mod:`.model` (``Term``, the one
normalisation of names), :mod:`.diagnostics` (located problems and their subtypes),
:mod:`.catalog` and :mod:`.checks` (merging terms, whole-catalog checks), :mod:`.markup_rules`
(what term text may hold), :mod:`.plain_text` (term text on one line), :mod:`.urls` (which link
targets are safe), :mod:`.mentions` and :mod:`.related` (finding names in prose). Nothing here
imports Sphinx.
"""
