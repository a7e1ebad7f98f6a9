"""Health-article pages to clean, structured Parquet.

Stages (one sub-package each): ``fetch`` (or ``sources`` for WARC input) -> ``extract`` ->
``normalize`` -> ``store``; ``run`` wires them into shards executed locally or on Dask.
"""

__version__ = "0.1.0"
