"""The README and the files of ``docs/`` tell the truth about the CLI and the configuration.

Each test reads README.md (or ``configs/example.toml``) and compares it with the real thing:
the argparse parsers, the config dataclasses, the bench scripts' own flags. A flag renamed in
the code, or one added without a word in the README, fails here. What the README links to in
``docs/`` is held to the same facts: every flag, script, key, constant, path and link it names
must exist. (The Parquet tables are checked against a real run in
``tests/test_readme_snippets.py``.)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import posixpath
import re
import sys
import tomllib
from pathlib import Path

import pytest

from pipeline.cli import build_parser
from pipeline.config import SECTIONS, Config, load_config
from pipeline.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
# The README and the documents it links to, by path from the repository's root.
DOCUMENTS = {
    "README.md": README,
    **{f"docs/{p.name}": p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md"))},
}
# All of them, for the checks that what a document names exists.
EVERY_DOCUMENT = "\n\n".join(DOCUMENTS.values())
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*[a-z]")
# Inline code spans, and the lines of fenced code blocks: each holds one command at most.
_FENCED = re.compile(r"```[a-z]*\n(.*?)```", re.DOTALL)
_SPAN = re.compile(r"`([^`\n]+)`")
_FILE_SUFFIXES = {"py", "log", "json", "html", "toml", "txt", "gz", "warc"}
_SCRIPT = re.compile(r"\b((?:bench|tests)/\w+\.py|-m pipeline\.\w+(?:\.\w+)*)")


def subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"": parser, **action.choices}


def subcommand_named() -> re.Pattern[str]:
    """`pipeline COMMAND` for every command the parser has (and no other)."""
    names = "|".join(sorted(name for name in subparsers() if name))
    return re.compile(rf"(?:^|[\s/])pipeline ({names})\b")


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {s for a in parser._actions for s in a.option_strings}


def commands(text: str = README) -> list[str]:
    """Every code span and code-block line of the README (or of ``text``)."""
    lines = [line for block in _FENCED.findall(text) for line in block.splitlines()]
    prose = _FENCED.sub("", text)
    return lines + _SPAN.findall(prose)


@pytest.mark.parametrize("command", sorted(subparsers()))
def test_every_option_of_the_cli_is_in_the_readme(command: str) -> None:
    parser = subparsers()[command]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or not action.option_strings:
            continue
        assert any(re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", README) for s in action.option_strings), (
            f"pipeline {command} {action.option_strings} is not in the README"
        )


def test_the_cli_table_lists_every_command_and_no_other() -> None:
    """The README's command table is the list of commands: one row per subcommand, none invented."""
    start = README.index("## The CLI")
    table = README[start : README.index("More `run` flags:", start)]
    listed = re.findall(r"^\| `pipeline ([a-z][\w-]*)", table, re.MULTILINE)
    assert sorted(listed) == sorted(name for name in subparsers() if name)


def test_every_pipeline_flag_the_readme_names_exists() -> None:
    """A flag in a `pipeline SUBCOMMAND ...` command, or in the list of more `run` flags."""
    parsers = subparsers()
    named = subcommand_named()
    checked = 0
    for command in commands(EVERY_DOCUMENT):
        match = named.search(command)
        if not match:
            continue
        known = options(parsers[match.group(1)]) | options(parsers[""])
        for flag in FLAG.findall(command[match.end() :]):
            assert flag in known, f"README: `{command}`: pipeline {match.group(1)} has no {flag}"
            checked += 1
    start = README.index("More `run` flags:")
    for flag in FLAG.findall(README[start : README.index("\n\n", start)]):
        assert flag in options(parsers["run"]) | options(parsers[""]), f"README: pipeline run has no {flag}"
        checked += 1
    assert checked > 20


def test_every_script_flag_the_readme_names_exists() -> None:
    """A flag after `bench/x.py`, `tests/x.py` or `-m pipeline.x` is one that script reads."""
    checked = 0
    for command in commands(EVERY_DOCUMENT):
        found = list(_SCRIPT.finditer(command))
        for index, match in enumerate(found):
            script = match.group(1)
            path = REPO / (script.removeprefix("-m ").replace(".", "/") + ".py" if script.startswith("-m") else script)
            assert path.exists(), f"README: `{command}`: no {script}"
            source = path.read_text(encoding="utf-8")
            end = found[index + 1].start() if index + 1 < len(found) else len(command)
            for flag in FLAG.findall(command[match.end() : end]):
                assert f'"{flag}"' in source, f"README: `{command}`: {script} has no {flag}"
                checked += 1
    assert checked > 20


