"""The one error of the exporters: what a format cannot hold, said before anything is written."""

from __future__ import annotations


class ExportError(ValueError):
    """The terms cannot be written in the chosen format; the message names the term and key
    (or what is missing, such as an optional package), and nothing is written."""
