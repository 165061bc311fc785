# A small project for the terminology checks of docs/usage/terminology.md, whose lint run the
# docs show (they run "neuroterms lint" on it when they are built).
project = "Mood notes"
extensions = ["sphinx_neuroterms"]
neuroterms_sources = ["terms.yaml"]
neuroterms_lint = ["avoid", "unused", "unlinked"]
