# Test root: PyMC's real MyST glossary (docs/source/glossary.md, Apache-2.0),
# see SOURCE.md. Configuration mirrors the parts of PyMC's docs/source/conf.py
# that the glossary needs; no network access (no intersphinx).
project = "PyMC glossary (migration fixture)"

extensions = [
    "myst_parser",
    "sphinx.ext.mathjax",
]

# SOURCE.md documents the fixture; it is not a page of the project.
exclude_patterns = ["_build", "SOURCE.md"]

# PyMC enables ["colon_fence", "deflist", "dollarmath", "amsmath", "substitution"];
# the glossary needs colon_fence (:::::{glossary}, :::{note}) and dollarmath ($...$, $$...$$).
myst_enable_extensions = ["colon_fence", "dollarmath"]

# Sphinx 7.4 defaults to False (8.0+ to True): warnings name their type in every version.
show_warning_types = True

# The glossary's three ```{jupyter-execute} blocks need PyMC's jupyter_sphinx
# extension, which would execute pytensor/pymc code at build time; it is not
# loaded here, so those blocks are dropped. The glossary text is kept verbatim.
suppress_warnings = ["myst.directive_unknown"]
