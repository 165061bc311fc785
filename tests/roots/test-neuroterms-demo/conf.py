# Every source kind (plain-text pages, YAML, JSON, TOML, an in-page definition), referenced
# from reStructuredText and MyST pages.
extensions = ["myst_parser", "sphinx_neuroterms"]
neuroterms_sources = ["terms"]
project = "Demo"
version = "1.0"
copyright = "2026, tests"
# Sphinx 7.4 defaults to False (8.0+ to True): warnings name their type in every version.
show_warning_types = True
