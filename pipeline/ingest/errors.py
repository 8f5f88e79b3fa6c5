"""The error every ingest reader raises for input it cannot use."""


class IngestError(Exception):
    """An input file that cannot be read; the message names the file and the reason."""
