"""Records → the terminal, machine formats, citation styles and export files."""
