"""Normalize: records -> rows of the five Parquet datasets (the analysts' contract)."""