def test_every_config_key_and_variable_the_readme_names_exists() -> None:
    fields = {s: {f.name for f in dataclasses.fields(t)} for s, t in SECTIONS.items()}
    keys = re.findall(rf"(?<![\w./-])({'|'.join(SECTIONS)})\.(\w+)(?![\w/])", EVERY_DOCUMENT)
    assert len(keys) > 40
    for section, key in keys:
        if key in _FILE_SUFFIXES:  # a file name (bench/extract.py, run.log), not a key
            continue
        assert key in fields[section], f"README names {section}.{key}, which the config has not"
    variables = set(re.findall(r"PIPELINE__(\w+?)__(\w+)", EVERY_DOCUMENT)) - {("SECTION", "KEY")}
    assert variables
    for section, key in variables:
        assert key.lower() in fields[section.lower()], f"PIPELINE__{section}__{key} names no key"
        try:
            load_config(None, environ={f"PIPELINE__{section}__{key}": "1"})
        except ConfigError as exc:  # "1" may be no valid value (run.deadline), but the key is known
            assert "unknown" not in str(exc), exc


def test_the_readme_config_table_gives_the_built_in_defaults() -> None:
    """Each row `| `section.key`, ... | `default`, ... |` whose defaults are literals."""
    defaults = Config().to_dict()
    start = README.index("## Configuration")
    table = README[start : README.index("### Fetching", start)]
    rows = re.findall(r"^\| ((?:`[\w.]+`(?:, )?)+) \| ([^|]+) \|", table, re.MULTILINE)
    checked = 0
    for keys, values in rows:
        names = re.findall(r"`([\w.]+)`", keys)
        literals = re.findall(r"`([^`]*)`", values)
        if len(literals) != len(names):
            continue  # a default told in words ("10 MiB", "descriptive, ...")
        for name, literal in zip(names, literals, strict=True):
            section, key = name.split(".")
            try:
                value = tomllib.loads(f"v = {literal}")["v"]
            except tomllib.TOMLDecodeError:
                value = literal  # a string written bare: `data/clean`
            assert defaults[section][key] == value, (
                f"README: {name} defaults to {literal}, the code to {defaults[section][key]!r}"
            )
            checked += 1
    assert checked > 20


def test_the_example_config_lists_every_key_with_its_default() -> None:
    """configs/example.toml says it holds every key with its built-in default: it does."""
    example = tomllib.loads((REPO / "configs" / "example.toml").read_text(encoding="utf-8"))
    assert example == Config().to_dict()


def test_the_json_summary_holds_the_keys_the_readme_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    start = README.index("- **The summary.**")
    listed = set(re.findall(r"`(\w+)`", README[start : README.index("\n\n", start)])) - {"json"}
    out, raw = str(tmp_path / "out"), str(tmp_path / "raw")
    assert main(["run", "--out", out, "--raw", raw, "--log-format", "json", "--progress", "off"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(summary) == listed


def test_every_make_target_the_readme_names_exists() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w.$()/-]+):", makefile, re.MULTILINE))
    (phony,) = re.findall(r"^\.PHONY: (.*)$", makefile, re.MULTILINE)
    assert set(phony.split()) <= targets, "a .PHONY name without a rule does nothing, silently"
    named = {
        m for command in commands(EVERY_DOCUMENT) for m in re.findall(r"(?:^|&& )make ([a-z][\w-]*)", command.strip())
    }
    assert {"demo", "test", "lint", "qa", "clean"} <= named <= targets


def test_the_readme_site_rule_is_valid_and_names_every_key() -> None:
    from pipeline.extract.sites import COMMENT_KEYS, METADATA_KEYS, TOP_KEYS, parse_rules

    start = README.index("**Site rules**")
    (example,) = re.findall(r"```toml\n(.*?)```", README[start : README.index("## Scheduled", start)], re.DOTALL)
    rules = parse_rules(tomllib.loads(example), "README")
    assert rules.article_root and rules.comment_item and rules.metadata and rules.disabled
    for key in TOP_KEYS | METADATA_KEYS | COMMENT_KEYS:
        assert re.search(rf"\b{key}\b", example), f"the README's site rule does not name {key}"


def test_the_code_layout_names_every_module() -> None:
    start = README.index("## Code layout")
    layout = README[start : README.index("**Layers.**", start)]
    missing = [
        str(path.relative_to(REPO))
        for path in sorted((REPO / "pipeline").rglob("*.py"))
        if path.name != "__init__.py" and not re.search(rf"(?<![\w/]){re.escape(path.stem)}\b", layout)
    ]
    assert not missing, f"the README's code layout does not name {missing}"


def test_the_readme_names_every_bench_script() -> None:
    """A script or a script's helper module nobody can find in the README (or the documents it
    links to) is one nobody runs."""
    missing = [p.name for p in sorted((REPO / "bench").glob("*.py")) if not re.search(rf"\b{p.stem}\b", EVERY_DOCUMENT)]
    assert not missing, f"neither the README nor docs/ names bench/{missing}"


