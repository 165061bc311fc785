# Test root: nilearn's real reStructuredText glossary (doc/glossary.rst, BSD-3-Clause),
# see SOURCE.md. Configuration mirrors the parts of nilearn's doc/conf.py that the
# glossary needs; no network access (no intersphinx).
project = "nilearn glossary (migration fixture)"

extensions = [
    "sphinx.ext.extlinks",
    "sphinxcontrib.bibtex",
]

exclude_patterns = ["_build"]

# From nilearn doc/conf.py: the two extlinks roles the glossary uses.
extlinks = {
    "sklearn": ("https://scikit-learn.org/stable/%s", None),
    "nilearn-gh": ("https://github.com/nilearn/nilearn/%s", None),
}

# From nilearn doc/conf.py (sphinxcontrib-bibtex settings).
bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year"
bibtex_footbibliography_header = ""

# Sphinx 7.4 defaults to False (8.0+ to True): warnings name their type in every version.
show_warning_types = True

# The glossary's six :ref: roles point at labels of other nilearn pages
# (decoding_intro, listing_deterministic_atlases, functional_connectomes,
# listing_probabilistic_atlases, searchlight, space_net) that this fixture does
# not contain; they render as plain text. The glossary text is kept verbatim.
suppress_warnings = ["ref.ref"]
