"""Shared HTML pieces: escaping, small tables, stat cards and the page shell with inline CSS."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from pipeline import __version__
from pipeline.errors import PipelineError
from pipeline.files import create_temp

# Nothing may be fetched when the page is viewed: no scripts at all, styles only inline, images
# only as data: URIs. Chromium and every current browser enforce this meta policy from file://.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

CSS = """
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa; --ok: #1a7f37; --bad: #cf222e;
  --warn: #9a6700; --link: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; line-height: 1.45;
  font: 14px/1.45 -apple-system, "Segoe UI", "Noto Sans", "Liberation Sans", Helvetica, Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 16px 24px 48px; }
header.top { border-bottom: 1px solid var(--line); margin-bottom: 16px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 18px 0 6px; } p.meta, .muted { color: var(--muted); }
a { color: var(--link); text-decoration: none; } a:hover { text-decoration: underline; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 7px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.wrap { overflow-wrap: anywhere; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0 14px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 130px; }
.card .label { color: var(--muted); font-size: 12px; } .card .value { font-size: 20px; font-weight: 600; }
.card .limit { font-size: 11px; color: var(--muted); }
.card.pass { border-left: 4px solid var(--ok); } .card.fail { border-left: 4px solid var(--bad); }
.badge { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600; color: #fff; }
.badge.pass { background: var(--ok); } .badge.fail { background: var(--bad); }
.mismatch, td.bad { background: #ffebe9; } tr.mismatch td { background: #ffebe9; }
span.bad { color: var(--bad); font-weight: 600; } .none { color: var(--muted); }
tr.problem td:first-child { border-left: 3px solid var(--bad); }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.text { border: 1px solid var(--line); border-radius: 6px; padding: 4px 12px; background: #fff; font-size: 13px;
  max-height: 560px; overflow: auto; }
.text p { margin: 6px 0; }
del.missing { text-decoration: none; background: #ffcecb; color: #82071e; border-bottom: 2px solid var(--bad); }
ins.extra { text-decoration: none; background: #fff8c5; }
mark.leak { background: #fb8f44; color: #000; outline: 1px solid #bc4c00; font-weight: 600; }
table.comments td.date, table.comments td.parent, table.comments td:first-child { white-space: nowrap; }
table.comments td.author { min-width: 8em; overflow-wrap: anywhere; }
table.comments tbody { border-top: 2px solid var(--line); }
.legend span { display: inline-block; margin-right: 14px; white-space: nowrap; }
.error { border: 1px solid var(--bad); background: #ffebe9; padding: 6px 10px; border-radius: 6px; }
section.page { border-top: 2px solid var(--line); margin-top: 28px; }
.chart { max-width: 900px; } .chart svg { width: 100%; height: auto; }
.article { border: 1px solid var(--line); border-radius: 6px; padding: 6px 14px; margin: 10px 0; }
.comment { border-left: 3px solid var(--line); padding: 2px 10px; margin: 6px 0; }
.depth-1 { margin-left: 24px; } .depth-2 { margin-left: 48px; } .depth-3 { margin-left: 72px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media screen and (max-width: 900px) { .cols { grid-template-columns: 1fr; } main { padding: 10px; } }
@page { size: A4; margin: 12mm; }
@media print {
  body { font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; } .noprint { display: none; }
  a { color: inherit; } .text { max-height: none; overflow: visible; }
  section.page { break-before: page; } tr, .card, .article, .comment { break-inside: avoid; }
  table.comments tbody { break-inside: avoid; }
  h2, h3 { break-after: avoid; } .chart { max-width: 100%; } .cols { gap: 8px; }
  th, td { padding: 2px 4px; }
}
"""


def esc(value: object) -> str:
    """HTML-escape any value as text (quotes too, so it is safe in attributes); None is empty."""
    return "" if value is None else html.escape(str(value), quote=True)


def anchor(prefix: str, name: str) -> str:
    """An id-safe anchor for a name (fixture name, host, ...)."""
    return f"{prefix}-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "x")


def pct(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}%}"


def show(value: object) -> str:
    """A metadata value as escaped text: lists joined, None as a muted dash."""
    if value is None or value == []:
        return '<span class="none">—</span>'
    if isinstance(value, (list, tuple)):
        return esc(", ".join(str(v) for v in value))
    return esc(value)


class Row(NamedTuple):
    """A table row with a class (``mismatch``, ``fail``, ...); plain rows are lists of cells."""

    cells: Sequence[str]
    cls: str


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str] | Row],
    cls: str = "",
    numeric: Sequence[int] = (),
) -> str:
    """A table; cells are HTML already (escape them first). Columns in ``numeric`` align right."""
    head = "".join(f"<th{' class=num' if i in numeric else ''}>{esc(h)}</th>" for i, h in enumerate(headers))
    body = []
    for row in rows:
        cells, row_cls = (row.cells, row.cls) if isinstance(row, Row) else (row, "")
        tds = "".join(f"<td{' class=num' if i in numeric else ''}>{c}</td>" for i, c in enumerate(cells))
        cls_attr = f' class="{esc(row_cls)}"' if row_cls else ""
        body.append(f"<tr{cls_attr}>{tds}</tr>")
    return f'<table class="{esc(cls)}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def card(label: str, value: str, limit: str = "", state: str = "", ident: str = "") -> str:
    """One summary figure; ``state`` is "pass", "fail" or empty; ``value`` is HTML."""
    id_attr = f' id="{esc(ident)}"' if ident else ""
    cls = f"card {state}".strip()
    extra = f'<div class="limit">{esc(limit)}</div>' if limit else ""
    return (
        f'<div class="{cls}"{id_attr}><div class="label">{esc(label)}</div>'
        f'<div class="value">{value}</div>{extra}</div>'
    )


def page(title: str, body: str, subtitle: str = "") -> str:
    """The whole document: one file, inline CSS, a CSP that forbids fetching anything."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>\n<body><main>"
        f'<header class="top" id="top"><h1>{esc(title)}</h1>'
        f'<p class="meta">{esc(subtitle)}{" · " if subtitle else ""}generated {esc(now)} by health-pipeline '
        f"{esc(__version__)}</p></header>\n{body}\n"
        "<footer>Self-contained report: no scripts, nothing fetched when viewed.</footer></main></body></html>\n"
    )


def write_html(path: Path, document: str) -> Path:
    """Write the report atomically (temporary file, then rename); one-line error if impossible."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = create_temp(path)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(document)
        os.replace(tmp, path)
    except OSError as exc:
        raise PipelineError(f"cannot write report {path}: {exc.strerror or exc}") from None
    return path
