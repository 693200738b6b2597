"""`python cli.py`: the same command line as the installed `searchlib` command."""

from searchlib.cli import main

if __name__ == "__main__":
    main()
