extensions = ["sphinx_neuroterms"]
neuroterms_sources = ["terms.txt"]
