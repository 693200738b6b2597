"""Indonesian text analysis for the index and the query layer."""
