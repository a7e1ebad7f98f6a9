"""Tenth outside-style audit (session 14): what the nine before did not cover, with real parts.

Each test is one row of the "Tenth outside-style audit" table of docs/audits.md.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import ssl
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.run.runner import run_pipeline
from tests.conftest import make_config
from tests.daskcluster import dask_cluster
from tests.httpserver import Reply, ScriptedServer, html_page
from tests.rawserver import RawListener

RUN_DATE = "2026-12-07"
TEXT = "The clinic's advice on managing asthma at home through the winter months, step by step. " * 10
BOM_ROBOTS_SITE = "127.0.0.61"  # loopback "hosts" no other test serves
UTF16_SITE = "127.0.0.62"
STALLED_TLS_SITE = "127.0.0.63"
DASK_SITE = "127.0.0.64"
HEALTH_SITE, SITEMAP_CDN, UNRELATED = "127.0.0.67", "127.0.0.68", "127.0.0.69"
RELATIVE_SITEMAP_SITE = "127.0.0.70"
FEED_SITE = "127.0.0.71"
OWN_CA_SITE, OTHER_CA_SITE = "127.0.0.72", "127.0.0.73"
DEMO_WARC = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "demo" / "demo.warc.gz"


def test_a_robots_txt_saved_with_a_bom_is_obeyed(tmp_path: Path) -> None:
    """A robots.txt saved by a Windows editor starts with a UTF-8 BOM: protego read its first line,
    "\\ufeffUser-agent: *", as no user-agent line, so the group's Disallow was dropped and every
    page under /private/ was requested. Now the BOM is dropped before parsing (as Google's parser does)."""
    site = ScriptedServer(BOM_ROBOTS_SITE)
    robots = "\ufeffUser-agent: *\r\nDisallow: /private/\r\nCrawl-delay: 0\r\n".encode()
    site.route("/robots.txt", Reply(200, robots, content_type="text/plain"))
    for path in ("/private/records", "/public/asthma"):
        site.route(path, Reply(200, html_page(path, TEXT)))
    config = make_config(
        tmp_path,
        sources={"urls": [site.url("/private/records"), site.url("/public/asthma")]},
        fetch={"allow_private": [BOM_ROBOTS_SITE], "min_delay_s": 0.0, "max_retries": 0},
        run={"run_date": RUN_DATE, "workers": 1},
    )
    with site:
        run_pipeline(config, argv=[])
    assert sorted(site.paths()) == ["/public/asthma", "/robots.txt"]  # nothing under /private/
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    private = fetches.loc[site.url("/private/records")]
    assert private["outcome"] == "robots_disallowed", private.to_dict()
    assert fetches.loc[site.url("/public/asthma"), "outcome"] == "ok"


def test_a_url_list_saved_as_utf16_is_read(tmp_path: Path) -> None:
    """PowerShell 5's ``Get-Content lists\\*.txt > urls.txt`` (and Notepad's "Unicode") saves the
    list as UTF-16 with a BOM: read as bytes, every URL was an ``invalid_url`` row
    ("ÿþh\\x00t\\x00t\\x00p...") and nothing was fetched. Now the BOM says how to read the file:
    little- and big-endian, CRLF, a comment, a non-ASCII path, as a UTF-8 list is read."""
    site = ScriptedServer(UTF16_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    names = ("asthma", "eczema", "übelkeit")
    for name in names:
        site.route(f"/{name}", Reply(200, html_page(name, TEXT)))
        site.route(f"/{name.replace('ü', '%C3%BC')}", Reply(200, html_page(name, TEXT)))
    listing = "# tonight's pages\r\n" + "".join(f"{site.url('/' + name)}\r\n" for name in names)
    little, big = tmp_path / "little.txt", tmp_path / "big.txt"
    little.write_bytes(listing.encode("utf-16"))  # the machine's order, with its BOM (ff fe here)
    big.write_bytes(b"\xfe\xff" + (listing + f"{site.url('/asthma')}\r\n").encode("utf-16-be"))
    toml = tmp_path / "run.toml"
    toml.write_text(f'[fetch]\nallow_private = ["{UTF16_SITE}"]\nmin_delay_s = 0.0\nmax_retries = 0\n')
    command = [sys.executable, "-m", "pipeline", "run", "--config", str(toml), "--workers", "1"]
    command += ["--urls", str(little), "--urls", str(big), "--out", str(tmp_path / "out")]
    command += ["--raw", str(tmp_path / "raw"), "--run-date", RUN_DATE]
    with site:
        run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    assert sorted(fetches["outcome"]) == ["ok"] * 3, fetches[["url", "outcome"]]  # no invalid_url row
    assert sorted(p for p in site.paths() if p != "/robots.txt") == ["/%C3%BCbelkeit", "/asthma", "/eczema"]
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert sorted(articles["title"]) == sorted(names)


def test_a_tls_handshake_that_stalls_names_the_connect_timeout(tmp_path: Path) -> None:
    """A server that accepts the connection and never finishes the TLS handshake (an overloaded
    TLS terminator, a port that is not TLS and waits for the client to speak) is given up after
    ``fetch.connect_timeout_s``, which bounds the handshake; the reason said "sent none within
    30 s (fetch.timeout_s)", so the key to change was the wrong one. Now it names the handshake."""
    held: list[socket.socket] = []
    listener = RawListener(STALLED_TLS_SITE, held.append)  # kept open, never a byte sent
    url = f"https://{STALLED_TLS_SITE}:{listener.port}/asthma"
    config = make_config(
        tmp_path,
        sources={"urls": [url]},
        fetch={"allow_private": [STALLED_TLS_SITE], "max_retries": 0, "connect_timeout_s": 1.0, "timeout_s": 30.0},
        run={"run_date": RUN_DATE, "workers": 1},
    )
    try:
        run_pipeline(config, argv=[])
    finally:
        listener.close()
        for connection in held:
            connection.close()
    row = pd.read_parquet(tmp_path / "out" / "fetches").iloc[0]
    where = url.split("/")[2]
    assert row["outcome"] == "connection_error"  # robots.txt's handshake stalled: the host is down
    handshake = f"TLS handshake with {where} did not finish within 1 s (fetch.connect_timeout_s)"
    assert row["error"] == f"{STALLED_TLS_SITE} unreachable: {handshake}"


def _site_rule(folder: Path, authors: str) -> None:
    folder.mkdir(parents=True)
    (folder / "site.toml").write_text(f'hosts = ["{DASK_SITE}"]\n[metadata]\nauthors = "{authors}"\n')


@pytest.mark.dask
def test_dask_workers_follow_the_drivers_environment_paths_and_date(tmp_path: Path) -> None:
    """The driver's settings come from its environment (``PIPELINE__FETCH__USER_AGENT``, a relative
    ``PIPELINE__EXTRACT__SITES_DIR``), a relative ``--config``, ``--urls`` and ``--out``, and its
    time zone is UTC-12; the ``dask worker`` processes run in another folder, with none of these
    variables, a ``sites`` folder of their own holding another rule, and the time zone UTC+14 (a
    day ahead of the driver's). Each worker uses the driver's effective config (user agent, site
    rule from the driver's folder), and the rows go to the run's UTC date, no zone's local date."""
    site = ScriptedServer(DASK_SITE)
    site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    page = (
        f"<html><head><title>Asthma at home</title></head><body><article><h1>Asthma at home</h1><p>{TEXT}</p>"
        "<p class='credit'>Ada Quill</p><p class='decoy'>Wrong Person</p></article></body></html>"
    ).encode()
    site.route("/asthma", Reply(200, page))
    driver, home = tmp_path / "driver", tmp_path / "workers"
    _site_rule(driver / "sites", "p.credit")
    _site_rule(home / "sites", "p.decoy")  # what a worker resolving "sites" in its own folder reads
    (driver / "run.toml").write_text(f'[fetch]\nallow_private = ["{DASK_SITE}"]\nmin_delay_s = 0.0\nmax_retries = 0\n')
    (driver / "urls.txt").write_text(site.url("/asthma") + "\n")
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("PIPELINE__")}
    with site, dask_cluster(home, {**clean, "TZ": "Etc/GMT-14", "LC_ALL": "C"}) as address:  # UTC+14
        before = dt.datetime.now(dt.UTC).date().isoformat()
        paths = ["--config", "run.toml", "--urls", "urls.txt", "--out", "out", "--raw", "raw"]  # relative
        run = subprocess.run(
            [sys.executable, "-m", "pipeline", "run", *paths, "--scheduler", address],
            cwd=driver,
            env={
                **clean,
                "TZ": "Etc/GMT+12",  # UTC-12
                "PIPELINE__FETCH__USER_AGENT": "tenth-audit-bot/1.0",
                "PIPELINE__EXTRACT__SITES_DIR": "sites",
            },
            capture_output=True,
            text=True,
            timeout=180,
        )
        after = dt.datetime.now(dt.UTC).date().isoformat()
    assert run.returncode == 0, run.stderr
    assert {request.headers.get("user-agent") for request in site.requests} == {"tenth-audit-bot/1.0"}
    metadata = pd.read_parquet(driver / "out" / "metadata")
    assert [list(authors) for authors in metadata["authors"]] == [["Ada Quill"]]
    partitions = {path.name for path in (driver / "out" / "articles").glob("crawl_date=*") if any(path.iterdir())}
    assert partitions in ({f"crawl_date={before}"}, {f"crawl_date={after}"})
    manifest = next((driver / "out" / "_runs").glob("*.json"))
    assert manifest.name.startswith((before, after)) and '"engine": "dask"' in manifest.read_text()


def test_string_settings_in_the_environment_are_taken_as_written(tmp_path: Path) -> None:
    """An Airflow task sets ``PIPELINE__RUN__RUN_DATE={{ ds }}``: the value was parsed as TOML, a
    date, and the run refused (exit 2, "expected a string, got datetime.date(2026, 12, 7)"); so
    were a deadline (a TOML date-time) and a run id or folder of digits (integers)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE__")}
    environment.update(
        {
            "PIPELINE__RUN__RUN_DATE": "2026-12-07",
            "PIPELINE__RUN__RUN_ID": "20261207",
            "PIPELINE__RUN__DEADLINE": "2099-12-08T06:00:00Z",
            "PIPELINE__OUTPUT__DIR": "2026",
            "PIPELINE__RUN__WORKERS": "1",  # an integer key still reads its TOML integer
        }
    )
    command = [sys.executable, "-m", "pipeline", "run", "--warc", str(DEMO_WARC), "--raw", "raw"]
    run = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert [p.name for p in (tmp_path / "2026" / "articles").iterdir()] == ["crawl_date=2026-12-07"]
    assert (tmp_path / "2026" / "_runs" / "20261207.json").is_file()
    environment["PIPELINE__RUN__WORKERS"] = "two"
    refused = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)
    assert (refused.returncode, refused.stderr.strip()) == (
        2,
        "pipeline: error: environment: run.workers: expected an integer, got 'two'",
    )


def _sitemap(kind: str, urls: list[str]) -> Reply:
    entry = "url" if kind == "urlset" else "sitemap"
    entries = "".join(f"<{entry}><loc>{url}</loc></{entry}>" for url in urls)
    body = f'<?xml version="1.0"?><{kind} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</{kind}>'
    return Reply(200, body.encode(), content_type="application/xml")


def test_a_sitemap_index_on_a_cdn_named_by_robots_txt_leads_to_the_sites_pages(tmp_path: Path) -> None:
    """The site's robots.txt says "Sitemap: https://cdn.../index.xml" (sitemaps on a CDN or a
    bucket, which sitemaps.org allows when the site's robots.txt names them). The index's child
    sitemaps, on the CDN, were ignored as hosts outside the crawl: not one page of the site was
    found. Now an index's children on its own host are read; their pages must still be on the
    crawl's hosts, and a child on a third host is still ignored."""
    site, cdn, unrelated = ScriptedServer(HEALTH_SITE), ScriptedServer(SITEMAP_CDN), ScriptedServer(UNRELATED)
    with site, cdn, unrelated:
        robots = f"User-agent: *\nAllow: /\nSitemap: {cdn.url('/health/index.xml')}\n".encode()
        site.route("/robots.txt", Reply(200, robots, content_type="text/plain"))
        cdn.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        children = [cdn.url("/health/posts.xml"), unrelated.url("/x.xml")]
        cdn.route("/health/index.xml", _sitemap("sitemapindex", children))
        pages = [site.url(f"/condition-{n}") for n in range(3)]
        cdn.route("/health/posts.xml", _sitemap("urlset", [*pages, cdn.url("/not-the-site")]))
        for url in pages:
            site.route(url.split(site.base)[1], Reply(200, html_page(url.rsplit("/", 1)[1], TEXT)))
        config = make_config(
            tmp_path,
            sources={"sitemaps": [site.url("/")]},
            fetch={"allow_private": [HEALTH_SITE, SITEMAP_CDN, UNRELATED], "min_delay_s": 0.0, "max_retries": 0},
            run={"run_date": RUN_DATE, "workers": 1},
        )
        run_pipeline(config, argv=[])
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    assert sorted(fetches.index[fetches["outcome"] == "ok"]) == pages
    assert sorted(cdn.paths()) == ["/health/index.xml", "/health/posts.xml", "/robots.txt"]
    assert unrelated.requests == [] and unrelated.connections == 0  # a third host: never contacted


def test_a_sitemap_named_by_a_path_in_robots_txt_is_read(tmp_path: Path) -> None:
    """robots.txt says "Sitemap: /maps/index.xml", a path where RFC 9309 and sitemaps.org want a
    full URL (sites write it so). The line was dropped, /sitemap.xml tried instead (a 404 here),
    and no page of the site was found; now the path is read against the robots.txt's URL."""
    site = ScriptedServer(RELATIVE_SITEMAP_SITE)
    with site:
        robots = b"User-agent: *\nAllow: /\nSitemap: /maps/index.xml\n"
        site.route("/robots.txt", Reply(200, robots, content_type="text/plain"))
        site.route("/maps/index.xml", _sitemap("sitemapindex", [site.url("/maps/posts.xml")]))
        pages = [site.url(f"/condition-{n}") for n in range(2)]
        site.route("/maps/posts.xml", _sitemap("urlset", pages))
        for url in pages:
            site.route(url.split(site.base)[1], Reply(200, html_page(url.rsplit("/", 1)[1], TEXT)))
        config = make_config(
            tmp_path,
            sources={"sitemaps": [site.url("/")]},
            fetch={"allow_private": [RELATIVE_SITEMAP_SITE], "min_delay_s": 0.0, "max_retries": 0},
            run={"run_date": RUN_DATE, "workers": 1},
        )
        run_pipeline(config, argv=[])
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    assert sorted(fetches.index[fetches["outcome"] == "ok"]) == pages
    assert "/sitemap.xml" not in site.paths()  # the robots.txt's sitemap, not the fallback


def test_feeds_given_as_sitemaps_and_a_sitemap_with_bare_ampersands_lead_to_their_pages(tmp_path: Path) -> None:
    """sitemaps.org accepts RSS 2.0 and Atom 1.0 feeds as sitemaps (a blog's /feed/): not one of
    their pages was found (no <loc>). And a generator that writes "/search?topic=asthma&page=2"
    unescaped had its URL requested as "/search?topic=asthma=2" (the parser's recovery dropped
    "&page"). Now a feed's entries are its pages (not the channel's own link, nor an Atom entry's
    comments or enclosure link), and a bare "&" is read as written."""
    site = ScriptedServer(FEED_SITE)
    with site:
        rss = (
            '<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f'<title>Health news</title><link>{site.url("/")}</link><atom:link href="{site.url("/feed/")}" rel="self"/>'
            f"<item><title>Asthma</title><link>{site.url('/asthma')}</link><comments>{site.url('/asthma#c')}</comments>"
            "</item></channel></rss>"
        )
        atom = (
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f'<link rel="self" href="{site.url("/atom")}"/>'
            f'<entry><title>Eczema</title><link href="{site.url("/eczema")}"/>'
            f'<link rel="replies" href="{site.url("/eczema/comments")}"/>'
            f'<link rel="enclosure" href="{site.url("/eczema.mp3")}"/></entry></feed>'
        )
        site.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
        site.route("/feed/", Reply(200, rss.encode(), content_type="application/rss+xml"))
        site.route("/atom", Reply(200, atom.encode(), content_type="application/atom+xml"))
        bare = f"<urlset><url><loc>{site.url('/search?topic=asthma&page=2')}</loc></url></urlset>"
        site.route("/sitemap-search.xml", Reply(200, bare.encode(), content_type="application/xml"))
        for name in ("asthma", "eczema", "search"):
            site.route(f"/{name}", Reply(200, html_page(name, TEXT)))
        config = make_config(
            tmp_path,
            sources={"sitemaps": [site.url("/feed/"), site.url("/atom"), site.url("/sitemap-search.xml")]},
            fetch={"allow_private": [FEED_SITE], "min_delay_s": 0.0, "max_retries": 0},
            run={"run_date": RUN_DATE, "workers": 1},
        )
        run_pipeline(config, argv=[])
    pages = ["/asthma", "/eczema", "/search?topic=asthma&page=2"]
    read = ("/robots.txt", "/feed/", "/atom", "/sitemap-search.xml")
    assert sorted(path for path in site.paths() if path not in read) == pages
    fetches = pd.read_parquet(tmp_path / "out" / "fetches")
    assert sorted(fetches.loc[fetches["outcome"] == "ok", "url"]) == [site.url(path) for path in pages]


def test_a_path_starting_with_a_tilde_is_under_the_home_folder(tmp_path: Path) -> None:
    """``dir = "~/health/clean"`` in the config file (or in the environment, where no shell expands
    it: systemd's ``Environment=``, Airflow's ``env``) made a folder named "~" in the working
    directory, the night's rows in it; now ``~`` is the home folder, as a shell reads it."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    (work / "run.toml").write_text('[output]\ndir = "~/health/clean"\n[sources]\nwarc = ["~/demo.warc.gz"]\n')
    (home / "demo.warc.gz").write_bytes(DEMO_WARC.read_bytes())
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE__")}
    environment.update({"HOME": str(home), "PIPELINE__EXTRACT__SITES_DIR": "~/sites"})
    (home / "sites").mkdir()
    command = [sys.executable, "-m", "pipeline", "run", "--config", "run.toml", "--run-date", RUN_DATE]
    run = subprocess.run(command, cwd=work, env=environment, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in work.iterdir()) == ["run.toml"]  # no folder named "~"
    assert len(pd.read_parquet(home / "health" / "clean" / "articles")) == 4


def _self_signed(where: Path, address: str) -> tuple[Path, ssl.SSLContext]:
    """A certificate for ``address`` signed by itself (its own CA), and a server context serving it."""
    cert, key = where / f"{address}.pem", where / f"{address}.key"
    request = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={address}"]
    subprocess.run(
        ["openssl", *request, "-addext", f"subjectAltName=IP:{address}", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return cert, context


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the certificates")
def test_a_ca_bundle_is_trusted_beside_the_built_in_roots(tmp_path: Path) -> None:
    """Behind a company's TLS-inspecting gateway every site is re-signed by the company's root, and
    a test server has its own CA: certifi's roots refuse them, and no setting could add one (the
    environment is not trusted, so REQUESTS_CA_BUNDLE is not read): every https page was
    "TLS certificate ... refused". Now ``fetch.ca_bundle`` names a PEM file trusted beside them;
    verification stays on (another CA's server is still refused), and a file that holds no
    certificate is a config error at once, not a failure on every page."""
    own_cert, own_tls = _self_signed(tmp_path, OWN_CA_SITE)
    _, other_tls = _self_signed(tmp_path, OTHER_CA_SITE)
    own = ScriptedServer(OWN_CA_SITE, {"/asthma": Reply(200, html_page("Asthma", TEXT))}, tls=own_tls)
    other = ScriptedServer(OTHER_CA_SITE, {"/eczema": Reply(200, html_page("Eczema", TEXT))}, tls=other_tls)
    for server in (own, other):
        server.route("/robots.txt", Reply(404, b"", content_type="text/plain"))
    with own, other:
        config = make_config(
            tmp_path,
            sources={"urls": [own.url("/asthma"), other.url("/eczema")]},
            fetch={
                "allow_private": [OWN_CA_SITE, OTHER_CA_SITE],
                "min_delay_s": 0.0,
                "max_retries": 0,
                "ca_bundle": str(own_cert),
            },
            run={"run_date": RUN_DATE, "workers": 1},
        )
        run_pipeline(config, argv=[])
    fetches = pd.read_parquet(tmp_path / "out" / "fetches").set_index("url")
    assert fetches.loc[own.url("/asthma"), "outcome"] == "ok"
    refused = fetches.loc[other.url("/eczema")]
    assert refused["outcome"] == "connection_error" and "CERTIFICATE_VERIFY_FAILED" in refused["error"]
    assert other.requests == []
    (tmp_path / "empty.pem").write_text("no certificate here\n")
    for bundle in (tmp_path / "empty.pem", tmp_path / "missing.pem"):
        with pytest.raises(ConfigError, match=f"fetch.ca_bundle: {bundle}: not a readable PEM file of certificates"):
            load_config(None, {"fetch": {"ca_bundle": str(bundle)}}, environ={})


def test_a_setting_added_by_an_upgrade_leaves_run_ids_as_they_were() -> None:
    """``fetch.ca_bundle`` is new in this version: digested with the rest of the fetch settings, it
    changed every config's digest, so a night killed before the upgrade and run again after it was
    a new run (everything fetched again), and a forced ``--run-id`` resume was refused (exit 2).
    Left at its default it is left out; set, it is a setting like the others."""
    from pipeline.config import Config, FetchConfig
    from pipeline.run.retry import config_digest

    before = "e1ed4b9d"  # the built-in defaults' digest at 8afeda4 (session 13), which had no ca_bundle
    why = "a new sources/fetch/extract key changed every run id: list it in ADDED_KEYS (pipeline/run/retry.py)"
    assert config_digest(load_config(None, environ={})) == before, why
    assert config_digest(Config(fetch=FetchConfig(ca_bundle="/etc/company-root.pem"))) != before


def test_a_folder_given_as_a_warc_or_url_file_is_named_as_a_folder(tmp_path: Path) -> None:
    """``--warc crawl/`` (a folder of WARC files, as Common Crawl's are downloaded) said "WARC file
    not found: crawl", which sent the user looking for a missing folder; now it says it is a folder
    and how to name its files (exit 2, one line, as before)."""
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    for option in ("--warc", "--urls"):
        command = [sys.executable, "-m", "pipeline", "run", option, "crawl", "--out", "out", "--dry-run"]
        run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
        kind, pattern = ("WARC file", "*.warc.gz") if option == "--warc" else ("URL file", "*.txt")
        assert (run.returncode, run.stderr.strip()) == (
            2,
            f"pipeline: error: {kind} {crawl} is a folder: name its files (e.g. {crawl / pattern})",
        )
