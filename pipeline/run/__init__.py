"""Run: plan shards, execute them (in-process, local processes or Dask), publish the manifest."""
