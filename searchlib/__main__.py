"""`python -m searchlib`: the same command line as the installed `searchlib`."""

from searchlib.cli import main

main()
