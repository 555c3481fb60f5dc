"""FactBase → SQLite: the schema's shared names, the writer, the on-disk cache."""
