"""Text that reaches the configuration from outside: the config file's encoding, values set in
another encoding, and what an HTTP header can carry."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

# A config saved by Windows tools starts with a byte order mark: Notepad's "UTF-8 with BOM" (its
# default before 2019), PowerShell 5's ``Out-File`` and ``>`` (UTF-16). TOML is UTF-8, so tomllib
# read the UTF-8 BOM as a stray character ("invalid TOML: Invalid statement (at line 1, column 1)")
# and the UTF-16 bytes not at all; the BOM says what the file is, as for a URL file.
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def config_text(file: Path) -> str:
    """The config file's text: UTF-8, its BOM dropped, or UTF-16 by its BOM."""
    data = file.read_bytes()
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16")  # the BOM picks the byte order and is dropped
    return data.decode("utf-8-sig")


# What an HTTP header value can carry (RFC 9110 5.5: visible ASCII, spaces and tabs, obs-text;
# http.client encodes it as Latin-1). A user agent with an em dash or a name outside Latin-1
# ("contact: José Müller — ...") failed every request of every night ("'latin-1' codec can't
# encode character '\u2014'": robots.txt unreachable, each page a connection_error), and one with
# a control character was refused by http.client ("Invalid header value"), page by page.
HEADER_TEXT = re.compile(r"[\t\x20-\x7e\x80-\xff]+")


def not_utf8(text: str) -> bool:
    """True for text holding bytes of another encoding (Python escapes them as surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def escaped(text: str) -> str:
    r"""The text with its escaped bytes shown as ``\xe9``, for a message."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
