"""Health-article pages to clean, structured Parquet.

Stages (one sub-package each): ``fetch`` (or ``sources`` for WARC input) -> ``extract`` ->
``normalize`` -> ``store``; ``run`` wires them into shards executed locally or on Dask. Layers,
lowest first (``tests/test_layering.py`` enforces them): records, errors, config, schemas,
resources -> ``page`` (decoding) -> ``fetch`` | ``sources`` -> ``extract`` -> ``normalize`` ->
``store`` -> ``run`` | ``qa`` -> ``report`` -> ``cli`` and ``commands``.
"""

__version__ = "0.1.0"
