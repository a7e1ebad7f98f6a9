"""Build pipeline/data/demo/demo.warc.gz from the bundled sample pages (pipeline/data/demo/pages).

Run after editing a sample page: ``.venv/bin/python scripts/make_demo_warc.py``.
The WARC has a fixed date so the file is reproducible.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "pipeline" / "data" / "demo" / "pages"
WARC_DATE = "2026-11-01T00:00:00Z"


def main() -> int:
    mapping = {}
    for line in (PAGES / "urls.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, url = line.split("\t")
            mapping[name.strip()] = url.strip()
    out = PAGES.parent / "demo.warc.gz"
    with open(out, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for name, url in sorted(mapping.items()):
            body = (PAGES / name).read_bytes()
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": WARC_DATE}
            )
            writer.write_record(record)
    print(f"wrote {out} ({len(mapping)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
