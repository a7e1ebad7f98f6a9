"""Small modules with one concern: no module of the package grows past MAX_MODULE_LINES.

The developers' guide asks for modules of 100-450 lines; a module past that is split where a
seam exists (``sources/warc_records`` from ``sources/warc``, ``extract/comment_lookalikes``
from ``extract/comments``), so a reader finds one concern per file.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"
# The guide's ceiling: past it a module holds more than one concern.
MAX_MODULE_LINES = 450


def test_no_module_of_the_package_is_longer_than_the_guides_ceiling() -> None:
    sizes = {
        p.relative_to(PACKAGE.parent).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    too_long = {path: lines for path, lines in sizes.items() if lines > MAX_MODULE_LINES}
    assert not too_long, f"split these modules where a seam exists (at most {MAX_MODULE_LINES} lines): {too_long}"
