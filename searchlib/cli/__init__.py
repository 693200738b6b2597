"""The `searchlib` command line: parse arguments, call the library, format output.

:mod:`~searchlib.cli.commands` holds the commands and :func:`main` (the
installed `searchlib`, `python -m searchlib` and `python cli.py`);
:mod:`~searchlib.cli.output` prints results and messages. All logic lives in
the library; nothing here searches or indexes by itself.
"""

from searchlib.cli.commands import cli, main

__all__ = ["cli", "main"]
