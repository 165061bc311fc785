"""While Sphinx writes: glossaries filled in, references for every builder, HTML links and
tooltips, LaTeX footnotes, EPUB notes, ``neuroterms.json`` and the report.
"""
