"""``pipeline report OUT_DIR --html FILE.html``: the runs in an output directory, as one HTML file.

Summary figures (pages, failures, extraction success rate), the runs (from their manifests),
pages by outcome and by host as inline SVG bar charts, the failures with their reasons, and a
sample of extracted articles with their comments.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.records import Outcome
from pipeline.report.html import Row, card, esc, page, pct, show, table, write_html
from pipeline.report.run_data import OK_OUTCOMES, RunData, SampleArticle, load_run_data
from pipeline.report.svg import bar_chart
from pipeline.store.damaged import naming_damaged_parts

MAX_HOSTS = 30  # hosts in the chart; the rest are summed in a note
SAMPLE_PARAGRAPHS = 3
SAMPLE_COMMENTS = 8
_FIXED = {"ok": "#2da44e", "not_modified": "#54aeff", "duplicate": "#8c959f"}
_PALETTE = ("#cf222e", "#fb8f44", "#bf8700", "#8250df", "#bf3989", "#953800", "#0550ae", "#6e7781", "#116329")
COLORS = dict(_FIXED) | {
    str(o): _PALETTE[i % len(_PALETTE)] for i, o in enumerate(o for o in Outcome if str(o) not in _FIXED)
}


def _link(url: Any) -> str:
    """An absolute http(s) URL as a link; anything else (an invalid URL) as text, never a relative link."""
    text = esc(url)
    try:
        parts = urlsplit(str(url))
        absolute = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        absolute = False
    return f'<a href="{text}">{text}</a>' if absolute else f'<span class="invalid-url">{text}</span>'


def _when(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)[:16].replace("T", " ") if value else ""


def _engine(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" if k != "engine" else str(v) for k, v in value.items())
    return str(value or "")


def _summary(data: RunData) -> str:
    rate = data.extraction_success_rate
    failed = data.pages - data.pages_ok
    cards = [
        card("Runs", str(len(data.runs)), ident="total-runs"),
        card("Pages (fetch log rows)", str(data.pages), ident="total-pages"),
        card(
            "Pages OK", f"{data.pages_ok} ({pct(data.pages_ok / data.pages if data.pages else None)})", ident="total-ok"
        ),
        card("Pages failed", str(failed), state="fail" if failed else "pass", ident="total-failed"),
        card("Extraction success rate", pct(rate), "ok / (ok + extract_failed)", ident="extraction-success"),
        card("Articles", str(data.articles), ident="total-articles"),
        card("Comments", str(data.comments), ident="total-comments"),
        card(
            "Hosts",
            str(len(data.by_host)),
            f"and {data.without_host} page(s) without a host (invalid URL, broken input)" if data.without_host else "",
            ident="total-hosts",
        ),
    ]
    return f'<div class="cards" id="totals">{"".join(cards)}</div>'


def _runs_table(runs: list[dict[str, Any]]) -> str:
    rows = []
    for m in runs:
        outcomes: dict[str, int] = m.get("counts_by_outcome") or {}
        rows_written: dict[str, int] = m.get("rows") or {}
        failed = sum(n for o, n in outcomes.items() if o not in OK_OUTCOMES)
        cells = [
            esc(m.get("run_id")),
            esc(m.get("run_date", "")),
            esc(_when(m.get("started_at"))),
            esc(f"{m['duration_s']:.1f} s" if isinstance(m.get("duration_s"), (int, float)) else ""),
            esc(_engine(m.get("engine"))),
            esc(m.get("code_version", "")),
            str(sum(outcomes.values())) if outcomes else "",
            str(failed) if outcomes else "",
            _not_pages(m.get("skipped_not_pages") or {}),
            str(rows_written.get("articles", "")),
            str(rows_written.get("comments", "")),
            esc(m.get("exit_code", m.get("note", ""))),
        ]
        rows.append(Row(cells, "fail" if failed or m.get("note") else ""))
    headers = [
        "run",
        "run date",
        "started (UTC)",
        "duration",
        "engine",
        "code",
        "pages",
        "failed",
        "not pages",
        "articles",
        "comments",
        "exit",
    ]
    return table(headers, rows, cls="runs", numeric=(6, 7, 8, 9, 10))


def _not_pages(counts: dict[str, int]) -> str:
    """WARC records skipped as a page's resources: their number, and by family ("image 9, css 2")."""
    total = sum(counts.values())
    if not total:
        return ""
    return f"{total} ({esc(', '.join(f'{family} {n}' for family, n in counts.items()))})"


