"""A part file of the output that no longer reads as Parquet: named in one line, never a traceback.

A run of this pipeline never leaves a part file cut (each is fsynced before its rename), but a
copy of the output that stopped half-way (``rsync``, ``cp`` to a new disk, a restored backup), a
disk that acknowledged a flush it had not made before a power loss, or a file system repair can.
Every run's start reads the stored articles and the fetch log, so each later night ended with
pyarrow's traceback ("Parquet magic bytes not found in footer"), exit 1, night after night, and
nothing said which file or what to do. The readers of the README (pandas, DuckDB, Polars) fail on
such a file too. Now a read of the output that fails looks for the damaged files and names them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import InputError

# Damaged files named in the message; the others are counted.
NAMED_DAMAGED_FILES = 3


class DamagedOutput(InputError):
    """A part file of the output is not a readable Parquet file; moving it away is the user's call
    (its rows are lost either way), so the run stops before any work: exit 2, one line."""


def unreadable_parts(root: Path) -> list[tuple[Path, str]]:
    """Each ``*.parquet`` under ``root`` whose footer cannot be read, with pyarrow's reason
    (hidden temporary files end in ``.tmp``: not looked at). Reads footers only: milliseconds."""
    damaged = []
    for part in sorted(root.rglob("*.parquet")):
        try:
            pq.read_metadata(part)
        except (pa.ArrowInvalid, OSError) as exc:
            reason = str(exc).rsplit(": ", 1)[-1].split(". ", 1)[0]  # "Parquet magic bytes not found in footer"
            damaged.append((part, reason.strip().rstrip(".")))
    return damaged


@contextmanager
def naming_damaged_parts(out_dir: Path, root: Path) -> Iterator[None]:
    """A failed read under ``root`` (a dataset of ``out_dir``) caused by damaged part files is
    raised again as :class:`DamagedOutput` naming them; any other failure is raised as it was."""
    try:
        yield
    except (pa.ArrowInvalid, OSError) as exc:
        damaged = unreadable_parts(root)
        if not damaged:
            raise
        named = "; ".join(f"{path} ({reason})" for path, reason in damaged[:NAMED_DAMAGED_FILES])
        more = len(damaged) - NAMED_DAMAGED_FILES
        raise DamagedOutput(
            f"damaged Parquet file(s) in the output: {named}"
            + (f" and {more} more" if more > 0 else "")
            + f"; a copy cut short or a disk error: move them out of {out_dir} (their rows are lost; pandas, "
            "DuckDB and Polars cannot read the dataset while they are there) and run the same command again"
        ) from exc
