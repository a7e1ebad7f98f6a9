"""Build real WARC files for tests (warcio), from (url, body, content type, status) tuples."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def write_warc(
    path: Path, responses: Iterable[tuple[str, bytes, str, int]], gzip: bool = True, with_requests: bool = True
) -> Path:
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for url, body, content_type, status in responses:
            if with_requests:
                req = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "example")], is_http_request=True)
                writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
            http = StatusAndHeaders(f"{status} X", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
        info = writer.create_warcinfo_record("test.warc", {"software": "tests"})
        writer.write_record(info)
    return path


ARTICLE = """<!DOCTYPE html><html lang="en"><head><title>{title} | Test Health</title>
<link rel="canonical" href="{url}"></head><body><nav><a href="/">Home</a></nav>
<article><h1>{title}</h1><p class="byline">By Ann Writer</p>
<p>{title} is a condition that many people live with every day, and it deserves a careful explanation of causes.</p>
<p>Doctors diagnose {title} with a physical exam and a few tests; treatment depends on how severe it is and on age.</p>
<p>Most people with {title} do well when they follow the plan agreed with their doctor and keep regular check-ups.</p>
{references}</article>{comments}<footer>Copyright Test Health</footer></body></html>"""

REFERENCES = """<h2>References</h2><ol>
<li>Reddel HK, et al. Global Initiative for Asthma strategy 2021. Eur Respir J. 2022;59(1):2102730.
<a href="https://doi.org/10.1183/13993003.02730-2021">doi:10.1183/13993003.02730-2021</a></li>
<li>Papi A, et al. Asthma. Lancet. 2018;391(10122):783-800. PMID: 28911920.</li></ol>"""

COMMENTS = """<section id="comments"><ol class="commentlist">
<li class="comment"><div class="comment-author"><b class="fn">reader_one</b></div>
<div class="comment-content"><p>Thanks, this helped me understand my diagnosis.</p></div>
<ul class="children"><li class="comment"><div class="comment-author"><b class="fn">Ann Writer</b></div>
<div class="comment-content"><p>Glad it helped, take care.</p></div></li></ul></li></ol></section>"""


def article_html(title: str, url: str, comments: bool = False, references: bool = False) -> bytes:
    return ARTICLE.format(
        title=title, url=url, comments=COMMENTS if comments else "", references=REFERENCES if references else ""
    ).encode()
