"""Hostile input, part 2: WARC files of every kind a crawler writes, pages in UTF-16 without a
BOM or with stray NULs, URL files from any editor. Real WARC files (warcio), real runs."""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import io
import zlib
from pathlib import Path

import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.page import classify, decode_html
from pipeline.run.plan import read_url_file
from pipeline.run.runner import run_pipeline
from pipeline.sources.warc import read_warc
from tests.conftest import make_config
from tests.warcs import article_html, write_warc

URL = "https://health.example/gout"
HTML = article_html("Gout", URL)


def _three(path: Path, gzip: bool) -> Path:
    return write_warc(
        path, [(f"{URL}{n}", article_html(f"Gout {n}", f"{URL}{n}"), "text/html", 200) for n in range(3)], gzip=gzip
    )


def _pages(path: Path) -> dict[str, tuple[str, str | None]]:
    return {p.url.rsplit("/", 1)[1]: (str(p.outcome), p.error) for p in read_warc(path)}


def test_a_warc_gzipped_as_one_stream_is_read_whole(tmp_path: Path) -> None:
    plain = _three(tmp_path / "c.warc", gzip=False)
    whole = tmp_path / "c.warc.gz"  # `gzip c.warc`: warcio refused it after the first record
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    assert _pages(whole) == {f"gout{n}": ("ok", None) for n in range(3)}
    summary = run_pipeline(make_config(tmp_path, sources={"warc": [str(whole)]}), argv=[])
    assert summary.outcomes == {"ok": 3} and summary.exit_code == 0
    joined = tmp_path / "joined.warc.gz"  # `cat a.warc.gz b.warc.gz` of two such files: both read
    joined.write_bytes(whole.read_bytes() * 2)
    assert [p.url for p in read_warc(joined)] == [f"{URL}{n}" for n in range(3)] * 2
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    summary = run_pipeline(make_config(tmp_path / "cut", sources={"warc": [str(cut)]}), argv=[])
    assert summary.outcomes.get("input_error") == 1 and summary.exit_code == 1


def test_a_warc_cut_in_the_next_records_head_keeps_every_whole_record(tmp_path: Path) -> None:
    """Cut a few bytes into the record after gout1's response, as one gzip stream and plain:
    gout0 and gout1 are read (gout1, the last whole record, was held back and lost when the
    next record's head did not parse or the stream ended), and the cut is one row naming it."""
    raw = _three(tmp_path / "c.warc", gzip=False).read_bytes()
    heads = [at for at in range(len(raw)) if raw.startswith(b"WARC/1.", at)]
    # the request of gout2, after gout1's response
    after = next(at for at in heads if at > raw.index(f"{URL}1".encode()) and b"response" not in raw[at : at + 40])
    prefix = raw[: after + 12]  # "WARC/1.0\r\nWA"
    packer = zlib.compressobj(wbits=31)
    cuts = {"c1.warc.gz": packer.compress(prefix) + packer.flush(zlib.Z_SYNC_FLUSH), "c2.warc": prefix}
    for name, data in cuts.items():
        cut = tmp_path / name
        cut.write_bytes(data)
        read: list[str] = []
        with pytest.raises(InputError, match=r"truncated .*after record https://health.example/gout1\b"):
            for page in read_warc(cut):
                read.append(page.url.rsplit("/", 1)[1] if str(page.outcome) == "ok" else str(page.outcome))
        assert read == ["gout0", "gout1"], name
        out = tmp_path / name.replace(".", "_")
        summary = run_pipeline(make_config(out, sources={"warc": [str(cut)]}), argv=[])
        assert summary.outcomes == {"ok": 2, "input_error": 1} and summary.exit_code == 1, name
        fetches = pd.read_parquet(out / "out" / "fetches")
        (error,) = fetches[fetches["outcome"] == "input_error"]["error"]
        assert "gout1" in error and ("inflated stream" in error) == name.endswith(".gz"), error
    # One gzip stream cut right after its first record: warcio saw a whole one-record file
    packer = zlib.compressobj(wbits=31)
    first = tmp_path / "first.warc.gz"
    first.write_bytes(packer.compress(raw[: heads[1]]) + packer.flush(zlib.Z_SYNC_FLUSH))
    with pytest.raises(InputError, match="truncated gzip stream"):
        list(read_warc(first))


