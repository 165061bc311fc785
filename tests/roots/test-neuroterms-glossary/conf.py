# A glossary project: terms from a JSON file, with deliberate problems.
extensions = ["sphinx_neuroterms"]
neuroterms_sources = ["terms.json", "plain.json"]

# Sphinx 7.4 defaults to False (8.0+ to True): warnings name their type in every version.
show_warning_types = True
