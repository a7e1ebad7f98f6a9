"""The whole path on a real WARC: read, extract, normalise, write Parquet, read it back."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.errors import InputError
from pipeline.normalize.schemas import DATASETS, SCHEMA_VERSION
from pipeline.run.runner import run_pipeline
from tests.conftest import make_config
from tests.warcs import article_html, write_warc


def test_warc_run_writes_four_datasets(tmp_path: Path, sample_warc: Path) -> None:
    config = make_config(tmp_path, sources={"warc": [str(sample_warc)]}, run={"run_date": "2026-11-20"})
    summary = run_pipeline(config, argv=[])
    out = tmp_path / "out"
    assert summary.outcomes == {"http_error": 1, "not_html": 1, "ok": 3}
    assert summary.exit_code == 1  # two pages failed, each recorded

    articles = pd.read_parquet(out / "articles")
    assert sorted(articles["title"]) == ["Asthma", "Gout", "Influenza"]
    assert set(articles["site"]) == {"health.example", "other.example"}
    assert str(articles["fetched_at"].dtype) == "datetime64[us, UTC]"
    assert list(articles["crawl_date"].astype(str).unique()) == ["2026-11-20"]
    assert all("Copyright" not in t and "Home" not in t.split("\n") for t in articles["text"])
    assert articles["article_id"].is_unique

    fetches = pd.read_parquet(out / "fetches")
    assert len(fetches) == 5
    by_url = fetches.set_index("url")
    assert by_url.loc["https://health.example/leaflet.pdf", "outcome"] == "not_html"
    assert by_url.loc["https://health.example/missing", "status"] == 404

    comments = pd.read_parquet(out / "comments")
    assert list(comments["author"]) == ["reader_one", "Ann Writer"]
    top, reply = comments.sort_values("position").to_dict("records")
    assert pd.isna(top["parent_id"]) and reply["parent_id"] == top["comment_id"]
    asthma = articles.set_index("title").loc["Asthma"]
    assert "Glad it helped" not in asthma["text"]

    metadata = pd.read_parquet(out / "metadata")
    assert list(metadata.set_index("title").loc["Gout", "authors"]) == ["Ann Writer"]

    for name, schema in DATASETS.items():
        files = list((out / name).rglob("*.parquet"))
        assert files, name
        meta = pq.read_metadata(files[0])
        assert meta.schema.to_arrow_schema().remove_metadata().equals(schema.remove_metadata())
        assert meta.metadata[b"schema_version"] == SCHEMA_VERSION.encode()
        assert meta.row_group(0).column(0).compression == "ZSTD"


def test_rerun_adds_no_rows_and_new_day_adds_only_fetches(tmp_path: Path, sample_warc: Path) -> None:
    def counts() -> dict[str, int]:
        return {name: len(pd.read_parquet(tmp_path / "out" / name)) for name in DATASETS}

    config = make_config(tmp_path, sources={"warc": [str(sample_warc)]}, run={"run_date": "2026-11-20"})
    run_pipeline(config, argv=[])
    first = counts()
    again = run_pipeline(config, argv=[])
    assert again.resumed_shards == again.shards
    assert counts() == first
    next_day = make_config(tmp_path, sources={"warc": [str(sample_warc)]}, run={"run_date": "2026-11-21"})
    summary = run_pipeline(next_day, argv=[])
    after = counts()
    assert after["articles"] == first["articles"] and after["comments"] == first["comments"]
    assert after["metadata"] == first["metadata"]
    assert after["fetches"] == 2 * first["fetches"]  # the fetch log records every attempt
    assert summary.rows["articles"] == 0


def test_changed_page_adds_a_version_and_duplicates_are_flagged(tmp_path: Path) -> None:
    url = "https://health.example/asthma"
    first = write_warc(tmp_path / "a.warc.gz", [(url, article_html("Asthma", url), "text/html", 200)])
    run_pipeline(make_config(tmp_path, sources={"warc": [str(first)]}, run={"run_date": "2026-11-20"}), argv=[])
    changed = article_html("Asthma", url).replace(b"careful explanation", b"thorough explanation")
    mirror = "https://mirror.example/asthma-copy"
    mirror_html = article_html("Asthma", url).replace(url.encode(), mirror.encode())
    second = write_warc(
        tmp_path / "b.warc.gz", [(url, changed, "text/html", 200), (mirror, mirror_html, "text/html", 200)]
    )
    run_pipeline(make_config(tmp_path, sources={"warc": [str(second)]}, run={"run_date": "2026-11-21"}), argv=[])
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert len(articles) == 3
    original = articles[articles["url"] == url]
    assert len(original) == 2 and original["content_hash"].nunique() == 2
    copy = articles[articles["url"] == mirror].iloc[0]
    assert copy["duplicate_of"] == original.sort_values("fetched_at")["article_id"].iloc[0]


def test_page_without_text_becomes_extract_failed_and_run_goes_on(tmp_path: Path) -> None:
    url = "https://health.example/ok"
    warc = write_warc(
        tmp_path / "x.warc.gz",
        [
            ("https://health.example/empty", b"<html><body><nav>Home</nav></body></html>", "text/html", 200),
            (url, article_html("Ok", url), "text/html", 200),
        ],
    )
    summary = run_pipeline(make_config(tmp_path, sources={"warc": [str(warc)]}), argv=[])
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    assert fetches.loc["https://health.example/empty", "outcome"] == "extract_failed"
    assert "no article text" in fetches.loc["https://health.example/empty", "error"]
    assert fetches.loc[url, "outcome"] == "ok"
    assert summary.exit_code == 1


def test_corrupt_warc_keeps_earlier_records_and_records_the_error(tmp_path: Path, sample_warc: Path) -> None:
    data = gzip.decompress(sample_warc.read_bytes())
    cut = data.find(b"WARC/1.0", data.find(b"other.example/flu"))  # after the flu request record
    broken = tmp_path / "broken.warc"
    broken.write_bytes(data[:cut] + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\ngarbage")
    summary = run_pipeline(make_config(tmp_path, sources={"warc": [str(broken)]}), argv=[])
    assert summary.outcomes == {"ok": 2, "input_error": 1}  # asthma and gout; the break is at the flu response
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    error = fetches[fetches["outcome"] == "input_error"].iloc[0]
    assert error["url"] == str(broken) and ("corrupt" in error["error"] or "truncated" in error["error"])
    assert summary.exit_code == 1


def _ten_page_warc(path: Path, compress: bool) -> Path:
    pages = [(f"https://health.example/p{i}", f"Condition {i}") for i in range(10)]
    return write_warc(path, [(u, article_html(t, u), "text/html", 200) for u, t in pages], gzip=compress)


@pytest.mark.parametrize("compress", [True, False], ids=["gzip", "plain"])
@pytest.mark.parametrize("fraction", [0.35, 0.6, 0.83])
def test_truncated_warc_keeps_the_records_before_the_break(tmp_path: Path, compress: bool, fraction: float) -> None:
    full = _ten_page_warc(tmp_path / ("full.warc.gz" if compress else "full.warc"), compress)
    data = full.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    cut.write_bytes(data[: int(len(data) * fraction)])
    complete = read_warc_count(full)
    summary = run_pipeline(make_config(tmp_path, sources={"warc": [str(cut)]}), argv=[])
    assert summary.outcomes["input_error"] == 1
    kept = summary.outcomes.get("ok", 0)
    assert 0 < kept < complete
    assert summary.exit_code == 1
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    assert len(fetches) == kept + 1
    assert len(pd.read_parquet(tmp_path / "out" / "articles")) == kept
    titles = sorted(pd.read_parquet(tmp_path / "out" / "metadata")["url"])
    assert titles == sorted(f"https://health.example/p{i}" for i in range(kept))  # the records before the break


def read_warc_count(path: Path) -> int:
    from pipeline.sources.warc import read_warc

    return sum(1 for _ in read_warc(path))


def test_garbage_file_is_an_input_error_row(tmp_path: Path) -> None:
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"this is not a warc file at all\n" * 10)
    summary = run_pipeline(make_config(tmp_path, sources={"warc": [str(junk)]}), argv=[])
    assert summary.outcomes == {"input_error": 1}
    assert summary.exit_code == 1
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    assert "junk.warc.gz" in fetches.iloc[0]["error"]


def test_missing_input_and_empty_input_are_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        run_pipeline(make_config(tmp_path, sources={"warc": [str(tmp_path / "nope.warc")]}), argv=[])
    with pytest.raises(InputError, match="no input"):
        run_pipeline(make_config(tmp_path), argv=[])
    empty = tmp_path / "urls.txt"
    empty.write_text("# nothing here\n\n")
    with pytest.raises(InputError, match="no input"):
        run_pipeline(make_config(tmp_path, sources={"url_files": [str(empty)]}), argv=[])


def test_uncompressed_warc_and_non_response_records(tmp_path: Path) -> None:
    url = "https://health.example/plain"
    warc = write_warc(tmp_path / "p.warc", [(url, article_html("Plain", url), "text/html", 200)], gzip=False)
    summary = run_pipeline(make_config(tmp_path, sources={"warc": [str(warc)]}), argv=[])
    assert summary.outcomes == {"ok": 1}  # request and warcinfo records are skipped
