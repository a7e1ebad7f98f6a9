"""The project's small error tree.

Only *run-level* problems are raised to the CLI (bad config, unreadable input, a held lock).
Per-page problems never escape the run loop: they become a ``fetches`` row with an
:class:`~pipeline.records.Outcome` and a message.

    PipelineError
    ├── ConfigError        bad or unknown config key, bad flag value      -> exit 2
    ├── InputError         missing file, corrupt WARC, empty input         -> exit 2
    ├── LockHeldError      another run holds the output lock               -> exit 75
    └── ExtractionError    one page could not be extracted (caught per page)  -> exit 1
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


class ExtractionError(PipelineError):
    """A page could not be turned into an article; recorded as outcome ``extract_failed``."""

    exit_code = 1
