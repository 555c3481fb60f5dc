"""Look-ups, search and ranking, timeline, compare, completion candidates: they read the facts
or the index and return records, or raise NotFound."""
