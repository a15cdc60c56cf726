"""tools/site_size.py counts a built site part by part and warns before
GitHub Pages' 1 GB limit (the deploy workflow runs it after every build)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tools.site_size import MB, main, parts, total

REPO = Path(__file__).resolve().parent.parent


def _write(root: Path, files: dict[str, int]) -> Path:
    for name, size in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    return root


SITE = {
    "index.html": 100,  # home: a list
    "404.html": 7,
    "sitemap.xml": 5,
    ".nojekyll": 0,
    "about/index.html": 3,
    "alerts/index.html": 20,
    "alerts/page/2/index.html": 30,
    "alerts/gh-editor/index.html": 1000,
    "alerts/ke-blogger/index.html": 2000,
    "countries/ar/index.html": 40,  # Argentina, not the Arabic edition
    "regions/africa/index.html": 50,
    "topics/threat/index.html": 60,
    "members/gmfn/index.html": 70,
    "cases/gh-case/index.html": 80,
    "act/index.html": 90,
    "feeds/index.html": 11,
    "feeds/countries/gh.atom": 300,
    "search/index.html": 12,
    "search/shard-0.json": 400,
    "fr/index.html": 13,
    "fr/alerts/gh-editor/index.html": 1100,
    "fr/feeds/index.atom": 200,
    "ar/alerts/index.html": 14,
    "de/alerts/index.html": 15,  # a language added later: found by its own alerts/
    "theme/css/site.css": 500,
    "images/photo.jpg": 5000,
    "data/alerts.csv": 700,
}


def test_every_file_in_one_part(tmp_path):
    sizes = parts(_write(tmp_path / "output", SITE))
    assert sizes == {
        "alert pages": (3000, 2),
        "lists": (100 + 20 + 30 + 40 + 50 + 60 + 70 + 80 + 90, 9),
        "feeds": (311, 2),
        "search": (412, 2),
        "ar": (14, 1),
        "de": (15, 1),
        "fr": (1313, 3),
        "theme": (500, 1),
        "images": (5000, 1),
        "data": (700, 1),
        "digest": (0, 0),
        "other": (15, 4),
    }
    assert list(sizes)[:4] == ["alert pages", "lists", "feeds", "search"]
    assert total(sizes) == (sum(SITE.values()), len(SITE))


def test_empty_parts_are_listed_and_a_missing_folder_is_an_error(tmp_path):
    sizes = parts(_write(tmp_path / "output", {"index.html": 1}))
    assert sizes["lists"] == (1, 1)
    assert sizes["feeds"] == sizes["other"] == (0, 0)
    assert main([str(tmp_path / "nowhere")]) == 2


def test_under_the_threshold_it_only_prints_the_table(tmp_path, capsys):
    site = _write(tmp_path / "output", SITE)
    assert main([str(site), "--warn-mb", "1", "--github"]) == 0
    out = capsys.readouterr().out
    assert "::warning" not in out
    assert "alert pages" in out and "images" in out
    assert out.splitlines()[-1].split()[:2] == ["total", f"{sum(SITE.values()):,}"]


def test_above_the_threshold_a_github_warning_names_the_parts(tmp_path, capsys):
    site = _write(tmp_path / "output", {**SITE, "feeds/big.atom": 2 * MB, "alerts/x/index.html": MB // 2})
    summary = tmp_path / "summary.md"
    assert main([str(site), "--warn-mb", "2", "--github", "--summary", str(summary)]) == 0
    warnings = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::warning")]
    assert len(warnings) == 1
    # one line, largest part first, with GitHub's escaping of %
    assert warnings[0].startswith("::warning title=Site size::The built site is 2.5 MB, over 2 MB;")
    assert "By part: feeds 2.0 MB, alert pages 0.5 MB" in warnings[0]
    text = summary.read_text(encoding="utf-8")
    assert "| feeds | 2.0 | 3 | feeds/ |" in text
    assert "alerts/&lt;id&gt;/" in text  # not an HTML tag in the summary
    assert "over 2 MB" in text


def test_without_github_the_warning_goes_to_stderr_and_fail_mb_fails(tmp_path, capsys):
    site = _write(tmp_path / "output", {**SITE, "search/big.json": 3 * MB})
    assert main([str(site), "--warn-mb", "2"]) == 0
    assert capsys.readouterr().err.startswith("warning: The built site is 3.0 MB")
    assert main([str(site), "--warn-mb", "2", "--fail-mb", "2.5", "--github"]) == 1
    out = capsys.readouterr().out
    assert "::error title=Site size::The built site is 3.0 MB, over the 2.5 MB allowed: search 3.0 MB" in out
    assert "::warning" not in out


def test_a_built_site(minimal_site):
    # the command as the workflow runs it, on a real build
    run = subprocess.run(
        [sys.executable, "tools/site_size.py", str(minimal_site), "--warn-mb", "900", "--github"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "::warning" not in run.stdout
    sizes = parts(minimal_site)
    for part in ("alert pages", "lists", "feeds", "search", "fr", "es", "ar", "ru", "theme"):
        assert sizes[part][1] > 0, part
    assert sum(files for _, files in sizes.values()) == sum(1 for p in minimal_site.rglob("*") if p.is_file())
