extensions = ["myst_parser", "sphinx_neuroterms"]
neuroterms_sources = ["terms.txt"]
