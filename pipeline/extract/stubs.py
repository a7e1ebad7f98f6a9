"""Pages that only lead to other pages: a frameset, a prompt meta refresh.

Such a page holds no article; its <title> or a "Redirecting..." line once became a one-line
article. Named only when the page yields less than an article's worth of text (a news page's
five-minute refresh changes nothing), so its fetch-log row says where the text is instead of
"no article text found". (A script that sets location is not seen: scripts are gone from the
parsed tree; such a page is "no article text found".)
"""

from __future__ import annotations

import re

from lxml import etree

# A refresh within this many seconds sends the reader on (redirect pages use 0-5 s); pages that
# reload themselves to show news use minutes.
REDIRECT_DELAY_S = 10.0
_REFRESH = re.compile(r"^\s*(\d+(?:\.\d*)?)\s*(?:[;,]\s*(?:url\s*=\s*)?['\"]?([^'\"]*))?", re.IGNORECASE)
# How much of a target URL a reason quotes.
URL_CHARS = 200


def stub_reason(root: etree._Element) -> str | None:
    """Why this page is a way elsewhere, or None."""
    if root.xpath("//frameset"):
        frames = [str(s).strip() for s in root.xpath("//frame/@src") if str(s).strip()]
        listed = ", ".join(f[:URL_CHARS] for f in frames[:3]) or "none named"
        return f"a frameset page: its text is in its frames ({listed})"
    for meta in root.xpath("//meta[@http-equiv]"):
        if str(meta.get("http-equiv", "")).strip().lower() != "refresh":
            continue
        match = _REFRESH.match(meta.get("content") or "")
        if match and match.group(2) and float(match.group(1)) <= REDIRECT_DELAY_S:
            return f"a redirect page: meta refresh to {match.group(2).strip()[:URL_CHARS]}"
    return None
