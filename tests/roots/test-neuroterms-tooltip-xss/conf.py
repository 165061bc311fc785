# Hostile term text through every field (JSON file), referenced from reST and MyST pages.
project = "Hostile"
extensions = ["myst_parser", "sphinx_neuroterms"]
# Scraped-like hostile text is plain text; markup.json holds reST that tries links and directives.
neuroterms_sources = ["terms.json", "markup.json", "markup-myst.yaml"]
neuroterms_tooltip_std_terms = True
# Problems in the hostile text are expected; the tests check what the reader gets.
suppress_warnings = ["neuroterms", "myst"]

# Sphinx 7.4 defaults to False (8.0+ to True): warnings name their type in every version.
show_warning_types = True
