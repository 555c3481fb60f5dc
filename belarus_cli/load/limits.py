"""The limits on fact data, so that no file can cost minutes or gigabytes, and every value
fits the index, the exports and the renderers (documented in facts/README.md)."""

MAX_FILE_BYTES = 64 * 1024 * 1024  # about 200,000 facts in one file
MAX_TEXT_CHARS = 20_000  # one string value: more than the longest paragraph of any article
MAX_PARAGRAPH = 100_000
MAX_NUMBER = 2**53 - 1  # the largest whole number JSON readers and spreadsheets keep exact
MAX_KEY_PARTS = 100  # parts of one dotted key or table name: tomllib is quadratic in them
MAX_PROBLEMS = 100  # per file: the rest would only repeat, and cost time and screens
