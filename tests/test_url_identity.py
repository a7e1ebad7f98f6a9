"""When two spellings are one host or one page (tenth audit, session 14): an IPv6 literal's
spellings, and tracking parameters courlan's list lacks."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pandas as pd

from pipeline.fetch.urls import url_key
from pipeline.run.plan import plan_shards
from pipeline.run.runner import run_pipeline
from tests.conftest import make_config
from tests.httpserver import Reply, ScriptedServer, html_page

TEXT = "The clinic's advice on managing asthma at home through the winter months, step by step. " * 10
MIN_DELAY_S = 0.4  # fetch.min_delay_s: one host's requests are at least this far apart
# a loaded machine's timer slack below the delay
SLACK_S = 0.05


def test_an_ipv6_literals_spellings_are_one_host_for_shards_robots_and_politeness(tmp_path: Path) -> None:
    """``[::1]`` and ``[0:0:0:0:0:0:0:1]`` were two hosts: two shards' worth of planning, two
    robots.txt requests, two politeness slots (requests at once) and two keys for one page."""
    site = ScriptedServer("::1")
    site.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private\n", content_type="text/plain"))
    for path in ("/a", "/b", "/c"):
        site.route(path, Reply(200, html_page(f"Asthma {path}", f"<p>{TEXT}</p>")))
    long_form = f"http://[0:0:0:0:0:0:0:1]:{site.port}"
    urls = [site.url("/a"), f"{long_form}/b", site.url("/c"), f"{long_form}/a", f"{long_form}/private"]
    config = make_config(
        tmp_path,
        sources={"urls": urls},
        fetch={"allow_private": ["::1"], "min_delay_s": MIN_DELAY_S, "per_host_concurrency": 1, "max_retries": 0},
        run={"run_date": "2026-12-07", "workers": 1},
    )
    assert [shard.hosts for shard in plan_shards(config, slots=4)] == [["::1"]]
    with site:
        run_pipeline(config, argv=[])
    assert site.hits("/robots.txt") == 1
    pages = [request for request in site.requests if request.path != "/robots.txt"]
    assert sorted(request.path for request in pages) == ["/a", "/b", "/c"]  # /a once, /private never
    starts = sorted(request.at for request in pages)
    assert all(later - earlier >= MIN_DELAY_S - SLACK_S for earlier, later in pairwise(starts))
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    assert (fetches["outcome"] == "robots_disallowed").sum() == 1


def test_tracking_parameters_beyond_courlans_list_leave_the_key() -> None:
    """HubSpot's ``_hsenc``, TikTok's ``ttclid``, LinkedIn's ``li_fat_id`` (any case) named one
    page twice; a parameter of the page's own, and an unrelated name ending like one, stay."""
    page = "https://clinic.example/asthma?topic=winter"
    for tracked in ("&_hsenc=p2ANqtz-abc&_hsmi=12", "&ttclid=E.C.P.x", "&li_fat_id=1f2e", "&LI_FAT_ID=1f2e"):
        assert url_key(page + tracked) == url_key(page)
    assert url_key(page + "&utm_source=mail&ttclid=x") == url_key(page)  # courlan's and ours together
    assert url_key(page + "&my_hsenc=1") != url_key(page)
    assert url_key("https://clinic.example/a?ttclid") == url_key("https://clinic.example/a")