def test_the_rule_catalogue_lists_every_rule_in_order() -> None:
    from pipeline.extract.rules import BOILERPLATE_RULES, COMMENT_FINDERS

    start = README.index("**The rule catalogue**")
    listed = re.findall(r"`([\w:-]+)`", README[start : README.index("The loop that", start)])
    assert listed == [name for name, _ in (*BOILERPLATE_RULES, *COMMENT_FINDERS)]


class _Parsed(BaseException):
    """Raised by a script's parse_args once its command line parsed: nothing of it runs."""


def test_every_script_command_line_in_the_readme_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    """`python bench/x.py ARGS` as written: the script's own parser takes ARGS (positionals too)."""
    import runpy
    import shlex

    parse_args = argparse.ArgumentParser.parse_args

    def parse_then_stop(self: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        parse_args(self, *args, **kwargs)
        raise _Parsed

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", parse_then_stop)
    monkeypatch.setattr("sys.path", list(sys.path))  # the scripts put their folders first: undone after
    lines = {
        (m.group(1), m.group(2))
        for command in commands(EVERY_DOCUMENT)
        if (m := re.search(r"python ((?:bench|tests)/\w+\.py)([^#]*)", command))
    }
    assert len(lines) > 15
    for script, args in sorted(lines):
        monkeypatch.setattr("sys.argv", [script, *shlex.split(args)])
        with pytest.raises(_Parsed):
            runpy.run_path(str(REPO / script), run_name="__main__")


def test_every_named_constant_the_readme_cites_is_defined() -> None:
    """`HOST_FAILURE_STREAK`, `WIRE_SLACK`...: the README names thresholds by their constants."""
    sources = "\n".join(
        p.read_text(encoding="utf-8") for d in ("pipeline", "bench", "tests") for p in (REPO / d).rglob("*.py")
    )
    named = set(re.findall(r"`([A-Z][A-Z0-9_]{3,})`", EVERY_DOCUMENT)) - {"TMPDIR"}  # an environment variable
    assert len(named) > 10
    undefined = sorted(n for n in named if not re.search(rf"^\s*{n}\b[^=\n]*=", sources, re.MULTILINE))
    assert not undefined, f"the README or docs/ names constants the code does not define: {undefined}"


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*]|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def headings(document: str = README) -> list[tuple[int, str]]:
    """(level, text) of every heading outside code blocks (a `# comment` in a snippet is none)."""
    prose = _FENCED.sub("", document)
    return [(len(m.group(1)), m.group(2)) for m in re.finditer(r"^(#{1,6}) (.+?)\s*$", prose, re.MULTILINE)]


def anchors_of(document: str = README) -> set[str]:
    """Every heading's anchor, a repeated one suffixed -1, -2... as GitHub does."""
    anchors: set[str] = set()
    for _, text in headings(document):
        anchor, n = github_anchor(text), 0
        while (anchor if n == 0 else f"{anchor}-{n}") in anchors:
            n += 1
        anchors.add(anchor if n == 0 else f"{anchor}-{n}")
    return anchors


def test_github_anchor_spells_headings_as_github_does() -> None:
    assert github_anchor("Output: the Parquet datasets") == "output-the-parquet-datasets"
    assert github_anchor("Loading the datasets (pandas, DuckDB, Polars)") == "loading-the-datasets-pandas-duckdb-polars"
    assert github_anchor("The `run_id` and e-mail") == "the-run_id-and-e-mail"


def test_every_link_inside_the_readme_goes_to_a_heading() -> None:
    links = re.findall(r"\]\(#([^)]+)\)", _FENCED.sub("", README))
    assert len(links) > 20
    broken = sorted(set(links) - anchors_of(README))
    assert not broken, f"README links to headings that do not exist: {broken}"


_LINK = re.compile(r"\]\((?!https?:|mailto:)([^)#\s]*)(?:#([^)\s]+))?\)")


def broken_links(documents: dict[str, str]) -> list[str]:
    """Every relative link of each document (``docs/x.md#anchor``, ``../README.md#anchor``,
    ``#anchor``) that names no file, or no heading of that file."""
    broken = []
    for path, text in documents.items():
        for target, anchor in _LINK.findall(_FENCED.sub("", text)):
            file = posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) if target else path
            link = f"({target}{'#' + anchor if anchor else ''})"
            if file not in documents and not (REPO / file).exists():
                broken.append(f"{path}: {link}: no file {file}")
            elif anchor and (file not in documents or anchor not in anchors_of(documents[file])):
                broken.append(f"{path}: {link}: no heading #{anchor} in {file}")
    return broken


