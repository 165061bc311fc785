"""The floor the Sphinx side stands on: the ``nterm`` domain and what it keeps.

:mod:`.nterm_domain` (the Domain, a typed accessor for every piece of its data),
:mod:`.records` (what pages record, the project's plan), :mod:`.page_text` (term text as a
page keeps it), :mod:`.ids` (entry ids and order), :mod:`.resolve` (the one resolver, and the
link nodes it makes) and :mod:`.external_index` (other projects' terms as the resolver sees
them). Nothing here imports :mod:`sphinx_neuroterms.reading`, :mod:`sphinx_neuroterms.project`
or :mod:`sphinx_neuroterms.output`.
"""