def _charts(data: RunData) -> str:
    outcome_bars = [(o, [(o, n)]) for o, n in data.by_outcome.items()]
    order = list(data.by_outcome)
    hosts = list(data.by_host.items())
    host_bars = [(h, [(o, counts.get(o, 0)) for o in order]) for h, counts in hosts[:MAX_HOSTS]]
    parts = [
        "<h2>Pages by outcome</h2>",
        bar_chart(outcome_bars, COLORS, "Pages by outcome", "chart-outcomes", legend=False)
        if outcome_bars
        else '<p class="muted">No pages in the fetch log.</p>',
        f"<h2>Pages by host ({len(hosts)})</h2>",
        bar_chart(host_bars, COLORS, "Pages by host and outcome", "chart-hosts") if host_bars else "",
    ]
    if len(hosts) > MAX_HOSTS:
        rest = sum(sum(c.values()) for _, c in hosts[MAX_HOSTS:])
        parts.append(f'<p class="muted">and {len(hosts) - MAX_HOSTS} more hosts with {rest} pages.</p>')
    return "\n".join(parts)


def _failures(data: RunData) -> str:
    if not data.failures_total:
        return '<h2>Failures</h2><p id="no-failures">No failed pages.</p>'
    reasons = [
        [esc(o), f'<span class="wrap">{esc(e) or show(None)}</span>', str(n), _link(u)] for o, e, n, u in data.reasons
    ]
    rows = [
        Row(
            [
                _link(f.url),
                esc(f.host),
                esc(f.status),
                esc(f.outcome),
                esc(f.error),
                str(f.count),
                str(f.runs),
                esc(f.last_run),
            ],
            "recurring" if f.runs > 1 else "",
        )
        for f in data.failures
    ]
    shown = (
        f"all {data.failed_urls}"
        if len(rows) == data.failed_urls
        else f"the {len(rows)} most frequent of {data.failed_urls} (the rest are in the fetches dataset)"
    )
    return (
        f"<h2>Failures ({data.failures_total})</h2><h3>Reasons</h3>"
        + table(["outcome", "reason", "pages", "example"], reasons, cls="reasons", numeric=(2,))
        + f"<h3>Failed URLs: {esc(shown)}</h3>"
        + '<p class="muted">One row per URL: how often it failed, in how many runs, and its latest outcome.</p>'
        + table(
            ["url", "host", "status", "outcome", "reason", "failures", "runs", "last run"],
            rows,
            cls="failures",
            numeric=(5, 6),
        )
    )


def _article(a: SampleArticle) -> str:
    facts = [esc(a.site), esc(", ".join(a.authors)) if a.authors else "", esc(a.published), f"{a.word_count} words"]
    paras = "".join(f"<p>{esc(p)}</p>" for p in a.paragraphs[:SAMPLE_PARAGRAPHS])
    more = len(a.paragraphs) - SAMPLE_PARAGRAPHS
    if more > 0:
        paras += f'<p class="muted">… {more} more paragraph{"s" if more > 1 else ""}</p>'
    comments = "".join(
        f'<div class="comment depth-{min(c.depth, 3)}"><b>{esc(c.author or "anonymous")}</b> '
        f'<span class="muted">{esc(_when(c.posted_at))}</span><br>{esc(c.text)}</div>'
        for c in a.comments[:SAMPLE_COMMENTS]
    )
    if len(a.comments) > SAMPLE_COMMENTS:
        comments += f'<p class="muted">… {len(a.comments) - SAMPLE_COMMENTS} more comments</p>'
    comments_html = f"<h4>Comments ({len(a.comments)})</h4>{comments}" if a.comments else ""
    return (
        f'<div class="article"><h3>{esc(a.title or "(untitled)")}</h3>'
        f'<p class="meta"><a href="{esc(a.url)}">{esc(a.url)}</a><br>{" · ".join(f for f in facts if f)}</p>'
        f"{paras}{comments_html}</div>"
    )


def render_run_report(data: RunData) -> str:
    """The whole run report as an HTML string."""
    sample = "".join(_article(a) for a in data.sample) or '<p class="muted">No articles.</p>'
    body = [
        _summary(data),
        f"<h2>Runs ({len(data.runs)})</h2>"
        + (
            f'<p class="muted" id="runs-note">The latest of {data.all_runs} runs; '
            "<code>--all-runs</code> reports every run.</p>"
            if len(data.runs) == 1 and data.all_runs > 1
            else ""
        ),
        _runs_table(data.runs),
        _charts(data),
        _failures(data),
        f'<h2>Sample of extracted articles ({len(data.sample)} of {data.articles})</h2><div id="sample">{sample}</div>',
    ]
    return page("Pipeline run report", "\n".join(body), f"output {data.out_dir}")


def write_run_report(
    out_dir: Path,
    path: Path,
    run_ids: list[str] | None = None,
    sample_size: int = 8,
    max_failures: int = 200,
    all_runs: bool = False,
) -> RunData:
    """Read the output directory and write the report; returns what it showed."""
    with naming_damaged_parts(out_dir, out_dir):  # a part file cut short: named in one line, exit 2
        data = load_run_data(out_dir, run_ids, sample_size, max_failures, all_runs)
    write_html(path, render_run_report(data))
    return data
