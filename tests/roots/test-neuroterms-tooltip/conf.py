# Tooltips in the browser: terms from a JSON file; Sphinx's own glossary for the :term: drop-in.
project = "Tooltips"
extensions = ["sphinx_neuroterms"]
neuroterms_sources = ["terms.json"]
neuroterms_tooltip_std_terms = True

# Sphinx 7.4 defaults to False (8.0+ to True): warnings name their type in every version.
show_warning_types = True
