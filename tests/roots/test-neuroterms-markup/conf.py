project = "Markup project"
extensions = [
    "sphinx.ext.extlinks",
    "sphinxcontrib.bibtex",
    "myst_parser",
    "sphinx_neuroterms",
]
neuroterms_sources = ["terms"]
bibtex_bibfiles = ["refs.bib"]
extlinks = {"issue": ("https://tracker.example.org/issues/%s", "issue %s")}
rst_epilog = ".. |lab| replace:: Neurolab Seven"
nitpicky = True
show_warning_types = True
epub_copyright = "2026, the authors"
version = "1.0"
