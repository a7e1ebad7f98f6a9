"""QA: score extraction against golden fixture pages (``pipeline qa``)."""
