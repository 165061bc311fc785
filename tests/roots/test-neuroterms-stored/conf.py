import importlib.util

extensions = ["sphinx_neuroterms"]
latex_documents = [("index", "stored.tex", "Stored", "Tests", "howto")]
# myst.md is built when myst-parser is installed (the test extra installs it), as its own
# LaTeX document too.
if importlib.util.find_spec("myst_parser") is not None:
    extensions.append("myst_parser")
    latex_documents.append(("myst", "myst.tex", "Stored in MyST", "Tests", "howto"))

# Sphinx 7.4 defaults to False (8.0+ to True): warnings name their type in every version.
show_warning_types = True
