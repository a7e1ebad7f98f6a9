"""Fetch: URLs -> :class:`~pipeline.records.FetchedPage` (polite, resilient, safe HTTP)."""