def test_every_link_between_the_readme_and_docs_goes_to_a_file_and_heading() -> None:
    """The README and ``docs/*.md`` link to each other by file and heading: a moved or renamed
    heading, or a file that is not where a link says, fails here."""
    broken = broken_links(DOCUMENTS)
    assert not broken, broken


def test_a_broken_link_between_documents_is_seen() -> None:
    documents = {
        "README.md": "# Top\n\nSee [the log](docs/log.md#the-log) and [nowhere](docs/gone.md).\n",
        "docs/log.md": "# The log\n\nBack to [the top](../README.md#top), [a lie](../README.md#bottom).\n",
    }
    assert broken_links(documents) == [
        "README.md: (docs/gone.md): no file docs/gone.md",
        "docs/log.md: (../README.md#bottom): no heading #bottom in README.md",
    ]


def test_the_contents_lists_every_section() -> None:
    """A `##` section added without its Contents line is one a new reader never finds."""
    start = README.index("## Contents\n")
    contents = README[start : README.index("\n## ", start + 1)]
    listed = set(re.findall(r"\]\(#([^)]+)\)", contents))
    sections = {github_anchor(text) for level, text in headings(README) if level == 2} - {"contents"}
    missing = sorted(sections - listed)
    assert not missing, f"the README's Contents does not list the sections {missing}"


def test_the_intro_names_every_dataset() -> None:
    from pipeline.normalize.schemas import DATASETS

    intro = README[: README.index("## Contents")]
    missing = [name for name in DATASETS if f"**{'fetch log' if name == 'fetches' else name}**" not in intro]
    assert not missing, f"the README's first paragraph does not name the datasets {missing}"


def test_the_piped_url_list_of_the_scheduling_notes_runs_as_written(tmp_path: Path) -> None:
    """The shell pipe a scheduler copies, over two list files: every URL reaches the run as given."""
    import subprocess

    (pipe,) = [c for c in commands() if c.endswith("| pipeline run --urls - ...")]
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "a.txt").write_text("# the first list\nhttps://example.org/a\n", encoding="utf-8")
    (lists / "b.txt").write_text("https://example.org/b\n", encoding="utf-8")
    command = pipe.replace("pipeline run", f"{sys.executable} -m pipeline run").replace(
        "...", f"--dry-run --out {tmp_path / 'out'}"
    )
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "would fetch: 2 url(s), 0 sitemap(s), hosts example.org" in done.stdout, done.stdout


def test_every_repository_path_the_readme_names_exists() -> None:
    """`pipeline/run/stored.py`, `configs/sites`...: a moved file leaves no dead pointer behind
    (in the README and in ``docs/``)."""
    named = {
        re.split(r"[:(#]", span)[0].rstrip(".,")
        for span in _SPAN.findall(_FENCED.sub("", EVERY_DOCUMENT))
        if re.match(r"(?:pipeline|tests|bench|configs|scripts)/[\w./-]*$", span.split(":")[0])
    }
    assert len(named) > 30
    missing = sorted(path for path in named if not (REPO / path).exists())
    assert not missing, f"the README names paths that do not exist: {missing}"


def test_the_quick_start_own_job_runs_as_written(tmp_path: Path) -> None:
    """The four lines a new user copies: copy the config, plan, run (a local server), report."""
    import os
    import shutil
    import subprocess

    from tests.httpserver import Reply, ScriptedServer
    from tests.warcs import article_html

    start = README.index("## Quick start")
    block = README[start : README.index("\n## ", start + 1)]
    (own_job,) = [b for b in _FENCED.findall(block) if "urls.txt" in b]
    lines = [line.split("#")[0].strip() for line in own_job.splitlines()]
    assert len(lines) == 4 and lines[0].startswith("cp configs/example.toml")
    shutil.copytree(REPO / "configs", tmp_path / "configs")
    env = {**os.environ, "PIPELINE__FETCH__ALLOW_PRIVATE": '["127.0.0.1"]', "PIPELINE__FETCH__MIN_DELAY_S": "0"}
    with ScriptedServer() as server:
        server.route("/anemia", lambda _: Reply(200, article_html("Anemia", server.url("/anemia"))))
        (tmp_path / "urls.txt").write_text(server.url("/anemia") + "\n", encoding="utf-8")
        outputs = []
        for line in lines:
            command = line.replace(".venv/bin/pipeline", f"{sys.executable} -m pipeline")
            done = subprocess.run(
                command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
            )
            assert done.returncode == 0, (line, done.stderr)
            outputs.append(done.stdout)
    assert "would fetch: 1 url(s)" in outputs[1]
    assert "pages: ok=1" in outputs[2]
    assert (tmp_path / "reports" / "run.html").is_file() and (tmp_path / "data" / "clean" / "articles").is_dir()
