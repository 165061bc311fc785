# The test sets intersphinx_mapping to project A (the neuroterms-basic root, built first).
extensions = ["sphinx.ext.intersphinx", "sphinx_neuroterms"]
neuroterms_sources = []
