"""``python -m sphinx_neuroterms``: the same as the ``neuroterms`` command."""

from __future__ import annotations

import sys

from sphinx_neuroterms.cli import main

if __name__ == "__main__":
    sys.exit(main())
