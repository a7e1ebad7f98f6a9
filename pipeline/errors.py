"""The project's small error tree: every error this package raises on purpose is a PipelineError.

Only *run-level* problems are raised to the CLI (bad config, unreadable input, a held lock).
Per-page problems never escape the run loop: they become a ``fetches`` row with an
:class:`~pipeline.records.Outcome` and a message.

    PipelineError
    ├── ConfigError        bad or unknown config key, bad flag value      -> exit 2
    ├── InputError         missing file, corrupt WARC, empty input         -> exit 2
    ├── LockHeldError      another run holds the output lock               -> exit 75
    ├── CrawlStopped       (fetch.politeness) a request waited while the crawl was stopped
    └── PageError          one page failed (caught per page, a fetches row)  -> exit 1
        ├── ExtractionError    the page could not be extracted
        ├── FetchError         (fetch.http) no usable response
        ├── BlockedAddress     (fetch.guard) the host resolves only to refused addresses
        └── DecodeError        (codings)     the body breaks its Content-Encoding
"""


class PipelineError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 2


class ConfigError(PipelineError):
    """The configuration (file, environment or flags) is invalid; the message names the key."""

    exit_code = 2


class InputError(PipelineError):
    """An input named by the user cannot be read (missing, corrupt, empty)."""

    exit_code = 2


class LockHeldError(PipelineError):
    """Another run holds the lock on this output directory (EX_TEMPFAIL, so schedulers retry)."""

    exit_code = 75


class PageError(PipelineError):
    """One page failed; the run loop records it as the page's outcome and goes on."""

    exit_code = 1


class ExtractionError(PageError):
    """A page could not be turned into an article; recorded as outcome ``extract_failed``."""

    exit_code = 1
