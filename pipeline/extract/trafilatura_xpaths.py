"""trafilatura's own XPath expressions, compiled so that they skip calls that cannot change a result.

trafilatura (pinned in ``constraints.txt``) finds its body, comment, discard and cleaning
elements with XPath expressions that test class and id values with EXSLT regular expressions:
``re:test(@class, '...')``. libxml2 calls back into Python for each such test on each element
it considers, also on the elements without the attribute (the test then runs on '' and fails),
and lxml hands each attribute value over as a "smart" string tied to its element. These calls
are most of trafilatura's tree cleaning (its share of our extract stage: ~20%; we run it for
the candidate, and for the baseline on some pages). Rewritten once, when this module is
imported (by :mod:`pipeline.extract.article`, before any extraction):

* ``re:test(ARG, 'rx'[, 'flags'])`` with ARG attributes (``@class``, ``@id|@class``) becomes
  ``(ARG and re:test(ARG, 'rx'[, 'flags']))`` when ``rx`` cannot match the empty string (else
  it is left as it is): the same truth value, without the call where ARG selects nothing;
* compiled with ``smart_strings=False``: these expressions select elements, never strings.

The same elements in the same order (``tests/test_trafilatura_xpaths.py`` compares both forms
on every fixture page; ``bench/extract_outputs.py --compare``: no page differs); the extract
stage over ScrapingHub's pages takes ~6% less CPU. Only trafilatura's objects are swapped
(module attributes, and list items in place, so names imported elsewhere follow); its code is
not touched.
"""

from __future__ import annotations

import re
import sys

import trafilatura  # noqa: F401  (loads every module whose expressions are swapped below)
from lxml import etree

_EXSLT = {"re": "http://exslt.org/regular-expressions"}
# One call: its node-set argument (attributes only), the quoted expression and optional flags.
_TEST_CALL = re.compile(r"re:test\(\s*(@[\w-]+(?:\s*\|\s*@[\w-]+)*)\s*,\s*'([^']*)'\s*(?:,\s*'([^']*)'\s*)?\)")
# trafilatura's modules that define the expressions; every loaded trafilatura module is
# searched for names bound to them.
_DEFINED_IN = ("trafilatura.xpaths", "trafilatura.settings")


def guarded(path: str) -> str:
    """``path`` with each attribute ``re:test`` call guarded by its attribute's presence."""

    def guard(call: re.Match[str]) -> str:
        argument, expression, flags = call.group(1), call.group(2), call.group(3) or ""
        if re.search(expression, "", re.IGNORECASE if "i" in flags else 0) is not None:
            return call.group(0)  # '' matches: the call decides also without the attribute
        return f"({argument} and {call.group(0)})"

    return _TEST_CALL.sub(guard, path)


def faster(expression: etree.XPath) -> etree.XPath:
    """The guarded form of one of trafilatura's expressions (``expression`` itself if none applies)."""
    if "re:test" not in expression.path:
        return expression
    return etree.XPath(guarded(expression.path), namespaces=_EXSLT, smart_strings=False)


def _expressions(module: object) -> list[etree.XPath]:
    found = []
    for value in vars(module).values():
        if isinstance(value, etree.XPath):
            found.append(value)
        elif isinstance(value, list):
            found.extend(item for item in value if isinstance(item, etree.XPath))
    return found


def install() -> dict[int, tuple[etree.XPath, etree.XPath]]:
    """Swap trafilatura's regex expressions for their guarded forms; {id: (original, faster)}.

    Called once, at import: its result is :data:`SWAPPED`.
    """
    swapped: dict[int, tuple[etree.XPath, etree.XPath]] = {}
    for name in _DEFINED_IN:
        for expression in _expressions(sys.modules[name]):
            if "re:test" in expression.path:
                swapped[id(expression)] = (expression, faster(expression))
    for name, module in list(sys.modules.items()):
        if name != "trafilatura" and not name.startswith("trafilatura."):
            continue
        for attribute, value in list(vars(module).items()):
            if isinstance(value, etree.XPath) and id(value) in swapped:
                setattr(module, attribute, swapped[id(value)][1])
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, etree.XPath) and id(item) in swapped:
                        value[index] = swapped[id(item)][1]
    return swapped


SWAPPED = install()
