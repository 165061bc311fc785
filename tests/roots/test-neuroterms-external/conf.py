# The test sets intersphinx_mapping to project A (the neuroterms-basic root, built first).
extensions = ["sphinx.ext.intersphinx", "sphinx_neuroterms"]
neuroterms_sources = []

# Sphinx 7.4 defaults to False (8.0+ to True): warnings name their type in every version.
show_warning_types = True
