"""The index folder: Whoosh documents and everything searchlib keeps on disk.

`documents` defines the schema and turns an `Article` into a Whoosh document
and back; the folder modules create, open, check and lock an index folder and
keep its state files between runs.
"""
