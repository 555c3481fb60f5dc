"""The core: domain errors and exit codes, the typed model, folding, periods, deep links and
the record contract. It imports nothing from the layers above it."""
