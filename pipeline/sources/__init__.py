"""Sources: inputs that are not fetched over HTTP (WARC/ARC files)."""
