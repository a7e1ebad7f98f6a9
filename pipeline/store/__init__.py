"""Store: Parquet part files (temporary name, then rename), run manifests, the output lock."""