def test_revisit_and_resource_records_are_rows(tmp_path: Path) -> None:
    path = tmp_path / "dedupe.warc.gz"
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.1")
        writer.write_record(writer.create_warc_record(URL, "response", payload=io.BytesIO(HTML), http_headers=http))
        revisit = writer.create_revisit_record(
            f"{URL}-copy",
            digest="sha1:AAAA",
            refers_to_uri=URL,
            refers_to_date="2026-01-01T00:00:00Z",
            http_headers=http,
        )
        writer.write_record(revisit)
        saved = f"{URL}-saved"  # wget/browsertrix-style: the page without its HTTP exchange
        page = article_html("Saved", saved)
        for uri in (saved, "urn:text:" + saved):
            record = writer.create_warc_record(uri, "resource", payload=io.BytesIO(page), warc_content_type="text/html")
            writer.write_record(record)
    pages = _pages(path)
    assert set(pages) == {"gout", "gout-copy", "gout-saved"}
    outcome, error = pages["gout-copy"]
    assert outcome == "not_modified" and URL in (error or "") and "revisit" in (error or "")
    assert pages["gout-saved"] == ("ok", None)
    summary = run_pipeline(make_config(tmp_path, sources={"warc": [str(path)]}), argv=[])
    assert summary.outcomes == {"ok": 2, "not_modified": 1} and summary.exit_code == 0
    titles = set(pd.read_parquet(tmp_path / "out" / "metadata")["title"])
    assert {"Gout", "Saved"} <= titles


def test_a_lying_content_length_keeps_the_records_before_it_and_says_where(tmp_path: Path) -> None:
    data = _three(tmp_path / "a.warc", gzip=False)
    raw = data.read_bytes()
    third = raw.find(b"WARC-Type: response", raw.find(f"{URL}2".encode()) - 400)
    at = raw.find(b"Content-Length: ", third)
    eol = raw.find(b"\r\n", at)
    liar = tmp_path / "liar.warc"
    liar.write_bytes(raw[:at] + b"Content-Length: " + str(int(raw[at + 16 : eol]) + 200).encode() + raw[eol:])
    summary = run_pipeline(make_config(tmp_path, sources={"warc": [str(liar)]}), argv=[])
    assert summary.outcomes == {"ok": 2, "input_error": 1} and summary.exit_code == 1
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    error = fetches[fetches["outcome"] == "input_error"].iloc[0]["error"]
    assert f"record {URL}2 at byte" in error and "Content-Length" in error and "\n" not in error
    stored = set(pd.read_parquet(tmp_path / "out" / "articles")["url"])
    assert stored == {f"{URL}0", f"{URL}1"}  # the record that lied is no article


def test_utf16_without_a_bom_and_stray_nuls_are_html() -> None:
    now = dt.datetime.now(dt.UTC)
    text = HTML.decode()
    for body, content_type in (
        (text.encode("utf-16-le"), "text/html; charset=utf-16le"),
        (text.encode("utf-16-le"), "text/html"),
        (text.encode("utf-16-be"), "text/html"),
        (text.replace("many people", "many\x00 people\x00").encode(), "text/html"),
    ):
        page = classify(URL, URL, 200, {"Content-Type": content_type or ""}, body, now, source="warc")
        assert str(page.outcome) == "ok", (content_type, page.error)  # was not_html 'binary data'
        assert "many people live" in (page.html or "") and "\x00" not in (page.html or "")
    noise = bytes(range(256)) * 8
    assert str(classify(URL, URL, 200, {"Content-Type": "text/html"}, noise, now, source="warc").outcome) == "not_html"


def test_url_files_from_any_editor(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    lines = [b"ftp://health.example/f", b"", b"# a comment", b"  ftp://health.example/f  ", b"javascript:alert(1)"]
    lines += [b"http://b\xfccher .test/", b"mailto:someone@health.example", b"http://health.example/" + b"a" * 70_000]
    urls.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join(lines) + b"\r\n")  # BOM, CRLF, one Latin-1 line
    read = read_url_file(str(urls))
    assert read[0] == "ftp://health.example/f" and "http://bücher .test/" in read and len(read) == 6
    args = ["run", "--urls", str(urls), "--out", str(tmp_path / "out"), "--raw", str(tmp_path / "raw")]
    assert main(args) == 1  # the whole file was refused (exit 2) for one non-UTF-8 line
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    assert len(fetches) == 5 and set(fetches["outcome"]) == {"invalid_url"}  # the duplicate once


