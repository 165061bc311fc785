# Terms referenced from a page, but no nterm-glossary lists them.
extensions = ["sphinx_neuroterms"]
neuroterms_sources = ["terms.yaml"]

# Sphinx 7.4 defaults to False (8.0+ to True): warnings name their type in every version.
show_warning_types = True
