"""What every subcommand of ``neuroterms`` says the same way: its name and exit codes."""

from __future__ import annotations

#: The program name in help and messages; the same whether run as a script or with ``-m``.
PROG = "neuroterms"


#: Exit codes. Usage errors exit with argparse's 2.
EXIT_OK = 0


EXIT_PROBLEMS = 1


#: Where source specifications that match nothing are reported (they have no file of their own).
COMMAND_LINE_ORIGIN = PROG


def counted(count: int, noun: str) -> str:
    """``1 finding``, ``2 findings``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