def test_frameset_and_refresh_pages_are_extract_failed_naming_where_the_text_is() -> None:
    from pipeline.config import load_config
    from pipeline.records import FetchedPage, Outcome
    from pipeline.run.shard import process_page

    head = "<html><head><title>Gout</title>"
    pages = {
        "frameset": head + '</head><frameset cols="50%,50%"><frame src="/menu"><frame src="/gout-text"></frameset>',
        "refresh": head + '<meta http-equiv="Refresh" content="0; URL=/gout-new"></head><body><p>Redirecting</p>',
    }
    config = load_config(None, environ={})
    for name, html in pages.items():  # each was an "ok" article: "Gout" or "Redirecting"
        page = FetchedPage(url=URL, final_url=URL, status=200, outcome=Outcome.OK, html=html + "</html>")
        result = process_page(page, config, {})
        assert result.page.outcome is Outcome.EXTRACT_FAILED, name
        assert ("/gout-text" if name == "frameset" else "meta refresh to /gout-new") in (result.page.error or "")
    news = HTML.decode().replace("<head>", '<head><meta http-equiv="refresh" content="300">')
    page = FetchedPage(url=URL, final_url=URL, status=200, outcome=Outcome.OK, html=news)
    assert process_page(page, config, {}).page.outcome is Outcome.OK  # a page that reloads itself is an article


def test_undeclared_legacy_charsets_are_detected() -> None:
    from pipeline.page import decode_html

    ja = "<p>痛風は、血液中の尿酸値が高くなることで関節に炎症が起こる病気です。食事の見直しが大切です。</p>" * 5
    ru = "<p>Подагра это заболевание суставов, связанное с повышенным уровнем мочевой кислоты.</p>" * 5
    zh = "<p>痛风是一种由于血液中尿酸水平升高而引起的关节炎症疾病，需要调整饮食和生活方式。</p>" * 5
    for body, codec in ((ja, "euc_jp"), (ja, "shift_jis"), (ru, "cp1251"), (zh, "gb18030")):
        html = f"<html><body><article>{body}</article></body></html>"
        text, _charset = decode_html(html.encode(codec), "text/html")
        assert text == html, codec  # EUC-JP was read as windows-1252 (the guess named euc_jis_2004)


def test_a_page_nested_past_the_parsers_limit_is_read_whole_or_extract_failed_never_a_cut_article() -> None:
    from pipeline.config import load_config
    from pipeline.extract.html import WALK_MAX_DEPTH
    from pipeline.records import FetchedPage, Outcome
    from pipeline.run.shard import process_page

    config = load_config(None, environ={})
    page = article_html("Gout", URL, comments=True).decode()
    outcomes = {}
    for depth in (200, 300, 700, WALK_MAX_DEPTH + 100, 50_000):
        deep = "<div>" * depth + "<p>Deep paragraph on purines.</p>" + "</div>" * depth
        fetched = FetchedPage(
            url=URL, final_url=URL, status=200, outcome=Outcome.OK, html=page.replace("<p>Doctors", deep + "<p>Doctors")
        )
        result = process_page(fetched, config, {})
        outcomes[depth] = result.page.outcome
        if depth <= 700:  # past 256 libxml2 stopped reading: an "ok" article of the first paragraph
            assert result.extraction is not None and "Doctors diagnose" in result.extraction.text
            assert result.extraction.comments, depth  # the comments after the deep block are read too
        else:  # deeper than the extraction's walks can go: a clear failure, not a cut article
            assert f"nested deeper than {WALK_MAX_DEPTH}" in (result.page.error or "")
    assert outcomes == {
        200: Outcome.OK,
        300: Outcome.OK,
        700: Outcome.OK,
        WALK_MAX_DEPTH + 100: Outcome.EXTRACT_FAILED,
        50_000: Outcome.EXTRACT_FAILED,
    }


