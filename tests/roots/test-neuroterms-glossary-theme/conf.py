# Sphinx's own glossary and the extension's side by side, for the themes to style alike.
project = "Glossary theme"
extensions = ["sphinx_neuroterms"]
neuroterms_sources = ["terms.yaml"]

# Sphinx 7.4 defaults to False (8.0+ to True): warnings name their type in every version.
show_warning_types = True

# Entries of one paragraph, as in the std glossary beside them (a "Related" line would be a
# second paragraph, and the list would no longer be "simple").
neuroterms_related = 0
