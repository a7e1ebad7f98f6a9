"""Normalize: records -> rows of the four Parquet datasets (the analysts' contract)."""