def test_a_record_a_few_bytes_longer_than_its_content_length_is_one_row_and_the_file_goes_on(tmp_path: Path) -> None:
    def record(n: int, lie: int) -> bytes:
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=False)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = article_html(f"Gout {n}", f"{URL}{n}")
        writer.write_record(
            writer.create_warc_record(f"{URL}{n}", "response", payload=io.BytesIO(body), http_headers=http)
        )
        raw = buffer.getvalue()
        at = raw.find(b"Content-Length: ")
        eol = raw.find(b"\r\n", at)
        return gzip.compress(raw[:at] + b"Content-Length: " + str(int(raw[at + 16 : eol]) - lie).encode() + raw[eol:])

    path = tmp_path / "lie.warc.gz"  # gzipped record by record: warcio finds the next record after the rest
    path.write_bytes(record(0, 0) + record(1, 5) + record(2, 0))
    pages = _pages(path)
    assert pages["gout0"] == pages["gout2"] == ("ok", None)  # the file was given up at the lying record
    assert pages["gout1"][0] == "decode_error" and "longer than its Content-Length" in (pages["gout1"][1] or "")


def test_a_cut_gzip_member_is_one_row_and_the_records_after_it_are_read(tmp_path: Path) -> None:
    members = []
    for n in range(4):  # one gzip member per record, as warcio, wget and Heritrix write them
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = io.BytesIO(article_html(f"Gout {n}", f"{URL}{n}"))
        writer.write_record(writer.create_warc_record(f"{URL}{n}", "response", payload=body, http_headers=http))
        members.append(buffer.getvalue())
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(members[0] + members[1][:200] + members[2] + members[3])  # record 1 cut to 200 bytes
    pages = _pages(path)
    assert {k: v[0] for k, v in pages.items()} == {"gout0": "ok", "gout1": "decode_error", "gout2": "ok", "gout3": "ok"}
    assert f"record at byte {len(members[0])} is cut short" in (pages["gout1"][1] or "")
    path.write_bytes(members[0] + members[1][:30] + members[2])  # too little left to name its URL
    rows = [(p.url, str(p.outcome), p.error or "") for p in read_warc(path)]
    assert [r[:2] for r in rows] == [(f"{URL}0", "ok"), (str(path), "input_error"), (f"{URL}2", "ok")]
    assert f"byte {len(members[0])} is cut short" in rows[1][2]
    summary = run_pipeline(make_config(tmp_path, sources={"warc": [str(path)]}), argv=[])
    assert summary.outcomes == {"ok": 2, "input_error": 1} and summary.exit_code == 1


def _xhtml(encoding: str, text: str, meta: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>{meta}'
        f"<title>Page</title></head><body><p>{text}</p></body></html>"
    ).encode(encoding)


def test_the_xml_declaration_names_the_charset_after_header_bom_and_meta() -> None:
    # short pages that detection misreads (EUC-KR, KOI8-R, windows-1252, mac-roman were its guesses)
    for encoding, text in [("windows-1251", "Да" * 20), ("iso-8859-4", "Ļ" * 20), ("windows-1255", "שלום" * 20)]:
        for content_type in (None, "application/xhtml+xml", "text/html"):
            assert text in decode_html(_xhtml(encoding, text), content_type)[0], (encoding, content_type)
    turkish = "İstanbul ğ ş " * 20  # iso-8859-9 is windows-1254 (WHATWG): the label was ignored
    text, charset = decode_html(_xhtml("iso-8859-9", turkish))
    assert turkish in text and charset == "cp1254"
    body = _xhtml("windows-1251", "Да" * 20)
    assert decode_html(body, "text/html; charset=koi8-r")[1] == "koi8-r"  # the HTTP header wins
    bom = codecs.BOM_UTF8 + "<?xml version='1.0' encoding='windows-1251'?><p>Да</p>".encode()
    assert decode_html(bom) == ("<?xml version='1.0' encoding='windows-1251'?><p>Да</p>", "utf-8")  # so does a BOM
    both = _xhtml("windows-1251", "Да" * 20, meta='<meta charset="koi8-r"/>')
    assert decode_html(both, "text/html")[1] == "koi8-r"  # HTML: <meta> before the XML declaration
    assert decode_html(both, "application/xhtml+xml")[1] == "cp1251"  # XML: the declaration first
    assert decode_html(b"<p>x</p><?xml version='1.0' encoding='windows-1251'?>")[1] == "utf-8"  # only at the start
