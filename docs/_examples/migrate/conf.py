# A small project with a Sphinx glossary, for the migration walk-through in
# docs/usage/migrating.md (the docs run "neuroterms migrate" on it when they are built).
project = "Stress notes"
extensions = [
    "sphinx.ext.intersphinx",
]
intersphinx_mapping = {"python": ("https://docs.python.org/3", None)}
