extensions = ["sphinx_neuroterms"]
neuroterms_sources = ["terms.yaml"]
neuroterms_latex_first_use = "footnote"
project = "LaTeX footnotes"

# Sphinx 7.4 defaults to False (8.0+ to True): warnings name their type in every version.
show_warning_types = True
