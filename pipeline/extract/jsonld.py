"""Read schema.org JSON-LD (on our tree): the article node and its people.

Scripts are read as extruct's JSON-LD extractor reads them (lenient JSON; on failure, once
more without a leading HTML or JavaScript comment line, through jstyleson), without importing
extruct: its package imports every syntax it supports (RDFa, microformats, BeautifulSoup),
0.6 s of every process's start-up for a parser this module does not use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import jstyleson
from lxml import etree

from pipeline.extract.html import decode_entities

ARTICLE_TYPES = (
    "article",
    "newsarticle",
    "blogposting",
    "medicalwebpage",
    "medicalscholarlyarticle",
    "scholarlyarticle",
    "healthtopiccontent",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "techarticle",
    "report",
    "discussionforumposting",
    "socialmediaposting",
    "webpage",
    "itempage",
    "qapage",
    "faqpage",
    "medicalcondition",
    "posting",
)
_JSONLD_SCRIPTS = etree.XPath('descendant-or-self::script[@type="application/ld+json"]')
_SCRIPT_TEXT = etree.XPath("string()")
# A comment line some publishers leave at the top of the script (only there: no MULTILINE).
_LEADING_COMMENT_LINE = re.compile(r"^\s*(//.*|<!--.*-->)")
# Half of a UTF-16 surrogate pair, which JSON's "\ud83d" escape gives alone (a CMS that cut a
# description at a character count in UTF-16 units, inside an emoji): no UTF-8 text can hold it,
# so Parquet's writer refused the page's row, and with it the whole shard's batch.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def types_of(node: dict[str, Any]) -> list[str]:
    raw = node.get("@type", [])
    values = raw if isinstance(raw, list) else [raw]
    return [str(v).rsplit("/", 1)[-1].lower() for v in values]


def _decoded(value: Any) -> Any:
    """Every string with its HTML entities decoded ("Gout &#8211; causes": publishers escape JSON-LD as
    HTML) and a lone surrogate replaced by U+FFFD, as HTML's ``&#xD83D;`` is."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", decode_entities(value))
    if isinstance(value, list):
        return [_decoded(v) for v in value]
    if isinstance(value, dict):
        return {k: _decoded(v) for k, v in value.items()}
    return value


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        graph = value.get("@graph")
        if isinstance(graph, list):
            for item in graph:
                yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def jsonld_nodes(root: etree._Element) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` members flattened; bad JSON is skipped."""
    nodes: list[dict[str, Any]] = []
    for script in _JSONLD_SCRIPTS(root):
        try:  # one script at a time, so one bad script loses only itself
            items = _script_items(script)
        except Exception:
            continue
        for item in items:
            nodes.extend(_walk(_decoded(item)))
    return nodes


def _script_items(script: etree._Element) -> list[Any]:
    """The objects of one script: its object, or the members of its array; empty ones skipped."""
    text = _SCRIPT_TEXT(script)
    try:
        data = json.loads(text, strict=False)
    except ValueError:
        data = jstyleson.loads(_LEADING_COMMENT_LINE.sub("", text), strict=False)
    if isinstance(data, dict):
        data = [data]
    return [item for item in data if item] if isinstance(data, list) else []


def article_node(nodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The node that describes the page's article: the most specific article type present."""
    best: tuple[int, dict[str, Any]] | None = None
    for node in nodes:
        for kind in types_of(node):
            if kind in ARTICLE_TYPES:
                rank = ARTICLE_TYPES.index(kind)
                if best is None or rank < best[0]:
                    best = (rank, node)
    return best[1] if best else None


def main_entity(node: dict[str, Any], index: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The thing a page node is about (a QAPage's Question, a forum page's first post), or {}."""
    value = node.get("mainEntity")
    value = value[0] if isinstance(value, list) and value else value
    if isinstance(value, dict):
        return index.get(str(value.get("@id")), value) if len(value) == 1 else value
    return {}


def by_id(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(n["@id"]): n for n in nodes if isinstance(n.get("@id"), str)}


_ORGANISATION_TYPES = frozenset(
    {
        "organization",
        "medicalorganization",
        "newsmediaorganization",
        "corporation",
        "governmentorganization",
        "hospital",
        "ngo",
        "educationalorganization",
    }
)


def names(value: Any, index: dict[str, dict[str, Any]], people_only: bool = False) -> list[str]:
    """Names of the people (or organisations, unless ``people_only``) in ``value``.

    ``value`` is a string, an object, an @id reference or a list of them.
    """
    found: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            if not item.startswith(("http://", "https://", "/")):
                found.append(item)
        elif isinstance(item, dict):
            target = index.get(str(item.get("@id")), item) if "name" not in item else item
            if people_only and set(types_of(target)) & _ORGANISATION_TYPES:
                continue
            name = target.get("name")
            if isinstance(name, str):
                suffix = _credentials(target) if people_only else ""
                found.append(f"{name}, {suffix}" if suffix else name)
            elif isinstance(name, list):
                found.extend(n for n in name if isinstance(n, str))
    return found


# A credential is an abbreviation ("MD", "PharmD", "FNP-BC"), not a degree spelled out.
CREDENTIAL_MAX_CHARS = 12


def _credentials(person: dict[str, Any]) -> str:
    """A Person's ``honorificSuffix`` and short ``hasCredential`` names: "MD, FACP"."""
    shown = str_list(person.get("honorificSuffix"))
    raw = person.get("hasCredential")
    for credential in raw if isinstance(raw, list) else [raw] if raw else []:
        name = first_str(credential.get("name")) if isinstance(credential, dict) else first_str(credential)
        if name and len(name) <= CREDENTIAL_MAX_CHARS and name not in shown:
            shown.append(name)
    return ", ".join(shown)


def first_str(value: Any) -> str | None:
    """A plain string from a JSON-LD value (string, list, {"@value"}, {"url"}, {"name"})."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        for item in value:
            if (found := first_str(item)) is not None:
                return found
    if isinstance(value, dict):
        for key in ("@value", "url", "contentUrl", "name"):
            if (found := first_str(value.get(key))) is not None:
                return found
    return None


def str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [s for item in value if (s := first_str(item))]
    return []
