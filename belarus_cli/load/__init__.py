"""Fact folders → a parsed, validated FactBase, with path:line problems; checks against the
article's text."""
