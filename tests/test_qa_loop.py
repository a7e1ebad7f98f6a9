"""The QA loop a fixture author runs alone: extract a page, draft its fixture, correct it, score it."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.qa.runner import run_qa

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "tests" / "fixtures" / "pages" / "blog" / "low-fodmap-bloating-update"
URL = json.loads(PAGE.with_suffix(".expected.json").read_text())["url"]


def page_copy(tmp_path: Path) -> Path:
    site = tmp_path / "fixtures" / "blog"
    site.mkdir(parents=True)
    return Path(shutil.copy(PAGE.with_suffix(".html"), site / "post.html"))


def test_a_drafted_fixture_corrected_by_hand_passes_and_a_typo_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = page_copy(tmp_path)
    assert main(["extract", str(page), "--url", URL, "--as-fixture"]) == 0
    expected = page.with_name("post.expected.json")
    draft = json.loads(expected.read_text())
    assert draft["url"] == URL and draft["paragraphs"] and draft["must_not_contain"] == []
    assert {"author", "posted_date", "text", "parent_position"} == set(draft["comments"][0])
    assert any(c["parent_position"] is not None for c in draft["comments"])
    # corrected by hand: a boilerplate snippet to keep out, a comment's date fixed to what the page shows
    draft["must_not_contain"] = ["Leave a Reply"]
    expected.write_text(json.dumps(draft, indent=2))
    assert main(["qa", str(tmp_path / "fixtures")]) == 0
    assert "gate: PASS" in capsys.readouterr().out
    # a second draft does not overwrite the corrected file
    assert main(["extract", str(page), "--url", URL, "--as-fixture"]) == 2
    assert "exists" in capsys.readouterr().err
    for typo, message in (("autor", "'autor'"), ("reply-to", "'reply-to' (renamed parent_position)")):
        broken = json.loads(json.dumps(draft))
        broken["comments"][1][typo] = broken["comments"][1].pop("author")
        expected.write_text(json.dumps(broken, indent=2))
        assert main(["qa", str(tmp_path / "fixtures")]) == 2
        err = capsys.readouterr().err
        assert f"{expected}: comments[1]: unknown key {message}" in err


def test_qa_scores_fixtures_at_any_depth_as_its_help_says(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = page_copy(tmp_path)  # fixtures/blog/post.html
    assert main(["extract", str(page), "--url", URL, "--as-fixture"]) == 0
    fixtures = tmp_path / "fixtures"
    deeper = fixtures / "blog" / "2024"
    deeper.mkdir()
    for suffix in (".html", ".expected.json"):
        shutil.copy(page.with_name("post" + suffix), fixtures / f"flat{suffix}")  # in DIR, as the demo pages
        shutil.copy(page.with_name("post" + suffix), deeper / f"post{suffix}")  # deeper than <site>/
    shutil.copy(page, fixtures / "no-expected-file.html")
    capsys.readouterr()
    assert main(["qa", str(fixtures), "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)["pages"]) == {"flat", "blog/post", "blog/2024/post"}
    with pytest.raises(SystemExit):
        main(["qa", "--help"])
    usage = " ".join(capsys.readouterr().out.split())
    assert "NAME.expected.json with NAME.html beside it, at any depth" in usage
    assert "An .html without its .expected.json is not scored" in usage


def test_an_unknown_top_level_key_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = page_copy(tmp_path)
    main(["extract", str(page), "--url", URL, "--as-fixture"])
    expected = page.with_name("post.expected.json")
    draft = json.loads(expected.read_text())
    draft["titel"] = draft.pop("title")
    expected.write_text(json.dumps(draft))
    assert main(["qa", str(tmp_path / "fixtures")]) == 2
    assert "unknown key 'titel'" in capsys.readouterr().err


def test_the_table_names_the_leaked_snippet_and_the_wrong_field(tmp_path: Path) -> None:
    page = page_copy(tmp_path)
    main(["extract", str(page), "--url", URL, "--as-fixture"])
    expected = page.with_name("post.expected.json")
    draft = json.loads(expected.read_text())
    leak = draft["paragraphs"][1][:60]
    draft["must_not_contain"] = [leak]
    draft["title"] = "Not The Title"
    expected.write_text(json.dumps(draft))
    table = run_qa(tmp_path / "fixtures").table()
    assert f"blog/post: leaked {leak!r}" in table
    assert "blog/post: title wrong: expected 'Not The Title', got " in table


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], input=stdin, capture_output=True, cwd=REPO, timeout=120
    )


def test_extract_reads_stdin_and_gzip_in_three_formats(tmp_path: Path) -> None:
    html = PAGE.with_suffix(".html").read_bytes()
    gz = tmp_path / "post.html.gz"
    gz.write_bytes(gzip.compress(html))
    from_stdin = cli("extract", "--format", "txt", "--url", URL, stdin=gzip.compress(html))
    from_file = cli("extract", str(gz), "--format", "txt", "--url", URL)
    assert from_stdin.returncode == 0 and from_file.returncode == 0, from_file.stderr
    assert from_stdin.stdout == from_file.stdout and b"FODMAP" in from_file.stdout and b"{" not in from_file.stdout[:5]
    markdown = cli("extract", "-", "--format", "markdown", "--url", URL, stdin=html).stdout.decode()
    assert markdown.startswith("# ") and "\n## Comments\n" in markdown and "\n  - **" in markdown  # a nested reply
    data = json.loads(cli("extract", str(gz), "--url", URL).stdout)
    assert data["comments"] and "parent_position" in data["comments"][0]


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01\x02", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))],
)
def test_binary_input_is_refused_with_exit_2(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "file.html"
    path.write_bytes(content)
    for result in (cli("extract", str(path)), cli("extract", stdin=gzip.compress(content))):
        assert result.returncode == 2 and b"not an HTML page" in result.stderr
        assert result.stdout == b""
